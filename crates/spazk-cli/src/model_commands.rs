//! `spazk commit`, `prove`, `verify`, `infer`: the model workflow, in either mode. `commit`
//! hides by default (zero-knowledge; `--transparent` not); `prove` makes a zero-knowledge proof
//! with the owner's secret (`--secret`), a transparent one without; `verify` takes the mode from
//! the commitment (which the digest covers), prints it, and rejects a proof of the other mode.

use crate::files::{
    check_output_float, check_ternarize, commit, commit_hiding, decode_commitment,
    default_secret_path, hex, key_from_commitment, key_from_hiding_commitment, output_json, read,
    read_float_inputs, read_hiding_proving_key, read_inputs, read_outputs, read_proving_key,
    refuse_existing_secret, refuse_writing_over_secret, report_cut_nodes, report_ternarization,
    write_all_atomic, write_atomic, write_new_secret, writes_over, FileSource, ModelArgs,
    OutputFile,
};
use crate::phases::record;
use crate::settings::Settings;
use crate::Failure;
use clap::{Args, ValueEnum};
use serde_json::json;
use spazk::mlp::{calibrate, import_onnx, Calibration, ImportOptions, OnnxError};
use spazk::mlp::{
    ActivationBound, InputCommitment, InputVisibility, MlpError, Mode, ModelCommitment,
    ModelSecret, ProvingKey, QuantizedModel, StatementInput, VerifyingKey,
};
use spazk::mlp::{DEFAULT_INPUT_SCALE, INPUT_MAX};
use spazk::zk::{prove, verify, Proof, Proved};
use spazk::{os_rng, ZkRng};
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

/// The mode's name as `spazk` prints it (`mode: …` and the JSON `"mode"`).
pub fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Transparent => "transparent",
        Mode::Hiding => "zero-knowledge",
    }
}

/// The mode of a commitment as a clause of a message.
fn a_commitment(mode: Mode) -> &'static str {
    match mode {
        Mode::Transparent => "a transparent commitment",
        Mode::Hiding => "a hiding (zero-knowledge) commitment",
    }
}

/// An OS-seeded generator for a hiding commitment or a zero-knowledge proof ([`spazk::os_rng`]),
/// its failure a usage error.
pub fn zk_rng() -> Result<ZkRng, Failure> {
    os_rng().map_err(|e| Failure::Usage(e.to_string()))
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
    /// Where to write the owner's secret (the blinds of the hiding commitment; proving in zero
    /// knowledge needs it, verifying does not) [default: <out>.secret]. Created with mode 0600,
    /// never overwritten.
    #[arg(long, value_name = "FILE")]
    pub secret: Option<PathBuf>,
    /// Commit without hiding (weights binding only, biases in the clear): proofs are
    /// transparent, not zero-knowledge; no secret is written.
    #[arg(long, conflicts_with_all = ["secret", "bias_bits", "shape_bounds"])]
    pub transparent: bool,
    /// The bias bound a hiding commitment declares (public): every bias |b| < 2^N [default:
    /// from the shapes, the widest layer's worst-case |W·x|].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=40))]
    pub bias_bits: Option<u32>,
    /// Declare every hidden layer's activation bound L from the shapes and the bias bound alone
    /// (publishes nothing of the weights; wider range checks, larger and slower proofs; needs
    /// calibrated shifts, --settings or metadata). By default L is the weights' worst case, as
    /// in transparent mode, which publishes its bit length: one small integer per hidden layer.
    #[arg(long)]
    pub shape_bounds: bool,
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

/// Where the owner's secret of a new hiding commitment goes: `secret`, else `<out>.secret`
/// beside the commitment file `out`; `None` when neither is given (a front end that returns the
/// commitment instead of writing it must be given a place). Checked before any work: the secret
/// and the commitment must be different files, and an existing secret is never overwritten.
pub fn new_secret_path(
    out: Option<&Path>,
    secret: Option<&Path>,
) -> Result<Option<PathBuf>, Failure> {
    let Some(path) = secret
        .map(Path::to_path_buf)
        .or_else(|| out.map(default_secret_path))
    else {
        return Ok(None);
    };
    // Compared as the files they name (`d/sub/../m.spzc` is `d/m.spzc`): writing the commitment
    // would replace the secret just written.
    if out.is_some_and(|out| writes_over(out, &path)) {
        return Err(Failure::Usage(format!(
            "{}: the owner's secret and the commitment must be different files",
            path.display()
        )));
    }
    refuse_existing_secret(&path)?;
    Ok(Some(path))
}

/// A new commitment ([`commit_model`]): its proving key and, in hiding mode, the owner's secret
/// and the bias bound the commitment declares.
pub struct Committed {
    /// The proving key; its commitment is what gets published.
    pub key: ProvingKey,
    /// The owner's secret (hiding mode only).
    pub secret: Option<ModelSecret>,
    /// The declared bias bound `2^bias_bits` (hiding mode; computed in both).
    pub bias_bits: u32,
}

/// Commits a loaded model in `mode` for batches of up to `max_batch`, as `spazk commit` does: in
/// hiding mode with the declared bias bound `bias_bits` (default: [`spazk::mlp::Model::shape_bias_bits`]), the
/// activation bounds by `activation_bound` (`--shape-bounds`), and every blind from [`os_rng`].
pub fn commit_model(
    model: &QuantizedModel,
    settings_digest: Option<[u8; 32]>,
    mode: Mode,
    bias_bits: Option<u32>,
    activation_bound: ActivationBound,
    max_batch: usize,
) -> Result<Committed, Failure> {
    let bias_bits = bias_bits.unwrap_or_else(|| model.model.shape_bias_bits());
    let (key, secret) = match mode {
        Mode::Transparent => (commit(model, settings_digest, max_batch)?, None),
        Mode::Hiding => {
            let mut rng = zk_rng()?;
            let (key, secret) = commit_hiding(
                model,
                settings_digest,
                bias_bits,
                activation_bound,
                max_batch,
                &mut rng,
            )?;
            (key, Some(secret))
        }
    };
    Ok(Committed {
        key,
        secret,
        bias_bits,
    })
}

/// Writes a new commitment's files: the owner's secret first, at a path that must not exist
/// ([`write_new_secret`]: a failure leaves nothing), then the others (`others`: the commitment,
/// a proving key) as one step ([`write_all_atomic`]); if those fail, no other file changed, and
/// the secret just written opens nothing and is removed.
pub fn write_commitment_files(
    secret: Option<(&Path, &ModelSecret)>,
    others: &[(&Path, &[u8])],
) -> Result<(), Failure> {
    if let Some((path, secret)) = secret {
        write_new_secret(path, &secret.to_bytes())?;
    }
    write_all_atomic(others).inspect_err(|_| {
        if let Some((path, _)) = secret {
            let _ = std::fs::remove_file(path);
        }
    })
}

/// Commits a model — hiding (zero-knowledge) unless `--transparent` — writes the commitment
/// file, the owner's secret (hiding mode) and the proving key (if asked), and prints the digest.
pub fn run_commit(args: CommitArgs) -> Result<(), Failure> {
    let mode = if args.transparent {
        Mode::Transparent
    } else {
        Mode::Hiding
    };
    let secret_path = match mode {
        Mode::Hiding => new_secret_path(Some(&args.out), args.secret.as_deref())?,
        Mode::Transparent => None,
    };
    if let (Some(secret), Some(key)) = (&secret_path, &args.proving_key) {
        refuse_writing_over_secret(secret, &[("proving key", key)])?;
    }
    if let Some(key) = &args.proving_key {
        if writes_over(key, &args.out) {
            return Err(Failure::Usage(format!(
                "{}: the proving key and the commitment must be different files",
                key.display()
            )));
        }
    }
    let (model, settings_digest) = args.model.load()?;
    let activation_bound = if args.shape_bounds {
        ActivationBound::Shape
    } else {
        ActivationBound::WorstCase
    };
    let max_batch = args.max_batch as usize;
    let (committed, spans) = record(|| {
        commit_model(
            &model,
            settings_digest,
            mode,
            args.bias_bits,
            activation_bound,
            max_batch,
        )
    });
    let Committed {
        key,
        secret,
        bias_bits,
    } = committed?;
    let commit_ms = spans.ms("commit_weights");
    let commitment_bytes = key.commitment().to_bytes();
    let key_bytes = args.proving_key.as_ref().map(|_| key.to_bytes());
    let mut files: Vec<(&Path, &[u8])> = vec![(&args.out, &commitment_bytes)];
    if let (Some(path), Some(bytes)) = (&args.proving_key, &key_bytes) {
        files.push((path, bytes));
    }
    write_commitment_files(secret_path.as_deref().zip(secret.as_ref()), &files)?;
    let digest = key.commitment().digest_hex();
    if args.json {
        println!(
            "{}",
            json!({"digest": digest, "commit_ms": commit_ms, "nnz": model.model.nnz(),
                   "params": model.model.parameters(), "file": args.out,
                   "mode": mode_name(mode), "zk": mode == Mode::Hiding,
                   "secret": secret_path,
                   "bias_bits": (mode == Mode::Hiding).then_some(bias_bits),
                   "activation_bits": key.commitment().activation_bounds(),
                   "proving_key": args.proving_key,
                   "settings_digest": settings_digest.as_ref().map(hex)})
        );
    } else {
        println!("{digest}");
        eprintln!(
            "committed {} weights ({} nonzero) in {commit_ms:.1} ms, mode: {} → {}{}",
            model.model.parameters(),
            model.model.nnz(),
            mode_name(mode),
            args.out.display(),
            args.proving_key.as_ref().map_or(String::new(), |p| format!(
                ", proving key → {}",
                p.display()
            ))
        );
    }
    if let Some(path) = &secret_path {
        eprintln!(
            "owner's secret → {} (mode 0600; keep it private: with the model it opens the \
             commitment; `spazk prove --secret` needs it, `spazk verify` does not); declared \
             (public): bias bound 2^{bias_bits}, activation bounds L = {:?} ({})",
            path.display(),
            key.commitment().activation_bounds(),
            match activation_bound {
                ActivationBound::WorstCase => {
                    "the weights' worst case; --shape-bounds publishes nothing of the weights"
                }
                ActivationBound::Shape => "from the shapes and the bias bound",
            }
        );
    }
    Ok(())
}

/// Whether `spazk prove` publishes the inputs or a commitment to them (EZKL's visibility
/// names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Visibility {
    /// The inputs are part of the statement (the verifier reads input.json).
    Public,
    /// The statement holds a hiding commitment to the inputs (--input-commitment), each value
    /// range-checked to 8 bits inside the proof (zero-knowledge proofs only).
    Private,
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
    /// The owner's secret of a hiding commitment (`spazk commit`): makes a zero-knowledge proof
    /// (with --commitment or --proving-key). Without it the proof is transparent, valid only
    /// against a transparent commitment.
    #[arg(long, value_name = "FILE")]
    pub secret: Option<PathBuf>,
    /// `private`: publish a hiding commitment to the inputs (--input-commitment) instead of the
    /// inputs; zero-knowledge proofs only.
    #[arg(long, value_enum, default_value_t = Visibility::Public, value_name = "public|private")]
    pub input_visibility: Visibility,
    /// Where to write the private input's commitment (required with --input-visibility
    /// private; `spazk verify --input-commitment` takes it instead of --input).
    #[arg(long, value_name = "FILE")]
    pub input_commitment: Option<PathBuf>,
    /// Print a JSON summary with a per-phase breakdown.
    #[arg(long)]
    pub json: bool,
}

/// Which of `spazk prove`'s options that go together were given ([`check_prove_options`]).
#[derive(Clone, Copy, Debug)]
pub struct ProveOptions {
    /// The owner's secret (`--secret`).
    pub secret: bool,
    /// A stored commitment or proving key (`--commitment`, `--proving-key`).
    pub stored_key: bool,
    /// Whether the input is public or committed (`--input-visibility`).
    pub visibility: Visibility,
    /// A file for a private input's commitment (`--input-commitment`).
    pub input_commitment_file: bool,
    /// Whether a private input needs that file: the command line's does (it returns nothing in
    /// memory); a front end that returns the input commitment writes it only if asked.
    pub input_commitment_file_required: bool,
}

/// The prove options that go together, checked before anything is read: a zero-knowledge proof
/// needs a stored hiding commitment (or key) and its secret, a private input needs a
/// zero-knowledge proof (and, on the command line, a file for its commitment), and an input
/// commitment file is written only for a private input.
pub fn check_prove_options(options: ProveOptions) -> Result<(), Failure> {
    let usage = |m: &str| Err(Failure::Usage(m.to_string()));
    if options.secret && !options.stored_key {
        return usage(
            "--secret needs the hiding commitment it opens: pass --commitment (or --proving-key)",
        );
    }
    match (options.visibility, options.input_commitment_file) {
        (Visibility::Private, false) if options.input_commitment_file_required => {
            usage("--input-visibility private needs --input-commitment FILE (where to write it)")
        }
        (Visibility::Public, true) => {
            usage("--input-commitment is written only with --input-visibility private")
        }
        (Visibility::Private, _) if !options.secret => usage(
            "--input-visibility private needs a zero-knowledge proof (a transparent one would \
             reveal the input): pass --secret with a hiding commitment",
        ),
        _ => Ok(()),
    }
}

/// Where the prover's key comes from ([`proving_key`]).
pub enum KeySource<'a> {
    /// A decoded commitment file (named by the path), checked against the model.
    Commitment(&'a Path, ModelCommitment),
    /// A proving-key file's bytes (named by the path), checked against the model.
    ProvingKey(&'a Path, &'a [u8]),
    /// None stored: the weights are committed now (transparent mode only).
    Commit,
}

/// The proving key for a loaded model, as `spazk prove` gets it: from a stored commitment or
/// proving key — a hiding one with its owner's secret `secret`, a transparent one without — or
/// by committing now (`batch`: the number of inputs to prove). A hiding commitment without its
/// secret, or a transparent one with a secret, is a usage error saying which.
pub fn proving_key(
    source: KeySource<'_>,
    secret: Option<&FileSource<'_>>,
    model: &QuantizedModel,
    settings_digest: Option<[u8; 32]>,
    batch: usize,
) -> Result<ProvingKey, Failure> {
    match source {
        KeySource::Commitment(path, commitment) => match (commitment.proof_mode(), secret) {
            (Mode::Transparent, None) => {
                key_from_commitment(path, commitment, model, settings_digest, batch)
            }
            (Mode::Hiding, Some(secret)) => {
                key_from_hiding_commitment(path, commitment, secret, model, settings_digest, batch)
            }
            (Mode::Hiding, None) => Err(Failure::Usage(format!(
                "{}: {}: pass --secret (its owner's secret) to prove in zero knowledge",
                path.display(),
                a_commitment(Mode::Hiding)
            ))),
            (Mode::Transparent, Some(secret)) => Err(Failure::Usage(format!(
                "{}: {}: it has no secret ({} is not its), prove without --secret",
                path.display(),
                a_commitment(Mode::Transparent),
                secret.name().display()
            ))),
        },
        KeySource::ProvingKey(path, bytes) => match secret {
            None => read_proving_key(path, bytes, model, settings_digest),
            Some(secret) => read_hiding_proving_key(path, bytes, secret, model, settings_digest),
        },
        KeySource::Commit => commit(model, settings_digest, batch),
    }
}

/// Runs the model on `inputs` (named `input_name` in messages) and proves it in the mode of
/// `key`'s commitment, the input public or committed as `visibility` says; a zero-knowledge
/// proof draws from `rng` ([`os_rng`]).
pub fn prove_inputs(
    key: &ProvingKey,
    input_name: &Path,
    inputs: &[Vec<u8>],
    visibility: Visibility,
    rng: &mut ZkRng,
) -> Result<Proved, Failure> {
    let visibility = match visibility {
        Visibility::Public => InputVisibility::Public,
        Visibility::Private => InputVisibility::Private,
    };
    prove(key, inputs, visibility, rng)
        .map_err(|e| Failure::Usage(format!("{}: {e}", input_name.display())))
}

/// Runs inference, proves it — in zero knowledge with `--secret`, else transparently — writes
/// the outputs, the proof and a private input's commitment.
pub fn run_prove(args: ProveArgs) -> Result<(), Failure> {
    check_prove_options(ProveOptions {
        secret: args.secret.is_some(),
        stored_key: args.commitment.is_some() || args.proving_key.is_some(),
        visibility: args.input_visibility,
        input_commitment_file: args.input_commitment.is_some(),
        input_commitment_file_required: true,
    })?;
    if let Some(secret) = &args.secret {
        let mut outputs = vec![("output", args.output.as_path()), ("proof", &args.proof)];
        outputs.extend(
            args.input_commitment
                .as_deref()
                .map(|p| ("input commitment", p)),
        );
        refuse_writing_over_secret(secret, &outputs)?;
    }
    let mode = if args.secret.is_some() {
        Mode::Hiding
    } else {
        Mode::Transparent
    };
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
    let secret = args.secret.as_deref().map(FileSource::Path);
    let (key, spans) = record(|| {
        let stored_key;
        let source = match (&args.commitment, &args.proving_key) {
            (Some(path), _) => {
                steps.step(&format!("checking {} against the model", path.display()));
                KeySource::Commitment(
                    path,
                    commitment.expect("decoded when a commitment is given")?,
                )
            }
            (None, Some(path)) => {
                steps.step(&format!("reading the proving key {}", path.display()));
                stored_key = read(path, "proving key")?;
                KeySource::ProvingKey(path, &stored_key)
            }
            (None, None) => {
                steps.step("committing the weights (once per model; see --commitment)");
                KeySource::Commit
            }
        };
        proving_key(
            source,
            secret.as_ref(),
            &model,
            settings_digest,
            inputs.len(),
        )
    });
    let key = key?;
    let key_ms = start.elapsed().as_secs_f64() * 1e3;
    let commit_ms = spans.ms("commit_weights");
    steps.step(&format!(
        "proving inference on {} input(s), mode: {}",
        inputs.len(),
        mode_name(mode)
    ));
    let mut rng = zk_rng()?;
    let start = Instant::now();
    let (proved, spans) =
        record(|| prove_inputs(&key, &args.input, &inputs, args.input_visibility, &mut rng));
    let proved = proved?;
    let prove_ms = start.elapsed().as_secs_f64() * 1e3;
    let bytes = proved.proof.to_bytes();
    eprintln!(
        "[3/3] writing {} and {}{}",
        args.output.display(),
        args.proof.display(),
        args.input_commitment
            .as_ref()
            .map_or(String::new(), |p| format!(" and {}", p.display()))
    );
    let digest = key.commitment().digest_hex();
    if let (Some(path), Some(commitment)) = (&args.input_commitment, &proved.input_commitment) {
        write_atomic(path, &commitment.to_bytes())?;
    }
    write_atomic(
        &args.output,
        output_json(&proved.outputs, model.output_scale, Some(digest.clone())).as_bytes(),
    )?;
    write_atomic(&args.proof, &bytes)?;
    drop(steps);
    if args.json {
        println!(
            "{}",
            json!({
                "digest": digest,
                "mode": mode_name(mode),
                "zk": mode == Mode::Hiding,
                "input_visibility": match args.input_visibility {
                    Visibility::Public => "public",
                    Visibility::Private => "private",
                },
                "input_commitment": args.input_commitment,
                "batch": inputs.len(),
                "commit_ms": commit_ms,
                "key_ms": key_ms,
                "prove_ms": prove_ms,
                "proof_bytes": bytes.len(),
                "phases_ms": spans.prover_phases(mode == Mode::Hiding),
            })
        );
    } else {
        println!(
            "proved {} input(s) in {prove_ms:.1} ms; proof {} bytes; mode: {}; model digest {digest}",
            inputs.len(),
            bytes.len(),
            mode_name(mode),
        );
    }
    Ok(())
}

/// `spazk verify` options.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("statement_input").required(true).args(["input", "input_commitment"])))]
pub struct VerifyArgs {
    /// The model commitment (`spazk commit`).
    #[arg(long)]
    pub commitment: PathBuf,
    /// The public inputs.
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// A private input's commitment (`spazk prove --input-visibility private`), instead of
    /// --input (zero-knowledge proofs only).
    #[arg(long, value_name = "FILE")]
    pub input_commitment: Option<PathBuf>,
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

/// Verifies a proof in the commitment's mode; exit 1 when it is rejected (or unreadable, or of
/// the other mode), 2 for bad other files.
pub fn run_verify(args: VerifyArgs) -> Result<(), Failure> {
    let commitment_bytes = read(&args.commitment, "commitment")?;
    let input = match (&args.input, &args.input_commitment) {
        (_, Some(path)) => StatementSource::Committed(FileSource::Path(path)),
        (Some(path), None) => StatementSource::Public(
            path,
            Box::new(|scale, width| read_inputs(path, scale, width)),
        ),
        (None, None) => unreachable!("clap requires --input or --input-commitment"),
    };
    let verified = verify_statement(
        &args.commitment,
        &commitment_bytes,
        args.expect_digest.as_deref(),
        input,
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
                   "mode": mode_name(verified.mode), "zk": verified.mode == Mode::Hiding,
                   "input_visibility": if args.input_commitment.is_some() { "private" } else { "public" },
                   "batch": verified.batch, "proof_bytes": verified.proof_bytes,
                   "settings_digest": verified.settings_digest.as_ref().map(hex)})
        );
    } else {
        println!(
            "verified: {} input(s), model {digest}, {:.1} ms\nmode: {}",
            verified.batch,
            verified.verify_ms,
            mode_name(verified.mode)
        );
    }
    Ok(())
}

/// What [`verify_proof`] checked.
#[derive(Clone, Debug)]
pub struct Verified {
    /// The commitment's digest (hex).
    pub digest: String,
    /// The commitment's mode, which the proof was checked in.
    pub mode: Mode,
    /// Decoding and verifying the proof, ms.
    pub verify_ms: f64,
    /// The number of inputs.
    pub batch: usize,
    /// The proof's size in bytes.
    pub proof_bytes: usize,
    /// The digest of the settings the model was committed with, if any.
    pub settings_digest: Option<[u8; 32]>,
}

/// Reads public inputs quantized for `(input scale, width)`.
pub type ReadInputs<'a> = Box<dyn FnOnce(f64, usize) -> Result<Vec<Vec<u8>>, Failure> + 'a>;

/// Where the verifier takes the statement's input from: a public input file (named by its
/// path) read for the committed input scale and width, or a private input's commitment file
/// (read after the commitment's mode is checked).
pub enum StatementSource<'a> {
    /// The public inputs, quantized for `(input scale, width)`.
    Public(&'a Path, ReadInputs<'a>),
    /// A private input's commitment file.
    Committed(FileSource<'a>),
}

/// Verifies a proof as `spazk verify --input` does, in its order and with its messages: the
/// commitment `commitment_bytes` (named `commitment_name`), against `expect_digest` if given;
/// the quantized inputs `inputs` gives for the committed input scale and width (named
/// `input_name`); the output file `outputs` gives for the output width (named `output_name`);
/// the proof bytes `proof` gives (named `proof_name`), checked in the commitment's mode. A
/// rejected proof is [`Failure::Rejected`], a bad file [`Failure::Usage`].
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
    verify_statement(
        commitment_name,
        commitment_bytes,
        expect_digest,
        StatementSource::Public(input_name, Box::new(inputs)),
        output_name,
        outputs,
        proof_name,
        proof,
    )
}

/// [`verify_proof`] with the input public or committed ([`StatementSource`]).
#[allow(clippy::too_many_arguments)]
pub fn verify_statement(
    commitment_name: &Path,
    commitment_bytes: &[u8],
    expect_digest: Option<&str>,
    input: StatementSource<'_>,
    output_name: &Path,
    outputs: impl FnOnce(usize) -> Result<OutputFile, Failure>,
    proof_name: &Path,
    proof: impl FnOnce() -> Result<Vec<u8>, Failure>,
) -> Result<Verified, Failure> {
    let commitment = ModelCommitment::from_bytes(commitment_bytes)
        .map_err(|e| Failure::Usage(format!("{}: {e}", commitment_name.display())))?;
    let digest = commitment.digest_hex();
    let mode = commitment.proof_mode();
    if let Some(expected) = expect_digest {
        if !expected.trim().eq_ignore_ascii_case(&digest) {
            return Err(Failure::Rejected(format!(
                "{}: commitment digest {digest} is not the expected {}",
                commitment_name.display(),
                expected.trim()
            )));
        }
    }
    let (input_name, public_inputs, input_commitment) = match input {
        StatementSource::Public(name, read) => (
            name,
            Some(read(commitment.input_scale, commitment.input_dim)?),
            None,
        ),
        StatementSource::Committed(file) => {
            let name = file.name();
            if mode == Mode::Transparent {
                return Err(Failure::Usage(format!(
                    "{}: a private input's commitment, but {} is {}, whose proofs take the \
                     input in the clear: pass --input",
                    name.display(),
                    commitment_name.display(),
                    a_commitment(mode)
                )));
            }
            let bytes = file.read("input commitment")?;
            let committed = InputCommitment::from_bytes(&bytes)
                .and_then(|c| c.check(commitment.input_dim).map(|()| c))
                .map_err(|e| Failure::Usage(format!("{}: {e}", name.display())))?;
            (name, None, Some(committed))
        }
    };
    let batch = match (&public_inputs, &input_commitment) {
        (Some(inputs), _) => inputs.len(),
        (None, Some(c)) => c.batch,
        (None, None) => 0,
    };
    let output_file = outputs(commitment.output_dim())?;
    let proof_bytes = proof()?;
    // A proof of the other mode is named as such before anything else about it (its outputs
    // name the other mode's commitment too).
    Proof::check_mode(&proof_bytes, mode).map_err(|e| match e {
        MlpError::ModeMismatch { proof, .. } => Failure::Rejected(format!(
            "{}: a {} proof, but {} is {}: a proof is checked in its commitment's mode{}",
            proof_name.display(),
            mode_name(proof),
            commitment_name.display(),
            a_commitment(mode),
            match mode {
                Mode::Hiding => " (prove with --commitment and --secret)",
                Mode::Transparent => " (verify it against the hiding commitment it was made for)",
            }
        )),
        e => Failure::Rejected(format!("{}: {e}", proof_name.display())),
    })?;
    check_output_digest(output_name, output_file.model_digest.as_deref(), &digest)?;
    let outputs = &output_file.output_data;
    if outputs.len() != batch {
        return Err(Failure::Usage(format!(
            "{}: {} outputs for {batch} inputs in {}",
            output_name.display(),
            outputs.len(),
            input_name.display()
        )));
    }
    let key = VerifyingKey::new(commitment, batch)
        .map_err(|e| Failure::Usage(format!("{}: {e}", commitment_name.display())))?;
    let commitment = key.commitment();
    let start = Instant::now();
    let proof = Proof::from_bytes(&proof_bytes, mode)
        .map_err(|e| Failure::Rejected(format!("{}: {e}", proof_name.display())))?;
    let statement_input = match (&public_inputs, &input_commitment) {
        (Some(inputs), _) => StatementInput::Public(inputs),
        (None, Some(c)) => StatementInput::Committed(c),
        (None, None) => unreachable!("one of the two is read above"),
    };
    verify(&key, statement_input, outputs, &proof)
        .map_err(|e| Failure::Rejected(format!("{}: {e}", proof_name.display())))?;
    let verify_ms = start.elapsed().as_secs_f64() * 1e3;
    // After the proof: a changed logit is a rejected proof (exit 1); proved logits beside floats
    // that are not theirs make a bad output file (exit 2).
    check_output_float(output_name, &output_file, commitment.output_scale)?;
    Ok(Verified {
        digest,
        mode,
        verify_ms,
        batch,
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
