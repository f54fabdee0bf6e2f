//! End-to-end proofs of small seeded models, their file formats, and named attacks (exact
//! errors, no panics).

mod verifying;

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use proptest::prelude::*;
use spazk_hyrax::HyraxParams;
use spazk_mlp::prover::prove_inference_on;
use spazk_mlp::{
    prove_inference, CommittedModel, InferenceProof, MlpError, Model, ModelCommitment, ProvingKey,
    VerifyingKey,
};
use spazk_sumcheck::{SumcheckError, VerifyError};
use verifying::{verify, verify_against};

fn model(seed: u64) -> Model {
    Model::random(&[64, 32, 16, 10], 0.25, seed).unwrap()
}

fn inputs(seed: u64, batch: usize) -> Vec<Vec<u8>> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..batch)
        .map(|_| (0..64).map(|_| rng.gen()).collect())
        .collect()
}

struct Fixture {
    key: ProvingKey,
    verifying: VerifyingKey,
    inputs: Vec<Vec<u8>>,
    outputs: Vec<Vec<i64>>,
    proof: InferenceProof,
}

fn fixture(batch: usize) -> Fixture {
    let key = ProvingKey::commit(model(1), batch).unwrap();
    assert!(key.commitment().generators_needed(batch) <= 256);
    let inputs = inputs(2, batch);
    let (outputs, proof) = prove_inference(&key, &inputs).unwrap();
    Fixture {
        verifying: key.verifying_key(),
        key,
        inputs,
        outputs,
        proof,
    }
}

impl Fixture {
    fn verify_with(
        &self,
        commitment: &ModelCommitment,
        inputs: &[Vec<u8>],
        outputs: &[Vec<i64>],
        proof: &InferenceProof,
    ) -> Result<(), MlpError> {
        verify_against(&self.verifying, commitment, inputs, outputs, proof)
    }

    fn verify(&self, proof: &InferenceProof) -> Result<(), MlpError> {
        self.verify_with(self.key.commitment(), &self.inputs, &self.outputs, proof)
    }
}

#[test]
fn single_and_batched_proofs_verify() {
    for batch in [1, 3, 4] {
        let f = fixture(batch);
        assert_eq!(f.outputs, f.key.model().infer(&f.inputs).unwrap().outputs());
        assert_eq!(f.verify(&f.proof), Ok(()));
        let bytes = f.proof.to_bytes();
        assert_eq!(
            f.verify(&InferenceProof::from_bytes(&bytes).unwrap()),
            Ok(())
        );
    }
}

#[test]
fn commitment_file_round_trip_and_digest() {
    let f = fixture(1);
    let bytes = f.key.commitment().to_bytes();
    let decoded = ModelCommitment::from_bytes(&bytes).unwrap();
    assert_eq!(&decoded, f.key.commitment());
    assert_eq!(decoded.digest(), f.key.commitment().digest());
    // The same model always gives the same digest.
    let again = ProvingKey::commit(model(1), 1).unwrap();
    assert_eq!(
        again.commitment().digest_hex(),
        f.key.commitment().digest_hex()
    );
    assert_ne!(
        ProvingKey::commit(model(9), 1)
            .unwrap()
            .commitment()
            .digest(),
        f.key.commitment().digest()
    );
}

#[test]
fn malformed_commitment_files_are_rejected() {
    let bytes = fixture(1).key.commitment().to_bytes();
    for cut in [0, 4, 11, bytes.len() / 2, bytes.len() - 1] {
        assert!(matches!(
            ModelCommitment::from_bytes(&bytes[..cut]),
            Err(MlpError::Malformed { .. })
        ));
    }
    let mut bad = bytes.clone();
    bad[0] ^= 1;
    assert!(matches!(
        ModelCommitment::from_bytes(&bad),
        Err(MlpError::Malformed { .. })
    ));
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        ModelCommitment::from_bytes(&longer),
        Err(MlpError::Malformed { .. })
    ));
    // A hostile layer count.
    let mut huge = bytes.clone();
    huge[32..36].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(
        ModelCommitment::from_bytes(&huge),
        Err(MlpError::FieldOutOfRange { field, .. }) if field == "layer count"
    ));
}

#[test]
fn changed_output_is_rejected() {
    let f = fixture(2);
    let mut outputs = f.outputs.clone();
    outputs[1][3] += 1;
    assert_eq!(
        f.verify_with(f.key.commitment(), &f.inputs, &outputs, &f.proof),
        first_round_error()
    );
}

#[test]
fn changed_input_is_rejected() {
    let f = fixture(2);
    let mut inputs = f.inputs.clone();
    inputs[0][5] ^= 1;
    assert_eq!(
        f.verify_with(f.key.commitment(), &inputs, &f.outputs, &f.proof),
        first_round_error()
    );
}

#[test]
fn another_models_commitment_is_rejected() {
    let f = fixture(1);
    let other = ProvingKey::commit(model(5), 1).unwrap();
    assert_eq!(
        f.verify_with(other.commitment(), &f.inputs, &f.outputs, &f.proof),
        first_round_error()
    );
}

#[test]
fn swapped_layer_proofs_are_rejected() {
    let f = fixture(1);
    let mut proof = f.proof.clone();
    proof.layers.swap(0, 1);
    assert!(matches!(
        f.verify(&proof),
        Err(MlpError::Linear { .. }) | Err(MlpError::Shape { .. })
    ));
    let mut proof = f.proof.clone();
    proof.activations.swap(0, 1);
    assert!(matches!(
        f.verify(&proof),
        Err(MlpError::Activation { layer: 0, .. })
    ));
}

#[test]
fn wrong_claim_on_a_hidden_input_is_rejected() {
    // The middle layer claims another value for its input (the activation below) and rescales
    // its weight evaluation to keep the product: the weight opening catches the latter; with
    // the weight evaluation kept, the sumcheck's end does.
    let f = fixture(1);
    let mut proof = f.proof.clone();
    proof.layers[1].linear.input_evaluation += spazk_field::Fr::from(1u64);
    assert_eq!(
        f.verify(&proof),
        Err(MlpError::Linear {
            layer: 1,
            source: VerifyError::FinalEvaluationMismatch
        })
    );
}

/// Moves one value the activation proof ends on; returns the error its method must give.
fn tamper_activation(
    proof: &mut spazk_activation::ActivationProof,
) -> spazk_activation::ActivationError {
    use spazk_activation::{ActivationError, ActivationProof};
    match proof {
        ActivationProof::Limbs(p) => {
            p.limb_values[0] += spazk_field::Fr::from(1u64);
            ActivationError::ZeroCheckFinalMismatch
        }
        ActivationProof::Pairs(p) => {
            p.values[1] += spazk_field::Fr::from(1u64);
            ActivationError::ReductionFinalMismatch
        }
    }
}

#[test]
fn tampered_activation_is_rejected() {
    let f = fixture(1);
    let mut proof = f.proof.clone();
    assert!(matches!(
        proof.activations[1],
        spazk_activation::ActivationProof::Limbs(_)
    ));
    let expected = tamper_activation(&mut proof.activations[1]);
    assert_eq!(
        f.verify(&proof),
        Err(MlpError::Activation {
            layer: 1,
            source: expected
        })
    );
}

#[test]
fn large_batches_prove_activations_by_pairs() {
    // 32 × 256 hidden rows amortize the requantization table: the pair method, with the
    // next layer's claim carried in its reduction.
    let batch = 256;
    let key = ProvingKey::commit(model(1), batch).unwrap();
    let verifying = key.verifying_key();
    let inputs = inputs(5, batch);
    let (outputs, proof) = prove_inference(&key, &inputs).unwrap();
    assert!(matches!(
        proof.activations[0],
        spazk_activation::ActivationProof::Pairs(_)
    ));
    assert_eq!(verify(&verifying, &inputs, &outputs, &proof), Ok(()));
    let mut tampered = proof.clone();
    let expected = tamper_activation(&mut tampered.activations[0]);
    assert_eq!(
        verify(&verifying, &inputs, &outputs, &tampered),
        Err(MlpError::Activation {
            layer: 0,
            source: expected
        })
    );
}

#[test]
fn tampered_weight_opening_is_rejected() {
    let f = fixture(1);
    let mut proof = f.proof.clone();
    proof.layers[2].linear.weight_opening.u[1] += spazk_field::Fr::from(1u64);
    assert_eq!(
        f.verify(&proof),
        Err(MlpError::Linear {
            layer: 2,
            source: VerifyError::Weight(spazk_hyrax::HyraxError::EvaluationMismatch)
        })
    );
}

/// The first challenge's error: the transcript differs, so the output layer's first round does.
fn first_round_error() -> Result<(), MlpError> {
    Err(MlpError::Linear {
        layer: 2,
        source: VerifyError::Sumcheck(SumcheckError::RoundSumMismatch { round: 0 }),
    })
}

#[test]
fn swapped_advice_commitment_is_rejected_at_the_first_challenge() {
    // Advice commitments are absorbed with the statement, before the output point is drawn.
    let f = fixture(1);
    let (_, other) = prove_inference(&f.key, &inputs(9, 1)).unwrap();
    let mut proof = f.proof.clone();
    match (&mut proof.activations[0], &other.activations[0]) {
        (
            spazk_activation::ActivationProof::Limbs(p),
            spazk_activation::ActivationProof::Limbs(o),
        ) => p.sign_commitment = o.sign_commitment.clone(),
        _ => panic!("batch 1 picks the limb method"),
    }
    assert_eq!(f.verify(&proof), first_round_error());
}

#[test]
fn padded_batch_presented_as_a_real_batch_is_rejected() {
    // Batch 3 is proved as 4 rows (the last repeated); the same rows claimed as a batch of 4
    // change the absorbed batch size.
    let f = fixture(3);
    let mut inputs = f.inputs.clone();
    inputs.push(inputs[2].clone());
    let mut outputs = f.outputs.clone();
    outputs.push(outputs[2].clone());
    assert_eq!(
        f.verify_with(f.key.commitment(), &inputs, &outputs, &f.proof),
        first_round_error()
    );
}

#[test]
fn padding_row_of_another_input_is_rejected() {
    // The padding row is not the prover's to choose: the verifier computes the padded output
    // table by repeating the last output, so a trace padded with another input no longer sums
    // to the output claim and the first layer's sumcheck ends on a wrong value.
    let f = fixture(3);
    let mut computed = f.inputs.clone();
    computed.push(inputs(9, 1).remove(0));
    let (outputs, proof) = prove_inference_on(&f.key, &f.inputs, &computed).unwrap();
    assert_eq!(outputs, f.outputs);
    assert_eq!(
        f.verify(&proof),
        Err(MlpError::Linear {
            layer: 2,
            source: VerifyError::FinalEvaluationMismatch
        })
    );
    // Control: padding with the repeated last input is the honest proof.
    let mut repeated = f.inputs.clone();
    repeated.push(f.inputs[2].clone());
    let (_, same) = prove_inference_on(&f.key, &f.inputs, &repeated).unwrap();
    assert_eq!(same, f.proof);
}

#[test]
fn proof_computed_on_other_inputs_is_rejected_at_the_input_claim() {
    // Every table is another input's (the claimed outputs are its outputs); every layer and
    // activation checks out, and only the first layer's input claim, computed by the verifier
    // from the public input, rejects it.
    let f = fixture(1);
    let other = inputs(9, 1);
    let (outputs, proof) = prove_inference_on(&f.key, &f.inputs, &other).unwrap();
    assert_eq!(
        f.verify_with(f.key.commitment(), &f.inputs, &outputs, &proof),
        Err(MlpError::InputMismatch)
    );
}

#[test]
fn changed_bias_is_rejected() {
    // Biases are part of the model digest (absorbed first); the verifier subtracts b̃(r_y).
    let f = fixture(1);
    let mut commitment = f.key.commitment().clone();
    commitment.layers[1].bias.public_mut().unwrap()[0] += 1;
    assert_eq!(
        f.verify_with(&commitment, &f.inputs, &f.outputs, &f.proof),
        first_round_error()
    );
}

#[test]
fn hidden_input_claim_with_the_product_kept_is_rejected() {
    // v + 1 on the middle layer with w rescaled so that w·v is unchanged: the weight
    // evaluation is then wrong, and its opening's value check rejects it.
    use ark_ff::Field;
    let f = fixture(1);
    let mut proof = f.proof.clone();
    let linear = &mut proof.layers[1].linear;
    let v = linear.input_evaluation;
    let one = spazk_field::Fr::from(1u64);
    linear.weight_evaluation *= v * (v + one).inverse().unwrap();
    linear.input_evaluation = v + one;
    assert_eq!(
        f.verify(&proof),
        Err(MlpError::Linear {
            layer: 1,
            source: VerifyError::Weight(spazk_hyrax::HyraxError::EvaluationMismatch)
        })
    );
}

#[test]
fn weight_opening_of_the_wrong_length_is_rejected() {
    let f = fixture(1);
    let mut proof = f.proof.clone();
    let u = &mut proof.layers[0].linear.weight_opening.u;
    let expected = u.len();
    u.push(spazk_field::Fr::from(0u64));
    assert_eq!(
        f.verify(&proof),
        Err(MlpError::Linear {
            layer: 0,
            source: VerifyError::Weight(spazk_hyrax::HyraxError::WrongOpeningLength {
                expected,
                found: expected + 1
            })
        })
    );
}

#[test]
fn wrong_number_of_layer_proofs_is_rejected() {
    let f = fixture(1);
    for (what, expected) in [("layer proofs", 3), ("activation proofs", 2)] {
        let mut proof = f.proof.clone();
        match what {
            "layer proofs" => proof.layers.truncate(expected - 1),
            _ => proof.activations.truncate(expected - 1),
        }
        let found = expected - 1;
        assert_eq!(
            f.verify(&proof),
            Err(MlpError::Shape {
                what,
                expected,
                found
            })
        );
    }
}

#[test]
fn proof_with_another_models_weights_is_rejected_by_the_openings() {
    // The statement names model A (its digest absorbed), every table and fold is model B's
    // (same shapes and activation specs): each weight evaluation matches its opening vector,
    // so only the merged group equation against A's weight commitments rejects it.
    let f = fixture(1);
    let mut b = model(1);
    if let spazk_mlp::LayerWeights::Ternary(w) = &mut b.layers[1].weights {
        *w = spazk_matrix::TernaryMatrix::random(w.shape(), 0.25, 77).unwrap();
    } else {
        panic!("random models are ternary");
    }
    let other = CommittedModel::commit(b, &HyraxParams::with_default_seed(64)).unwrap();
    let forged = CommittedModel {
        commitment: f.key.commitment().clone(),
        ..other
    };
    let forged = ProvingKey::from_committed(forged, 1).unwrap();
    let (outputs, proof) = prove_inference(&forged, &f.inputs).unwrap();
    assert_ne!(outputs, f.outputs);
    assert_eq!(
        f.verify_with(f.key.commitment(), &f.inputs, &outputs, &proof),
        Err(MlpError::Openings(
            spazk_hyrax::HyraxError::CommitmentCheckFailed
        ))
    );
}

#[test]
fn truncated_or_foreign_proof_bytes_are_rejected() {
    let bytes = fixture(1).proof.to_bytes();
    for cut in [0, 8, 12, bytes.len() / 2, bytes.len() - 1] {
        assert!(matches!(
            InferenceProof::from_bytes(&bytes[..cut]),
            Err(MlpError::Malformed { .. })
        ));
    }
    let mut other_version = bytes.clone();
    other_version[8] = 9;
    assert!(matches!(
        InferenceProof::from_bytes(&other_version),
        Err(MlpError::Malformed { .. })
    ));
}

#[test]
fn out_of_range_model_is_refused() {
    let mut m = model(1);
    if let Some(spec) = m.layers[0].activation.as_mut() {
        spec.input_bits = 2;
    }
    assert!(matches!(m.validate(), Err(MlpError::Model(_))));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn mutated_proof_bytes_never_panic_and_never_verify(
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        static F: std::sync::OnceLock<(Fixture, Vec<u8>)> = std::sync::OnceLock::new();
        let (f, bytes) = F.get_or_init(|| {
            let f = fixture(1);
            let bytes = f.proof.to_bytes();
            (f, bytes)
        });
        let mut mutated = bytes.clone();
        let i = position.index(mutated.len());
        mutated[i] ^= flip;
        if let Ok(proof) = InferenceProof::from_bytes(&mutated) {
            if proof.to_bytes() != *bytes {
                prop_assert!(f.verify(&proof).is_err());
            }
        }
    }
}

#[test]
fn small_integer_layers_prove_and_verify() {
    use spazk_activation::ActivationSpec;
    use spazk_matrix::MatrixShape;
    use spazk_mlp::{DenseLayer, IntegerMatrix, LayerWeights};
    // 64-16 with weights in −7..=7, then a ternary 16-10 head from a seeded model.
    let mut rng = StdRng::seed_from_u64(11);
    let entries: Vec<i32> = (0..16 * 64)
        .map(|_| {
            if rng.gen_bool(0.3) {
                rng.gen_range(-7..=7)
            } else {
                0
            }
        })
        .collect();
    let weights = LayerWeights::Integer(
        IntegerMatrix::from_row_major(MatrixShape::new(16, 64), &entries).unwrap(),
    );
    let mut first = DenseLayer {
        weights,
        bias: (0..16).map(|i| i * 37 - 300).collect(),
        activation: None,
    };
    first.activation = Some(ActivationSpec {
        input_bits: first.worst_case_bits(),
        shift: 6,
        limb_bits: 8,
    });
    let head = Model::random(&[16, 10], 0.5, 3).unwrap().layers.remove(0);
    let m = Model {
        input_dim: 64,
        layers: vec![first, head],
    };
    m.validate().unwrap();
    let key = ProvingKey::commit(m, 2).unwrap();
    let committed = key.committed();
    assert_eq!(committed.commitment.layers[0].weight_kind, 1);
    let inputs = inputs(4, 2);
    let (outputs, proof) = prove_inference(&key, &inputs).unwrap();
    // Integer inference by hand for the first output of the first layer.
    let z0: i64 = (0..64)
        .map(|x| entries[x] as i64 * inputs[0][x] as i64)
        .sum::<i64>()
        - 300;
    assert_eq!(
        committed.model.infer(&inputs).unwrap().pre_activations[0][0][0],
        z0
    );
    assert_eq!(
        verify(&key.verifying_key(), &inputs, &outputs, &proof),
        Ok(())
    );
    let decoded = ModelCommitment::from_bytes(&committed.commitment.to_bytes()).unwrap();
    assert_eq!(decoded, committed.commitment);
}
