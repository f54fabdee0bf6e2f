//! The `spazk` binary as a user runs it: the demo, usage errors, the golden proof, prove /
//! infer / verify, and attacks on the files between them (exit 1 with a message).

mod harness;

use harness::*;

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
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("test accuracy       94.9%"), "{stdout}");
    assert!(stdout.contains("predicted [7, 2, 1, 0]"), "{stdout}");
    assert!(stdout.contains("NOT zero-knowledge"));
    // Both modes, the same predictions.
    for mode in ["transparent   ", "zero-knowledge"] {
        assert!(
            stdout.contains(&format!("{mode} batch of 4   predicted [7, 2, 1, 0]")),
            "{stdout}"
        );
    }
    assert!(stdout.contains("zero-knowledge proofs hide the weights, the biases"));
    // Zero-knowledge rows show the precomputed randomness apart; transparent rows have none.
    let precomputed = |mode: &str| {
        stdout
            .lines()
            .filter(|l| l.trim_start().starts_with(mode) && l.contains("predicted"))
            .map(|l| l.contains("ms precomputed)"))
            .collect::<Vec<_>>()
    };
    assert_eq!(precomputed("zero-knowledge"), vec![true; 5], "{stdout}");
    assert_eq!(precomputed("transparent"), vec![false; 5], "{stdout}");
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
    let run = Run::mnist(&dir, "input-0.json");
    let commit = run.commit(&[]);
    assert_eq!(code(&commit), 0, "{}", stderr(&commit));
    assert_eq!(
        String::from_utf8_lossy(&commit.stdout).trim(),
        digest.trim()
    );
    assert_eq!(
        std::fs::read(&run.commitment).unwrap(),
        std::fs::read(fixture("model.spzc")).unwrap()
    );
    let prove = run.prove(&[]);
    assert_eq!(code(&prove), 0, "{}", stderr(&prove));
    assert_eq!(
        std::fs::read(&run.proof).unwrap(),
        std::fs::read(fixture("proof-0.spzp")).unwrap(),
        "the proof format or the prover changed: rerun scripts/make_golden_proof.sh deliberately"
    );
}

#[test]
fn prove_writes_the_expected_outputs_and_infer_agrees() {
    let dir = scratch("outputs");
    for k in 0..4 {
        let run = Run::mnist(&dir, &format!("input-{k}.json"));
        let prove = run.prove(&["--json"]);
        assert_eq!(code(&prove), 0, "{}", stderr(&prove));
        assert!(stdout_json(&prove)["phases_ms"]["linear"].as_f64().unwrap() >= 0.0);
        let written = read_json(&run.output);
        let expected = read_json(&fixture(&format!("output-{k}.json")));
        assert_eq!(written["output_data"], expected["output_data"]);
        let infer = infer(&fixture(MNIST), &run.input, &[]);
        assert_eq!(code(&infer), 0, "{}", stderr(&infer));
        assert_eq!(stdout_json(&infer)["output_data"], expected["output_data"]);
    }
}

#[test]
fn attacks_on_the_cli_exit_1_with_a_message() {
    let dir = scratch("attacks");
    let model = fixture(MNIST);
    let run = Run::of_file(&dir, &["--model", &model], &fixture("input-batch4.json"));
    run.commit_prove_verify("attacks");
    let (commitment, input, output, proof) = (&run.commitment, &run.input, &run.output, &run.proof);

    // Changed output.
    let mut outputs = read_json(output);
    outputs["output_data"][2][3] =
        serde_json::json!(outputs["output_data"][2][3].as_i64().unwrap() + 1);
    let changed_output = path(&dir, "changed-out.json");
    std::fs::write(&changed_output, outputs.to_string()).unwrap();
    let out = verify(commitment, input, &changed_output, proof, &[]);
    assert_exit(&out, 1, "proof rejected");

    // Changed input (one pixel of the third digit).
    let mut inputs = read_json(input);
    inputs["input_data"][2][300] = serde_json::json!(0.5);
    let changed_input = path(&dir, "changed-in.json");
    std::fs::write(&changed_input, inputs.to_string()).unwrap();
    assert_eq!(
        code(&verify(commitment, &changed_input, output, proof, &[])),
        1
    );

    // Another model's commitment (same weights, another input scale: other biases).
    let other = path(&dir, "other.spzc");
    assert_eq!(
        code(&commit(&model, &other, &["--input-scale", "0.004"])),
        0
    );
    assert_eq!(code(&verify(&other, input, output, proof, &[])), 1);

    // A digest that is not the one expected.
    let out = verify(
        commitment,
        input,
        output,
        proof,
        &["--expect-digest", "00ff"],
    );
    assert_exit(&out, 1, "not the expected");

    // Swapped layer proofs: another proof for other inputs.
    let single_proof = path(&dir, "single.spzp");
    let single_output = path(&dir, "single.json");
    let prove = prove(
        &model,
        &fixture("input-0.json"),
        &single_output,
        &single_proof,
        &[],
    );
    assert_eq!(code(&prove), 0);
    assert_eq!(
        code(&verify(commitment, input, output, &single_proof, &[])),
        1
    );

    // Truncated and mutated proof bytes.
    let bytes = std::fs::read(proof).unwrap();
    let truncated = path(&dir, "truncated.spzp");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let out = verify(commitment, input, output, &truncated, &[]);
    assert_exit(&out, 1, "truncated.spzp");
    // An oversized proof file is refused before it is read (a sparse file: no disk is used).
    let oversized = path(&dir, "oversized.spzp");
    std::fs::File::create(&oversized)
        .unwrap()
        .set_len((1 << 28) + 1)
        .unwrap();
    let out = verify(commitment, input, output, &oversized, &[]);
    assert_exit(&out, 1, "more than");
    std::fs::remove_file(&oversized).unwrap();
    let mut mutated = bytes.clone();
    mutated[bytes.len() / 3] ^= 0x40;
    let mutated_path = path(&dir, "mutated.spzp");
    std::fs::write(&mutated_path, &mutated).unwrap();
    assert_eq!(
        code(&verify(commitment, input, output, &mutated_path, &[])),
        1
    );
}
