//! Reading and writing the files users pass: every error names the file and the problem, and a
//! written file appears whole or not at all (written beside its target, then renamed).

use crate::Failure;
use serde::{Deserialize, Serialize};
use spazk::hyrax::HyraxParams;
use spazk::mlp::{import_onnx, CommittedModel, ImportOptions, QuantizedModel};
use std::path::Path;

/// Files larger than these are refused before reading: an ONNX model may be large; a proof,
/// commitment or JSON file of the models here is a few MiB at most.
const MAX_MODEL_BYTES: u64 = 1 << 31;
const MAX_OTHER_BYTES: u64 = 1 << 28;

/// Reads a whole file, refusing absurd sizes (before allocating anything for them).
pub fn read(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Failure::Usage(format!("{}: cannot read {what}: {e}", path.display())))?;
    let limit = if what == "model" {
        MAX_MODEL_BYTES
    } else {
        MAX_OTHER_BYTES
    };
    if meta.len() > limit {
        return Err(Failure::Usage(format!(
            "{}: {what} is {} bytes, more than the {limit} accepted",
            path.display(),
            meta.len()
        )));
    }
    std::fs::read(path)
        .map_err(|e| Failure::Usage(format!("{}: cannot read {what}: {e}", path.display())))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, then a rename,
/// so a failure never leaves a partial file where a good one was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Failure::Usage(format!("{}: not a file name", path.display())))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Failure::Usage(format!(
            "{}: cannot write: {e}",
            path.display()
        )));
    }
    Ok(())
}

/// Options shared by every command that reads an ONNX model.
#[derive(clap::Args, Debug, Clone)]
pub struct ModelArgs {
    /// The ONNX model (what PyTorch exports for an MLP).
    #[arg(long)]
    pub model: std::path::PathBuf,
    /// Ternarize weights that are not ternary: threshold FACTOR·mean|w| (0.7 if no value).
    #[arg(long, num_args = 0..=1, default_missing_value = "0.7", value_name = "FACTOR")]
    pub ternarize: Option<f64>,
    /// Float inputs are quantized as round(x / SCALE).
    #[arg(long, default_value_t = 1.0 / 255.0, value_name = "SCALE")]
    pub input_scale: f64,
}

impl ModelArgs {
    /// Loads and quantizes the model.
    pub fn load(&self) -> Result<QuantizedModel, Failure> {
        if let Some(f) = self.ternarize {
            if !(f.is_finite() && f >= 0.0) {
                return Err(Failure::Usage(format!(
                    "--ternarize {f} must be a non-negative number"
                )));
            }
        }
        let bytes = read(&self.model, "model")?;
        import_onnx(
            &bytes,
            &ImportOptions {
                ternarize: self.ternarize,
                input_scale: self.input_scale,
            },
        )
        .map_err(|e| Failure::Usage(format!("{}: {e}", self.model.display())))
    }
}

/// Generators for a model's weights (the largest padded input width); proofs may need more.
pub fn params_for_weights(model: &QuantizedModel) -> HyraxParams {
    let widest = model
        .model
        .layers
        .iter()
        .map(|l| l.shape().padded_cols())
        .max()
        .unwrap_or(1);
    HyraxParams::with_default_seed(widest)
}

/// `params` if they hold enough generators for a proof on `batch` inputs, else new ones.
pub fn params_for_batch(
    committed: &CommittedModel,
    batch: usize,
    params: HyraxParams,
) -> HyraxParams {
    let needed = committed.commitment.generators_needed(batch);
    if needed > params.generators().len() {
        HyraxParams::with_default_seed(needed)
    } else {
        params
    }
}

/// Commits a loaded model with its scales.
pub fn commit(model: &QuantizedModel, params: &HyraxParams) -> Result<CommittedModel, Failure> {
    CommittedModel::commit_with_scales(
        model.model.clone(),
        model.input_scale,
        model.output_scale,
        params,
    )
    .map_err(|e| Failure::Usage(e.to_string()))
}

/// `input.json` as EZKL writes it.
#[derive(Deserialize, Serialize)]
pub struct InputFile {
    /// One list of floats per batch element.
    pub input_data: Vec<Vec<f64>>,
}

/// `output.json`: integer logits, with their dequantized values beside them.
#[derive(Deserialize, Serialize)]
pub struct OutputFile {
    /// One list of integer logits per batch element.
    pub output_data: Vec<Vec<i64>>,
    /// `output_scale ·` the logits (informative; never read back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_float: Option<Vec<Vec<f64>>>,
}

/// Reads and quantizes `input.json` with `input_scale` for a model of `width` inputs.
pub fn read_inputs(path: &Path, input_scale: f64, width: usize) -> Result<Vec<Vec<u8>>, Failure> {
    let bytes = read(path, "input")?;
    let file: InputFile = serde_json::from_slice(&bytes).map_err(|e| {
        Failure::Usage(format!(
            "{}: not an input file ({{\"input_data\": [[…]]}}): {e}",
            path.display()
        ))
    })?;
    if file.input_data.is_empty() {
        return Err(Failure::Usage(format!(
            "{}: input_data is empty",
            path.display()
        )));
    }
    file.input_data
        .iter()
        .enumerate()
        .map(|(b, row)| {
            if row.len() != width {
                return Err(Failure::Usage(format!(
                    "{}: input {b} has {} values, the model takes {width}",
                    path.display(),
                    row.len()
                )));
            }
            row.iter()
                .enumerate()
                .map(|(i, x)| {
                    let q = (x / input_scale).round();
                    if !x.is_finite() || !(0.0..=255.0).contains(&q) {
                        Err(Failure::Usage(format!(
                            "{}: input {b}, value {i} = {x} is outside [0, {}] (input scale {input_scale})",
                            path.display(),
                            255.0 * input_scale
                        )))
                    } else {
                        Ok(q as u8)
                    }
                })
                .collect()
        })
        .collect()
}

/// Reads `output.json` for a model of `width` outputs.
pub fn read_outputs(path: &Path, width: usize) -> Result<Vec<Vec<i64>>, Failure> {
    let bytes = read(path, "output")?;
    let file: OutputFile = serde_json::from_slice(&bytes).map_err(|e| {
        Failure::Usage(format!(
            "{}: not an output file ({{\"output_data\": [[…]]}} of integers): {e}",
            path.display()
        ))
    })?;
    for (b, row) in file.output_data.iter().enumerate() {
        if row.len() != width {
            return Err(Failure::Usage(format!(
                "{}: output {b} has {} values, the model gives {width}",
                path.display(),
                row.len()
            )));
        }
    }
    Ok(file.output_data)
}

/// The JSON text of `output.json`.
pub fn output_json(outputs: &[Vec<i64>], output_scale: f64) -> String {
    let file = OutputFile {
        output_data: outputs.to_vec(),
        output_float: Some(
            outputs
                .iter()
                .map(|row| row.iter().map(|v| *v as f64 * output_scale).collect())
                .collect(),
        ),
    };
    serde_json::to_string(&file).expect("plain data serializes")
}

/// One proved and verified inference: the outputs, the proof's size, where proving went, and
/// the two times (verification includes decoding the proof bytes).
pub struct ProvedRun {
    /// The logits.
    pub outputs: Vec<Vec<i64>>,
    /// Encoded proof size.
    pub proof_bytes: usize,
    /// The prover's phases.
    pub timings: spazk::mlp::ProveTimings,
    /// Proving, ms.
    pub prove_ms: f64,
    /// Decoding and verifying, ms.
    pub verify_ms: f64,
}

/// Proves `inputs` on `committed`, encodes the proof, decodes it and verifies it.
pub fn prove_and_verify(
    committed: &CommittedModel,
    params: &HyraxParams,
    inputs: &[Vec<u8>],
) -> Result<ProvedRun, Failure> {
    use spazk::mlp::{prove_inference, verify_inference, InferenceProof, InferenceStatement};
    let start = std::time::Instant::now();
    let (outputs, proof, timings) =
        prove_inference(committed, inputs, params).map_err(|e| Failure::Usage(e.to_string()))?;
    let prove_ms = start.elapsed().as_secs_f64() * 1e3;
    let bytes = proof.to_bytes();
    let start = std::time::Instant::now();
    let decoded =
        InferenceProof::from_bytes(&bytes).map_err(|e| Failure::Rejected(e.to_string()))?;
    verify_inference(
        &committed.commitment,
        params,
        InferenceStatement {
            inputs,
            outputs: &outputs,
        },
        &decoded,
    )
    .map_err(|e| Failure::Rejected(e.to_string()))?;
    Ok(ProvedRun {
        outputs,
        proof_bytes: bytes.len(),
        timings,
        prove_ms,
        verify_ms: start.elapsed().as_secs_f64() * 1e3,
    })
}
