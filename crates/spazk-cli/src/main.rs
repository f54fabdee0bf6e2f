//! `spazk`: prove, verify and benchmark SpaZK proofs.
//!
//! Exit codes: 0 on success, 1 when a proof is rejected, 2 on bad usage or bad input files.
#![deny(unsafe_code)]

mod bench;
mod demo;

use spazk_cli::{files, model_commands, process, progress, Failure};

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// SpaZK: proofs of sparse and ternary neural-network inference, zero-knowledge by default
/// (hiding commitments; `commit --transparent` for transparent proofs).
#[derive(Parser, Debug)]
#[command(name = "spazk", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Prove and verify the shipped MNIST model on shipped inputs in both modes (transparent and
    /// zero-knowledge), with progress and a summary.
    Demo,
    /// Choose the input scale check and each hidden layer's shift from sample data (maximising
    /// argmax agreement with the float model); writes a settings file for --settings.
    Calibrate(model_commands::CalibrateArgs),
    /// Commit to a model's weights once (hiding unless --transparent): writes the commitment and
    /// the owner's secret, prints the digest.
    Commit(model_commands::CommitArgs),
    /// Run a model on inputs and prove it (zero-knowledge with --secret): writes output.json and
    /// the proof.
    Prove(model_commands::ProveArgs),
    /// Check a proof against a commitment, inputs (or an input commitment) and outputs, in the
    /// commitment's mode, which it prints (exit 1 if rejected).
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
