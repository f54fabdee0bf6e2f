//! `spazk bench logup`: a committed range check of seeded values through limbs.

use super::CommonArgs;
use crate::process::{configure_threads, median_ms};
use crate::Failure;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use clap::Args;
use serde::Serialize;
use spazk::hyrax::HyraxParams;
use spazk::logup::{
    prove_committed_range, verify_committed_range, LimbDecomposition, LOGUP_PROTOCOL,
};
use spazk::transcript::Transcript;
use std::time::Instant;

/// `log2(rows)` for a power of two up to `2^max_log`.
fn row_vars(rows: usize, max_log: u32) -> Result<u32, Failure> {
    if !rows.is_power_of_two() || rows > 1 << max_log {
        return Err(Failure::Usage(format!(
            "--rows {rows} must be a power of two up to 2^{max_log}"
        )));
    }
    Ok(rows.trailing_zeros())
}

/// Generators for limb columns of `2^row_vars` rows and multiplicities of `2^limb_bits`.
fn params_for(row_vars: u32, limb_bits: u32) -> HyraxParams {
    let generators = LimbDecomposition::layout(row_vars)
        .cols()
        .max(spazk::logup::multiplicity_layout(limb_bits).cols());
    HyraxParams::with_default_seed(generators)
}

/// `spazk bench logup` options.
#[derive(Args, Debug)]
pub struct LogUpArgs {
    /// Number of values (a power of two).
    #[arg(long)]
    pub rows: usize,
    /// Limb width: the lookup table is [0, 2^K).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub limb_bits: u32,
    /// Width of the values.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub value_bits: u32,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Serialize)]
struct Row {
    rows: usize,
    limb_bits: u32,
    value_bits: u32,
    commit_ms: f64,
    argument_ms: f64,
    prove_ms: f64,
    verify_ms: f64,
    decode_ms: f64,
    proof_bytes: usize,
    verified: bool,
    threads: usize,
}

/// Runs the LogUp benchmark in this process. `commit_ms` is committing the limb columns,
/// `verify_ms` includes decoding the proof bytes (`decode_ms` of it),
/// `argument_ms` everything after (multiplicity commitment, both fraction trees, openings);
/// `prove_ms` is their sum.
pub fn run(args: LogUpArgs) -> Result<(), Failure> {
    let threads = configure_threads(args.common.threads)?;
    let row_vars = row_vars(args.rows, 26)?;
    let decomposition = LimbDecomposition {
        value_bits: args.value_bits,
        limb_bits: args.limb_bits,
    };
    decomposition
        .check()
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let params = params_for(row_vars, args.limb_bits);
    let mut rng = StdRng::seed_from_u64(args.common.seed);
    let max = if args.value_bits == 64 {
        u64::MAX
    } else {
        (1u64 << args.value_bits) - 1
    };
    let values: Vec<u64> = (0..args.rows).map(|_| rng.gen_range(0..=max)).collect();

    let usage = |e: spazk::logup::RangeError| Failure::Usage(e.to_string());
    let (mut commit, mut argument, mut verify) = (Vec::new(), Vec::new(), Vec::new());
    let mut decode = Vec::new();
    let mut proof_bytes = 0;
    for _ in 0..args.common.samples {
        let start = Instant::now();
        let committed = decomposition.commit(&values, &params).map_err(usage)?;
        commit.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        let mut transcript = Transcript::new(LOGUP_PROTOCOL);
        let (proof, _) =
            prove_committed_range(&decomposition, &committed, &params, &mut transcript)
                .map_err(usage)?;
        argument.push(start.elapsed().as_secs_f64() * 1e3);
        let bytes = proof.to_bytes();
        proof_bytes = bytes.len();
        let start = Instant::now();
        let decoded = spazk::logup::CommittedRangeProof::from_bytes(&bytes)
            .map_err(|e| Failure::Rejected(e.to_string()))?;
        decode.push(start.elapsed().as_secs_f64() * 1e3);
        let mut transcript = Transcript::new(LOGUP_PROTOCOL);
        verify_committed_range(&decomposition, row_vars, &decoded, &params, &mut transcript)
            .map_err(|e| Failure::Rejected(e.to_string()))?;
        verify.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let (commit_ms, argument_ms) = (median_ms(commit), median_ms(argument));
    let row = Row {
        rows: args.rows,
        limb_bits: args.limb_bits,
        value_bits: args.value_bits,
        commit_ms,
        argument_ms,
        prove_ms: commit_ms + argument_ms,
        verify_ms: median_ms(verify),
        decode_ms: median_ms(decode),
        proof_bytes,
        verified: true,
        threads,
    };
    super::emit(args.common.json, &row, |row| {
        format!(
            "logup range check: {} values of {} bits, limbs of {} bits, {} thread(s)\n  \
             commit {:.1} ms + argument {:.1} ms = prove {:.1} ms; verify {:.2} ms; proof {} bytes",
            row.rows,
            row.value_bits,
            row.limb_bits,
            row.threads,
            row.commit_ms,
            row.argument_ms,
            row.prove_ms,
            row.verify_ms,
            row.proof_bytes
        )
    });
    Ok(())
}

/// `spazk bench activation` options.
#[derive(Args, Debug)]
pub struct ActivationArgs {
    /// Number of pre-activations (a power of two; 4096 × 16 = 65536 by default).
    #[arg(long, default_value_t = 1 << 16)]
    pub rows: usize,
    /// Bound on the pre-activations: z ∈ [−2^B, 2^B).
    #[arg(long, default_value_t = 18)]
    pub input_bits: u32,
    /// Requantization shift.
    #[arg(long, default_value_t = 8)]
    pub shift: u32,
    /// Limb width of the range checks.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub limb_bits: u32,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Serialize)]
struct ActivationRow {
    rows: usize,
    input_bits: u32,
    shift: u32,
    limb_bits: u32,
    prove_ms: f64,
    verify_ms: f64,
    proof_bytes: usize,
    verified: bool,
    threads: usize,
}

/// Runs the ReLU + requantize benchmark: `prove_ms` includes committing every advice column.
pub fn run_activation(args: ActivationArgs) -> Result<(), Failure> {
    use spazk::activation::{prove_activation, relu_requantize, verify_activation, ActivationSpec};
    let threads = configure_threads(args.common.threads)?;
    let row_vars = row_vars(args.rows, 24)?;
    let spec = ActivationSpec {
        input_bits: args.input_bits,
        shift: args.shift,
        limb_bits: args.limb_bits,
    };
    spec.check().map_err(|e| Failure::Usage(e.to_string()))?;
    let params = HyraxParams::with_default_seed(spec.generators_needed(row_vars));
    let mut rng = StdRng::seed_from_u64(args.common.seed);
    let bound = 1i64 << args.input_bits;
    let inputs: Vec<i64> = (0..args.rows)
        .map(|_| rng.gen_range(-bound..bound))
        .collect();
    let outputs: Vec<u8> = inputs
        .iter()
        .map(|z| relu_requantize(*z, args.shift))
        .collect();
    let (mut prove, mut verify) = (Vec::new(), Vec::new());
    let mut proof_bytes = 0;
    for _ in 0..args.common.samples {
        let start = Instant::now();
        let mut transcript = Transcript::new(LOGUP_PROTOCOL);
        let (proof, _, _) = prove_activation(&spec, &inputs, &params, &mut transcript)
            .map_err(|e| Failure::Usage(e.to_string()))?;
        prove.push(start.elapsed().as_secs_f64() * 1e3);
        proof_bytes = ark_serialize::CanonicalSerialize::compressed_size(&proof);
        let start = Instant::now();
        let mut transcript = Transcript::new(LOGUP_PROTOCOL);
        verify_activation(&spec, &inputs, &outputs, &proof, &params, &mut transcript)
            .map_err(|e| Failure::Rejected(e.to_string()))?;
        verify.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let row = ActivationRow {
        rows: args.rows,
        input_bits: args.input_bits,
        shift: args.shift,
        limb_bits: args.limb_bits,
        prove_ms: median_ms(prove),
        verify_ms: median_ms(verify),
        proof_bytes,
        verified: true,
        threads,
    };
    super::emit(args.common.json, &row, |row| {
        format!(
            "relu + requantize: {} values, z in [-2^{}, 2^{}), shift {}, limbs of {} bits, {} thread(s)\n  \
             prove {:.1} ms (advice commitments included); verify {:.2} ms; proof {} bytes",
            row.rows,
            row.input_bits,
            row.input_bits,
            row.shift,
            row.limb_bits,
            row.threads,
            row.prove_ms,
            row.verify_ms,
            row.proof_bytes
        )
    });
    Ok(())
}
