//! Named attacks on the activation argument as a whole, whatever the method: a proof of the
//! other method, a replay under another spec, a hostile spec, mutated proof bytes. Each must fail
//! with the exact error (or at least fail, for random mutations); none may panic the verifier.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use proptest::prelude::*;
use spazk_activation::{ActivationError, ActivationMethod, ActivationProof, ActivationSpec};
use spazk_logup::{LookupError, LOGUP_PROTOCOL};
use spazk_transcript::Transcript;

mod activation_fixture;
use activation_fixture::ActivationFixture;

/// Shapes that pick the pair method (1024 rows); sixteen of its rows pick the limb method.
const FX: ActivationFixture = activation_fixture::PAIR_METHOD;

#[test]
fn these_shapes_pick_the_pair_method_and_sixteen_rows_the_limb_method() {
    assert!(matches!(
        FX.spec.method(FX.row_vars),
        ActivationMethod::Pairs(_)
    ));
    assert_eq!(FX.spec.method(4), ActivationMethod::Limbs);
}

#[test]
fn proof_of_the_other_method_is_rejected() {
    let z = FX.inputs(16);
    let proof = FX.prove(&z);
    // Sixteen rows' shape picks the limb method.
    assert_eq!(
        FX.verify(&proof, &z[..16], &FX.outputs(&z)[..16]),
        Err(ActivationError::WrongActivationMethod)
    );
}

#[test]
fn replay_under_another_shift_is_rejected() {
    let other = ActivationSpec {
        shift: 5,
        ..FX.spec
    };
    assert_eq!(
        FX.verify_replayed_under(17, &other),
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
    let hostile = ActivationSpec {
        limb_bits: 0,
        ..FX.spec
    };
    let verdict = FX.verify_replayed_under(30, &hostile);
    assert_eq!(verdict, Err(hostile.check().unwrap_err()));
    let proof = FX.prove(&FX.inputs(30));
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    assert_eq!(
        proof.absorb_commitments(&hostile, FX.row_vars, &mut transcript),
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
        let z = FX.inputs(18);
        let mut bytes = Vec::new();
        FX.prove(&z).serialize_compressed(&mut bytes).unwrap();
        let mut mutated = bytes.clone();
        mutated[position.index(bytes.len())] ^= flip;
        if let Ok(proof) = ActivationProof::deserialize_compressed(mutated.as_slice()) {
            // A flip may land on bits the point encoding ignores (the identity's x bytes of
            // an all-zero multiplicity row): the decoded proof is then the original one.
            let mut again = Vec::new();
            proof.serialize_compressed(&mut again).unwrap();
            if again != bytes {
                prop_assert!(FX.verify(&proof, &z, &FX.outputs(&z)).is_err());
            }
        }
    }
}
