//! Named attacks on whole-model proofs by cheating provers (run through the `doc(hidden)`
//! [`prove_with_advice`] hook), each rejected with its exact error.

mod verifying;

use spazk_activation::pairs::{advice_columns, commit_advice, prove_committed_routed};
use spazk_activation::{ActivationError, ActivationMethod, ActivationProof, CommittedActivation};
use spazk_logup::LookupError;
use spazk_mlp::{
    import_onnx, prove_inference, prove_with_advice, ImportOptions, InferenceProof,
    InferenceStatement, MlpError, Model, ProvingKey, VerifyingKey,
};
use verifying::verify;

const MNIST_ONNX: &[u8] = include_bytes!("../../../fixtures/mnist-784-512-10.onnx");
const MNIST_TEST_SET: &[u8] = include_bytes!("../../../fixtures/mnist-test.bin");

/// A proof of `outputs` computed from forged hidden activations.
struct Forgery {
    outputs: Vec<Vec<i64>>,
    proof: InferenceProof,
    forged_rows: usize,
}

/// The forgery of issue 13 against the pair method, on a model with one hidden layer: every
/// real row `(b, y)` of the hidden layer with `0 ≤ q < 2^sh` that `select` picks commits the
/// activation `a = 256` (the honest one is `min(q, 255)`), and its quotient column looks up the
/// remainder entry of `q` instead of its quotient entry. The output layer runs on the forged
/// activations and everything else is proved honestly. Under the former table encoding
/// (remainder entries `(r, 256)`) `verify_inference` accepted this.
fn forge_pair_method(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
    select: impl Fn(usize, usize) -> bool,
) -> Forgery {
    let model = key.model();
    let params = key.params();
    assert_eq!(model.layers.len(), 2, "one hidden layer");
    let (hidden, last) = (&model.layers[0], &model.layers[1]);
    let spec = hidden.activation.unwrap();
    let (width, padded) = (hidden.shape().rows, hidden.shape().padded_rows());
    let batch = inputs.len();
    assert!(batch.is_power_of_two(), "no batch padding to forge alike");
    let table = match spec.method((padded * batch).trailing_zeros()) {
        ActivationMethod::Pairs(table) => table,
        ActivationMethod::Limbs => panic!("these shapes pick the pair method"),
    };
    let trace = model.infer(inputs).unwrap();
    let mut z = vec![0i64; padded * batch];
    for (b, row) in trace.pre_activations[0].iter().enumerate() {
        z[b * padded..b * padded + width].copy_from_slice(row);
    }
    let mut columns = advice_columns(&spec, &table, &z).unwrap();
    let mut routed = columns[0].clone();
    let remainders: Vec<u32> = columns[1]
        .iter()
        .map(|r| table.remainder_index(*r as u64).unwrap())
        .collect();
    let mut activations: Vec<Vec<u32>> = trace.activations[0]
        .iter()
        .map(|row| row.iter().map(|a| *a as u32).collect())
        .collect();
    let mut forged_rows = 0;
    for (b, row) in activations.iter_mut().enumerate() {
        for (y, a) in row.iter_mut().enumerate() {
            let i = b * padded + y;
            let q = columns[0][i] as i64 - table.quotient_offset();
            if (0..1 << spec.shift).contains(&q) && select(b, y) {
                *a = 256;
                columns[2][i] = 256;
                routed[i] = table.remainder_index(q as u64).unwrap();
                forged_rows += 1;
            }
        }
    }
    let outputs: Vec<Vec<i64>> = activations.iter().map(|a| last.forward(a)).collect();
    let advice = [CommittedActivation::Pairs(
        commit_advice(&spec, &table, columns, params).unwrap(),
    )];
    let proof = prove_with_advice(
        key,
        InferenceStatement {
            inputs,
            outputs: &outputs,
        },
        &[activations],
        &advice,
        &mut |_, advice, output, transcript| match advice {
            CommittedActivation::Pairs(p) => {
                prove_committed_routed(p, [&routed, &remainders], Some(output), params, transcript)
                    .map(|(proof, claims)| (ActivationProof::Pairs(proof), claims))
            }
            CommittedActivation::Limbs(_) => unreachable!("the pair method was picked"),
        },
    )
    .unwrap();
    Forgery {
        outputs,
        proof,
        forged_rows,
    }
}

impl Forgery {
    /// The unchanged verifier on the forged statement.
    fn verify(&self, key: &VerifyingKey, inputs: &[Vec<u8>]) -> Result<(), MlpError> {
        verify(key, inputs, &self.outputs, &self.proof)
    }
}

const ROUTED_ROWS_REJECTED: MlpError = MlpError::Activation {
    layer: 0,
    source: ActivationError::Lookup(LookupError::WitnessDenominatorMismatch),
};

#[test]
fn pair_method_quotient_routed_to_the_remainder_half_is_rejected_on_a_random_model() {
    let model = Model::random(&[64, 256, 10], 0.25, 13).unwrap();
    let batch = 16;
    let key = ProvingKey::commit(model, batch).unwrap();
    let verifying = key.verifying_key();
    assert!(key.commitment().generators_needed(batch) <= 1 << 10);
    let inputs: Vec<Vec<u8>> = (0..batch)
        .map(|b| (0..64).map(|x| ((b * 131 + x * 71) % 256) as u8).collect())
        .collect();
    let (honest, proof) = prove_inference(&key, &inputs).unwrap();
    assert_eq!(verify(&verifying, &inputs, &honest, &proof), Ok(()));

    let forgery = forge_pair_method(&key, &inputs, |_, _| true);
    assert!(forgery.forged_rows > 10, "{} rows", forgery.forged_rows);
    assert_ne!(forgery.outputs, honest, "the forgery changes the logits");
    assert_eq!(
        forgery.verify(&verifying, &inputs),
        Err(ROUTED_ROWS_REJECTED)
    );
}

fn argmax(logits: &[i64]) -> usize {
    (0..logits.len())
        .max_by_key(|i| (logits[*i], -(*i as i64)))
        .unwrap()
}

#[test]
fn pair_method_forgery_of_another_class_is_rejected_on_the_shipped_model_at_batch_16() {
    let imported = import_onnx(MNIST_ONNX, &ImportOptions::default()).unwrap();
    let batch = 16;
    let inputs: Vec<Vec<u8>> = MNIST_TEST_SET
        .chunks_exact(785)
        .take(batch)
        .map(|c| c[1..].to_vec())
        .collect();
    let key = ProvingKey::commit(imported.model, batch).unwrap();
    let verifying = key.verifying_key();
    assert!(key.commitment().generators_needed(batch) <= 1 << 11);
    let honest = key.model().infer(&inputs).unwrap().outputs().to_vec();
    let class = argmax(&honest[0]);

    // The output layer's weight from hidden unit y to each class.
    let last = &key.model().layers[1];
    let hidden_width = key.model().layers[0].shape().rows;
    let mut weights = vec![vec![0i64; last.shape().rows]; hidden_width];
    for (y, w) in weights.iter_mut().enumerate() {
        last.weights
            .for_each_in_column(y, |class, weight| w[class] = weight);
    }
    // Raise a target class over the true one in the first image only: route the hidden units
    // whose forged 256 favours the target.
    let forgery = (0..last.shape().rows)
        .filter(|target| *target != class)
        .map(|target| {
            forge_pair_method(&key, &inputs, |b, y| {
                b == 0 && weights[y][target] > weights[y][class]
            })
        })
        .find(|f| argmax(&f.outputs[0]) != class)
        .expect("some target class is reachable by the forgery");
    assert!(forgery.forged_rows > 0);
    assert_eq!(
        forgery.verify(&verifying, &inputs),
        Err(ROUTED_ROWS_REJECTED)
    );
}
