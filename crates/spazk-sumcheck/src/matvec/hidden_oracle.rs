//! How the zero-knowledge mat-vec protocol learns about the weights: like [`super::WeightOracle`]
//! and [`super::WeightProver`], but the evaluation `W̃(r_y, r_x)` comes back as a [`Claim`] —
//! public for a [`PublicMatrix`], a hidden value (an opening of a hiding commitment, in
//! `spazk-hyrax`) for a committed one. Generic over the hiding context, so that one matrix type
//! can serve a context that commits and one that reveals (tests).

use super::oracle::{PublicMatrix, PublicMatrixError, WeightOracle};
use crate::hidden::{Claim, HidingProver, HidingVerifier};
use ark_ff::PrimeField;
use spazk_field::{eq_table, evaluate_mle_with_eq};
use spazk_matrix::{Matrix, MatrixShape};
use spazk_transcript::Transcript;

/// The zero-knowledge verifier's view of a weight matrix.
pub trait HidingWeightOracle<F: PrimeField, C: HidingVerifier<F> + ?Sized> {
    /// Why an evaluation could not be named (a commitment of the wrong shape, …).
    type Error: core::error::Error + Clone + PartialEq;

    /// The matrix shape, fixed by the oracle and never read from a proof.
    fn shape(&self) -> MatrixShape;

    /// Absorbs what identifies the matrix (a digest or a commitment) into the transcript.
    fn absorb_identity(&self, transcript: &mut Transcript);

    /// `W̃(row_point, col_point)` as the verifier knows it; a hidden value's checks are
    /// deferred to `context` (its relations and the final Σ-protocol).
    fn evaluation(
        &self,
        row_point: &[F],
        col_point: &[F],
        context: &mut C,
        transcript: &mut Transcript,
    ) -> Result<Claim<F>, Self::Error>;
}

/// The zero-knowledge prover's view of a weight matrix.
pub trait HidingWeightProver<F: PrimeField, C: HidingProver<F> + ?Sized> {
    /// The matrix kind that does the folding.
    type Matrix: Matrix<F>;

    /// The matrix.
    fn matrix(&self) -> &Self::Matrix;

    /// Absorbs what identifies the matrix, exactly as the verifier's oracle does.
    fn absorb_identity(&self, transcript: &mut Transcript);

    /// `W̃(row_point, col_point)` named exactly as the verifier's oracle names it, registering
    /// whatever `context` needs to prove it. `folded_rows` is `A = eq(row_point, ·)ᵀ·W`,
    /// already computed by the mat-vec prover.
    fn evaluation(
        &self,
        row_point: &[F],
        col_point: &[F],
        folded_rows: &[F],
        context: &mut C,
        transcript: &mut Transcript,
    ) -> Claim<F>;
}

/// A public matrix's evaluation is public: computed by the verifier, nothing hidden.
impl<F: PrimeField, M: Matrix<F>, C: HidingVerifier<F> + ?Sized> HidingWeightOracle<F, C>
    for PublicMatrix<M>
{
    type Error = PublicMatrixError;

    fn shape(&self) -> MatrixShape {
        self.inner().shape()
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        WeightOracle::<F>::absorb_identity(self, transcript);
    }

    fn evaluation(
        &self,
        row_point: &[F],
        col_point: &[F],
        _: &mut C,
        _: &mut Transcript,
    ) -> Result<Claim<F>, Self::Error> {
        self.inner()
            .evaluate(row_point, col_point)
            .map(Claim::public)
            .ok_or(PublicMatrixError::WrongPointLength)
    }
}

/// The prover's side of the same: the public value `⟨A, eq(col_point, ·)⟩`.
impl<F: PrimeField, M: Matrix<F>, C: HidingProver<F> + ?Sized> HidingWeightProver<F, C>
    for PublicMatrix<M>
{
    type Matrix = M;

    fn matrix(&self) -> &M {
        self.inner()
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        WeightOracle::<F>::absorb_identity(self, transcript);
    }

    fn evaluation(
        &self,
        _: &[F],
        col_point: &[F],
        folded_rows: &[F],
        _: &mut C,
        _: &mut Transcript,
    ) -> Claim<F> {
        Claim::public(evaluate_mle_with_eq(folded_rows, &eq_table(col_point)))
    }
}
