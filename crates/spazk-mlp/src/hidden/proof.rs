//! The zero-knowledge proof of one inference and its file encoding.

use crate::error::MlpError;
use crate::proof::{ProofFile, PROOF_MAGIC};
use ark_bn254::Fr;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_activation::HiddenActivationProof;
use spazk_hyrax::zk::ZkProof;
use spazk_hyrax::HyraxCommitment;
use spazk_logup::HiddenLookupProof;
use spazk_sumcheck::HiddenMatVecProof;

/// Magic bytes of a zero-knowledge proof file (a transparent proof's are
/// [`crate::PROOF_MAGIC`]: each reader names the other kind when handed it).
pub const HIDDEN_PROOF_MAGIC: &[u8; 8] = b"SPAZKZKP";
/// Zero-knowledge proof format version.
pub const HIDDEN_PROOF_VERSION: u32 = 1;

/// A private input's 8-bit range check: the hiding commitment to the multiplicities (absorbed
/// with the statement) and the zero-knowledge lookup's clear messages.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct InputRangeProof {
    /// Hiding commitment to how often each byte value occurs in the padded input table.
    pub multiplicities: HyraxCommitment,
    /// The lookup's masked round polynomials.
    pub lookup: HiddenLookupProof,
}

/// A zero-knowledge proof that a hiding-committed model maps the statement's input (public, or
/// committed) to its public outputs. What is in the clear is only masked round polynomials and
/// commitments; every value is behind [`Self::zk`] (hidden scalars and the final Σ-protocol).
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HiddenInferenceProof {
    /// One per layer, first to last: the masked mat-vec sumcheck.
    pub layers: Vec<HiddenMatVecProof<Fr>>,
    /// One per hidden layer, first to last: its advice commitments (absorbed with the
    /// statement) and masked round polynomials.
    pub activations: Vec<HiddenActivationProof>,
    /// The private input's range check; `None` for a public input.
    pub input_range: Option<InputRangeProof>,
    /// Mask commitment, hidden scalars and the Σ-protocol over every relation.
    pub zk: ZkProof,
}

/// The zero-knowledge proof file.
const HIDDEN_PROOF_FILE: ProofFile = ProofFile {
    what: "zero-knowledge proof",
    magic: HIDDEN_PROOF_MAGIC,
    version: HIDDEN_PROOF_VERSION,
    other_magic: PROOF_MAGIC,
    other_kind: "a transparent proof, not a zero-knowledge one (verify it against a \
                 transparent commitment)",
    bad_magic: "not a SpaZK zero-knowledge proof (bad magic bytes)",
};

impl HiddenInferenceProof {
    /// The file encoding: magic, version, compressed body.
    pub fn to_bytes(&self) -> Vec<u8> {
        HIDDEN_PROOF_FILE.encode(self)
    }

    /// Decodes a zero-knowledge proof file as [`crate::InferenceProof::from_bytes`] decodes a
    /// transparent one (the same reader: bad magic — a transparent proof named as such —,
    /// another version, truncation, trailing bytes and non-canonical encodings rejected;
    /// lengths are the verifier's to check).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlpError> {
        HIDDEN_PROOF_FILE.decode(bytes)
    }
}
