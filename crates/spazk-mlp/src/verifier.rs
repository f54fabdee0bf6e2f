//! The inference verifier: the statement and every advice commitment absorbed first, then each
//! layer's linear step, each activation and each input opening, top-down; every commitment
//! opening is settled at the end with one MSM.

use crate::claim::{signed_to_field, InferenceStatement};
use crate::error::{expect_len, MlpError};
use crate::keys::VerifyingKey;
use crate::proof::InferenceProof;
use crate::protocol::{draw_output_point, split_layer_point, MLP_PROTOCOL};
use ark_bn254::Fr;
use spazk_activation::verify_activation_deferred;
use spazk_field::{evaluate_mle, log2_ceil, EvalClaim};
use spazk_hyrax::{DeferredMatrixCommitment, OpeningChecks};
use spazk_sumcheck::MatVecClaim;
use spazk_transcript::Transcript;

/// Verifies that the model committed to by `key`'s commitment maps `inputs` to `outputs`. A
/// batch larger than the key's maximum derives the generators it needs.
///
/// Checks, in order (the commitment was checked when the key was made,
/// [`crate::ModelCommitment::validate`]): the statement's shapes; the proof's layer and activation counts; every
/// activation's advice commitments (layouts), absorbed with the statement before the first
/// challenge; then from the output claim (computed here from `outputs`) down: each layer's
/// mat-vec sumcheck and weight opening (against the committed weights, biases subtracted),
/// each activation argument (range checks, zero-check carrying the next layer's claim on the
/// activation), and the first layer's input claim against `inputs`; finally all commitment
/// openings with one MSM.
pub fn verify_inference(
    key: &VerifyingKey,
    statement: InferenceStatement<'_>,
    proof: &InferenceProof,
) -> Result<(), MlpError> {
    let model = key.commitment();
    model.require_mode(crate::error::Mode::Transparent)?;
    statement.check(model)?;
    let n = model.layers.len();
    expect_len("layer proofs", n, proof.layers.len())?;
    expect_len("activation proofs", n - 1, proof.activations.len())?;
    let batch = statement.padded_batch();
    let batch_vars = log2_ceil(batch);
    let activation_vars = |i: usize| (model.layers[i].shape.row_vars() + batch_vars) as u32;

    let mut transcript = Transcript::new(MLP_PROTOCOL);
    statement.absorb_into(model, &mut transcript);
    for (i, activation) in proof.activations.iter().enumerate() {
        let spec = model.layers[i]
            .activation
            .as_ref()
            .ok_or(MlpError::Model(format!(
                "hidden layer {i} has no activation"
            )))?;
        let layer_error = |source| MlpError::Activation { layer: i, source };
        activation
            .absorb_commitments(spec, activation_vars(i), &mut transcript)
            .map_err(layer_error)?;
    }

    let params = key.params_for(statement.inputs.len());
    let mut checks = OpeningChecks::new(&params);
    let out_shape = model.layers[n - 1].shape;
    let (mut row_point, mut batch_point) =
        draw_output_point(out_shape.row_vars(), batch_vars, &mut transcript);
    let mut value = statement.output_evaluation(&row_point, &batch_point);

    for i in (0..n).rev() {
        let layer = &model.layers[i];
        let bias: Vec<Fr> = layer
            .bias
            .public()
            .ok_or(MlpError::Model(format!("layer {i}: hidden biases")))?
            .iter()
            .map(|b| signed_to_field(*b))
            .collect();
        let bias_value = evaluate_mle(&bias, &row_point).ok_or(MlpError::Shape {
            what: "biases",
            expected: layer.shape.padded_rows(),
            found: bias.len(),
        })?;
        let claim = MatVecClaim {
            row_point: row_point.clone(),
            batch_point: batch_point.clone(),
            value: value - bias_value,
        };
        let linear_error = |source| MlpError::Linear { layer: i, source };
        let weights = DeferredMatrixCommitment::new(layer.shape, &layer.weights, &params)
            .map_err(|e| linear_error(spazk_sumcheck::VerifyError::Weight(e)))?;
        let input_claim = weights
            .verify_matvec_claim(
                &mut checks,
                batch,
                &claim,
                &proof.layers[i].linear,
                &mut transcript,
            )
            .map_err(linear_error)?;
        if i == 0 {
            if statement.input_evaluation(&input_claim.column_point, &input_claim.batch_point)
                != input_claim.value
            {
                return Err(MlpError::InputMismatch);
            }
            break;
        }
        let output = EvalClaim::concat(
            &input_claim.column_point,
            &input_claim.batch_point,
            input_claim.value,
        );
        let spec = model.layers[i - 1]
            .activation
            .as_ref()
            .expect("validated above: every hidden layer has an activation");
        let claims = verify_activation_deferred(
            spec,
            activation_vars(i - 1),
            &proof.activations[i - 1],
            Some(&output),
            &mut checks,
            &mut transcript,
        )
        .map_err(|source| MlpError::Activation {
            layer: i - 1,
            source,
        })?;
        let rows = model.layers[i - 1].shape.row_vars();
        (row_point, batch_point) = split_layer_point(&claims.point, rows);
        value = claims.input_value;
    }
    checks.finish().map_err(MlpError::Openings)
}
