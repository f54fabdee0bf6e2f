//! The owner's secret of a hiding model commitment: every blind of its weight rows and bias
//! rows, bound to the commitment's digest. Proving in zero knowledge needs it (an opening's
//! blind is `Σ_i L_i·β_i`); anyone holding it with the model can recompute the commitment, so it
//! must stay with the owner. The library never writes it to a file: the command line does, with
//! owner-only permissions.
//!
//! File format (`.spzs`): magic `SPAZKSEC`, format version (u32 LE), the model digest
//! ([`crate::ModelCommitment::digest`], 32 bytes), the layer count (u32), then per layer: the
//! number of weight blinds (u32, the Hyrax rows of the hiding weight layout that hold real
//! matrix rows, [`crate::commitment::weight_data_rows`] `= m·2^h`: padded rows have none, they
//! are the identity) and the blinds in Hyrax row order, then the number of bias blinds (u32, the data rows of
//! [`crate::commitment::bias_layout`]) and the blinds; each blind a canonical little-endian
//! field element (32 bytes, below the modulus). Readers accept the canonical encoding only and
//! check every count against the bytes that remain; [`ModelSecret::check_shape`] checks the
//! counts against a commitment.

use crate::commitment::{
    bias_data_rows, require_canonical, weight_data_rows, ModelCommitment, Reader, MAX_LAYERS,
    MAX_WIDTH,
};
use crate::error::{MlpError, ModelMismatch};
use ark_bn254::Fr;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

/// Magic bytes of a secret file.
pub const SECRET_MAGIC: &[u8; 8] = b"SPAZKSEC";
/// Secret format version.
pub const SECRET_VERSION: u32 = 1;

/// Bytes of one encoded blind.
const BLIND_BYTES: usize = 32;

/// One layer's blinds.
#[derive(Clone, PartialEq, Eq)]
pub struct LayerSecret {
    /// `β_i` of Hyrax row `i` of the hiding weight layout, one per row holding a real matrix
    /// row ([`crate::commitment::weight_data_rows`]: `m·2^h`, matrix row `y` being rows
    /// `y·2^h .. (y+1)·2^h`; padded rows are the identity).
    pub weight_blinds: Vec<Fr>,
    /// The blinds of the bias commitment's data rows
    /// ([`crate::commitment::bias_data_rows`]).
    pub bias_blinds: Vec<Fr>,
}

/// Every blind of a hiding model commitment, and the digest of the commitment they open.
#[derive(Clone, PartialEq, Eq)]
pub struct ModelSecret {
    model_digest: [u8; 32],
    layers: Vec<LayerSecret>,
}

/// Never prints a blind (a secret in a log is a published secret).
impl core::fmt::Debug for ModelSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ModelSecret")
            .field("model_digest", &self.model_digest)
            .field("layers", &self.layers.len())
            .finish_non_exhaustive()
    }
}

impl ModelSecret {
    /// The blinds `layers` of the commitment whose digest is `model_digest`.
    pub fn new(model_digest: [u8; 32], layers: Vec<LayerSecret>) -> Self {
        Self {
            model_digest,
            layers,
        }
    }

    /// The digest of the commitment these blinds open.
    pub fn model_digest(&self) -> &[u8; 32] {
        &self.model_digest
    }

    /// The blinds, per layer.
    pub fn layers(&self) -> &[LayerSecret] {
        &self.layers
    }

    /// Checks that the secret belongs to `commitment`: the digest ([`ModelMismatch::SecretDigest`]),
    /// the layer count and every blind count ([`ModelMismatch::SecretShape`]). Whether the
    /// blinds open the rows is checked by recomputing rows
    /// ([`crate::ProvingKey::from_hiding_commitment`]).
    pub fn check_shape(&self, commitment: &ModelCommitment) -> Result<(), ModelMismatch> {
        if self.model_digest != commitment.digest() {
            return Err(ModelMismatch::SecretDigest);
        }
        if self.layers.len() != commitment.layers.len() {
            return Err(ModelMismatch::SecretLayers {
                expected: commitment.layers.len(),
                found: self.layers.len(),
            });
        }
        for (layer, (s, c)) in self.layers.iter().zip(&commitment.layers).enumerate() {
            let counts = [
                ("weight", weight_data_rows(c.shape), s.weight_blinds.len()),
                ("bias", bias_data_rows(c.shape.rows), s.bias_blinds.len()),
            ];
            for (what, expected, found) in counts {
                if expected != found {
                    return Err(ModelMismatch::SecretShape {
                        layer,
                        what,
                        expected,
                        found,
                    });
                }
            }
        }
        Ok(())
    }

    /// The file encoding (module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let blinds: usize = self
            .layers
            .iter()
            .map(|l| l.weight_blinds.len() + l.bias_blinds.len())
            .sum();
        let mut out = Vec::with_capacity(48 + 8 * self.layers.len() + BLIND_BYTES * blinds);
        out.extend_from_slice(SECRET_MAGIC);
        out.extend_from_slice(&SECRET_VERSION.to_le_bytes());
        out.extend_from_slice(&self.model_digest);
        out.extend_from_slice(&(self.layers.len() as u32).to_le_bytes());
        for layer in &self.layers {
            for blinds in [&layer.weight_blinds, &layer.bias_blinds] {
                out.extend_from_slice(&(blinds.len() as u32).to_le_bytes());
                for blind in blinds {
                    blind
                        .serialize_compressed(&mut out)
                        .expect("serializing into a Vec cannot fail");
                }
            }
        }
        out
    }

    /// Decodes a secret file: magic, version, every count bounded and checked against the bytes
    /// that remain before anything is allocated, every blind a canonical field element, no
    /// trailing bytes, the canonical encoding only.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlpError> {
        let mut r = Reader::new(bytes, "model secret");
        if r.take(8)? != SECRET_MAGIC {
            return Err(r.error("not a SpaZK model secret (bad magic bytes)"));
        }
        let version = r.u32()?;
        if version != SECRET_VERSION {
            return Err(r.error(&format!(
                "format version {version}, this build reads {SECRET_VERSION}"
            )));
        }
        let model_digest: [u8; 32] = r.take(32)?.try_into().expect("32 bytes");
        let count = r.bounded("layer count".into(), 1, MAX_LAYERS as u64)? as usize;
        let mut layers = Vec::with_capacity(count);
        for i in 0..count {
            let weight_blinds = read_blinds(&mut r, format!("layer {i} weight blinds"))?;
            let bias_blinds = read_blinds(&mut r, format!("layer {i} bias blinds"))?;
            layers.push(LayerSecret {
                weight_blinds,
                bias_blinds,
            });
        }
        if !r.rest().is_empty() {
            return Err(r.error(&format!("{} trailing bytes", r.rest().len())));
        }
        let secret = Self {
            model_digest,
            layers,
        };
        require_canonical("model secret", bytes, &secret.to_bytes())?;
        Ok(secret)
    }
}

/// A u32 count (at most a commitment file's largest width) and that many blinds.
fn read_blinds(r: &mut Reader<'_>, field: String) -> Result<Vec<Fr>, MlpError> {
    let count = r.bounded(field.clone(), 0, MAX_WIDTH as u64)? as usize;
    // `take` checks the whole length against what remains before anything is decoded.
    let bytes = r.take(count * BLIND_BYTES)?;
    bytes
        .chunks_exact(BLIND_BYTES)
        .map(|mut chunk| {
            Fr::deserialize_compressed(&mut chunk).map_err(|e| r.error(&format!("{field}: {e}")))
        })
        .collect()
}
