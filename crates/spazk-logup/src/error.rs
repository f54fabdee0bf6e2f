//! Why a lookup argument ([`LookupError`]) or a range check ([`RangeError`]) was rejected
//! (verifier) or could not be proved (prover), and why proof bytes did not decode
//! ([`DecodeError`]): one variant per check.

use spazk_hyrax::HyraxError;
use spazk_sumcheck::hidden::HiddenError;
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
pub enum LookupError {
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
    /// The table leaves' denominators are not `α − t̃(ρ)` for the statement's table.
    #[error("table leaf denominator does not match the table")]
    TableDenominatorMismatch,
    /// The multiplicities' commitment or opening failed.
    #[error("multiplicity opening failed: {0}")]
    Multiplicity(HyraxError),
    /// The deferred opening equations, settled with one MSM, do not hold: some opening vector
    /// is not `Lᵀ·Z` for its commitment.
    #[error("opening check failed: {0}")]
    Openings(HyraxError),
    /// (Prover) committing the multiplicities failed (parameters too small for the layout).
    #[error("commitment failed: {0}")]
    Commitment(HyraxError),
    /// (Zero-knowledge verifier) the proof carries fewer hidden scalars than the lookup reads.
    #[error("hidden values: {0}")]
    Hidden(HiddenError),
}

/// A committed range check failed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RangeError {
    /// The decomposition, the values or the proof has the wrong shape.
    #[error("shape mismatch: {what} is {found}, expected {expected}")]
    Shape {
        /// Which part.
        what: &'static str,
        /// What the decomposition fixes.
        expected: usize,
        /// What was given.
        found: usize,
    },
    /// (Prover) a value is wider than its decomposition: no honest proof exists.
    #[error("row {row}: value {value} is outside [0, 2^{bits})")]
    ValueOutOfRange {
        /// The row.
        row: usize,
        /// The value.
        value: u64,
        /// The decomposition's value width.
        bits: u32,
    },
    /// The lookup argument over the limbs failed.
    #[error("limb lookup: {0}")]
    Lookup(LookupError),
    /// A limb column that must be a scaled copy of another is not.
    #[error("scaled top limb does not match the top limb")]
    ScaledLimbMismatch,
    /// A limb commitment has the wrong layout, or the limbs' batched opening failed.
    #[error("limb opening failed: {0}")]
    Column(HyraxError),
    /// The deferred opening equations, settled with one MSM, do not hold.
    #[error("opening check failed: {0}")]
    Openings(HyraxError),
    /// (Prover) committing a limb column failed (parameters too small for the layout).
    #[error("commitment failed: {0}")]
    Commitment(HyraxError),
}

impl From<LookupError> for RangeError {
    fn from(error: LookupError) -> Self {
        Self::Lookup(error)
    }
}

/// Proof bytes did not decode to the one canonical encoding of a proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The decoder rejected the bytes (truncated, a field element not canonical, a point off
    /// the curve, a length beyond the bytes).
    #[error("malformed proof: the bytes do not decode")]
    Undecodable,
    /// Bytes were left after a complete proof.
    #[error("malformed proof: {0} trailing bytes")]
    TrailingBytes(usize),
    /// The bytes decode, but are not the proof's canonical encoding (an identity point's
    /// ignored filler would give one proof many encodings).
    #[error("malformed proof: not the canonical encoding (byte {offset} differs)")]
    NonCanonical {
        /// The first byte that differs from the canonical encoding.
        offset: usize,
    },
}
