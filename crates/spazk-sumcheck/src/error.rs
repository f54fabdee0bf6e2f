//! Errors of the sumcheck engine and of the mat-vec verifier: one variant per check.

use thiserror::Error;

/// A sumcheck proof failed one of the engine's checks.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SumcheckError {
    /// The proof has a different number of rounds than the statement fixes.
    #[error("sumcheck proof has {found} rounds, the statement needs {expected}")]
    WrongNumberOfRounds {
        /// Rounds the statement fixes.
        expected: usize,
        /// Rounds the proof carries.
        found: usize,
    },
    /// A round polynomial has the wrong number of evaluations for the protocol's degree.
    #[error("round {round} polynomial has {found} evaluations, degree {degree} needs {}", degree + 1)]
    WrongDegree {
        /// The round (0-based).
        round: usize,
        /// The degree the protocol fixes.
        degree: usize,
        /// Evaluations the proof carries.
        found: usize,
    },
    /// `p(0) + p(1)` differs from the running claim.
    #[error("round {round}: p(0) + p(1) does not equal the running claim")]
    RoundSumMismatch {
        /// The round (0-based).
        round: usize,
    },
}

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

/// Proof bytes could not be decoded (truncated, trailing data, non-canonical field element).
#[derive(Debug, Error)]
pub enum ProofDecodeError {
    /// The arkworks decoder rejected the bytes.
    #[error("malformed proof: {0}")]
    Malformed(#[from] ark_serialize::SerializationError),
    /// Bytes were left after a complete proof.
    #[error("malformed proof: {0} trailing bytes")]
    TrailingBytes(usize),
}
