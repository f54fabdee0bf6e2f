//! The proof of one inference and its file encoding.

use crate::commitment::{require_canonical, Reader};
use crate::error::MlpError;
use ark_bn254::Fr;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_activation::ActivationProof;
use spazk_hyrax::HyraxOpening;
use spazk_sumcheck::MatVecProof;

/// Magic bytes of a proof file.
pub const PROOF_MAGIC: &[u8; 8] = b"SPAZKPRF";
/// Proof format version.
pub const PROOF_VERSION: u32 = 2;

/// One layer's linear step. Its claim on the input goes to the activation below (carried in
/// that activation's zero-check) or, for the first layer, to the public input.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct LayerProof {
    /// `W·a = z − b` at the layer's claim point, with the weight opening.
    pub linear: MatVecProof<Fr, HyraxOpening>,
}

/// A proof that a committed model maps public inputs to public outputs.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct InferenceProof {
    /// One per layer, first to last.
    pub layers: Vec<LayerProof>,
    /// One per hidden layer, first to last.
    pub activations: Vec<ActivationProof>,
}

/// How one kind of proof is framed in its file: magic bytes and a format version before the
/// compressed body. Both kinds (transparent [`InferenceProof`], zero-knowledge
/// [`crate::HiddenInferenceProof`]) are read by [`decode_proof_file`], so they reject alike,
/// and each names the other when handed it.
pub(crate) struct ProofFile {
    /// What the reader's errors call the file.
    pub what: &'static str,
    /// This kind's magic bytes.
    pub magic: &'static [u8; 8],
    /// This kind's format version.
    pub version: u32,
    /// The other kind's magic bytes.
    pub other_magic: &'static [u8; 8],
    /// The message for a file of the other kind.
    pub other_kind: &'static str,
    /// The message for any other magic bytes.
    pub bad_magic: &'static str,
}

impl ProofFile {
    /// Magic, version, compressed body.
    pub fn encode(&self, proof: &impl CanonicalSerialize) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + proof.compressed_size());
        out.extend_from_slice(self.magic);
        out.extend_from_slice(&self.version.to_le_bytes());
        proof
            .serialize_compressed(&mut out)
            .expect("serializing into a Vec cannot fail");
        out
    }

    /// Decodes a proof file; rejects bad magic (the other kind named as such), another version,
    /// truncation, trailing bytes and any encoding but the canonical one (identity-point filler,
    /// flag bits: every byte has a meaning, checked by re-encoding — one serialization, no
    /// second decompression). Lengths inside are the verifier's to check against the model,
    /// never trusted; a length prefix allocates no more than the elements actually read.
    pub fn decode<T: CanonicalSerialize + CanonicalDeserialize>(
        &self,
        bytes: &[u8],
    ) -> Result<T, MlpError> {
        let mut r = Reader::new(bytes, self.what);
        let magic = r.take(8)?;
        if magic == self.other_magic {
            return Err(r.error(self.other_kind));
        }
        if magic != self.magic {
            return Err(r.error(self.bad_magic));
        }
        let version = r.u32()?;
        if version != self.version {
            return Err(r.error(&format!(
                "format version {version}, this build reads {}",
                self.version
            )));
        }
        let mut body = r.rest();
        let proof = T::deserialize_compressed(&mut body).map_err(|e| r.error(&e.to_string()))?;
        if !body.is_empty() {
            return Err(r.error(&format!("{} trailing bytes", body.len())));
        }
        require_canonical(self.what, bytes, &self.encode(&proof))?;
        Ok(proof)
    }
}

/// The transparent proof file.
const TRANSPARENT_PROOF_FILE: ProofFile = ProofFile {
    what: "proof",
    magic: PROOF_MAGIC,
    version: PROOF_VERSION,
    other_magic: crate::hidden::HIDDEN_PROOF_MAGIC,
    other_kind: "a zero-knowledge proof, not a transparent one (verify it against a hiding \
                 commitment)",
    bad_magic: "not a SpaZK proof (bad magic bytes)",
};

impl InferenceProof {
    /// The file encoding: magic, version, compressed body.
    pub fn to_bytes(&self) -> Vec<u8> {
        TRANSPARENT_PROOF_FILE.encode(self)
    }

    /// Decodes a proof file: bad magic (a zero-knowledge proof named as such), another version,
    /// truncation, trailing bytes and non-canonical encodings are rejected; lengths are the
    /// verifier's to check.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlpError> {
        TRANSPARENT_PROOF_FILE.decode(bytes)
    }
}
