//! Reading and writing the files users pass: every error names the file and the problem, and a
//! written file appears whole or not at all (written beside its target, then renamed).

use crate::settings::Settings;
use crate::Failure;
use serde::{Deserialize, Serialize};
use spazk::mlp::model::MAX_BIAS_BITS;
use spazk::mlp::{
    import_onnx, import_onnx_owned, ActivationBound, HidingOptions, ImportOptions, Mode,
    ModelCommitment, ModelSecret, OnnxError, ProvingKey, QuantizedModel, ShiftSource, VerifyingKey,
    DEFAULT_INPUT_SCALE, INPUT_MAX,
};
use spazk::ZkRng;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// A file argument: a path, read when it is needed (so that errors come in the command line's
/// order), or the file's bytes, given by a front end that holds them (the Python package), named
/// in messages by what the front end calls them.
#[derive(Clone, Copy, Debug)]
pub enum FileSource<'a> {
    /// A path, read by [`read`].
    Path(&'a Path),
    /// The bytes of a file that was never on disk, and the name messages give it.
    Bytes(&'a Path, &'a [u8]),
}

impl<'a> FileSource<'a> {
    /// The name messages give the file: its path, or the front end's name for its bytes.
    pub fn name(&self) -> &'a Path {
        match self {
            FileSource::Path(path) | FileSource::Bytes(path, _) => path,
        }
    }

    /// The file's bytes ([`read`] for a path; `what` names the file in its errors).
    pub fn read(&self, what: &str) -> Result<std::borrow::Cow<'a, [u8]>, Failure> {
        match self {
            FileSource::Path(path) => read(path, what).map(std::borrow::Cow::Owned),
            FileSource::Bytes(_, bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        }
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, then a rename,
/// so a failure never leaves a partial file where a good one was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_all_atomic(&[(path, bytes)])
}

/// Writes several files as one step, as far as a file system allows: each to a temporary file
/// beside its path, and only when every one is written are they renamed into place. A failure
/// before the renames (a full disk, a missing directory) leaves every path as it was and no
/// temporary behind, so a command never leaves half of what belongs together (a commitment
/// without the proving key it came with) over the files that were there.
pub fn write_all_atomic(files: &[(&Path, &[u8])]) -> Result<(), Failure> {
    let mut written: Vec<PathBuf> = Vec::with_capacity(files.len());
    let remove_all = |written: &[PathBuf]| {
        for tmp in written {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, bytes) in files {
        let cannot =
            |e: std::io::Error| Failure::Usage(format!("{}: cannot write: {e}", path.display()));
        let tmp = match temporary_beside(path) {
            Ok(tmp) => tmp,
            Err(e) => {
                remove_all(&written);
                return Err(e);
            }
        };
        if let Err(e) = std::fs::write(&tmp, bytes) {
            let _ = std::fs::remove_file(&tmp);
            remove_all(&written);
            return Err(cannot(e));
        }
        written.push(tmp);
    }
    for (k, ((path, _), tmp)) in files.iter().zip(&written).enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            remove_all(&written[k..]);
            return Err(Failure::Usage(format!(
                "{}: cannot write: {e}",
                path.display()
            )));
        }
    }
    Ok(())
}

/// Refuses to go on when the owner's secret `path` exists: a secret is never overwritten (the
/// commitment it opens would become unprovable), so the user removes it or names another file.
pub fn refuse_existing_secret(path: &Path) -> Result<(), Failure> {
    if path.exists() {
        return Err(Failure::Usage(format!(
            "{}: the owner's secret file exists; refusing to overwrite it (remove it, or pass \
             --secret with another path)",
            path.display()
        )));
    }
    Ok(())
}

/// Writes the owner's secret `bytes` to `path`, which must not exist: a temporary file created
/// with owner-only permissions (mode 0600 on unix, set when it is created, so the blinds are
/// never readable by others) is written and synced, then hard-linked to `path` — a link, unlike
/// a rename, fails when `path` exists, so a secret that appeared meanwhile is not replaced
/// either — and the temporary name removed.
pub fn write_new_secret(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    refuse_existing_secret(path)?;
    let tmp = temporary_beside(path)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => refuse_existing_secret(path),
        Err(e) => Err(Failure::Usage(format!(
            "{}: cannot write the owner's secret: {e}",
            path.display()
        ))),
    }
}

/// The directory entry a write to `path` replaces ([`write_atomic`] renames onto it, so a
/// symbolic link there is replaced, not followed): `path`'s directory with symbolic links and
/// `..` resolved, joined with its file name. `None` when either cannot be resolved.
fn written_entry(path: &Path) -> Option<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(std::fs::canonicalize(dir).ok()?.join(path.file_name()?))
}

/// Whether writing `output` (by [`write_atomic`]) would replace the owner's secret `secret`:
/// the same path however it is spelled (`d/sub/../m` is `d/m`), or, for an existing secret,
/// its file reached through symbolic links (writing onto the link's target replaces the
/// secret's bytes). Paths compared as given when a directory cannot be resolved.
pub fn writes_over(output: &Path, secret: &Path) -> bool {
    if output == secret {
        return true;
    }
    let Some(entry) = written_entry(output) else {
        return false;
    };
    std::fs::canonicalize(secret).ok().as_ref() == Some(&entry)
        || written_entry(secret).as_ref() == Some(&entry)
}

/// Refuses to go on when a file a command writes (`outputs`: what each is, and its path) would
/// replace the owner's secret `secret` ([`writes_over`]): the secret is the only copy of the
/// commitment's blinds, and a commitment whose secret is lost can never be proved again.
/// Checked before any work, so nothing is written.
pub fn refuse_writing_over_secret(secret: &Path, outputs: &[(&str, &Path)]) -> Result<(), Failure> {
    match outputs.iter().find(|(_, path)| writes_over(path, secret)) {
        Some((what, path)) => Err(Failure::Usage(format!(
            "{}: the {what} would be written over the owner's secret {}; name another file",
            path.display(),
            secret.display()
        ))),
        None => Ok(()),
    }
}

/// A temporary name in `path`'s directory (hidden, with this process's id).
fn temporary_beside(path: &Path) -> Result<PathBuf, Failure> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Failure::Usage(format!("{}: not a file name", path.display())))?;
    Ok(dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// The default path of the owner's secret of the commitment `out`: `<out>.secret`.
pub fn default_secret_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".secret");
    PathBuf::from(name)
}

/// Reads the owner's secret `secret` for the hiding commitment `commitment` (read from
/// `commitment_path`): a file that is not a secret, or the secret of another commitment, is a
/// usage error naming both files.
pub fn read_secret(
    secret: &FileSource<'_>,
    commitment_path: &Path,
    commitment: &ModelCommitment,
) -> Result<ModelSecret, Failure> {
    let path = secret.name();
    let bytes = secret.read("owner's secret")?;
    let secret = ModelSecret::from_bytes(&bytes)
        .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
    secret.check_shape(commitment).map_err(|e| {
        Failure::Usage(format!(
            "{}: not the owner's secret of {} ({e})",
            path.display(),
            commitment_path.display()
        ))
    })?;
    Ok(secret)
}

/// Refuses a declared bias bound (`--bias-bits`) outside `1..=MAX_BIAS_BITS`: the command
/// line's parser enforces the same range; front ends without it call this.
pub fn check_bias_bits(bias_bits: Option<i64>) -> Result<(), Failure> {
    match bias_bits {
        Some(n) if !(1..=i64::from(MAX_BIAS_BITS)).contains(&n) => Err(Failure::Usage(format!(
            "--bias-bits {n} must be between 1 and {MAX_BIAS_BITS}"
        ))),
        _ => Ok(()),
    }
}

/// Options shared by every command that reads an ONNX model.
#[derive(clap::Args, Debug, Clone)]
pub struct ModelArgs {
    /// The ONNX model: an MLP as PyTorch, skl2onnx or tf2onnx export it (post-processing after the
    /// last layer, such as softmax or argmax, is cut and named on stderr).
    #[arg(long)]
    pub model: std::path::PathBuf,
    /// Ternarize weights that are not ternary: threshold FACTOR·mean|w| (0.7 if no value);
    /// reports per tensor the threshold, scale and fraction kept.
    #[arg(long, num_args = 0..=1, default_missing_value = "0.7", value_name = "FACTOR")]
    pub ternarize: Option<f64>,
    /// Float inputs are quantized as round(x / SCALE) [default: 1/255].
    #[arg(long, value_name = "SCALE")]
    pub input_scale: Option<f64>,
    /// A settings file from `spazk calibrate`: input scale, per-tensor ternarization and the
    /// hidden layers' shifts (instead of --ternarize, --input-scale and the model's metadata).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["ternarize", "input_scale"])]
    pub settings: Option<std::path::PathBuf>,
}

impl ModelArgs {
    /// Loads and quantizes the model ([`load_model`]; the same in both modes); with
    /// `--settings`, also the settings file's digest (for the commitment).
    pub fn load(&self) -> Result<(QuantizedModel, Option<[u8; 32]>), Failure> {
        check_ternarize(self.ternarize)?;
        let settings = match &self.settings {
            Some(path) => {
                let bytes = read(path, "settings")?;
                // Checked before the model is read, as a bad settings file is the likelier error.
                Settings::parse(path, &bytes)?;
                Some((path.as_path(), bytes))
            }
            None => None,
        };
        let bytes = read(&self.model, "model")?;
        let settings = settings.as_ref().map(|(p, b)| (*p, b.as_slice()));
        // Imported once: the bytes are handed over (no copy of the weights).
        let mut bytes = Some(bytes);
        load_with(
            &self.model,
            |options| import_onnx_owned(bytes.take().unwrap_or_default(), options),
            self.ternarize,
            self.input_scale,
            settings,
        )
    }
}

/// Refuses a `--ternarize` factor that is not a non-negative number.
pub fn check_ternarize(ternarize: Option<f64>) -> Result<(), Failure> {
    if let Some(f) = ternarize {
        if !(f.is_finite() && f >= 0.0) {
            return Err(Failure::Usage(format!(
                "--ternarize {f} must be a non-negative number"
            )));
        }
    }
    Ok(())
}

/// Imports and quantizes the ONNX model `bytes` (named `model_name` in messages) with the
/// command line's options, or with a settings file's bytes (named by its path) instead; returns
/// the model and, with settings, their digest (for the commitment). Both commitment modes load a
/// model alike (one quantization: `spazk infer` computes what either mode proves). Reports
/// ternarization, cut nodes and worst-case shifts on stderr, as the command line does.
pub fn load_model(
    model_name: &Path,
    bytes: &[u8],
    ternarize: Option<f64>,
    input_scale: Option<f64>,
    settings: Option<(&Path, &[u8])>,
) -> Result<(QuantizedModel, Option<[u8; 32]>), Failure> {
    load_with(
        model_name,
        |options| import_onnx(bytes, options),
        ternarize,
        input_scale,
        settings,
    )
}

/// [`load_model`] with the import given: the model file's bytes handed over, when the caller
/// has no further use for them (no copy of the weights), or borrowed.
fn load_with(
    model_name: &Path,
    import: impl FnOnce(&ImportOptions) -> Result<QuantizedModel, OnnxError>,
    ternarize: Option<f64>,
    input_scale: Option<f64>,
    settings: Option<(&Path, &[u8])>,
) -> Result<(QuantizedModel, Option<[u8; 32]>), Failure> {
    check_ternarize(ternarize)?;
    let settings = match settings {
        Some((path, bytes)) => Some((path, Settings::parse(path, bytes)?)),
        None => None,
    };
    let options = match &settings {
        Some((_, (s, _))) => s.import_options(),
        None => ImportOptions {
            ternarize,
            input_scale: input_scale.unwrap_or(DEFAULT_INPUT_SCALE),
            ..ImportOptions::default()
        },
    };
    let import_error = |e: OnnxError| {
        let Some((path, _)) = &settings else {
            return Failure::Usage(format!("{}: {e}", model_name.display()));
        };
        // The message's advice is for the command line; with settings, the file decides.
        let hint = match e {
            OnnxError::NotTernary { .. } => {
                " (the settings file's ternarize list does not name this tensor: run spazk \
                 calibrate with --ternarize)"
            }
            _ => "",
        };
        Failure::Usage(format!(
            "{} with {}: {e}{hint}",
            model_name.display(),
            path.display()
        ))
    };
    let model = import(&options).map_err(import_error)?;
    if let Some((path, (s, _))) = &settings {
        s.check_against(path, &model)?;
    }
    report_ternarization(&model);
    report_cut_nodes(model_name, &model);
    warn_worst_case_shifts(model_name, &model);
    Ok((model, settings.map(|(_, (_, digest))| digest)))
}

/// The hidden layers (by index, for messages) whose shift is the worst-case default: no
/// settings file and no `spazk.shift.*` metadata named one.
fn default_shift_layers(model: &QuantizedModel) -> Vec<String> {
    model
        .shift_sources
        .iter()
        .enumerate()
        .filter(|(_, s)| **s == ShiftSource::WorstCase)
        .map(|(i, _)| i.to_string())
        .collect()
}

/// Warns when a hidden layer's shift comes from the worst-case bound (no settings, no
/// `spazk.shift.*` metadata): typical activations may saturate or lose precision, and accuracy
/// drop without a sign; calibration chooses the shift from data.
pub fn warn_worst_case_shifts(path: &Path, model: &QuantizedModel) {
    let layers = default_shift_layers(model);
    if layers.is_empty() {
        return;
    }
    let bound = "a worst-case bound";
    eprintln!(
        "{}: warning: the shift of hidden layer(s) {} comes from {bound} (no --settings, \
         no spazk.shift.* metadata): activations may saturate and accuracy drop; run `spazk \
         calibrate --model {} --data samples.json --out settings.json` and pass --settings \
         settings.json",
        path.display(),
        layers.join(", "),
        path.display()
    );
}

/// Tells on stderr how each ternarized tensor came out, so that a poor threshold shows before
/// the accuracy does.
pub fn report_ternarization(model: &QuantizedModel) {
    for report in &model.weight_reports {
        if let Some(threshold) = report.threshold {
            eprintln!(
                "ternarized '{}': threshold {threshold:.4e}, scale {:.4e}, kept {:.1} % of the weights",
                report.tensor,
                report.scale,
                100.0 * report.kept_fraction
            );
        }
    }
}

/// Tells on stderr which nodes after the last layer were cut: the proof is of the logits, and
/// what those nodes did (softmax, argmax, a label lookup) is for the verifier to apply to them.
pub fn report_cut_nodes(path: &Path, model: &QuantizedModel) {
    if model.cut_nodes.is_empty() {
        return;
    }
    let nodes: Vec<String> = model
        .cut_nodes
        .iter()
        .map(|c| format!("{} '{}'", c.op, c.name))
        .collect();
    eprintln!(
        "{}: cut after the last layer: {}; the proof is of the logits (output_data): apply \
         argmax/softmax to the public logits when verifying",
        path.display(),
        nodes.join(", ")
    );
}

/// Commits a loaded model with its scales and the digest of the settings it was loaded with: a
/// proving key for batches of up to `max_batch` (larger ones derive more generators).
pub fn commit(
    model: &QuantizedModel,
    settings_digest: Option<[u8; 32]>,
    max_batch: usize,
) -> Result<ProvingKey, Failure> {
    ProvingKey::commit_with_scales(
        model.model.clone(),
        model.input_scale,
        model.output_scale,
        max_batch,
    )
    .map(|k| k.with_settings_digest(settings_digest))
    .map_err(|e| Failure::Usage(e.to_string()))
}

/// Commits a loaded model in hiding mode with its scales, the settings digest, the declared
/// bias bound `bias_bits` and activation bounds by `activation_bound`, every blind from `rng`:
/// the proving key and the owner's secret. A bias beyond the bound is named with the flag that
/// raises it; the shape rule ([`ActivationBound::Shape`]) is refused for a model whose shifts
/// are the worst-case default (they follow the row norms the rule keeps out of the commitment).
pub fn commit_hiding(
    model: &QuantizedModel,
    settings_digest: Option<[u8; 32]>,
    bias_bits: u32,
    activation_bound: ActivationBound,
    max_batch: usize,
    rng: &mut ZkRng,
) -> Result<(ProvingKey, ModelSecret), Failure> {
    if bias_bits <= MAX_BIAS_BITS {
        for (i, layer) in model.model.layers.iter().enumerate() {
            if let Some(b) = layer
                .bias
                .iter()
                .find(|b| b.unsigned_abs() >= 1u64 << bias_bits)
            {
                return Err(Failure::Usage(format!(
                    "layer {i}: bias {b} is outside the declared bound 2^{bias_bits} (pass \
                     --bias-bits with a larger bound, at most {MAX_BIAS_BITS})"
                )));
            }
        }
    }
    // A default shift follows the weights' worst case (`max(1, L − 12)` with the row norms'
    // `L`): a commitment publishes its shifts, so it would publish what the shape rule hides.
    let defaulted = default_shift_layers(model);
    if activation_bound == ActivationBound::Shape && !defaulted.is_empty() {
        return Err(Failure::Usage(format!(
            "--shape-bounds: the shift of hidden layer(s) {} comes from the weights' worst case \
             (no --settings, no spazk.shift.* metadata), which the commitment would publish; \
             calibrate the shifts (spazk calibrate, then --settings) or commit without \
             --shape-bounds",
            defaulted.join(", ")
        )));
    }
    let options = HidingOptions {
        input_scale: model.input_scale,
        output_scale: model.output_scale,
        bias_bits,
        activation_bound,
        settings_digest,
    };
    spazk::zk::commit_hiding(model.model.clone(), &options, max_batch, rng)
        .map_err(|e| Failure::Usage(e.to_string()))
}

/// A zero-knowledge proving key from a decoded hiding commitment file (named `path`) and the
/// owner's secret (`secret`, read by [`read_secret`] after the commitment's checks) for a loaded model: the commitment
/// must be the model's as loaded (scales, settings and
/// [`ProvingKey::from_hiding_commitment`]'s checks), else a usage error naming the files.
pub fn key_from_hiding_commitment(
    path: &Path,
    commitment: ModelCommitment,
    secret: &FileSource<'_>,
    model: &QuantizedModel,
    settings_digest: Option<[u8; 32]>,
    max_batch: usize,
) -> Result<ProvingKey, Failure> {
    check_loaded_scales(path, &commitment, model, settings_digest)?;
    let secret_path = secret.name();
    let secret = read_secret(secret, path, &commitment)?;
    ProvingKey::from_hiding_commitment(model.model.clone(), commitment, secret, max_batch).map_err(
        |e| {
            Failure::Usage(format!(
                "{} with {}: {e}",
                path.display(),
                secret_path.display()
            ))
        },
    )
}

/// Decodes the commitment file `bytes` (named `path` in the error).
pub fn decode_commitment(path: &Path, bytes: &[u8]) -> Result<ModelCommitment, Failure> {
    ModelCommitment::from_bytes(bytes)
        .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))
}

/// A proving key from a decoded commitment file ([`decode_commitment`], named `path`) for a
/// loaded model, without committing: the commitment must be the model's as loaded (same scales
/// and settings, and [`ProvingKey::from_commitment`]'s cheap checks), else a usage error naming
/// the file.
pub fn key_from_commitment(
    path: &Path,
    commitment: ModelCommitment,
    model: &QuantizedModel,
    settings_digest: Option<[u8; 32]>,
    max_batch: usize,
) -> Result<ProvingKey, Failure> {
    check_loaded_scales(path, &commitment, model, settings_digest)?;
    ProvingKey::from_commitment(model.model.clone(), commitment, max_batch)
        .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))
}

/// The commitment file `path` holds must have the scales and settings the model was loaded with
/// (both key constructors check it first: the cheapest sign of the wrong file).
fn check_loaded_scales(
    path: &Path,
    commitment: &ModelCommitment,
    model: &QuantizedModel,
    settings_digest: Option<[u8; 32]>,
) -> Result<(), Failure> {
    commitment
        .check_scales_and_settings(model.input_scale, model.output_scale, settings_digest)
        .map_err(|e| {
            Failure::Usage(format!(
                "{}: the commitment is not this model's: {e}",
                path.display()
            ))
        })
}

/// A proving key from the proving-key file `bytes` (named `path`) for a loaded model: the file
/// must be canonical and made for this model as loaded, else a usage error naming the file.
pub fn read_proving_key(
    path: &Path,
    bytes: &[u8],
    model: &QuantizedModel,
    settings_digest: Option<[u8; 32]>,
) -> Result<ProvingKey, Failure> {
    let named = |e: &dyn std::fmt::Display| Failure::Usage(format!("{}: {e}", path.display()));
    let key = ProvingKey::from_bytes(bytes, model.model.clone()).map_err(|e| named(&e))?;
    key.commitment()
        .check_scales_and_settings(model.input_scale, model.output_scale, settings_digest)
        .map_err(|e| named(&format!("the key is not this model's: {e}")))?;
    Ok(key)
}

/// [`read_proving_key`] for the key of a hiding commitment, with the owner's secret `secret`: a secret that is not the key's commitment's is a usage error naming both
/// files.
pub fn read_hiding_proving_key(
    path: &Path,
    bytes: &[u8],
    secret: &FileSource<'_>,
    model: &QuantizedModel,
    settings_digest: Option<[u8; 32]>,
) -> Result<ProvingKey, Failure> {
    let secret_path = secret.name();
    let secret_bytes = secret.read("owner's secret")?;
    let secret = ModelSecret::from_bytes(&secret_bytes)
        .map_err(|e| Failure::Usage(format!("{}: {e}", secret_path.display())))?;
    let key = ProvingKey::from_bytes_hiding(bytes, model.model.clone(), secret).map_err(|e| {
        Failure::Usage(format!(
            "{} with {}: {e}",
            path.display(),
            secret_path.display()
        ))
    })?;
    key.commitment()
        .check_scales_and_settings(model.input_scale, model.output_scale, settings_digest)
        .map_err(|e| {
            Failure::Usage(format!(
                "{}: the key is not this model's: {e}",
                path.display()
            ))
        })?;
    Ok(key)
}

/// Lower-case hex of a digest.
pub fn hex(digest: &[u8; 32]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `input.json`: EZKL's key, but the outer list is the batch (in EZKL it has one entry per
/// model input).
#[derive(Deserialize, Serialize)]
pub struct InputFile {
    /// One list of floats per batch element, each all of the model's inputs.
    pub input_data: Vec<Vec<f64>>,
}

/// `output.json`: integer logits, with their dequantized values beside them and the digest of
/// the model that computed them.
#[derive(Deserialize, Serialize)]
pub struct OutputFile {
    /// Digest of the model commitment the outputs were proved on (`prove` writes it; `verify`
    /// compares it with the commitment's, to name the mix-up when a proof is of another model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_digest: Option<String>,
    /// One list of integer logits per batch element.
    pub output_data: Vec<Vec<i64>>,
    /// `output_scale ·` the logits, for reading; `verify` recomputes them from the logits and the
    /// committed output scale and refuses a file where they differ (the proof covers the logits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_float: Option<Vec<Vec<f64>>>,
}

/// Reads the floats of `input.json` (or a calibration data file) for a model of `width` inputs.
pub fn read_float_inputs(path: &Path, width: usize) -> Result<Vec<Vec<f64>>, Failure> {
    let bytes = read(path, "input")?;
    let rows = parse_input_file(path, &bytes)?;
    check_float_inputs(path, &rows, width)?;
    Ok(rows)
}

/// Parses the bytes of `input.json` (named `path` in messages): its non-empty `input_data`.
pub fn parse_input_file(path: &Path, bytes: &[u8]) -> Result<Vec<Vec<f64>>, Failure> {
    let file: InputFile = serde_json::from_slice(bytes).map_err(|e| {
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
    Ok(file.input_data)
}

/// Checks that every row of float inputs (named `path` in messages) has `width` values.
pub fn check_float_inputs(path: &Path, rows: &[Vec<f64>], width: usize) -> Result<(), Failure> {
    if rows.is_empty() {
        return Err(Failure::Usage(format!(
            "{}: input_data is empty",
            path.display()
        )));
    }
    if let Some((b, row)) = rows.iter().enumerate().find(|(_, r)| r.len() != width) {
        return Err(Failure::Usage(format!(
            "{}: input {b} has {} values, the model takes {width}",
            path.display(),
            row.len()
        )));
    }
    Ok(())
}

/// Reads and quantizes `input.json` with `input_scale` for a model of `width` inputs.
pub fn read_inputs(path: &Path, input_scale: f64, width: usize) -> Result<Vec<Vec<u8>>, Failure> {
    let bytes = read(path, "input")?;
    let rows = parse_input_file(path, &bytes)?;
    quantize_inputs(path, &rows, input_scale, width)
}

/// Quantizes float inputs (named `path` in messages) as `round(x / input_scale)`, refusing
/// rows that are not `width` long and values outside `[0, 255·input_scale]`.
pub fn quantize_inputs(
    path: &Path,
    rows: &[Vec<f64>],
    input_scale: f64,
    width: usize,
) -> Result<Vec<Vec<u8>>, Failure> {
    if rows.is_empty() {
        return Err(Failure::Usage(format!(
            "{}: input_data is empty",
            path.display()
        )));
    }
    rows.iter()
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
                    if !x.is_finite() || !(0.0..=INPUT_MAX as f64).contains(&q) {
                        Err(Failure::Usage(format!(
                            "{}: input {b}, value {i} = {x} is outside [0, {}] (input scale {input_scale})",
                            path.display(),
                            INPUT_MAX as f64 * input_scale
                        )))
                    } else {
                        Ok(q as u8)
                    }
                })
                .collect()
        })
        .collect()
}

/// Reads `output.json` for a model of `width` outputs (its `output_float` is checked apart:
/// [`check_output_float`]).
pub fn read_outputs(path: &Path, width: usize) -> Result<OutputFile, Failure> {
    let bytes = read(path, "output")?;
    parse_outputs(path, &bytes, width)
}

/// Parses the bytes of `output.json` (named `path` in messages) for a model of `width` outputs.
pub fn parse_outputs(path: &Path, bytes: &[u8], width: usize) -> Result<OutputFile, Failure> {
    let file: OutputFile = serde_json::from_slice(bytes).map_err(|e| {
        Failure::Usage(format!(
            "{}: not an output file ({{\"output_data\": [[…]]}} of integers): {e}",
            path.display()
        ))
    })?;
    check_output_widths(path, &file.output_data, width)?;
    Ok(file)
}

/// Checks that every row of outputs (named `path` in messages) has `width` values.
pub fn check_output_widths(path: &Path, rows: &[Vec<i64>], width: usize) -> Result<(), Failure> {
    for (b, row) in rows.iter().enumerate() {
        if row.len() != width {
            return Err(Failure::Usage(format!(
                "{}: output {b} has {} values, the model gives {width}",
                path.display(),
                row.len()
            )));
        }
    }
    Ok(())
}

/// `output_float`, if present, against `output_data ×` the committed `output_scale`, value by
/// value (up to the rounding of a float written and read back as decimal text): the proof covers
/// the logits only, so no unproved number may pass as proved.
pub fn check_output_float(
    path: &Path,
    file: &OutputFile,
    output_scale: f64,
) -> Result<(), Failure> {
    let Some(floats) = &file.output_float else {
        return Ok(());
    };
    let logits = &file.output_data;
    let mismatch = |detail: String| {
        Failure::Usage(format!(
            "{}: output_float {detail}; it must be output_data × the committed output scale \
             {output_scale:e} (or be left out)",
            path.display()
        ))
    };
    // `detail(given, wanted)` when the lengths differ.
    let same_length = |given: usize, wanted: usize, detail: &dyn Fn(usize, usize) -> String| {
        if given == wanted {
            Ok(())
        } else {
            Err(mismatch(detail(given, wanted)))
        }
    };
    same_length(floats.len(), logits.len(), &|given, wanted| {
        format!("has {given} rows for {wanted} in output_data")
    })?;
    for (b, (float_row, logit_row)) in floats.iter().zip(logits).enumerate() {
        same_length(float_row.len(), logit_row.len(), &|given, wanted| {
            format!("row {b} has {given} values for {wanted}")
        })?;
        for (i, (given, logit)) in float_row.iter().zip(logit_row).enumerate() {
            let want = *logit as f64 * output_scale;
            // Written as "close" so that a NaN (which JSON cannot carry anyway) counts as a mismatch.
            let close = (given - want).abs() <= 1e-9 * want.abs().max(output_scale.abs());
            if !close {
                return Err(mismatch(format!(
                    "[{b}][{i}] = {given} is not output_data[{b}][{i}] = {logit} × the scale = {want}"
                )));
            }
        }
    }
    Ok(())
}

/// The JSON text of `output.json` (with the model's digest when the outputs are proved).
pub fn output_json(
    outputs: &[Vec<i64>],
    output_scale: f64,
    model_digest: Option<String>,
) -> String {
    let file = OutputFile {
        model_digest,
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
    /// The prover's phases, from its spans.
    pub phases: crate::phases::ProverPhases,
    /// Proving, ms.
    pub prove_ms: f64,
    /// Decoding and verifying, ms.
    pub verify_ms: f64,
}

/// Proves public `inputs` with `key` in its commitment's mode (a zero-knowledge proof draws from
/// `rng`), encodes the proof, decodes it and verifies it with `verifying`.
pub fn prove_and_verify(
    key: &ProvingKey,
    verifying: &VerifyingKey,
    inputs: &[Vec<u8>],
    pool: &mut spazk::zk::NoncePool,
    rng: &mut ZkRng,
) -> Result<ProvedRun, Failure> {
    use spazk::mlp::{InputVisibility, StatementInput};
    use spazk::zk::{prove_pooled, verify, Proof};
    let start = std::time::Instant::now();
    let (proved, spans) =
        crate::phases::record(|| prove_pooled(key, inputs, InputVisibility::Public, pool, rng));
    let proved = proved.map_err(|e| Failure::Usage(e.to_string()))?;
    let prove_ms = start.elapsed().as_secs_f64() * 1e3;
    let bytes = proved.proof.to_bytes();
    let mode = key.mode();
    let start = std::time::Instant::now();
    let decoded = Proof::from_bytes(&bytes, mode).map_err(|e| Failure::Rejected(e.to_string()))?;
    verify(
        verifying,
        StatementInput::Public(inputs),
        &proved.outputs,
        &decoded,
    )
    .map_err(|e| Failure::Rejected(e.to_string()))?;
    Ok(ProvedRun {
        outputs: proved.outputs,
        proof_bytes: bytes.len(),
        phases: spans.prover_phases(mode == Mode::Hiding),
        prove_ms,
        verify_ms: start.elapsed().as_secs_f64() * 1e3,
    })
}
