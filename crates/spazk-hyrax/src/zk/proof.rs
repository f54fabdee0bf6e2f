//! What a zero-knowledge proof carries beyond the protocols' own messages: the mask commitment,
//! the hidden scalars' commitments and the final Σ-protocol.

use crate::commitment::{decode_compressed, require_canonical};
use crate::error::HyraxError;
use ark_bn254::{Fr, G1Affine};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

/// The Σ-protocol's first message, sent after `γ` is drawn and before the challenge `e`.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SigmaCommitments {
    /// `A_j = t_j·G₀ + τ_j·H`, one per hidden scalar.
    pub scalar_nonces: Vec<G1Affine>,
    /// `D_k = ⟨d_k, G⟩ + δ_k·H`, one per witness vector: the mask first, then each opening in
    /// the order opened.
    pub vector_nonces: Vec<G1Affine>,
    /// `K̂₁ = k₁·G₀ + κ₁·H`, `k₁` the linear coefficient of `e ↦ R(w + e·d)`.
    pub k1: G1Affine,
    /// `K̂₂ = k₂·G₀ + κ₂·H`, `k₂` its quadratic coefficient.
    pub k2: G1Affine,
}

/// The Σ-protocol's responses to the challenge `e`.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct SigmaResponses {
    /// `s_j = y_j + e·t_j`, one per hidden scalar.
    pub scalars: Vec<Fr>,
    /// `σ_j = b_j + e·τ_j`.
    pub scalar_blinds: Vec<Fr>,
    /// `z_k = w_k + e·d_k`, one vector per witness vector (same order as the nonces).
    pub vectors: Vec<Vec<Fr>>,
    /// `ζ_k = β_k + e·δ_k`.
    pub vector_blinds: Vec<Fr>,
    /// `κ = e·κ₁ + e²·κ₂`.
    pub kappa: Fr,
}

/// The commitment side of a zero-knowledge proof ([`crate::zk::ZkProver::finish`]).
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct ZkProof {
    /// `C_M = ⟨M, G⟩ + β_M·H`, absorbed with the statement.
    pub mask_commitment: G1Affine,
    /// `X_j = y_j·G₀ + b_j·H`, in the order sent; the verifier reads them in that order.
    pub scalar_commitments: Vec<G1Affine>,
    /// The Σ-protocol's first message.
    pub commitments: SigmaCommitments,
    /// Its responses.
    pub responses: SigmaResponses,
}

impl ZkProof {
    /// Compressed encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        spazk_sumcheck::engine::encode_proof(self)
    }

    /// Decodes a proof: points on the curve, no trailing bytes, the canonical encoding only
    /// (as [`crate::HyraxCommitment::from_bytes`], so that one proof has one encoding). Vectors
    /// are read an element at a time, so a hostile length cannot allocate beyond the input;
    /// their lengths are checked against the verifier's relations in
    /// [`crate::zk::ZkVerifier::finish`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, HyraxError> {
        let proof: Self = decode_compressed(bytes)?;
        require_canonical(bytes, &proof)?;
        Ok(proof)
    }
}
