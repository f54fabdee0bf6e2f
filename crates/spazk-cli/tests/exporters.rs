//! Exporter graphs (skl2onnx, PyTorch, tf2onnx; fixtures/exporters) through the CLI, and
//! `calibrate` → `commit` → `prove` → `verify` with `--settings`.

mod harness;

use harness::*;

/// A fixture's recorded figures (`fixtures/exporters/<name>.json`).
fn recorded(name: &str) -> serde_json::Value {
    read_json(&fixture(&format!("exporters/{name}.json")))
}

/// The unmodified skl2onnx export (fixtures/exporters, scripts/make_exporter_fixtures.py): its
/// `Cast` skipped, its post-processing cut and named on stderr, floats ternarized and reported.
#[test]
fn skl2onnx_export_commits_proves_and_verifies_with_ternarize() {
    let dir = scratch("skl2onnx");
    let model = fixture("exporters/sklearn_classifier.onnx");
    let recorded = recorded("sklearn_classifier");
    let run = Run::new(
        &dir,
        "skl2onnx",
        &["--model", &model, "--ternarize"],
        &recorded["inputs"],
    );
    let committed = run.commit(&[]);
    assert_eq!(code(&committed), 0, "{}", stderr(&committed));
    let told = stderr(&committed);
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
    let prove = run.prove(&[]);
    assert_eq!(code(&prove), 0, "{}", stderr(&prove));
    assert_eq!(
        read_json(&run.output)["output_data"],
        recorded["integer_logits"]
    );
    let out = run.verify(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    // Every weight thresholded away: refused, naming the tensor.
    let out = commit(&model, &path(&dir, "zero.spzc"), &["--ternarize", "1e9"]);
    assert_exit(
        &out,
        2,
        "all weights of tensor 'coefficient' are zero after ternarization",
    );
    assert!(!dir.join("zero.spzc").exists());
}

/// `output_float` is not covered by the proof, so `verify` recomputes it; and outputs proved on
/// another model say so.
#[test]
fn verify_checks_output_float_and_names_another_models_proof() {
    let dir = scratch("output-float");
    let model = fixture(MNIST);
    let run = Run::of_file(&dir, &["--model", &model], &fixture("input-0.json"));
    let written = run.commit_prove_verify("output-float");
    let (commitment, input, output, proof) = (&run.commitment, &run.input, &run.output, &run.proof);
    let digest = std::fs::read_to_string(fixture("model.digest")).unwrap();
    assert_eq!(written["model_digest"], digest.trim());

    // Zeroed floats: exit 2, naming the file and the field.
    let mut zeroed = written.clone();
    zeroed["output_float"] = serde_json::json!([vec![0.0; 10]]);
    let zeroed_path = path(&dir, "zeroed.json");
    std::fs::write(&zeroed_path, zeroed.to_string()).unwrap();
    let out = verify(commitment, input, &zeroed_path, proof, &[]);
    assert_exit(&out, 2, "zeroed.json: output_float [0][0]");
    // Without output_float the logits alone verify.
    let mut bare = written.clone();
    bare.as_object_mut().unwrap().remove("output_float");
    let bare_path = path(&dir, "bare.json");
    std::fs::write(&bare_path, bare.to_string()).unwrap();
    assert_eq!(code(&verify(commitment, input, &bare_path, proof, &[])), 0);

    // A commitment of another model (another input scale): the message names both digests.
    let other = path(&dir, "other.spzc");
    let commit = commit(&model, &other, &["--input-scale", "0.004"]);
    assert_eq!(code(&commit), 0);
    let other_digest = String::from_utf8_lossy(&commit.stdout).trim().to_string();
    let out = verify(&other, input, output, proof, &[]);
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
        let recorded = recorded(name);
        let mut model_args = vec!["--model", model.as_str()];
        if let Some(factor) = ternarize {
            model_args.extend(["--ternarize", factor]);
        }
        let run = Run::new(&dir, name, &model_args, &recorded["inputs"]);
        let written = run.commit_prove_verify(name);
        assert_eq!(written["output_data"], recorded["integer_logits"], "{name}");
    }
    // Unsupported operators: exit 2, all of them in one line naming the file.
    let model = fixture("exporters/unsupported_ops.onnx");
    let out = commit(&model, &path(&dir, "u.spzc"), &[]);
    assert_eq!(code(&out), 2);
    let message = stderr(&out);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("unsupported_ops.onnx: unsupported operators: 'Tanh' (nodes 'tanh_1', 'tanh_3'), 'LeakyRelu' (node 'leaky_2')"),
        "{message}"
    );
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
    let out = calibrate_sklearn(&settings);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let told = stderr(&out);
    assert!(
        told.contains("layer 0 shift  1: argmax agreement") && told.contains("<- chosen"),
        "{told}"
    );
    let written = read_json(&settings);
    assert_eq!(written["format"], "spazk-settings");
    assert_eq!(written["version"], 1);
    assert_eq!(written["ternarize"][0]["tensor"], "coefficient");
    assert_eq!(written["ternarize"][0]["factor"], 0.7);
    let candidates = written["calibration"]["candidates"].as_array().unwrap();
    assert!(candidates.len() > 1);

    let held = read_json(&fixture("exporters/sklearn_classifier.heldout.json"));
    let run = Run::new(
        &dir,
        "held",
        &["--model", &model, "--settings", &settings],
        &held["input_data"],
    );
    let commit = run.commit(&["--json"]);
    assert_eq!(code(&commit), 0, "{}", stderr(&commit));
    assert!(
        !stderr(&commit).contains("worst-case"),
        "{}",
        stderr(&commit)
    );
    // The commitment records the settings file's digest; the model digest covers it.
    let committed = stdout_json(&commit);
    let settings_digest = committed["settings_digest"].as_str().unwrap().to_string();
    assert_eq!(settings_digest.len(), 64);
    let bytes = std::fs::read(&run.commitment).unwrap();
    let hex: String = bytes[bytes.len() - 32..]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!((bytes[bytes.len() - 33], hex), (1, settings_digest.clone()));
    let prove = run.prove(&[]);
    assert_eq!(code(&prove), 0, "{}", stderr(&prove));
    let out = run.verify(&["--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let verified = stdout_json(&out);
    assert_eq!(verified["settings_digest"], settings_digest.as_str());
    let proved = read_json(&run.output);
    assert_eq!(proved["output_data"].as_array().unwrap().len(), 297);
    let agree = argmax_agreements(&proved["output_data"], &held["float_logits"]);
    assert!(agree * 100 >= 99 * 297, "{agree} of 297 agree");

    // infer with the settings gives the proved logits.
    let inferred = infer(&model, &run.input, &["--settings", &settings]);
    assert_eq!(code(&inferred), 0, "{}", stderr(&inferred));
    assert_eq!(stdout_json(&inferred)["output_data"], proved["output_data"]);

    // Without settings or metadata: a warning naming calibrate.
    let plain = infer(&model, &run.input, &["--ternarize"]);
    assert_eq!(code(&plain), 0, "{}", stderr(&plain));
    assert!(
        stderr(&plain).contains("comes from a worst-case bound")
            && stderr(&plain).contains("spazk calibrate"),
        "{}",
        stderr(&plain)
    );
}

/// A PyTorch-style export (TorchScript exporter's graph, ternary weights) and a tf2onnx one
/// (float weights, ternarized) through calibrate → commit → prove → verify with --settings,
/// calibrated on the fixture's own inputs.
#[test]
fn pytorch_and_tf2onnx_shapes_calibrate_and_prove() {
    let dir = scratch("calibrate-exporters");
    for (name, ternarize) in [("torch_script", false), ("tf2onnx_keras", true)] {
        let model = fixture(&format!("exporters/{name}.onnx"));
        let recorded = recorded(name);
        let settings = path(&dir, &format!("{name}.settings.json"));
        let run = Run::new(
            &dir,
            name,
            &["--model", &model, "--settings", &settings],
            &recorded["inputs"],
        );
        let extra: &[&str] = if ternarize { &["--ternarize"] } else { &[] };
        let out = calibrate(&model, &run.input, &settings, extra);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        let proved = run.commit_prove_verify(name);
        // Proved argmax = onnxruntime's on every input.
        let rows = recorded["float_logits"].as_array().unwrap().len();
        let agree = argmax_agreements(&proved["output_data"], &recorded["float_logits"]);
        assert_eq!(agree, rows, "{name}");
    }
}
