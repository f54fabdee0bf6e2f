//! GKR proof objects.

use ark_ff::Field;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_sumcheck::engine::{decode_proof, encode_proof};
use spazk_sumcheck::{ProofDecodeError, SumcheckProof};

/// One layer's reduction: phase 1 and the value it leaves on the layer below, then — for a
/// layer with multiplication gates — phase 2 and its value.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct LayerProof<F: Field> {
    /// Sumcheck over the left-input variables `u` (and over every input of the addition gates).
    pub phase1: SumcheckProof<F>,
    /// `Ṽ_below(r_u)`.
    pub left_value: F,
    /// Sumcheck over the right inputs `v` of the multiplication gates; `None` for a layer of
    /// addition gates only.
    pub phase2: Option<SumcheckProof<F>>,
    /// `Ṽ_below(r_v)`, present exactly when `phase2` is.
    pub right_value: Option<F>,
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
        encode_proof(self)
    }

    /// Decodes and validates a proof; rejects trailing bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofDecodeError> {
        decode_proof(bytes)
    }
}
