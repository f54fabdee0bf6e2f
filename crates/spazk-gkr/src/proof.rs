//! GKR proof objects.

use ark_ff::Field;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_sumcheck::{ProofDecodeError, SumcheckProof};

/// One layer's reduction: two sumchecks and the two values they leave on the layer below.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct LayerProof<F: Field> {
    /// Sumcheck over the left-input variables `u`.
    pub phase1: SumcheckProof<F>,
    /// `Ṽ_below(r_u)`.
    pub left_value: F,
    /// Sumcheck over the right-input variables `v`.
    pub phase2: SumcheckProof<F>,
    /// `Ṽ_below(r_v)`.
    pub right_value: F,
}

/// A GKR proof: one [`LayerProof`] per gate layer, output layer first.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct GkrProof<F: Field> {
    /// Layer proofs, top-down.
    pub layers: Vec<LayerProof<F>>,
}

impl<F: Field> GkrProof<F> {
    /// The compressed encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.compressed_size());
        self.serialize_compressed(&mut bytes)
            .expect("serializing into a Vec cannot fail");
        bytes
    }

    /// Decodes and validates a proof; rejects trailing bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofDecodeError> {
        let mut reader = bytes;
        let proof = Self::deserialize_compressed(&mut reader)?;
        if !reader.is_empty() {
            return Err(ProofDecodeError::TrailingBytes(reader.len()));
        }
        Ok(proof)
    }
}
