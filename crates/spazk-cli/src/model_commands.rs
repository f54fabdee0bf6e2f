//! `spazk commit`, `prove`, `verify`, `infer`: the model workflow.

use crate::files::{
    check_output_float, check_ternarize, commit, decode_commitment, hex, key_from_commitment,
    output_json, read, read_float_inputs, read_inputs, read_outputs, read_proving_key,
    report_cut_nodes, report_ternarization, write_atomic, ModelArgs, OutputFile,
};
use crate::phases::record;
use crate::settings::Settings;
use crate::Failure;
use clap::Args;
use serde_json::json;
use spazk::mlp::{calibrate, import_onnx, Calibration, ImportOptions, OnnxError};
use spazk::mlp::{
    prove_inference, verify_inference, InferenceProof, InferenceStatement, ModelCommitment,
    VerifyingKey,
};
use spazk::mlp::{DEFAULT_INPUT_SCALE, INPUT_MAX};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `spazk calibrate` options.
#[derive(Args, Debug)]
pub struct CalibrateArgs {
    /// The ONNX model.
    #[arg(long)]
    pub model: PathBuf,
    /// Calibration samples: `{"input_data": [[…], …]}`, one list of floats per sample.
    #[arg(long)]
    pub data: PathBuf,
    /// Ternarize weights that are not ternary: threshold FACTOR·mean|w| (0.7 if no value).
    #[arg(long, num_args = 0..=1, default_missing_value = "0.7", value_name = "FACTOR")]
    pub ternarize: Option<f64>,
    /// Float inputs are quantized as round(x / SCALE) [default: 1/255 if the data lie in
    /// [0, 1], else max/255].
    #[arg(long, value_name = "SCALE")]
    pub input_scale: Option<f64>,
    /// Where to write the settings file.
    #[arg(long)]
    pub out: PathBuf,
    /// Print a JSON summary.
    #[arg(long)]
    pub json: bool,
}

/// Calibrates: tries every candidate shift per hidden layer on the data, reports each on
/// stderr, writes the settings with the best.
pub fn run_calibrate(args: CalibrateArgs) -> Result<(), Failure> {
    check_ternarize(args.ternarize)?;
    let bytes = read(&args.model, "model")?;
    let (settings, result) = calibrate_model(
        &args.model,
        &bytes,
        &args.data,
        |width| read_float_inputs(&args.data, width),
        args.ternarize,
        args.input_scale,
    )?;
    write_atomic(&args.out, settings.to_json().as_bytes())?;
    if args.json {
        println!(
            "{}",
            json!({"shifts": result.shifts, "samples": result.samples,
                   "argmax_agreement": result.chosen.argmax_agreement,
                   "logit_error": result.chosen.logit_error,
                   "uncalibrated": {"argmax_agreement": result.uncalibrated.argmax_agreement,
                                    "logit_error": result.uncalibrated.logit_error},
                   "file": args.out})
        );
    } else {
        println!(
            "calibrated on {} samples: shifts {:?}; argmax agreement with the float model {:.1} % \
             (uncalibrated {:.1} %), logit error {:.4} (uncalibrated {:.4}) → {}",
            result.samples,
            result.shifts,
            100.0 * result.chosen.argmax_agreement,
            100.0 * result.uncalibrated.argmax_agreement,
            result.chosen.logit_error,
            result.uncalibrated.logit_error,
            args.out.display()
        );
    }
    Ok(())
}

/// Calibrates the ONNX model `bytes` (named `model_name` in messages) on the float samples that
/// `data` gives for the model's input width (named `data_name`): reports ternarization, cut nodes
/// and every candidate shift on stderr, and returns the settings with the calibration.
pub fn calibrate_model(
    model_name: &Path,
    bytes: &[u8],
    data_name: &Path,
    data: impl FnOnce(usize) -> Result<Vec<Vec<f64>>, Failure>,
    ternarize: Option<f64>,
    input_scale: Option<f64>,
) -> Result<(Settings, Calibration), Failure> {
    check_ternarize(ternarize)?;
    let model_error = |e: OnnxError| Failure::Usage(format!("{}: {e}", model_name.display()));
    let mut options = ImportOptions {
        ternarize,
        ..ImportOptions::default()
    };
    let base = import_onnx(bytes, &options).map_err(model_error)?;
    report_ternarization(&base);
    report_cut_nodes(model_name, &base);
    let data = data(base.model.input_dim)?;
    options.input_scale = match input_scale {
        Some(scale) => scale,
        None => {
            let max = data.iter().flatten().copied().fold(0.0, f64::max);
            if max > 1.0 && max.is_finite() {
                eprintln!(
                    "{}: the data reach {max}: input scale {max}/{INPUT_MAX} (pass --input-scale \
                     to choose another)",
                    data_name.display()
                );
                max / INPUT_MAX as f64
            } else {
                DEFAULT_INPUT_SCALE
            }
        }
    };
    let result = calibrate(bytes, &options, &data).map_err(|e| match e {
        OnnxError::Calibration(m) => Failure::Usage(format!("{}: {m}", data_name.display())),
        e => model_error(e),
    })?;
    let chosen: Vec<(usize, u32)> = result.shifts.iter().copied().enumerate().collect();
    for c in &result.candidates {
        let mark = if chosen.contains(&(c.layer, c.shift)) {
            "  <- chosen"
        } else {
            ""
        };
        eprintln!(
            "layer {} shift {:>2}: argmax agreement {:5.1} %, logit error {:.4}, saturated {:4.1} %{mark}",
            c.layer,
            c.shift,
            100.0 * c.argmax_agreement,
            c.logit_error,
            100.0 * c.saturated
        );
    }
    Ok((Settings::from_calibration(&result, ternarize), result))
}

/// `spazk commit` options.
#[derive(Args, Debug)]
pub struct CommitArgs {
    #[command(flatten)]
    #[allow(missing_docs)] // the model options: see ModelArgs
    pub model: ModelArgs,
    /// Where to write the commitment.
    #[arg(long)]
    pub out: PathBuf,
    /// Also write the proving key (the commitment with the model's weights digest), for
    /// `spazk prove --proving-key`: proving then skips committing.
    #[arg(long, value_name = "FILE")]
    pub proving_key: Option<PathBuf>,
    /// The batch the proving key's generators are sized for (a larger batch still proves,
    /// deriving more).
    #[arg(long, default_value_t = 1, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=65536))]
    pub max_batch: u32,
    /// Print a JSON summary.
    #[arg(long)]
    pub json: bool,
}

/// Commits a model: writes the commitment file (and the proving key, if asked) and prints its
/// digest.
pub fn run_commit(args: CommitArgs) -> Result<(), Failure> {
    let (model, settings_digest) = args.model.load()?;
    let (key, spans) = record(|| commit(&model, settings_digest, args.max_batch as usize));
    let key = key?;
    let commit_ms = spans.ms("commit_weights");
    write_atomic(&args.out, &key.commitment().to_bytes())?;
    if let Some(path) = &args.proving_key {
        write_atomic(path, &key.to_bytes())?;
    }
    let digest = key.commitment().digest_hex();
    if args.json {
        println!(
            "{}",
            json!({"digest": digest, "commit_ms": commit_ms, "nnz": model.model.nnz(),
                   "params": model.model.parameters(), "file": args.out,
                   "proving_key": args.proving_key,
                   "settings_digest": settings_digest.as_ref().map(hex)})
        );
    } else {
        println!("{digest}");
        eprintln!(
            "committed {} weights ({} nonzero) in {commit_ms:.1} ms → {}{}",
            model.model.parameters(),
            model.model.nnz(),
            args.out.display(),
            args.proving_key.as_ref().map_or(String::new(), |p| format!(
                ", proving key → {}",
                p.display()
            ))
        );
    }
    Ok(())
}

/// `spazk prove` options.
#[derive(Args, Debug)]
pub struct ProveArgs {
    #[command(flatten)]
    #[allow(missing_docs)] // the model options: see ModelArgs
    pub model: ModelArgs,
    /// `{"input_data": [[…], …]}`, one list per batch element.
    #[arg(long)]
    pub input: PathBuf,
    /// Where to write `{"output_data": [[…]]}` (integer logits).
    #[arg(long)]
    pub output: PathBuf,
    /// Where to write the proof.
    #[arg(long)]
    pub proof: PathBuf,
    /// The model's commitment from `spazk commit`: proving skips committing the weights (the
    /// commitment is checked against the model cheaply: fields in the clear, a few recomputed
    /// rows).
    #[arg(long, value_name = "FILE")]
    pub commitment: Option<PathBuf>,
    /// A proving key from `spazk commit --proving-key`: as --commitment, and the model's weights
    /// are checked against the key's digest of them.
    #[arg(long, value_name = "FILE", conflicts_with = "commitment")]
    pub proving_key: Option<PathBuf>,
    /// Print a JSON summary with a per-phase breakdown.
    #[arg(long)]
    pub json: bool,
}

/// Runs inference, proves it, writes the outputs and the proof.
pub fn run_prove(args: ProveArgs) -> Result<(), Failure> {
    // A commitment file is read and decoded on a thread of its own while the model is imported:
    // decompressing its points (a square root each) took 50 ms for a 784-4096-10 model, about
    // as long as importing it. Errors are reported in the order of a sequential run.
    let (loaded, commitment) = std::thread::scope(|scope| {
        let commitment = args
            .commitment
            .as_deref()
            .map(|path| scope.spawn(move || decode_commitment(path, &read(path, "commitment")?)));
        let loaded = args.model.load().and_then(|(model, settings_digest)| {
            let inputs = read_inputs(&args.input, model.input_scale, model.model.input_dim)?;
            Ok((model, settings_digest, inputs))
        });
        let commitment = commitment.map(|thread| {
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (loaded, commitment)
    });
    let (model, settings_digest, inputs) = loaded?;
    let mut steps = crate::progress::Steps::new(3);
    let start = Instant::now();
    let (key, spans) = record(|| match (&args.commitment, &args.proving_key) {
        (Some(path), _) => {
            steps.step(&format!("checking {} against the model", path.display()));
            let commitment = commitment.expect("decoded when a commitment is given")?;
            key_from_commitment(path, commitment, &model, settings_digest, inputs.len())
        }
        (None, Some(path)) => {
            steps.step(&format!("reading the proving key {}", path.display()));
            let bytes = read(path, "proving key")?;
            read_proving_key(path, &bytes, &model, settings_digest)
        }
        (None, None) => {
            steps.step("committing the weights (once per model; see --commitment)");
            commit(&model, settings_digest, inputs.len())
        }
    });
    let key = key?;
    let key_ms = start.elapsed().as_secs_f64() * 1e3;
    let commit_ms = spans.ms("commit_weights");
    steps.step(&format!("proving inference on {} input(s)", inputs.len()));
    let start = Instant::now();
    let (proved, spans) = record(|| prove_inference(&key, &inputs));
    let (outputs, proof) =
        proved.map_err(|e| Failure::Usage(format!("{}: {e}", args.input.display())))?;
    let prove_ms = start.elapsed().as_secs_f64() * 1e3;
    let bytes = proof.to_bytes();
    eprintln!(
        "[3/3] writing {} and {}",
        args.output.display(),
        args.proof.display()
    );
    let digest = key.commitment().digest_hex();
    write_atomic(
        &args.output,
        output_json(&outputs, model.output_scale, Some(digest.clone())).as_bytes(),
    )?;
    write_atomic(&args.proof, &bytes)?;
    drop(steps);
    if args.json {
        println!(
            "{}",
            json!({
                "digest": digest,
                "batch": inputs.len(),
                "commit_ms": commit_ms,
                "key_ms": key_ms,
                "prove_ms": prove_ms,
                "proof_bytes": bytes.len(),
                "phases_ms": spans.phases(),
            })
        );
    } else {
        println!(
            "proved {} input(s) in {prove_ms:.1} ms; proof {} bytes; model digest {digest}",
            inputs.len(),
            bytes.len(),
        );
    }
    Ok(())
}

/// `spazk verify` options.
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The model commitment (`spazk commit`).
    #[arg(long)]
    pub commitment: PathBuf,
    /// The public inputs.
    #[arg(long)]
    pub input: PathBuf,
    /// The claimed outputs.
    #[arg(long)]
    pub output: PathBuf,
    /// The proof.
    #[arg(long)]
    pub proof: PathBuf,
    /// Reject unless the commitment's digest is this (hex).
    #[arg(long, value_name = "HEX")]
    pub expect_digest: Option<String>,
    /// Print a JSON summary.
    #[arg(long)]
    pub json: bool,
}

/// Verifies a proof; exit 1 when it is rejected (or unreadable), 2 for bad other files.
pub fn run_verify(args: VerifyArgs) -> Result<(), Failure> {
    let commitment_bytes = read(&args.commitment, "commitment")?;
    let verified = verify_proof(
        &args.commitment,
        &commitment_bytes,
        args.expect_digest.as_deref(),
        &args.input,
        |scale, width| read_inputs(&args.input, scale, width),
        &args.output,
        |width| read_outputs(&args.output, width),
        &args.proof,
        || read(&args.proof, "proof").map_err(|f| Failure::Rejected(f.to_string())),
    )?;
    let digest = verified.digest;
    if args.json {
        println!(
            "{}",
            json!({"verified": true, "digest": digest, "verify_ms": verified.verify_ms,
                   "batch": verified.batch, "proof_bytes": verified.proof_bytes,
                   "settings_digest": verified.settings_digest.as_ref().map(hex)})
        );
    } else {
        println!(
            "verified: {} input(s), model {digest}, {:.1} ms",
            verified.batch, verified.verify_ms
        );
    }
    Ok(())
}

/// What [`verify_proof`] checked.
#[derive(Clone, Debug)]
pub struct Verified {
    /// The commitment's digest (hex).
    pub digest: String,
    /// Decoding and verifying the proof, ms.
    pub verify_ms: f64,
    /// The number of inputs.
    pub batch: usize,
    /// The proof's size in bytes.
    pub proof_bytes: usize,
    /// The digest of the settings the model was committed with, if any.
    pub settings_digest: Option<[u8; 32]>,
}

/// Verifies a proof as `spazk verify` does, in its order and with its messages: the commitment
/// `commitment_bytes` (named `commitment_name`), against `expect_digest` if given; the quantized
/// inputs `inputs` gives for the committed input scale and width (named `input_name`); the
/// output file `outputs` gives for the output width (named `output_name`); the proof bytes
/// `proof` gives (named `proof_name`). A rejected proof is [`Failure::Rejected`], a bad file
/// [`Failure::Usage`].
#[allow(clippy::too_many_arguments)]
pub fn verify_proof(
    commitment_name: &Path,
    commitment_bytes: &[u8],
    expect_digest: Option<&str>,
    input_name: &Path,
    inputs: impl FnOnce(f64, usize) -> Result<Vec<Vec<u8>>, Failure>,
    output_name: &Path,
    outputs: impl FnOnce(usize) -> Result<OutputFile, Failure>,
    proof_name: &Path,
    proof: impl FnOnce() -> Result<Vec<u8>, Failure>,
) -> Result<Verified, Failure> {
    let commitment = ModelCommitment::from_bytes(commitment_bytes)
        .map_err(|e| Failure::Usage(format!("{}: {e}", commitment_name.display())))?;
    let digest = commitment.digest_hex();
    if let Some(expected) = expect_digest {
        if !expected.trim().eq_ignore_ascii_case(&digest) {
            return Err(Failure::Rejected(format!(
                "{}: commitment digest {digest} is not the expected {}",
                commitment_name.display(),
                expected.trim()
            )));
        }
    }
    let inputs = inputs(commitment.input_scale, commitment.input_dim)?;
    let output_file = outputs(commitment.output_dim())?;
    check_output_digest(output_name, output_file.model_digest.as_deref(), &digest)?;
    let outputs = &output_file.output_data;
    if outputs.len() != inputs.len() {
        return Err(Failure::Usage(format!(
            "{}: {} outputs for {} inputs in {}",
            output_name.display(),
            outputs.len(),
            inputs.len(),
            input_name.display()
        )));
    }
    let proof_bytes = proof()?;
    let key = VerifyingKey::new(commitment, inputs.len())
        .map_err(|e| Failure::Usage(format!("{}: {e}", commitment_name.display())))?;
    let commitment = key.commitment();
    let start = Instant::now();
    let proof = InferenceProof::from_bytes(&proof_bytes)
        .map_err(|e| Failure::Rejected(format!("{}: {e}", proof_name.display())))?;
    verify_inference(
        &key,
        InferenceStatement {
            inputs: &inputs,
            outputs,
        },
        &proof,
    )
    .map_err(|e| Failure::Rejected(format!("{}: {e}", proof_name.display())))?;
    let verify_ms = start.elapsed().as_secs_f64() * 1e3;
    // After the proof: a changed logit is a rejected proof (exit 1); proved logits beside floats
    // that are not theirs make a bad output file (exit 2).
    check_output_float(output_name, &output_file, commitment.output_scale)?;
    Ok(Verified {
        digest,
        verify_ms,
        batch: inputs.len(),
        proof_bytes: proof_bytes.len(),
        settings_digest: commitment.settings_digest,
    })
}

/// A proof's outputs name the model they were proved on: a proof of another model is named as
/// such, before the proof would fail somewhere inside.
pub fn check_output_digest(
    output: &Path,
    proved_on: Option<&str>,
    commitment: &str,
) -> Result<(), Failure> {
    match proved_on {
        Some(proved) if !proved.trim().eq_ignore_ascii_case(commitment) => {
            Err(Failure::Rejected(format!(
                "proof is for model {} (model_digest in {}), commitment is {commitment}",
                proved.trim(),
                output.display()
            )))
        }
        _ => Ok(()),
    }
}

/// `spazk infer` options.
#[derive(Args, Debug)]
pub struct InferArgs {
    #[command(flatten)]
    #[allow(missing_docs)] // the model options: see ModelArgs
    pub model: ModelArgs,
    /// `{"input_data": [[…], …]}`.
    #[arg(long)]
    pub input: PathBuf,
}

/// Plain quantized inference; prints `output.json` on stdout.
pub fn run_infer(args: InferArgs) -> Result<(), Failure> {
    let (model, _) = args.model.load()?;
    let inputs = read_inputs(&args.input, model.input_scale, model.model.input_dim)?;
    let trace = model
        .model
        .infer(&inputs)
        .map_err(|e| Failure::Usage(format!("{}: {e}", args.input.display())))?;
    println!("{}", output_json(trace.outputs(), model.output_scale, None));
    Ok(())
}
