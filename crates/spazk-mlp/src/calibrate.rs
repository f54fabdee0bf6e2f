//! Calibration: choosing each hidden layer's shift from sample data (EZKL's
//! `calibrate-settings` for this crate's integer semantics).
//!
//! The float model ([`crate::onnx::FloatModel`]: the imported layers with their weights as
//! converted, at their float scale, and ReLU) is the reference. For each hidden layer in turn
//! (greedily, first to last), every shift from 1 to `max(1, L − 8)` (`2^L` the layer's
//! worst-case bound; from `L − 8` on no `u8` activation can saturate, larger shifts only lose
//! precision) is tried, with the layers after it at the smallest shift that saturates no
//! calibration sample; the integer model's argmax is compared with the float model's on every
//! sample, and the shift with the most agreements wins (ties: the smaller logit error, then the
//! smaller shift). The logit error is relative: `‖f − s·q‖₂ / ‖f‖₂` over all samples' logits,
//! `f` the float logits, `q` the integer ones and `s` the output scale.
//!
//! The bounds `input_bits` stay the worst case over every `u8` input: calibration changes only
//! the shifts, so a proof never fails on an in-range input.

use crate::onnx::{import_onnx, ImportOptions, OnnxError, QuantizedModel};
use spazk_activation::{ActivationSpec, ACTIVATION_MAX};

/// One candidate shift of one hidden layer and how the integer model did with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The hidden layer (0 = first).
    pub layer: usize,
    /// The shift tried.
    pub shift: u32,
    /// Fraction of the samples whose integer argmax is the float model's.
    pub argmax_agreement: f64,
    /// Relative logit error `‖f − s·q‖₂ / ‖f‖₂`.
    pub logit_error: f64,
    /// Fraction of this layer's activations (over all samples) clamped at 255.
    pub saturated: f64,
}

/// How the integer model does on the calibration data with a set of shifts.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// Fraction of the samples whose integer argmax is the float model's.
    pub argmax_agreement: f64,
    /// Relative logit error.
    pub logit_error: f64,
}

/// What [`calibrate`] chose, with every candidate's figures.
#[derive(Clone, Debug)]
pub struct Calibration {
    /// One shift per hidden layer, first to last.
    pub shifts: Vec<u32>,
    /// The model imported with those shifts.
    pub model: QuantizedModel,
    /// With the chosen shifts.
    pub chosen: Score,
    /// With the shifts the import gives without calibration (metadata or worst case).
    pub uncalibrated: Score,
    /// Every candidate tried, in the order tried.
    pub candidates: Vec<Candidate>,
    /// Number of calibration samples.
    pub samples: usize,
}

fn import_with(
    bytes: &[u8],
    options: &ImportOptions,
    shifts: Option<Vec<u32>>,
) -> Result<QuantizedModel, OnnxError> {
    import_onnx(
        bytes,
        &ImportOptions {
            shifts,
            ..options.clone()
        },
    )
}

/// Integer logits and per-hidden-layer activations of `inputs` on `model`.
fn run(model: &QuantizedModel, inputs: &[Vec<u8>]) -> Result<crate::Trace, OnnxError> {
    model
        .model
        .infer(inputs)
        .map_err(|e| OnnxError::Calibration(e.to_string()))
}

fn argmax(values: impl Iterator<Item = f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, v) in values.enumerate() {
        if v > best.1 {
            best = (i, v);
        }
    }
    best.0
}

/// Argmax agreement and relative logit error of `model` against the float logits.
fn score(model: &QuantizedModel, trace: &crate::Trace, float: &[Vec<f64>]) -> Score {
    let (mut agree, mut err, mut norm) = (0usize, 0.0f64, 0.0f64);
    for (q, f) in trace.outputs().iter().zip(float) {
        if argmax(q.iter().map(|v| *v as f64)) == argmax(f.iter().copied()) {
            agree += 1;
        }
        for (qv, fv) in q.iter().zip(f) {
            let d = fv - *qv as f64 * model.output_scale;
            err += d * d;
            norm += fv * fv;
        }
    }
    Score {
        argmax_agreement: agree as f64 / float.len().max(1) as f64,
        logit_error: if norm > 0.0 {
            (err / norm).sqrt()
        } else {
            err.sqrt()
        },
    }
}

/// The smallest shift that clamps none of `z`'s values at [`ACTIVATION_MAX`].
fn no_saturation_shift(z: &[Vec<i64>]) -> u32 {
    let max = z.iter().flatten().copied().max().unwrap_or(0).max(0);
    (1..=ActivationSpec::MAX_SHIFT)
        .find(|s| (max + (1i64 << (s - 1))) >> s <= ACTIVATION_MAX as i64)
        .unwrap_or(ActivationSpec::MAX_SHIFT)
}

/// Sets the shifts of hidden layers `from..` to their smallest non-saturating ones, layer by
/// layer (each depends on the shifts before it).
fn fill_later(
    bytes: &[u8],
    options: &ImportOptions,
    inputs: &[Vec<u8>],
    shifts: &mut [u32],
    from: usize,
) -> Result<(), OnnxError> {
    for i in from..shifts.len() {
        let model = import_with(bytes, options, Some(shifts.to_vec()))?;
        let trace = run(&model, inputs)?;
        shifts[i] = no_saturation_shift(&trace.pre_activations[i]);
    }
    Ok(())
}

/// Chooses each hidden layer's shift from `data` (float inputs, one per sample, quantized with
/// `options.input_scale`), maximizing argmax agreement with the float model (module docs).
/// `options.shifts` is ignored. Errors: the model's, or a sample that does not fit (width,
/// range), named by its index.
pub fn calibrate(
    bytes: &[u8],
    options: &ImportOptions,
    data: &[Vec<f64>],
) -> Result<Calibration, OnnxError> {
    let base = import_with(bytes, options, None)?;
    if data.is_empty() {
        return Err(OnnxError::Calibration("no calibration samples".into()));
    }
    let width = base.model.input_dim;
    let inputs: Vec<Vec<u8>> = data
        .iter()
        .enumerate()
        .map(|(b, x)| {
            if x.len() != width {
                return Err(OnnxError::Calibration(format!(
                    "sample {b} has {} values, the model takes {width}",
                    x.len()
                )));
            }
            base.quantize_input(x)
                .map_err(|e| OnnxError::Calibration(format!("sample {b}: {e}")))
        })
        .collect::<Result<_, _>>()?;
    let float_model = base.float_model();
    let float: Vec<Vec<f64>> = data.iter().map(|x| float_model.logits(x)).collect();
    let uncalibrated = score(&base, &run(&base, &inputs)?, &float);
    let hidden: Vec<u32> = base
        .model
        .layers
        .iter()
        .filter_map(|l| l.activation.map(|a| a.input_bits))
        .collect();
    let mut shifts = vec![1u32; hidden.len()];
    fill_later(bytes, options, &inputs, &mut shifts, 0)?;
    let mut candidates = Vec::new();
    for (i, bits) in hidden.iter().enumerate() {
        let top = bits.saturating_sub(8).clamp(1, ActivationSpec::MAX_SHIFT);
        let mut best: Option<(u32, Score)> = None;
        for shift in 1..=top {
            let mut trial = shifts.clone();
            trial[i] = shift;
            fill_later(bytes, options, &inputs, &mut trial, i + 1)?;
            let model = import_with(bytes, options, Some(trial))?;
            let trace = run(&model, &inputs)?;
            let s = score(&model, &trace, &float);
            let acts = &trace.activations[i];
            let total = acts.iter().map(Vec::len).sum::<usize>().max(1);
            let clamped = acts
                .iter()
                .flatten()
                .filter(|a| u64::from(**a) == ACTIVATION_MAX)
                .count();
            candidates.push(Candidate {
                layer: i,
                shift,
                argmax_agreement: s.argmax_agreement,
                logit_error: s.logit_error,
                saturated: clamped as f64 / total as f64,
            });
            let better = match &best {
                None => true,
                Some((_, b)) => {
                    s.argmax_agreement > b.argmax_agreement
                        || (s.argmax_agreement == b.argmax_agreement
                            && s.logit_error < b.logit_error)
                }
            };
            if better {
                best = Some((shift, s));
            }
        }
        shifts[i] = best.map_or(1, |(s, _)| s);
        fill_later(bytes, options, &inputs, &mut shifts, i + 1)?;
    }
    let model = import_with(bytes, options, Some(shifts.clone()))?;
    let chosen = score(&model, &run(&model, &inputs)?, &float);
    Ok(Calibration {
        shifts,
        model,
        chosen,
        uncalibrated,
        candidates,
        samples: data.len(),
    })
}
