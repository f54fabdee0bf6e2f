//! The `spazk` command's logic as a library: reading and checking the files users pass, the
//! settings file, and the model commands (`calibrate`, `commit`, `prove`, `verify`, `infer`), so
//! that other front ends (the Python package) report the same errors as the command line.
//!
//! May depend on: the facade `spazk` only, never a crate below it directly (the command sees
//! the library as its users do); `clap`, `serde` / `serde_json`, `indicatif` (progress),
//! `tracing` / `tracing-subscriber` (reading the prover's phase spans), `rayon` (the thread
//! count), and the arkworks crates the benchmarks call (its manifest also names a few crates
//! below arkworks for their features only: see there). Above it only the Python package.
#![deny(unsafe_code)]

pub mod files;
pub mod model_commands;
pub mod phases;
pub mod process;
pub mod progress;
pub mod settings;

/// How a command failed: the message goes to stderr, the kind picks the exit code.
#[derive(Debug)]
pub enum Failure {
    /// A proof was rejected (exit 1).
    Rejected(String),
    /// Bad usage or bad input (exit 2).
    Usage(String),
}

impl Failure {
    /// The process exit code for this failure: 1 for a rejected proof, 2 for bad input.
    pub fn exit_code(&self) -> std::process::ExitCode {
        match self {
            Failure::Rejected(_) => std::process::ExitCode::from(1),
            Failure::Usage(_) => std::process::ExitCode::from(2),
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
