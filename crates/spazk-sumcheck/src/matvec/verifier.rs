//! The mat-vec verifier, on the engine's verifier. Nothing here panics on prover data: every
//! length is checked against the statement first.

use super::claim::{check_len, InputClaim, MatVecClaim, MatVecStatement};
use super::error::VerifyError;
use super::oracle::WeightOracle;
use super::proof::MatVecProof;
use crate::engine::verify_sumcheck;
use crate::protocol::matvec as label;
use ark_ff::PrimeField;
use spazk_transcript::Transcript;

/// Verifies a mat-vec proof of the claim `Ỹ(r_y, r_b) = c` for a batch of `batch_size` inputs
/// and returns the claim it leaves on the input, `Ṽ(r_x, r_b)`, which the caller must check
/// (against a public input, or as the previous layer's output claim).
///
/// Checks, in order: the claim's shape; the sumcheck (rounds, degrees, every round sum); the
/// final value against `W̃(r_y, r_x) · Ṽ(r_x, r_b)` as claimed; the weight evaluation through the
/// oracle.
pub fn verify_matvec_claim<F: PrimeField, O: WeightOracle<F>>(
    oracle: &O,
    batch_size: usize,
    claim: &MatVecClaim<F>,
    proof: &MatVecProof<F, O::Opening>,
    transcript: &mut Transcript,
) -> Result<InputClaim<F>, VerifyError<O::Error>> {
    let shape = oracle.shape();
    claim.check_shape(shape, batch_size)?;
    claim.absorb_into(transcript);
    let sub_claim = verify_sumcheck(
        &proof.sumcheck,
        claim.value,
        shape.col_vars(),
        2,
        transcript,
    )?;
    transcript.append_field(label::WEIGHT_EVALUATION, &proof.weight_evaluation);
    transcript.append_field(label::INPUT_EVALUATION, &proof.input_evaluation);
    if sub_claim.value != proof.weight_evaluation * proof.input_evaluation {
        return Err(VerifyError::FinalEvaluationMismatch);
    }
    check_len("sumcheck point", shape.col_vars(), sub_claim.point.len())?;
    oracle
        .verify_evaluation(
            &claim.row_point,
            &sub_claim.point,
            proof.weight_evaluation,
            &proof.weight_opening,
            transcript,
        )
        .map_err(VerifyError::Weight)?;
    Ok(InputClaim {
        column_point: sub_claim.point,
        batch_point: claim.batch_point.clone(),
        value: proof.input_evaluation,
    })
}

/// Verifies the stand-alone statement `outputs[b] = W · inputs[b]` with `W` known through
/// `oracle`. Computes the output claim itself from the public outputs, verifies the proof of
/// it, and checks the input claim against the public inputs. A fresh transcript for this starts
/// with [`crate::MATVEC_PROTOCOL`].
pub fn verify_matvec<F: PrimeField, O: WeightOracle<F>>(
    oracle: &O,
    statement: MatVecStatement<'_, F>,
    proof: &MatVecProof<F, O::Opening>,
    transcript: &mut Transcript,
) -> Result<(), VerifyError<O::Error>> {
    let shape = oracle.shape();
    statement.check_shape(shape)?;
    oracle.absorb_identity(transcript);
    let claim = statement.absorb_and_draw_claim(shape, transcript);
    let input_claim =
        verify_matvec_claim(oracle, statement.inputs.len(), &claim, proof, transcript)?;
    if statement.input_evaluation(&input_claim.column_point, &input_claim.batch_point)
        != input_claim.value
    {
        return Err(VerifyError::InputEvaluationMismatch);
    }
    Ok(())
}
