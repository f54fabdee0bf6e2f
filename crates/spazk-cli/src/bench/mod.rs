//! `spazk bench …`: each configuration runs in a child process (`bench-worker`), so that its
//! peak RSS is its own.

pub mod hyrax;
pub mod logup;
pub mod matvec;
pub mod mlp;

use crate::Failure;
use clap::{Args, Subcommand};
use std::process::{Command, Stdio};

/// The benchmark families.
#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Square mat-vec proofs: dense, sparse and ternary provers on the same seeded matrix.
    Matvec(matvec::MatVecArgs),
    /// Hyrax commitment, opening and verification, beside plain arkworks baselines.
    Hyrax(hyrax::HyraxArgs),
    /// A LogUp range check of committed values split into limbs.
    Logup(logup::LogUpArgs),
    /// ReLU + requantize of signed pre-activations (range checks and zero-check).
    Activation(logup::ActivationArgs),
    /// A seeded ternary MLP: commit once, then prove and verify inference.
    Mlp(mlp::MlpArgs),
}

/// One configuration, run in this process.
#[derive(Subcommand, Debug)]
pub enum WorkerCommand {
    /// One mat-vec protocol run.
    Matvec(matvec::MatVecWorkerArgs),
}

/// Options every benchmark takes.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// One JSON object per line instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Timed repetitions per measurement; the median is reported.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub samples: u32,
    /// Seed of the random matrix and inputs.
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
}

/// Dispatches `spazk bench …`.
pub fn run(command: BenchCommand) -> Result<(), Failure> {
    match command {
        BenchCommand::Matvec(args) => matvec::run(args),
        BenchCommand::Hyrax(args) => hyrax::run(args),
        BenchCommand::Logup(args) => logup::run(args),
        BenchCommand::Activation(args) => logup::run_activation(args),
        BenchCommand::Mlp(args) => mlp::run(args),
    }
}

/// Dispatches the hidden `spazk bench-worker …`.
pub fn run_worker(command: WorkerCommand) -> Result<(), Failure> {
    match command {
        WorkerCommand::Matvec(args) => matvec::run_worker(args),
    }
}

/// Prints one result row: a JSON object on one line with `--json`, else `text`.
pub fn emit<T: serde::Serialize>(json: bool, row: &T, text: impl FnOnce(&T) -> String) {
    if json {
        println!(
            "{}",
            serde_json::to_string(row).expect("plain struct serializes")
        );
    } else {
        println!("{}", text(row));
    }
}

/// Runs `spazk bench-worker <args>` and returns its one line of JSON.
pub fn spawn_worker(args: &[String]) -> Result<serde_json::Value, Failure> {
    let exe = std::env::current_exe()
        .map_err(|e| Failure::Usage(format!("cannot find the spazk executable: {e}")))?;
    let output = Command::new(exe)
        .arg("bench-worker")
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Failure::Usage(format!("cannot start a benchmark worker: {e}")))?;
    if !output.status.success() {
        return Err(Failure::Usage(format!(
            "benchmark worker failed ({})",
            output.status
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().last().unwrap_or_default();
    serde_json::from_str(line)
        .map_err(|e| Failure::Usage(format!("benchmark worker printed no result ({e}): {line}")))
}

/// Parses a density: a decimal like `0.0625` or a fraction like `1/16`, in `(0, 1]`.
pub fn parse_density(text: &str) -> Result<f64, String> {
    let value = match text.split_once('/') {
        Some((num, den)) => {
            let num: f64 = num
                .trim()
                .parse()
                .map_err(|_| format!("'{text}' is not a density"))?;
            let den: f64 = den
                .trim()
                .parse()
                .map_err(|_| format!("'{text}' is not a density"))?;
            num / den
        }
        None => text
            .trim()
            .parse()
            .map_err(|_| format!("'{text}' is not a density"))?,
    };
    if value.is_finite() && value > 0.0 && value <= 1.0 {
        Ok(value)
    } else {
        Err(format!("density {text} is not in (0, 1]"))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_density;

    #[test]
    fn densities() {
        assert_eq!(parse_density("0.0625"), Ok(0.0625));
        assert_eq!(parse_density("1/16"), Ok(0.0625));
        assert_eq!(parse_density("1"), Ok(1.0));
        assert!(parse_density("0").is_err());
        assert!(parse_density("1.5").is_err());
        assert!(parse_density("nan").is_err());
        assert!(parse_density("x").is_err());
    }
}
