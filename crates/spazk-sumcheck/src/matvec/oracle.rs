//! How the mat-vec protocol learns about the weights.
//!
//! The prover side ([`WeightProver`]) holds the matrix, binds its identity into the transcript and
//! produces evidence for `W̃(r_y, r_x)`. The verifier side ([`WeightOracle`]) binds the same
//! identity and checks that evidence. [`PublicMatrix`] is both, for a matrix the verifier holds:
//! its identity is a digest of the entries and its check re-evaluates `W̃` in O(nnz).
//! `spazk-hyrax` implements the same traits with a commitment and an opening proof.

use crate::protocol::matvec as label;
use ark_ff::PrimeField;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_matrix::{matrix_digest, Matrix, MatrixShape};
use spazk_transcript::Transcript;
use thiserror::Error;

/// The verifier's view of a weight matrix.
pub trait WeightOracle<F: PrimeField> {
    /// Evidence for a claimed evaluation, carried in the proof.
    type Opening: CanonicalSerialize + CanonicalDeserialize + Clone + core::fmt::Debug + Eq;
    /// Why a claimed evaluation was rejected.
    type Error: core::error::Error + Clone + PartialEq;

    /// The matrix shape, fixed by the oracle and never read from a proof.
    fn shape(&self) -> MatrixShape;

    /// Absorbs what identifies the matrix (a digest or a commitment) into the transcript.
    fn absorb_identity(&self, transcript: &mut Transcript);

    /// Checks `W̃(row_point, col_point) = claimed` using `opening`.
    fn verify_evaluation(
        &self,
        row_point: &[F],
        col_point: &[F],
        claimed: F,
        opening: &Self::Opening,
        transcript: &mut Transcript,
    ) -> Result<(), Self::Error>;
}

/// The prover's view of a weight matrix.
pub trait WeightProver<F: PrimeField> {
    /// The matrix kind that does the folding.
    type Matrix: Matrix<F>;
    /// Evidence for an evaluation, the same type the matching [`WeightOracle`] reads.
    type Opening: CanonicalSerialize + CanonicalDeserialize + Clone + core::fmt::Debug + Eq;

    /// The matrix.
    fn matrix(&self) -> &Self::Matrix;

    /// Absorbs what identifies the matrix, exactly as the verifier's oracle does.
    fn absorb_identity(&self, transcript: &mut Transcript);

    /// Evidence for `W̃(row_point, col_point)`. `folded_rows` is `A = eq(row_point, ·)ᵀ·W`,
    /// already computed by the mat-vec prover, so an opening that needs it costs nothing extra.
    fn open(
        &self,
        row_point: &[F],
        col_point: &[F],
        folded_rows: &[F],
        transcript: &mut Transcript,
    ) -> Self::Opening;
}

/// A matrix both parties hold, identified by its [`matrix_digest`] (computed once, here).
#[derive(Clone, Debug)]
pub struct PublicMatrix<M> {
    matrix: M,
    digest: [u8; 32],
}

/// The public matrix evaluates to something else than the proof claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum PublicMatrixError {
    /// `W̃(r_y, r_x)` computed from the matrix differs from the claim.
    #[error("claimed weight evaluation differs from the public matrix")]
    EvaluationMismatch,
    /// The evaluation point does not fit the matrix's padded shape.
    #[error("evaluation point does not fit the public matrix")]
    WrongPointLength,
}

impl<M> PublicMatrix<M> {
    /// Wraps a matrix and computes its digest (O(nnz), once).
    pub fn new<F: PrimeField>(matrix: M) -> Self
    where
        M: Matrix<F>,
    {
        let digest = matrix_digest(&matrix);
        Self { matrix, digest }
    }

    /// The digest absorbed into every transcript that uses this matrix.
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }

    /// The wrapped matrix.
    pub fn inner(&self) -> &M {
        &self.matrix
    }
}

fn absorb_public<F: PrimeField, M: Matrix<F>>(
    public: &PublicMatrix<M>,
    transcript: &mut Transcript,
) {
    let shape = public.matrix.shape();
    transcript.append_u64(label::MATRIX_ROWS, shape.rows as u64);
    transcript.append_u64(label::MATRIX_COLS, shape.cols as u64);
    transcript.append_bytes(label::MATRIX_DIGEST, &public.digest);
}

impl<F: PrimeField, M: Matrix<F>> WeightOracle<F> for PublicMatrix<M> {
    type Opening = ();
    type Error = PublicMatrixError;

    fn shape(&self) -> MatrixShape {
        self.matrix.shape()
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        absorb_public(self, transcript);
    }

    fn verify_evaluation(
        &self,
        row_point: &[F],
        col_point: &[F],
        claimed: F,
        _opening: &(),
        _transcript: &mut Transcript,
    ) -> Result<(), PublicMatrixError> {
        match self.matrix.evaluate(row_point, col_point) {
            Some(value) if value == claimed => Ok(()),
            _ => Err(PublicMatrixError::EvaluationMismatch),
        }
    }
}

impl<F: PrimeField, M: Matrix<F>> WeightProver<F> for PublicMatrix<M> {
    type Matrix = M;
    type Opening = ();

    fn matrix(&self) -> &M {
        &self.matrix
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        absorb_public(self, transcript);
    }

    fn open(&self, _: &[F], _: &[F], _: &[F], _: &mut Transcript) {}
}
