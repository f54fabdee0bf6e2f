//! Why a model, an inference or a proof was rejected: one variant per check.

use spazk_activation::ActivationError;
use spazk_hyrax::HyraxError;
use spazk_logup::LookupError;
use spazk_sumcheck::{HiddenVerifyError, VerifyError};
use thiserror::Error;

/// Whether a commitment, a key or a proof is transparent or zero-knowledge: what
/// [`MlpError::ModeMismatch`] names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Weights in transparent (binding only) commitments, biases in the clear, proofs that
    /// reveal folded weights and activations.
    Transparent,
    /// Hiding commitments (weights and biases), zero-knowledge proofs.
    Hiding,
}

impl core::fmt::Display for Mode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Mode::Transparent => "transparent",
            Mode::Hiding => "hiding (zero-knowledge)",
        })
    }
}

/// Why the zero-knowledge verifier could not name a layer's input evaluation `Ṽ(r_x, r_b)`:
/// one variant per kind of input ([`crate::hidden::LayerInput`]).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum HiddenInputError {
    /// The public input batch does not fit the points.
    #[error("public input: {0}")]
    Public(spazk_sumcheck::ShapeError),
    /// The committed input could not be opened (layout, generators, point length).
    #[error("committed input: {0}")]
    Committed(HyraxError),
    /// The hidden scalar naming a hidden layer's input is missing from the proof.
    #[error("hidden input: {0}")]
    Hidden(spazk_sumcheck::hidden::HiddenError),
}

/// A model, statement or proof was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MlpError {
    /// A shape does not fit the model.
    #[error("shape mismatch: {what} is {found}, expected {expected}")]
    Shape {
        /// Which part.
        what: &'static str,
        /// What the model fixes.
        expected: usize,
        /// What was given.
        found: usize,
    },
    /// The model itself is inconsistent (shapes do not chain, a bound does not fit).
    #[error("invalid model: {0}")]
    Model(String),
    /// A pre-activation left the range its layer's proof covers.
    #[error("layer {layer}: pre-activation {value} is outside [-2^{bits}, 2^{bits})")]
    PreActivationOutOfRange {
        /// The layer.
        layer: usize,
        /// The value.
        value: i64,
        /// The layer's bound.
        bits: u32,
    },
    /// The claimed outputs differ from what the proof proves, or a layer's linear step failed.
    #[error("layer {layer}: linear step rejected: {source}")]
    Linear {
        /// The layer (0 = first).
        layer: usize,
        /// What the mat-vec verifier rejected.
        source: VerifyError<HyraxError>,
    },
    /// A ReLU + requantize step was rejected.
    #[error("layer {layer}: activation rejected: {source}")]
    Activation {
        /// The layer whose output it is.
        layer: usize,
        /// What the activation verifier rejected.
        source: ActivationError,
    },
    /// The first layer's input claim does not match the public input.
    #[error("the proof does not match the public input")]
    InputMismatch,
    /// The merged opening check (one MSM) failed.
    #[error("commitment openings rejected: {0}")]
    Openings(HyraxError),
    /// A proof, key or operation of one mode was used with a commitment of the other: a
    /// transparent proof against a hiding commitment, a zero-knowledge proof against a
    /// transparent one, or a key of one mode asked for a proof of the other.
    #[error("the commitment is {commitment}, the proof or operation {proof}")]
    ModeMismatch {
        /// The commitment's mode.
        commitment: Mode,
        /// The proof's (or the operation's) mode.
        proof: Mode,
    },
    /// A zero-knowledge layer's linear step was rejected in the clear (its masked sumcheck's
    /// rounds, the weight or bias commitment's shape, the input's naming).
    #[error("layer {layer}: zero-knowledge linear step rejected: {source}")]
    HiddenLinear {
        /// The layer (0 = first).
        layer: usize,
        /// What the zero-knowledge mat-vec verifier rejected.
        source: HiddenVerifyError<HyraxError, HiddenInputError>,
    },
    /// A layer's hidden bias could not be opened (its commitment's shape or generators).
    #[error("layer {layer}: bias opening rejected: {source}")]
    BiasOpening {
        /// The layer.
        layer: usize,
        /// What the opening rejected.
        source: HyraxError,
    },
    /// The private input's 8-bit range check (a zero-knowledge lookup) was rejected in the
    /// clear.
    #[error("input range check rejected: {0}")]
    InputRange(LookupError),
    /// An opening tying the input range check to a commitment (the input's, or the
    /// multiplicities') could not be made.
    #[error("input range check opening rejected: {0}")]
    InputRangeOpening(HyraxError),
    /// The final Σ-protocol of a zero-knowledge proof (every deferred relation, every hidden
    /// scalar and opening, one MSM) was rejected, or its lengths do not match the relations.
    #[error("zero-knowledge relations rejected: {0}")]
    Sigma(HyraxError),
    /// The input commitment of a private-input statement does not fit the model or the batch.
    #[error("input commitment: {0}")]
    InputCommitment(String),
    /// A commitment or proving key given for a model is not that model's.
    #[error("the commitment is not this model's: {0}")]
    ModelMismatch(#[from] ModelMismatch),
    /// Committing failed.
    #[error("commitment failed: {0}")]
    Commitment(HyraxError),
    /// A field read from a file is outside the values it may take (checked before any
    /// arithmetic on it).
    #[error("malformed {what}: {field} is {found}, allowed {min}..={max}")]
    FieldOutOfRange {
        /// What was being decoded.
        what: &'static str,
        /// The field, as the file format names it (with its layer, if any).
        field: String,
        /// The value read.
        found: u64,
        /// The smallest value allowed.
        min: u64,
        /// The largest value allowed.
        max: u64,
    },
    /// The bytes decode, but are not the one encoding of what they decode to (identity-point
    /// filler, a flag bit, …): one meaning has one file, so a digest names one file.
    #[error("malformed {what}: not the canonical encoding (byte {offset} differs)")]
    NonCanonical {
        /// What was being decoded.
        what: &'static str,
        /// The first byte that differs from the canonical encoding.
        offset: usize,
    },
    /// Bytes could not be decoded.
    #[error("malformed {what}: {detail}")]
    Malformed {
        /// What was being decoded.
        what: &'static str,
        /// Why it failed.
        detail: String,
    },
}

/// Where a commitment (or a proving key) differs from the model it is given with: one variant
/// per check of [`crate::ProvingKey::from_commitment`] and [`crate::ProvingKey::from_bytes`].
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ModelMismatch {
    /// The input widths differ.
    #[error("it reads {committed} inputs, the model {model}")]
    InputWidth {
        /// The commitment's.
        committed: usize,
        /// The model's.
        model: usize,
    },
    /// The layer counts differ.
    #[error("it has {committed} layers, the model {model}")]
    LayerCount {
        /// The commitment's.
        committed: usize,
        /// The model's.
        model: usize,
    },
    /// A layer's shape differs.
    #[error("layer {layer}'s shape differs")]
    Shape {
        /// The layer.
        layer: usize,
    },
    /// A layer's weight kind (ternary or integer) differs.
    #[error("layer {layer}'s weight kind differs")]
    WeightKind {
        /// The layer.
        layer: usize,
    },
    /// A layer's biases differ.
    #[error("layer {layer}'s biases differ")]
    Bias {
        /// The layer.
        layer: usize,
    },
    /// A layer's activation (input width, shift, limb width) differs.
    #[error("layer {layer}'s activation differs")]
    Activation {
        /// The layer.
        layer: usize,
    },
    /// A recomputed row of a layer's weight commitment differs: other weights.
    #[error("layer {layer}'s committed weight row {row} is not the model's")]
    WeightRow {
        /// The layer.
        layer: usize,
        /// The row of the commitment's layout: the matrix row in a transparent commitment, a
        /// Hyrax row of the hiding layout (`y·2^h + x_hi`) in a hiding one.
        row: usize,
    },
    /// A layer's weights were committed with generators of another seed than the default one.
    #[error("layer {layer}'s weights were committed with other generators")]
    Generators {
        /// The layer.
        layer: usize,
    },
    /// A recomputed row of a layer's hiding bias commitment differs: other biases, or other
    /// blinds.
    #[error("layer {layer}'s committed bias row {row} is not the model's with the secret's blind")]
    BiasRow {
        /// The layer.
        layer: usize,
        /// The Hyrax row of the bias commitment.
        row: usize,
    },
    /// The owner's secret names another model digest.
    #[error("the secret belongs to another commitment (model digest differs)")]
    SecretDigest,
    /// The owner's secret has another number of layers or of blinds than the commitment.
    #[error(
        "the secret holds {found} {what} blinds for layer {layer}, the commitment needs {expected}"
    )]
    SecretShape {
        /// The layer.
        layer: usize,
        /// `weight` or `bias`.
        what: &'static str,
        /// What the commitment needs.
        expected: usize,
        /// What the secret holds.
        found: usize,
    },
    /// The owner's secret has another number of layers than the commitment.
    #[error("the secret has {found} layers, the commitment {expected}")]
    SecretLayers {
        /// The commitment's.
        expected: usize,
        /// The secret's.
        found: usize,
    },
    /// A proving key's weights digest is not the model's: the key was made for other weights.
    #[error("the key was made for other weights (weights digest differs)")]
    WeightsDigest,
    /// The input scale differs.
    #[error("the input scale differs")]
    InputScale,
    /// The output scale differs.
    #[error("the output scale differs")]
    OutputScale,
    /// The settings digest differs (another settings file, or one and none).
    #[error("the settings digest differs")]
    SettingsDigest,
}

/// `Ok` when `found == expected`, else a [`MlpError::Shape`] naming `what`.
pub(crate) fn expect_len(
    what: &'static str,
    expected: usize,
    found: usize,
) -> Result<(), MlpError> {
    if expected == found {
        Ok(())
    } else {
        Err(MlpError::Shape {
            what,
            expected,
            found,
        })
    }
}
