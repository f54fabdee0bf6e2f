//! The model commitment: every weight matrix committed once (Hyrax, ternary path, O(nnz)), with
//! the shapes, biases and activation parameters in the clear, identified by a BLAKE3 digest.
//!
//! File format (`.spzc`): magic `SPAZKCMT`, format version (u32 LE), input width (u32), input and
//! output scales (f64), layer count (u32), then per layer: rows, columns (u32), the weight kind
//! (u8: 0 ternary, 1 small integers), an activation
//! flag with `input_bits`, `shift`, `limb_bits` (u32 each), the biases (i64), and the weight
//! commitment (u32 length + Hyrax encoding); then (since version 2) the settings flag (u8: 0, or
//! 1 when the hidden layers' shifts came from a settings file made by calibration) followed, if
//! 1, by the settings file's 32-byte digest ([`settings_digest`]). Little-endian throughout; every field is checked
//! against fixed bounds as it is read, every length against the bytes that remain, and the file
//! must be the canonical encoding of what it decodes to (one file per commitment, so the digest
//! names one file).

use crate::error::{MlpError, ModelMismatch};
use crate::model::{Model, DEFAULT_INPUT_SCALE};
use crate::protocol::label;
use crate::weights::LayerWeights;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_activation::ActivationSpec;
use spazk_hyrax::{
    first_difference, CommittedMatrix, HyraxCommitment, HyraxError, HyraxParams, Layout,
};
use spazk_matrix::MatrixShape;
use spazk_transcript::Transcript;

/// Magic bytes of a commitment file.
pub const COMMITMENT_MAGIC: &[u8; 8] = b"SPAZKCMT";
/// Commitment format version (2: the settings digest after the layers).
pub const COMMITMENT_VERSION: u32 = 2;

/// The digest a commitment records of the settings file its shifts came from: BLAKE3 in
/// key-derivation mode with context `spazk settings v1` over the file's bytes
/// (`b3sum --derive-key "spazk settings v1" settings.json`).
pub fn settings_digest(file: &[u8]) -> [u8; 32] {
    *blake3::Hasher::new_derive_key("spazk settings v1")
        .update(file)
        .finalize()
        .as_bytes()
}

/// The public description of one layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerCommitment {
    /// `(out, in)`.
    pub shape: MatrixShape,
    /// 0: ternary weights, 1: small integers — the committer's label (it picks the prover's fold
    /// path). Not proved: the weights are whatever the commitment holds, and no proof checks
    /// that a layer labelled ternary has weights in {−1, 0, 1}.
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
    /// When the hidden layers' shifts came from a settings file (`spazk calibrate`): its digest
    /// ([`settings_digest`]), so that a verifier handed the file can check it is the one the
    /// model was built with. The shifts themselves are in [`Self::layers`]; this records where
    /// they came from. `None`: from the model's metadata or the worst-case default.
    pub settings_digest: Option<[u8; 32]>,
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
        Self::commit_with_scales(model, DEFAULT_INPUT_SCALE, 1.0, params)
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
            settings_digest: None,
        };
        Ok(Self {
            model,
            matrices,
            commitment,
        })
    }

    /// Records the digest of the settings file the shifts came from ([`settings_digest`]).
    pub fn with_settings_digest(mut self, digest: Option<[u8; 32]>) -> Self {
        self.commitment.settings_digest = digest;
        self
    }
}

/// How a commitment's points are encoded: compressed in the commitment file (what its digest
/// names); uncompressed inside a proving key, read without a square root per point (decompressing
/// the 4106 points of a 784-4096-10 model took 50 ms, as long as proving it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Points {
    Compressed,
    Uncompressed,
}

/// Bounds on what a commitment file may describe (a hostile file cannot ask for more).
const MAX_LAYERS: usize = 64;
const MAX_WIDTH: usize = 1 << 20;

impl ModelCommitment {
    /// The file encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.encode(Points::Compressed)
    }

    /// The file encoding with the weight commitments' points encoded as `points` says.
    pub(crate) fn encode(&self, points: Points) -> Vec<u8> {
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
            let weights = match points {
                Points::Compressed => layer.weights.to_bytes(),
                Points::Uncompressed => {
                    let mut bytes = Vec::with_capacity(layer.weights.uncompressed_size());
                    layer
                        .weights
                        .serialize_uncompressed(&mut bytes)
                        .expect("serializing into a Vec cannot fail");
                    bytes
                }
            };
            put_u32(&mut out, weights.len() as u32);
            out.extend_from_slice(&weights);
        }
        match &self.settings_digest {
            Some(d) => {
                out.push(1);
                out.extend_from_slice(d);
            }
            None => out.push(0),
        }
        out
    }

    /// Decodes and checks a commitment file. Every field is checked against its bounds as it is
    /// read, before any arithmetic on it ([`MlpError::FieldOutOfRange`] names the field); then
    /// the whole ([`Self::validate`]); then the bytes must be exactly the encoding of what they
    /// decode to ([`MlpError::NonCanonical`]), so that [`Self::digest`] names exactly this file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlpError> {
        Self::decode(bytes, "commitment", Points::Compressed)
    }

    /// [`Self::from_bytes`] of [`Self::encode`]`(points)`, errors naming `what`.
    pub(crate) fn decode(
        bytes: &[u8],
        what: &'static str,
        points: Points,
    ) -> Result<Self, MlpError> {
        let mut r = Reader::new(bytes, what);
        if r.take(8)? != COMMITMENT_MAGIC {
            return Err(r.error("not a SpaZK commitment (bad magic bytes)"));
        }
        let version = r.u32()?;
        if version != COMMITMENT_VERSION {
            return Err(r.error(&format!(
                "format version {version}, this build reads {COMMITMENT_VERSION}"
            )));
        }
        let input_dim = r.bounded("input width".into(), 1, MAX_WIDTH as u64)? as usize;
        let input_scale = r.f64()?;
        if !(input_scale.is_finite() && input_scale > 0.0) {
            return Err(r.error(&format!(
                "input scale {input_scale} is not a positive finite number"
            )));
        }
        let output_scale = r.f64()?;
        if !output_scale.is_finite() {
            return Err(r.error(&format!("output scale {output_scale} is not finite")));
        }
        let count = r.bounded("layer count".into(), 1, MAX_LAYERS as u64)? as usize;
        let mut layers = Vec::with_capacity(count);
        let mut width = input_dim;
        for i in 0..count {
            let layer = read_layer(&mut r, i, width, points)?;
            width = layer.shape.rows;
            layers.push(layer);
        }
        let settings_digest = match r.bounded_u8("settings flag".into(), 0, 1)? {
            1 => Some(r.take(32)?.try_into().expect("32 bytes")),
            _ => None,
        };
        if !r.rest().is_empty() {
            return Err(r.error(&format!("{} trailing bytes", r.rest().len())));
        }
        let commitment = Self {
            input_dim,
            input_scale,
            output_scale,
            layers,
            settings_digest,
        };
        commitment.validate()?;
        require_canonical(what, bytes, &commitment.encode(points))?;
        Ok(commitment)
    }

    /// Checks what the verifier relies on, for a commitment built in memory as for one read from
    /// a file: finite scales (the input scale positive), at least one layer, shapes within
    /// bounds that chain from the input width, one bias per row, a known weight kind, weight
    /// commitments under their layer's layout, an activation with valid widths on every hidden
    /// layer and none on the last (a field that would be ignored is an error).
    pub fn validate(&self) -> Result<(), MlpError> {
        if !(self.input_scale.is_finite() && self.input_scale > 0.0) {
            return Err(MlpError::Model(format!(
                "input scale {} is not a positive finite number",
                self.input_scale
            )));
        }
        if !self.output_scale.is_finite() {
            return Err(MlpError::Model(format!(
                "output scale {} is not finite",
                self.output_scale
            )));
        }
        let n = self.layers.len();
        if !(1..=MAX_LAYERS).contains(&n) {
            return Err(MlpError::Model(format!(
                "a model has 1..={MAX_LAYERS} layers, not {n}"
            )));
        }
        if !(1..=MAX_WIDTH).contains(&self.input_dim) {
            return Err(MlpError::Model(format!(
                "input width {} is outside 1..={MAX_WIDTH}",
                self.input_dim
            )));
        }
        let mut width = self.input_dim;
        for (i, layer) in self.layers.iter().enumerate() {
            layer
                .validate(width, i + 1 == n)
                .map_err(|e| MlpError::Model(format!("layer {i}: {e}")))?;
            width = layer.shape.rows;
        }
        Ok(())
    }

    /// BLAKE3 digest of the encoding: what users publish and what proofs are bound to. BLAKE3
    /// in key-derivation mode with context `spazk model commitment v1` over the file bytes
    /// (`b3sum --derive-key "spazk model commitment v1" model.spzc`): readers accept only the
    /// canonical encoding, so the digest names exactly one file.
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
        transcript.append_bytes(label::MODEL_COMMITMENT, &self.digest());
    }

    /// Output width.
    pub fn output_dim(&self) -> usize {
        self.layers.last().map_or(0, |l| l.shape.rows)
    }

    /// Generators verifying a proof for a batch of `batch` inputs needs (weight columns,
    /// activation columns, lookup multiplicities); [`crate::VerifyingKey`] derives them.
    pub fn generators_needed(&self, batch: usize) -> usize {
        crate::keys::generators_needed(self, batch)
    }

    /// Checks that this commitment describes `model` in everything it holds in the clear: input
    /// width, layer count, and per layer the shape, weight kind, biases and activation. The
    /// weights themselves are behind their commitments ([`crate::ProvingKey::from_commitment`]).
    pub fn check_describes(&self, model: &Model) -> Result<(), ModelMismatch> {
        if self.input_dim != model.input_dim {
            return Err(ModelMismatch::InputWidth {
                committed: self.input_dim,
                model: model.input_dim,
            });
        }
        if self.layers.len() != model.layers.len() {
            return Err(ModelMismatch::LayerCount {
                committed: self.layers.len(),
                model: model.layers.len(),
            });
        }
        for (layer, (c, m)) in self.layers.iter().zip(&model.layers).enumerate() {
            if c.shape != m.shape() {
                return Err(ModelMismatch::Shape { layer });
            }
            if c.weight_kind != m.weights.kind() {
                return Err(ModelMismatch::WeightKind { layer });
            }
            if c.bias != m.bias {
                return Err(ModelMismatch::Bias { layer });
            }
            if c.activation != m.activation {
                return Err(ModelMismatch::Activation { layer });
            }
        }
        Ok(())
    }

    /// Checks the scales and the settings digest against what the caller loaded the model with
    /// (bit for bit: the same options give the same numbers).
    pub fn check_scales_and_settings(
        &self,
        input_scale: f64,
        output_scale: f64,
        settings_digest: Option<[u8; 32]>,
    ) -> Result<(), ModelMismatch> {
        if self.input_scale.to_bits() != input_scale.to_bits() {
            return Err(ModelMismatch::InputScale);
        }
        if self.output_scale.to_bits() != output_scale.to_bits() {
            return Err(ModelMismatch::OutputScale);
        }
        if self.settings_digest != settings_digest {
            return Err(ModelMismatch::SettingsDigest);
        }
        Ok(())
    }
}

impl LayerCommitment {
    /// [`ModelCommitment::validate`] for one layer reading `width` inputs.
    fn validate(&self, width: usize, last: bool) -> Result<(), String> {
        let MatrixShape { rows, cols } = self.shape;
        if !(1..=MAX_WIDTH).contains(&rows) {
            return Err(format!("{rows} rows is outside 1..={MAX_WIDTH}"));
        }
        if cols != width {
            return Err(format!(
                "reads {cols} inputs, the layer before gives {width}"
            ));
        }
        if self.weight_kind > 1 {
            return Err(format!("weight kind {} is not 0 or 1", self.weight_kind));
        }
        if self.bias.len() != rows {
            return Err(format!("{} biases for {rows} rows", self.bias.len()));
        }
        self.weights.check_shape().map_err(|e| e.to_string())?;
        if self.weights.layout != Layout::of_matrix(self.shape) {
            return Err("weight commitment layout does not match the layer shape".into());
        }
        // One Hyrax row per matrix row: rows past the layer's outputs are padding and must
        // commit zero. A nonzero padded row of a hidden layer gives padded outputs z ≠ 0, so
        // activations the next layer's padded columns read — hidden units the published shape
        // does not show; no proof would notice, since they are part of the committed model.
        if let Some(y) = self.weights.first_nonzero_row(rows) {
            return Err(format!("padded weight row {y} is not zero"));
        }
        match (&self.activation, last) {
            (Some(_), true) => Err("the output layer has an activation".into()),
            (None, false) => Err("a hidden layer has no activation".into()),
            (Some(spec), false) => spec.check().map_err(|e| format!("activation: {e}")),
            (None, true) => Ok(()),
        }
    }
}

/// Reads layer `i`, which reads `width` inputs: every field bounded before use.
fn read_layer(
    r: &mut Reader<'_>,
    i: usize,
    width: usize,
    points: Points,
) -> Result<LayerCommitment, MlpError> {
    let rows = r.bounded(format!("layer {i} rows"), 1, MAX_WIDTH as u64)? as usize;
    // The shapes chain: a layer reads exactly what the layer before gives.
    let cols = r.bounded(format!("layer {i} columns"), width as u64, width as u64)? as usize;
    let weight_kind = r.bounded_u8(format!("layer {i} weight kind"), 0, 1)?;
    let activation = match r.bounded_u8(format!("layer {i} activation flag"), 0, 1)? {
        1 => Some(read_activation(r, i)?),
        _ => None,
    };
    // rows ≤ 2^20: no overflow, and `take` checks the length against what remains.
    let bias = r
        .take(rows * 8)?
        .chunks_exact(8)
        .map(|c| i64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect();
    let len = r.u32()? as usize;
    let bytes = r.take(len)?;
    let weights = match points {
        Points::Compressed => HyraxCommitment::from_bytes(bytes),
        // Canonical as a whole: the caller compares the re-encoding.
        Points::Uncompressed => read_uncompressed(bytes),
    }
    .map_err(|e| r.error(&format!("layer {i} weight commitment: {e}")))?;
    Ok(LayerCommitment {
        shape: MatrixShape::new(rows, cols),
        weight_kind,
        weights,
        bias,
        activation,
    })
}

/// A weight commitment with uncompressed points: on the curve (BN254 G1 has cofactor 1), its
/// shape checked, nothing after it.
fn read_uncompressed(mut bytes: &[u8]) -> Result<HyraxCommitment, HyraxError> {
    let commitment = HyraxCommitment::deserialize_uncompressed(&mut bytes)
        .map_err(|e| HyraxError::Malformed(e.to_string()))?;
    if !bytes.is_empty() {
        return Err(HyraxError::Malformed(format!(
            "{} trailing bytes",
            bytes.len()
        )));
    }
    commitment.check_shape()?;
    Ok(commitment)
}

/// Reads layer `i`'s activation widths. The limb width divides and the shift and bound size
/// tables, so each is bounded here, before [`ActivationSpec::check`] computes anything.
fn read_activation(r: &mut Reader<'_>, i: usize) -> Result<ActivationSpec, MlpError> {
    let mut width = |name: &str, max: u32| {
        r.bounded(format!("layer {i} {name}"), 1, max as u64)
            .map(|v| v as u32)
    };
    Ok(ActivationSpec {
        input_bits: width("input_bits", ActivationSpec::MAX_INPUT_BITS)?,
        shift: width("shift", ActivationSpec::MAX_SHIFT)?,
        limb_bits: width("limb_bits", ActivationSpec::MAX_LIMB_BITS)?,
    })
}

/// `Ok` when `bytes` are exactly `canonical`, the encoding of what they decoded to. Decoders
/// accept some bytes they ignore (an identity point's filler, for one); comparing the
/// re-encoding rejects them all at the cost of one serialization, without a second decoding.
pub(crate) fn require_canonical(
    what: &'static str,
    bytes: &[u8],
    canonical: &[u8],
) -> Result<(), MlpError> {
    match first_difference(bytes, canonical) {
        None => Ok(()),
        Some(offset) => Err(MlpError::NonCanonical { what, offset }),
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

    /// A little-endian u32 in `min..=max`, else [`MlpError::FieldOutOfRange`] naming `field`.
    pub(crate) fn bounded(&mut self, field: String, min: u64, max: u64) -> Result<u64, MlpError> {
        let v = self.u32()? as u64;
        self.in_range(field, v, min, max)
    }

    /// A byte in `min..=max`, else [`MlpError::FieldOutOfRange`] naming `field`.
    fn bounded_u8(&mut self, field: String, min: u8, max: u8) -> Result<u8, MlpError> {
        let v = self.take(1)?[0];
        self.in_range(field, v as u64, min as u64, max as u64)
            .map(|v| v as u8)
    }

    fn in_range(&self, field: String, found: u64, min: u64, max: u64) -> Result<u64, MlpError> {
        if (min..=max).contains(&found) {
            Ok(found)
        } else {
            Err(MlpError::FieldOutOfRange {
                what: self.what,
                field,
                found,
                min,
                max,
            })
        }
    }

    pub(crate) fn rest(&self) -> &'a [u8] {
        self.bytes
    }
}
