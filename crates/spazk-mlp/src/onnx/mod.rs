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

pub use graph::CutNode;
use graph::{describe_unsupported, FloatLayer, SUPPORTED};

use crate::model::{DenseLayer, Model, ACTIVATION_LIMB_BITS, DEFAULT_INPUT_SCALE, INPUT_MAX};
use crate::weights::{IntegerMatrix, LayerWeights, MAX_INTEGER_WEIGHT};
use prost::Message;
use proto::{ModelProto, TensorProto};
use spazk_activation::ActivationSpec;
use spazk_matrix::{MatrixShape, TernaryMatrix};
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
    /// lose precision; calibrate to choose it from data.
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
    /// The same layers in floats (weights as converted, at their scale; biases as exported).
    pub float_model: FloatModel,
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

/// A float or double tensor's values as `f32`, checked against its dimensions.
fn tensor_values(t: &TensorProto) -> Result<Vec<f32>, OnnxError> {
    let count: usize = t
        .dims
        .iter()
        .try_fold(1usize, |acc, d| {
            usize::try_from(*d).ok().and_then(|d| acc.checked_mul(d))
        })
        .ok_or_else(|| OnnxError::Structure(format!("tensor '{}' has bad dimensions", t.name)))?;
    let values: Vec<f32> = match t.data_type {
        proto::FLOAT if !t.raw_data.is_empty() => t
            .raw_data
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect(),
        proto::FLOAT => t.float_data.clone(),
        proto::DOUBLE if !t.raw_data.is_empty() => t
            .raw_data
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")) as f32)
            .collect(),
        proto::DOUBLE => t.double_data.iter().map(|v| *v as f32).collect(),
        other => {
            return Err(OnnxError::Structure(format!(
                "tensor '{}' has data type {other}; weights must be float or double",
                t.name
            )))
        }
    };
    if values.len() != count {
        return Err(OnnxError::Structure(format!(
            "tensor '{}' holds {} values for dimensions {:?}",
            t.name,
            values.len(),
            t.dims
        )));
    }
    if let Some(v) = values.iter().find(|v| !v.is_finite()) {
        return Err(OnnxError::Structure(format!(
            "tensor '{}' holds a non-finite value ({v})",
            t.name
        )));
    }
    Ok(values)
}

/// A weight tensor as integers, with its scale and the ternarization threshold if any.
struct IntegerWeights {
    entries: Vec<i32>,
    ternary: bool,
    scale: f64,
    threshold: Option<f64>,
}

/// Weights that are small integer multiples of their smallest magnitude.
fn small_integers(layer: &FloatLayer, magnitudes: &[f64]) -> Option<IntegerWeights> {
    let unit = magnitudes.iter().copied().fold(f64::INFINITY, f64::min);
    let mut entries = Vec::with_capacity(layer.weights.len());
    for w in &layer.weights {
        let k = *w as f64 / unit;
        let rounded = k.round();
        if (k - rounded).abs() > 1e-3 * rounded.abs().max(1.0)
            || rounded.abs() > MAX_INTEGER_WEIGHT as f64
        {
            return None;
        }
        entries.push(rounded as i32);
    }
    Some(IntegerWeights {
        entries,
        ternary: false,
        scale: unit,
        threshold: None,
    })
}

fn ternary(layer: &FloatLayer, ternarize: Option<f64>) -> Result<IntegerWeights, OnnxError> {
    let magnitudes: Vec<f64> = layer
        .weights
        .iter()
        .filter(|w| **w != 0.0)
        .map(|w| w.abs() as f64)
        .collect();
    let Some(&first) = magnitudes.first() else {
        return Ok(IntegerWeights {
            entries: vec![0; layer.weights.len()],
            ternary: true,
            scale: 1.0,
            threshold: None,
        });
    };
    let exact = magnitudes
        .iter()
        .all(|m| (m - first).abs() <= 1e-6 * first.max(f64::MIN_POSITIVE));
    if exact {
        let entries = layer
            .weights
            .iter()
            .map(|w| (w.signum() as i32) * i32::from(*w != 0.0))
            .collect();
        return Ok(IntegerWeights {
            entries,
            ternary: true,
            scale: first,
            threshold: None,
        });
    }
    let Some(factor) = ternarize else {
        if let Some(ints) = small_integers(layer, &magnitudes) {
            return Ok(ints);
        }
        let mut distinct: Vec<u32> = magnitudes.iter().map(|m| (*m as f32).to_bits()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        return Err(OnnxError::NotTernary {
            tensor: layer.name.clone(),
            magnitudes: distinct.len(),
        });
    };
    let mean =
        layer.weights.iter().map(|w| w.abs() as f64).sum::<f64>() / layer.weights.len() as f64;
    let threshold = factor * mean;
    let kept: Vec<f64> = magnitudes
        .iter()
        .copied()
        .filter(|m| *m > threshold)
        .collect();
    if kept.is_empty() {
        return Err(OnnxError::AllZero {
            tensor: layer.name.clone(),
            threshold,
            largest: magnitudes.iter().copied().fold(0.0, f64::max),
        });
    }
    let scale = kept.iter().sum::<f64>() / kept.len() as f64;
    let entries = layer
        .weights
        .iter()
        .map(|w| {
            if (w.abs() as f64) > threshold {
                w.signum() as i32
            } else {
                0
            }
        })
        .collect();
    Ok(IntegerWeights {
        entries,
        ternary: true,
        scale,
        threshold: Some(threshold),
    })
}

/// Decodes an ONNX model and converts it (see the module docs).
pub fn import_onnx(bytes: &[u8], options: &ImportOptions) -> Result<QuantizedModel, OnnxError> {
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
    let mut float_layers = Vec::with_capacity(float.len());
    let mut layers = Vec::with_capacity(float.len());
    let mut weight_scales = Vec::with_capacity(float.len());
    let mut weight_reports = Vec::with_capacity(float.len());
    let mut input_scale = options.input_scale;
    let mut output_scale = 1.0;
    for (i, layer) in float.iter().enumerate() {
        let IntegerWeights {
            entries,
            ternary: is_ternary,
            scale,
            threshold,
        } = ternary(
            layer,
            options
                .tensor_ternarize
                .iter()
                .find(|(n, _)| *n == layer.name)
                .map(|(_, f)| *f)
                .or(options.ternarize),
        )?;
        float_layers.push(FloatDense {
            name: layer.name.clone(),
            rows: layer.rows,
            cols: layer.cols,
            weights: entries.iter().map(|e| *e as f64 * scale).collect(),
            bias: layer.bias.iter().map(|b| *b as f64).collect(),
            relu: layer.relu,
        });
        weight_scales.push((scale, threshold));
        weight_reports.push(WeightReport {
            tensor: layer.name.clone(),
            scale,
            threshold,
            kept_fraction: entries.iter().filter(|e| **e != 0).count() as f64
                / entries.len().max(1) as f64,
        });
        let shape = MatrixShape::new(layer.rows, layer.cols);
        let structure = |e: String| OnnxError::Structure(format!("tensor '{}': {e}", layer.name));
        let weights = if is_ternary {
            let signs: Vec<i8> = entries.iter().map(|e| *e as i8).collect();
            LayerWeights::Ternary(
                TernaryMatrix::from_row_major(shape, &signs)
                    .map_err(|e| structure(e.to_string()))?,
            )
        } else {
            LayerWeights::Integer(
                IntegerMatrix::from_row_major(shape, &entries)
                    .map_err(|e| structure(e.to_string()))?,
            )
        };
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
        float_model: FloatModel {
            input_dim,
            layers: float_layers,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(weights: Vec<f32>) -> FloatLayer {
        FloatLayer {
            name: "w".into(),
            rows: 1,
            cols: weights.len(),
            weights,
            bias: vec![0.0],
            relu: false,
            has_bias: false,
        }
    }

    #[test]
    fn weights_are_recognised_as_ternary_integers_or_neither() {
        let t = ternary(&layer(vec![0.5, -0.5, 0.0, 0.5]), None).unwrap();
        assert!(t.ternary);
        assert_eq!((t.entries, t.scale), (vec![1, -1, 0, 1], 0.5));
        let i = ternary(&layer(vec![0.02, -0.04, 0.0, 0.06]), None).unwrap();
        assert!(!i.ternary);
        assert_eq!(i.entries, vec![1, -2, 0, 3]);
        assert!((i.scale - 0.02).abs() < 1e-9);
        assert!(matches!(
            ternary(&layer(vec![0.3, -0.7, 0.11]), None),
            Err(OnnxError::NotTernary { magnitudes: 3, .. })
        ));
        let forced = ternary(&layer(vec![0.3, -0.7, 0.11, 0.0]), Some(0.7)).unwrap();
        assert!(forced.ternary);
        assert_eq!(forced.entries, vec![1, -1, 0, 0]);
        assert!((forced.threshold.unwrap() - 0.7 * (0.3 + 0.7 + 0.11) / 4.0).abs() < 1e-6);
    }
}
