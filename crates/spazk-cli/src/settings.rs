//! The settings file (`spazk calibrate` writes it; `commit`, `prove`, `infer` take it with
//! `--settings`), schema `spazk-settings` version 1:
//!
//! ```json
//! {
//!   "format": "spazk-settings",
//!   "version": 1,
//!   "input_scale": 0.00392156862745098,
//!   "ternarize": [
//!     {"tensor": "coefficient", "factor": 0.7, "threshold": 0.0123, "scale": 0.0456,
//!      "kept_fraction": 0.49}
//!   ],
//!   "shifts": [
//!     {"layer": 0, "tensor": "coefficient", "shift": 4, "input_bits": 15}
//!   ],
//!   "calibration": {"samples": 500, "argmax_agreement": 1.0, "logit_error": 0.05,
//!                   "uncalibrated": {…}, "candidates": [{…}, …]}
//! }
//! ```
//!
//! Applied: `input_scale`; per ternarized weight tensor its threshold `factor` (the `threshold`,
//! `scale` and `kept_fraction` it gave are recorded and checked again, so settings made for
//! another model are refused); per hidden layer (`layer` counts hidden layers from 0) its
//! `shift`. `input_bits` is the layer's worst-case bound over every `u8` input, recorded and
//! checked, never narrowed by the data (a proof never fails on an in-range input).
//! `calibration` is a report, not applied. Unknown fields are errors, as is any other
//! `format` or `version`.

use crate::files::read;
use crate::Failure;
use serde::{Deserialize, Serialize};
use spazk::mlp::{Calibration, QuantizedModel};
use std::path::Path;

/// The `format` value.
pub const SETTINGS_FORMAT: &str = "spazk-settings";
/// The schema version this build reads and writes.
pub const SETTINGS_VERSION: u32 = 1;

/// A settings file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Always [`SETTINGS_FORMAT`].
    pub format: String,
    /// [`SETTINGS_VERSION`].
    pub version: u32,
    /// Float inputs are quantized as `round(x / input_scale)`.
    pub input_scale: f64,
    /// The ternarized weight tensors (empty when the weights were ternary already).
    #[serde(default)]
    pub ternarize: Vec<TensorSettings>,
    /// One entry per hidden layer, first to last.
    pub shifts: Vec<LayerShift>,
    /// How the shifts were chosen (a report; not applied).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<serde_json::Value>,
}

/// One ternarized weight tensor.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TensorSettings {
    /// The tensor's name in the ONNX model.
    pub tensor: String,
    /// Threshold factor: weights with `|w| ≤ factor·mean|w|` become 0.
    pub factor: f64,
    /// The threshold that gave (checked).
    pub threshold: f64,
    /// The float scale of the ternary weights (checked).
    pub scale: f64,
    /// Fraction of the weights kept nonzero (checked).
    pub kept_fraction: f64,
}

/// One hidden layer's requantization.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerShift {
    /// The hidden layer, counted from 0.
    pub layer: usize,
    /// Its weight tensor's name (checked).
    pub tensor: String,
    /// `a = clamp((max(z, 0) + 2^(shift−1)) >> shift, 0, 255)`.
    pub shift: u32,
    /// The worst-case bound `|z| < 2^input_bits` (checked; not narrowed).
    pub input_bits: u32,
}

impl Settings {
    /// The settings describing `calibration` (made with threshold factor `factor` for every
    /// ternarized tensor), with its report.
    pub fn from_calibration(calibration: &Calibration, factor: Option<f64>) -> Self {
        let model = &calibration.model;
        let report = serde_json::json!({
            "samples": calibration.samples,
            "argmax_agreement": calibration.chosen.argmax_agreement,
            "logit_error": calibration.chosen.logit_error,
            "uncalibrated": {
                "argmax_agreement": calibration.uncalibrated.argmax_agreement,
                "logit_error": calibration.uncalibrated.logit_error,
            },
            "candidates": calibration.candidates.iter().map(|c| serde_json::json!({
                "layer": c.layer,
                "shift": c.shift,
                "argmax_agreement": c.argmax_agreement,
                "logit_error": c.logit_error,
                "saturated": c.saturated,
            })).collect::<Vec<_>>(),
        });
        Self {
            format: SETTINGS_FORMAT.into(),
            version: SETTINGS_VERSION,
            input_scale: model.input_scale,
            ternarize: ternarized_tensors(model, |_| factor),
            shifts: layer_shifts(model),
            calibration: Some(report),
        }
    }

    /// Reads and checks a settings file, with the digest of its bytes the commitment records
    /// ([`spazk::mlp::settings_digest`]); every error names the file and the field.
    pub fn read(path: &Path) -> Result<(Self, [u8; 32]), Failure> {
        let bytes = read(path, "settings")?;
        Self::parse(path, &bytes)
    }

    /// Parses and checks the bytes of a settings file (named `path` in messages), with their
    /// digest.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<(Self, [u8; 32]), Failure> {
        let bad = |detail: String| Failure::Usage(format!("{}: {detail}", path.display()));
        let settings: Settings = serde_json::from_slice(bytes)
            .map_err(|e| bad(format!("not a settings file ({SETTINGS_FORMAT}): {e}")))?;
        if settings.format != SETTINGS_FORMAT {
            return Err(bad(format!(
                "format is \"{}\", expected \"{SETTINGS_FORMAT}\"",
                settings.format
            )));
        }
        if settings.version != SETTINGS_VERSION {
            return Err(bad(format!(
                "version is {}, this build reads {SETTINGS_VERSION}",
                settings.version
            )));
        }
        if !(settings.input_scale.is_finite() && settings.input_scale > 0.0) {
            return Err(bad(format!(
                "input_scale = {} must be a positive number",
                settings.input_scale
            )));
        }
        for (i, t) in settings.ternarize.iter().enumerate() {
            if !(t.factor.is_finite() && t.factor >= 0.0) {
                return Err(bad(format!(
                    "ternarize[{i}].factor = {} must be a non-negative number",
                    t.factor
                )));
            }
        }
        let max = spazk::activation::ActivationSpec::MAX_SHIFT;
        for (i, s) in settings.shifts.iter().enumerate() {
            if s.layer != i {
                return Err(bad(format!(
                    "shifts[{i}].layer = {}, expected {i} (one entry per hidden layer, in order)",
                    s.layer
                )));
            }
            if !(1..=max).contains(&s.shift) {
                return Err(bad(format!(
                    "shifts[{i}].shift = {} is outside 1..={max}",
                    s.shift
                )));
            }
        }
        Ok((settings, spazk::mlp::settings_digest(bytes)))
    }

    /// Per tensor factors and per layer shifts, for the importer.
    pub fn import_options(&self) -> spazk::mlp::ImportOptions {
        spazk::mlp::ImportOptions {
            ternarize: None,
            input_scale: self.input_scale,
            tensor_ternarize: self
                .ternarize
                .iter()
                .map(|t| (t.tensor.clone(), t.factor))
                .collect(),
            shifts: Some(self.shifts.iter().map(|s| s.shift).collect()),
        }
    }

    /// Checks the recorded values against the model imported with these settings: another
    /// model (other tensors, other weights) is named, field by field.
    pub fn check_against(&self, path: &Path, model: &QuantizedModel) -> Result<(), Failure> {
        let bad = |detail: String| {
            Failure::Usage(format!(
                "{}: {detail} (settings made for another model? run spazk calibrate again)",
                path.display()
            ))
        };
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
        let factors: Vec<(String, f64)> = self
            .ternarize
            .iter()
            .map(|t| (t.tensor.clone(), t.factor))
            .collect();
        let actual = ternarized_tensors(model, |name| {
            factors.iter().find(|(n, _)| n == name).map(|(_, f)| *f)
        });
        for (i, want) in self.ternarize.iter().enumerate() {
            let Some(got) = actual.iter().find(|t| t.tensor == want.tensor) else {
                return Err(bad(format!(
                    "ternarize[{i}].tensor '{}' is not a ternarized weight tensor of the model",
                    want.tensor
                )));
            };
            for (field, w, g) in [
                ("threshold", want.threshold, got.threshold),
                ("scale", want.scale, got.scale),
                ("kept_fraction", want.kept_fraction, got.kept_fraction),
            ] {
                if !close(w, g) {
                    return Err(bad(format!(
                        "ternarize[{i}].{field} = {w}, the model gives {g}"
                    )));
                }
            }
        }
        for (i, (want, got)) in self.shifts.iter().zip(layer_shifts(model)).enumerate() {
            if want.tensor != got.tensor {
                return Err(bad(format!(
                    "shifts[{i}].tensor = '{}', the model's hidden layer {i} is '{}'",
                    want.tensor, got.tensor
                )));
            }
            if want.input_bits != got.input_bits {
                return Err(bad(format!(
                    "shifts[{i}].input_bits = {}, the model's worst-case bound is {}",
                    want.input_bits, got.input_bits
                )));
            }
        }
        Ok(())
    }

    /// The canonical JSON text of the file (pretty, with a final newline).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("plain data serializes");
        text.push('\n');
        text
    }
}

/// The ternarized tensors of `model` (`factor` gives a tensor's factor; the model records the
/// threshold, from which the factor is not recovered exactly, so calibration passes it).
fn ternarized_tensors(
    model: &QuantizedModel,
    factor: impl Fn(&str) -> Option<f64>,
) -> Vec<TensorSettings> {
    model
        .weight_reports
        .iter()
        .filter_map(|r| {
            r.threshold.map(|threshold| TensorSettings {
                tensor: r.tensor.clone(),
                factor: factor(&r.tensor).unwrap_or(0.0),
                threshold,
                scale: r.scale,
                kept_fraction: r.kept_fraction,
            })
        })
        .collect()
}

/// One entry per hidden layer of `model`.
fn layer_shifts(model: &QuantizedModel) -> Vec<LayerShift> {
    model
        .model
        .layers
        .iter()
        .zip(&model.weight_reports)
        .filter_map(|(l, r)| l.activation.map(|a| (a, r)))
        .enumerate()
        .map(|(i, (a, r))| LayerShift {
            layer: i,
            tensor: r.tensor.clone(),
            shift: a.shift,
            input_bits: a.input_bits,
        })
        .collect()
}
