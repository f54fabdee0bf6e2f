//! The mat-vec prover, on the engine's [`ProductInstance`].

use super::claim::{check_batch, InputClaim, MatVecClaim, MatVecStatement};
use super::error::ShapeError;
use super::oracle::WeightProver;
use super::proof::MatVecProof;
use crate::engine::{prove_sumcheck, ProductInstance};
use crate::protocol::matvec as label;
use ark_ff::PrimeField;
use spazk_field::eq_table;
use spazk_field::parallel::for_each_chunk_mut;
use spazk_matrix::Matrix;
use spazk_transcript::Transcript;

/// Entries per piece of the batch combination handed to a thread: one multiply-add each, so
/// smaller pieces cost more to hand over than to compute (the threshold of the MLE loops in
/// `spazk-field`).
const COMBINE_CHUNK: usize = 1 << 12;

/// `V'(x) = Σ_b eq(batch_point, b) · V_b(x)`, padded with zeros to `padded_len`.
fn combine_batch<F: PrimeField>(inputs: &[Vec<F>], batch_point: &[F], padded_len: usize) -> Vec<F> {
    if let [single] = inputs {
        let mut combined = single.clone();
        combined.resize(padded_len, F::zero());
        return combined;
    }
    let weights = eq_table(batch_point);
    let mut combined = vec![F::zero(); padded_len];
    for (input, weight) in inputs.iter().zip(&weights) {
        let len = input.len().min(padded_len);
        for_each_chunk_mut(&mut combined[..len], COMBINE_CHUNK, |offset, acc| {
            for (acc, v) in acc.iter_mut().zip(&input[offset..]) {
                *acc += *weight * v;
            }
        });
    }
    combined
}

/// The mat-vec sumcheck's instance `Σ_x A(x)·V'(x)` for a claim at `(row_point, batch_point)`:
/// the fold `A = eq(row_point, ·)ᵀ·W` (returned as well: weight openings are computed from it)
/// times the batch combination `V'`. The transparent and the zero-knowledge provers both start
/// here; the lengths were checked by the caller.
pub(crate) fn product_instance<F: PrimeField, M: Matrix<F> + ?Sized>(
    matrix: &M,
    inputs: &[Vec<F>],
    row_point: &[F],
    batch_point: &[F],
) -> (Vec<F>, ProductInstance<F>) {
    let folded = matrix.fold_rows(&eq_table(row_point));
    let combined = combine_batch(inputs, batch_point, matrix.shape().padded_cols());
    let instance = ProductInstance::new(folded.clone(), combined);
    (folded, instance)
}

/// A mat-vec proof and the claim it leaves on the layer's input.
pub type ProvedClaim<F, O> = (MatVecProof<F, O>, InputClaim<F>);

/// Proves a claim `Ỹ(r_y, r_b) = c` on the outputs of `W · V`, where `inputs` are the batch
/// `V`. Returns the proof and the claim it leaves on the input, `Ṽ(r_x, r_b)`.
///
/// Cost: the matrix fold (the only matrix-dependent step) plus `O(n·B)` for the batch and
/// `O(n)` multiplications for the sumcheck.
pub fn prove_matvec_claim<F: PrimeField, P: WeightProver<F>>(
    weights: &P,
    inputs: &[Vec<F>],
    claim: &MatVecClaim<F>,
    transcript: &mut Transcript,
) -> Result<ProvedClaim<F, P::Opening>, ShapeError> {
    let matrix = weights.matrix();
    let shape = matrix.shape();
    check_batch("input length", inputs, shape.cols)?;
    claim.check_shape(shape, inputs.len())?;
    claim.absorb_into(transcript);

    let (folded, mut instance) =
        product_instance(matrix, inputs, &claim.row_point, &claim.batch_point);
    let (sumcheck, sub_claim) = prove_sumcheck(&mut instance, claim.value, transcript);
    let (weight_evaluation, input_evaluation) = instance.final_values();
    transcript.append_field(label::WEIGHT_EVALUATION, &weight_evaluation);
    transcript.append_field(label::INPUT_EVALUATION, &input_evaluation);
    let weight_opening = weights.open(&claim.row_point, &sub_claim.point, &folded, transcript);

    let proof = MatVecProof {
        sumcheck,
        weight_evaluation,
        input_evaluation,
        weight_opening,
    };
    let input_claim = InputClaim {
        column_point: sub_claim.point,
        batch_point: claim.batch_point.clone(),
        value: input_evaluation,
    };
    Ok((proof, input_claim))
}

/// Proves the stand-alone statement `outputs[b] = W · inputs[b]`: absorbs the matrix identity
/// and the statement, draws the output point, and proves the claim there. A fresh transcript
/// for this starts with [`crate::MATVEC_PROTOCOL`].
///
/// The prover does not check that the outputs are right: if they are not, the proof fails.
pub fn prove_matvec<F: PrimeField, P: WeightProver<F>>(
    weights: &P,
    statement: MatVecStatement<'_, F>,
    transcript: &mut Transcript,
) -> Result<MatVecProof<F, P::Opening>, ShapeError> {
    let shape = weights.matrix().shape();
    statement.check_shape(shape)?;
    weights.absorb_identity(transcript);
    let claim = statement.absorb_and_draw_claim(shape, transcript);
    prove_matvec_claim(weights, statement.inputs, &claim, transcript).map(|(proof, _)| proof)
}
