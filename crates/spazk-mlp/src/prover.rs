//! The inference prover: commit every activation's advice, absorb the statement and those
//! commitments, then reduce the output claim layer by layer down to the public input.
//!
//! Where the time goes is told through `tracing` spans (target `spazk_mlp::prover`): `inference`,
//! `advice_commit`, and per layer `linear` and `activation` (field `layer`). With no subscriber
//! installed a span costs a relaxed atomic load.

use crate::claim::{signed_to_field, InferenceStatement};
use crate::error::MlpError;
use crate::keys::ProvingKey;
use crate::model::{Model, Trace};
use crate::proof::{InferenceProof, LayerProof};
use crate::protocol::{draw_output_point, split_layer_point, MLP_PROTOCOL};
use ark_bn254::Fr;
use spazk_activation::{
    commit_activation, prove_committed_activation, ActivationClaims, ActivationError,
    ActivationProof, ActivationSpec, CommittedActivation,
};
use spazk_field::{evaluate_mle, log2_ceil, EvalClaim};
use spazk_sumcheck::{prove_matvec_claim, MatVecClaim};
use spazk_transcript::Transcript;
use tracing::info_span;

/// The padded batch's rows of `values` (each `width` long) laid out as one column of
/// `padded_width · padded_batch` entries, index `b·padded_width + y`.
pub(crate) fn column<T: Copy + Default>(
    values: &[Vec<T>],
    padded_width: usize,
    padded_batch: usize,
) -> Vec<T> {
    let mut out = vec![T::default(); padded_width * padded_batch];
    for b in 0..padded_batch {
        let row = &values[b.min(values.len() - 1)];
        out[b * padded_width..b * padded_width + row.len()].copy_from_slice(row);
    }
    out
}

/// Every hidden layer's advice, in layer order: `commit` on the layer's spec and its
/// pre-activations laid out as one column over the padded batch (the same for both modes; they
/// differ in how they commit). Errors name the layer.
pub(crate) fn commit_advice<A>(
    model: &Model,
    trace: &Trace,
    padded_batch: usize,
    mut commit: impl FnMut(&ActivationSpec, &[i64]) -> Result<A, ActivationError>,
) -> Result<Vec<A>, MlpError> {
    let hidden = model.layers.len() - 1;
    model.layers[..hidden]
        .iter()
        .enumerate()
        .map(|(i, layer)| {
            let spec = layer
                .activation
                .as_ref()
                .expect("validated: hidden layers activate");
            let z = column(
                &trace.pre_activations[i],
                layer.shape().padded_rows(),
                padded_batch,
            );
            commit(spec, &z).map_err(|source| MlpError::Activation { layer: i, source })
        })
        .collect()
}

/// Pads a batch to `padded_batch` rows by repeating the last.
pub(crate) fn pad_batch<T: Clone>(rows: &[Vec<T>], padded_batch: usize) -> Vec<Vec<T>> {
    (0..padded_batch)
        .map(|b| rows[b.min(rows.len() - 1)].clone())
        .collect()
}

/// Runs the model on `inputs` and proves the result. Returns the outputs (logits) and the proof.
/// A batch larger than the key's maximum derives the generators it needs.
pub fn prove_inference(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
) -> Result<(Vec<Vec<i64>>, InferenceProof), MlpError> {
    prove_computed(key, inputs, inputs)
}

/// [`prove_inference`] of the statement "`inputs` map to the outputs of `computed`" with every
/// table built from `computed` (its first `inputs.len()` rows as the batch, any further ones as
/// the padding rows, the last repeated up to the padded batch): what a cheating prover runs
/// (the soundness tests' hook; honest callers use [`prove_inference`]).
#[cfg(feature = "test-util")]
pub fn prove_inference_on(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
    computed: &[Vec<u8>],
) -> Result<(Vec<Vec<i64>>, InferenceProof), MlpError> {
    prove_computed(key, inputs, computed)
}

/// [`prove_inference`] with every table built from `computed` (the honest prover passes
/// `inputs`).
fn prove_computed(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
    computed: &[Vec<u8>],
) -> Result<(Vec<Vec<i64>>, InferenceProof), MlpError> {
    // A hiding key's proofs are zero-knowledge ones (`prove_hidden_inference`); a transparent
    // proof would hand out its folded weights.
    key.commitment()
        .require_mode(crate::error::Mode::Transparent)?;
    let model = key.model();
    let span = info_span!("inference").entered();
    if computed.len() < inputs.len() || computed.len() > inputs.len().next_power_of_two() {
        return Err(MlpError::Shape {
            what: "computed rows",
            expected: inputs.len(),
            found: computed.len(),
        });
    }
    let trace = model.infer(computed)?;
    let outputs = trace.outputs()[..inputs.len()].to_vec();
    let statement = InferenceStatement {
        inputs,
        outputs: &outputs,
    };
    statement.check(key.commitment())?;
    let batch = statement.padded_batch();
    drop(span);

    // Every activation's advice, committed before any challenge.
    let span = info_span!("advice_commit").entered();
    let params = key.params_for(inputs.len());
    let params = params.as_ref();
    let advice = commit_advice(model, &trace, batch, |spec, z| {
        commit_activation(spec, z, params)
    })?;
    drop(span);

    let proof = prove_advised(
        key,
        statement,
        computed,
        &trace.activations,
        &advice,
        &mut |_, advice, output, transcript| {
            prove_committed_activation(advice, Some(output), params, transcript)
        },
    )?;
    Ok((outputs, proof))
}

/// Proves that `outputs` follow from `inputs` through the hidden `activations` (per hidden
/// layer, per batch element) whose advice the caller committed, each activation proved by
/// `prove_activation(hidden layer, advice, next layer's claim, transcript)`. Nothing here
/// checks that the activations are the model's: what a cheating prover runs (the soundness
/// tests' hook; honest callers use [`prove_inference`]).
#[cfg(feature = "test-util")]
pub fn prove_with_advice<A: Copy + Into<u64>>(
    key: &ProvingKey,
    statement: InferenceStatement<'_>,
    activations: &[Vec<Vec<A>>],
    advice: &[CommittedActivation],
    prove_activation: &mut ActivationProver<'_>,
) -> Result<InferenceProof, MlpError> {
    key.commitment()
        .require_mode(crate::error::Mode::Transparent)?;
    statement.check(key.commitment())?;
    prove_advised(
        key,
        statement,
        statement.inputs,
        activations,
        advice,
        prove_activation,
    )
}

/// Proves one activation: `(hidden layer, advice, next layer's claim, transcript)`.
pub type ActivationProver<'a> = dyn FnMut(
        usize,
        &CommittedActivation,
        &EvalClaim<Fr>,
        &mut Transcript,
    ) -> Result<(ActivationProof, ActivationClaims), ActivationError>
    + 'a;

/// The proving loop: `first_rows` are the rows the first layer reads (the statement's inputs,
/// but for a cheating prover's padding rows), `activations` the hidden layers' rows.
fn prove_advised<A: Copy + Into<u64>>(
    key: &ProvingKey,
    statement: InferenceStatement<'_>,
    first_rows: &[Vec<u8>],
    activations: &[Vec<Vec<A>>],
    advice: &[CommittedActivation],
    prove_activation: &mut ActivationProver<'_>,
) -> Result<InferenceProof, MlpError> {
    let committed = key.committed();
    let model = &committed.model;
    let batch = statement.padded_batch();
    let batch_vars = log2_ceil(batch);
    let mut transcript = Transcript::new(MLP_PROTOCOL);
    statement.absorb_into(&committed.commitment, &mut transcript);
    for a in advice {
        a.absorb_commitments(&mut transcript);
    }

    // The output claim.
    let last = model.layers.len() - 1;
    let out_shape = model.layers[last].shape();
    let (mut row_point, mut batch_point) =
        draw_output_point(out_shape.row_vars(), batch_vars, &mut transcript);
    let mut value = statement.output_evaluation(&row_point, &batch_point);

    let mut layers: Vec<Option<LayerProof>> = vec![None; model.layers.len()];
    let mut activation_proofs = Vec::with_capacity(advice.len());
    for i in (0..model.layers.len()).rev() {
        let layer = &model.layers[i];
        // z = W·a + b: the linear step proves W·a = z − b at the same point.
        let bias: Vec<Fr> = layer.bias.iter().map(|b| signed_to_field(*b)).collect();
        let bias_value = evaluate_mle(&bias, &row_point).expect("bias fits the padded rows");
        let claim = MatVecClaim {
            row_point: row_point.clone(),
            batch_point: batch_point.clone(),
            value: value - bias_value,
        };
        let span = info_span!("linear", layer = i).entered();
        let layer_inputs: Vec<Vec<Fr>> = if i == 0 {
            field_rows(&pad_batch(first_rows, batch))
        } else {
            field_rows(&pad_batch(&activations[i - 1], batch))
        };
        let (linear, input_claim) = prove_matvec_claim(
            &committed.matrices[i],
            &layer_inputs,
            &claim,
            &mut transcript,
        )
        .map_err(|e| MlpError::Model(format!("layer {i}: {e}")))?;
        drop(span);
        layers[i] = Some(LayerProof { linear });
        if i == 0 {
            break;
        }

        // The claim on this layer's input is a claim on the activation below, carried in that
        // activation's zero-check (no opening of its own); the activation then leaves a claim on
        // the layer below's z.
        let output = EvalClaim::concat(
            &input_claim.column_point,
            &input_claim.batch_point,
            input_claim.value,
        );
        let span = info_span!("activation", layer = i - 1).entered();
        let (proof, claims) = prove_activation(i - 1, &advice[i - 1], &output, &mut transcript)
            .map_err(|source| MlpError::Activation {
                layer: i - 1,
                source,
            })?;
        drop(span);
        activation_proofs.push(proof);
        let rows = model.layers[i - 1].shape().row_vars();
        (row_point, batch_point) = split_layer_point(&claims.point, rows);
        value = claims.input_value;
    }
    activation_proofs.reverse();
    Ok(InferenceProof {
        layers: layers
            .into_iter()
            .map(|l| l.expect("every layer proved"))
            .collect(),
        activations: activation_proofs,
    })
}

/// Small unsigned rows as field elements.
pub(crate) fn field_rows<A: Copy + Into<u64>>(rows: &[Vec<A>]) -> Vec<Vec<Fr>> {
    rows.iter()
        .map(|v| v.iter().map(|x| Fr::from((*x).into())).collect())
        .collect()
}
