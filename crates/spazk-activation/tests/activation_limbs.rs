//! ReLU + requantize by the limb method (the one few rows pick): plain semantics, round trips,
//! and named attacks with exact errors.

use proptest::prelude::*;
use spazk_activation::limbs::{commit_advice, LimbActivationProof};
use spazk_activation::{
    absorb_public_activation, prove_committed_activation, relu_requantize, verify_activation,
    ActivationError, ActivationMethod, ActivationProof, ActivationSpec, CommittedActivation,
};
use spazk_field::Fr;
use spazk_hyrax::HyraxParams;
use spazk_logup::{LookupError, RangeError, LOGUP_PROTOCOL};
use spazk_sumcheck::SumcheckError;
use spazk_transcript::Transcript;

mod activation_fixture;
use activation_fixture::{inputs_bumped, ActivationFixture, Statement, FIRST_WITNESS_LAYER_FAILS};

const FX: ActivationFixture = activation_fixture::LIMB_METHOD;
const SPEC: ActivationSpec = FX.spec;
const ROW_VARS: u32 = FX.row_vars;

#[test]
fn few_rows_pick_the_limb_method() {
    assert_eq!(SPEC.method(ROW_VARS), ActivationMethod::Limbs);
}

#[test]
fn semantics() {
    assert_eq!(relu_requantize(-5, 8), 0);
    assert_eq!(relu_requantize(0, 8), 0);
    assert_eq!(relu_requantize(127, 8), 0);
    assert_eq!(relu_requantize(128, 8), 1);
    assert_eq!(relu_requantize(255 * 256 + 127, 8), 255);
    assert_eq!(relu_requantize(1 << 30, 8), 255);
}

#[test]
fn honest_proof_verifies_and_commits_the_output() {
    let z = FX.inputs(1);
    let (proof, claims, committed) = FX.try_prove(&z).unwrap();
    assert_eq!(committed.activations(), FX.outputs(&z));
    assert_eq!(FX.verify(&proof, &z, &committed.activations()), Ok(()));
    assert_eq!(claims.point.len(), ROW_VARS as usize);
    // The output commitment is the plain commitment of the activations.
    use spazk_hyrax::Commit;
    let direct = committed
        .activations()
        .commit(
            &FX.params(),
            spazk_logup::LimbDecomposition::layout(ROW_VARS),
        )
        .unwrap();
    assert_eq!(committed.output_commitment().unwrap(), direct);
    assert_eq!(proof.output_commitment(&SPEC, ROW_VARS).unwrap(), direct);
    let bytes = proof.to_bytes_for_test();
    assert!(!bytes.is_empty());
}

trait Bytes {
    fn to_bytes_for_test(&self) -> Vec<u8>;
}

impl Bytes for ActivationProof {
    fn to_bytes_for_test(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        ark_serialize::CanonicalSerialize::serialize_compressed(self, &mut bytes).unwrap();
        bytes
    }
}

#[test]
fn out_of_range_input_is_refused_by_the_prover() {
    assert!(matches!(
        FX.try_prove_out_of_range(2, 3),
        Err(ActivationError::InputOutOfRange { row: 3, .. })
    ));
}

/// The advice: sign bits, saturation bits, and the columns `[u, rem, a, d]`.
type Advice = (Vec<u8>, Vec<u8>, [Vec<u64>; 4]);

/// The honest advice columns, for a cheater to edit.
fn advice(z: &[i64]) -> Advice {
    advice_for(&SPEC, z)
}

/// The honest advice columns under `spec` (shift 8).
fn advice_for(spec: &ActivationSpec, z: &[i64]) -> Advice {
    assert_eq!(spec.shift, 8);
    let l = spec.sign_bits();
    let mut s = Vec::new();
    let mut c = Vec::new();
    let mut cols: [Vec<u64>; 4] = Default::default();
    for z in z {
        let sign = u8::from(*z < 0);
        let u = (*z as i128 + ((sign as i128) << l)) as u64;
        let relu = if sign == 0 { u } else { 0 };
        let q = (relu + 128) >> 8;
        let sat = u8::from(q > 255);
        s.push(sign);
        c.push(sat);
        cols[0].push(u);
        cols[1].push(relu + 128 - (q << 8));
        cols[2].push(q.min(255));
        cols[3].push(if sat == 1 { q - 255 } else { 0 });
    }
    (s, c, cols)
}

/// Commits forged advice, proves it for the public `statement` and verifies it there.
fn verify_forged(
    statement: Statement<'_>,
    s: Vec<u8>,
    c: Vec<u8>,
    cols: [Vec<u64>; 4],
) -> Result<(), ActivationError> {
    let committed =
        CommittedActivation::Limbs(commit_advice(&SPEC, s, c, cols, &FX.params()).unwrap());
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    absorb_public_activation(statement.0, statement.1, &mut transcript);
    committed.absorb_commitments(&mut transcript);
    let proof = prove_committed_activation(&committed, None, &FX.params(), &mut transcript)
        .unwrap()
        .0;
    FX.verify(&proof, statement.0, statement.1)
}

/// The honest advice of the inputs of `seed`, edited by `edit` (given the inputs), proved and
/// verified for the honest statement.
fn verify_edited_advice(
    seed: u64,
    edit: impl FnOnce(&[i64], &mut Advice),
) -> Result<(), ActivationError> {
    let z = FX.inputs(seed);
    let mut advice = advice(&z);
    edit(&z, &mut advice);
    let (s, c, cols) = advice;
    verify_forged((&z, &FX.outputs(&z)), s, c, cols)
}

/// The limb method's own proof inside the dispatch enum.
fn limbs(proof: &mut ActivationProof) -> &mut LimbActivationProof {
    let ActivationProof::Limbs(p) = proof else {
        panic!("these shapes pick the limb method")
    };
    p
}

#[test]
fn wrong_relu_output_is_rejected() {
    assert_eq!(
        verify_edited_advice(3, |_, (_, _, cols)| {
            let row = 10;
            cols[2][row] = (cols[2][row] + 1) % 256;
        }),
        // The prover derives p(1) from the claim, so the rounds pass and the end fails.
        Err(ActivationError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn wrong_shift_remainder_is_rejected() {
    assert_eq!(
        verify_edited_advice(4, |_, (_, _, cols)| cols[1][12] ^= 1),
        // The prover derives p(1) from the claim, so the rounds pass and the end fails.
        Err(ActivationError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn wrong_sign_bit_is_rejected() {
    // A negative z claimed positive: u = z + 2^L is kept (in range), s = 0, and the output is
    // computed from u as if it were the ReLU. Every constraint holds; z̃ no longer matches.
    let z = FX.inputs(5);
    let (mut s, mut c, mut cols) = advice(&z);
    let row = (0..z.len())
        .find(|i| z[*i] < 0 && z[*i] > -(1 << 12))
        .unwrap();
    s[row] = 0;
    let u = cols[0][row];
    let q = (u + 128) >> 8;
    c[row] = u8::from(q > 255);
    cols[1][row] = u + 128 - (q << 8);
    cols[2][row] = q.min(255);
    cols[3][row] = q.saturating_sub(255);
    let mut forged_outputs = FX.outputs(&z);
    forged_outputs[row] = q.min(255) as u8;
    assert_eq!(
        verify_forged((&z, &forged_outputs), s, c, cols),
        Err(ActivationError::InputMismatch)
    );
}

#[test]
fn changed_public_output_is_rejected() {
    // The honest advice of z proved under the statement (z, a'): the final check on ã fails.
    let z = FX.inputs(6);
    let (s, c, cols) = advice(&z);
    let a = FX.outputs_flipped(&z, 7);
    assert_eq!(
        verify_forged((&z, &a), s, c, cols),
        Err(ActivationError::OutputMismatch)
    );
}

#[test]
fn changed_public_input_is_rejected() {
    let z = FX.inputs(7);
    let (s, c, cols) = advice(&z);
    let other = inputs_bumped(&z, 9);
    assert_eq!(
        verify_forged((&other, &FX.outputs(&z)), s, c, cols),
        Err(ActivationError::InputMismatch)
    );
}

#[test]
fn statement_other_than_the_proved_one_is_rejected_at_the_first_challenge() {
    // The statement is absorbed before any challenge: a proof of (z, a) says nothing of
    // another statement, even one whose MLEs agree at the proof's final point.
    assert!(matches!(
        FX.verify_flipped_output(8, 3),
        Err(ActivationError::Range(RangeError::Lookup(
            LookupError::LayerSumcheck { layer: 1, .. }
        )))
    ));
}

#[test]
fn tampered_zero_check_round_is_rejected() {
    assert_eq!(
        FX.verify_tampered(8, |proof| {
            limbs(proof).zero_check.round_polynomials[2].evaluations[3] += Fr::from(1u64);
        }),
        Err(ActivationError::ZeroCheck(
            SumcheckError::RoundSumMismatch { round: 3 }
        ))
    );
}

#[test]
fn wrong_final_limb_value_is_rejected() {
    assert_eq!(
        FX.verify_tampered(9, |proof| limbs(proof).limb_values[0] += Fr::from(1u64)),
        Err(ActivationError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn wrong_bit_value_is_rejected() {
    assert_eq!(
        FX.verify_tampered(10, |proof| limbs(proof).bit_values[1] += Fr::from(1u64)),
        Err(ActivationError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn swapped_sign_commitment_is_rejected() {
    // Absorbed before every challenge: the lookup's first real layer already fails.
    assert_eq!(
        FX.verify_tampered(11, |proof| {
            limbs(proof).sign_commitment =
                limbs(&mut FX.prove(&FX.inputs(12))).sign_commitment.clone();
        }),
        Err(ActivationError::Range(RangeError::Lookup(
            FIRST_WITNESS_LAYER_FAILS
        )))
    );
}

#[test]
fn sign_that_is_not_a_bit_is_rejected() {
    // Row 0 has z = 0: with s = 2 (u = 0, rem = 2^{sh−1}, a = c = d = 0) every constraint but
    // s(1 − s) = 0 holds, and z̃ = ũ − 2^L·s̃ would move the row to −2^{L+1}.
    assert_eq!(
        verify_edited_advice(13, |z, (s, _, _)| {
            assert_eq!(z[0], 0);
            s[0] = 2;
        }),
        Err(ActivationError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn saturation_that_is_not_a_bit_is_rejected() {
    // Row 3 has q = 255 exactly: with c = 2, a = 255, d = 0 both linear constraints hold
    // (2^sh·a = −Q + 2·255·2^sh and 2^sh·d = 2·(Q − 255·2^sh) at Q = 255·2^sh); only
    // c(1 − c) = 0 rejects it.
    assert_eq!(
        verify_edited_advice(14, |_, (_, c, cols)| {
            assert_eq!((cols[2][3], cols[3][3], c[3]), (255, 0, 0));
            c[3] = 2;
        }),
        Err(ActivationError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn saturation_claimed_below_the_clamp_is_rejected() {
    // c = 1 with a = 255 on a row whose q < 255: 2^sh·d = Q − 255·2^sh is negative, so no d
    // in [0, 2^{L−sh+1}) exists; the cheater keeps d = 0 and the zero-check rejects it.
    let z = FX.inputs(15);
    let (s, mut c, mut cols) = advice(&z);
    let row = (0..z.len())
        .find(|i| (1..200).contains(&cols[2][*i]))
        .unwrap();
    c[row] = 1;
    cols[2][row] = 255;
    cols[3][row] = 0;
    let mut forged_outputs = FX.outputs(&z);
    forged_outputs[row] = 255;
    assert_eq!(
        verify_forged((&z, &forged_outputs), s, c, cols),
        Err(ActivationError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn wrong_claim_carried_from_the_next_layer_is_rejected() {
    // In a network the next layer's claim ã(P) = v rides in the zero-check: a verifier holding
    // another v rejects at the first round.
    use spazk_activation::verify_activation_deferred;
    use spazk_field::EvalClaim;
    use spazk_hyrax::OpeningChecks;
    let z = FX.inputs(16);
    let committed = spazk_activation::commit_activation(&SPEC, &z, &FX.params()).unwrap();
    let point: Vec<Fr> = (0..ROW_VARS as u64).map(|i| Fr::from(1000 + i)).collect();
    let eq = spazk_field::eq_table(&point);
    let value: Fr = FX
        .outputs(&z)
        .iter()
        .zip(&eq)
        .map(|(a, e)| *e * Fr::from(*a as u64))
        .sum();
    let honest = EvalClaim { point, value };
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    committed.absorb_commitments(&mut transcript);
    let (proof, _) =
        prove_committed_activation(&committed, Some(&honest), &FX.params(), &mut transcript)
            .unwrap();
    let check = |claim: &EvalClaim<Fr>| {
        let params = FX.params();
        let mut checks = OpeningChecks::new(&params);
        let mut transcript = Transcript::new(LOGUP_PROTOCOL);
        proof
            .absorb_commitments(&SPEC, ROW_VARS, &mut transcript)
            .unwrap();
        verify_activation_deferred(
            &SPEC,
            ROW_VARS,
            &proof,
            Some(claim),
            &mut checks,
            &mut transcript,
        )?;
        checks.finish().map_err(ActivationError::Openings)
    };
    assert_eq!(check(&honest), Ok(()));
    let wrong = EvalClaim {
        value: honest.value + Fr::from(1u64),
        ..honest.clone()
    };
    assert_eq!(
        check(&wrong),
        Err(ActivationError::ZeroCheck(
            SumcheckError::RoundSumMismatch { round: 0 }
        ))
    );
}

#[test]
fn advice_commitment_count_and_layout_are_fixed_by_the_spec() {
    // u: 3 limbs of 8, rem: 1, a: 1, d: 3 (17 bits rounded up to 24).
    let z = FX.inputs(20);
    let honest = FX.prove(&z);
    let mut proof = honest.clone();
    limbs(&mut proof).limb_commitments.pop();
    assert_eq!(
        FX.verify(&proof, &z, &FX.outputs(&z)),
        Err(ActivationError::Shape {
            what: "limb commitments",
            expected: 8,
            found: 7
        })
    );
    let mut proof = honest;
    let p = limbs(&mut proof);
    let other = spazk_hyrax::Layout {
        row_vars: p.sign_commitment.layout.row_vars + 1,
        col_vars: p.sign_commitment.layout.col_vars - 1,
    };
    use spazk_hyrax::Commit;
    p.sign_commitment = [0u8; 1 << ROW_VARS].commit(&FX.params(), other).unwrap();
    assert_eq!(
        FX.verify(&proof, &z, &FX.outputs(&z)),
        Err(ActivationError::Column(
            spazk_hyrax::HyraxError::LayoutMismatch
        ))
    );
}

#[test]
fn tampered_advice_opening_is_rejected() {
    // The one batched opening of s, c and every limb at the zero-check point.
    assert_eq!(
        FX.verify_tampered(21, |proof| limbs(proof).opening.u[0] += Fr::from(1u64)),
        Err(ActivationError::Column(
            spazk_hyrax::HyraxError::EvaluationMismatch
        ))
    );
}

#[test]
fn wrong_limb_value_count_is_rejected() {
    assert_eq!(
        FX.verify_tampered(22, |proof| {
            limbs(proof).limb_values.pop();
        }),
        Err(ActivationError::Shape {
            what: "limb values",
            expected: 8,
            found: 7
        })
    );
}

/// Limb width 6: `rem` and `a` (8 bits each) split 6 + 2, so each has a scaled top limb.
const SPEC6: ActivationSpec = ActivationSpec {
    input_bits: 18,
    shift: 8,
    limb_bits: 6,
};

/// Limb columns of `values` under `SPEC6`'s decomposition `k`, the top limb unmasked (a
/// cheater's value wider than its decomposition lands there).
fn limb_columns(k: usize, values: &[u64]) -> Vec<Vec<u32>> {
    let d = SPEC6.decompositions()[k];
    let w = d.limb_bits;
    (0..d.limbs())
        .map(|j| {
            values
                .iter()
                .map(|v| {
                    let limb = v >> (w * j as u32);
                    if j + 1 == d.limbs() {
                        limb as u32
                    } else {
                        (limb & ((1 << w) - 1)) as u32
                    }
                })
                .collect()
        })
        .collect()
}

/// Proves `SPEC6` advice with the given columns for the public `statement` and verifies it
/// there; the scaled top limbs of `rem` and `a` are the cheater's: `top·2^{w−r}` clamped into
/// the table.
fn verify_forged_wide(
    statement: Statement<'_>,
    s: Vec<u8>,
    c: Vec<u8>,
    cols: [Vec<u64>; 4],
) -> Result<(), ActivationError> {
    use spazk_activation::limbs::{commit_advice_limbs, prove_committed_with_scaled};
    let params = HyraxParams::with_default_seed(SPEC6.generators_needed(ROW_VARS));
    let limbs: [Vec<Vec<u32>>; 4] = std::array::from_fn(|k| limb_columns(k, &cols[k]));
    let scaled: Vec<Option<Vec<u32>>> = SPEC6
        .decompositions()
        .iter()
        .zip(&limbs)
        .map(|(d, l)| {
            let scale = 1u32 << (d.limb_bits - d.top_bits());
            d.has_scaled_top()
                .then(|| l[l.len() - 1].iter().map(|t| (t * scale).min(63)).collect())
        })
        .collect();
    let scaled_refs: Vec<Option<&[u32]>> = scaled.iter().map(Option::as_deref).collect();
    let committed = commit_advice_limbs(&SPEC6, s, c, limbs, &params).unwrap();
    let committed = CommittedActivation::Limbs(committed);
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    absorb_public_activation(statement.0, statement.1, &mut transcript);
    committed.absorb_commitments(&mut transcript);
    let CommittedActivation::Limbs(committed) = committed else {
        unreachable!()
    };
    let (proof, _) =
        prove_committed_with_scaled(&committed, &scaled_refs, None, &params, &mut transcript)
            .unwrap();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    verify_activation(
        &SPEC6,
        statement.0,
        statement.1,
        &ActivationProof::Limbs(proof),
        &params,
        &mut transcript,
    )
}

/// `SPEC6` honest advice.
fn advice6(z: &[i64]) -> Advice {
    advice_for(&SPEC6, z)
}

#[test]
fn wide_limb_harness_verifies_honest_advice() {
    assert_eq!(SPEC6.method(ROW_VARS), ActivationMethod::Limbs);
    let z = FX.inputs(17);
    let (s, c, cols) = advice6(&z);
    assert_eq!(
        verify_forged_wide((&z, &FX.outputs(&z)), s, c, cols),
        Ok(())
    );
}

#[test]
fn activation_of_256_in_an_in_range_top_limb_is_rejected() {
    // The pair-method hole's analogue: on a row with q = 256 the cheater claims c = 0, a = 256,
    // d = 0. Every constraint holds (2^sh·256 = Q), and 256 = 0 + 4·2^6 has limbs that fit the
    // 6-bit table; only the scaled top limb (4·2^4 = 64 ∉ [0, 64)) bounds a by 2^8, so the
    // cheater claims 63 for it.
    let mut z = FX.inputs(18);
    z[20] = 256 * 256;
    let (s, mut c, mut cols) = advice6(&z);
    assert_eq!((cols[2][20], cols[3][20], c[20]), (255, 1, 1));
    c[20] = 0;
    cols[2][20] = 256;
    cols[3][20] = 0;
    assert_eq!(
        verify_forged_wide((&z, &FX.outputs(&z)), s, c, cols),
        Err(ActivationError::Range(RangeError::ScaledLimbMismatch))
    );
}

#[test]
fn remainder_above_the_shift_is_rejected() {
    // rem + 2^sh with a − 1: the shift relation 2^sh·a = Q still holds and the output rounds
    // one down. rem's top limb (2 bits of 8) still fits the 6-bit table; only its scaled copy
    // bounds rem by 2^sh.
    let z = FX.inputs(19);
    let (s, c, mut cols) = advice6(&z);
    let row = (0..z.len())
        .find(|i| (1..255).contains(&cols[2][*i]))
        .unwrap();
    cols[1][row] += 256;
    cols[2][row] -= 1;
    let mut forged_outputs = FX.outputs(&z);
    forged_outputs[row] -= 1;
    assert_eq!(
        verify_forged_wide((&z, &forged_outputs), s, c, cols),
        Err(ActivationError::Range(RangeError::ScaledLimbMismatch))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn random_inputs_verify(seed in any::<u64>()) {
        prop_assert_eq!(FX.verify_honest(seed), Ok(()));
    }
}
