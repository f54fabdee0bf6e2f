//! The model commitment: every weight matrix committed once (Hyrax, ternary path, O(nnz)), with
//! the shapes, biases and activation parameters in the clear, identified by a BLAKE3 digest.
//!
//! File format (`.spzc`): magic `SPAZKCMT`, format version (u32 LE), input width (u32), input and
//! output scales (f64), layer count (u32), then per layer: rows, columns (u32), the weight kind
//! (u8: 0 ternary, 1 small integers), an activation
//! flag with `input_bits`, `shift`, `limb_bits` (u32 each), the biases (i64), and the weight
//! commitment (u32 length + Hyrax encoding). Little-endian throughout; every length is checked
//! against the bytes that remain and against fixed bounds.

use crate::error::MlpError;
use crate::model::Model;
use crate::weights::LayerWeights;
use spazk_hyrax::{CommittedMatrix, HyraxCommitment, HyraxParams, Layout};
use spazk_logup::ActivationSpec;
use spazk_sumcheck::MatrixShape;
use spazk_transcript::Transcript;

/// Magic bytes of a commitment file.
pub const COMMITMENT_MAGIC: &[u8; 8] = b"SPAZKCMT";
/// Commitment format version.
pub const COMMITMENT_VERSION: u32 = 1;

/// The public description of one layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerCommitment {
    /// `(out, in)`.
    pub shape: MatrixShape,
    /// 0: ternary weights, 1: small integers.
    pub weight_kind: u8,
    /// Hyrax commitment to the weights under [`Layout::of_matrix`].
    pub weights: HyraxCommitment,
    /// The biases.
    pub bias: Vec<i64>,
    /// ReLU + requantize parameters (hidden layers).
    pub activation: Option<ActivationSpec>,
}

/// What a verifier needs to know about a model.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelCommitment {
    /// Input width.
    pub input_dim: usize,
    /// Float inputs are quantized as `round(x / input_scale)`.
    pub input_scale: f64,
    /// Float logits are about `output_scale ·` the integer logits.
    pub output_scale: f64,
    /// One entry per layer.
    pub layers: Vec<LayerCommitment>,
}

/// A model with its committed weights: the prover's side.
#[derive(Clone, Debug)]
pub struct CommittedModel {
    /// The model.
    pub model: Model,
    /// The committed weight matrices.
    pub matrices: Vec<CommittedMatrix<LayerWeights>>,
    /// The public commitment.
    pub commitment: ModelCommitment,
}

impl CommittedModel {
    /// Validates and commits every layer (O(nnz) group additions per matrix), with input scale
    /// `1/255` and output scale 1.
    pub fn commit(model: Model, params: &HyraxParams) -> Result<Self, MlpError> {
        Self::commit_with_scales(model, 1.0 / 255.0, 1.0, params)
    }

    /// [`Self::commit`] recording the float scales of the inputs and outputs.
    pub fn commit_with_scales(
        model: Model,
        input_scale: f64,
        output_scale: f64,
        params: &HyraxParams,
    ) -> Result<Self, MlpError> {
        if !(input_scale.is_finite() && input_scale > 0.0 && output_scale.is_finite()) {
            return Err(MlpError::Model(format!(
                "scales {input_scale}, {output_scale} must be finite, the input scale positive"
            )));
        }
        model.validate()?;
        let matrices: Vec<CommittedMatrix<LayerWeights>> = model
            .layers
            .iter()
            .map(|l| CommittedMatrix::commit(l.weights.clone(), params))
            .collect::<Result<_, _>>()
            .map_err(MlpError::Commitment)?;
        let commitment = ModelCommitment {
            input_dim: model.input_dim,
            input_scale,
            output_scale,
            layers: model
                .layers
                .iter()
                .zip(&matrices)
                .map(|(l, m)| LayerCommitment {
                    shape: l.shape(),
                    weight_kind: l.weights.kind(),
                    weights: m.commitment().clone(),
                    bias: l.bias.clone(),
                    activation: l.activation,
                })
                .collect(),
        };
        Ok(Self {
            model,
            matrices,
            commitment,
        })
    }
}

/// Bounds on what a commitment file may describe (a hostile file cannot ask for more).
const MAX_LAYERS: usize = 64;
const MAX_WIDTH: usize = 1 << 20;

impl ModelCommitment {
    /// The file encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(COMMITMENT_MAGIC);
        out.extend_from_slice(&COMMITMENT_VERSION.to_le_bytes());
        put_u32(&mut out, self.input_dim as u32);
        out.extend_from_slice(&self.input_scale.to_le_bytes());
        out.extend_from_slice(&self.output_scale.to_le_bytes());
        put_u32(&mut out, self.layers.len() as u32);
        for layer in &self.layers {
            put_u32(&mut out, layer.shape.rows as u32);
            put_u32(&mut out, layer.shape.cols as u32);
            out.push(layer.weight_kind);
            match &layer.activation {
                Some(spec) => {
                    out.push(1);
                    put_u32(&mut out, spec.input_bits);
                    put_u32(&mut out, spec.shift);
                    put_u32(&mut out, spec.limb_bits);
                }
                None => out.push(0),
            }
            for b in &layer.bias {
                out.extend_from_slice(&b.to_le_bytes());
            }
            let weights = layer.weights.to_bytes();
            put_u32(&mut out, weights.len() as u32);
            out.extend_from_slice(&weights);
        }
        out
    }

    /// Decodes and checks a commitment file: magic, version, bounds, layouts, chained shapes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlpError> {
        let mut r = Reader::new(bytes, "commitment");
        if r.take(8)? != COMMITMENT_MAGIC {
            return Err(r.error("not a SpaZK commitment (bad magic bytes)"));
        }
        let version = r.u32()?;
        if version != COMMITMENT_VERSION {
            return Err(r.error(&format!(
                "format version {version}, this build reads {COMMITMENT_VERSION}"
            )));
        }
        let input_dim = r.bounded("input width", MAX_WIDTH)?;
        let input_scale = r.f64()?;
        let output_scale = r.f64()?;
        if !(input_scale.is_finite() && input_scale > 0.0 && output_scale.is_finite()) {
            return Err(r.error("input or output scale is not a positive finite number"));
        }
        let count = r.bounded("layer count", MAX_LAYERS)?;
        let mut layers = Vec::with_capacity(count);
        let mut width = input_dim;
        for _ in 0..count {
            let rows = r.bounded("layer rows", MAX_WIDTH)?;
            let cols = r.bounded("layer columns", MAX_WIDTH)?;
            if cols != width || rows == 0 {
                return Err(r.error("layer shapes do not chain"));
            }
            let weight_kind = r.take(1)?[0];
            if weight_kind > 1 {
                return Err(r.error("bad weight kind"));
            }
            let activation = match r.take(1)?[0] {
                0 => None,
                1 => Some(ActivationSpec {
                    input_bits: r.u32()?,
                    shift: r.u32()?,
                    limb_bits: r.u32()?,
                }),
                _ => return Err(r.error("bad activation flag")),
            };
            if let Some(spec) = &activation {
                spec.check().map_err(|e| r.error(&e.to_string()))?;
            }
            let bias_bytes = r.take(rows.checked_mul(8).ok_or_else(|| r.error("size"))?)?;
            let bias = bias_bytes
                .chunks_exact(8)
                .map(|c| i64::from_le_bytes(c.try_into().expect("8 bytes")))
                .collect();
            let len = r.u32()? as usize;
            let weights = HyraxCommitment::from_bytes(r.take(len)?)
                .map_err(|e| r.error(&format!("weight commitment: {e}")))?;
            let shape = MatrixShape::new(rows, cols);
            if weights.layout != Layout::of_matrix(shape) {
                return Err(r.error("weight commitment layout does not match the layer shape"));
            }
            layers.push(LayerCommitment {
                shape,
                weight_kind,
                weights,
                bias,
                activation,
            });
            width = rows;
        }
        if !r.rest().is_empty() {
            return Err(r.error("trailing bytes"));
        }
        let commitment = Self {
            input_dim,
            input_scale,
            output_scale,
            layers,
        };
        commitment.check_structure()?;
        Ok(commitment)
    }

    /// Every layer but the last has an activation, the last none.
    fn check_structure(&self) -> Result<(), MlpError> {
        let n = self.layers.len();
        if n == 0 {
            return Err(MlpError::Model("a model needs at least one layer".into()));
        }
        for (i, layer) in self.layers.iter().enumerate() {
            if layer.activation.is_some() != (i + 1 < n) {
                return Err(MlpError::Model(format!(
                    "layer {i}: only hidden layers have an activation"
                )));
            }
        }
        Ok(())
    }

    /// BLAKE3 digest of the encoding: what users publish and what proofs are bound to.
    pub fn digest(&self) -> [u8; 32] {
        *blake3::Hasher::new_derive_key("spazk model commitment v1")
            .update(&self.to_bytes())
            .finalize()
            .as_bytes()
    }

    /// Lower-case hex of [`Self::digest`].
    pub fn digest_hex(&self) -> String {
        self.digest().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Absorbs the digest.
    pub fn absorb_into(&self, transcript: &mut Transcript) {
        transcript.append_bytes(b"model-commitment", &self.digest());
    }

    /// Output width.
    pub fn output_dim(&self) -> usize {
        self.layers.last().map_or(0, |l| l.shape.rows)
    }

    /// Generators a proof for a batch of `batch` inputs needs (weight columns, activation
    /// columns, lookup multiplicities).
    pub fn generators_needed(&self, batch: usize) -> usize {
        let batch = batch.max(1).next_power_of_two();
        self.layers
            .iter()
            .map(|l| {
                let activation_vars = (l.shape.padded_rows() * batch).trailing_zeros();
                l.shape.padded_cols().max(
                    l.activation
                        .map_or(1, |spec| spec.generators_needed(activation_vars)),
                )
            })
            .max()
            .unwrap_or(1)
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A bounds-checked reader over untrusted bytes.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8], what: &'static str) -> Self {
        Self { bytes, what }
    }

    pub(crate) fn error(&self, detail: &str) -> MlpError {
        MlpError::Malformed {
            what: self.what,
            detail: detail.to_string(),
        }
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], MlpError> {
        if n > self.bytes.len() {
            return Err(self.error(&format!(
                "truncated: needs {n} more bytes, {} left",
                self.bytes.len()
            )));
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, MlpError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn f64(&mut self) -> Result<f64, MlpError> {
        Ok(f64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    fn bounded(&mut self, what: &str, max: usize) -> Result<usize, MlpError> {
        let v = self.u32()? as usize;
        if v == 0 || v > max {
            return Err(self.error(&format!("{what} {v} is outside 1..={max}")));
        }
        Ok(v)
    }

    pub(crate) fn rest(&self) -> &'a [u8] {
        self.bytes
    }
}
