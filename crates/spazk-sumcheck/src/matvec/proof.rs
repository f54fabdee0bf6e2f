//! The mat-vec proof object, serialized with `ark-serialize` (compressed, validated on read).

use crate::engine::{decode_proof, encode_proof, ProofDecodeError, SumcheckProof};
use ark_ff::Field;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

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
        encode_proof(self)
    }

    /// Decodes and validates a proof; rejects trailing bytes. Lengths inside the proof are not
    /// trusted for allocation (see [`decode_proof`]): the verifier checks every length against
    /// the statement.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofDecodeError> {
        decode_proof(bytes)
    }
}

/// A zero-knowledge mat-vec proof: only what is sent in the clear, the round polynomials of the
/// masked sumcheck. The weight and input evaluations and the mask live in the hiding context
/// (hidden scalars, openings, the final Σ-protocol), not here.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HiddenMatVecProof<F: Field> {
    /// The masked sumcheck of `Σ_x W̃(r_y, x) · V'(x)`.
    pub sumcheck: SumcheckProof<F>,
}

impl<F: Field> HiddenMatVecProof<F> {
    /// The compressed encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        encode_proof(self)
    }

    /// Decodes and validates a proof; rejects trailing bytes. The verifier checks the number
    /// of rounds and every degree against the statement.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofDecodeError> {
        decode_proof(bytes)
    }
}
