//! The zero-knowledge inference verifier ([`super`] gives the protocol). Never panics on proof
//! data: every length comes from the commitment and the statement.

use super::input::{CommittedInputOracle, LayerInput};
use super::proof::HiddenInferenceProof;
use super::statement::{HiddenStatement, StatementInput};
use super::{hidden_mask_len, input_range_statement};
use crate::claim::output_evaluation;
use crate::commitment::LayerBias;
use crate::error::{expect_len, MlpError, Mode};
use crate::keys::VerifyingKey;
use crate::protocol::{draw_output_point, label, split_layer_point, MLP_ZK_PROTOCOL};
use crate::prover::{field_rows, pad_batch};
use ark_bn254::Fr;
use spazk_activation::{verify_hidden_activation, ACTIVATION_BITS};
use spazk_hyrax::zk::{HidingMatrixCommitment, ZkVerifier};
use spazk_hyrax::HyraxError;
use spazk_logup::{multiplicity_layout, verify_hidden_lookup, LookupError};
use spazk_sumcheck::hidden::{Claim, HidingVerifier};
use spazk_sumcheck::{
    verify_hidden_matvec_claim, HiddenMatVecClaim, HiddenVerifyError, PublicInput,
};
use spazk_transcript::Transcript;

/// Verifies that the model committed to by `key`'s (hiding) commitment maps the statement's
/// input to its outputs, learning nothing else. A batch larger than the key's maximum derives
/// the generators it needs.
///
/// Checks, in order: the commitment's mode ([`MlpError::ModeMismatch`] for a transparent one);
/// the statement's shapes (and a committed input's layout and padding rows); the proof's layer
/// and activation counts and whether it has a range check exactly when the input is committed
/// (and the multiplicity commitment's layout); the mask length against the parameters; every
/// activation's advice commitments (method and layouts, [`MlpError::Activation`]), absorbed
/// after the statement, the multiplicities and `C_M`; then from the output claim down: each
/// layer's bias opening ([`MlpError::BiasOpening`]), its masked mat-vec sumcheck and weight and
/// input namings ([`MlpError::HiddenLinear`]), the activation below carrying the input's hidden
/// value as its output claim ([`MlpError::Activation`]); a private input's range check
/// ([`MlpError::InputRange`], [`MlpError::InputRangeOpening`]); finally every relation with one
/// Σ-protocol and one MSM ([`MlpError::Sigma`]: a false output, input or any other lie fails
/// here).
pub fn verify_hidden_inference(
    key: &VerifyingKey,
    statement: HiddenStatement<'_>,
    proof: &HiddenInferenceProof,
) -> Result<(), MlpError> {
    let model = key.commitment();
    model.require_mode(Mode::Hiding)?;
    statement.check(model)?;
    let n = model.layers.len();
    expect_len("layer proofs", n, proof.layers.len())?;
    expect_len("activation proofs", n - 1, proof.activations.len())?;
    let private = matches!(statement.input, StatementInput::Committed(_));
    expect_len(
        "input range proofs",
        private as usize,
        proof.input_range.is_some() as usize,
    )?;
    if let Some(range) = &proof.input_range {
        if range.multiplicities.layout != multiplicity_layout(ACTIVATION_BITS) {
            return Err(MlpError::InputRangeOpening(HyraxError::LayoutMismatch));
        }
    }
    let batch = statement.padded_batch();
    let activation_vars =
        |i: usize| model.layers[i].shape.row_vars() as u32 + batch.trailing_zeros();
    let spec = |i: usize| {
        model.layers[i].activation.ok_or(MlpError::Model(format!(
            "hidden layer {i} has no activation"
        )))
    };
    let params = key.params_for(statement.batch());
    // Declared before the verifier, which borrows them for its whole life.
    let public_rows: Vec<Vec<Fr>> = match statement.input {
        StatementInput::Public(inputs) => field_rows(&pad_batch(inputs, batch)),
        StatementInput::Committed(_) => Vec::new(),
    };
    let mask_len = hidden_mask_len(model, statement.batch(), private);
    let mut verifier = ZkVerifier::new(&params, mask_len, &proof.zk).map_err(MlpError::Sigma)?;

    let mut transcript = Transcript::new(MLP_ZK_PROTOCOL);
    statement.absorb_into(model, &mut transcript);
    if let Some(range) = &proof.input_range {
        range
            .multiplicities
            .absorb_into(label::INPUT_MULTIPLICITIES, &mut transcript);
    }
    verifier.absorb_mask_commitment(&mut transcript);
    for (i, activation) in proof.activations.iter().enumerate() {
        activation
            .absorb_commitments(&spec(i)?, activation_vars(i), &mut transcript)
            .map_err(|source| MlpError::Activation { layer: i, source })?;
    }

    let out_shape = model.layers[n - 1].shape;
    let (mut row_point, mut batch_point) = draw_output_point(
        out_shape.row_vars(),
        batch.trailing_zeros() as usize,
        &mut transcript,
    );
    let mut z_claim = Claim::public(output_evaluation(
        statement.outputs,
        &row_point,
        &batch_point,
    ));

    for i in (0..n).rev() {
        let layer = &model.layers[i];
        let LayerBias::Hidden(bias) = &layer.bias else {
            return Err(MlpError::Model(format!("layer {i}: biases in the clear")));
        };
        let bias_handle = verifier
            .open(&[bias], &row_point, &mut transcript)
            .map_err(|source| MlpError::BiasOpening { layer: i, source })?[0];
        let claim = HiddenMatVecClaim {
            row_point: row_point.clone(),
            batch_point: batch_point.clone(),
            value: z_claim - Claim::hidden(bias_handle),
        };
        let linear_error = |source| MlpError::HiddenLinear { layer: i, source };
        let weights = HidingMatrixCommitment::new(layer.shape, &layer.weights, &params)
            .map_err(|e| linear_error(HiddenVerifyError::Weight(e)))?;
        let input = match (i, statement.input) {
            (0, StatementInput::Public(_)) => LayerInput::Public(PublicInput(&public_rows)),
            (0, StatementInput::Committed(input)) => {
                LayerInput::Committed(CommittedInputOracle::new(input))
            }
            _ => LayerInput::Hidden,
        };
        let input_claim = verify_hidden_matvec_claim(
            &weights,
            &input,
            batch,
            &claim,
            &proof.layers[i],
            &mut verifier,
            &mut transcript,
        )
        .map_err(linear_error)?;
        if i == 0 {
            break;
        }
        let point = [
            input_claim.column_point.as_slice(),
            input_claim.batch_point.as_slice(),
        ]
        .concat();
        let claims = verify_hidden_activation(
            &spec(i - 1)?,
            activation_vars(i - 1),
            &proof.activations[i - 1],
            Some((&point, &input_claim.value)),
            &mut verifier,
            &mut transcript,
        )
        .map_err(|source| MlpError::Activation {
            layer: i - 1,
            source,
        })?;
        (row_point, batch_point) =
            split_layer_point(&claims.point, model.layers[i - 1].shape.row_vars());
        z_claim = claims.input;
    }

    if let (StatementInput::Committed(input), Some(range)) = (statement.input, &proof.input_range) {
        let range_statement = input_range_statement(input.input_dim, batch);
        let claims = verify_hidden_lookup(
            &range_statement,
            &range.lookup,
            &mut verifier,
            &mut transcript,
        )
        .map_err(MlpError::InputRange)?;
        let opened = CommittedInputOracle::new(input)
            .open(&claims.columns.point, &mut verifier, &mut transcript)
            .map_err(MlpError::InputRangeOpening)?;
        let column =
            *claims
                .columns
                .values
                .first()
                .ok_or(MlpError::InputRange(LookupError::Shape {
                    what: "column claims",
                    expected: 1,
                    found: 0,
                }))?;
        verifier
            .relations()
            .require_equal(opened, Claim::hidden(column));
        let counted = verifier
            .open(
                &[&range.multiplicities],
                &claims.multiplicity.point,
                &mut transcript,
            )
            .map_err(MlpError::InputRangeOpening)?[0];
        verifier.relations().require_equal(
            Claim::hidden(counted),
            Claim::hidden(claims.multiplicity.value),
        );
    }
    verifier.finish(&mut transcript).map_err(MlpError::Sigma)
}
