//! `spazk commit --proving-key` and `spazk prove --commitment` / `--proving-key`: proving from a
//! stored commitment or key gives the golden proof's bytes, and a commitment or key that is not
//! the model's, or a damaged key file, exits 2 naming the file and writes nothing.

mod harness;

use harness::*;
use std::path::Path;
use std::process::Output;

/// The run of the shipped model on `input-0.json` in `dir`: `m.spzc`, `out.json`, `p.spzp`.
fn run(dir: &Path) -> Run {
    Run::mnist(dir, "input-0.json")
}

/// `spazk prove` of the shipped model on `input-0.json` into `dir`, with `extra` flags.
fn prove(dir: &Path, extra: &[&str]) -> Output {
    run(dir).prove(extra)
}

/// Commits the shipped model into `dir`: `m.spzc` and the proving key `m.spzk`.
fn commit_with_key(dir: &Path) {
    let out = run(dir).commit(&["--proving-key", &path(dir, "m.spzk"), "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout_json(&out)["commit_ms"].as_f64().unwrap() > 0.0);
    assert_eq!(
        std::fs::read(dir.join("m.spzc")).unwrap(),
        std::fs::read(fixture("model.spzc")).unwrap()
    );
}

#[test]
fn proving_from_a_stored_commitment_or_key_gives_the_golden_proof() {
    let dir = scratch("keys-golden");
    commit_with_key(&dir);
    let golden = std::fs::read(fixture("proof-0.spzp")).unwrap();
    for flags in [
        ["--commitment", &path(&dir, "m.spzc")],
        ["--proving-key", &path(&dir, "m.spzk")],
        ["--commitment", &fixture("model.spzc")],
    ] {
        let mut args = flags.to_vec();
        args.push("--json");
        let out = prove(&dir, &args);
        assert_eq!(code(&out), 0, "{flags:?}: {}", stderr(&out));
        assert_eq!(
            std::fs::read(dir.join("p.spzp")).unwrap(),
            golden,
            "{flags:?}"
        );
        // The keys `spazk prove --json` printed before stay; nothing was committed.
        let summary = stdout_json(&out);
        for key in ["digest", "batch", "commit_ms", "prove_ms", "proof_bytes"] {
            assert!(!summary[key].is_null(), "{key} in {summary}");
        }
        assert_eq!(summary["commit_ms"].as_f64(), Some(0.0));
        let phases = &summary["phases_ms"];
        for phase in ["inference", "advice_commit", "linear", "activation"] {
            assert!(
                phases[phase].as_f64().unwrap() > 0.0,
                "{phase} in {summary}"
            );
        }
    }
    let out = run(&dir).verify(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// Exit 2, a message naming `file` and `what`, and no output or proof written.
fn assert_refused(dir: &Path, out: &Output, file: &str, what: &str) {
    let message = stderr(out);
    assert_eq!(code(out), 2, "{message}");
    assert!(message.contains(file), "{message} should name {file}");
    assert!(message.contains(what), "{message} should say {what}");
    assert!(!dir.join("out.json").exists() && !dir.join("p.spzp").exists());
}

#[test]
fn a_commitment_of_another_model_or_other_options_is_named() {
    let dir = scratch("keys-mismatch");
    commit_with_key(&dir);
    let other = path(&dir, "other.spzc");
    let out = commit(&fixture(SKLEARN), &other, &["--ternarize"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = prove(&dir, &["--commitment", &other]);
    assert_refused(&dir, &out, &other, "not this model's");

    // The same model with another input scale: the commitment records the scale.
    let (own_commitment, own_key) = (path(&dir, "m.spzc"), path(&dir, "m.spzk"));
    for (flag, file, name) in [
        ("--commitment", &own_commitment, "m.spzc"),
        ("--proving-key", &own_key, "m.spzk"),
    ] {
        let out = prove(&dir, &[flag, file, "--input-scale", "0.5"]);
        if flag == "--commitment" {
            assert!(stderr(&out).contains("input scale"), "{}", stderr(&out));
        }
        assert_refused(&dir, &out, name, "not this model's");
    }

    // A key made for other weights: the weights digest names it.
    let key = path(&dir, "other.spzk");
    let out = commit(
        &fixture(SKLEARN),
        &other,
        &["--ternarize", "--proving-key", &key],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = prove(&dir, &["--proving-key", &key]);
    assert_refused(&dir, &out, &key, "other weights");

    let out = prove(&dir, &["--commitment", &other, "--proving-key", &own_key]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[test]
fn damaged_proving_key_files_exit_2_naming_the_file() {
    let dir = scratch("keys-damaged");
    commit_with_key(&dir);
    let bytes = std::fs::read(dir.join("m.spzk")).unwrap();
    let damaged = path(&dir, "damaged.spzk");
    let mut cases: Vec<(Vec<u8>, &str)> = vec![
        (bytes[..bytes.len() - 1].to_vec(), "malformed proving key"),
        (bytes[..40].to_vec(), "truncated"),
        ([bytes.as_slice(), &[0]].concat(), "malformed proving key"),
        (std::fs::read(dir.join("m.spzc")).unwrap(), "bad magic"),
    ];
    for offset in [20, 60, bytes.len() / 2, bytes.len() - 40] {
        let mut mutated = bytes.clone();
        mutated[offset] ^= 0x10;
        cases.push((mutated, "proving key"));
    }
    for (content, what) in cases {
        std::fs::write(&damaged, &content).unwrap();
        let out = prove(&dir, &["--proving-key", &damaged]);
        assert_refused(&dir, &out, &damaged, what);
    }
}
