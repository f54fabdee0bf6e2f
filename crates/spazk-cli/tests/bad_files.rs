//! Bad files and hostile fields: exit 2 with one line naming the file (and the field), nothing
//! left behind where a good file was.

mod harness;

use harness::*;

#[test]
fn bad_files_exit_2_and_leave_nothing_behind() {
    let dir = scratch("bad-files");
    let model = fixture("mnist-784-512-10.onnx");
    // Not an ONNX model.
    let junk = path(&dir, "junk.onnx");
    std::fs::write(&junk, b"definitely not protobuf \xff\xff").unwrap();
    let out = spazk(&["commit", "--model", &junk, "--out", &path(&dir, "m.spzc")]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("junk.onnx"), "{}", stderr(&out));
    assert!(!dir.join("m.spzc").exists());
    // Missing file.
    let out = spazk(&[
        "infer",
        "--model",
        &path(&dir, "missing.onnx"),
        "--input",
        &fixture("input-0.json"),
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing.onnx"));
    // Out-of-range and malformed inputs.
    let bad_input = path(&dir, "bad-input.json");
    let mut values = vec![0.0f64; 784];
    values[10] = 2.0;
    std::fs::write(
        &bad_input,
        serde_json::json!({"input_data": [values]}).to_string(),
    )
    .unwrap();
    let out = spazk(&["infer", "--model", &model, "--input", &bad_input]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("value 10"), "{}", stderr(&out));
    std::fs::write(&bad_input, "{\"input_data\": [[0.5, 0.5]]}").unwrap();
    let out = spazk(&["infer", "--model", &model, "--input", &bad_input]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("784"), "{}", stderr(&out));
    std::fs::write(&bad_input, "{\"input_data\": [[NaN]]}").unwrap();
    assert_eq!(
        code(&spazk(&["infer", "--model", &model, "--input", &bad_input])),
        2
    );
    // A proof that fails to write keeps the old file intact.
    let keep = path(&dir, "keep.json");
    std::fs::write(&keep, "old").unwrap();
    let out = spazk(&[
        "prove",
        "--model",
        &model,
        "--input",
        &bad_input,
        "--output",
        &keep,
        "--proof",
        &path(&dir, "p.spzp"),
    ]);
    assert_eq!(code(&out), 2);
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), "old");
    assert!(!dir.join("p.spzp").exists());
    // A corrupt commitment file is a bad input (2), not a rejected proof.
    let corrupt = path(&dir, "corrupt.spzc");
    std::fs::write(&corrupt, b"SPAZKCMT").unwrap();
    let out = verify(
        &corrupt,
        &fixture("input-0.json"),
        &fixture("proof-0.output.json"),
        &fixture("proof-0.spzp"),
        &[],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("corrupt.spzc"));
    // Weights that are not ternary name the tensor and offer --ternarize.
    let float_model = path(&dir, "float.onnx");
    std::fs::write(&float_model, float_onnx()).unwrap();
    let out = spazk(&[
        "infer",
        "--model",
        &float_model,
        "--input",
        &fixture("input-0.json"),
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("'w1'") && stderr(&out).contains("--ternarize"),
        "{}",
        stderr(&out)
    );
    let out = spazk(&[
        "infer",
        "--model",
        &float_model,
        "--input",
        &fixture("input-0.json"),
        "--ternarize",
    ]);
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
        let out = verify(
            &file,
            &fixture("input-0.json"),
            &fixture("proof-0.output.json"),
            &fixture("proof-0.spzp"),
            &[],
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
    for (i, text) in inputs.iter().enumerate() {
        let file = path(&dir, &format!("input-{i}.json"));
        std::fs::write(&file, text).unwrap();
        let out = verify(
            &fixture("model.spzc"),
            &file,
            &fixture("proof-0.output.json"),
            &fixture("proof-0.spzp"),
            &[],
        );
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("input-{i}.json")),
            "{}",
            stderr(&out)
        );
    }
    let outputs = [
        nested.as_str(),
        "{\"output_data\": [[99999999999999999999]]}",
        "{\"output_data\": [[1, 2]]}",
        "{\"output_data\": []}",
    ];
    for (i, text) in outputs.iter().enumerate() {
        let file = path(&dir, &format!("output-{i}.json"));
        std::fs::write(&file, text).unwrap();
        let out = verify(
            &fixture("model.spzc"),
            &fixture("input-0.json"),
            &file,
            &fixture("proof-0.spzp"),
            &[],
        );
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("output-{i}.json")),
            "{}",
            stderr(&out)
        );
    }
}

/// A bad settings file (or calibration data file) exits 2 with one line naming the file and
/// the field, and leaves no output behind.
#[test]
fn bad_settings_files_exit_2_naming_the_file_and_the_field() {
    let dir = scratch("bad-settings");
    let model = fixture("exporters/sklearn_classifier.onnx");
    let good = path(&dir, "good.json");
    let out = spazk(&[
        "calibrate",
        "--model",
        &model,
        "--data",
        &fixture("exporters/sklearn_classifier.calib.json"),
        "--ternarize",
        "--out",
        &good,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let base: serde_json::Value = serde_json::from_slice(&std::fs::read(&good).unwrap()).unwrap();
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = base.clone();
        f(&mut v);
        v.to_string()
    };
    let cases: Vec<(&str, String, &str)> = vec![
        ("not-json", "{ nope".into(), "not a settings file"),
        (
            "unknown-field",
            edit(&|v| v["shitfs"] = serde_json::json!(1)),
            "unknown field `shitfs`",
        ),
        (
            "missing-field",
            edit(&|v| {
                v.as_object_mut().unwrap().remove("input_scale");
            }),
            "missing field `input_scale`",
        ),
        (
            "version",
            edit(&|v| v["version"] = serde_json::json!(2)),
            "version is 2",
        ),
        (
            "format",
            edit(&|v| v["format"] = serde_json::json!("ezkl")),
            "format is \"ezkl\"",
        ),
        (
            "scale",
            edit(&|v| v["input_scale"] = serde_json::json!(-1.0)),
            "input_scale = -1",
        ),
        (
            "shift-zero",
            edit(&|v| v["shifts"][0]["shift"] = serde_json::json!(0)),
            "shifts[0].shift = 0",
        ),
        (
            "shift-type",
            edit(&|v| v["shifts"][0]["shift"] = serde_json::json!("four")),
            "invalid type",
        ),
        (
            "factor",
            edit(&|v| v["ternarize"][0]["factor"] = serde_json::json!(-0.5)),
            "ternarize[0].factor = -0.5",
        ),
        (
            "another-model",
            edit(&|v| v["ternarize"][0]["threshold"] = serde_json::json!(0.5)),
            "ternarize[0].threshold = 0.5",
        ),
        (
            "bits",
            edit(&|v| v["shifts"][0]["input_bits"] = serde_json::json!(9)),
            "shifts[0].input_bits = 9",
        ),
        (
            "tensor",
            edit(&|v| v["ternarize"][0]["tensor"] = serde_json::json!("w9")),
            "no weight tensor named 'w9'",
        ),
        (
            "two-shifts",
            edit(&|v| {
                let first = v["shifts"][0].clone();
                let mut second = first.clone();
                second["layer"] = serde_json::json!(1);
                v["shifts"] = serde_json::json!([first, second]);
            }),
            "2 shifts given for 1 hidden layers",
        ),
    ];
    for (name, text, needle) in cases {
        let file = path(&dir, &format!("{name}.json"));
        std::fs::write(&file, text).unwrap();
        let target = path(&dir, &format!("{name}.spzc"));
        let out = spazk(&[
            "commit",
            "--model",
            &model,
            "--settings",
            &file,
            "--out",
            &target,
        ]);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{name}: {err}");
        assert!(err.contains(&file) && err.contains(needle), "{name}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
        assert!(!dir.join(format!("{name}.spzc")).exists(), "{name}");
    }
    // A missing settings file, and --settings with --ternarize.
    let out = spazk(&[
        "infer",
        "--model",
        &model,
        "--settings",
        &path(&dir, "absent.json"),
        "--input",
        &fixture("input-0.json"),
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("absent.json: cannot read settings"));
    let out = spazk(&[
        "commit",
        "--model",
        &model,
        "--settings",
        &good,
        "--ternarize",
        "--out",
        &path(&dir, "x"),
    ]);
    assert_eq!(code(&out), 2);
    // Calibration data out of range, or of the wrong width: named with the data file.
    let data = path(&dir, "data.json");
    std::fs::write(&data, r#"{"input_data": [[0.5, 1.0]]}"#).unwrap();
    let out = spazk(&[
        "calibrate",
        "--model",
        &model,
        "--data",
        &data,
        "--ternarize",
        "--out",
        &path(&dir, "s.json"),
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("data.json: input 0 has 2 values, the model takes 64"),
        "{}",
        stderr(&out)
    );
    std::fs::write(
        &data,
        serde_json::json!({"input_data": [vec![0.5; 64], vec![-1.0; 64]]}).to_string(),
    )
    .unwrap();
    let out = spazk(&[
        "calibrate",
        "--model",
        &model,
        "--data",
        &data,
        "--ternarize",
        "--input-scale",
        "0.00392156862745098",
        "--out",
        &path(&dir, "s.json"),
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("data.json: sample 1"),
        "{}",
        stderr(&out)
    );
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
