//! `spazk._native`: the Python bindings of SpaZK. Each function does what the `spazk` command of
//! the same name does, through the same library code (`spazk_cli`), so that its errors carry the
//! command line's messages: `BadInput` where the command exits 2, `ProofRejected` where it
//! exits 1. Files are paths (`str` or `os.PathLike`, read as the command reads them) or their
//! `bytes`; inputs and outputs may also be arrays.

use numpy::ndarray::Array2;
use numpy::{PyArray2, PyReadonlyArray2};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};
use spazk::mlp::{ActivationBound, Mode, ModelCommitment};
use spazk_cli::files::{
    self, check_bias_bits, check_float_inputs, check_output_widths, decode_commitment, output_json,
    parse_input_file, parse_outputs, quantize_inputs, refuse_writing_over_secret, write_atomic,
    FileSource, OutputFile,
};
use spazk_cli::model_commands::{
    calibrate_model, check_prove_options, commit_model, new_secret_path, prove_inputs, proving_key,
    verify_statement, write_commitment_files, zk_rng, KeySource, ProveOptions, StatementSource,
    Visibility,
};
use spazk_cli::Failure;
use std::path::{Path, PathBuf};

pyo3::create_exception!(
    spazk,
    SpazkError,
    PyException,
    "Any error of spazk; its message is the one the `spazk` command prints."
);
pyo3::create_exception!(
    spazk,
    ProofRejected,
    SpazkError,
    "A proof was rejected (the `spazk` command exits 1)."
);
pyo3::create_exception!(
    spazk,
    BadInput,
    SpazkError,
    "Bad usage or a bad input file or array (the `spazk` command exits 2)."
);

/// The Python exception for a failure, with the command line's message.
fn to_py(failure: Failure) -> PyErr {
    let message = failure.to_string();
    match failure {
        Failure::Rejected(_) => ProofRejected::new_err(message),
        Failure::Usage(_) => BadInput::new_err(message),
    }
}

/// True for the arguments that name or hold a file: `str`, `os.PathLike` and `bytes`.
fn is_file_arg(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.hasattr("__fspath__")?)
}

/// A file argument, read now: a path, read as the command line reads it (`what` names the file
/// in messages), or the file's bytes (named `<what bytes>`).
fn file_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<(PathBuf, Vec<u8>)> {
    Arg::file(obj, what)?.bytes(what).map_err(to_py)
}

/// `numpy.asarray(obj, dtype)`, as a 2-D array (a 1-D array is one row); `name` names it in
/// messages.
fn as_2d<'py>(obj: &Bound<'py, PyAny>, dtype: &str, name: &Path) -> PyResult<Bound<'py, PyAny>> {
    let py = obj.py();
    let numpy = py.import("numpy")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("dtype", dtype)?;
    let array = numpy
        .getattr("asarray")?
        .call((obj,), Some(&kwargs))
        .map_err(|e| {
            to_py(Failure::Usage(format!(
                "{}: not an array of numbers: {e}",
                name.display()
            )))
        })?;
    let ndim: usize = array.getattr("ndim")?.extract()?;
    match ndim {
        2 => Ok(array),
        1 => array.call_method1("reshape", (1, -1)),
        n => Err(to_py(Failure::Usage(format!(
            "{}: a {n}-dimensional array; expected one row of inputs or a 2-D batch",
            name.display()
        )))),
    }
}

/// The rows of an array-like `obj` as `dtype` (shape `(batch, width)` or `(width,)`; `name` in
/// messages).
fn array_rows<T: numpy::Element + Copy>(
    obj: &Bound<'_, PyAny>,
    dtype: &str,
    name: &Path,
) -> PyResult<Vec<Vec<T>>> {
    let array = as_2d(obj, dtype, name)?;
    let array: PyReadonlyArray2<'_, T> = array.extract()?;
    Ok(array
        .as_array()
        .rows()
        .into_iter()
        .map(|r| r.to_vec())
        .collect())
}

/// A file argument not read yet (so that errors come in the command line's order), or an array.
enum Arg {
    /// A path, read when needed.
    Path(PathBuf),
    /// A file's bytes (named `<what bytes>`).
    Bytes(PathBuf, Vec<u8>),
    /// Float rows from an array (named `<what array>`).
    Floats(PathBuf, Vec<Vec<f64>>),
    /// Integer rows from an array (named `<what array>`).
    Ints(PathBuf, Vec<Vec<i64>>),
}

impl Arg {
    /// The name messages give the argument.
    fn name(&self) -> &Path {
        match self {
            Arg::Path(p) | Arg::Bytes(p, _) | Arg::Floats(p, _) | Arg::Ints(p, _) => p,
        }
    }

    /// A file argument (path or bytes), not read yet.
    fn file(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Self> {
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(Arg::Bytes(
                PathBuf::from(format!("<{what} bytes>")),
                bytes.as_bytes().to_vec(),
            ));
        }
        Ok(Arg::Path(obj.extract()?))
    }

    /// Float inputs (or calibration samples): a JSON file (path or bytes), or an array-like of
    /// shape `(batch, width)` or `(width,)`.
    fn floats(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Self> {
        if is_file_arg(obj)? {
            return Self::file(obj, what);
        }
        let name = PathBuf::from(format!("<{what} array>"));
        let rows = array_rows::<f64>(obj, "float64", &name)?;
        Ok(Arg::Floats(name, rows))
    }

    /// Claimed outputs: an `output.json` (path or bytes), or an integer array-like of logits of
    /// shape `(batch, outputs)` or `(outputs,)`.
    fn ints(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Self> {
        if is_file_arg(obj)? {
            return Self::file(obj, what);
        }
        let name = PathBuf::from(format!("<{what} array>"));
        let kind: String = obj
            .py()
            .import("numpy")?
            .getattr("asarray")?
            .call1((obj,))?
            .getattr("dtype")?
            .getattr("kind")?
            .extract()?;
        if kind != "i" && kind != "u" {
            return Err(to_py(Failure::Usage(format!(
                "{}: outputs are integer logits (output_data), not an array of dtype kind '{kind}'",
                name.display()
            ))));
        }
        let rows = array_rows::<i64>(obj, "int64", &name)?;
        Ok(Arg::Ints(name, rows))
    }

    /// A file argument as the command line's functions take it (read when they need it).
    fn source(&self, what: &str) -> Result<FileSource<'_>, Failure> {
        match self {
            Arg::Path(path) => Ok(FileSource::Path(path)),
            Arg::Bytes(name, bytes) => Ok(FileSource::Bytes(name, bytes)),
            Arg::Floats(name, _) | Arg::Ints(name, _) => Err(Failure::Usage(format!(
                "{}: an array where a {what} file (path or bytes) is expected",
                name.display()
            ))),
        }
    }

    /// The bytes of a file argument, read as the command line reads them.
    fn bytes(self, what: &str) -> Result<(PathBuf, Vec<u8>), Failure> {
        match self {
            Arg::Bytes(name, bytes) => Ok((name, bytes)),
            arg => {
                let bytes = arg.source(what)?.read(what)?.into_owned();
                Ok((arg.name().to_path_buf(), bytes))
            }
        }
    }

    /// Float rows (unchecked widths) from a file or an array.
    fn float_rows(self, what: &str) -> Result<(PathBuf, Vec<Vec<f64>>), Failure> {
        match self {
            Arg::Floats(name, rows) => Ok((name, rows)),
            Arg::Ints(name, rows) => Ok((
                name,
                rows.iter()
                    .map(|r| r.iter().map(|v| *v as f64).collect())
                    .collect(),
            )),
            file => {
                let (name, bytes) = file.bytes(what)?;
                let rows = parse_input_file(&name, &bytes)?;
                Ok((name, rows))
            }
        }
    }

    /// Quantized inputs for a model of input scale `scale` and `width` inputs.
    fn inputs(self, scale: f64, width: usize) -> Result<Vec<Vec<u8>>, Failure> {
        let (name, rows) = self.float_rows("input")?;
        quantize_inputs(&name, &rows, scale, width)
    }

    /// The output file for a model of `width` outputs.
    fn outputs(self, width: usize) -> Result<OutputFile, Failure> {
        match self {
            Arg::Ints(name, rows) => {
                check_output_widths(&name, &rows, width)?;
                Ok(OutputFile {
                    model_digest: None,
                    output_data: rows,
                    output_float: None,
                })
            }
            file => {
                let (name, bytes) = file.bytes("output")?;
                parse_outputs(&name, &bytes, width)
            }
        }
    }
}

/// Logits as an `int64` array of shape `(batch, outputs)`.
fn logits<'py>(py: Python<'py>, rows: &[Vec<i64>]) -> PyResult<Bound<'py, PyArray2<i64>>> {
    let width = rows.first().map_or(0, Vec::len);
    let flat: Vec<i64> = rows.iter().flatten().copied().collect();
    let array = Array2::from_shape_vec((rows.len(), width), flat)
        .map_err(|e| to_py(Failure::Usage(format!("outputs of unequal widths: {e}"))))?;
    Ok(PyArray2::from_owned_array(py, array))
}

/// An optional argument, `None` when Python's `None` is passed.
fn not_none<'a, 'py>(obj: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    obj.filter(|o| !o.is_none())
}

/// A path argument for a file to write (`None`: none written).
fn out_path(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PathBuf>> {
    not_none(obj).map(|o| o.extract()).transpose()
}

/// The inputs `input` (a file or an array) quantized for `model`, and the name messages give them.
fn quantized_inputs(
    model: &spazk::mlp::QuantizedModel,
    input: &Bound<'_, PyAny>,
) -> PyResult<(PathBuf, Vec<Vec<u8>>)> {
    let input = Arg::floats(input, "input")?;
    let input_name = input.name().to_path_buf();
    let inputs = input
        .inputs(model.input_scale, model.model.input_dim)
        .map_err(to_py)?;
    Ok((input_name, inputs))
}

/// The model options the model commands share: loads and quantizes the model (the same for
/// both commitment modes), with the settings' digest when there are settings.
fn load(
    model: &Bound<'_, PyAny>,
    settings: Option<&Bound<'_, PyAny>>,
    ternarize: Option<f64>,
    input_scale: Option<f64>,
) -> PyResult<(spazk::mlp::QuantizedModel, Option<[u8; 32]>)> {
    let settings = settings.filter(|s| !s.is_none());
    if settings.is_some() && (ternarize.is_some() || input_scale.is_some()) {
        return Err(to_py(Failure::Usage(
            "settings cannot be used with ternarize or input_scale (the settings file decides)"
                .into(),
        )));
    }
    spazk_cli::files::check_ternarize(ternarize).map_err(to_py)?;
    let settings = match settings {
        Some(s) => {
            let (name, bytes) = file_arg(s, "settings")?;
            spazk_cli::settings::Settings::parse(&name, &bytes).map_err(to_py)?;
            Some((name, bytes))
        }
        None => None,
    };
    let (name, bytes) = file_arg(model, "model")?;
    files::load_model(
        &name,
        &bytes,
        ternarize,
        input_scale,
        settings.as_ref().map(|(n, b)| (n.as_path(), b.as_slice())),
    )
    .map_err(to_py)
}

/// Chooses the input scale and each hidden layer's shift from sample data, as `spazk calibrate`
/// does (maximising argmax agreement with the float model; the candidates are reported on
/// stderr).
///
/// `model`: the ONNX model (path or bytes). `data`: the samples, an `input.json`-style file
/// (path or bytes) or an array of shape `(samples, inputs)`. `ternarize`: ternarize weights that
/// are not ternary with threshold `ternarize·mean|w|` (the CLI's `--ternarize`, 0.7 is its
/// default factor). `input_scale`: float inputs are quantized as `round(x / input_scale)`
/// (default: 1/255 if the data lie in [0, 1], else max/255). `out`: where to write the settings
/// file, if anywhere. Returns the settings file's bytes (JSON), for `settings=` of the other
/// functions.
#[pyfunction]
#[pyo3(signature = (model, data, *, ternarize=None, input_scale=None, out=None))]
fn calibrate<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    data: &Bound<'py, PyAny>,
    ternarize: Option<f64>,
    input_scale: Option<f64>,
    out: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = out_path(out)?;
    spazk_cli::files::check_ternarize(ternarize).map_err(to_py)?;
    let (model_name, bytes) = file_arg(model, "model")?;
    let data = Arg::floats(data, "input")?;
    let data_name = data.name().to_path_buf();
    let (settings, _) = py
        .detach(|| {
            calibrate_model(
                &model_name,
                &bytes,
                &data_name,
                |width| {
                    let (name, rows) = data.float_rows("input")?;
                    check_float_inputs(&name, &rows, width)?;
                    Ok(rows)
                },
                ternarize,
                input_scale,
            )
        })
        .map_err(to_py)?;
    let text = settings.to_json();
    if let Some(out) = out {
        write_atomic(&out, text.as_bytes()).map_err(to_py)?;
    }
    Ok(PyBytes::new(py, text.as_bytes()))
}

/// Commits to a model's weights, as `spazk commit` does: hiding (zero-knowledge) by default,
/// writing the owner's secret; returns the commitment's bytes (and writes them to `out` if
/// given).
///
/// `model`: the ONNX model (path or bytes). `settings`: a settings file from `calibrate` (path
/// or bytes), instead of `ternarize` and `input_scale` (default 1/255).
///
/// A hiding commitment hides the weights and biases; proving against it needs the owner's
/// secret (its blinds), which is written to the file `secret` (default: `<out>.secret`; with
/// neither `secret` nor `out`, `BadInput`), created with mode 0600 and never overwritten (an
/// existing file is `BadInput`, before any work). The secret is never returned: it is only ever
/// in that file. `bias_bits`: the bias bound the commitment declares, every `|bias| < 2^N`
/// (1 to 40; default from the shapes). `shape_bounds=True`: declare every hidden layer's
/// activation bound from the shapes and the bias bound alone (publishes nothing of the weights;
/// larger, slower proofs; needs calibrated shifts, `settings=` or metadata); by default it is the
/// weights' worst case, whose bit length is public.
/// `transparent=True`: a transparent commitment (weights binding only, proofs not
/// zero-knowledge), no secret; `secret`, `bias_bits` and `shape_bounds` are then `BadInput`.
#[pyfunction]
#[pyo3(signature = (model, *, settings=None, ternarize=None, input_scale=None, out=None, secret=None, transparent=false, bias_bits=None, shape_bounds=false))]
#[allow(clippy::too_many_arguments)]
fn commit<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    settings: Option<&Bound<'py, PyAny>>,
    ternarize: Option<f64>,
    input_scale: Option<f64>,
    out: Option<&Bound<'py, PyAny>>,
    secret: Option<&Bound<'py, PyAny>>,
    transparent: bool,
    bias_bits: Option<i64>,
    shape_bounds: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = out_path(out)?;
    let secret = out_path(secret)?;
    // The command line's parser refuses these combinations (--transparent conflicts with
    // --secret, --bias-bits and --shape-bounds; --bias-bits takes 1..=40).
    if transparent && (secret.is_some() || bias_bits.is_some() || shape_bounds) {
        return Err(to_py(Failure::Usage(
            "transparent=True writes no secret and declares no bounds: drop secret=, \
             bias_bits= and shape_bounds="
                .into(),
        )));
    }
    let activation_bound = if shape_bounds {
        ActivationBound::Shape
    } else {
        ActivationBound::WorstCase
    };
    check_bias_bits(bias_bits).map_err(to_py)?;
    let mode = if transparent {
        Mode::Transparent
    } else {
        Mode::Hiding
    };
    let secret_path = match mode {
        Mode::Hiding => Some(
            new_secret_path(out.as_deref(), secret.as_deref())
                .map_err(to_py)?
                .ok_or_else(|| {
                    to_py(Failure::Usage(
                        "a hiding commitment needs a file for the owner's secret (proving in \
                         zero knowledge needs it): pass secret=PATH, or out=PATH to write it to \
                         PATH.secret, or transparent=True"
                            .into(),
                    ))
                })?,
        ),
        Mode::Transparent => None,
    };
    let (model, settings_digest) = load(model, settings, ternarize, input_scale)?;
    let bias_bits = bias_bits.map(|n| n as u32); // 1..=40, checked above
    let bytes = py
        .detach(|| {
            let committed = commit_model(
                &model,
                settings_digest,
                mode,
                bias_bits,
                activation_bound,
                1,
            )?;
            let bytes = committed.key.commitment().to_bytes();
            let files: Vec<(&Path, &[u8])> =
                out.iter().map(|o| (o.as_path(), &bytes[..])).collect();
            write_commitment_files(
                secret_path.as_deref().zip(committed.secret.as_ref()),
                &files,
            )?;
            Ok::<_, Failure>(bytes)
        })
        .map_err(to_py)?;
    Ok(PyBytes::new(py, &bytes))
}

/// The hex digest of a commitment (path or bytes), as `spazk commit` prints it; for
/// `expect_digest=` of `verify`.
#[pyfunction]
fn digest(commitment: &Bound<'_, PyAny>) -> PyResult<String> {
    let (name, bytes) = file_arg(commitment, "commitment")?;
    let commitment = ModelCommitment::from_bytes(&bytes)
        .map_err(|e| to_py(Failure::Usage(format!("{}: {e}", name.display()))))?;
    Ok(commitment.digest_hex())
}

/// Runs the model on inputs and proves it, as `spazk prove` does; returns the logits (`int64`,
/// shape `(batch, outputs)`) and the proof's bytes, and with a private input its commitment's
/// bytes third.
///
/// `model`, `settings`, `ternarize`, `input_scale`: as for `commit`. `input`: an
/// `input.json` (path or bytes) or an array of shape `(batch, inputs)` or `(inputs,)`.
/// `output`, `proof`: where to write `output.json` (with the model's digest) and the proof, if
/// anywhere.
///
/// `commitment` (path or bytes): the model's commitment from `commit`, so that proving skips
/// committing. `secret` (path or bytes): the owner's secret of that commitment, which must then
/// be hiding: the proof is zero-knowledge. Without `secret` the proof is transparent, valid only
/// against a transparent commitment. `input_visibility="private"` (zero-knowledge proofs only):
/// the statement holds a hiding commitment to the inputs instead of the inputs; it is returned
/// third and written to `input_commitment` if given, and `verify` takes it instead of the
/// inputs. Randomness comes from the operating system.
#[pyfunction]
#[pyo3(signature = (model, input, *, settings=None, ternarize=None, input_scale=None, output=None, proof=None, commitment=None, secret=None, input_visibility="public", input_commitment=None))]
#[allow(clippy::too_many_arguments)]
fn prove<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    input: &Bound<'py, PyAny>,
    settings: Option<&Bound<'py, PyAny>>,
    ternarize: Option<f64>,
    input_scale: Option<f64>,
    output: Option<&Bound<'py, PyAny>>,
    proof: Option<&Bound<'py, PyAny>>,
    commitment: Option<&Bound<'py, PyAny>>,
    secret: Option<&Bound<'py, PyAny>>,
    input_visibility: &str,
    input_commitment: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let output = out_path(output)?;
    let proof = out_path(proof)?;
    let input_commitment = out_path(input_commitment)?;
    let commitment = not_none(commitment)
        .map(|c| Arg::file(c, "commitment"))
        .transpose()?;
    let secret = not_none(secret)
        .map(|s| Arg::file(s, "owner's secret"))
        .transpose()?;
    let visibility = match input_visibility {
        "public" => Visibility::Public,
        "private" => Visibility::Private,
        other => {
            return Err(to_py(Failure::Usage(format!(
                "input_visibility {other:?}: expected \"public\" or \"private\""
            ))))
        }
    };
    check_prove_options(ProveOptions {
        secret: secret.is_some(),
        stored_key: commitment.is_some(),
        visibility,
        input_commitment_file: input_commitment.is_some(),
        input_commitment_file_required: false,
    })
    .map_err(to_py)?;
    // As `spazk prove`: no file written here may replace the owner's secret.
    if let Some(Arg::Path(secret)) = &secret {
        let outputs = [
            ("output", &output),
            ("proof", &proof),
            ("input commitment", &input_commitment),
        ];
        let outputs: Vec<(&str, &Path)> = outputs
            .iter()
            .filter_map(|(what, path)| path.as_deref().map(|p| (*what, p)))
            .collect();
        refuse_writing_over_secret(secret, &outputs).map_err(to_py)?;
    }
    let (model, settings_digest) = load(model, settings, ternarize, input_scale)?;
    let (input_name, inputs) = quantized_inputs(&model, input)?;
    let (proved, bytes, digest) = py
        .detach(|| {
            let (stored_name, stored) = match commitment {
                Some(file) => {
                    let (name, bytes) = file.bytes("commitment")?;
                    let decoded = decode_commitment(&name, &bytes)?;
                    (name, Some(decoded))
                }
                None => (PathBuf::new(), None),
            };
            let source = match stored {
                Some(decoded) => KeySource::Commitment(&stored_name, decoded),
                None => KeySource::Commit,
            };
            let secret = secret
                .as_ref()
                .map(|s| s.source("owner's secret"))
                .transpose()?;
            let key = proving_key(
                source,
                secret.as_ref(),
                &model,
                settings_digest,
                inputs.len(),
            )?;
            let proved = prove_inputs(&key, &input_name, &inputs, visibility, &mut zk_rng()?)?;
            let bytes = proved.proof.to_bytes();
            Ok::<_, Failure>((proved, bytes, key.commitment().digest_hex()))
        })
        .map_err(to_py)?;
    let committed_input = proved.input_commitment.as_ref().map(|c| c.to_bytes());
    if let (Some(path), Some(bytes)) = (&input_commitment, &committed_input) {
        write_atomic(path, bytes).map_err(to_py)?;
    }
    if let Some(path) = output {
        let text = output_json(&proved.outputs, model.output_scale, Some(digest));
        write_atomic(&path, text.as_bytes()).map_err(to_py)?;
    }
    if let Some(path) = proof {
        write_atomic(&path, &bytes).map_err(to_py)?;
    }
    let logits = logits(py, &proved.outputs)?.into_any();
    let proof = PyBytes::new(py, &bytes).into_any();
    match committed_input {
        Some(c) => PyTuple::new(py, [logits, proof, PyBytes::new(py, &c).into_any()]),
        None => PyTuple::new(py, [logits, proof]),
    }
}

/// Checks a proof against a commitment, inputs and outputs, as `spazk verify` does, in the
/// commitment's mode (a proof of the other mode is rejected); returns the commitment's digest,
/// raises `ProofRejected` if the proof is rejected and `BadInput` for bad files or arrays.
///
/// `commitment`, `proof`: paths or bytes. `input`: as for `prove`, or `None` for a private
/// input's proof, which is checked against `input_commitment` (path or bytes: what `prove`
/// returned third) instead. `output`: an `output.json` (path or bytes) or the integer logits
/// `prove` returned. `expect_digest`: reject unless the commitment's digest is this (hex).
#[pyfunction]
#[pyo3(signature = (commitment, input, output, proof, *, expect_digest=None, input_commitment=None))]
fn verify(
    py: Python<'_>,
    commitment: &Bound<'_, PyAny>,
    input: Option<&Bound<'_, PyAny>>,
    output: &Bound<'_, PyAny>,
    proof: &Bound<'_, PyAny>,
    expect_digest: Option<&str>,
    input_commitment: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    // The command line takes exactly one of --input and --input-commitment.
    let input = match (not_none(input), not_none(input_commitment)) {
        (Some(input), None) => Arg::floats(input, "input")?,
        (None, Some(committed)) => Arg::file(committed, "input commitment")?,
        (Some(_), Some(_)) => {
            return Err(to_py(Failure::Usage(
                "input and input_commitment both given: a private input's proof is checked \
                 against its commitment alone (pass input=None)"
                    .into(),
            )))
        }
        (None, None) => {
            return Err(to_py(Failure::Usage(
                "input is None: pass the public inputs, or input_commitment= for a private \
                 input's proof"
                    .into(),
            )))
        }
    };
    let private = not_none(input_commitment).is_some();
    // Arrays are converted now; files are read in the command line's order.
    let commitment = Arg::file(commitment, "commitment")?;
    let output = Arg::ints(output, "output")?;
    let proof = Arg::file(proof, "proof")?;
    let (input_name, output_name, proof_name) = (
        input.name().to_path_buf(),
        output.name().to_path_buf(),
        proof.name().to_path_buf(),
    );
    let verified = py
        .detach(|| {
            let (commitment_name, commitment_bytes) = commitment.bytes("commitment")?;
            let statement = if private {
                StatementSource::Committed(input.source("input commitment")?)
            } else {
                StatementSource::Public(
                    &input_name,
                    Box::new(move |scale, width| input.inputs(scale, width)),
                )
            };
            verify_statement(
                &commitment_name,
                &commitment_bytes,
                expect_digest,
                statement,
                &output_name,
                |width| output.outputs(width),
                &proof_name,
                || {
                    proof
                        .bytes("proof")
                        .map(|(_, b)| b)
                        .map_err(|f| Failure::Rejected(f.to_string()))
                },
            )
        })
        .map_err(to_py)?;
    Ok(verified.digest)
}

/// Runs the model on inputs without proving, as `spazk infer` does; returns the logits (`int64`,
/// shape `(batch, outputs)`). Arguments as for `prove`.
#[pyfunction]
#[pyo3(signature = (model, input, *, settings=None, ternarize=None, input_scale=None))]
fn infer<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    input: &Bound<'py, PyAny>,
    settings: Option<&Bound<'py, PyAny>>,
    ternarize: Option<f64>,
    input_scale: Option<f64>,
) -> PyResult<Bound<'py, PyArray2<i64>>> {
    let (model, _) = load(model, settings, ternarize, input_scale)?;
    let (input_name, inputs) = quantized_inputs(&model, input)?;
    let trace = model
        .model
        .infer(&inputs)
        .map_err(|e| to_py(Failure::Usage(format!("{}: {e}", input_name.display()))))?;
    logits(py, trace.outputs())
}

/// The module `spazk._native` (re-exported by `spazk`).
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("SpazkError", py.get_type::<SpazkError>())?;
    m.add("ProofRejected", py.get_type::<ProofRejected>())?;
    m.add("BadInput", py.get_type::<BadInput>())?;
    m.add_function(wrap_pyfunction!(calibrate, m)?)?;
    m.add_function(wrap_pyfunction!(commit, m)?)?;
    m.add_function(wrap_pyfunction!(digest, m)?)?;
    m.add_function(wrap_pyfunction!(prove, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(infer, m)?)?;
    Ok(())
}
