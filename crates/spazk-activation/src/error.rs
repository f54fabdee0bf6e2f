//! Why an activation step was rejected (verifier) or could not be proved (prover): one variant
//! per check; the lookup argument's and the range checks' own errors are wrapped whole.

use spazk_hyrax::HyraxError;
use spazk_logup::{LookupError, RangeError};
use spazk_sumcheck::hidden::HiddenError;
use spazk_sumcheck::SumcheckError;
use thiserror::Error;

/// A ReLU + requantize proof failed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ActivationError {
    /// The spec, the advice, a claim or the proof has the wrong shape.
    #[error("shape mismatch: {what} is {found}, expected {expected}")]
    Shape {
        /// Which part.
        what: &'static str,
        /// What the spec fixes.
        expected: usize,
        /// What was given.
        found: usize,
    },
    /// (Prover) a pre-activation is outside `[−2^L, 2^L)`: no honest proof exists.
    #[error("row {row}: pre-activation {value} is outside [-2^{bits}, 2^{bits})")]
    InputOutOfRange {
        /// The row.
        row: usize,
        /// The pre-activation.
        value: i64,
        /// The spec's bound `L`.
        bits: u32,
    },
    /// The pair method's lookup into the requantization table failed.
    #[error("requantization lookup: {0}")]
    Lookup(LookupError),
    /// The limb method's range checks failed.
    #[error("range checks: {0}")]
    Range(RangeError),
    /// The limb method's zero-check failed a round.
    #[error("activation zero-check: {0}")]
    ZeroCheck(SumcheckError),
    /// The zero-check ended on a value the opened columns do not explain (a wrong sign bit,
    /// ReLU output, remainder or clamp).
    #[error("activation constraints do not hold at the zero-check point")]
    ZeroCheckFinalMismatch,
    /// The proof's method is not the one its shape picks ([`crate::ActivationSpec::method`]).
    #[error("activation proof uses a method its shape does not pick")]
    WrongActivationMethod,
    /// The pair method's reduction sumcheck failed a round.
    #[error("activation reduction: {0}")]
    Reduction(SumcheckError),
    /// The reduction ended on a value the claimed column values do not explain.
    #[error("activation reduction does not match the claimed column values")]
    ReductionFinalMismatch,
    /// An advice commitment has the wrong layout, or the advice columns' batched opening failed.
    #[error("advice opening failed: {0}")]
    Column(HyraxError),
    /// The deferred opening equations, settled with one MSM, do not hold.
    #[error("opening check failed: {0}")]
    Openings(HyraxError),
    /// The claim on the pre-activations does not match the public input.
    #[error("activation input does not match the claim")]
    InputMismatch,
    /// The claim on the activations does not match the public output.
    #[error("activation output does not match the claim")]
    OutputMismatch,
    /// (Zero-knowledge verifier) the proof carries fewer hidden scalars than the step reads.
    #[error("hidden values: {0}")]
    Hidden(HiddenError),
    /// (Prover) committing an advice column failed (parameters too small for the layout).
    #[error("commitment failed: {0}")]
    Commitment(HyraxError),
}

impl From<LookupError> for ActivationError {
    fn from(error: LookupError) -> Self {
        Self::Lookup(error)
    }
}

impl From<RangeError> for ActivationError {
    fn from(error: RangeError) -> Self {
        Self::Range(error)
    }
}
