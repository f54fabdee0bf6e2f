//! Proof objects, serialized with `ark-serialize` (compressed, validated on read).

use crate::error::ProofDecodeError;
use ark_ff::Field;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
pub use spazk_field::RoundPolynomial;

/// A sumcheck proof: one round polynomial per variable, in round order.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SumcheckProof<F: Field> {
    /// The round polynomials, each given by its values at `0, 1, …, degree`.
    pub round_polynomials: Vec<RoundPolynomial<F>>,
}

/// A proof that a linear layer maps its inputs to its outputs.
///
/// `O` is the weight opening: `()` for a public matrix, a commitment opening in `spazk-hyrax`.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct MatVecProof<F: Field, O: CanonicalSerialize + CanonicalDeserialize> {
    /// The sumcheck of `Σ_x W̃(r_y, x) · V'(x)`.
    pub sumcheck: SumcheckProof<F>,
    /// The claimed `W̃(r_y, r_x)`.
    pub weight_evaluation: F,
    /// The claimed `Ṽ(r_x, r_b)`.
    pub input_evaluation: F,
    /// Evidence for `weight_evaluation`.
    pub weight_opening: O,
}

impl<F: Field, O: CanonicalSerialize + CanonicalDeserialize> MatVecProof<F, O> {
    /// The compressed encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.compressed_size());
        self.serialize_compressed(&mut bytes)
            .expect("serializing into a Vec cannot fail");
        bytes
    }

    /// Decodes and validates a proof; rejects trailing bytes. Lengths inside the proof are not
    /// trusted for allocation: the decoder reads element by element and stops at the end of
    /// `bytes`, and the verifier checks every length against the statement.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofDecodeError> {
        let mut reader = bytes;
        let proof = Self::deserialize_compressed(&mut reader)?;
        if !reader.is_empty() {
            return Err(ProofDecodeError::TrailingBytes(reader.len()));
        }
        Ok(proof)
    }
}
