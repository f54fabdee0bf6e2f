//! Errors of the mat-vec protocol: one variant per check.

use crate::engine::SumcheckError;
use thiserror::Error;

/// A statement, claim or witness does not fit the matrix it is used with.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ShapeError {
    /// A length differs from what the matrix requires.
    #[error("shape mismatch: {what} is {found}, expected {expected}")]
    Length {
        /// Which part of the statement or claim.
        what: &'static str,
        /// The length the matrix requires.
        expected: usize,
        /// The length given.
        found: usize,
    },
    /// The batch has no element.
    #[error("shape mismatch: the batch is empty")]
    EmptyBatch,
}

/// The mat-vec verifier rejected a proof. `W` is the error of the weight oracle
/// ([`crate::PublicMatrixError`] for a public matrix, a commitment error in `spazk-hyrax`).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum VerifyError<W> {
    /// The statement or claim does not fit the matrix.
    #[error(transparent)]
    Shape(#[from] ShapeError),
    /// The sumcheck over the columns failed.
    #[error("sumcheck failed: {0}")]
    Sumcheck(#[from] SumcheckError),
    /// The sumcheck's final value differs from `W̃(r_y, r_x) · Ṽ(r_x, r_b)` as claimed.
    #[error("final sumcheck value does not equal weight evaluation times input evaluation")]
    FinalEvaluationMismatch,
    /// The claimed `W̃(r_y, r_x)` was rejected by the weight oracle.
    #[error("weight evaluation rejected: {0}")]
    Weight(W),
    /// The claimed `Ṽ(r_x, r_b)` differs from the public input.
    #[error("input evaluation does not match the public input")]
    InputEvaluationMismatch,
}

/// The zero-knowledge mat-vec verifier rejected a proof. Checks on hidden values are not here:
/// they are relations in the hiding context, settled by the final Σ-protocol. `W` is the weight
/// oracle's error, `I` the input oracle's ([`crate::hidden::HiddenError`] for a hidden scalar,
/// [`ShapeError`] for a public input).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum HiddenVerifyError<W, I> {
    /// The claim does not fit the matrix or the batch.
    #[error(transparent)]
    Shape(#[from] ShapeError),
    /// The masked sumcheck failed a check made in the clear (rounds, degrees, later rounds'
    /// sums).
    #[error("sumcheck failed: {0}")]
    Sumcheck(#[from] SumcheckError),
    /// The weight oracle could not name `W̃(r_y, r_x)`.
    #[error("weight evaluation rejected: {0}")]
    Weight(W),
    /// The input oracle could not name `Ṽ(r_x, r_b)`.
    #[error("input evaluation rejected: {0}")]
    Input(I),
}
