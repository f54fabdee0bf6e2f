//! Why a lookup argument was rejected (verifier) or could not be proved (prover): one variant
//! per check.

use spazk_hyrax::HyraxError;
use spazk_sumcheck::SumcheckError;
use thiserror::Error;

/// The two fraction trees of a LogUp argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// `Σ 1/(α − w)` over the witness columns.
    Witness,
    /// `Σ m(t)/(α − t)` over the table.
    Table,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Side::Witness => "witness",
            Side::Table => "table",
        })
    }
}

/// A lookup argument failed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LogUpError {
    /// The statement or witness has the wrong shape.
    #[error("shape mismatch: {what} is {found}, expected {expected}")]
    Shape {
        /// Which part.
        what: &'static str,
        /// What the statement fixes.
        expected: usize,
        /// What was given.
        found: usize,
    },
    /// (Prover) a witness value is outside the table: no honest proof exists.
    #[error("column {column}, row {row}: value {value} is outside [0, 2^{bits})")]
    ValueOutOfRange {
        /// The column.
        column: usize,
        /// The row.
        row: usize,
        /// The value.
        value: u64,
        /// The table's bit width.
        bits: u32,
    },
    /// A fraction tree's root has a zero denominator (some `α − w` or `α − t` is zero).
    #[error("{0} fraction sum has a zero denominator")]
    ZeroDenominator(Side),
    /// `P_w / Q_w ≠ P_t / Q_t`: the witness is not in the table with these multiplicities.
    #[error("the witness and table fraction sums differ")]
    UnequalFractionSums,
    /// A fraction tree proof has the wrong number of layers.
    #[error("{side} tree proof has {found} layers, the statement needs {expected}")]
    WrongLayerCount {
        /// Which tree.
        side: Side,
        /// Layers the statement fixes.
        expected: usize,
        /// Layers the proof carries.
        found: usize,
    },
    /// A layer's sumcheck failed.
    #[error("{side} tree layer {layer}: {source}")]
    LayerSumcheck {
        /// Which tree.
        side: Side,
        /// The layer (0 = the root's children).
        layer: usize,
        /// What the engine rejected.
        source: SumcheckError,
    },
    /// A layer's sumcheck ended on a value its children's claims do not explain.
    #[error("{side} tree layer {layer}: final evaluation does not match the children")]
    LayerFinalMismatch {
        /// Which tree.
        side: Side,
        /// The layer.
        layer: usize,
    },
    /// The witness leaves' numerators are fixed by the statement and the proof disagrees.
    #[error("witness leaf numerator does not match the statement")]
    WitnessNumeratorMismatch,
    /// The witness leaves' denominators do not match the claimed column values.
    #[error("witness leaf denominator does not match the column evaluations")]
    WitnessDenominatorMismatch,
    /// The table leaves' denominators are not `α − t` for the range table.
    #[error("table leaf denominator does not match the range table")]
    TableDenominatorMismatch,
    /// The multiplicities' opening failed.
    #[error("multiplicity opening failed: {0}")]
    Multiplicity(HyraxError),
    /// A witness column's opening failed.
    #[error("witness column opening failed: {0}")]
    Column(HyraxError),
    /// The deferred opening equations, settled with one MSM, do not hold: some opening vector
    /// is not `Lᵀ·Z` for its commitment.
    #[error("opening check failed: {0}")]
    Openings(HyraxError),
    /// A limb column that must be a scaled copy of another is not.
    #[error("scaled top limb does not match the top limb")]
    ScaledLimbMismatch,
    /// The activation zero-check failed a round.
    #[error("activation zero-check: {0}")]
    ZeroCheck(SumcheckError),
    /// The activation zero-check ended on a value the opened columns do not explain (a wrong
    /// sign bit, ReLU output, remainder or clamp).
    #[error("activation constraints do not hold at the zero-check point")]
    ZeroCheckFinalMismatch,
    /// The activation proof's method is not the one its shape picks
    /// ([`crate::ActivationSpec::method`]).
    #[error("activation proof uses a method its shape does not pick")]
    WrongActivationMethod,
    /// The activation's reduction sumcheck failed a round.
    #[error("activation reduction: {0}")]
    Reduction(SumcheckError),
    /// The activation's reduction ended on a value the claimed column values do not explain.
    #[error("activation reduction does not match the claimed column values")]
    ReductionFinalMismatch,
    /// The claim on the pre-activations does not match the public input.
    #[error("activation input does not match the claim")]
    InputMismatch,
    /// The claim on the activations does not match the public output.
    #[error("activation output does not match the claim")]
    OutputMismatch,
    /// Committing failed (parameters too small for the layout).
    #[error("commitment failed: {0}")]
    Commitment(HyraxError),
    /// Proof bytes could not be decoded.
    #[error("malformed proof: {0}")]
    Malformed(String),
}
