//! Issue-14 review: attacks on the new key surfaces (`ProvingKey::from_commitment`,
//! `ProvingKey::from_bytes`, `VerifyingKey`) and on `verify_inference` after the refactor
//! (it no longer validates the commitment itself and now takes its generators from the key).

mod key_models;
mod verifying;

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use key_models::{inputs, model, reweighted};
use spazk_activation::ActivationProof;
use spazk_mlp::{
    prove_inference, MlpError, Model, ModelCommitment, ModelMismatch, ProvingKey, VerifyingKey,
};
use std::panic::{catch_unwind, AssertUnwindSafe};
use verifying::verify;

/// The spot check of `from_commitment` recomputes a few rows only (by design: "for users'
/// mistakes, not for soundness"). A commitment with two weight rows swapped that the spot check
/// misses gives a key; its proofs must be rejected both against the honest commitment and
/// against the tampered one itself (the verifier checks every opening).
#[test]
fn commitment_with_an_unspotted_row_swap_makes_only_rejected_proofs() {
    let honest = ProvingKey::commit(model(1), 1).unwrap();
    let mut accepted = None;
    for a in 0..31 {
        let mut tampered = honest.commitment().clone();
        tampered.layers[0].weights.rows.swap(a, a + 1);
        if tampered.layers[0].weights.rows == honest.commitment().layers[0].weights.rows {
            continue;
        }
        match ProvingKey::from_commitment(model(1), tampered.clone(), 1) {
            Ok(key) => {
                accepted = Some((key, tampered));
                break;
            }
            Err(MlpError::ModelMismatch(ModelMismatch::WeightRow { .. })) => continue,
            Err(other) => panic!("unexpected error {other:?}"),
        }
    }
    let (key, tampered) = accepted.expect("some swap escapes a 2-row spot check");
    let inputs = inputs(1);
    let (outputs, proof) = prove_inference(&key, &inputs).unwrap();
    // The honest verifier (its own commitment) rejects.
    let honest_vk = VerifyingKey::new(honest.commitment().clone(), 1).unwrap();
    assert!(verify(&honest_vk, &inputs, &outputs, &proof).is_err());
    // A verifier holding the tampered commitment rejects too: the opening is the prover's fold
    // of the real weights.
    let tampered_vk = VerifyingKey::new(tampered, 1).unwrap();
    assert_eq!(
        verify(&tampered_vk, &inputs, &outputs, &proof),
        Err(MlpError::Openings(
            spazk_hyrax::HyraxError::CommitmentCheckFailed
        ))
    );
    // And the key's own verifying key (what `spazk demo` and the bench use) rejects as well.
    assert!(verify(&key.verifying_key(), &inputs, &outputs, &proof).is_err());
}

/// A proving-key file whose header is made consistent around another model's commitment (its
/// digest recorded, this model's weights digest kept): the reader's digest checks pass, so the
/// mix-up must be named by `from_commitment`'s checks, not by a panic or a bad proof.
#[test]
fn key_file_around_another_models_commitment_is_refused_with_a_mismatch() {
    let own = ProvingKey::commit(model(1), 1).unwrap().to_bytes();
    let other = ProvingKey::commit(reweighted(), 1).unwrap().to_bytes();
    let mut forged = own[..16].to_vec();
    forged.extend_from_slice(&other[16..48]); // the other commitment's digest
    forged.extend_from_slice(&own[48..80]); // this model's weights digest
    forged.extend_from_slice(&other[80..]); // the other commitment
    assert!(matches!(
        ProvingKey::from_bytes(&forged, model(1)),
        Err(MlpError::ModelMismatch(ModelMismatch::WeightRow {
            layer: 0,
            ..
        }))
    ));
    // The other model's commitment with this model's digest recorded: the digest check.
    let mut forged = own[..80].to_vec();
    forged.extend_from_slice(&other[80..]);
    assert!(matches!(
        ProvingKey::from_bytes(&forged, model(1)),
        Err(MlpError::Malformed { .. })
    ));
}

/// Multi-byte mutations, random cuts and huge values in every 4-byte window of a proving-key
/// file: an error, never a panic.
#[test]
fn mutated_proving_key_files_never_panic() {
    let bytes = ProvingKey::commit(model(1), 2).unwrap().to_bytes();
    let mut rng = StdRng::seed_from_u64(14);
    let try_read = |candidate: &[u8]| {
        catch_unwind(AssertUnwindSafe(|| {
            let _ = ProvingKey::from_bytes(candidate, model(1));
        }))
        .is_ok()
    };
    for i in 0..400 {
        let mut m = bytes.clone();
        for _ in 0..rng.gen_range(1..6) {
            let at = rng.gen_range(0..m.len());
            m[at] = rng.gen();
        }
        if i % 3 == 0 {
            m.truncate(rng.gen_range(0..m.len()));
        }
        assert!(try_read(&m), "panic on mutation {i}");
    }
    // Every u32-aligned window set to u32::MAX or to a large power of two (length fields).
    for at in (0..bytes.len().saturating_sub(4)).step_by(1).take(2000) {
        for v in [u32::MAX, 1 << 31, 1 << 20] {
            let mut m = bytes.clone();
            m[at..at + 4].copy_from_slice(&v.to_le_bytes());
            assert!(try_read(&m), "panic with {v:#x} at {at}");
        }
    }
}

/// `verify_inference` takes every length from the statement: an activation proof whose
/// sumcheck has too few or too many rounds (the points the verifier later indexes and splits
/// by `row_vars`) is an error, not a panic.
#[test]
fn activation_sumcheck_round_counts_never_panic_the_verifier() {
    let key = ProvingKey::commit(model(3), 2).unwrap();
    let vk = key.verifying_key();
    let inputs = inputs(2);
    let (outputs, proof) = prove_inference(&key, &inputs).unwrap();
    assert_eq!(verify(&vk, &inputs, &outputs, &proof), Ok(()));
    for edit in 0..4 {
        let mut forged = proof.clone();
        let rounds = match &mut forged.activations[0] {
            ActivationProof::Limbs(p) => &mut p.zero_check.round_polynomials,
            ActivationProof::Pairs(p) => &mut p.reduction.round_polynomials,
        };
        match edit {
            0 => {
                rounds.pop();
            }
            1 => {
                let last = rounds.last().unwrap().clone();
                rounds.push(last);
            }
            2 => rounds.clear(),
            _ => {
                if let Some(p) = rounds.first_mut() {
                    p.evaluations.pop();
                }
            }
        }
        let result = catch_unwind(AssertUnwindSafe(|| verify(&vk, &inputs, &outputs, &forged)));
        match result {
            Ok(r) => assert!(r.is_err(), "edit {edit} accepted"),
            Err(_) => panic!("edit {edit} panicked the verifier"),
        }
    }
    // Proof counts that do not match the model.
    let mut short = proof.clone();
    short.activations.clear();
    assert!(matches!(
        verify(&vk, &inputs, &outputs, &short),
        Err(MlpError::Shape { .. })
    ));
}

/// `verify_inference` no longer validates the commitment (the key did): a verifying key can only
/// be made from a validated commitment. A commitment with a nonzero padded weight row (hidden
/// units the published shape does not show) is refused by `VerifyingKey::new`.
#[test]
fn verifying_key_refuses_an_invalid_commitment() {
    let m = Model::random(&[64, 30, 10], 0.25, 4).unwrap();
    let key = ProvingKey::commit(m, 1).unwrap();
    let mut bad: ModelCommitment = key.commitment().clone();
    // Layer 0 has 30 rows padded to 32: make padded row 31 a copy of row 0.
    let row0 = bad.layers[0].weights.rows[0];
    bad.layers[0].weights.rows[31] = row0;
    assert!(matches!(VerifyingKey::new(bad, 1), Err(MlpError::Model(_))));
}
