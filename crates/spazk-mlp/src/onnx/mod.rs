//! Loading an MLP from ONNX (what PyTorch's exporters, skl2onnx and tf2onnx write for an MLP:
//! `Gemm` or `MatMul` + `Add`, `Relu`, wrapped in `Cast` / `Flatten` / `Reshape` / `Identity` and
//! followed by post-processing such as `Softmax` or `ArgMax`, which is cut off and reported: see
//! [`graph`]), recognising ternary weights and quantizing to the integer model.
//!
//! Quantization (documented in the README):
//! * inputs are floats quantized as `q = round(x / input_scale)` (default `input_scale = 1/255`,
//!   pixels in `[0, 1]`); a non-finite value or one outside `[0, 255]` after scaling is an error;
//! * a weight tensor must be ternary up to one per-tensor scale `s` (every nonzero entry is `±s`),
//!   or small integers up to a scale (every entry `k·s` with `|k| < 2^15`, `s` the smallest
//!   magnitude: a quantized export); otherwise the error names the tensor and offers `ternarize`
//!   (threshold
//!   `Δ = factor·mean|w|`, then `s = mean(|w| : |w| > Δ)`, as in ternary weight networks);
//! * a layer with input scale `s_x` and weight scale `s_w` gets integer biases
//!   `round(b / (s_w·s_x))`; a hidden layer's shift `sh` comes from the model's metadata key
//!   `spazk.shift.<layer>` (written by `scripts/train_mnist_ternary.py` from calibration data),
//!   unless [`ImportOptions::shifts`] gives it (a settings file made by calibration:
//!   [`crate::calibrate::calibrate`]), or else is `max(1, L − 12)` for a worst-case bound of `2^L`
//!   ([`ShiftSource`] says which); the bound `L` itself is always the worst case over every `u8`
//!   input, so a proof never fails on an in-range input; its output scale is
//!   `s_w·s_x·2^sh`; the logits' scale is the last layer's `s_w·s_x`.

pub mod graph;
mod proto;
mod quantize;
mod tensor;

pub use graph::CutNode;
use graph::{describe_unsupported, SUPPORTED};

use crate::model::{DenseLayer, Model, ACTIVATION_LIMB_BITS, DEFAULT_INPUT_SCALE, INPUT_MAX};
use prost::bytes::Bytes;
use prost::Message;
use proto::ModelProto;
use quantize::ternary;
use spazk_activation::ActivationSpec;
use spazk_matrix::MatrixShape;
use std::collections::HashMap;
use thiserror::Error;

/// Why an ONNX file could not be turned into a model.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum OnnxError {
    /// The bytes are not an ONNX model.
    #[error("not a readable ONNX model: {0}")]
    Decode(String),
    /// Operators this importer does not handle: every one on the data's path, each with the
    /// names of its nodes, in the order first seen.
    #[error("unsupported operators: {}; supported: {SUPPORTED}", describe_unsupported(.0))]
    Unsupported(Vec<(String, Vec<String>)>),
    /// Ternarization kept no weight of a tensor: the layer would output its bias alone.
    #[error("all weights of tensor '{tensor}' are zero after ternarization (threshold {threshold:e} ≥ largest |w| {largest:e}); pass a smaller --ternarize factor")]
    AllZero {
        /// The tensor.
        tensor: String,
        /// The threshold used.
        threshold: f64,
        /// The largest weight magnitude in the tensor.
        largest: f64,
    },
    /// A weight tensor is neither ternary nor small integers up to a scale.
    #[error("weight tensor '{tensor}' is neither ternary nor small integers up to a scale ({magnitudes} distinct nonzero magnitudes); pass --ternarize to threshold it")]
    NotTernary {
        /// The tensor.
        tensor: String,
        /// Distinct nonzero magnitudes seen (capped).
        magnitudes: usize,
    },
    /// [`ImportOptions::shifts`] or [`ImportOptions::tensor_ternarize`] do not fit the model
    /// (a settings file made for another model).
    #[error("settings do not fit the model: {0}")]
    Settings(String),
    /// Calibration data that does not fit the model, or inference on it failed.
    #[error("calibration: {0}")]
    Calibration(String),
    /// The graph is not a chain of dense layers this importer understands.
    #[error("unsupported graph: {0}")]
    Structure(String),
}

/// How to import.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportOptions {
    /// Threshold factor for ternarizing non-ternary weights (`None`: refuse them).
    pub ternarize: Option<f64>,
    /// Scale of the float inputs: `q = round(x / input_scale)`.
    pub input_scale: f64,
    /// Per-tensor threshold factors (by weight tensor name), taking precedence over
    /// [`Self::ternarize`] for the tensors named (a settings file's per-tensor factors).
    pub tensor_ternarize: Vec<(String, f64)>,
    /// One shift per hidden layer, first to last, taking precedence over the model's
    /// `spazk.shift.*` metadata and the worst-case default (a settings file's shifts).
    pub shifts: Option<Vec<u32>>,
}

/// No ternarization, input scale `1/255`, shifts from metadata or the worst case.
impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            ternarize: None,
            input_scale: DEFAULT_INPUT_SCALE,
            tensor_ternarize: Vec::new(),
            shifts: None,
        }
    }
}

/// Where a hidden layer's shift came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftSource {
    /// The model's `spazk.shift.<layer>` metadata.
    Metadata,
    /// [`ImportOptions::shifts`] (a settings file).
    Settings,
    /// The worst-case default `max(1, L − 12)`: activations of typical inputs may saturate or
    /// lose precision; calibrate to choose it from data. `L` comes from the weights' row norms,
    /// so a commitment publishes its bit length with the shift (as the default activation
    /// bounds do; under the shape rule see [`QuantizedModel::hiding_shifts`]).
    WorstCase,
}

/// A dense layer as floats, weights as imported (ternarized weights at their float scale).
#[derive(Clone, Debug, PartialEq)]
pub struct FloatDense {
    /// The weight tensor's name.
    pub name: String,
    /// Outputs.
    pub rows: usize,
    /// Inputs.
    pub cols: usize,
    /// `rows × cols`, row-major: the integer weights times their scale.
    pub weights: Vec<f64>,
    /// One bias per output, as in the ONNX model.
    pub bias: Vec<f64>,
    /// A ReLU follows (every layer but the last).
    pub relu: bool,
}

/// The imported model in floats: what the integer model approximates (the reference for
/// calibration).
#[derive(Clone, Debug, PartialEq)]
pub struct FloatModel {
    /// Input width.
    pub input_dim: usize,
    /// The layers, first to last.
    pub layers: Vec<FloatDense>,
}

impl FloatModel {
    /// The float logits of one input (`input.len()` must be [`Self::input_dim`]; extra values
    /// are ignored, missing ones read as 0).
    pub fn logits(&self, input: &[f64]) -> Vec<f64> {
        let mut current: Vec<f64> = input.to_vec();
        current.resize(self.input_dim, 0.0);
        for layer in &self.layers {
            let mut next = layer.bias.clone();
            for (y, out) in next.iter_mut().enumerate() {
                let row = &layer.weights[y * layer.cols..(y + 1) * layer.cols];
                *out += row.iter().zip(&current).map(|(w, a)| w * a).sum::<f64>();
                if layer.relu {
                    *out = out.max(0.0);
                }
            }
            current = next;
        }
        current
    }
}

/// An imported model with the scales that map floats to its integers.
#[derive(Clone, Debug)]
pub struct QuantizedModel {
    /// The integer model.
    pub model: Model,
    /// Input scale.
    pub input_scale: f64,
    /// Scale of the output logits (`float logit ≈ output_scale · integer logit`).
    pub output_scale: f64,
    /// Per layer: the weight scale, and the threshold if the tensor was ternarized.
    pub weight_scales: Vec<(f64, Option<f64>)>,
    /// Per layer: how its weight tensor was turned into integers.
    pub weight_reports: Vec<WeightReport>,
    /// Nodes cut after the last layer (post-processing of the logits), in graph order.
    pub cut_nodes: Vec<CutNode>,
    /// Per hidden layer: where its shift came from.
    pub shift_sources: Vec<ShiftSource>,
    /// Per layer, the biases as exported (for [`Self::float_model`]).
    float_biases: Vec<Vec<f64>>,
}

/// How one weight tensor became integers: what `--ternarize` reports per tensor.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightReport {
    /// The tensor's name in the ONNX model.
    pub tensor: String,
    /// Float weight ≈ scale · integer weight.
    pub scale: f64,
    /// The ternarization threshold, if the tensor was ternarized.
    pub threshold: Option<f64>,
    /// Fraction of the weights that are nonzero after conversion.
    pub kept_fraction: f64,
}

impl QuantizedModel {
    /// The same layers in floats: weights as converted (the integer weights times their scale),
    /// biases as exported. Built when asked (calibration's reference), not by every import: its
    /// dense `f64` weights are 8 bytes per weight, zeros included (26 MB for a 784-4096-10
    /// model), and proving never reads them.
    pub fn float_model(&self) -> FloatModel {
        let layers = self
            .model
            .layers
            .iter()
            .zip(&self.weight_reports)
            .zip(&self.float_biases)
            .map(|((layer, report), bias)| {
                let MatrixShape { rows, cols } = layer.shape();
                let mut weights = vec![0.0; rows * cols];
                for x in 0..cols {
                    layer.weights.for_each_in_column(x, |y, w| {
                        weights[y * cols + x] = w as f64 * report.scale;
                    });
                }
                FloatDense {
                    name: report.tensor.clone(),
                    rows,
                    cols,
                    weights,
                    bias: bias.clone(),
                    relu: layer.activation.is_some(),
                }
            })
            .collect();
        FloatModel {
            input_dim: self.model.input_dim,
            layers,
        }
    }

    /// The shifts to import this model with for a **hiding** commitment declaring biases within
    /// `2^bias_bits`: per hidden layer, the shift from the model's metadata or the settings
    /// kept, and the worst-case default replaced by `max(1, L_h − 12)` with `L_h` the hiding
    /// rule's bound ([`crate::model::hiding_input_bits`]: from the shape, the weight kind and
    /// `bias_bits` only).
    ///
    /// Why: the worst-case default `max(1, L − 12)` takes `L` from the weights' row norms
    /// ([`crate::DenseLayer::worst_case_bits`]), and a hiding commitment publishes every shift,
    /// so it would publish `⌈log₂ max_y(Σ_x |W_yx|·255 + |b_y|)⌉` — what the hiding rule for `L`
    /// exists to keep out of the commitment. Import again with these shifts
    /// ([`ImportOptions::shifts`]; the biases of the layers after a changed shift change with
    /// it) before [`crate::CommittedModel::commit_hiding`]. Shifts calibrated on data
    /// ([`crate::calibrate()`]) or from the metadata are the committer's choice and kept: they
    /// depend on the weights through the data, which a committer who wants nothing of the
    /// weights published must weigh.
    pub fn hiding_shifts(&self, bias_bits: u32) -> Vec<u32> {
        self.model
            .layers
            .iter()
            .filter_map(|l| l.activation.map(|spec| (l, spec)))
            .zip(&self.shift_sources)
            .map(|((layer, spec), source)| match source {
                ShiftSource::WorstCase => {
                    let bits = crate::model::hiding_input_bits(
                        layer.shape(),
                        layer.weights.kind(),
                        bias_bits,
                    );
                    bits.saturating_sub(12).clamp(1, ActivationSpec::MAX_SHIFT)
                }
                ShiftSource::Metadata | ShiftSource::Settings => spec.shift,
            })
            .collect()
    }

    /// Quantizes one float input; rejects non-finite and out-of-range values.
    pub fn quantize_input(&self, values: &[f64]) -> Result<Vec<u8>, String> {
        values
            .iter()
            .enumerate()
            .map(|(i, x)| {
                if !x.is_finite() {
                    return Err(format!("input value {i} is not finite ({x})"));
                }
                let q = (x / self.input_scale).round();
                if !(0.0..=INPUT_MAX as f64).contains(&q) {
                    return Err(format!(
                        "input value {i} = {x} is outside [0, {}] (input scale {})",
                        INPUT_MAX as f64 * self.input_scale,
                        self.input_scale
                    ));
                }
                Ok(q as u8)
            })
            .collect()
    }
}

/// Decodes an ONNX model and converts it (see the module docs).
pub fn import_onnx(bytes: &[u8], options: &ImportOptions) -> Result<QuantizedModel, OnnxError> {
    import_decoded(Bytes::copy_from_slice(bytes), options)
}

/// [`import_onnx`] of bytes the caller hands over (a file just read): the weights are read
/// where they lie in them, where [`import_onnx`] copies the model first.
pub fn import_onnx_owned(
    bytes: Vec<u8>,
    options: &ImportOptions,
) -> Result<QuantizedModel, OnnxError> {
    import_decoded(Bytes::from(bytes), options)
}

/// [`import_onnx`]: `raw_data` fields decode as slices of `bytes`, not copies.
fn import_decoded(bytes: Bytes, options: &ImportOptions) -> Result<QuantizedModel, OnnxError> {
    if !(options.input_scale.is_finite() && options.input_scale > 0.0) {
        return Err(OnnxError::Structure(format!(
            "input scale {} must be positive",
            options.input_scale
        )));
    }
    let proto = ModelProto::decode(bytes).map_err(|e| OnnxError::Decode(e.to_string()))?;
    let graph = proto
        .graph
        .as_ref()
        .ok_or_else(|| OnnxError::Decode("the model has no graph".into()))?;
    let shifts: HashMap<String, u32> = proto
        .metadata_props
        .iter()
        .filter_map(|p| {
            p.key
                .strip_prefix("spazk.shift.")
                .and_then(|_| p.value.trim().parse().ok().map(|v| (p.key.clone(), v)))
        })
        .collect();
    let chain = graph::float_layers(graph)?;
    let (input_dim, float) = (chain.input_dim, chain.layers);
    let hidden = float.iter().filter(|l| l.relu).count();
    if let Some(given) = &options.shifts {
        if given.len() != hidden {
            return Err(OnnxError::Settings(format!(
                "{} shifts given for {hidden} hidden layers",
                given.len()
            )));
        }
        if let Some((i, s)) = given
            .iter()
            .enumerate()
            .find(|(_, s)| !(1..=ActivationSpec::MAX_SHIFT).contains(*s))
        {
            return Err(OnnxError::Settings(format!(
                "shift {s} of hidden layer {i} is outside 1..={}",
                ActivationSpec::MAX_SHIFT
            )));
        }
    }
    for (name, factor) in &options.tensor_ternarize {
        if !(factor.is_finite() && *factor >= 0.0) {
            return Err(OnnxError::Settings(format!(
                "ternarization factor {factor} of tensor '{name}' must be a non-negative number"
            )));
        }
        if !float.iter().any(|l| l.name == *name) {
            return Err(OnnxError::Settings(format!(
                "no weight tensor named '{name}' (the model's: {})",
                float
                    .iter()
                    .map(|l| format!("'{}'", l.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let mut shift_sources = Vec::with_capacity(hidden);
    let mut float_biases = Vec::with_capacity(float.len());
    let mut layers = Vec::with_capacity(float.len());
    let mut weight_scales = Vec::with_capacity(float.len());
    let mut weight_reports = Vec::with_capacity(float.len());
    let mut input_scale = options.input_scale;
    let mut output_scale = 1.0;
    for (i, layer) in float.iter().enumerate() {
        let weights = ternary(
            layer,
            options
                .tensor_ternarize
                .iter()
                .find(|(n, _)| *n == layer.name)
                .map(|(_, f)| *f)
                .or(options.ternarize),
        )?;
        let (scale, threshold) = (weights.scale, weights.threshold);
        float_biases.push(layer.bias.iter().map(|b| *b as f64).collect());
        weight_scales.push((scale, threshold));
        weight_reports.push(WeightReport {
            tensor: layer.name.clone(),
            scale,
            threshold,
            kept_fraction: weights.kept_fraction(),
        });
        let weights = weights
            .into_layer_weights(MatrixShape::new(layer.rows, layer.cols))
            .map_err(|e| OnnxError::Structure(format!("tensor '{}': {e}", layer.name)))?;
        let unit = scale * input_scale;
        let bias: Vec<i64> = layer
            .bias
            .iter()
            .map(|b| {
                (*b as f64 / unit)
                    .round()
                    .clamp(-(1i64 << 40) as f64, (1i64 << 40) as f64) as i64
            })
            .collect();
        let mut dense = DenseLayer {
            weights,
            bias,
            activation: None,
        };
        if layer.relu {
            let bits = dense.worst_case_bits();
            let hidden_index = shift_sources.len();
            let (shift, source) = match (&options.shifts, shifts.get(&format!("spazk.shift.{i}"))) {
                (Some(given), _) => (given[hidden_index], ShiftSource::Settings),
                (None, Some(s)) => (*s, ShiftSource::Metadata),
                (None, None) => (bits.saturating_sub(12).max(1), ShiftSource::WorstCase),
            };
            let shift = shift.clamp(1, ActivationSpec::MAX_SHIFT);
            shift_sources.push(source);
            dense.activation = Some(ActivationSpec {
                input_bits: bits,
                shift,
                limb_bits: ACTIVATION_LIMB_BITS,
            });
            input_scale = unit * 2f64.powi(shift as i32);
        } else {
            output_scale = unit;
        }
        layers.push(dense);
    }
    let model = Model { input_dim, layers };
    model
        .validate()
        .map_err(|e| OnnxError::Structure(e.to_string()))?;
    Ok(QuantizedModel {
        model,
        input_scale: options.input_scale,
        output_scale,
        weight_scales,
        weight_reports,
        cut_nodes: chain.cut,
        shift_sources,
        float_biases,
    })
}
