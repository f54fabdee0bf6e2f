//! Named attacks on the activation argument as a whole, whatever the method: a proof of the
//! other method, a replay under another spec, a hostile spec, mutated proof bytes. Each must fail
//! with the exact error (or at least fail, for random mutations); none may panic the verifier.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use proptest::prelude::*;
use spazk_activation::{
    prove_activation, relu_requantize, verify_activation, ActivationError, ActivationMethod,
    ActivationProof, ActivationSpec,
};
use spazk_hyrax::HyraxParams;
use spazk_logup::{LookupError, LOGUP_PROTOCOL};
use spazk_transcript::Transcript;

/// Shapes that pick the pair method (1024 rows); sixteen of its rows pick the limb method.
const SPEC: ActivationSpec = ActivationSpec {
    input_bits: 12,
    shift: 4,
    limb_bits: 8,
};
const ROW_VARS: u32 = 10;

fn params() -> HyraxParams {
    HyraxParams::with_default_seed(SPEC.generators_needed(ROW_VARS))
}

fn inputs(seed: u64) -> Vec<i64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let bound = 1i64 << SPEC.input_bits;
    let mut z: Vec<i64> = (0..1 << ROW_VARS)
        .map(|_| rng.gen_range(-bound..bound))
        .collect();
    // The edges: zero, the rounding boundary, the clamp, the bounds.
    z[..7].copy_from_slice(&[0, 7, 8, 255 * 16 + 7, 255 * 16 + 8, bound - 1, -bound]);
    z
}

fn outputs(z: &[i64]) -> Vec<u8> {
    z.iter().map(|z| relu_requantize(*z, SPEC.shift)).collect()
}

fn verify(proof: &ActivationProof, z: &[i64], a: &[u8]) -> Result<(), ActivationError> {
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    verify_activation(&SPEC, z, a, proof, &params(), &mut transcript)
}

fn prove(z: &[i64]) -> ActivationProof {
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    prove_activation(&SPEC, z, &params(), &mut transcript)
        .unwrap()
        .0
}

#[test]
fn these_shapes_pick_the_pair_method_and_sixteen_rows_the_limb_method() {
    assert!(matches!(SPEC.method(ROW_VARS), ActivationMethod::Pairs(_)));
    assert_eq!(SPEC.method(4), ActivationMethod::Limbs);
}

#[test]
fn proof_of_the_other_method_is_rejected() {
    let z = inputs(16);
    let proof = prove(&z);
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    // Sixteen rows' shape picks the limb method.
    assert_eq!(
        verify_activation(
            &SPEC,
            &z[..16],
            &outputs(&z)[..16],
            &proof,
            &params(),
            &mut transcript
        ),
        Err(ActivationError::WrongActivationMethod)
    );
}

#[test]
fn replay_under_another_shift_is_rejected() {
    let z = inputs(17);
    let proof = prove(&z);
    let other = ActivationSpec { shift: 5, ..SPEC };
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    assert_eq!(
        verify_activation(&other, &z, &outputs(&z), &proof, &params(), &mut transcript),
        // Another shift, another table: its multiplicities have another size.
        Err(ActivationError::Lookup(LookupError::Multiplicity(
            spazk_hyrax::HyraxError::LayoutMismatch
        )))
    );
}

#[test]
fn spec_with_zero_limb_width_is_an_error_not_a_panic() {
    // The method's choice divides by the limb width; the stand-alone verifier checks the widths
    // before anything else.
    let z = inputs(30);
    let proof = prove(&z);
    let hostile = ActivationSpec {
        limb_bits: 0,
        ..SPEC
    };
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    let verdict = verify_activation(
        &hostile,
        &z,
        &outputs(&z),
        &proof,
        &params(),
        &mut transcript,
    );
    assert_eq!(verdict, Err(hostile.check().unwrap_err()));
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    assert_eq!(
        proof.absorb_commitments(&hostile, ROW_VARS, &mut transcript),
        Err(hostile.check().unwrap_err())
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    #[test]
    fn mutated_bytes_never_panic_and_never_verify(
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let z = inputs(18);
        let mut bytes = Vec::new();
        prove(&z).serialize_compressed(&mut bytes).unwrap();
        let mut mutated = bytes.clone();
        mutated[position.index(bytes.len())] ^= flip;
        if let Ok(proof) = ActivationProof::deserialize_compressed(mutated.as_slice()) {
            // A flip may land on bits the point encoding ignores (the identity's x bytes of
            // an all-zero multiplicity row): the decoded proof is then the original one.
            let mut again = Vec::new();
            proof.serialize_compressed(&mut again).unwrap();
            if again != bytes {
                prop_assert!(verify(&proof, &z, &outputs(&z)).is_err());
            }
        }
    }
}
