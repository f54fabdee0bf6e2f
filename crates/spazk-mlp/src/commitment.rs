//! The model commitment: every weight matrix committed once (Hyrax, ternary path, O(nnz)), with
//! the shapes and activation parameters in the clear, identified by a BLAKE3 digest. Two modes
//! ([`CommitmentMode`]): **transparent** (binding weight commitments, biases in the clear) and
//! **hiding** (design.md §8: every weight row and every bias vector behind a hiding commitment
//! whose blinds are the owner's secret, [`crate::ModelSecret`]; proofs are zero-knowledge).
//!
//! File format (`.spzc`): magic `SPAZKCMT`, format version (u32 LE), input width (u32), input and
//! output scales (f64), then — hiding commitments only — the declared bias bound `bias_bits`
//! (u32, `|b| < 2^bias_bits`), the layer count (u32), then per layer: rows, columns (u32), the
//! weight kind (u8: 0 ternary, 1 small integers), an activation flag with `input_bits`, `shift`,
//! `limb_bits` (u32 each), the biases — transparent: `rows` values (i64); hiding: the bias
//! commitment (u32 length + Hyrax encoding, under [`bias_layout`]) — and the weight commitment
//! (u32 length + Hyrax encoding); then (since version 2) the settings flag (u8: 0, or 1 when the
//! hidden layers' shifts came from a settings file made by calibration) followed, if 1, by the
//! settings file's 32-byte digest ([`settings_digest`]). Little-endian throughout; every field is
//! checked against fixed bounds as it is read, every length against the bytes that remain, and
//! the file must be the canonical encoding of what it decodes to (one file per commitment, so the
//! digest names one file).
//!
//! # The mode is the format version
//! Transparent commitments are written as version 2, byte for byte as before hiding mode existed
//! (so every published digest and golden fixture stays valid); hiding commitments are version 3
//! ([`HIDING_COMMITMENT_VERSION`]). A mode byte inside a version-3 file would allow a second
//! encoding of a transparent commitment, which the canonical-encoding rule would then have to
//! reject anyway; a version per mode says the same with one field. The digest is over the whole
//! file, version included, so it covers the mode: a proof bound to the digest is bound to the
//! mode, and a verifier reads the mode from the commitment, never from the proof.
//!
//! The weight commitments' layout is the mode's ([`weight_layout`]): transparent, the natural
//! layout (one Hyrax row per padded matrix row); hiding, [`Layout::hiding_matrix`] (at most
//! half the table's variables as columns, so a wide layer's zero-knowledge opening answers
//! with 256 responses rather than 4096), whose padded matrix rows are the Hyrax rows from
//! [`weight_data_rows`] on. Version 3 was never released with the natural layout in hiding
//! mode, so the change of layout keeps version 3 and has no migration: a version-3 file with
//! natural-layout weights (of a layer whose layouts differ) is refused as malformed.
//!
//! # What a hiding commitment reveals
//! The shapes, the weight kinds (a declared label, as in transparent mode), the shifts and limb
//! widths, the scales, the settings digest, the declared bias bound, and the declared bounds
//! `L` ([`crate::model::ActivationBound`]): by default the weights' worst case, as in transparent
//! mode (per hidden layer the bit length of `max_y(Σ_x |W_yx|·255 + |b_y|)`: one small integer);
//! with [`crate::model::ActivationBound::Shape`] from the shape, the weight kind and the bias
//! bound alone ([`crate::model::hiding_input_bits`], which also caps every declared `L`). Which rows and bias entries are padding is structure, not witness: padded weight rows
//! and the bias commitment's padded rows stay the identity and are checked to be (a nonzero
//! padded row would hide units the published shape does not show). Every other row is
//! blinded.

use crate::error::{MlpError, Mode, ModelMismatch};
use crate::model::{hiding_input_bits, ActivationBound, Model, DEFAULT_INPUT_SCALE, MAX_BIAS_BITS};
use crate::protocol::label;
use crate::secret::{LayerSecret, ModelSecret};
use crate::weights::LayerWeights;
use ark_bn254::Fr;
use ark_ec::AffineRepr;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::rand::{CryptoRng, RngCore};
use spazk_activation::ActivationSpec;
use spazk_hyrax::zk::{BlindSource, BlindedCommitment};
use spazk_hyrax::{
    first_difference, Commit, CommittedMatrix, HyraxCommitment, HyraxError, HyraxParams, Layout,
};
use spazk_matrix::MatrixShape;
use spazk_transcript::Transcript;

/// Magic bytes of a commitment file.
pub const COMMITMENT_MAGIC: &[u8; 8] = b"SPAZKCMT";
/// Format version of transparent commitments (2: the settings digest after the layers).
pub const COMMITMENT_VERSION: u32 = 2;
/// Format version of hiding commitments (module docs: the version is the mode).
pub const HIDING_COMMITMENT_VERSION: u32 = 3;

/// How a model is committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommitmentMode {
    /// Binding weight commitments, biases in the clear: transparent proofs.
    Transparent,
    /// Hiding weight and bias commitments: zero-knowledge proofs.
    Hiding {
        /// The declared bias bound: every bias `|b| < 2^bias_bits` (public; with the shapes it
        /// fixes the activations' bounds `L`, [`crate::model::hiding_input_bits`]).
        bias_bits: u32,
    },
}

impl CommitmentMode {
    /// The mode without its parameters.
    pub fn mode(&self) -> Mode {
        match self {
            CommitmentMode::Transparent => Mode::Transparent,
            CommitmentMode::Hiding { .. } => Mode::Hiding,
        }
    }
}

/// A layer's biases as the commitment holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayerBias {
    /// In the clear, one per row (transparent mode).
    Public(Vec<i64>),
    /// A hiding Hyrax commitment to the padded bias vector under [`bias_layout`] (hiding mode):
    /// the rows holding only padded entries are the identity, every other row blinded.
    Hidden(HyraxCommitment),
}

impl LayerBias {
    /// The biases, when they are in the clear.
    pub fn public(&self) -> Option<&[i64]> {
        match self {
            LayerBias::Public(b) => Some(b),
            LayerBias::Hidden(_) => None,
        }
    }

    /// The biases, mutable, when they are in the clear (tests edit commitments in memory).
    pub fn public_mut(&mut self) -> Option<&mut Vec<i64>> {
        match self {
            LayerBias::Public(b) => Some(b),
            LayerBias::Hidden(_) => None,
        }
    }
}

/// The layout of a table of `2^batch_vars` blocks of `2^block_vars` entries whose first `len`
/// entries of each block are data and the rest padding (zero), chosen so that **padding fills
/// whole rows**: `2^c` columns with `2^c` the largest power of two dividing `len`, capped at
/// `2^⌊vars/2⌋` (a balanced layout's width; `vars` all the table's variables). Then every row
/// is all data or all padding, and a hiding commitment can leave the padding rows the identity,
/// where anyone can check them, while blinding every data row.
///
/// Used for a layer's bias vector ([`bias_layout`], one block) and a private input batch
/// ([`crate::hidden::InputCommitment`], one block per batch element).
pub fn padded_block_layout(len: usize, block_vars: u32, batch_vars: u32) -> Layout {
    let vars = block_vars + batch_vars;
    let col_vars = len.trailing_zeros().min(block_vars).min(vars / 2);
    Layout {
        row_vars: vars - col_vars,
        col_vars,
    }
}

/// The rows of [`padded_block_layout`]`(len, block_vars, batch_vars)` that hold only padding.
pub fn padding_rows(len: usize, block_vars: u32, batch_vars: u32) -> impl Iterator<Item = usize> {
    let layout = padded_block_layout(len, block_vars, batch_vars);
    let per_block = 1usize << (block_vars - layout.col_vars);
    let data = len >> layout.col_vars;
    (0..1usize << batch_vars).flat_map(move |b| b * per_block + data..(b + 1) * per_block)
}

/// The first padding row (of [`padding_rows`]) of `commitment` that is not the identity.
pub(crate) fn first_nonzero_padding_row(
    commitment: &HyraxCommitment,
    len: usize,
    block_vars: u32,
    batch_vars: u32,
) -> Option<usize> {
    padding_rows(len, block_vars, batch_vars)
        .find(|y| commitment.rows.get(*y).is_none_or(|row| !row.is_zero()))
}

/// The layout of a hiding bias commitment for a layer of `rows` outputs (padded to
/// `rows.next_power_of_two()`): [`padded_block_layout`] with one block.
pub fn bias_layout(rows: usize) -> Layout {
    padded_block_layout(rows, rows.next_power_of_two().trailing_zeros(), 0)
}

/// How many rows of [`bias_layout`]`(rows)` hold data (and so carry a blind).
pub fn bias_data_rows(rows: usize) -> usize {
    rows >> bias_layout(rows).col_vars
}

/// The layout of a layer's weight commitment in `mode`. Transparent: the natural layout
/// ([`Layout::of_matrix`]: one Hyrax row per padded matrix row, so the opening is the mat-vec
/// fold). Hiding: [`Layout::hiding_matrix`], the same padded table with at most half its
/// variables as columns — the Σ-protocol answers a weight opening with one response per column
/// and a nonce MSM over the columns, so a wide layer (784-4096-10's 10×4096) would cost 4096 of
/// each under its natural layout and costs 256.
pub fn weight_layout(shape: MatrixShape, mode: Mode) -> Layout {
    match mode {
        Mode::Transparent => Layout::of_matrix(shape),
        Mode::Hiding => Layout::hiding_matrix(shape),
    }
}

/// How many rows of a hiding weight commitment ([`weight_layout`]) hold real matrix rows
/// (`y < m`) and so carry a blind: `m·2^h`, `h` the column variables the layout moved into its
/// rows ([`Layout::matrix_split`]). The rows after them hold padded matrix rows only and stay
/// the identity.
pub fn weight_data_rows(shape: MatrixShape) -> usize {
    Layout::hiding_matrix(shape)
        .matrix_data_rows(shape)
        .expect("the hiding layout lays out its matrix")
}

/// `unblinded` with every row blinded from `rng` except the rows `padding`, which stay as they
/// are (the identity: they commit to padding) with blind zero.
pub(crate) fn blind_except(
    unblinded: HyraxCommitment,
    padding: impl Iterator<Item = usize>,
    params: &HyraxParams,
    blinds: &mut (impl BlindSource + ?Sized),
) -> BlindedCommitment {
    let clear = unblinded.rows.clone();
    let mut blinded = BlindedCommitment::blind(unblinded, params, blinds);
    for y in padding {
        blinded.commitment.rows[y] = clear[y];
        blinded.blinds[y] = Fr::from(0u64);
    }
    blinded
}

/// A layer's padded bias vector (`rows.next_power_of_two()` entries) as field elements.
pub(crate) fn padded_bias(bias: &[i64]) -> Vec<Fr> {
    let mut values: Vec<Fr> = bias
        .iter()
        .map(|b| crate::claim::signed_to_field(*b))
        .collect();
    values.resize(bias.len().next_power_of_two(), Fr::from(0u64));
    values
}

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
    /// Hyrax commitment to the weights under the mode's [`weight_layout`] (transparent:
    /// [`Layout::of_matrix`]; hiding: [`Layout::hiding_matrix`]).
    pub weights: HyraxCommitment,
    /// The biases, in the clear or committed (as the mode says).
    pub bias: LayerBias,
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
    /// Transparent or hiding (covered by the digest: it is the format version).
    pub mode: CommitmentMode,
    /// One entry per layer.
    pub layers: Vec<LayerCommitment>,
    /// When the hidden layers' shifts came from a settings file (`spazk calibrate`): its digest
    /// ([`settings_digest`]), so that a verifier handed the file can check it is the one the
    /// model was built with. The shifts themselves are in [`Self::layers`]; this records where
    /// they came from. `None`: from the model's metadata or the worst-case default.
    pub settings_digest: Option<[u8; 32]>,
}

/// What a hiding commitment records besides the model: the float scales, the declared bias
/// bound and the settings digest (all public, all covered by the digest).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HidingOptions {
    /// Float inputs are quantized as `round(x / input_scale)`.
    pub input_scale: f64,
    /// Float logits are about `output_scale ·` the integer logits.
    pub output_scale: f64,
    /// Every bias `|b| < 2^bias_bits` ([`CommitmentMode::Hiding`]).
    pub bias_bits: u32,
    /// How each hidden layer's bound `L` is declared (public).
    pub activation_bound: ActivationBound,
    /// The settings file's digest, if the shifts came from one ([`settings_digest`]).
    pub settings_digest: Option<[u8; 32]>,
}

impl HidingOptions {
    /// Input scale `1/255`, output scale 1, no settings file, biases within `2^bias_bits`, every
    /// `L` the weights' worst case ([`ActivationBound::WorstCase`]).
    pub fn new(bias_bits: u32) -> Self {
        Self {
            input_scale: DEFAULT_INPUT_SCALE,
            output_scale: 1.0,
            bias_bits,
            activation_bound: ActivationBound::default(),
            settings_digest: None,
        }
    }
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
                    bias: LayerBias::Public(l.bias.clone()),
                    activation: l.activation,
                })
                .collect(),
            mode: CommitmentMode::Transparent,
            settings_digest: None,
        };
        Ok(Self {
            model,
            matrices,
            commitment,
        })
    }

    /// Commits `model` in hiding mode (design.md §8): the model is first given its hiding
    /// bounds ([`Model::with_hiding_bounds`]: biases within `2^bias_bits`, every `L` declared
    /// by [`HidingOptions::activation_bound`]), then every weight row `y < rows` is committed as `⟨W_y, G⟩ + β_y·H` and every
    /// bias vector as a hiding commitment under [`bias_layout`], each data row with a fresh
    /// blind from `rng`; padded rows stay the identity. Returns the committed model and the
    /// owner's secret (every blind, bound to the commitment's digest), which proving needs and
    /// which must never be published.
    pub fn commit_hiding(
        model: Model,
        options: &HidingOptions,
        params: &HyraxParams,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(Self, ModelSecret), MlpError> {
        let HidingOptions {
            input_scale,
            output_scale,
            bias_bits,
            activation_bound,
            settings_digest,
        } = *options;
        if !(input_scale.is_finite() && input_scale > 0.0 && output_scale.is_finite()) {
            return Err(MlpError::Model(format!(
                "scales {input_scale}, {output_scale} must be finite, the input scale positive"
            )));
        }
        let model = model.with_hiding_bounds(bias_bits, activation_bound)?;
        let mut matrices = Vec::with_capacity(model.layers.len());
        let mut layers = Vec::with_capacity(model.layers.len());
        let mut secrets = Vec::with_capacity(model.layers.len());
        for layer in &model.layers {
            let shape = layer.shape();
            let weight_layout = weight_layout(shape, Mode::Hiding);
            let weights = layer
                .weights
                .commit(params, weight_layout)
                .map_err(MlpError::Commitment)?;
            let weight_rows = weight_data_rows(shape);
            let weights = blind_except(weights, weight_rows..weight_layout.rows(), params, rng);
            let layout = bias_layout(shape.rows);
            let bias = padded_bias(&layer.bias)[..]
                .commit(params, layout)
                .map_err(MlpError::Commitment)?;
            let data_rows = bias_data_rows(shape.rows);
            let bias = blind_except(bias, data_rows..layout.rows(), params, rng);
            secrets.push(LayerSecret {
                weight_blinds: weights.blinds[..weight_rows].to_vec(),
                bias_blinds: bias.blinds[..data_rows].to_vec(),
            });
            matrices.push(
                CommittedMatrix::from_parts(layer.weights.clone(), weights.commitment.clone())
                    .map_err(MlpError::Commitment)?,
            );
            layers.push(LayerCommitment {
                shape,
                weight_kind: layer.weights.kind(),
                weights: weights.commitment,
                bias: LayerBias::Hidden(bias.commitment),
                activation: layer.activation,
            });
        }
        let commitment = ModelCommitment {
            input_dim: model.input_dim,
            input_scale,
            output_scale,
            mode: CommitmentMode::Hiding { bias_bits },
            layers,
            settings_digest,
        };
        commitment.validate()?;
        let secret = ModelSecret::new(commitment.digest(), secrets);
        Ok((
            Self {
                model,
                matrices,
                commitment,
            },
            secret,
        ))
    }

    /// Records the digest of the settings file the shifts came from ([`settings_digest`]).
    /// Transparent commitments only: a hiding commitment takes it when committed
    /// ([`HidingOptions::settings_digest`]), since its secret names the digest.
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
pub(crate) const MAX_LAYERS: usize = 64;
pub(crate) const MAX_WIDTH: usize = 1 << 20;

impl ModelCommitment {
    /// The file encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.encode(Points::Compressed)
    }

    /// The file encoding with the weight commitments' points encoded as `points` says.
    pub(crate) fn encode(&self, points: Points) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(COMMITMENT_MAGIC);
        let version = match self.mode {
            CommitmentMode::Transparent => COMMITMENT_VERSION,
            CommitmentMode::Hiding { .. } => HIDING_COMMITMENT_VERSION,
        };
        out.extend_from_slice(&version.to_le_bytes());
        put_u32(&mut out, self.input_dim as u32);
        out.extend_from_slice(&self.input_scale.to_le_bytes());
        out.extend_from_slice(&self.output_scale.to_le_bytes());
        if let CommitmentMode::Hiding { bias_bits } = self.mode {
            put_u32(&mut out, bias_bits);
        }
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
            match &layer.bias {
                LayerBias::Public(bias) => {
                    for b in bias {
                        out.extend_from_slice(&b.to_le_bytes());
                    }
                }
                LayerBias::Hidden(commitment) => put_commitment(&mut out, commitment, points),
            }
            put_commitment(&mut out, &layer.weights, points);
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
        if version != COMMITMENT_VERSION && version != HIDING_COMMITMENT_VERSION {
            return Err(r.error(&format!(
                "format version {version}, this build reads {COMMITMENT_VERSION} (transparent) \
                 and {HIDING_COMMITMENT_VERSION} (hiding)"
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
        let mode = if version == HIDING_COMMITMENT_VERSION {
            CommitmentMode::Hiding {
                bias_bits: r.bounded("bias bound".into(), 0, MAX_BIAS_BITS as u64)? as u32,
            }
        } else {
            CommitmentMode::Transparent
        };
        let count = r.bounded("layer count".into(), 1, MAX_LAYERS as u64)? as usize;
        let mut layers = Vec::with_capacity(count);
        let mut width = input_dim;
        for i in 0..count {
            let layer = read_layer(&mut r, i, width, mode, points)?;
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
            mode,
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
        if let CommitmentMode::Hiding { bias_bits } = self.mode {
            if bias_bits > MAX_BIAS_BITS {
                return Err(MlpError::Model(format!(
                    "declared bias bound 2^{bias_bits} is above 2^{MAX_BIAS_BITS}"
                )));
            }
        }
        let mut width = self.input_dim;
        for (i, layer) in self.layers.iter().enumerate() {
            layer
                .validate(width, i + 1 == n, self.mode)
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

    /// Transparent or hiding, without the mode's parameters.
    pub fn proof_mode(&self) -> Mode {
        self.mode.mode()
    }

    /// `Ok` when the commitment is in mode `mode`, else [`MlpError::ModeMismatch`] (the
    /// commitment's mode against `mode`, the proof's or the operation's).
    pub fn require_mode(&self, mode: Mode) -> Result<(), MlpError> {
        if self.proof_mode() == mode {
            Ok(())
        } else {
            Err(MlpError::ModeMismatch {
                commitment: self.proof_mode(),
                proof: mode,
            })
        }
    }

    /// Generators verifying a proof for a batch of `batch` inputs needs (weight columns,
    /// activation columns, lookup multiplicities); [`crate::VerifyingKey`] derives them.
    pub fn generators_needed(&self, batch: usize) -> usize {
        crate::keys::generators_needed(self, batch)
    }

    /// Checks that this commitment describes `model` in everything it holds in the clear: input
    /// width, layer count, and per layer the shape, weight kind, biases (when in the clear) and
    /// activation. The weights (and hidden biases) are behind their commitments
    /// ([`crate::ProvingKey::from_commitment`], [`crate::ProvingKey::from_hiding_commitment`]).
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
            // Hidden biases are checked against the owner's secret instead
            // ([`crate::ProvingKey::from_hiding_commitment`]).
            if let LayerBias::Public(bias) = &c.bias {
                if *bias != m.bias {
                    return Err(ModelMismatch::Bias { layer });
                }
            }
            if c.activation != m.activation {
                return Err(ModelMismatch::Activation { layer });
            }
        }
        Ok(())
    }

    /// Each hidden layer's bound `L`, in order (what a hiding commitment declares,
    /// [`Model::with_declared_bounds`]).
    pub fn activation_bounds(&self) -> Vec<u32> {
        self.layers
            .iter()
            .filter_map(|l| l.activation.map(|spec| spec.input_bits))
            .collect()
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
    fn validate(&self, width: usize, last: bool, mode: CommitmentMode) -> Result<(), String> {
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
        match (&self.bias, mode) {
            (LayerBias::Public(bias), CommitmentMode::Transparent) => {
                if bias.len() != rows {
                    return Err(format!("{} biases for {rows} rows", bias.len()));
                }
            }
            (LayerBias::Hidden(commitment), CommitmentMode::Hiding { .. }) => {
                commitment
                    .check_shape()
                    .map_err(|e| format!("bias commitment: {e}"))?;
                if commitment.layout != bias_layout(rows) {
                    return Err("bias commitment layout does not match the layer shape".into());
                }
                if commitment.seed != self.weights.seed {
                    return Err("bias and weights committed with other generators".into());
                }
                // Padded bias entries are structure: a nonzero one would give padded outputs
                // z ≠ 0, hidden units the next layer reads (as a padded weight row would).
                let vars = rows.next_power_of_two().trailing_zeros();
                if let Some(y) = first_nonzero_padding_row(commitment, rows, vars, 0) {
                    return Err(format!("padded bias row {y} is not the identity"));
                }
            }
            (LayerBias::Public(_), CommitmentMode::Hiding { .. }) => {
                return Err("biases in the clear in a hiding commitment".into())
            }
            (LayerBias::Hidden(_), CommitmentMode::Transparent) => {
                return Err("a hidden bias in a transparent commitment".into())
            }
        }
        self.weights.check_shape().map_err(|e| e.to_string())?;
        if self.weights.layout != weight_layout(self.shape, mode.mode()) {
            return Err(format!(
                "weight commitment layout {}×{} variables is not the {} layout of the layer shape",
                self.weights.layout.row_vars,
                self.weights.layout.col_vars,
                match mode {
                    CommitmentMode::Transparent => "transparent (natural)",
                    CommitmentMode::Hiding { .. } => "hiding (few columns)",
                }
            ));
        }
        // Matrix row y is the Hyrax rows y·2^h .. (y+1)·2^h (h = 0 transparent): the rows from
        // m·2^h on hold the padded matrix rows y ≥ m and must commit zero. A nonzero padded row
        // of a hidden layer gives padded outputs z ≠ 0, so activations the next layer's padded
        // columns read — hidden units the published shape does not show; no proof would notice,
        // since they are part of the committed model.
        let data_rows = self
            .weights
            .layout
            .matrix_data_rows(self.shape)
            .expect("the layout was checked");
        if let Some(y) = self.weights.first_nonzero_row(data_rows) {
            return Err(format!("padded weight row {y} is not zero"));
        }
        match (&self.activation, last) {
            (Some(_), true) => Err("the output layer has an activation".into()),
            (None, false) => Err("a hidden layer has no activation".into()),
            (Some(spec), false) => {
                spec.check().map_err(|e| format!("activation: {e}"))?;
                if let CommitmentMode::Hiding { bias_bits } = mode {
                    // A declared L above the shape rule's is never needed (it bounds every
                    // input of the shape) and would only ask for wider range checks.
                    let ceiling = hiding_input_bits(self.shape, self.weight_kind, bias_bits);
                    if spec.input_bits > ceiling {
                        return Err(format!(
                            "activation bound 2^{} is above the shape rule's 2^{ceiling} (from \
                             the shape, the weight kind and the bias bound)",
                            spec.input_bits
                        ));
                    }
                }
                Ok(())
            }
            (None, true) => Ok(()),
        }
    }
}

/// Reads layer `i`, which reads `width` inputs: every field bounded before use.
fn read_layer(
    r: &mut Reader<'_>,
    i: usize,
    width: usize,
    mode: CommitmentMode,
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
    let bias = match mode {
        // rows ≤ 2^20: no overflow, and `take` checks the length against what remains.
        CommitmentMode::Transparent => LayerBias::Public(
            r.take(rows * 8)?
                .chunks_exact(8)
                .map(|c| i64::from_le_bytes(c.try_into().expect("8 bytes")))
                .collect(),
        ),
        CommitmentMode::Hiding { .. } => {
            LayerBias::Hidden(read_commitment(r, &format!("layer {i} bias"), points)?)
        }
    };
    let weights = read_commitment(r, &format!("layer {i} weight"), points)?;
    Ok(LayerCommitment {
        shape: MatrixShape::new(rows, cols),
        weight_kind,
        weights,
        bias,
        activation,
    })
}

/// Writes a Hyrax commitment as a u32 length and its encoding (points as `points` says).
fn put_commitment(out: &mut Vec<u8>, commitment: &HyraxCommitment, points: Points) {
    let bytes = match points {
        Points::Compressed => commitment.to_bytes(),
        Points::Uncompressed => {
            let mut bytes = Vec::with_capacity(commitment.uncompressed_size());
            commitment
                .serialize_uncompressed(&mut bytes)
                .expect("serializing into a Vec cannot fail");
            bytes
        }
    };
    put_u32(out, bytes.len() as u32);
    out.extend_from_slice(&bytes);
}

/// Reads what [`put_commitment`] writes; errors name `what`.
fn read_commitment(
    r: &mut Reader<'_>,
    what: &str,
    points: Points,
) -> Result<HyraxCommitment, MlpError> {
    let len = r.u32()? as usize;
    let bytes = r.take(len)?;
    match points {
        Points::Compressed => HyraxCommitment::from_bytes(bytes),
        // Canonical as a whole: the caller compares the re-encoding.
        Points::Uncompressed => read_uncompressed(bytes),
    }
    .map_err(|e| r.error(&format!("{what} commitment: {e}")))
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
