//! ReLU + requantize by the limb method (the one few rows pick): plain semantics, round trips,
//! and named attacks with exact errors.

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use proptest::prelude::*;
use spazk_hyrax::HyraxParams;
use spazk_logup::activation::limbs::{commit_advice, LimbActivationProof};
use spazk_logup::prove_committed_activation;
use spazk_logup::{
    check_public_activation, prove_activation, relu_requantize, verify_activation,
    ActivationMethod, ActivationProof, ActivationSpec, CommittedActivation, LogUpError,
    LOGUP_PROTOCOL,
};
use spazk_sumcheck::SumcheckError;
use spazk_transcript::Transcript;

const SPEC: ActivationSpec = ActivationSpec {
    input_bits: 18,
    shift: 8,
    limb_bits: 8,
};
const ROW_VARS: u32 = 6;

fn params() -> HyraxParams {
    HyraxParams::with_default_seed(SPEC.generators_needed(ROW_VARS))
}

fn inputs(seed: u64) -> Vec<i64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let bound = 1i64 << SPEC.input_bits;
    let mut z: Vec<i64> = (0..1 << ROW_VARS)
        .map(|_| rng.gen_range(-bound / 8..bound / 8))
        .collect();
    // The edges: zero, the rounding boundary, the clamp, the bounds.
    z[..6].copy_from_slice(&[0, 127, 128, 255 * 256 + 127, bound - 1, -bound]);
    z
}

fn outputs(z: &[i64]) -> Vec<u8> {
    z.iter().map(|z| relu_requantize(*z, SPEC.shift)).collect()
}

fn verify(proof: &ActivationProof, z: &[i64], a: &[u8]) -> Result<(), LogUpError> {
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    let claims = verify_activation(&SPEC, ROW_VARS, proof, &params(), &mut transcript)?;
    check_public_activation(&claims, z, a)
}

fn prove(z: &[i64]) -> ActivationProof {
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    prove_activation(&SPEC, z, &params(), &mut transcript)
        .unwrap()
        .0
}

/// The limb method's own proof inside the dispatch enum.
fn limbs(proof: &mut ActivationProof) -> &mut LimbActivationProof {
    match proof {
        ActivationProof::Limbs(p) => p,
        ActivationProof::Pairs(_) => panic!("these shapes pick the limb method"),
    }
}

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
    let z = inputs(1);
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    let (proof, claims, committed) =
        prove_activation(&SPEC, &z, &params(), &mut transcript).unwrap();
    assert_eq!(committed.activations(), outputs(&z));
    assert_eq!(verify(&proof, &z, &committed.activations()), Ok(()));
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    assert_eq!(
        verify_activation(&SPEC, ROW_VARS, &proof, &params(), &mut transcript).unwrap(),
        claims
    );
    // The output commitment is the plain commitment of the activations.
    use spazk_hyrax::Commit;
    let direct = committed
        .activations()
        .commit(&params(), spazk_logup::LimbDecomposition::layout(ROW_VARS))
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
    let mut z = inputs(2);
    z[3] = 1 << SPEC.input_bits;
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    assert!(matches!(
        prove_activation(&SPEC, &z, &params(), &mut transcript),
        Err(LogUpError::ValueOutOfRange { row: 3, .. })
    ));
}

/// The honest advice columns, for a cheater to edit.
fn advice(z: &[i64]) -> (Vec<u8>, Vec<u8>, [Vec<u64>; 4]) {
    let l = SPEC.sign_bits();
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

fn prove_forged(s: Vec<u8>, c: Vec<u8>, cols: [Vec<u64>; 4]) -> ActivationProof {
    let committed =
        CommittedActivation::Limbs(commit_advice(&SPEC, s, c, cols, &params()).unwrap());
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    committed.absorb_commitments(&mut transcript);
    prove_committed_activation(&committed, None, &params(), &mut transcript)
        .unwrap()
        .0
}

#[test]
fn wrong_relu_output_is_rejected() {
    let z = inputs(3);
    let (s, c, mut cols) = advice(&z);
    let row = 10;
    cols[2][row] = (cols[2][row] + 1) % 256;
    let proof = prove_forged(s, c, cols);
    assert_eq!(
        verify(&proof, &z, &outputs(&z)),
        // The prover derives p(1) from the claim, so the rounds pass and the end fails.
        Err(LogUpError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn wrong_shift_remainder_is_rejected() {
    let z = inputs(4);
    let (s, c, mut cols) = advice(&z);
    cols[1][12] ^= 1;
    let proof = prove_forged(s, c, cols);
    assert_eq!(
        verify(&proof, &z, &outputs(&z)),
        // The prover derives p(1) from the claim, so the rounds pass and the end fails.
        Err(LogUpError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn wrong_sign_bit_is_rejected() {
    // A negative z claimed positive: u = z + 2^L is kept (in range), s = 0, and the output is
    // computed from u as if it were the ReLU. Every constraint holds; z̃ no longer matches.
    let z = inputs(5);
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
    let mut forged_outputs = outputs(&z);
    forged_outputs[row] = q.min(255) as u8;
    let proof = prove_forged(s, c, cols);
    assert_eq!(
        verify(&proof, &z, &forged_outputs),
        Err(LogUpError::InputMismatch)
    );
}

#[test]
fn changed_public_output_is_rejected() {
    let z = inputs(6);
    let proof = prove(&z);
    let mut a = outputs(&z);
    a[7] ^= 1;
    assert_eq!(verify(&proof, &z, &a), Err(LogUpError::OutputMismatch));
}

#[test]
fn changed_public_input_is_rejected() {
    let z = inputs(7);
    let proof = prove(&z);
    let mut other = z.clone();
    other[9] += 1;
    assert_eq!(
        verify(&proof, &other, &outputs(&z)),
        Err(LogUpError::InputMismatch)
    );
}

#[test]
fn tampered_zero_check_round_is_rejected() {
    let z = inputs(8);
    let mut proof = prove(&z);
    limbs(&mut proof).zero_check.round_polynomials[2].evaluations[3] += spazk_field::Fr::from(1u64);
    assert_eq!(
        verify(&proof, &z, &outputs(&z)),
        Err(LogUpError::ZeroCheck(SumcheckError::RoundSumMismatch {
            round: 3
        }))
    );
}

#[test]
fn wrong_final_limb_value_is_rejected() {
    let z = inputs(9);
    let mut proof = prove(&z);
    limbs(&mut proof).limb_values[0] += spazk_field::Fr::from(1u64);
    assert_eq!(
        verify(&proof, &z, &outputs(&z)),
        Err(LogUpError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn wrong_bit_value_is_rejected() {
    let z = inputs(10);
    let mut proof = prove(&z);
    limbs(&mut proof).bit_values[1] += spazk_field::Fr::from(1u64);
    assert_eq!(
        verify(&proof, &z, &outputs(&z)),
        Err(LogUpError::ZeroCheckFinalMismatch)
    );
}

#[test]
fn swapped_sign_commitment_is_rejected() {
    let z = inputs(11);
    let mut proof = prove(&z);
    limbs(&mut proof).sign_commitment = limbs(&mut prove(&inputs(12))).sign_commitment.clone();
    assert!(verify(&proof, &z, &outputs(&z)).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn random_inputs_verify(seed in any::<u64>()) {
        let z = inputs(seed);
        prop_assert_eq!(verify(&prove(&z), &z, &outputs(&z)), Ok(()));
    }
}
