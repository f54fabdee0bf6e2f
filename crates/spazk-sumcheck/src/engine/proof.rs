//! The engine's proof object, and the exact (no trailing bytes) encoding every proof of the
//! workspace's sumcheck protocols uses.

use super::error::ProofDecodeError;
use ark_ff::Field;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
pub use spazk_field::RoundPolynomial;

/// A sumcheck proof: one round polynomial per variable, in round order.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SumcheckProof<F: Field> {
    /// The round polynomials, each given by its values at `0, 1, …, degree`.
    pub round_polynomials: Vec<RoundPolynomial<F>>,
}

impl<F: Field> Default for SumcheckProof<F> {
    /// A proof of no rounds.
    fn default() -> Self {
        Self {
            round_polynomials: Vec::new(),
        }
    }
}

/// The compressed encoding of a proof.
pub fn encode_proof<P: CanonicalSerialize>(proof: &P) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(proof.compressed_size());
    proof
        .serialize_compressed(&mut bytes)
        .expect("serializing into a Vec cannot fail");
    bytes
}

/// Decodes and validates a compressed proof; rejects trailing bytes. Lengths inside the proof
/// are not trusted for allocation: the decoder reads element by element and stops at the end of
/// `bytes`, and verifiers check every length against their statement.
pub fn decode_proof<P: CanonicalDeserialize>(bytes: &[u8]) -> Result<P, ProofDecodeError> {
    let mut reader = bytes;
    let proof = P::deserialize_compressed(&mut reader)?;
    if !reader.is_empty() {
        return Err(ProofDecodeError::TrailingBytes(reader.len()));
    }
    Ok(proof)
}
