//! The golden zero-knowledge proof: the shipped model committed in hiding mode and a
//! zero-knowledge proof of `fixtures/input-0.json`, both under a fixed, public seed
//! (`ZkRng::insecure_from_seed`, a test-only generator: these files are reproducible, and for
//! that reason hide nothing from anyone who reads this test). Only
//! `scripts/make_golden_zk_proof.sh` writes them (it runs the ignored test below). The test
//! checks that today's verifier accepts them and that committing and proving again under the
//! seed gives the same bytes: the formats are stable and the provers consume their randomness
//! in a fixed order.

mod harness;

use harness::*;
use spazk::mlp::{ActivationBound, InputVisibility, ModelSecret, ShiftSource};
use spazk::zk::prove;
use spazk::ZkRng;
use spazk_cli::files::{commit_hiding, load_model, output_json, read_inputs};
use std::path::Path;

/// The fixed seed of the golden files (public: see the module docs).
const SEED: u64 = 0x5a4b_2025;

/// The golden files, by name in `fixtures/`.
const COMMITMENT: &str = "zk-model.spzc";
const DIGEST: &str = "zk-model.digest";
const PROOF: &str = "zk-proof-0.spzp";
const OUTPUT: &str = "zk-proof-0.output.json";

/// What the golden files hold, made again under [`SEED`]: the commitment, the proof and the
/// output file, as `spazk commit` and `spazk prove --secret` would write them.
struct Golden {
    commitment: Vec<u8>,
    digest: String,
    proof: Vec<u8>,
    output: String,
}

fn make_golden() -> (Golden, ModelSecret) {
    let model_path = fixture(MNIST);
    let bytes = std::fs::read(&model_path).unwrap();
    let (model, _) = load_model(Path::new(&model_path), &bytes, None, None, None).unwrap();
    // Hiding mode would replace a worst-case shift; the shipped model's come from metadata.
    assert!(!model.shift_sources.contains(&ShiftSource::WorstCase));
    let inputs = read_inputs(
        Path::new(&fixture("input-0.json")),
        model.input_scale,
        model.model.input_dim,
    )
    .unwrap();
    let mut rng = ZkRng::insecure_from_seed(SEED);
    let bias_bits = model.model.shape_bias_bits();
    let (key, secret) = commit_hiding(
        &model,
        None,
        bias_bits,
        ActivationBound::WorstCase,
        1,
        &mut rng,
    )
    .unwrap();
    let proved = prove(&key, &inputs, InputVisibility::Public, &mut rng).unwrap();
    let digest = key.commitment().digest_hex();
    let golden = Golden {
        commitment: key.commitment().to_bytes(),
        proof: proved.proof.to_bytes(),
        output: output_json(&proved.outputs, model.output_scale, Some(digest.clone())),
        digest,
    };
    (golden, secret)
}

/// Writes the golden files; run by `scripts/make_golden_zk_proof.sh` only (it sets
/// `SPAZK_WRITE_GOLDEN_ZK=1`, so that a stray `--ignored` run rewrites nothing).
#[test]
#[ignore = "writes fixtures/: run scripts/make_golden_zk_proof.sh"]
fn write_golden_zk_fixtures() {
    if std::env::var("SPAZK_WRITE_GOLDEN_ZK").as_deref() != Ok("1") {
        panic!("run scripts/make_golden_zk_proof.sh to rewrite the golden zero-knowledge files");
    }
    let (golden, _) = make_golden();
    std::fs::write(fixture(COMMITMENT), &golden.commitment).unwrap();
    std::fs::write(fixture(DIGEST), format!("{}\n", golden.digest)).unwrap();
    std::fs::write(fixture(PROOF), &golden.proof).unwrap();
    std::fs::write(fixture(OUTPUT), &golden.output).unwrap();
}

#[test]
fn golden_zk_proof_still_verifies_and_proving_under_the_seed_reproduces_it() {
    let digest = std::fs::read_to_string(fixture(DIGEST)).unwrap();
    let out = verify(
        &fixture(COMMITMENT),
        &fixture("input-0.json"),
        &fixture(OUTPUT),
        &fixture(PROOF),
        &["--expect-digest", digest.trim()],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("mode: zero-knowledge"));

    let (golden, secret) = make_golden();
    let rerun = "the format or the prover's use of randomness changed: rerun \
                 scripts/make_golden_zk_proof.sh deliberately";
    assert_eq!(golden.digest, digest.trim(), "{rerun}");
    assert_eq!(
        golden.commitment,
        std::fs::read(fixture(COMMITMENT)).unwrap(),
        "{rerun}"
    );
    assert_eq!(
        golden.proof,
        std::fs::read(fixture(PROOF)).unwrap(),
        "{rerun}"
    );
    assert_eq!(
        golden.output,
        std::fs::read_to_string(fixture(OUTPUT)).unwrap()
    );

    // The CLI proves from the golden commitment with the seed's secret: a fresh proof (OS
    // randomness) of the same statement, other bytes, also accepted.
    let dir = scratch("golden-zk");
    let secret_path = path(&dir, "zk-model.secret");
    std::fs::write(&secret_path, secret.to_bytes()).unwrap();
    let run = Run::mnist(&dir, "input-0.json");
    let out = run.prove(&[
        "--commitment",
        &fixture(COMMITMENT),
        "--secret",
        &secret_path,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let fresh = std::fs::read(&run.proof).unwrap();
    assert_eq!(fresh.len(), golden.proof.len());
    assert_ne!(
        fresh, golden.proof,
        "no CLI path may prove deterministically"
    );
    let out = verify(
        &fixture(COMMITMENT),
        &run.input,
        &run.output,
        &run.proof,
        &[],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
