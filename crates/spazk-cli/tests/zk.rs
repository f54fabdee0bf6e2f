//! Zero-knowledge mode on the command line: `commit` hides by default and writes the owner's
//! secret (mode 0600, never overwritten), `--transparent` writes none; `prove --secret` makes a
//! zero-knowledge proof that `verify` accepts and names the mode of; a proof of the other mode
//! exits 1 with a message saying so; a secret of another commitment exits 2 naming both files;
//! a private input round trip; damaged zero-knowledge proofs exit 1 without a panic.

mod harness;

use harness::*;
use std::path::Path;

/// The shipped model on `input` in `dir`, committed in hiding mode (exit 0 asserted).
fn hiding_run(dir: &Path, input: &str) -> Run {
    let run = Run::mnist(dir, input);
    let out = run.commit_zk(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    run
}

#[cfg(unix)]
fn permissions(path: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn commit_hides_by_default_and_writes_a_private_secret_once() {
    let dir = scratch("zk-commit");
    let run = Run::mnist(&dir, "input-0.json");
    let out = run.commit_zk(&["--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let summary = stdout_json(&out);
    assert_eq!(summary["mode"], "zero-knowledge");
    assert_eq!(summary["zk"], true);
    assert_eq!(summary["secret"], run.secret());
    assert!(summary["bias_bits"].as_u64().unwrap() >= 1);
    assert!(std::fs::read(run.secret())
        .unwrap()
        .starts_with(b"SPAZKSEC"));
    #[cfg(unix)]
    assert_eq!(permissions(&run.secret()), 0o600);
    // Its path is printed (the plain form prints it on stderr, the digest on stdout).
    let custom = path(&dir, "custom.secret");
    let plain = run.commit_zk(&["--secret", &custom]);
    assert_eq!(code(&plain), 0, "{}", stderr(&plain));
    assert!(stderr(&plain).contains(&custom), "{}", stderr(&plain));
    assert_eq!(String::from_utf8_lossy(&plain.stdout).trim().len(), 64);

    // Never overwritten: exit 2 naming the file, the secret and the commitment unchanged.
    let secret = std::fs::read(run.secret()).unwrap();
    let commitment = std::fs::read(&run.commitment).unwrap();
    let again = run.commit_zk(&[]);
    assert_exit(&again, 2, &run.secret());
    assert!(stderr(&again).contains("refusing to overwrite"));
    assert_eq!(std::fs::read(run.secret()).unwrap(), secret);
    assert_eq!(std::fs::read(&run.commitment).unwrap(), commitment);
    // Two hiding commitments of one model differ (fresh blinds from the OS).
    let other = path(&dir, "other.spzc");
    assert_eq!(code(&commit_hiding(&fixture(MNIST), &other, &[])), 0);
    assert_ne!(std::fs::read(&other).unwrap(), commitment);

    // --transparent: no secret, the golden commitment's bytes.
    let transparent = Run::mnist(&scratch("zk-commit-transparent"), "input-0.json");
    let out = transparent.commit(&["--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["mode"], "transparent");
    assert!(stdout_json(&out)["secret"].is_null());
    assert!(!Path::new(&transparent.secret()).exists());
    assert_eq!(
        std::fs::read(&transparent.commitment).unwrap(),
        std::fs::read(fixture("model.spzc")).unwrap()
    );
    let out = transparent.commit(&["--secret", &path(&dir, "s")]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

/// The activation bounds a hiding commitment declares: by default the weights' worst case (as
/// transparent mode's), with `--shape-bounds` the shape rule's (wider); both prove and verify,
/// and the summary lists them.
#[test]
fn commit_declares_worst_case_bounds_unless_shape_bounds_is_given() {
    let bounds = |dir: &str, extra: &[&str]| {
        let run = Run::mnist(&scratch(dir), "input-0.json");
        let mut args = vec!["--json"];
        args.extend_from_slice(extra);
        let out = run.commit_zk(&args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let out_bounds: Vec<u64> = stdout_json(&out)["activation_bits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_u64().unwrap())
            .collect();
        let proved = run.prove_zk(&[]);
        assert_eq!(code(&proved), 0, "{}", stderr(&proved));
        let verified = run.verify(&[]);
        assert_eq!(code(&verified), 0, "{}", stderr(&verified));
        out_bounds
    };
    let worst = bounds("zk-bounds-worst", &[]);
    let shape = bounds("zk-bounds-shape", &["--shape-bounds"]);
    assert_eq!(worst.len(), shape.len());
    assert!(!worst.is_empty());
    assert!(
        worst.iter().zip(&shape).all(|(w, s)| w < s),
        "{worst:?} {shape:?}"
    );
    // Not with --transparent.
    let run = Run::mnist(&scratch("zk-bounds-transparent"), "input-0.json");
    let out = run.commit(&["--shape-bounds"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[test]
fn zero_knowledge_proofs_verify_and_verify_prints_the_mode() {
    let dir = scratch("zk-prove");
    let run = hiding_run(&dir, "input-batch4.json");
    let out = run.prove_zk(&["--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let summary = stdout_json(&out);
    assert_eq!(summary["mode"], "zero-knowledge");
    assert!(summary["phases_ms"]["sigma"].as_f64().unwrap() > 0.0);
    assert!(std::fs::read(&run.proof).unwrap().starts_with(b"SPAZKZKP"));
    // The same logits as the transparent proof of the same inputs.
    let expected = read_json(&fixture("output-batch4.json"));
    assert_eq!(
        read_json(&run.output)["output_data"],
        expected["output_data"]
    );

    let out = run.verify(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("mode: zero-knowledge"));
    let out = run.verify(&["--json"]);
    assert_eq!(stdout_json(&out)["zk"], true);

    let transparent = verify(
        &fixture("model.spzc"),
        &fixture("input-0.json"),
        &fixture("proof-0.output.json"),
        &fixture("proof-0.spzp"),
        &[],
    );
    assert_eq!(code(&transparent), 0, "{}", stderr(&transparent));
    assert!(String::from_utf8_lossy(&transparent.stdout).contains("mode: transparent"));

    // A changed output is rejected.
    let mut outputs = read_json(&run.output);
    outputs["output_data"][1][4] =
        serde_json::json!(outputs["output_data"][1][4].as_i64().unwrap() + 1);
    outputs.as_object_mut().unwrap().remove("output_float");
    let forged = path(&dir, "forged.json");
    std::fs::write(&forged, outputs.to_string()).unwrap();
    let out = verify(&run.commitment, &run.input, &forged, &run.proof, &[]);
    assert_exit(&out, 1, "proof rejected");
}

#[test]
fn a_proof_of_the_other_mode_exits_1_saying_so() {
    let dir = scratch("zk-modes");
    let run = hiding_run(&dir, "input-0.json");
    // A transparent proof (the golden one) against the hiding commitment.
    let out = verify(
        &run.commitment,
        &fixture("input-0.json"),
        &fixture("proof-0.output.json"),
        &fixture("proof-0.spzp"),
        &[],
    );
    assert_exit(&out, 1, "a transparent proof, but");
    assert!(stderr(&out).contains("hiding (zero-knowledge) commitment"));
    // A zero-knowledge proof against the transparent commitment of the same model.
    let out = run.prove_zk(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = verify(
        &fixture("model.spzc"),
        &run.input,
        &run.output,
        &run.proof,
        &[],
    );
    assert_exit(&out, 1, "a zero-knowledge proof, but");
    assert!(stderr(&out).contains("transparent commitment"));
    // Proving against the hiding commitment without its secret is a usage error.
    let out = run.prove(&["--commitment", &run.commitment]);
    assert_exit(&out, 2, "pass --secret");
    // And with a secret against a transparent commitment.
    let out = run.prove(&[
        "--commitment",
        &fixture("model.spzc"),
        "--secret",
        &run.secret(),
    ]);
    assert_exit(&out, 2, "transparent commitment");
    let out = run.prove(&["--secret", &run.secret()]);
    assert_exit(&out, 2, "--secret needs");
}

#[test]
fn a_secret_of_another_commitment_exits_2_naming_both_files() {
    let dir = scratch("zk-wrong-secret");
    let run = hiding_run(&dir, "input-0.json");
    let other = Run::mnist(&scratch("zk-wrong-secret-other"), "input-0.json");
    assert_eq!(code(&other.commit_zk(&[])), 0);
    let secret = other.secret();
    let out = run.prove(&["--commitment", &run.commitment, "--secret", &secret]);
    assert_exit(&out, 2, &secret);
    assert!(stderr(&out).contains(&run.commitment), "{}", stderr(&out));
    assert!(!Path::new(&run.proof).exists());
    // Not a secret at all, and a damaged one.
    let junk = path(&dir, "junk.secret");
    std::fs::write(&junk, b"not a secret").unwrap();
    let out = run.prove(&["--commitment", &run.commitment, "--secret", &junk]);
    assert_exit(&out, 2, &junk);
    let mut damaged = std::fs::read(run.secret()).unwrap();
    let last = damaged.len() - 5;
    damaged[last] ^= 0x01;
    std::fs::write(&junk, &damaged).unwrap();
    let out = run.prove(&["--commitment", &run.commitment, "--secret", &junk]);
    assert_exit(&out, 2, &junk);
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn a_private_input_round_trip() {
    let dir = scratch("zk-private");
    let run = hiding_run(&dir, "input-batch4.json");
    let input_commitment = path(&dir, "in.spzi");
    let private = [
        "--input-visibility",
        "private",
        "--input-commitment",
        &input_commitment,
    ];
    let out = run.prove_zk(&private);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(std::fs::read(&input_commitment)
        .unwrap()
        .starts_with(b"SPAZKINP"));
    let verify_private = |commitment: &str, extra: &[&str]| {
        let mut args = vec![
            "verify",
            "--commitment",
            commitment,
            "--input-commitment",
            &input_commitment,
            "--output",
            &run.output,
            "--proof",
            &run.proof,
        ];
        args.extend_from_slice(extra);
        spazk(&args)
    };
    let out = verify_private(&run.commitment, &["--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["input_visibility"], "private");
    assert_eq!(stdout_json(&out)["batch"], 4);
    // The same proof read as a public-input proof, and an input commitment against a
    // transparent commitment.
    assert_exit(&run.verify(&[]), 1, "proof rejected");
    assert_exit(
        &verify_private(&fixture("model.spzc"), &[]),
        2,
        "pass --input",
    );
    // Both --input and --input-commitment, or neither: usage errors.
    let out = run.verify(&["--input-commitment", &input_commitment]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    // Private needs its file, and a zero-knowledge proof.
    assert_exit(
        &run.prove_zk(&["--input-visibility", "private"]),
        2,
        "--input-commitment",
    );
    let out = run.prove(&private);
    assert_exit(&out, 2, "zero-knowledge");
}

#[test]
fn damaged_zero_knowledge_proofs_exit_1_without_a_panic() {
    let dir = scratch("zk-damaged");
    let run = hiding_run(&dir, "input-0.json");
    let out = run.prove_zk(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let bytes = std::fs::read(&run.proof).unwrap();
    let damaged = path(&dir, "damaged.spzp");
    let mut cases: Vec<Vec<u8>> = [0, 8, 12, 100, bytes.len() / 2, bytes.len() - 1]
        .iter()
        .map(|n| bytes[..*n].to_vec())
        .collect();
    cases.push([bytes.as_slice(), &[0]].concat());
    for offset in [
        9,
        20,
        200,
        bytes.len() / 3,
        bytes.len() / 2,
        bytes.len() - 7,
    ] {
        let mut mutated = bytes.clone();
        mutated[offset] ^= 0x40;
        cases.push(mutated);
    }
    for case in cases {
        std::fs::write(&damaged, &case).unwrap();
        let out = verify(&run.commitment, &run.input, &run.output, &damaged, &[]);
        let message = stderr(&out);
        assert_eq!(code(&out), 1, "{} bytes: {message}", case.len());
        assert!(message.contains("damaged.spzp"), "{message}");
        assert!(!message.contains("panicked"), "{message}");
        assert_eq!(message.trim().lines().count(), 1, "{message}");
    }
}

/// A model without `spazk.shift.*` metadata (skl2onnx's): in hiding mode its hidden layer's
/// shift comes from the shape's worst case, not the row norms (which the shift would publish),
/// and the warning says so; the shift is public in the commitment, and proving reads the model
/// the same way, so the round trip holds.
/// A model without calibrated shifts (no settings, no metadata) is quantized alike in both
/// modes: the zero-knowledge proof is about the logits `spazk infer` prints and a transparent
/// proof proves. `--shape-bounds` refuses it (the default shift follows the row norms the rule
/// hides), naming the layer and the way out, and writes nothing.
#[test]
fn a_model_without_shift_metadata_proves_what_infer_computes_in_both_modes() {
    let dir = scratch("zk-default-shift");
    let calib = read_json(&fixture("exporters/sklearn_classifier.calib.json"));
    let inputs = serde_json::json!([calib["input_data"][0], calib["input_data"][1]]);
    let model = fixture(SKLEARN);
    let run = Run::new(&dir, "sk", &["--model", &model, "--ternarize"], &inputs);
    let out = run.commit_zk(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("comes from a worst-case bound"),
        "{}",
        stderr(&out)
    );
    let out = run.prove_zk(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run.verify(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let proved = read_json(&run.output)["output_data"].clone();
    let inferred = infer(&model, &run.input, &["--ternarize"]);
    assert_eq!(code(&inferred), 0, "{}", stderr(&inferred));
    assert_eq!(stdout_json(&inferred)["output_data"], proved);
    let transparent = Run::new(&dir, "skt", &["--model", &model, "--ternarize"], &inputs);
    assert_eq!(
        transparent.commit_prove_verify("transparent")["output_data"],
        proved
    );

    // --shape-bounds needs calibrated shifts.
    let shaped = path(&dir, "shaped.spzc");
    let out = commit_hiding(&model, &shaped, &["--ternarize", "--shape-bounds"]);
    assert_exit(
        &out,
        2,
        "--shape-bounds: the shift of hidden layer(s) 0 comes from the weights' worst case",
    );
    assert!(!Path::new(&shaped).exists() && !Path::new(&format!("{shaped}.secret")).exists());
    // A bias bound the biases exceed is named with its flag.
    let tight = path(&dir, "tight.spzc");
    let out = commit_hiding(&model, &tight, &["--ternarize", "--bias-bits", "1"]);
    assert_exit(&out, 2, "--bias-bits");
    assert!(!Path::new(&tight).exists() && !Path::new(&format!("{tight}.secret")).exists());
}
