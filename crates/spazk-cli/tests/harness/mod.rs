//! Running the `spazk` binary from the CLI tests: the command, fixture paths, scratch
//! directories, and the files of one commit → prove → verify run.
// Each test file compiles this module on its own and uses a part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `spazk` with `args`.
pub fn spazk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spazk"))
        .args(args)
        .output()
        .expect("spazk runs")
}

/// The shipped fixtures, by path from this crate.
pub fn fixture(name: &str) -> String {
    format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A fresh scratch directory for one test.
pub fn scratch(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("spazk-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `dir/name` as a string argument.
pub fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

/// The exit code (−1 if killed by a signal).
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A JSON file.
pub fn read_json(path: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The shipped MNIST model's file name in `fixtures/`.
pub const MNIST: &str = "mnist-784-512-10.onnx";

/// Standard output read as JSON.
pub fn stdout_json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs `spazk` with `args`, asserts it exits 0, and reads each line it prints as JSON.
pub fn json_lines(args: &[&str]) -> Vec<serde_json::Value> {
    let out = spazk(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Asserts that `out` exited with `exit` and that its standard error contains `needle`.
pub fn assert_exit(out: &Output, exit: i32, needle: &str) {
    let message = stderr(out);
    assert_eq!(code(out), exit, "{message}");
    assert!(
        message.contains(needle),
        "{message} should contain {needle}"
    );
}

/// `spazk <command> --model model` followed by the pairs of `flags` and then `extra`.
fn model_command(command: &str, model: &str, flags: &[(&str, &str)], extra: &[&str]) -> Output {
    let mut args = vec![command, "--model", model];
    for (flag, value) in flags {
        args.extend([*flag, *value]);
    }
    args.extend_from_slice(extra);
    spazk(&args)
}

/// `spazk commit --transparent` of `model` into `out` with `extra` flags: the transparent
/// path the tests written before zero-knowledge mode are about (`commit` hides by default).
pub fn commit(model: &str, out: &str, extra: &[&str]) -> Output {
    let mut extra = extra.to_vec();
    extra.push("--transparent");
    model_command("commit", model, &[("--out", out)], &extra)
}

/// `spazk commit` of `model` into `out` with `extra` flags, in its default (hiding) mode.
pub fn commit_hiding(model: &str, out: &str, extra: &[&str]) -> Output {
    model_command("commit", model, &[("--out", out)], extra)
}

/// `spazk infer` of `model` on `input` with `extra` flags.
pub fn infer(model: &str, input: &str, extra: &[&str]) -> Output {
    model_command("infer", model, &[("--input", input)], extra)
}

/// `spazk calibrate` of `model` on `data` into `out` with `extra` flags.
pub fn calibrate(model: &str, data: &str, out: &str, extra: &[&str]) -> Output {
    model_command(
        "calibrate",
        model,
        &[("--data", data), ("--out", out)],
        extra,
    )
}

/// The unmodified skl2onnx digits classifier (`fixtures/exporters`).
pub const SKLEARN: &str = "exporters/sklearn_classifier.onnx";

/// `spazk calibrate --ternarize` of the skl2onnx classifier on its 500 calibration images into
/// `out`.
pub fn calibrate_sklearn(out: &str) -> Output {
    let data = fixture("exporters/sklearn_classifier.calib.json");
    calibrate(&fixture(SKLEARN), &data, out, &["--ternarize"])
}

/// `spazk prove` of `model` on `input` into `output` and `proof` with `extra` flags.
pub fn prove(model: &str, input: &str, output: &str, proof: &str, extra: &[&str]) -> Output {
    let flags = [("--input", input), ("--output", output), ("--proof", proof)];
    model_command("prove", model, &flags, extra)
}

/// `spazk verify` of `proof` with `extra` flags.
pub fn verify(commitment: &str, input: &str, output: &str, proof: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "verify",
        "--commitment",
        commitment,
        "--input",
        input,
        "--output",
        output,
        "--proof",
        proof,
    ];
    args.extend_from_slice(extra);
    spazk(&args)
}

/// Index of the largest entry (the first of equals).
pub fn argmax<T: PartialOrd + Copy>(v: &[T]) -> usize {
    (1..v.len()).fold(0, |best, i| if v[i] > v[best] { i } else { best })
}

/// Rows of numbers of a JSON array of arrays, each read by `read`.
pub fn json_rows<T>(
    rows: &serde_json::Value,
    read: impl Fn(&serde_json::Value) -> T,
) -> Vec<Vec<T>> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| row.as_array().unwrap().iter().map(&read).collect())
        .collect()
}

/// How many rows of integer logits have the argmax of the matching row of float logits.
pub fn argmax_agreements(integer: &serde_json::Value, float: &serde_json::Value) -> usize {
    let integer = json_rows(integer, |v| v.as_i64().unwrap());
    let float = json_rows(float, |v| v.as_f64().unwrap());
    assert_eq!(integer.len(), float.len());
    integer
        .iter()
        .zip(&float)
        .filter(|(q, f)| argmax(q) == argmax(f))
        .count()
}

/// The files of one commit → prove → verify run, named after the run in a scratch directory,
/// and the model arguments (`--model M` and its options) every step passes.
pub struct Run {
    /// `--model …` and its import options (`--ternarize`, `--settings`, …).
    pub model_args: Vec<String>,
    /// The input file (`{"input_data": …}`).
    pub input: String,
    /// The commitment `commit` writes.
    pub commitment: String,
    /// The `output.json` `prove` writes.
    pub output: String,
    /// The proof `prove` writes.
    pub proof: String,
}

impl Run {
    /// A run called `name` in `dir` whose input file holds `inputs` as its `input_data`.
    pub fn new(dir: &Path, name: &str, model_args: &[&str], inputs: &serde_json::Value) -> Self {
        let input = path(dir, &format!("{name}.in.json"));
        std::fs::write(
            &input,
            serde_json::json!({ "input_data": inputs }).to_string(),
        )
        .unwrap();
        Self {
            model_args: model_args.iter().map(|a| a.to_string()).collect(),
            input,
            commitment: path(dir, &format!("{name}.spzc")),
            output: path(dir, &format!("{name}.out.json")),
            proof: path(dir, &format!("{name}.spzp")),
        }
    }

    /// A run of the file `input` in `dir` writing `m.spzc`, `out.json` and `p.spzp`.
    pub fn of_file(dir: &Path, model_args: &[&str], input: &str) -> Self {
        Self {
            model_args: model_args.iter().map(|a| a.to_string()).collect(),
            input: input.to_string(),
            commitment: path(dir, "m.spzc"),
            output: path(dir, "out.json"),
            proof: path(dir, "p.spzp"),
        }
    }

    /// A run of the shipped MNIST model on the fixture `input` in `dir` (see [`Self::of_file`]).
    pub fn mnist(dir: &Path, input: &str) -> Self {
        Self::of_file(dir, &["--model", &fixture(MNIST)], &fixture(input))
    }

    fn with_model<'a>(&'a self, mut args: Vec<&'a str>, extra: &[&'a str]) -> Output {
        args.extend(self.model_args.iter().map(String::as_str));
        args.extend_from_slice(extra);
        spazk(&args)
    }

    /// `spazk commit --transparent` (with `extra` flags).
    pub fn commit(&self, extra: &[&str]) -> Output {
        let mut extra = extra.to_vec();
        extra.push("--transparent");
        self.with_model(vec!["commit", "--out", &self.commitment], &extra)
    }

    /// The owner's secret a hiding [`Self::commit_zk`] writes by default: `<commitment>.secret`.
    pub fn secret(&self) -> String {
        format!("{}.secret", self.commitment)
    }

    /// `spazk commit` in its default, hiding mode (with `extra` flags).
    pub fn commit_zk(&self, extra: &[&str]) -> Output {
        self.with_model(vec!["commit", "--out", &self.commitment], extra)
    }

    /// `spazk prove --commitment C --secret S` of the input (with `extra` flags): a
    /// zero-knowledge proof against the hiding commitment.
    pub fn prove_zk(&self, extra: &[&str]) -> Output {
        let secret = self.secret();
        let mut flags = vec!["--commitment", &self.commitment, "--secret", &secret];
        flags.extend_from_slice(extra);
        self.prove(&flags)
    }

    /// `spazk prove` of the input (with `extra` flags).
    pub fn prove(&self, extra: &[&str]) -> Output {
        let args = vec![
            "prove",
            "--input",
            &self.input,
            "--output",
            &self.output,
            "--proof",
            &self.proof,
        ];
        self.with_model(args, extra)
    }

    /// `spazk verify` of the proof (with `extra` flags).
    pub fn verify(&self, extra: &[&str]) -> Output {
        verify(
            &self.commitment,
            &self.input,
            &self.output,
            &self.proof,
            extra,
        )
    }

    /// Commit, prove and verify, asserting each exits 0; returns the written `output.json`.
    pub fn commit_prove_verify(&self, what: &str) -> serde_json::Value {
        for (step, out) in [("commit", self.commit(&[])), ("prove", self.prove(&[]))] {
            assert_eq!(code(&out), 0, "{what}: {step}: {}", stderr(&out));
        }
        let out = self.verify(&[]);
        assert_eq!(code(&out), 0, "{what}: verify: {}", stderr(&out));
        read_json(&self.output)
    }
}
