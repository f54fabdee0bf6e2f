//! Bad files and hostile fields: exit 2 with one line naming the file (and the field), nothing
//! left behind where a good file was.

mod harness;

use harness::*;
use std::process::Output;

/// `spazk verify` of the golden proof (`fixtures/proof-0.spzp`) with these files.
fn verify_golden(commitment: &str, input: &str, output: &str) -> Output {
    verify(commitment, input, output, &fixture("proof-0.spzp"), &[])
}

#[test]
fn bad_files_exit_2_and_leave_nothing_behind() {
    let dir = scratch("bad-files");
    let model = fixture(MNIST);
    // Not an ONNX model.
    let junk = path(&dir, "junk.onnx");
    std::fs::write(&junk, b"definitely not protobuf \xff\xff").unwrap();
    assert_exit(&commit(&junk, &path(&dir, "m.spzc"), &[]), 2, "junk.onnx");
    assert!(!dir.join("m.spzc").exists());
    // Missing file.
    let out = infer(&path(&dir, "missing.onnx"), &fixture("input-0.json"), &[]);
    assert_exit(&out, 2, "missing.onnx");
    // Out-of-range and malformed inputs.
    let bad_input = path(&dir, "bad-input.json");
    let mut values = vec![0.0f64; 784];
    values[10] = 2.0;
    std::fs::write(
        &bad_input,
        serde_json::json!({"input_data": [values]}).to_string(),
    )
    .unwrap();
    assert_exit(&infer(&model, &bad_input, &[]), 2, "value 10");
    std::fs::write(&bad_input, "{\"input_data\": [[0.5, 0.5]]}").unwrap();
    assert_exit(&infer(&model, &bad_input, &[]), 2, "784");
    std::fs::write(&bad_input, "{\"input_data\": [[NaN]]}").unwrap();
    assert_eq!(code(&infer(&model, &bad_input, &[])), 2);
    // A proof that fails to write keeps the old file intact.
    let keep = path(&dir, "keep.json");
    std::fs::write(&keep, "old").unwrap();
    let out = prove(&model, &bad_input, &keep, &path(&dir, "p.spzp"), &[]);
    assert_eq!(code(&out), 2);
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), "old");
    assert!(!dir.join("p.spzp").exists());
    // A corrupt commitment file is a bad input (2), not a rejected proof.
    let corrupt = path(&dir, "corrupt.spzc");
    std::fs::write(&corrupt, b"SPAZKCMT").unwrap();
    let out = verify_golden(
        &corrupt,
        &fixture("input-0.json"),
        &fixture("proof-0.output.json"),
    );
    assert_exit(&out, 2, "corrupt.spzc");
    // Weights that are not ternary name the tensor and offer --ternarize.
    let float_model = path(&dir, "float.onnx");
    std::fs::write(&float_model, float_onnx()).unwrap();
    let out = infer(&float_model, &fixture("input-0.json"), &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("'w1'") && stderr(&out).contains("--ternarize"),
        "{}",
        stderr(&out)
    );
    let out = infer(&float_model, &fixture("input-0.json"), &["--ternarize"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn hostile_commitment_fields_exit_2_naming_the_field_and_the_file() {
    let dir = scratch("hostile-commitment");
    let golden = std::fs::read(fixture("model.spzc")).unwrap();
    // Offsets of the format (spazk-mlp commitment.rs): magic 8, version 4, input width 4, scales
    // 2 × 8, layer count 4; layer 0: rows 4, columns 4, weight kind 1, activation flag 1, then
    // input_bits (46), shift (50), limb_bits (54).
    assert_eq!(&golden[..8], b"SPAZKCMT");
    assert_eq!(
        golden[45], 1,
        "the first layer of the shipped model activates"
    );
    for (offset, value, field) in [
        (54, 0u32, "limb_bits"),
        (54, 4096, "limb_bits"),
        (50, 0, "shift"),
        (46, 0, "input_bits"),
        (36, 0, "rows"),
    ] {
        let mut hostile = golden.clone();
        hostile[offset..offset + 4].copy_from_slice(&value.to_le_bytes());
        let file = path(&dir, "hostile.spzc");
        std::fs::write(&file, &hostile).unwrap();
        let out = verify_golden(
            &file,
            &fixture("input-0.json"),
            &fixture("proof-0.output.json"),
        );
        let message = stderr(&out);
        assert_eq!(code(&out), 2, "{field} = {value}: {message}");
        assert!(
            message.contains(field) && message.contains("hostile.spzc"),
            "{message}"
        );
        assert_eq!(message.trim().lines().count(), 1, "{message}");
        assert!(!message.contains("panicked"), "{message}");
    }
}

#[test]
fn hostile_input_and_output_files_exit_2_naming_the_file() {
    let dir = scratch("hostile-json");
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge = format!("{{\"input_data\": [[{}]]}}", vec!["1e400"; 784].join(","));
    let inputs = [
        nested.as_str(),
        huge.as_str(),
        "{\"input_data\": []}",
        "{\"input_data\": [[-0.5]]}",
        "\u{0}\u{ff}",
    ];
    let outputs = [
        nested.as_str(),
        "{\"output_data\": [[99999999999999999999]]}",
        "{\"output_data\": [[1, 2]]}",
        "{\"output_data\": []}",
    ];
    for (kind, texts) in [("input", &inputs[..]), ("output", &outputs[..])] {
        for (i, text) in texts.iter().enumerate() {
            let name = format!("{kind}-{i}.json");
            let file = path(&dir, &name);
            std::fs::write(&file, text).unwrap();
            let (input, output) = match kind {
                "input" => (file, fixture("proof-0.output.json")),
                _ => (fixture("input-0.json"), file),
            };
            assert_exit(
                &verify_golden(&fixture("model.spzc"), &input, &output),
                2,
                &name,
            );
        }
    }
}

/// `base` with the field at `at` (keys and array indices joined by `.`) set to `value`, as
/// `base[key][index]… = value` sets it.
fn with_field(base: &serde_json::Value, at: &str, value: serde_json::Value) -> String {
    let mut edited = base.clone();
    let mut field = &mut edited;
    for key in at.split('.') {
        field = match key.parse::<usize>() {
            Ok(index) => &mut field[index],
            Err(_) => &mut field[key],
        };
    }
    *field = value;
    edited.to_string()
}

/// Settings files with one field set, as `name | field = JSON value | what the message says`.
const FIELD_EDITS: [&str; 10] = [
    "unknown-field | shitfs = 1 | unknown field `shitfs`",
    "version | version = 2 | version is 2",
    "format | format = \"ezkl\" | format is \"ezkl\"",
    "scale | input_scale = -1.0 | input_scale = -1",
    "shift-zero | shifts.0.shift = 0 | shifts[0].shift = 0",
    "shift-type | shifts.0.shift = \"four\" | invalid type",
    "factor | ternarize.0.factor = -0.5 | ternarize[0].factor = -0.5",
    "another-model | ternarize.0.threshold = 0.5 | ternarize[0].threshold = 0.5",
    "bits | shifts.0.input_bits = 9 | shifts[0].input_bits = 9",
    "tensor | ternarize.0.tensor = \"w9\" | no weight tensor named 'w9'",
];

/// A bad settings file (or calibration data file) exits 2 with one line naming the file and
/// the field, and leaves no output behind.
#[test]
fn bad_settings_files_exit_2_naming_the_file_and_the_field() {
    let dir = scratch("bad-settings");
    let model = fixture(SKLEARN);
    let good = path(&dir, "good.json");
    let out = calibrate_sklearn(&good);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let base = read_json(&good);
    let mut cases: Vec<(&str, String, &str)> =
        vec![("not-json", "{ nope".into(), "not a settings file")];
    for edit in FIELD_EDITS {
        let [name, assignment, needle] = edit.split(" | ").collect::<Vec<_>>()[..] else {
            panic!("{edit}");
        };
        let (at, value) = assignment.split_once(" = ").unwrap();
        cases.push((
            name,
            with_field(&base, at, serde_json::from_str(value).unwrap()),
            needle,
        ));
    }
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("input_scale");
    cases.push((
        "missing-field",
        missing.to_string(),
        "missing field `input_scale`",
    ));
    // Two copies of the one shift, for layers 0 and 1.
    let mut second = base["shifts"][0].clone();
    second["layer"] = serde_json::json!(1);
    let two = serde_json::json!([base["shifts"][0], second]);
    let two_shifts = "2 shifts given for 1 hidden layers";
    cases.push(("two-shifts", with_field(&base, "shifts", two), two_shifts));
    for (name, text, needle) in cases {
        let file = path(&dir, &format!("{name}.json"));
        std::fs::write(&file, text).unwrap();
        let out = commit(
            &model,
            &path(&dir, &format!("{name}.spzc")),
            &["--settings", &file],
        );
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{name}: {err}");
        assert!(err.contains(&file) && err.contains(needle), "{name}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
        assert!(!dir.join(format!("{name}.spzc")).exists(), "{name}");
    }
    // A missing settings file, and --settings with --ternarize.
    let absent = path(&dir, "absent.json");
    let out = infer(&model, &fixture("input-0.json"), &["--settings", &absent]);
    assert_exit(&out, 2, "absent.json: cannot read settings");
    let out = commit(
        &model,
        &path(&dir, "x"),
        &["--settings", &good, "--ternarize"],
    );
    assert_eq!(code(&out), 2);
    // Calibration data out of range, or of the wrong width: named with the data file.
    let data = path(&dir, "data.json");
    let settings = path(&dir, "s.json");
    std::fs::write(&data, r#"{"input_data": [[0.5, 1.0]]}"#).unwrap();
    let out = calibrate(&model, &data, &settings, &["--ternarize"]);
    assert_exit(
        &out,
        2,
        "data.json: input 0 has 2 values, the model takes 64",
    );
    std::fs::write(
        &data,
        serde_json::json!({"input_data": [vec![0.5; 64], vec![-1.0; 64]]}).to_string(),
    )
    .unwrap();
    let scale = ["--ternarize", "--input-scale", "0.00392156862745098"];
    let out = calibrate(&model, &data, &settings, &scale);
    assert_exit(&out, 2, "data.json: sample 1");
    assert!(!dir.join("s.json").exists());
}

/// A tiny 784-4-10 ONNX model with float weights (not ternary), encoded by hand: protobuf
/// fields as in onnx.proto.
fn float_onnx() -> Vec<u8> {
    fn varint(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
    fn field(tag: u32, payload: &[u8], out: &mut Vec<u8>) {
        varint(((tag as u64) << 3) | 2, out);
        varint(payload.len() as u64, out);
        out.extend_from_slice(payload);
    }
    fn string(tag: u32, s: &str, out: &mut Vec<u8>) {
        field(tag, s.as_bytes(), out);
    }
    fn tensor(name: &str, dims: &[u64], seed: u32) -> Vec<u8> {
        let mut t = Vec::new();
        for d in dims {
            varint(1 << 3, &mut t);
            varint(*d, &mut t);
        }
        varint(2 << 3, &mut t);
        varint(1, &mut t); // FLOAT
        string(8, name, &mut t);
        let count: u64 = dims.iter().product();
        let raw: Vec<u8> = (0..count)
            .flat_map(|i| {
                (((i as u32).wrapping_mul(2654435761) ^ seed) as f32 / u32::MAX as f32 - 0.5)
                    .to_le_bytes()
            })
            .collect();
        field(9, &raw, &mut t);
        t
    }
    fn node(op: &str, inputs: &[&str], output: &str, trans_b: bool) -> Vec<u8> {
        let mut n = Vec::new();
        for i in inputs {
            string(1, i, &mut n);
        }
        string(2, output, &mut n);
        string(3, output, &mut n);
        string(4, op, &mut n);
        if trans_b {
            let mut a = Vec::new();
            string(1, "transB", &mut a);
            varint(3 << 3, &mut a);
            varint(1, &mut a);
            field(5, &a, &mut n);
        }
        n
    }
    let mut graph = Vec::new();
    field(1, &node("Gemm", &["x", "w1", "b1"], "h", true), &mut graph);
    field(1, &node("Relu", &["h"], "a", false), &mut graph);
    field(1, &node("Gemm", &["a", "w2", "b2"], "y", true), &mut graph);
    string(2, "g", &mut graph);
    field(5, &tensor("w1", &[4, 784], 1), &mut graph);
    field(5, &tensor("b1", &[4], 2), &mut graph);
    field(5, &tensor("w2", &[10, 4], 3), &mut graph);
    field(5, &tensor("b2", &[10], 4), &mut graph);
    let mut input = Vec::new();
    string(1, "x", &mut input);
    field(11, &input, &mut graph);
    let mut output = Vec::new();
    string(1, "y", &mut output);
    field(12, &output, &mut graph);
    let mut model = Vec::new();
    varint(1 << 3, &mut model);
    varint(8, &mut model);
    field(7, &graph, &mut model);
    model
}
