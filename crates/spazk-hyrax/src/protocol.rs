//! What the prover and the verifier of this crate must agree on byte for byte: the transcript
//! labels, how a point splits for a layout, and what a batched opening absorbs before its
//! coefficients. Both sides import these from here (neither imports from the other's file).
//!
//! Changing a string here changes every proof: the golden-proof tests catch it.

use crate::commitment::HyraxCommitment;
use crate::error::HyraxError;
use crate::layout::Layout;
use ark_bn254::Fr;
use spazk_transcript::Transcript;

/// Labels of the proof's transcript, in the order they are absorbed.
pub mod label {
    /// A commitment's row variables, absorbed before its digest.
    pub const ROW_VARS: &[u8] = b"hyrax-row-vars";
    /// A commitment's column variables.
    pub const COL_VARS: &[u8] = b"hyrax-col-vars";
    /// A committed matrix's row count (its identity, with the column count and the commitment).
    pub const MATRIX_ROWS: &[u8] = b"matrix-rows";
    /// A committed matrix's column count.
    pub const MATRIX_COLS: &[u8] = b"matrix-cols";
    /// A committed matrix's commitment.
    pub const MATRIX_COMMITMENT: &[u8] = b"matrix-commitment";
    /// Each commitment of a batched opening.
    pub const BATCH_COMMITMENT: &[u8] = b"hyrax-batch-commitment";
    /// A batched opening's point.
    pub const BATCH_POINT: &[u8] = b"hyrax-batch-point";
    /// A batched opening's claimed values.
    pub const BATCH_VALUES: &[u8] = b"hyrax-batch-values";
    /// The batch's coefficients, drawn after all of the above.
    pub const BATCH_COEFFICIENT: &[u8] = b"hyrax-batch-coefficient";
}

/// The verifier's own transcript of deferred openings, whose challenges weight the group
/// equations merged into one MSM (the prover never sees it: every input is fixed by then).
pub mod deferred {
    /// The protocol name of the deferred openings' transcript.
    pub const PROTOCOL: &[u8] = b"spazk-hyrax-deferred-openings-v1";
    /// Each commitment's digest.
    pub const COMMITMENT: &[u8] = b"commitment";
    /// The commitments' coefficients in the equation.
    pub const COEFFICIENTS: &[u8] = b"coefficients";
    /// The opening point.
    pub const POINT: &[u8] = b"point";
    /// The opening vector `u`.
    pub const OPENING_VECTOR: &[u8] = b"u";
    /// The equations' weights (one fewer than the equations: the first weighs 1).
    pub const GAMMA: &[u8] = b"gamma";
}

/// Splits a point into `(r_col, r_row)` for a layout: the column index is the low variables.
pub(crate) fn split_point(layout: Layout, point: &[Fr]) -> Result<(&[Fr], &[Fr]), HyraxError> {
    if point.len() != layout.num_vars() {
        return Err(HyraxError::WrongPointLength {
            expected: layout.num_vars(),
            found: point.len(),
        });
    }
    Ok(point.split_at(layout.col_vars as usize))
}

/// Absorbs what a batched opening claims: every commitment (digest and layout), the point and
/// the values. The coefficients are drawn after all of it: with the values alone absorbed, a
/// caller's commitments or point could be chosen after the coefficients (found by an attack on
/// the stand-alone verifier: a last commitment, or one coordinate of the point, solved so that
/// `Σ ρ_k·T̃_k(p) = Σ ρ_k·v_k` for false values).
pub(crate) fn absorb_batch(
    commitments: &[&HyraxCommitment],
    point: &[Fr],
    values: &[Fr],
    transcript: &mut Transcript,
) {
    for commitment in commitments {
        commitment.absorb_into(label::BATCH_COMMITMENT, transcript);
    }
    transcript.append_fields(label::BATCH_POINT, point);
    transcript.append_fields(label::BATCH_VALUES, values);
}
