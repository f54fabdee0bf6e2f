//! The zero-knowledge mat-vec verifier. Like the transparent one it takes every length from the
//! statement and never panics on prover data; checks on hidden values become relations in the
//! hiding context.

use super::claim::{HiddenInputClaim, HiddenMatVecClaim, MatVecStatement};
use super::error::{HiddenVerifyError, ShapeError};
use super::hidden_input::{HidingInputOracle, PublicInput};
use super::hidden_oracle::HidingWeightOracle;
use super::proof::HiddenMatVecProof;
use crate::engine::verify_masked_sumcheck;
use crate::hidden::HidingVerifier;
use ark_ff::PrimeField;
use spazk_transcript::Transcript;

/// Verifies a zero-knowledge mat-vec proof of `claim` for a batch of `batch_size` inputs and
/// returns the claim it leaves on the input.
///
/// Checks, in order: the claim's shape; the masked sumcheck's rounds in the clear (count,
/// degrees, the sums of rounds `1 …`), requiring round 0's sum in `context`; `W̃(r_y, r_x)`
/// through `oracle` and `Ṽ(r_x, r_b)` through `input`; then requires `W̃·Ṽ` to equal the
/// sumcheck's final claim (one relation of degree ≤ 2). The relations hold or fail when
/// `context` settles them (the final Σ-protocol).
pub fn verify_hidden_matvec_claim<F, C, O, I>(
    oracle: &O,
    input: &I,
    batch_size: usize,
    claim: &HiddenMatVecClaim<F>,
    proof: &HiddenMatVecProof<F>,
    context: &mut C,
    transcript: &mut Transcript,
) -> Result<HiddenInputClaim<F>, HiddenVerifyError<O::Error, I::Error>>
where
    F: PrimeField,
    C: HidingVerifier<F> + ?Sized,
    O: HidingWeightOracle<F, C>,
    I: HidingInputOracle<F, C>,
{
    let shape = oracle.shape();
    claim.check_shape(shape, batch_size)?;
    claim.absorb_into(transcript);
    let sub_claim = verify_masked_sumcheck(
        &proof.sumcheck,
        &claim.value,
        shape.col_vars(),
        2,
        context,
        transcript,
    )?;
    let weight = oracle
        .evaluation(&claim.row_point, &sub_claim.point, context, transcript)
        .map_err(HiddenVerifyError::Weight)?;
    let input_claim = input
        .evaluation(&sub_claim.point, &claim.batch_point, context, transcript)
        .map_err(HiddenVerifyError::Input)?;
    context
        .relations()
        .require_zero(weight.product(&input_claim) - sub_claim.value);
    Ok(HiddenInputClaim {
        column_point: sub_claim.point,
        batch_point: claim.batch_point.clone(),
        value: input_claim,
    })
}

/// Verifies the stand-alone statement `outputs[b] = W · inputs[b]` proved by
/// [`super::prove_hidden_matvec`]: the output claim is computed from the public outputs, the
/// input evaluation from the public inputs. A fresh transcript for this starts with
/// [`crate::protocol::HIDDEN_MATVEC_PROTOCOL`], `context`'s mask commitment absorbed as the
/// prover's was.
pub fn verify_hidden_matvec<F, C, O>(
    oracle: &O,
    statement: MatVecStatement<'_, F>,
    proof: &HiddenMatVecProof<F>,
    context: &mut C,
    transcript: &mut Transcript,
) -> Result<(), HiddenVerifyError<O::Error, ShapeError>>
where
    F: PrimeField,
    C: HidingVerifier<F> + ?Sized,
    O: HidingWeightOracle<F, C>,
{
    let shape = oracle.shape();
    statement.check_shape(shape)?;
    oracle.absorb_identity(transcript);
    let claim = statement.absorb_and_draw_claim(shape, transcript);
    verify_hidden_matvec_claim(
        oracle,
        &PublicInput(statement.inputs),
        statement.inputs.len(),
        &claim.into(),
        proof,
        context,
        transcript,
    )
    .map(|_| ())
}
