//! Verifying an inference proof of inputs and outputs, as the tests call it: with a key, or
//! against a commitment (with a key made from it unless it is the given key's).
// Each test file compiles this module on its own and uses a part of it.
#![allow(dead_code)]

use spazk_mlp::{
    verify_inference, InferenceProof, InferenceStatement, MlpError, ModelCommitment, VerifyingKey,
};

/// `verify_inference` of `proof` for `inputs` → `outputs` with `key`.
pub fn verify(
    key: &VerifyingKey,
    inputs: &[Vec<u8>],
    outputs: &[Vec<i64>],
    proof: &InferenceProof,
) -> Result<(), MlpError> {
    verify_inference(key, InferenceStatement { inputs, outputs }, proof)
}

/// [`verify`] against `commitment`: with `own` when `commitment` is its commitment, else with a
/// key made from `commitment` (which checks it, as the verifier does).
pub fn verify_against(
    own: &VerifyingKey,
    commitment: &ModelCommitment,
    inputs: &[Vec<u8>],
    outputs: &[Vec<i64>],
    proof: &InferenceProof,
) -> Result<(), MlpError> {
    if commitment == own.commitment() {
        return verify(own, inputs, outputs, proof);
    }
    verify(
        &VerifyingKey::new(commitment.clone(), 1)?,
        inputs,
        outputs,
        proof,
    )
}
