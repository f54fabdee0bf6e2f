//! How the zero-knowledge mat-vec protocol names the input evaluation `Ṽ(r_x, r_b)`: the
//! caller's choice, as a pair of small traits. [`HiddenInput`] sends it as a hidden scalar (the
//! next claim of a network's previous layer); [`PublicInput`] has the verifier compute it from
//! a public batch (nothing sent). A private input's commitment opening implements the same
//! traits from above.

use super::claim::evaluate_batch;
use super::error::ShapeError;
use crate::hidden::{Claim, HiddenError, HidingProver, HidingVerifier};
use ark_ff::PrimeField;
use spazk_transcript::Transcript;

/// The zero-knowledge verifier's way to name `Ṽ(column_point, batch_point)`.
pub trait HidingInputOracle<F: PrimeField, C: HidingVerifier<F> + ?Sized> {
    /// Why the evaluation could not be named (a missing hidden scalar, a public input of the
    /// wrong shape, …).
    type Error: core::error::Error + Clone + PartialEq;

    /// `Ṽ(column_point, batch_point)` as the verifier knows it; checks on hidden values are
    /// deferred to `context`.
    fn evaluation(
        &self,
        column_point: &[F],
        batch_point: &[F],
        context: &mut C,
        transcript: &mut Transcript,
    ) -> Result<Claim<F>, Self::Error>;
}

/// The zero-knowledge prover's side of [`HidingInputOracle`]: names the same value the same way.
pub trait HidingInputProver<F: PrimeField, C: HidingProver<F> + ?Sized> {
    /// `Ṽ(column_point, batch_point)`, whose value is `value`, named exactly as the verifier's
    /// oracle names it (sending, registering or absorbing whatever that takes).
    fn evaluation(
        &self,
        column_point: &[F],
        batch_point: &[F],
        value: F,
        context: &mut C,
        transcript: &mut Transcript,
    ) -> Claim<F>;
}

/// The input evaluation is sent as a hidden scalar: the claim a network's previous layer (its
/// activation) takes over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HiddenInput;

impl<F: PrimeField, C: HidingVerifier<F> + ?Sized> HidingInputOracle<F, C> for HiddenInput {
    type Error = HiddenError;

    fn evaluation(
        &self,
        _: &[F],
        _: &[F],
        context: &mut C,
        transcript: &mut Transcript,
    ) -> Result<Claim<F>, HiddenError> {
        context.receive_scalar(transcript).map(Claim::hidden)
    }
}

impl<F: PrimeField, C: HidingProver<F> + ?Sized> HidingInputProver<F, C> for HiddenInput {
    fn evaluation(
        &self,
        _: &[F],
        _: &[F],
        value: F,
        context: &mut C,
        transcript: &mut Transcript,
    ) -> Claim<F> {
        Claim::hidden(context.hide_scalar(value, transcript))
    }
}

/// The input batch is public (absorbed with the statement): the verifier computes `Ṽ(r_x, r_b)`
/// itself, in `O(n·B)`, and nothing is sent. The prover's side ignores the batch (it has the
/// value already).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicInput<'a, F>(pub &'a [Vec<F>]);

impl<F: PrimeField, C: HidingVerifier<F> + ?Sized> HidingInputOracle<F, C> for PublicInput<'_, F> {
    type Error = ShapeError;

    /// Refuses a batch that does not fit the points (empty, or larger than they index) rather
    /// than evaluating past them.
    fn evaluation(
        &self,
        column_point: &[F],
        batch_point: &[F],
        _: &mut C,
        _: &mut Transcript,
    ) -> Result<Claim<F>, ShapeError> {
        let batch = self.0;
        if batch.is_empty() {
            return Err(ShapeError::EmptyBatch);
        }
        let fits = |len: usize, vars: usize| vars < usize::BITS as usize && len <= 1 << vars;
        if !fits(batch.len(), batch_point.len()) {
            return Err(ShapeError::Length {
                what: "public input batch size",
                expected: 1usize.checked_shl(batch_point.len() as u32).unwrap_or(0),
                found: batch.len(),
            });
        }
        if let Some(v) = batch.iter().find(|v| !fits(v.len(), column_point.len())) {
            return Err(ShapeError::Length {
                what: "public input length",
                expected: 1usize.checked_shl(column_point.len() as u32).unwrap_or(0),
                found: v.len(),
            });
        }
        Ok(Claim::public(evaluate_batch(
            batch,
            column_point,
            batch_point,
        )))
    }
}

impl<F: PrimeField, C: HidingProver<F> + ?Sized> HidingInputProver<F, C> for PublicInput<'_, F> {
    fn evaluation(&self, _: &[F], _: &[F], value: F, _: &mut C, _: &mut Transcript) -> Claim<F> {
        Claim::public(value)
    }
}
