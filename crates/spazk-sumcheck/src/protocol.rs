//! What the prover and the verifier of this crate must agree on byte for byte: the transcript
//! labels, in one place that both sides import (neither imports from the other's file).
//!
//! Changing a string here changes every proof: the golden-proof tests catch it.

/// The protocol name absorbed first by a stand-alone mat-vec transcript.
pub const MATVEC_PROTOCOL: &[u8] = b"spazk-matvec-v1";

/// The protocol name absorbed first by a stand-alone zero-knowledge mat-vec transcript.
pub const HIDDEN_MATVEC_PROTOCOL: &[u8] = b"spazk-matvec-zk-v1";

/// The engine's labels: every round polynomial is absorbed, then its challenge drawn.
pub mod engine {
    /// A round polynomial's values at `0, 1, …, degree`.
    pub const ROUND: &[u8] = b"sumcheck-round";
    /// The round's challenge.
    pub const CHALLENGE: &[u8] = b"sumcheck-challenge";
    /// A masked sumcheck's weight `ρ` on its mask, drawn before its first round.
    pub const MASK_WEIGHT: &[u8] = b"sumcheck-mask-weight";
}

/// The mat-vec protocol's labels, in transcript order.
pub mod matvec {
    /// A public matrix's row count (its identity, absorbed first).
    pub const MATRIX_ROWS: &[u8] = b"matrix-rows";
    /// A public matrix's column count.
    pub const MATRIX_COLS: &[u8] = b"matrix-cols";
    /// A public matrix's digest.
    pub const MATRIX_DIGEST: &[u8] = b"matrix-digest";
    /// The stand-alone statement's batch size.
    pub const BATCH_SIZE: &[u8] = b"batch-size";
    /// One input vector of the stand-alone statement.
    pub const INPUT: &[u8] = b"input";
    /// One output vector of the stand-alone statement.
    pub const OUTPUT: &[u8] = b"output";
    /// The output claim's row point `r_y`, drawn.
    pub const ROW_POINT: &[u8] = b"row-point";
    /// The output claim's batch point `r_b`, drawn.
    pub const BATCH_POINT: &[u8] = b"batch-point";
    /// The claim's row point, absorbed before the rounds.
    pub const CLAIM_ROW_POINT: &[u8] = b"matvec-claim-row-point";
    /// The claim's batch point.
    pub const CLAIM_BATCH_POINT: &[u8] = b"matvec-claim-batch-point";
    /// The claim's value.
    pub const CLAIM_VALUE: &[u8] = b"matvec-claim-value";
    /// A zero-knowledge claim's value, an affine form over hidden values (its constant and its
    /// terms), absorbed after the claim's points.
    pub const CLAIM_HIDDEN_VALUE: &[u8] = b"matvec-claim-hidden-value";
    /// The claimed `W̃(r_y, r_x)`, after the rounds.
    pub const WEIGHT_EVALUATION: &[u8] = b"weight-evaluation";
    /// The claimed `Ṽ(r_x, r_b)`.
    pub const INPUT_EVALUATION: &[u8] = b"input-evaluation";
}
