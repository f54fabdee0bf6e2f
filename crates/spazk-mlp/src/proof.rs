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

impl InferenceProof {
    /// The file encoding: magic, version, compressed body.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + self.compressed_size());
        out.extend_from_slice(PROOF_MAGIC);
        out.extend_from_slice(&PROOF_VERSION.to_le_bytes());
        self.serialize_compressed(&mut out)
            .expect("serializing into a Vec cannot fail");
        out
    }

    /// Decodes a proof file; rejects bad magic, another version, truncation, trailing bytes and
    /// any encoding but the canonical one (identity-point filler, flag bits: every byte has a
    /// meaning, checked by re-encoding — one serialization, no second decompression). Lengths
    /// inside are checked by the verifier against the model, never trusted; a length prefix
    /// allocates no more than the elements actually read.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlpError> {
        let mut r = Reader::new(bytes, "proof");
        let magic = r.take(8)?;
        if magic == crate::hidden::HIDDEN_PROOF_MAGIC {
            return Err(r.error(
                "a zero-knowledge proof, not a transparent one (verify it against a hiding \
                 commitment)",
            ));
        }
        if magic != PROOF_MAGIC {
            return Err(r.error("not a SpaZK proof (bad magic bytes)"));
        }
        let version = r.u32()?;
        if version != PROOF_VERSION {
            return Err(r.error(&format!(
                "format version {version}, this build reads {PROOF_VERSION}"
            )));
        }
        let mut body = r.rest();
        let proof = Self::deserialize_compressed(&mut body).map_err(|e| r.error(&e.to_string()))?;
        if !body.is_empty() {
            return Err(r.error(&format!("{} trailing bytes", body.len())));
        }
        require_canonical("proof", bytes, &proof.to_bytes())?;
        Ok(proof)
    }
}
