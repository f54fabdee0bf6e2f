//! What the GKR prover and verifier must agree on byte for byte: the transcript labels and the
//! statement's absorption, in one place that both sides import.
//!
//! Changing a string here changes every proof.

use crate::circuit::{LayeredCircuit, PublicInputs};
use ark_ff::PrimeField;
use spazk_field::{evaluate_mle, log2_ceil, EvalClaim};
use spazk_transcript::Transcript;

/// The protocol name a stand-alone GKR transcript starts with.
pub const GKR_PROTOCOL: &[u8] = b"spazk-gkr-v1";

/// Transcript labels, in transcript order.
pub mod label {
    /// The circuit's wiring digest (statement).
    pub const CIRCUIT_DIGEST: &[u8] = b"circuit-digest";
    /// The number of inputs (statement).
    pub const NUM_INPUTS: &[u8] = b"num-inputs";
    /// The number of gate layers (statement).
    pub const NUM_LAYERS: &[u8] = b"num-layers";
    /// The public inputs' digest (statement).
    pub const INPUT_DIGEST: &[u8] = b"input-digest";
    /// The claimed outputs (statement).
    pub const OUTPUTS: &[u8] = b"outputs";
    /// The random point of the output claim.
    pub const OUTPUT_POINT: &[u8] = b"output-point";
    /// `Ṽ_below(r_u)`, after phase 1.
    pub const LEFT_VALUE: &[u8] = b"left-value";
    /// `Ṽ_below(r_v)`, after phase 2.
    pub const RIGHT_VALUE: &[u8] = b"right-value";
    /// `γ`, combining the claims a layer leaves on the layer below.
    pub const COMBINE: &[u8] = b"claim-combination";
}

/// Absorbs the statement (circuit, inputs, outputs) and draws the output claim.
pub(crate) fn absorb_statement<F: PrimeField>(
    circuit: &LayeredCircuit,
    inputs: &PublicInputs<F>,
    outputs: &[F],
    transcript: &mut Transcript,
) -> EvalClaim<F> {
    transcript.append_bytes(label::CIRCUIT_DIGEST, &circuit.digest());
    transcript.append_u64(label::NUM_INPUTS, circuit.num_inputs() as u64);
    transcript.append_u64(label::NUM_LAYERS, circuit.layers().len() as u64);
    transcript.append_bytes(label::INPUT_DIGEST, &inputs.digest());
    transcript.append_fields(label::OUTPUTS, outputs);
    let point = transcript.challenge_fields(label::OUTPUT_POINT, log2_ceil(outputs.len()));
    let value = evaluate_mle(outputs, &point).expect("point sized for the outputs");
    EvalClaim::new(point, value)
}
