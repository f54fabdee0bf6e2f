//! `spazk bench mlp`: commit, prove and verify a seeded ternary MLP, with peak memory; with
//! `--zk`, a hiding commitment and zero-knowledge proofs (blinds, masks and nonces from the OS:
//! only the model and the inputs are seeded).

use super::{parse_density, CommonArgs};
use crate::process::{configure_threads, median_ms, peak_rss_mib};
use crate::Failure;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use clap::Args;
use serde::Serialize;
use spazk::mlp::{parse_architecture, HidingOptions, Model, ProvingKey};
use spazk_cli::phases::{record, ProverPhases};

/// `spazk bench mlp` options.
#[derive(Args, Debug)]
pub struct MlpArgs {
    /// Layer widths, input first: 784-512-10, 784-4096-4096-10, …
    #[arg(long, default_value = "784-4096-10")]
    pub arch: String,
    /// Fraction of nonzero weights.
    #[arg(long, default_value = "0.0625", value_parser = parse_density)]
    pub density: f64,
    /// Inputs proved together.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub batch: u32,
    /// Commit in hiding mode and make zero-knowledge proofs (the declared bias bound from the
    /// shapes, as `spazk commit` declares it).
    #[arg(long)]
    pub zk: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Serialize)]
struct Row {
    arch: String,
    params: usize,
    nnz: usize,
    batch: u32,
    density: f64,
    commit_ms: f64,
    prove_ms: f64,
    /// Zero-knowledge only: filling the nonce pool before the input arrives (mask, nonces,
    /// blinds and their commitments: input-independent), not part of `prove_ms`.
    #[serde(skip_serializing_if = "Option::is_none")]
    precompute_ms: Option<f64>,
    verify_ms: f64,
    proof_bytes: usize,
    peak_rss_mib: f64,
    verified: bool,
    threads: usize,
    zk: bool,
    phases_ms: ProverPhases,
}

/// Runs the MLP benchmark in this process. `prove_ms` includes inference and every advice
/// commitment, not the one-time weight commitment (`commit_ms`); `verify_ms` includes decoding
/// the proof, not deriving generators. The phases are the prover's spans.
pub fn run(args: MlpArgs) -> Result<(), Failure> {
    let threads = configure_threads(args.common.threads)?;
    let widths = parse_architecture(&args.arch).map_err(|e| Failure::Usage(e.to_string()))?;
    let model = Model::random(&widths, args.density, args.common.seed)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let (params_count, nnz) = (model.parameters(), model.nnz());
    let mut rng = StdRng::seed_from_u64(args.common.seed ^ 1);
    let inputs: Vec<Vec<u8>> = (0..args.batch)
        .map(|_| (0..widths[0]).map(|_| rng.gen()).collect())
        .collect();

    let mut rng = spazk::os_rng().map_err(|e| Failure::Usage(e.to_string()))?;
    let max_batch = args.batch as usize;
    // The key derives its generators outside the commit timing (its own span).
    let (key, spans) = record(|| {
        if args.zk {
            let options = HidingOptions::new(model.shape_bias_bits());
            spazk::zk::commit_hiding(model, &options, max_batch, &mut rng).map(|(key, _)| key)
        } else {
            ProvingKey::commit(model, max_batch)
        }
    });
    let key = key.map_err(|e| Failure::Usage(e.to_string()))?;
    let commit_ms = spans.ms("commit_weights");
    let verifying = key.verifying_key();

    // Zero knowledge: one proof with an empty pool records what a proof of these shapes takes;
    // before each timed proof the pool is filled again (timed apart: `precompute_ms`), as a
    // prover does while it waits for the next input.
    let mut pool = spazk::zk::NoncePool::new();
    let params = key.params_for(inputs.len()).into_owned();
    if args.zk {
        crate::files::prove_and_verify(&key, &verifying, &inputs, &mut pool, &mut rng)?;
    }
    let (mut prove, mut verify, mut precompute) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..args.common.samples {
        if args.zk {
            let start = std::time::Instant::now();
            pool.refill(&params, &mut rng);
            precompute.push(start.elapsed().as_secs_f64() * 1e3);
        }
        let run = crate::files::prove_and_verify(&key, &verifying, &inputs, &mut pool, &mut rng)?;
        prove.push(run.prove_ms);
        verify.push(run.verify_ms);
        last = Some((run.proof_bytes, run.phases));
    }
    let (proof_bytes, phases) = last.expect("at least one sample");
    let row = Row {
        arch: args.arch.clone(),
        params: params_count,
        nnz,
        batch: args.batch,
        density: args.density,
        commit_ms,
        prove_ms: median_ms(prove),
        precompute_ms: args.zk.then(|| median_ms(precompute)),
        verify_ms: median_ms(verify),
        proof_bytes,
        peak_rss_mib: peak_rss_mib().unwrap_or(f64::NAN),
        verified: true,
        threads,
        zk: args.zk,
        phases_ms: phases,
    };
    super::emit(args.common.json, &row, |row| {
        format!(
            "mlp {} ({} parameters, {} nonzero, density {}), batch {}, {} thread(s), {}\n  \
             commit {:.1} ms; prove {:.1} ms{}; verify {:.1} ms; proof {} bytes; peak RSS {:.0} MiB",
            row.arch,
            row.params,
            row.nnz,
            row.density,
            row.batch,
            row.threads,
            if row.zk {
                "zero-knowledge"
            } else {
                "transparent"
            },
            row.commit_ms,
            row.prove_ms,
            row.precompute_ms
                .map(|ms| format!(" (+ {ms:.1} ms precomputed before the input)"))
                .unwrap_or_default(),
            row.verify_ms,
            row.proof_bytes,
            row.peak_rss_mib
        )
    });
    Ok(())
}
