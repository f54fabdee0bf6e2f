//! The zero-knowledge tamper suite: a cheating prover, every field of the proof mutated, lengths
//! and counts off, openings against other commitments, and mutated bytes — each rejected with
//! its exact error, never a panic.

use ark_ec::{AffineRepr, CurveGroup};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use proptest::prelude::*;
use spazk_field::Fr;
use spazk_hyrax::zk::{BlindedCommitment, ZkProof};
use spazk_hyrax::{HyraxError, HyraxParams, Layout, SigmaPart};
use spazk_sumcheck::SumcheckError;
use std::sync::OnceLock;

mod zk_fixture;
use zk_fixture::{
    params, prove, run_verifier_opening_t_as, setup, verify, Cheat, Proof, Rejected, Statement,
    Witness,
};

fn fixture() -> &'static (Statement, Witness, Proof) {
    static FIXTURE: OnceLock<(Statement, Witness, Proof)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let (statement, witness) = setup(21);
        let proof = prove(&statement, &witness, 22, Cheat::None);
        (statement, witness, proof)
    })
}

/// Verifies the fixture's proof after `edit`.
fn verify_tampered(edit: impl FnOnce(&mut Proof)) -> Result<(), Rejected> {
    let (statement, _, proof) = fixture();
    let mut proof = proof.clone();
    edit(&mut proof);
    verify(statement, &proof)
}

const SIGMA_FAILS: Result<(), Rejected> = Err(Rejected::Hyrax(HyraxError::SigmaCheckFailed));

/// A point that is not the one it replaces.
fn moved(point: &mut ark_bn254::G1Affine) {
    *point = (*point + params().generators()[0]).into_affine();
}

#[test]
fn the_untampered_proof_verifies() {
    assert_eq!(verify_tampered(|_| {}), Ok(()));
}

#[test]
fn a_wrong_hidden_value_breaks_the_relations() {
    // The prover sends t(r) + 1 where the relations need t(r): k₀ ≠ 0, its self-check off.
    let (statement, witness, _) = fixture();
    let proof = prove(statement, witness, 23, Cheat::WrongScalar);
    assert_eq!(verify(statement, &proof), SIGMA_FAILS);
}

/// The honest prover's self-check names the broken relation (debug builds only: release builds
/// skip it, and the verifier rejects as above).
#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "the prover's witness breaks relation Some(")]
fn the_prover_checks_its_own_relations_in_debug_builds() {
    let (statement, witness, _) = fixture();
    prove(statement, witness, 23, Cheat::WrongScalarSelfChecked);
}

#[test]
fn mutated_responses_fail_the_sigma_check() {
    let one = Fr::from(1u64);
    // z_k of the mask, of a single opening, of the batched opening, of the matrix.
    for k in 0..4 {
        assert_eq!(
            verify_tampered(|p| p.zk.responses.vectors[k][1] += one),
            SIGMA_FAILS,
            "z_{k}"
        );
        assert_eq!(
            verify_tampered(|p| p.zk.responses.vector_blinds[k] += one),
            SIGMA_FAILS,
            "ζ_{k}"
        );
    }
    for j in 0..5 {
        assert_eq!(
            verify_tampered(|p| p.zk.responses.scalars[j] += one),
            SIGMA_FAILS,
            "s_{j}"
        );
        assert_eq!(
            verify_tampered(|p| p.zk.responses.scalar_blinds[j] += one),
            SIGMA_FAILS,
            "σ_{j}"
        );
    }
    assert_eq!(
        verify_tampered(|p| p.zk.responses.kappa += one),
        SIGMA_FAILS
    );
    // An unused tail of the mask would be as binding: the whole of M is committed.
}

#[test]
fn mutated_first_message_fails_the_sigma_check() {
    for k in 0..4 {
        assert_eq!(
            verify_tampered(|p| moved(&mut p.zk.commitments.vector_nonces[k])),
            SIGMA_FAILS,
            "D_{k}"
        );
    }
    for j in 0..5 {
        assert_eq!(
            verify_tampered(|p| moved(&mut p.zk.commitments.scalar_nonces[j])),
            SIGMA_FAILS,
            "A_{j}"
        );
    }
    assert_eq!(
        verify_tampered(|p| moved(&mut p.zk.commitments.k1)),
        SIGMA_FAILS
    );
    assert_eq!(
        verify_tampered(|p| moved(&mut p.zk.commitments.k2)),
        SIGMA_FAILS
    );
}

#[test]
fn mutated_commitments_are_caught() {
    // Scalars sent after the sumcheck: the Σ-protocol catches them.
    for j in 1..5 {
        assert_eq!(
            verify_tampered(|p| moved(&mut p.zk.scalar_commitments[j])),
            SIGMA_FAILS,
            "X_{j}"
        );
    }
    // C_M and X_0 are absorbed before the sumcheck's challenges: its clear rounds catch them
    // first (the challenges move, the honest rounds no longer chain).
    let rounds_break = Err(Rejected::Sumcheck(SumcheckError::RoundSumMismatch {
        round: 1,
    }));
    assert_eq!(
        verify_tampered(|p| moved(&mut p.zk.scalar_commitments[0])),
        rounds_break
    );
    assert_eq!(
        verify_tampered(|p| moved(&mut p.zk.mask_commitment)),
        rounds_break
    );
}

#[test]
fn scalar_commitments_must_be_read_exactly() {
    assert_eq!(
        verify_tampered(|p| {
            p.zk.scalar_commitments.pop();
        }),
        Err(Rejected::Hyrax(HyraxError::MissingScalar { found: 4 }))
    );
    assert_eq!(
        verify_tampered(|p| p.zk.scalar_commitments.push(params().generators()[1])),
        Err(Rejected::Hyrax(HyraxError::UnusedScalars {
            read: 5,
            sent: 6
        }))
    );
}

#[test]
fn every_length_is_checked() {
    let length = |part, expected, found| {
        Err(Rejected::Hyrax(HyraxError::SigmaLength {
            part,
            expected,
            found,
        }))
    };
    let mask_len = fixture().0.mask_len;
    let cols = zk_fixture::layout().cols();
    let matrix_cols = Layout::hiding_matrix(fixture().0.shape).cols();
    assert_eq!(
        verify_tampered(|p| {
            p.zk.responses.vectors[0].pop();
        }),
        length(SigmaPart::VectorResponse(0), mask_len, mask_len - 1)
    );
    assert_eq!(
        verify_tampered(|p| p.zk.responses.vectors[1].push(Fr::from(0u64))),
        length(SigmaPart::VectorResponse(1), cols, cols + 1)
    );
    assert_eq!(
        verify_tampered(|p| {
            p.zk.responses.vectors[3].pop();
        }),
        length(SigmaPart::VectorResponse(3), matrix_cols, matrix_cols - 1)
    );
    assert_eq!(
        verify_tampered(|p| {
            p.zk.responses.vectors.pop();
        }),
        length(SigmaPart::VectorResponses, 4, 3)
    );
    assert_eq!(
        verify_tampered(|p| {
            p.zk.responses.vector_blinds.pop();
        }),
        length(SigmaPart::VectorBlinds, 4, 3)
    );
    assert_eq!(
        verify_tampered(|p| p.zk.responses.scalars.push(Fr::from(0u64))),
        length(SigmaPart::ScalarResponses, 5, 6)
    );
    assert_eq!(
        verify_tampered(|p| {
            p.zk.responses.scalar_blinds.pop();
        }),
        length(SigmaPart::ScalarBlinds, 5, 4)
    );
    assert_eq!(
        verify_tampered(|p| {
            p.zk.commitments.vector_nonces.pop();
        }),
        length(SigmaPart::VectorNonces, 4, 3)
    );
    assert_eq!(
        verify_tampered(|p| {
            p.zk.commitments.scalar_nonces.clear();
        }),
        length(SigmaPart::ScalarNonces, 5, 0)
    );
}

#[test]
fn a_mask_shorter_than_the_protocol_uses_is_rejected() {
    let (statement, _, proof) = fixture();
    let short = Statement {
        mask_len: statement.mask_len - 1,
        f: statement.f.clone(),
        g: statement.g.clone(),
        t: statement.t.clone(),
        shape: statement.shape,
        matrix: statement.matrix.clone(),
    };
    assert_eq!(
        verify(&short, proof),
        Err(Rejected::Hyrax(HyraxError::MaskOverflow {
            committed: statement.mask_len - 1,
            used: statement.mask_len,
        }))
    );
}

#[test]
fn an_opening_against_another_commitment_is_rejected() {
    let (statement, _, proof) = fixture();
    let verify_against = |other| {
        run_verifier_opening_t_as(statement, proof, other)
            .and_then(|(verifier, mut transcript)| Ok(verifier.finish(&mut transcript)?))
    };
    // Another table under the same layout: the Σ-protocol fails.
    let mut rng = StdRng::seed_from_u64(24);
    let other_values = vec![Fr::from(5u64); 1 << zk_fixture::VARS];
    let other =
        BlindedCommitment::commit(&other_values[..], params(), zk_fixture::layout(), &mut rng)
            .unwrap()
            .commitment;
    assert_eq!(verify_against(&other), SIGMA_FAILS);
    // The same rows read as a layout of fewer variables: the point no longer fits.
    let mut narrow = statement.t.clone();
    narrow.layout = Layout {
        row_vars: 3,
        col_vars: 2,
    };
    assert_eq!(
        verify_against(&narrow),
        Err(Rejected::Hyrax(HyraxError::WrongPointLength {
            expected: 5,
            found: 6
        }))
    );
    // Read as as many variables split otherwise: the opening's width comes from the layout, so
    // the response (the prover's width) has the wrong length.
    let mut relaid = statement.t.clone();
    relaid.layout = Layout {
        row_vars: 4,
        col_vars: 2,
    };
    relaid.rows.extend(statement.t.rows.clone());
    assert_eq!(
        verify_against(&relaid),
        Err(Rejected::Hyrax(HyraxError::SigmaLength {
            part: SigmaPart::VectorResponse(2),
            expected: 4,
            found: 8,
        }))
    );
    // Made with other generators.
    let foreign_params = HyraxParams::derive(b"other seed", 8);
    let foreign = BlindedCommitment::commit(
        &other_values[..],
        &foreign_params,
        zk_fixture::layout(),
        &mut rng,
    )
    .unwrap()
    .commitment;
    assert_eq!(
        verify_against(&foreign),
        Err(Rejected::Hyrax(HyraxError::GeneratorMismatch))
    );
    // A commitment whose rows do not match its layout.
    let mut cut = statement.t.clone();
    cut.rows.pop();
    assert_eq!(
        verify_against(&cut),
        Err(Rejected::Hyrax(HyraxError::WrongRowCount {
            expected: 8,
            found: 7
        }))
    );
}

#[test]
fn identity_rows_do_not_help_a_forger() {
    // An all-identity commitment to t (what an unblinded zero table would be) is just another
    // commitment: rejected by the Σ-protocol.
    let (statement, _, proof) = fixture();
    let mut zero = statement.t.clone();
    zero.rows
        .iter_mut()
        .for_each(|r| *r = ark_bn254::G1Affine::zero());
    let result = run_verifier_opening_t_as(statement, proof, &zero)
        .and_then(|(verifier, mut transcript)| Ok(verifier.finish(&mut transcript)?));
    assert_eq!(result, SIGMA_FAILS);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Mutated bytes either fail to decode or decode to a proof that is rejected (or to the
    /// proof itself); nothing panics.
    #[test]
    fn mutated_proof_bytes_never_panic(index in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let (statement, _, proof) = fixture();
        let mut bytes = proof.zk.to_bytes();
        let at = index.index(bytes.len());
        bytes[at] ^= flip;
        if let Ok(decoded) = ZkProof::from_bytes(&bytes) {
            let tampered = Proof { sumcheck: proof.sumcheck.clone(), zk: decoded };
            prop_assert!(tampered == *proof || verify(statement, &tampered).is_err());
        }
    }

    /// Truncated or extended encodings are rejected at decoding.
    #[test]
    fn truncated_or_extended_bytes_are_rejected(cut in 0usize..64, extra in prop::collection::vec(any::<u8>(), 1..8)) {
        let (_, _, proof) = fixture();
        let bytes = proof.zk.to_bytes();
        prop_assert!(ZkProof::from_bytes(&bytes[..bytes.len() - 1 - cut]).is_err());
        let mut longer = bytes.clone();
        longer.extend(extra);
        prop_assert!(ZkProof::from_bytes(&longer).is_err());
    }
}
