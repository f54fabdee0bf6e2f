//! What the inference prover and verifier must agree on byte for byte: the transcript labels,
//! the order the output claim's point is drawn in, and how a layer's point splits into its row
//! and batch parts. Both sides import these from here (neither imports from the other's file).
//!
//! Changing a string here changes every proof: the golden-proof tests catch it.

use ark_bn254::Fr;
use spazk_transcript::Transcript;

/// The protocol name absorbed first by an inference transcript.
pub const MLP_PROTOCOL: &[u8] = b"spazk-mlp-v1";

/// The protocol name absorbed first by a zero-knowledge inference transcript (its own, so that
/// no transcript of one mode is a prefix of the other's).
pub const MLP_ZK_PROTOCOL: &[u8] = b"spazk-mlp-zk-v1";

/// Transcript labels, in the order they are absorbed (each activation's advice commitments,
/// absorbed between the statement and the output point, carry `spazk-activation`'s labels).
pub mod label {
    /// The model commitment's digest.
    pub const MODEL_COMMITMENT: &[u8] = b"model-commitment";
    /// The statement's batch size.
    pub const BATCH_SIZE: &[u8] = b"batch-size";
    /// One input row (its `u8` values).
    pub const INPUT: &[u8] = b"input";
    /// One output row (its `i64` logits, little-endian).
    pub const OUTPUT: &[u8] = b"output";
    /// A private input's hiding commitment (instead of the input rows).
    pub const INPUT_COMMITMENT: &[u8] = b"input-commitment";
    /// The hiding commitment to a private input's multiplicities in its 8-bit range check.
    pub const INPUT_MULTIPLICITIES: &[u8] = b"input-multiplicities";
    /// The output claim's row point `r_y`, drawn.
    pub const OUTPUT_ROW_POINT: &[u8] = b"output-row-point";
    /// The output claim's batch point `r_b`, drawn after `r_y`.
    pub const OUTPUT_BATCH_POINT: &[u8] = b"output-batch-point";
}

/// Draws the output claim's point `(r_y, r_b)`: `row_vars` for the last layer's rows, then
/// `batch_vars` for the padded batch.
pub fn draw_output_point(
    row_vars: usize,
    batch_vars: usize,
    transcript: &mut Transcript,
) -> (Vec<Fr>, Vec<Fr>) {
    let row_point = transcript.challenge_fields(label::OUTPUT_ROW_POINT, row_vars);
    let batch_point = transcript.challenge_fields(label::OUTPUT_BATCH_POINT, batch_vars);
    (row_point, batch_point)
}

/// Splits a point on a layer's table (index `b·m' + y`, the batch in the high variables) into
/// its row part (the low `row_vars` coordinates) and its batch part.
pub fn split_layer_point(point: &[Fr], row_vars: usize) -> (Vec<Fr>, Vec<Fr>) {
    (point[..row_vars].to_vec(), point[row_vars..].to_vec())
}
