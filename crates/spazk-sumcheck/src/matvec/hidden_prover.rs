//! The zero-knowledge mat-vec prover: the transparent prover's instance under the engine's
//! masked sumcheck, with the final check left as a degree-2 relation.

use super::claim::{check_batch, HiddenInputClaim, HiddenMatVecClaim, MatVecStatement};
use super::error::ShapeError;
use super::hidden_input::{HidingInputProver, PublicInput};
use super::hidden_oracle::HidingWeightProver;
use super::proof::HiddenMatVecProof;
use super::prover::product_instance;
use crate::engine::{mask_len, prove_masked_sumcheck};
use crate::hidden::HidingProver;
use ark_ff::{Field, PrimeField};
use spazk_matrix::{Matrix, MatrixShape};
use spazk_transcript::Transcript;

/// Mask coefficients a zero-knowledge mat-vec proof for a matrix of shape `shape` takes from
/// `M` (one degree-2 round per column variable): for callers that size the mask before proving.
pub fn hidden_matvec_mask_len(shape: MatrixShape) -> usize {
    mask_len(shape.col_vars(), 2)
}

/// What the zero-knowledge mat-vec prover leaves: the proof, the claim the verifier will hold
/// on the input, and the input evaluation's value (for the prover of the layer below).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvedHiddenClaim<F: Field> {
    /// What is sent in the clear.
    pub proof: HiddenMatVecProof<F>,
    /// `Ṽ(r_x, r_b)` as the verifier names it.
    pub input_claim: HiddenInputClaim<F>,
    /// `Ṽ(r_x, r_b)` itself.
    pub input_value: F,
}

/// Proves a zero-knowledge claim `Ỹ(r_y, r_b) = claim.value` on the outputs of `W · V`
/// (`inputs` the batch `V`), where `claim_value` is the claim's value. The round polynomials
/// are masked with this proof's slice of `context`'s mask
/// ([`hidden_matvec_mask_len`] coefficients); `W̃(r_y, r_x)` is named by `weights`, `Ṽ(r_x, r_b)`
/// by `input`, and `W̃(r_y, r_x)·Ṽ(r_x, r_b) = h(r)` (the masked sumcheck's final claim) is
/// required in `context`'s relations — exactly as [`super::verify_hidden_matvec_claim`] does.
///
/// The prover does not check `claim_value` against `claim`: a false claim breaks the relation
/// on round 0's sum.
pub fn prove_hidden_matvec_claim<F, C, P, I>(
    weights: &P,
    inputs: &[Vec<F>],
    input: &I,
    claim: &HiddenMatVecClaim<F>,
    claim_value: F,
    context: &mut C,
    transcript: &mut Transcript,
) -> Result<ProvedHiddenClaim<F>, ShapeError>
where
    F: PrimeField,
    C: HidingProver<F> + ?Sized,
    P: HidingWeightProver<F, C>,
    I: HidingInputProver<F, C>,
{
    let matrix = weights.matrix();
    let shape = matrix.shape();
    check_batch("input length", inputs, shape.cols)?;
    claim.check_shape(shape, inputs.len())?;
    claim.absorb_into(transcript);

    let (folded, mut instance) =
        product_instance(matrix, inputs, &claim.row_point, &claim.batch_point);
    let (sumcheck, sub_claim, _) = prove_masked_sumcheck(
        &mut instance,
        &claim.value,
        claim_value,
        context,
        transcript,
    );
    let (_, input_value) = instance.final_values();
    let weight = weights.evaluation(
        &claim.row_point,
        &sub_claim.point,
        &folded,
        context,
        transcript,
    );
    let input_claim = input.evaluation(
        &sub_claim.point,
        &claim.batch_point,
        input_value,
        context,
        transcript,
    );
    context
        .relations()
        .require_zero(weight.product(&input_claim) - sub_claim.value);
    Ok(ProvedHiddenClaim {
        proof: HiddenMatVecProof { sumcheck },
        input_claim: HiddenInputClaim {
            column_point: sub_claim.point,
            batch_point: claim.batch_point.clone(),
            value: input_claim,
        },
        input_value,
    })
}

/// Proves the stand-alone statement `outputs[b] = W · inputs[b]` (inputs and outputs public,
/// `W` known through `weights`, typically hidden behind a commitment) in zero knowledge:
/// absorbs the matrix identity and the statement, draws the output point exactly as the
/// transparent protocol does, and proves the public claim there. A fresh transcript for this
/// starts with [`crate::protocol::HIDDEN_MATVEC_PROTOCOL`]; `context`'s mask commitment is
/// absorbed by the caller before (with the statement).
pub fn prove_hidden_matvec<F, C, P>(
    weights: &P,
    statement: MatVecStatement<'_, F>,
    context: &mut C,
    transcript: &mut Transcript,
) -> Result<HiddenMatVecProof<F>, ShapeError>
where
    F: PrimeField,
    C: HidingProver<F> + ?Sized,
    P: HidingWeightProver<F, C>,
{
    let shape = weights.matrix().shape();
    statement.check_shape(shape)?;
    weights.absorb_identity(transcript);
    let claim = statement.absorb_and_draw_claim(shape, transcript);
    let value = claim.value;
    prove_hidden_matvec_claim(
        weights,
        statement.inputs,
        &PublicInput(statement.inputs),
        &claim.into(),
        value,
        context,
        transcript,
    )
    .map(|proved| proved.proof)
}
