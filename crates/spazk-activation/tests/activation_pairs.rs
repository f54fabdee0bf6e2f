//! ReLU + requantize by the pair method (the one many rows pick): round trips, the next layer's
//! claim carried in the reduction, and named attacks with exact errors.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use ark_std::UniformRand;
use proptest::prelude::*;
use spazk_activation::pairs::{
    advice_layout, commit_advice, prove_committed_routed, PairActivationProof,
};
use spazk_activation::{
    absorb_public_activation, check_public_activation, prove_committed_activation,
    verify_activation_deferred, ActivationError, ActivationMethod, ActivationProof, ActivationSpec,
    CommittedActivation,
};
use spazk_field::EvalClaim;
use spazk_field::{eq_table, evaluate_mle, Fr};
use spazk_hyrax::{Commit, OpeningChecks};
use spazk_logup::{LookupError, LOGUP_PROTOCOL};
use spazk_sumcheck::SumcheckError;
use spazk_transcript::Transcript;

mod activation_fixture;
use activation_fixture::{
    inputs_bumped, ActivationFixture, Statement, FIRST_WITNESS_LAYER_FAILS, WITNESS_LEAVES_DISAGREE,
};

const FX: ActivationFixture = activation_fixture::PAIR_METHOD;
const SPEC: ActivationSpec = FX.spec;
const ROW_VARS: u32 = FX.row_vars;

fn table() -> spazk_activation::RequantizeTable {
    match SPEC.method(ROW_VARS) {
        ActivationMethod::Pairs(table) => table,
        ActivationMethod::Limbs => panic!("these shapes pick the pair method"),
    }
}

/// The pair method's own proof inside the dispatch enum.
fn pairs(proof: &mut ActivationProof) -> &mut PairActivationProof {
    let ActivationProof::Pairs(p) = proof else {
        panic!("these shapes pick the pair method")
    };
    p
}

/// The honest advice `[j, rem, a]`, for a cheater to edit.
fn advice(z: &[i64]) -> [Vec<u32>; 3] {
    let table = table();
    let mut cols: [Vec<u32>; 3] = Default::default();
    for z in z {
        let v = z + (1 << (SPEC.shift - 1));
        let q = v.div_euclid(1 << SPEC.shift);
        cols[0].push(table.quotient_index(q).unwrap());
        cols[1].push(v.rem_euclid(1 << SPEC.shift) as u32);
        cols[2].push(q.clamp(0, 255) as u32);
    }
    cols
}

/// Commits forged advice and proves it: stand-alone for a public `statement`, or in a network
/// carrying `output` (the next layer's claim).
fn prove_forged_with(
    statement: Option<Statement<'_>>,
    cols: [Vec<u32>; 3],
    output: Option<&EvalClaim<Fr>>,
) -> Result<ActivationProof, ActivationError> {
    let committed = CommittedActivation::Pairs(commit_advice(&SPEC, &table(), cols, &FX.params())?);
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    if let Some((z, a)) = statement {
        absorb_public_activation(z, a, &mut transcript);
    }
    committed.absorb_commitments(&mut transcript);
    Ok(prove_committed_activation(&committed, output, &FX.params(), &mut transcript)?.0)
}

fn prove_forged_carrying(
    cols: [Vec<u32>; 3],
    output: Option<&EvalClaim<Fr>>,
) -> Result<ActivationProof, ActivationError> {
    prove_forged_with(None, cols, output)
}

fn prove_forged(
    statement: Statement<'_>,
    cols: [Vec<u32>; 3],
) -> Result<ActivationProof, ActivationError> {
    prove_forged_with(Some(statement), cols, None)
}

/// Commits forged advice, proves it for the public `statement` and verifies it there.
fn verify_forged(statement: Statement<'_>, cols: [Vec<u32>; 3]) -> Result<(), ActivationError> {
    let proof = prove_forged(statement, cols).unwrap();
    FX.verify(&proof, statement.0, statement.1)
}

/// Verifies as a network does: commitments absorbed, `output` carried, openings settled.
fn verify_carrying(
    proof: &ActivationProof,
    output: &EvalClaim<Fr>,
) -> Result<spazk_activation::ActivationClaims, ActivationError> {
    let params = FX.params();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    proof.absorb_commitments(&SPEC, ROW_VARS, &mut transcript)?;
    let mut checks = OpeningChecks::new(&params);
    let claims = verify_activation_deferred(
        &SPEC,
        ROW_VARS,
        proof,
        Some(output),
        &mut checks,
        &mut transcript,
    )?;
    checks.finish().map_err(ActivationError::Openings)?;
    Ok(claims)
}

/// A claim on the output at a fixed point (its value is wrong for any honest output).
fn some_output_claim() -> EvalClaim<Fr> {
    EvalClaim {
        point: vec![Fr::from(5u64); ROW_VARS as usize],
        value: Fr::from(0u64),
    }
}

#[test]
fn many_rows_pick_the_pair_method_few_the_limb_method() {
    assert_eq!(table().quotient_bits, 10);
    assert_eq!(table().remainder_bits, 4);
    assert_eq!(SPEC.method(4), ActivationMethod::Limbs);
    // A table wider than 2^21 entries is never picked.
    let wide = ActivationSpec {
        input_bits: 40,
        shift: 2,
        limb_bits: 8,
    };
    assert_eq!(wide.requantize_table(), None);
    assert_eq!(wide.method(24), ActivationMethod::Limbs);
}

#[test]
fn honest_proof_verifies_and_commits_the_output() {
    let z = FX.inputs(1);
    let (proof, claims, committed) = FX.try_prove(&z).unwrap();
    assert_eq!(committed.activations(), FX.outputs(&z));
    assert_eq!(
        advice(&z)[2],
        FX.outputs(&z).iter().map(|a| *a as u32).collect::<Vec<_>>()
    );
    assert_eq!(FX.verify(&proof, &z, &FX.outputs(&z)), Ok(()));
    assert_eq!(claims.point.len(), ROW_VARS as usize);
    // The output commitment is the plain commitment of the activations.
    let direct = committed
        .activations()
        .commit(&FX.params(), advice_layout(ROW_VARS))
        .unwrap();
    assert_eq!(committed.output_commitment().unwrap(), direct);
    assert_eq!(proof.output_commitment(&SPEC, ROW_VARS).unwrap(), direct);
    // Bytes round trip.
    let mut bytes = Vec::new();
    proof.serialize_compressed(&mut bytes).unwrap();
    assert_eq!(
        ActivationProof::deserialize_compressed(bytes.as_slice()).unwrap(),
        proof
    );
}

/// Proves with the next layer's claim `ã(P) = value` carried along (`value_shift` added to the
/// true value), lets `tamper` edit the proof, and verifies it the same way, as a network does.
fn prove_and_verify_with_output_claim(
    z: &[i64],
    value_shift: u64,
    tamper: impl FnOnce(&mut PairActivationProof),
) -> Result<spazk_activation::ActivationClaims, ActivationError> {
    let params = FX.params();
    let mut rng = StdRng::seed_from_u64(77);
    let point: Vec<Fr> = (0..ROW_VARS).map(|_| Fr::rand(&mut rng)).collect();
    let eq = eq_table(&point);
    let value: Fr = FX
        .outputs(z)
        .iter()
        .zip(&eq)
        .map(|(a, e)| *e * Fr::from(*a as u64))
        .sum::<Fr>()
        + Fr::from(value_shift);
    let output = EvalClaim { point, value };
    let committed = spazk_activation::commit_activation(&SPEC, z, &params).unwrap();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    committed.absorb_commitments(&mut transcript);
    let (mut proof, _) =
        prove_committed_activation(&committed, Some(&output), &params, &mut transcript).unwrap();
    tamper(pairs(&mut proof));
    let claims = verify_carrying(&proof, &output)?;
    check_public_activation(&claims, z, &FX.outputs(z))?;
    Ok(claims)
}

#[test]
fn next_layer_claim_rides_in_the_reduction() {
    let z = FX.inputs(2);
    assert!(prove_and_verify_with_output_claim(&z, 0, |_| ()).is_ok());
}

#[test]
fn wrong_next_layer_claim_is_rejected() {
    let z = FX.inputs(3);
    assert_eq!(
        prove_and_verify_with_output_claim(&z, 1, |_| ()),
        // The prover derives p(1) from the claim, so the rounds pass and the end fails.
        Err(ActivationError::ReductionFinalMismatch)
    );
}

#[test]
fn output_claim_of_the_wrong_length_is_a_shape_error() {
    let z = FX.inputs(21);
    let short = EvalClaim {
        point: vec![Fr::from(5u64); ROW_VARS as usize - 1],
        value: Fr::from(0u64),
    };
    let shape = ActivationError::Shape {
        what: "output claim point",
        expected: ROW_VARS as usize,
        found: ROW_VARS as usize - 1,
    };
    assert_eq!(
        prove_forged_carrying(advice(&z), Some(&short)).err(),
        Some(shape.clone())
    );
    let proof = prove_forged_carrying(advice(&z), Some(&some_output_claim())).unwrap();
    assert_eq!(verify_carrying(&proof, &short), Err(shape));
}

#[test]
fn out_of_range_input_is_refused_by_the_prover() {
    assert!(matches!(
        FX.try_prove_out_of_range(4, 3),
        Err(ActivationError::InputOutOfRange { row: 3, .. })
    ));
}

#[test]
fn out_of_range_remainder_is_refused_by_the_prover() {
    // q − 1 and rem + 2^sh still satisfy z + 2^{sh−1} = 2^sh·q + rem; the remainder is not in
    // the table.
    let z = FX.inputs(5);
    let mut cols = advice(&z);
    let row = 20;
    cols[0][row] -= 1;
    cols[1][row] += 1 << SPEC.shift;
    cols[2][row] = table().entry(cols[0][row] as u64).y as u32;
    assert!(matches!(
        prove_forged((&z, &FX.outputs(&z)), cols),
        Err(ActivationError::Lookup(LookupError::ValueOutOfRange {
            column: 1,
            row: 20,
            ..
        }))
    ));
}

#[test]
fn wrong_relu_output_is_rejected() {
    let z = FX.inputs(6);
    let mut cols = advice(&z);
    let row = (0..z.len()).find(|i| z[*i] > 100 && z[*i] < 4000).unwrap();
    cols[2][row] += 1;
    // (q, a + 1) is no pair of the table: the leaves (read from the table at j) and the
    // committed columns disagree.
    assert_eq!(
        verify_forged((&z, &FX.outputs(&z)), cols),
        Err(WITNESS_LEAVES_DISAGREE)
    );
}

/// The forgery of a committed `a = 256`: every row with `0 ≤ q < 2^sh` commits `a = 256` and
/// its quotient column looks up the remainder entry of `q` instead of its quotient entry. Under
/// the former table encoding, remainder entries `(r, 256)`, the pair `(q, 256)` matched and
/// this proof was accepted with the next layer's claim on the forged `a`. The remainder half's
/// public tag `β²` (added by the verifier to the remainder column only) no longer lets it: the
/// leaves the prover built disagree with the committed columns' claims.
fn route_quotients_to_the_remainder_half(cols: &mut [Vec<u32>; 3]) -> Vec<u32> {
    let table = table();
    let mut routed = cols[0].clone();
    for row in 0..routed.len() {
        let q = cols[0][row] as i64 - table.quotient_offset();
        if (0..1 << SPEC.shift).contains(&q) {
            cols[2][row] = 256;
            routed[row] = table.remainder_index(q as u64).unwrap();
        }
    }
    routed
}

/// The table indices the remainder column looks up honestly.
fn remainder_lookups(cols: &[Vec<u32>; 3]) -> Vec<u32> {
    cols[1]
        .iter()
        .map(|r| table().remainder_index(*r as u64).unwrap())
        .collect()
}

/// Proves `cols` with the columns looking up `lookups`, carrying `output`; verifies as a network.
fn prove_routed_and_verify(
    cols: [Vec<u32>; 3],
    lookups: [&[u32]; 2],
) -> Result<spazk_activation::ActivationClaims, ActivationError> {
    // The next layer's claim on the committed activations cols[2], at a seeded random point.
    let mut rng = StdRng::seed_from_u64(22);
    let point: Vec<Fr> = (0..ROW_VARS).map(|_| Fr::rand(&mut rng)).collect();
    let a: Vec<Fr> = cols[2].iter().map(|a| Fr::from(*a as u64)).collect();
    let output = EvalClaim {
        value: evaluate_mle(&a, &point).unwrap(),
        point,
    };
    let committed = commit_advice(&SPEC, &table(), cols, &FX.params()).unwrap();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    committed.absorb_commitments(&mut transcript);
    let (proof, _) = prove_committed_routed(
        &committed,
        lookups,
        Some(&output),
        &FX.params(),
        &mut transcript,
    )
    .unwrap();
    verify_carrying(&ActivationProof::Pairs(proof), &output)
}

/// [`prove_routed_and_verify`] with the quotient column looking up its committed indices and
/// the remainder column `remainders`.
fn prove_remainders_routed_and_verify(
    cols: [Vec<u32>; 3],
    remainders: &[u32],
) -> Result<spazk_activation::ActivationClaims, ActivationError> {
    let quotients = cols[0].clone();
    prove_routed_and_verify(cols, [&quotients, remainders])
}

#[test]
fn quotient_column_routed_to_the_remainder_half_is_rejected() {
    let z = FX.inputs(21);
    let mut cols = advice(&z);
    let routed = route_quotients_to_the_remainder_half(&mut cols);
    assert!(routed.iter().zip(&cols[0]).filter(|(r, j)| r != j).count() > 10);
    let remainders = remainder_lookups(&cols);
    assert_eq!(
        prove_routed_and_verify(cols, [&routed, &remainders]),
        Err(WITNESS_LEAVES_DISAGREE)
    );
}

#[test]
fn remainder_column_routed_to_the_quotient_half_is_rejected() {
    // A zero remainder looks up the quotient entry (0, 0, 0) instead of (0, 0, 1): only the
    // remainder half's public tag β² tells them apart (a committed remainder below zero could
    // otherwise pass as a quotient entry and move the rounding).
    let z = FX.inputs(23);
    let cols = advice(&z);
    let mut remainders = remainder_lookups(&cols);
    let zero_quotient = table().quotient_index(0).unwrap();
    let mut routed = 0;
    for (lookup, rem) in remainders.iter_mut().zip(&cols[1]) {
        if *rem == 0 {
            *lookup = zero_quotient;
            routed += 1;
        }
    }
    assert!(routed > 0);
    assert_eq!(
        prove_remainders_routed_and_verify(cols, &remainders),
        Err(WITNESS_LEAVES_DISAGREE)
    );
}

#[test]
fn out_of_range_remainder_looking_up_an_in_range_entry_is_rejected() {
    // (q − 1, rem + 2^sh) recomposes the same z and a = clamp(q − 1) is a pair of the table; the
    // remainder column looks up the entry of the in-range rem while committing rem + 2^sh.
    let z = FX.inputs(24);
    let mut cols = advice(&z);
    let remainders = remainder_lookups(&cols);
    let row = (0..z.len()).find(|i| z[*i] > 100 && z[*i] < 4000).unwrap();
    cols[0][row] -= 1;
    cols[1][row] += 1 << SPEC.shift;
    cols[2][row] -= 1;
    assert_eq!(
        prove_remainders_routed_and_verify(cols, &remainders),
        Err(WITNESS_LEAVES_DISAGREE)
    );
}

#[test]
fn swapped_quotient_or_remainder_commitment_is_rejected() {
    let z = FX.inputs(25);
    let mut other = FX.prove(&FX.inputs(26));
    let other = &*pairs(&mut other);
    for column in 0..2 {
        let mut proof = FX.prove(&z);
        let p = pairs(&mut proof);
        let (this, theirs) = match column {
            0 => (&mut p.quotient_commitment, &other.quotient_commitment),
            _ => (&mut p.remainder_commitment, &other.remainder_commitment),
        };
        *this = theirs.clone();
        // The swapped commitment changes every challenge after it.
        assert_eq!(
            FX.verify(&proof, &z, &FX.outputs(&z)),
            Err(ActivationError::Lookup(FIRST_WITNESS_LAYER_FAILS))
        );
    }
}

#[test]
fn forged_wide_output_never_panics_the_prover() {
    // An activation of 300, with the next layer's claim carried: the prover's small-value tables
    // do not cover it; the prover still runs (the byte commitment keeps 300 mod 256), and the
    // verifier rejects.
    let z = FX.inputs(19);
    let mut cols = advice(&z);
    cols[2][5] = 300;
    let output = some_output_claim();
    let proof = prove_forged_carrying(cols, Some(&output)).unwrap();
    assert_eq!(
        verify_carrying(&proof, &output),
        Err(WITNESS_LEAVES_DISAGREE)
    );
}

#[test]
fn out_of_range_remainder_with_a_carried_claim_is_refused_by_the_prover() {
    let z = FX.inputs(20);
    let mut cols = advice(&z);
    cols[1][6] = 1 << 20;
    assert!(matches!(
        prove_forged_carrying(cols, Some(&some_output_claim())),
        Err(ActivationError::Lookup(LookupError::ValueOutOfRange {
            column: 1,
            ..
        }))
    ));
}

#[test]
fn wrong_shift_remainder_is_rejected() {
    let z = FX.inputs(7);
    let mut cols = advice(&z);
    let row = (0..z.len()).find(|i| cols[1][*i] < 15).unwrap();
    cols[1][row] += 1;
    // Every lookup holds; the remainder no longer recomposes z.
    assert_eq!(
        verify_forged((&z, &FX.outputs(&z)), cols),
        Err(ActivationError::InputMismatch)
    );
}

#[test]
fn quotient_and_output_moved_together_are_rejected() {
    // (q + 1, clamp(q + 1)) is a pair of the table, so the lookup holds; z does not.
    let z = FX.inputs(8);
    let mut cols = advice(&z);
    let row = (0..z.len()).find(|i| z[*i] > 100 && z[*i] < 4000).unwrap();
    cols[0][row] += 1;
    cols[2][row] += 1;
    let mut forged = FX.outputs(&z);
    forged[row] += 1;
    assert_eq!(
        verify_forged((&z, &forged), cols),
        Err(ActivationError::InputMismatch)
    );
}

#[test]
fn changed_public_output_is_rejected() {
    // The honest advice of z proved under the statement (z, a'): the final check on ã fails.
    let z = FX.inputs(9);
    let a = FX.outputs_flipped(&z, 7);
    assert_eq!(
        verify_forged((&z, &a), advice(&z)),
        Err(ActivationError::OutputMismatch)
    );
}

#[test]
fn changed_public_input_is_rejected() {
    let z = FX.inputs(10);
    let other = inputs_bumped(&z, 9);
    assert_eq!(
        verify_forged((&other, &FX.outputs(&z)), advice(&z)),
        Err(ActivationError::InputMismatch)
    );
}

#[test]
fn statement_other_than_the_proved_one_is_rejected_at_the_first_challenge() {
    // The statement is absorbed before any challenge: a proof of (z, a) says nothing of
    // another statement, even one whose MLEs agree at the proof's final point (found by an
    // attack with lattice reduction while the statement was not absorbed).
    assert!(matches!(
        FX.verify_flipped_output(11, 3),
        Err(ActivationError::Lookup(LookupError::LayerSumcheck {
            layer: 1,
            ..
        }))
    ));
}

#[test]
fn tampered_reduction_round_is_rejected() {
    let z = FX.inputs(11);
    assert_eq!(
        prove_and_verify_with_output_claim(&z, 0, |p| {
            p.reduction.round_polynomials[2].evaluations[2] += Fr::from(1u64)
        }),
        Err(ActivationError::Reduction(
            SumcheckError::RoundSumMismatch { round: 3 }
        ))
    );
}

#[test]
fn reduction_rounds_where_none_belong_are_rejected() {
    // Without the next layer's claim the columns are opened at the lookup's point: a proof
    // carrying reduction rounds there is malformed.
    let z = FX.inputs(11);
    let mut carrying = prove_forged_carrying(advice(&z), Some(&some_output_claim())).unwrap();
    let rounds = pairs(&mut carrying).reduction.clone();
    let mut proof = FX.prove(&z);
    pairs(&mut proof).reduction = rounds;
    assert_eq!(
        FX.verify(&proof, &z, &FX.outputs(&z)),
        Err(ActivationError::Reduction(
            SumcheckError::WrongNumberOfRounds {
                expected: 0,
                found: ROW_VARS as usize + 1
            }
        ))
    );
}

#[test]
fn wrong_final_column_value_is_rejected() {
    assert_eq!(
        FX.verify_tampered(12, |proof| pairs(proof).values[1] += Fr::from(1u64)),
        Err(ActivationError::ReductionFinalMismatch)
    );
}

#[test]
fn wrong_opening_is_rejected() {
    // A tampered opening vector: the value check or the deferred group equation fails.
    assert!(matches!(
        FX.verify_tampered(13, |proof| pairs(proof).opening.u[0] += Fr::from(1u64)),
        Err(ActivationError::Column(_)) | Err(ActivationError::Openings(_))
    ));
}

#[test]
fn swapped_output_commitment_is_rejected() {
    let other = pairs(&mut FX.prove(&FX.inputs(15)))
        .output_commitment
        .clone();
    // The swapped commitment changes every challenge after it.
    assert_eq!(
        FX.verify_tampered(14, |proof| pairs(proof).output_commitment = other),
        Err(ActivationError::Lookup(FIRST_WITNESS_LAYER_FAILS))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    #[test]
    fn random_inputs_verify(seed in any::<u64>()) {
        prop_assert_eq!(FX.verify_honest(seed), Ok(()));
    }
}
