//! Why a Hyrax operation failed: one variant per check.

use thiserror::Error;

/// A commitment, opening or parameter set was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum HyraxError {
    /// The layout is larger than supported.
    #[error("layout of {row_vars} + {col_vars} variables is not supported")]
    UnsupportedLayout {
        /// Row variables.
        row_vars: u32,
        /// Column variables.
        col_vars: u32,
    },
    /// The commitment has a different number of row commitments than its layout says.
    #[error("commitment has {found} rows, its layout needs {expected}")]
    WrongRowCount {
        /// `R`.
        expected: usize,
        /// Rows present.
        found: usize,
    },
    /// The commitment was made for another layout than the verifier expects.
    #[error("commitment layout does not match the statement")]
    LayoutMismatch,
    /// The commitment was made with other generators (another seed).
    #[error("commitment was made with other generators")]
    GeneratorMismatch,
    /// The parameters have fewer generators than the layout needs.
    #[error("parameters have {available} generators, the layout needs {needed}")]
    NotEnoughGenerators {
        /// `C`.
        needed: usize,
        /// Generators available.
        available: usize,
    },
    /// The opening point has the wrong number of coordinates.
    #[error("opening point has {found} coordinates, the layout needs {expected}")]
    WrongPointLength {
        /// Variables of the layout.
        expected: usize,
        /// Coordinates given.
        found: usize,
    },
    /// The opening vector has the wrong length.
    #[error("opening vector has {found} entries, the layout needs {expected}")]
    WrongOpeningLength {
        /// `C`.
        expected: usize,
        /// Entries given.
        found: usize,
    },
    /// A batched opening names a different number of commitments and values.
    #[error("batched opening has {commitments} commitments and {values} values")]
    BatchSizeMismatch {
        /// Commitments given.
        commitments: usize,
        /// Claimed values given.
        values: usize,
    },
    /// `Σ L_i·C_i ≠ Σ u_j·G_j`: the opening vector is not `Lᵀ·Z` for the committed `Z`.
    #[error("opening vector does not match the commitment")]
    CommitmentCheckFailed,
    /// `⟨u, eq(r_col, ·)⟩` differs from the claimed value.
    #[error("opened value differs from the claimed value")]
    EvaluationMismatch,
    /// The data to commit does not fit the layout.
    #[error("{found} values do not fit a layout of {capacity}")]
    DataTooLarge {
        /// Values given.
        found: usize,
        /// `R·C`.
        capacity: usize,
    },
    /// Bytes could not be decoded.
    #[error("malformed encoding: {0}")]
    Malformed(String),
    /// The bytes decode, but are not the encoding of what they decode to (an identity point's
    /// filler, a flag bit): rejected so that a digest names one encoding.
    #[error("not the canonical encoding (byte {offset} differs)")]
    NonCanonical {
        /// The first byte that differs from the canonical encoding.
        offset: usize,
    },
    /// A zero-knowledge opening names no commitment.
    #[error("an opening names no commitment")]
    EmptyOpening,
    /// The verifier reads more hidden scalars than the proof carries.
    #[error("the proof carries {found} hidden scalars, the verifier reads more")]
    MissingScalar {
        /// Scalar commitments in the proof.
        found: usize,
    },
    /// The proof carries hidden scalars the verifier never read.
    #[error("the proof carries {sent} hidden scalars, the verifier read {read}")]
    UnusedScalars {
        /// Scalars the verifier read.
        read: usize,
        /// Scalar commitments in the proof.
        sent: usize,
    },
    /// The protocol used more mask coefficients than the mask commitment holds.
    #[error("the protocol uses {used} mask coefficients, the mask holds {committed}")]
    MaskOverflow {
        /// The mask length of the statement.
        committed: usize,
        /// Coefficients the protocol reserved.
        used: usize,
    },
    /// A part of the Σ-protocol has another length than the relations registered.
    #[error("Σ-protocol {part:?} has {found} entries, the relations need {expected}")]
    SigmaLength {
        /// Which part.
        part: SigmaPart,
        /// Length the relations need.
        expected: usize,
        /// Length in the proof.
        found: usize,
    },
    /// The Σ-protocol's merged group equation fails: a response does not open its witness's
    /// commitment, or the relations do not hold.
    #[error("the Σ-protocol's check fails")]
    SigmaCheckFailed,
    /// A hiding commitment's blind is zero: its row is the plain commitment `⟨Z_i, G⟩`, which
    /// names the row to anyone who can guess it (a transparent commitment passed off as a
    /// hiding one).
    #[error("row {row} of a hiding commitment has a zero blind")]
    ZeroBlind {
        /// The first row with a zero blind.
        row: usize,
    },
    /// The zero-knowledge verifier finished without the mask commitment `C_M` ever absorbed:
    /// nothing bound the mask before the masked sumchecks' challenges, so a prover could have
    /// chosen it after them (and proved any claim).
    #[error("the mask commitment was never absorbed")]
    MaskCommitmentNotAbsorbed,
    /// `C_M` was absorbed after a masked sumcheck had reserved mask coefficients (and so drawn
    /// its challenges): the mask was not bound before them.
    #[error("the mask commitment was absorbed after {reserved} mask coefficients were in use")]
    MaskCommitmentAbsorbedLate {
        /// Mask coefficients reserved before `C_M` was absorbed.
        reserved: usize,
    },
}

/// A part of the Σ-protocol whose length the verifier checks ([`HyraxError::SigmaLength`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigmaPart {
    /// The nonce commitments `A_j` of the hidden scalars.
    ScalarNonces,
    /// The nonce commitments `D_k` of the witness vectors.
    VectorNonces,
    /// The responses `s_j`.
    ScalarResponses,
    /// The blind responses `σ_j`.
    ScalarBlinds,
    /// The number of response vectors `z_k`.
    VectorResponses,
    /// The response vector `z_k` of one witness vector (its index among the vectors: 0 the mask,
    /// then the openings).
    VectorResponse(usize),
    /// The blind responses `ζ_k`.
    VectorBlinds,
}
