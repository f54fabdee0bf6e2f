//! Errors of the sumcheck engine, one variant per check, and of proof decoding.

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
