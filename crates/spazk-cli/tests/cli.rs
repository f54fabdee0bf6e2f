//! The `spazk` binary as a user runs it: exit codes, JSON rows, the demo.

use std::process::Command;

fn spazk(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_spazk"))
        .args(args)
        .output()
        .expect("spazk runs")
}

#[test]
fn bench_matvec_prints_one_json_row_per_protocol() {
    let out = spazk(&[
        "bench",
        "matvec",
        "--log-size",
        "6",
        "--density",
        "0.25",
        "--samples",
        "1",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["protocol"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["dense", "sparse", "ternary", "gkr"]);
    for row in &rows {
        assert_eq!(row["verified"], true);
        assert_eq!(row["log_size"], 6);
        assert_eq!(row["committed"], false);
        assert!(row["threads"].as_u64().unwrap() >= 1);
        assert!(row["nnz"].as_u64().unwrap() > 0);
        for key in ["prove_ms", "verify_ms", "peak_rss_mib"] {
            assert!(row[key].as_f64().unwrap() >= 0.0, "{key}");
        }
    }
    // The three SpaZK kinds prove the same statement with the same proof; GKR reports its layers.
    assert!(rows[..3]
        .iter()
        .all(|r| r["proof_bytes"] == rows[0]["proof_bytes"]));
    assert!(rows[3]["witness_ms"].as_f64().is_some() && rows[3]["layers"].as_array().is_some());
}

#[test]
fn protocols_select_rows_and_threads_are_reported() {
    let out = spazk(&[
        "bench",
        "matvec",
        "--log-size",
        "5",
        "--density",
        "1/16",
        "--protocols",
        "ternary",
        "--threads",
        "1",
        "--samples",
        "1",
        "--json",
    ]);
    assert!(out.status.success());
    let row: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row["protocol"], "ternary");
    assert_eq!(row["threads"], 1);
    assert_eq!(row["density"], 0.0625);
}

#[test]
fn bad_usage_exits_2_with_a_message() {
    for args in [
        &["bench", "matvec", "--log-size", "6", "--density", "0"][..],
        &["bench", "matvec", "--log-size", "6", "--density", "2"],
        &[
            "bench",
            "matvec",
            "--log-size",
            "6",
            "--density",
            "0.5",
            "--protocols",
            "quantum",
        ],
        &["bench", "matvec", "--log-size", "0", "--density", "0.5"],
        &["bench", "hyrax", "--num-vars", "1", "--density", "0.5"],
        &["frobnicate"],
    ] {
        let out = spazk(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn demo_proves_and_verifies() {
    let out = spazk(&["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("test accuracy       94.9%"), "{stdout}");
    assert!(stdout.contains("predicted [7, 2, 1, 0]"), "{stdout}");
    assert!(stdout.contains("NOT zero-knowledge"));
}

#[test]
fn bench_hyrax_prints_every_op_with_baselines() {
    for values in ["ternary", "u16"] {
        let out = spazk(&[
            "bench",
            "hyrax",
            "--num-vars",
            "10",
            "--density",
            "1/4",
            "--values",
            values,
            "--samples",
            "1",
            "--json",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let ops: Vec<&str> = rows.iter().map(|r| r["op"].as_str().unwrap()).collect();
        assert_eq!(
            ops,
            [
                "commit",
                "baseline_commit",
                "open",
                "verify",
                "baseline_verify"
            ]
        );
        assert!(rows
            .iter()
            .all(|r| r["values"] == values && r["num_vars"] == 10));
        assert!(rows[3]["proof_bytes"].as_u64().unwrap() > 0);
    }
}

#[test]
fn committed_matvec_rows() {
    let out = spazk(&[
        "bench",
        "matvec",
        "--log-size",
        "6",
        "--density",
        "0.25",
        "--samples",
        "1",
        "--committed",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4);
    for row in &rows[..3] {
        assert_eq!(row["committed"], true);
        assert_eq!(row["verified"], true);
    }
    assert!(rows[3]["skipped"].as_str().unwrap().contains("GKR"));
}

/// The shipped fixtures, by path from this crate.
fn fixture(name: &str) -> String {
    format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("spazk-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path(dir: &std::path::Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

fn code(out: &std::process::Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn verify(
    commitment: &str,
    input: &str,
    output: &str,
    proof: &str,
    extra: &[&str],
) -> std::process::Output {
    let mut args = vec![
        "verify",
        "--commitment",
        commitment,
        "--input",
        input,
        "--output",
        output,
        "--proof",
        proof,
    ];
    args.extend_from_slice(extra);
    spazk(&args)
}

#[test]
fn golden_proof_still_verifies_and_proving_is_reproducible() {
    let digest = std::fs::read_to_string(fixture("model.digest")).unwrap();
    let out = verify(
        &fixture("model.spzc"),
        &fixture("input-0.json"),
        &fixture("proof-0.output.json"),
        &fixture("proof-0.spzp"),
        &["--expect-digest", digest.trim()],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let dir = scratch("golden");
    let commit = spazk(&[
        "commit",
        "--model",
        &fixture("mnist-784-512-10.onnx"),
        "--out",
        &path(&dir, "m.spzc"),
    ]);
    assert_eq!(code(&commit), 0, "{}", stderr(&commit));
    assert_eq!(
        String::from_utf8_lossy(&commit.stdout).trim(),
        digest.trim()
    );
    assert_eq!(
        std::fs::read(dir.join("m.spzc")).unwrap(),
        std::fs::read(fixture("model.spzc")).unwrap()
    );
    let prove = spazk(&[
        "prove",
        "--model",
        &fixture("mnist-784-512-10.onnx"),
        "--input",
        &fixture("input-0.json"),
        "--output",
        &path(&dir, "out.json"),
        "--proof",
        &path(&dir, "p.spzp"),
    ]);
    assert_eq!(code(&prove), 0, "{}", stderr(&prove));
    assert_eq!(
        std::fs::read(dir.join("p.spzp")).unwrap(),
        std::fs::read(fixture("proof-0.spzp")).unwrap(),
        "the proof format or the prover changed: rerun scripts/make_golden_proof.sh deliberately"
    );
}

#[test]
fn prove_writes_the_expected_outputs_and_infer_agrees() {
    let dir = scratch("outputs");
    for k in 0..4 {
        let input = fixture(&format!("input-{k}.json"));
        let prove = spazk(&[
            "prove",
            "--model",
            &fixture("mnist-784-512-10.onnx"),
            "--input",
            &input,
            "--output",
            &path(&dir, "out.json"),
            "--proof",
            &path(&dir, "p.spzp"),
            "--json",
        ]);
        assert_eq!(code(&prove), 0, "{}", stderr(&prove));
        let summary: serde_json::Value = serde_json::from_slice(&prove.stdout).unwrap();
        assert!(summary["phases_ms"]["linear"].as_f64().unwrap() >= 0.0);
        let written: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("out.json")).unwrap()).unwrap();
        let expected: serde_json::Value =
            serde_json::from_slice(&std::fs::read(fixture(&format!("output-{k}.json"))).unwrap())
                .unwrap();
        assert_eq!(written["output_data"], expected["output_data"]);
        let infer = spazk(&[
            "infer",
            "--model",
            &fixture("mnist-784-512-10.onnx"),
            "--input",
            &input,
        ]);
        assert_eq!(code(&infer), 0, "{}", stderr(&infer));
        let inferred: serde_json::Value = serde_json::from_slice(&infer.stdout).unwrap();
        assert_eq!(inferred["output_data"], expected["output_data"]);
    }
}

#[test]
fn attacks_on_the_cli_exit_1_with_a_message() {
    let dir = scratch("attacks");
    let model = fixture("mnist-784-512-10.onnx");
    let input = fixture("input-batch4.json");
    let (commitment, output, proof) = (
        path(&dir, "m.spzc"),
        path(&dir, "out.json"),
        path(&dir, "p.spzp"),
    );
    assert_eq!(
        code(&spazk(&["commit", "--model", &model, "--out", &commitment])),
        0
    );
    let prove = spazk(&[
        "prove", "--model", &model, "--input", &input, "--output", &output, "--proof", &proof,
    ]);
    assert_eq!(code(&prove), 0, "{}", stderr(&prove));
    assert_eq!(code(&verify(&commitment, &input, &output, &proof, &[])), 0);

    // Changed output.
    let mut outputs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&output).unwrap()).unwrap();
    outputs["output_data"][2][3] =
        serde_json::json!(outputs["output_data"][2][3].as_i64().unwrap() + 1);
    let changed_output = path(&dir, "changed-out.json");
    std::fs::write(&changed_output, outputs.to_string()).unwrap();
    let out = verify(&commitment, &input, &changed_output, &proof, &[]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("proof rejected"), "{}", stderr(&out));

    // Changed input (one pixel of the third digit).
    let mut inputs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&input).unwrap()).unwrap();
    inputs["input_data"][2][300] = serde_json::json!(0.5);
    let changed_input = path(&dir, "changed-in.json");
    std::fs::write(&changed_input, inputs.to_string()).unwrap();
    assert_eq!(
        code(&verify(&commitment, &changed_input, &output, &proof, &[])),
        1
    );

    // Another model's commitment (same weights, another input scale: other biases).
    let other = path(&dir, "other.spzc");
    assert_eq!(
        code(&spazk(&[
            "commit",
            "--model",
            &model,
            "--out",
            &other,
            "--input-scale",
            "0.004"
        ])),
        0
    );
    assert_eq!(code(&verify(&other, &input, &output, &proof, &[])), 1);

    // A digest that is not the one expected.
    let out = verify(
        &commitment,
        &input,
        &output,
        &proof,
        &["--expect-digest", "00ff"],
    );
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("not the expected"),
        "{}",
        stderr(&out)
    );

    // Swapped layer proofs: another proof for other inputs.
    let single_proof = path(&dir, "single.spzp");
    let prove = spazk(&[
        "prove",
        "--model",
        &model,
        "--input",
        &fixture("input-0.json"),
        "--output",
        &path(&dir, "single.json"),
        "--proof",
        &single_proof,
    ]);
    assert_eq!(code(&prove), 0);
    assert_eq!(
        code(&verify(&commitment, &input, &output, &single_proof, &[])),
        1
    );

    // Truncated and mutated proof bytes.
    let bytes = std::fs::read(&proof).unwrap();
    let truncated = path(&dir, "truncated.spzp");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let out = verify(&commitment, &input, &output, &truncated, &[]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("truncated.spzp"), "{}", stderr(&out));
    // An oversized proof file is refused before it is read (a sparse file: no disk is used).
    let oversized = path(&dir, "oversized.spzp");
    std::fs::File::create(&oversized)
        .unwrap()
        .set_len((1 << 28) + 1)
        .unwrap();
    let out = verify(&commitment, &input, &output, &oversized, &[]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("more than"), "{}", stderr(&out));
    std::fs::remove_file(&oversized).unwrap();
    let mut mutated = bytes.clone();
    mutated[bytes.len() / 3] ^= 0x40;
    let mutated_path = path(&dir, "mutated.spzp");
    std::fs::write(&mutated_path, &mutated).unwrap();
    assert_eq!(
        code(&verify(&commitment, &input, &output, &mutated_path, &[])),
        1
    );
}

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

/// The unmodified skl2onnx export (fixtures/exporters, scripts/make_exporter_fixtures.py): its
/// `Cast` skipped, its post-processing cut and named on stderr, floats ternarized and reported.
#[test]
fn skl2onnx_export_commits_proves_and_verifies_with_ternarize() {
    let dir = scratch("skl2onnx");
    let model = fixture("exporters/sklearn_classifier.onnx");
    let recorded: serde_json::Value = serde_json::from_slice(
        &std::fs::read(fixture("exporters/sklearn_classifier.json")).unwrap(),
    )
    .unwrap();
    let input = path(&dir, "input.json");
    std::fs::write(
        &input,
        serde_json::json!({"input_data": recorded["inputs"]}).to_string(),
    )
    .unwrap();
    let (commitment, output, proof) = (
        path(&dir, "m.spzc"),
        path(&dir, "out.json"),
        path(&dir, "p.spzp"),
    );
    let commit = spazk(&[
        "commit",
        "--model",
        &model,
        "--ternarize",
        "--out",
        &commitment,
    ]);
    assert_eq!(code(&commit), 0, "{}", stderr(&commit));
    let told = stderr(&commit);
    assert!(
        told.contains(
            "cut after the last layer: Softmax 'Relu1', ArgMax 'ArgMax', ZipMap 'ZipMap'"
        ) && told.contains("apply argmax/softmax to the public logits"),
        "{told}"
    );
    assert!(
        told.contains("ternarized 'coefficient': threshold") && told.contains("kept"),
        "{told}"
    );
    let prove = spazk(&[
        "prove",
        "--model",
        &model,
        "--ternarize",
        "--input",
        &input,
        "--output",
        &output,
        "--proof",
        &proof,
    ]);
    assert_eq!(code(&prove), 0, "{}", stderr(&prove));
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&output).unwrap()).unwrap();
    assert_eq!(written["output_data"], recorded["integer_logits"]);
    let out = verify(&commitment, &input, &output, &proof, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    // Every weight thresholded away: refused, naming the tensor.
    let out = spazk(&[
        "commit",
        "--model",
        &model,
        "--ternarize",
        "1e9",
        "--out",
        &path(&dir, "zero.spzc"),
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("all weights of tensor 'coefficient' are zero after ternarization"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("zero.spzc").exists());
}

/// `output_float` is not covered by the proof, so `verify` recomputes it; and outputs proved on
/// another model say so.
#[test]
fn verify_checks_output_float_and_names_another_models_proof() {
    let dir = scratch("output-float");
    let model = fixture("mnist-784-512-10.onnx");
    let input = fixture("input-0.json");
    let (commitment, output, proof) = (
        path(&dir, "m.spzc"),
        path(&dir, "out.json"),
        path(&dir, "p.spzp"),
    );
    assert_eq!(
        code(&spazk(&["commit", "--model", &model, "--out", &commitment])),
        0
    );
    let prove = spazk(&[
        "prove", "--model", &model, "--input", &input, "--output", &output, "--proof", &proof,
    ]);
    assert_eq!(code(&prove), 0, "{}", stderr(&prove));
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&output).unwrap()).unwrap();
    let digest = std::fs::read_to_string(fixture("model.digest")).unwrap();
    assert_eq!(written["model_digest"], digest.trim());
    assert_eq!(code(&verify(&commitment, &input, &output, &proof, &[])), 0);

    // Zeroed floats: exit 2, naming the file and the field.
    let mut zeroed = written.clone();
    zeroed["output_float"] = serde_json::json!([vec![0.0; 10]]);
    let zeroed_path = path(&dir, "zeroed.json");
    std::fs::write(&zeroed_path, zeroed.to_string()).unwrap();
    let out = verify(&commitment, &input, &zeroed_path, &proof, &[]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("zeroed.json: output_float [0][0]"),
        "{}",
        stderr(&out)
    );
    // Without output_float the logits alone verify.
    let mut bare = written.clone();
    bare.as_object_mut().unwrap().remove("output_float");
    let bare_path = path(&dir, "bare.json");
    std::fs::write(&bare_path, bare.to_string()).unwrap();
    assert_eq!(
        code(&verify(&commitment, &input, &bare_path, &proof, &[])),
        0
    );

    // A commitment of another model (another input scale): the message names both digests.
    let other = path(&dir, "other.spzc");
    let commit = spazk(&[
        "commit",
        "--model",
        &model,
        "--out",
        &other,
        "--input-scale",
        "0.004",
    ]);
    assert_eq!(code(&commit), 0);
    let other_digest = String::from_utf8_lossy(&commit.stdout).trim().to_string();
    let out = verify(&other, &input, &output, &proof, &[]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains(&format!("proof is for model {}", digest.trim()))
            && stderr(&out).contains(&format!("commitment is {other_digest}")),
        "{}",
        stderr(&out)
    );
}

/// The PyTorch (both exporters) and tf2onnx graph shapes go through commit, prove and verify.
#[test]
fn pytorch_and_tf2onnx_shapes_prove_and_verify() {
    let dir = scratch("exporters");
    for (name, ternarize) in [
        ("torch_script", None),
        ("torch_dynamo", None),
        ("tf2onnx_keras", Some("0.7")),
        ("gemm_alpha_beta", None),
    ] {
        let model = fixture(&format!("exporters/{name}.onnx"));
        let recorded: serde_json::Value = serde_json::from_slice(
            &std::fs::read(fixture(&format!("exporters/{name}.json"))).unwrap(),
        )
        .unwrap();
        let input = path(&dir, &format!("{name}-input.json"));
        std::fs::write(
            &input,
            serde_json::json!({"input_data": recorded["inputs"]}).to_string(),
        )
        .unwrap();
        let (commitment, output, proof) = (
            path(&dir, &format!("{name}.spzc")),
            path(&dir, &format!("{name}-out.json")),
            path(&dir, &format!("{name}.spzp")),
        );
        let mut model_args = vec!["--model", model.as_str()];
        if let Some(factor) = ternarize {
            model_args.extend(["--ternarize", factor]);
        }
        let mut commit = vec!["commit", "--out", &commitment];
        commit.extend(&model_args);
        assert_eq!(code(&spazk(&commit)), 0, "{name}");
        let mut prove = vec![
            "prove", "--input", &input, "--output", &output, "--proof", &proof,
        ];
        prove.extend(&model_args);
        let out = spazk(&prove);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        let written: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&output).unwrap()).unwrap();
        assert_eq!(written["output_data"], recorded["integer_logits"], "{name}");
        let out = verify(&commitment, &input, &output, &proof, &[]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
    }
    // Unsupported operators: exit 2, all of them in one line naming the file.
    let model = fixture("exporters/unsupported_ops.onnx");
    let out = spazk(&["commit", "--model", &model, "--out", &path(&dir, "u.spzc")]);
    assert_eq!(code(&out), 2);
    let message = stderr(&out);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("unsupported_ops.onnx: unsupported operators: 'Tanh' (nodes 'tanh_1', 'tanh_3'), 'LeakyRelu' (node 'leaky_2')"),
        "{message}"
    );
}

fn argmax<T: PartialOrd + Copy>(v: &[T]) -> usize {
    (1..v.len()).fold(0, |best, i| if v[i] > v[best] { i } else { best })
}

/// `calibrate` → `commit` → `prove` → `verify` with `--settings` on the unmodified skl2onnx
/// digits classifier: the proved logits agree with onnxruntime's argmax on the held-out digits
/// (fixtures/exporters/sklearn_classifier.heldout.json) on ≥ 99 % of them; without settings the
/// CLI warns that the shift is a worst-case one and points at `calibrate`.
#[test]
fn calibrate_then_commit_prove_verify_with_settings() {
    let dir = scratch("calibrate");
    let model = fixture("exporters/sklearn_classifier.onnx");
    let settings = path(&dir, "settings.json");
    let out = spazk(&[
        "calibrate",
        "--model",
        &model,
        "--data",
        &fixture("exporters/sklearn_classifier.calib.json"),
        "--ternarize",
        "--out",
        &settings,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let told = stderr(&out);
    assert!(
        told.contains("layer 0 shift  1: argmax agreement") && told.contains("<- chosen"),
        "{told}"
    );
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&settings).unwrap()).unwrap();
    assert_eq!(written["format"], "spazk-settings");
    assert_eq!(written["version"], 1);
    assert_eq!(written["ternarize"][0]["tensor"], "coefficient");
    assert_eq!(written["ternarize"][0]["factor"], 0.7);
    let shift = written["shifts"][0]["shift"].as_u64().unwrap();
    assert!(
        written["calibration"]["candidates"]
            .as_array()
            .unwrap()
            .len()
            > 1
    );

    let held: serde_json::Value = serde_json::from_slice(
        &std::fs::read(fixture("exporters/sklearn_classifier.heldout.json")).unwrap(),
    )
    .unwrap();
    let input = path(&dir, "held.json");
    std::fs::write(
        &input,
        serde_json::json!({"input_data": held["input_data"]}).to_string(),
    )
    .unwrap();
    let (commitment, output, proof) = (
        path(&dir, "m.spzc"),
        path(&dir, "out.json"),
        path(&dir, "p.spzp"),
    );
    let commit = spazk(&[
        "commit",
        "--model",
        &model,
        "--settings",
        &settings,
        "--out",
        &commitment,
        "--json",
    ]);
    assert_eq!(code(&commit), 0, "{}", stderr(&commit));
    assert!(
        !stderr(&commit).contains("worst-case"),
        "{}",
        stderr(&commit)
    );
    // The commitment records the settings file's digest; the model digest covers it.
    let committed: serde_json::Value = serde_json::from_slice(&commit.stdout).unwrap();
    let settings_digest = committed["settings_digest"].as_str().unwrap().to_string();
    assert_eq!(settings_digest.len(), 64);
    let bytes = std::fs::read(&commitment).unwrap();
    let hex: String = bytes[bytes.len() - 32..]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!((bytes[bytes.len() - 33], hex), (1, settings_digest.clone()));
    let prove = spazk(&[
        "prove",
        "--model",
        &model,
        "--settings",
        &settings,
        "--input",
        &input,
        "--output",
        &output,
        "--proof",
        &proof,
    ]);
    assert_eq!(code(&prove), 0, "{}", stderr(&prove));
    let out = verify(&commitment, &input, &output, &proof, &["--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let verified: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verified["settings_digest"], settings_digest.as_str());
    let proved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&output).unwrap()).unwrap();
    let logits = proved["output_data"].as_array().unwrap();
    let float = held["float_logits"].as_array().unwrap();
    assert_eq!(logits.len(), 297);
    let agree = logits
        .iter()
        .zip(float)
        .filter(|(q, f)| {
            let q: Vec<i64> = q
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_i64().unwrap())
                .collect();
            let f: Vec<f64> = f
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            argmax(&q) == argmax(&f)
        })
        .count();
    assert!(agree * 100 >= 99 * 297, "{agree} of 297 agree");

    // infer with the settings gives the proved logits; the commitment holds the chosen shift.
    let inferred = spazk(&[
        "infer",
        "--model",
        &model,
        "--settings",
        &settings,
        "--input",
        &input,
    ]);
    assert_eq!(code(&inferred), 0, "{}", stderr(&inferred));
    let inferred: serde_json::Value = serde_json::from_slice(&inferred.stdout).unwrap();
    assert_eq!(inferred["output_data"], proved["output_data"]);
    let _ = shift;

    // Without settings or metadata: a warning naming calibrate.
    let plain = spazk(&["infer", "--model", &model, "--ternarize", "--input", &input]);
    assert_eq!(code(&plain), 0, "{}", stderr(&plain));
    assert!(
        stderr(&plain).contains("comes from a worst-case bound")
            && stderr(&plain).contains("spazk calibrate"),
        "{}",
        stderr(&plain)
    );
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

/// A PyTorch-style export (TorchScript exporter's graph, ternary weights) and a tf2onnx one
/// (float weights, ternarized) through calibrate → commit → prove → verify with --settings,
/// calibrated on the fixture's own inputs.
#[test]
fn pytorch_and_tf2onnx_shapes_calibrate_and_prove() {
    let dir = scratch("calibrate-exporters");
    for (name, ternarize) in [("torch_script", false), ("tf2onnx_keras", true)] {
        let model = fixture(&format!("exporters/{name}.onnx"));
        let recorded: serde_json::Value = serde_json::from_slice(
            &std::fs::read(fixture(&format!("exporters/{name}.json"))).unwrap(),
        )
        .unwrap();
        let input = path(&dir, &format!("{name}.in.json"));
        std::fs::write(
            &input,
            serde_json::json!({"input_data": recorded["inputs"]}).to_string(),
        )
        .unwrap();
        let settings = path(&dir, &format!("{name}.settings.json"));
        let mut args = vec![
            "calibrate",
            "--model",
            &model,
            "--data",
            &input,
            "--out",
            &settings,
        ];
        if ternarize {
            args.push("--ternarize");
        }
        let out = spazk(&args);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        let (commitment, output, proof) = (
            path(&dir, &format!("{name}.spzc")),
            path(&dir, &format!("{name}.out.json")),
            path(&dir, &format!("{name}.spzp")),
        );
        let out = spazk(&[
            "commit",
            "--model",
            &model,
            "--settings",
            &settings,
            "--out",
            &commitment,
        ]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        let out = spazk(&[
            "prove",
            "--model",
            &model,
            "--settings",
            &settings,
            "--input",
            &input,
            "--output",
            &output,
            "--proof",
            &proof,
        ]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        let out = verify(&commitment, &input, &output, &proof, &[]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        // Proved argmax = onnxruntime's on every input.
        let proved: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&output).unwrap()).unwrap();
        for (q, f) in proved["output_data"]
            .as_array()
            .unwrap()
            .iter()
            .zip(recorded["float_logits"].as_array().unwrap())
        {
            let q: Vec<i64> = q
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_i64().unwrap())
                .collect();
            let f: Vec<f64> = f
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            assert_eq!(argmax(&q), argmax(&f), "{name}");
        }
    }
}
