//! `spazk`: prove, verify and benchmark SpaZK proofs.
//!
//! Exit codes: 0 on success, 1 when a proof is rejected, 2 on bad usage or bad input files.
#![deny(unsafe_code)]

mod bench;
mod demo;
mod files;
mod model_commands;
mod process;
mod progress;
mod settings;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// SpaZK: proofs of sparse and ternary neural-network inference. Proofs are not zero-knowledge.
#[derive(Parser, Debug)]
#[command(name = "spazk", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Prove and verify the shipped MNIST model on shipped inputs, with progress and a summary.
    Demo,
    /// Choose the input scale check and each hidden layer's shift from sample data (maximising
    /// argmax agreement with the float model); writes a settings file for --settings.
    Calibrate(model_commands::CalibrateArgs),
    /// Commit to a model's weights once: writes the commitment, prints its digest.
    Commit(model_commands::CommitArgs),
    /// Run a model on inputs and prove it: writes output.json and the proof.
    Prove(model_commands::ProveArgs),
    /// Check a proof against a commitment, inputs and outputs (exit 1 if rejected).
    Verify(model_commands::VerifyArgs),
    /// Run a model on inputs without proving; prints output.json.
    Infer(model_commands::InferArgs),
    /// Measure provers and verifiers; each configuration runs in its own child process.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Runs one benchmark configuration in this process (used by `bench`).
    #[command(hide = true, subcommand)]
    BenchWorker(bench::WorkerCommand),
}

/// How a command failed: the message goes to stderr, the kind picks the exit code.
#[derive(Debug)]
pub enum Failure {
    /// A proof was rejected (exit 1).
    Rejected(String),
    /// Bad usage or bad input (exit 2).
    Usage(String),
}

impl Failure {
    fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Rejected(_) => ExitCode::from(1),
            Failure::Usage(_) => ExitCode::from(2),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Rejected(m) => write!(f, "proof rejected: {m}"),
            Failure::Usage(m) => write!(f, "{m}"),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo => demo::run(),
        Command::Calibrate(args) => model_commands::run_calibrate(args),
        Command::Commit(args) => model_commands::run_commit(args),
        Command::Prove(args) => model_commands::run_prove(args),
        Command::Verify(args) => model_commands::run_verify(args),
        Command::Infer(args) => model_commands::run_infer(args),
        Command::Bench(command) => bench::run(command),
        Command::BenchWorker(command) => bench::run_worker(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("spazk: {failure}");
            failure.exit_code()
        }
    }
}
