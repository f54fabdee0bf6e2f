//! The zero-knowledge inference prover ([`super`] gives the protocol).
//!
//! Spans (`tracing`, target `spazk_mlp::hidden::prover`): `hidden_inference`, `hidden_commit`
//! (the private input, its multiplicities, the advice), per layer `hidden_linear` and
//! `hidden_activation` (field `layer`), `input_range` and `sigma`.

use super::input::{CommittedInput, InputCommitment, ProverInput};
use super::proof::{HiddenInferenceProof, InputRangeProof};
use super::statement::{HiddenStatement, InputVisibility, StatementInput};
use super::{hidden_mask_len, input_range_statement};
use crate::claim::{output_evaluation, InferenceStatement};
use crate::commitment::{padded_bias, LayerBias};
use crate::error::{MlpError, Mode};
use crate::keys::ProvingKey;
use crate::model::DenseLayer;
use crate::protocol::split_layer_point;
use crate::protocol::{draw_output_point, label, MLP_ZK_PROTOCOL};
use crate::prover::{commit_advice, field_rows, pad_batch};
use crate::weights::LayerWeights;
use ark_bn254::Fr;
use ark_std::rand::{CryptoRng, RngCore};
use spazk_activation::{commit_hidden_activation, prove_hidden_activation, ACTIVATION_BITS};
use spazk_field::{eq_table, evaluate_mle};
use spazk_hyrax::zk::{
    BlindedCommitment, HidingCommittedMatrix, NoncePool, OpeningColumn, ZkProver,
};
use spazk_hyrax::{opening_vector, opening_vector_small, HyraxCommitment, HyraxError};
use spazk_logup::{multiplicities, multiplicity_layout, prove_hidden_lookup};
use spazk_sumcheck::hidden::{Claim, HiddenValue, HidingProver};
use spazk_sumcheck::{
    prove_hidden_matvec_claim, HiddenMatVecClaim, HiddenMatVecProof, PublicInput,
};
use spazk_transcript::Transcript;
use tracing::info_span;

/// What the zero-knowledge prover returns: the outputs (the statement's), the private input's
/// commitment (to publish with the statement; `None` for a public input), and the proof.
#[derive(Clone, Debug)]
pub struct ProvedHiddenInference {
    /// The logits, one row per input.
    pub outputs: Vec<Vec<i64>>,
    /// The private input's commitment.
    pub input_commitment: Option<InputCommitment>,
    /// The proof.
    pub proof: HiddenInferenceProof,
}

/// A private input's range-check witness: the multiplicities and their hiding commitment.
struct InputRangeWitness {
    counts: Vec<u32>,
    blinded: BlindedCommitment,
}

/// `blinds` followed by zeros up to `rows`: the blinds of a commitment whose rows past the
/// secret's (padding) are the identity.
fn padded_blinds(blinds: &[Fr], rows: usize) -> Vec<Fr> {
    let mut all = blinds.to_vec();
    all.resize(rows, Fr::from(0u64));
    all
}

/// Opens a layer's hiding bias commitment at `row_point` (hidden): the handle of `b̃(r_y)` and,
/// for the prover's own bookkeeping, its value. `blinds` are the owner's, data rows only.
pub(crate) fn open_hidden_bias<R: RngCore + CryptoRng>(
    bias: &[i64],
    commitment: &HyraxCommitment,
    blinds: &[Fr],
    row_point: &[Fr],
    prover: &mut ZkProver<'_, R>,
    transcript: &mut Transcript,
) -> (HiddenValue, Fr) {
    let layout = commitment.layout;
    let blinded = BlindedCommitment {
        commitment: commitment.clone(),
        blinds: padded_blinds(blinds, layout.rows()),
    };
    let values = padded_bias(bias);
    let row_weights = eq_table(&row_point[layout.col_vars as usize..]);
    let opening = opening_vector(&values, layout, &row_weights);
    let column = OpeningColumn {
        commitment: &blinded,
        opening: &opening,
    };
    let handle = prover.open(&[column], row_point, transcript)[0];
    let value = evaluate_mle(&values, row_point).expect("the bias fits r_y");
    (handle, value)
}

/// A layer's weights paired with their hiding commitment and the owner's blinds (one per Hyrax
/// row of the hiding layout holding a real matrix row; padded rows are the identity, blind
/// zero). A copy of the weights per proof: O(nnz), beside proving negligible.
pub(crate) fn hiding_weights(
    layer: &DenseLayer,
    commitment: &HyraxCommitment,
    blinds: &[Fr],
) -> Result<HidingCommittedMatrix<LayerWeights>, HyraxError> {
    HidingCommittedMatrix::from_parts(
        layer.weights.clone(),
        BlindedCommitment {
            commitment: commitment.clone(),
            blinds: padded_blinds(blinds, commitment.rows.len()),
        },
    )
}

/// Runs the model on `inputs` and proves the result in zero knowledge with a hiding key
/// ([`ProvingKey::commit_hiding`], [`ProvingKey::from_hiding_commitment`]). With
/// [`InputVisibility::Private`] the inputs are committed (fresh blinds) and the statement holds
/// that commitment ([`ProvedHiddenInference::input_commitment`]) instead of them. Every mask,
/// blind and nonce comes from `rng`, which must be a CSPRNG seeded from the OS.
///
/// A transparent key is refused ([`MlpError::ModeMismatch`]): its proofs would reveal the
/// weights. A batch larger than the key's maximum derives the generators it needs.
pub fn prove_hidden_inference<R: RngCore + CryptoRng>(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
    visibility: InputVisibility,
    rng: &mut R,
) -> Result<ProvedHiddenInference, MlpError> {
    prove_hidden_inference_pooled(key, inputs, visibility, &mut NoncePool::new(), rng)
}

/// [`prove_hidden_inference`] with the input-independent randomness — the mask and its
/// commitment, the Σ-protocol's nonces and their commitments, the hidden scalars' blinds —
/// taken from `pool`, filled ahead ([`NoncePool::fill`], [`NoncePool::refill`]: before the
/// input arrives, or on a spare core) under the key's parameters; whatever the pool lacks is
/// drawn from `rng` and computed here. Those group operations are most of what zero knowledge
/// adds to the prover (see `docs/protocol.md`, "Zero-knowledge performance"). Each pooled
/// entry serves this proof only; the pool records what the proof took, so a
/// [`NoncePool::refill`] after it readies the pool for the next proof of the same shapes.
///
/// A pool filled under other parameters is refused ([`MlpError::Commitment`]).
pub fn prove_hidden_inference_pooled<R: RngCore + CryptoRng>(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
    visibility: InputVisibility,
    pool: &mut NoncePool,
    rng: &mut R,
) -> Result<ProvedHiddenInference, MlpError> {
    let commitment = key.commitment();
    commitment.require_mode(Mode::Hiding)?;
    let secret = key.secret().ok_or(MlpError::Model(
        "a hiding key without the owner's secret cannot prove".into(),
    ))?;
    let model = key.model();
    let span = info_span!("hidden_inference").entered();
    let trace = model.infer(inputs)?;
    let outputs = trace.outputs().to_vec();
    InferenceStatement {
        inputs,
        outputs: &outputs,
    }
    .check(commitment)?;
    let batch = inputs.len().next_power_of_two();
    drop(span);

    // Everything committed before the first challenge: the private input and its
    // multiplicities (every data row a fresh blind), then the mask (in `ZkProver::new`).
    let span = info_span!("hidden_commit").entered();
    let params = key.params_for(inputs.len());
    let params = params.as_ref();
    let private = match visibility {
        InputVisibility::Public => None,
        InputVisibility::Private => {
            let input = CommittedInput::commit(
                model.input_dim,
                inputs,
                params,
                &mut pool.row_blinds(&mut *rng),
            )?;
            let counts =
                multiplicities(&[input.table()], ACTIVATION_BITS).map_err(MlpError::InputRange)?;
            let blinded = BlindedCommitment::commit(
                &counts[..],
                params,
                multiplicity_layout(ACTIVATION_BITS),
                &mut pool.row_blinds(&mut *rng),
            )
            .map_err(MlpError::Commitment)?;
            Some((input, InputRangeWitness { counts, blinded }))
        }
    };
    // The advice rows' blinds with their `β·H`, from the pool while it lasts (the rest drawn
    // from `rng` in the order a bare rng would draw them).
    let mut row_blinds = pool.row_blinds(&mut *rng);
    let advice = commit_advice(model, &trace, batch, |spec, z| {
        commit_hidden_activation(spec, z, params, &mut row_blinds)
    })?;
    let mask_len = hidden_mask_len(commitment, inputs.len(), private.is_some());
    let mut prover =
        ZkProver::with_pool(params, mask_len, pool, &mut *rng).map_err(MlpError::Commitment)?;
    drop(span);

    let statement = HiddenStatement {
        input: match &private {
            Some((input, _)) => StatementInput::Committed(input.commitment()),
            None => StatementInput::Public(inputs),
        },
        outputs: &outputs,
    };
    let mut transcript = Transcript::new(MLP_ZK_PROTOCOL);
    statement.absorb_into(commitment, &mut transcript);
    if let Some((_, range)) = &private {
        range
            .blinded
            .commitment
            .absorb_into(label::INPUT_MULTIPLICITIES, &mut transcript);
    }
    prover.absorb_mask_commitment(&mut transcript);
    for a in &advice {
        a.absorb_commitments(&mut transcript);
    }

    let n = model.layers.len();
    let out_shape = model.layers[n - 1].shape();
    let (mut row_point, mut batch_point) = draw_output_point(
        out_shape.row_vars(),
        batch.trailing_zeros() as usize,
        &mut transcript,
    );
    let value = output_evaluation(&outputs, &row_point, &batch_point);
    let (mut z_claim, mut z_value) = (Claim::public(value), value);

    let mut layers: Vec<Option<HiddenMatVecProof<Fr>>> = vec![None; n];
    let mut activations = Vec::with_capacity(advice.len());
    for i in (0..n).rev() {
        let span = info_span!("hidden_linear", layer = i).entered();
        let layer = &model.layers[i];
        let committed = &commitment.layers[i];
        let blinds = &secret.layers()[i];

        // b̃(r_y), opened hidden: z = W·a + b, so the mat-vec proves W·a = z − b at (r_y, r_b).
        let LayerBias::Hidden(bias_commitment) = &committed.bias else {
            return Err(MlpError::Model(format!("layer {i}: biases in the clear")));
        };
        let (bias_handle, bias_value) = open_hidden_bias(
            &layer.bias,
            bias_commitment,
            &blinds.bias_blinds,
            &row_point,
            &mut prover,
            &mut transcript,
        );
        let claim = HiddenMatVecClaim {
            row_point: row_point.clone(),
            batch_point: batch_point.clone(),
            value: z_claim - Claim::hidden(bias_handle),
        };

        let weights = hiding_weights(layer, &committed.weights, &blinds.weight_blinds)
            .map_err(MlpError::Commitment)?;
        let layer_inputs: Vec<Vec<Fr>> = if i == 0 {
            field_rows(&pad_batch(inputs, batch))
        } else {
            field_rows(&pad_batch(&trace.activations[i - 1], batch))
        };
        let input = match (i, &private) {
            (0, Some((committed_input, _))) => ProverInput::Committed(committed_input),
            (0, None) => ProverInput::Public(PublicInput(&layer_inputs)),
            _ => ProverInput::Hidden,
        };
        let proved = prove_hidden_matvec_claim(
            &weights,
            &layer_inputs,
            &input,
            &claim,
            z_value - bias_value,
            &mut prover,
            &mut transcript,
        )
        .map_err(|e| MlpError::Model(format!("layer {i}: {e}")))?;
        drop(span);
        layers[i] = Some(proved.proof);
        if i == 0 {
            break;
        }

        // The hidden scalar naming this layer's input is the next claim on the activation
        // below, carried in its last sumcheck; the activation leaves a claim on that layer's z.
        let _span = info_span!("hidden_activation", layer = i - 1).entered();
        let point = [
            proved.input_claim.column_point.as_slice(),
            proved.input_claim.batch_point.as_slice(),
        ]
        .concat();
        let (proof, claims, value) = prove_hidden_activation(
            &advice[i - 1],
            Some((&point, &proved.input_claim.value)),
            &mut prover,
            &mut transcript,
        )
        .map_err(|source| MlpError::Activation {
            layer: i - 1,
            source,
        })?;
        activations.push(proof);
        (row_point, batch_point) =
            split_layer_point(&claims.point, model.layers[i - 1].shape().row_vars());
        (z_claim, z_value) = (claims.input, value);
    }
    activations.reverse();

    let input_range = match &private {
        None => None,
        Some((input, range)) => {
            let _span = info_span!("input_range").entered();
            Some(prove_input_range(
                input,
                range,
                &mut prover,
                &mut transcript,
            )?)
        }
    };
    let zk = info_span!("sigma").in_scope(|| prover.finish(&mut transcript));
    let input_commitment = private.map(|(input, _)| input.commitment().clone());
    Ok(ProvedHiddenInference {
        outputs,
        input_commitment,
        proof: HiddenInferenceProof {
            layers: layers
                .into_iter()
                .map(|l| l.expect("every layer proved"))
                .collect(),
            activations,
            input_range,
            zk,
        },
    })
}

/// The private input's range check: every entry of its padded table in `[0, 256)` by a
/// zero-knowledge lookup, whose column value must equal the input commitment's opening at the
/// lookup's point, and whose multiplicity value the multiplicity commitment's.
fn prove_input_range<R: RngCore + CryptoRng>(
    input: &CommittedInput,
    range: &InputRangeWitness,
    prover: &mut ZkProver<'_, R>,
    transcript: &mut Transcript,
) -> Result<InputRangeProof, MlpError> {
    let public = input.commitment();
    let statement = input_range_statement(public.input_dim, public.padded_batch());
    let proved = prove_hidden_lookup(
        &statement,
        &[input.table()],
        &range.counts,
        prover,
        transcript,
    )
    .map_err(MlpError::InputRange)?;
    let opened = input.open(&proved.claims.columns.point, prover, transcript);
    let column = proved.claims.columns.values[0];
    prover
        .relations()
        .require_equal(opened, Claim::hidden(column));

    let layout = range.blinded.commitment.layout;
    let point = &proved.claims.multiplicity.point;
    let row_weights = eq_table(&point[layout.col_vars as usize..]);
    let opening = opening_vector_small(&range.counts, layout, &row_weights);
    let column = OpeningColumn {
        commitment: &range.blinded,
        opening: &opening,
    };
    let counted = prover.open(&[column], point, transcript)[0];
    prover.relations().require_equal(
        Claim::hidden(counted),
        Claim::hidden(proved.claims.multiplicity.value),
    );
    Ok(InputRangeProof {
        multiplicities: range.blinded.commitment.clone(),
        lookup: proved.proof,
    })
}
