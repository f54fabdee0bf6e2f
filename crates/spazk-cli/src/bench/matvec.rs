//! `spazk bench matvec`: one row per protocol, each from its own worker process.

use super::{parse_density, spawn_worker, CommonArgs};
use crate::process::{available_memory_mib, configure_threads, median_ms, peak_rss_mib};
use crate::Failure;
use clap::{Args, ValueEnum};
use serde::Serialize;
use spazk::field::Fr;
use spazk::gkr::matvec::{matvec_circuit, matvec_estimated_prover_bytes, matvec_inputs};
use spazk::gkr::{prove_gkr, verify_gkr, GKR_PROTOCOL};
use spazk::hyrax::zk::{HidingCommittedMatrix, HidingMatrixCommitment, ZkProver, ZkVerifier};
use spazk::hyrax::{Commit, CommittedMatrix, HyraxParams};
use spazk::matrix::{
    random_field_vectors, DenseMatrix, Matrix, MatrixShape, SparseMatrix, TernaryMatrix,
};
use spazk::sumcheck::{
    hidden_matvec_mask_len, prove_hidden_matvec, prove_matvec, verify_hidden_matvec, verify_matvec,
    MatVecStatement, PublicMatrix, HIDDEN_MATVEC_PROTOCOL, MATVEC_PROTOCOL,
};
use spazk::sumcheck::{WeightOracle, WeightProver};
use spazk::transcript::Transcript;
use spazk::ZkRng;
use spazk_cli::phases::record;
use std::time::Instant;

/// The mat-vec protocols the bench can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// Every entry stored and multiplied.
    Dense,
    /// Compressed columns, one multiplication per nonzero.
    Sparse,
    /// ± row lists, additions only.
    Ternary,
    /// The GKR baseline on the mat-vec circuit (one multiplication gate per entry).
    Gkr,
}

impl Protocol {
    fn name(self) -> &'static str {
        match self {
            Protocol::Dense => "dense",
            Protocol::Sparse => "sparse",
            Protocol::Ternary => "ternary",
            Protocol::Gkr => "gkr",
        }
    }
}

/// `spazk bench matvec` options.
#[derive(Args, Debug)]
pub struct MatVecArgs {
    /// The matrix is 2^K × 2^K.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=16))]
    pub log_size: u32,
    /// Fraction of nonzero entries, as a decimal (0.0625) or a fraction (1/16).
    #[arg(long, value_parser = parse_density)]
    pub density: f64,
    /// Which protocols to run, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "dense,sparse,ternary,gkr"
    )]
    pub protocols: Vec<Protocol>,
    /// Check the weights against a Hyrax commitment instead of the public matrix (the one-time
    /// commitment is excluded from prove_ms; GKR has no committed variant and is skipped).
    #[arg(long)]
    pub committed: bool,
    /// With --committed: a hiding commitment and the zero-knowledge mat-vec (masked sumcheck,
    /// hidden weight opening, the final Σ-protocol; blinds, masks and nonces from the OS).
    #[arg(long, requires = "committed")]
    pub zk: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// One worker run.
#[derive(Args, Debug)]
pub struct MatVecWorkerArgs {
    #[arg(long)]
    protocol: Protocol,
    #[arg(long)]
    log_size: u32,
    #[arg(long)]
    density: f64,
    #[arg(long)]
    threads: Option<usize>,
    #[arg(long)]
    samples: u32,
    #[arg(long)]
    seed: u64,
    #[arg(long)]
    committed: bool,
    #[arg(long)]
    zk: bool,
}

/// One result row (design.md §6), plus the time of the verifier's `W̃` evaluation alone.
#[derive(Debug, Serialize)]
pub struct MatVecRow {
    /// Which protocol.
    pub protocol: Protocol,
    /// `K` of the 2^K × 2^K matrix.
    pub log_size: u32,
    /// Requested density.
    pub density: f64,
    /// Nonzero entries of the seeded matrix.
    pub nnz: usize,
    /// Whether the weights were checked against a commitment.
    pub committed: bool,
    /// Whether the commitment was hiding and the proof zero-knowledge.
    pub zk: bool,
    /// Median prover time: statement absorption, fold, sumcheck (matrix generation excluded).
    pub prove_ms: f64,
    /// Median verifier time, including the `W̃(r_y, r_x)` evaluation from the public matrix.
    pub verify_ms: f64,
    /// Median time of that `W̃` evaluation alone (so `verify_ms − weight_eval_ms` is the rest);
    /// absent for GKR, whose verifier has no such step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight_eval_ms: Option<f64>,
    /// Compressed proof size.
    pub proof_bytes: usize,
    /// Peak RSS of the worker process, setup included.
    pub peak_rss_mib: f64,
    /// Whether every verification accepted.
    pub verified: bool,
    /// Worker threads.
    pub threads: usize,
    /// GKR only: evaluating the circuit (the prover's witness), excluded from `prove_ms` as
    /// computing `y = W·v` is for the sumcheck protocols.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness_ms: Option<f64>,
    /// GKR only: where the last prover run's time went, top layer first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<GkrLayerRow>>,
}

impl MatVecRow {
    /// A row of `protocol` with the median prover and verifier times of `(prove, verify)` samples
    /// and the peak RSS so far; the matrix's figures (size, density, nonzeros) left at zero, not
    /// committed, and no GKR or `W̃` figures.
    fn timed(
        protocol: Protocol,
        (prove, verify): (Vec<f64>, Vec<f64>),
        proof_bytes: usize,
        verified: bool,
        threads: usize,
    ) -> Self {
        Self {
            protocol,
            log_size: 0,
            density: 0.0,
            nnz: 0,
            committed: false,
            zk: false,
            prove_ms: median_ms(prove),
            verify_ms: median_ms(verify),
            weight_eval_ms: None,
            proof_bytes,
            peak_rss_mib: peak_rss_mib().unwrap_or(f64::NAN),
            verified,
            threads,
            witness_ms: None,
            layers: None,
        }
    }
}

/// One GKR layer's share of the prover time.
#[derive(Debug, Serialize)]
pub struct GkrLayerRow {
    /// Layer (bottom-up from 1; 1 is the multiplication layer).
    pub layer: usize,
    /// Gates in the layer.
    pub gates: usize,
    /// Wires in the layer below.
    pub width_below: usize,
    /// Phase 1 (tables over u and its sumcheck).
    pub phase1_ms: f64,
    /// Phase 2 (tables over v and its sumcheck).
    pub phase2_ms: f64,
}

/// A configuration refused before allocating.
#[derive(Debug, Serialize)]
struct SkippedRow {
    protocol: Protocol,
    log_size: u32,
    density: f64,
    zk: bool,
    skipped: String,
    estimated_mib: f64,
}

/// Bytes the worker needs for a configuration (matrix storage plus a safety margin).
fn estimated_mib(protocol: Protocol, log_size: u32, density: f64) -> f64 {
    let entries = (1u64 << (2 * log_size)) as f64;
    let nnz = entries * density;
    let ternary = nnz * 4.0;
    let size = 1usize << log_size;
    let bytes = match protocol {
        Protocol::Dense => ternary + entries * 32.0,
        Protocol::Sparse => ternary + nnz * 36.0,
        Protocol::Ternary => ternary,
        Protocol::Gkr => ternary + matvec_estimated_prover_bytes(size, size) as f64,
    };
    bytes * 1.1 / (1024.0 * 1024.0) + 64.0
}

/// Runs every requested protocol in its own worker and prints the rows.
pub fn run(args: MatVecArgs) -> Result<(), Failure> {
    if !args.common.json {
        println!(
            "{:<8} {:>4} {:>8} {:>10} {:>11} {:>11} {:>11} {:>8} {:>9} {:>7}",
            "protocol",
            "K",
            "density",
            "nnz",
            "prove_ms",
            "verify_ms",
            "w_eval_ms",
            "bytes",
            "rss_mib",
            "threads"
        );
    }
    for &protocol in &args.protocols {
        let estimate = estimated_mib(protocol, args.log_size, args.density);
        if let Some(available) = available_memory_mib() {
            if estimate > available * 0.9 {
                let skipped = SkippedRow {
                    protocol,
                    log_size: args.log_size,
                    density: args.density,
                    zk: args.zk,
                    skipped: format!("needs about {estimate:.0} MiB, {available:.0} MiB available"),
                    estimated_mib: estimate,
                };
                print_skipped(&skipped, args.common.json);
                continue;
            }
        }
        let mut worker_args = vec![
            "matvec".to_string(),
            format!("--protocol={}", protocol.name()),
            format!("--log-size={}", args.log_size),
            format!("--density={}", args.density),
            format!("--samples={}", args.common.samples),
            format!("--seed={}", args.common.seed),
        ];
        if let Some(threads) = args.common.threads {
            worker_args.push(format!("--threads={threads}"));
        }
        if args.committed {
            if protocol == Protocol::Gkr {
                let skipped = SkippedRow {
                    protocol,
                    log_size: args.log_size,
                    density: args.density,
                    zk: args.zk,
                    skipped: "GKR proves the matrix as public input; it has no committed variant"
                        .into(),
                    estimated_mib: 0.0,
                };
                print_skipped(&skipped, args.common.json);
                continue;
            }
            worker_args.push("--committed".to_string());
            if args.zk {
                worker_args.push("--zk".to_string());
            }
        }
        let row = spawn_worker(&worker_args)?;
        if args.common.json {
            println!("{row}");
        } else {
            print_row(&row);
        }
    }
    Ok(())
}

fn print_skipped(row: &SkippedRow, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string(row).expect("plain struct serializes")
        );
    } else {
        println!(
            "{:<8} {:>4} {:>8} skipped: {}",
            row.protocol.name(),
            row.log_size,
            row.density,
            row.skipped
        );
    }
}

fn print_row(row: &serde_json::Value) {
    let f = |key: &str| row[key].as_f64().unwrap_or(f64::NAN);
    println!(
        "{:<8} {:>4} {:>8} {:>10} {:>11.3} {:>11.3} {:>11.3} {:>8} {:>9.1} {:>7}",
        row["protocol"].as_str().unwrap_or("?"),
        row["log_size"],
        row["density"],
        row["nnz"],
        f("prove_ms"),
        f("verify_ms"),
        f("weight_eval_ms"),
        row["proof_bytes"],
        f("peak_rss_mib"),
        row["threads"],
    );
}

/// Runs one protocol in this process and prints its row as JSON.
pub fn run_worker(args: MatVecWorkerArgs) -> Result<(), Failure> {
    let threads = configure_threads(args.threads)?;
    let size = 1usize << args.log_size;
    let shape = MatrixShape::new(size, size);
    let ternary = TernaryMatrix::random(shape, args.density, args.seed)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    // The zero-knowledge run's generator (OS-seeded).
    let mut rng = if args.zk {
        Some(spazk::os_rng().map_err(|e| Failure::Usage(e.to_string()))?)
    } else {
        None
    };
    let rng = rng.as_mut();
    let config = RunConfig {
        samples: args.samples,
        seed: args.seed,
        threads,
    };
    let row = match args.protocol {
        Protocol::Dense => measure(DenseMatrix::<Fr>::from(&ternary), args, config, rng),
        Protocol::Sparse => measure(SparseMatrix::<Fr>::from(&ternary), args, config, rng),
        Protocol::Ternary => measure(ternary, args, config, rng),
        Protocol::Gkr => measure_gkr(ternary, args, config),
    };
    println!(
        "{}",
        serde_json::to_string(&row).expect("plain struct serializes")
    );
    if row.verified {
        Ok(())
    } else {
        Err(Failure::Rejected(format!(
            "{} mat-vec proof did not verify",
            row.protocol.name()
        )))
    }
}

#[derive(Clone, Copy)]
struct RunConfig {
    samples: u32,
    seed: u64,
    threads: usize,
}

/// One protocol's row: over the public matrix, a commitment, or (with `rng`, `--zk`) a hiding
/// commitment.
fn measure<M: Matrix<Fr> + Commit>(
    matrix: M,
    args: MatVecWorkerArgs,
    config: RunConfig,
    rng: Option<&mut ZkRng>,
) -> MatVecRow {
    let nnz = matrix.nnz();
    let shape = matrix.shape();
    let inputs = random_field_vectors::<Fr>(1, shape.cols, config.seed ^ 0x1);
    let outputs = vec![matrix.mul_vec(&inputs[0])];
    let statement = MatVecStatement {
        inputs: &inputs,
        outputs: &outputs,
    };
    let mut row = if let Some(rng) = rng {
        measure_zk(matrix, statement, config, rng)
    } else if args.committed {
        // The one-time commitment and the generators are setup, outside every timing.
        let params = HyraxParams::with_default_seed(shape.padded_cols());
        let committed =
            CommittedMatrix::commit(matrix, &params).expect("generators cover the columns");
        let oracle = committed.verifier_view(&params);
        measure_with(&committed, &oracle, statement, config)
    } else {
        let public = PublicMatrix::new(matrix);
        let mut row = measure_with(&public, &public, statement, config);
        let points = random_field_vectors::<Fr>(2, shape.row_vars(), config.seed ^ 0x2);
        let mut weight_times = Vec::new();
        for _ in 0..config.samples {
            let start = Instant::now();
            std::hint::black_box(public.inner().evaluate(&points[0], &points[1]));
            weight_times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        row.weight_eval_ms = Some(median_ms(weight_times));
        row
    };
    row.protocol = args.protocol;
    row.log_size = args.log_size;
    row.density = args.density;
    row.nnz = nnz;
    row.committed = args.committed;
    row.zk = args.zk;
    row
}

/// The zero-knowledge mat-vec over a hiding commitment of `matrix`, with the real commitment
/// layer: `prove_ms` is the mask commitment, the masked sumcheck with its hidden weight opening
/// and the final Σ-protocol; `verify_ms` the same from the verifier's side, its one MSM
/// included. The hiding commitment and the generators are setup, outside every timing.
fn measure_zk<M: Matrix<Fr> + Commit>(
    matrix: M,
    statement: MatVecStatement<'_, Fr>,
    config: RunConfig,
    rng: &mut ZkRng,
) -> MatVecRow {
    let shape = matrix.shape();
    let mask_len = hidden_matvec_mask_len(shape);
    let params = HyraxParams::with_default_seed(shape.padded_cols().max(mask_len));
    let committed = HidingCommittedMatrix::commit(matrix, &params, &mut *rng)
        .expect("generators cover the columns");
    let mut prove_times = Vec::new();
    let mut proof = None;
    for _ in 0..config.samples {
        let start = Instant::now();
        let mut prover =
            ZkProver::new(&params, mask_len, &mut *rng).expect("generators cover the mask");
        let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
        prover.absorb_mask_commitment(&mut transcript);
        let p = prove_hidden_matvec(&committed, statement, &mut prover, &mut transcript)
            .expect("the statement is built for this matrix");
        let zk = prover.finish(&mut transcript);
        prove_times.push(start.elapsed().as_secs_f64() * 1e3);
        proof = Some((p, zk));
    }
    let (proof, zk) = proof.expect("at least one sample");
    let mut verify_times = Vec::new();
    let mut verified = true;
    for _ in 0..config.samples {
        let start = Instant::now();
        // Every step's own error type; the row records only whether all passed.
        let accepted = (|| {
            let mut verifier = ZkVerifier::new(&params, mask_len, &zk).ok()?;
            let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
            verifier.absorb_mask_commitment(&mut transcript);
            let view = HidingMatrixCommitment::new(shape, committed.commitment(), &params).ok()?;
            verify_hidden_matvec(&view, statement, &proof, &mut verifier, &mut transcript).ok()?;
            verifier.finish(&mut transcript).ok()
        })();
        verified &= accepted.is_some();
        verify_times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    MatVecRow::timed(
        Protocol::Ternary,
        (prove_times, verify_times),
        proof.to_bytes().len() + zk.to_bytes().len(),
        verified,
        config.threads,
    )
}

/// Times prover and verifier for any weight source (public matrix or commitment).
fn measure_with<P, O>(
    prover: &P,
    oracle: &O,
    statement: MatVecStatement<'_, Fr>,
    config: RunConfig,
) -> MatVecRow
where
    P: WeightProver<Fr>,
    O: WeightOracle<Fr, Opening = P::Opening>,
{
    let mut prove_times = Vec::new();
    let mut proof = None;
    for _ in 0..config.samples {
        let start = Instant::now();
        let p = prove_matvec(prover, statement, &mut Transcript::new(MATVEC_PROTOCOL))
            .expect("the statement is built for this matrix");
        prove_times.push(start.elapsed().as_secs_f64() * 1e3);
        proof = Some(p);
    }
    let proof = proof.expect("at least one sample");
    let mut verify_times = Vec::new();
    let mut verified = true;
    for _ in 0..config.samples {
        let start = Instant::now();
        verified &= verify_matvec(
            oracle,
            statement,
            &proof,
            &mut Transcript::new(MATVEC_PROTOCOL),
        )
        .is_ok();
        verify_times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    MatVecRow::timed(
        Protocol::Ternary,
        (prove_times, verify_times),
        proof.to_bytes().len(),
        verified,
        config.threads,
    )
}

/// GKR on the mat-vec circuit of the same matrix. Setup (building the circuit, laying out and
/// hashing the inputs) is excluded; evaluating the circuit is reported as `witness_ms`.
fn measure_gkr(matrix: TernaryMatrix, args: MatVecWorkerArgs, config: RunConfig) -> MatVecRow {
    let shape = matrix.shape();
    let nnz = Matrix::<Fr>::nnz(&matrix);
    let circuit = matvec_circuit(shape.rows, shape.cols).expect("square power-of-two shape fits");
    let v = random_field_vectors::<Fr>(1, shape.cols, config.seed ^ 0x1)
        .pop()
        .unwrap_or_default();
    let inputs = matvec_inputs(&matrix, &v);
    drop(matrix);

    let mut witness_times = Vec::new();
    let mut prove_times = Vec::new();
    let mut last = None;
    for _ in 0..config.samples {
        let start = Instant::now();
        let values = circuit
            .evaluate(&inputs)
            .expect("inputs built for this circuit");
        witness_times.push(start.elapsed().as_secs_f64() * 1e3);
        // Each layer's phase times come from the prover's spans.
        let (proof, spans) = record(|| {
            let start = Instant::now();
            let proof = prove_gkr(
                &circuit,
                &inputs,
                &values,
                &mut Transcript::new(GKR_PROTOCOL),
            );
            prove_times.push(start.elapsed().as_secs_f64() * 1e3);
            proof
        });
        let outputs = values.last().cloned().unwrap_or_default();
        drop(values);
        last = Some((proof, spans, outputs));
    }
    let (proof, spans, outputs) = last.expect("at least one sample");

    let mut verify_times = Vec::new();
    let mut verified = true;
    for _ in 0..config.samples {
        let start = Instant::now();
        verified &= verify_gkr(
            &circuit,
            &inputs,
            &outputs,
            &proof,
            &mut Transcript::new(GKR_PROTOCOL),
        )
        .is_ok();
        verify_times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    // Top-down, the order the prover runs the layers in.
    let layers = (1..=circuit.layers().len())
        .rev()
        .map(|layer| GkrLayerRow {
            layer,
            gates: circuit.layers()[layer - 1].len(),
            width_below: circuit.width(layer - 1),
            phase1_ms: spans.layer_ms("phase1", layer as u64),
            phase2_ms: spans.layer_ms("phase2", layer as u64),
        })
        .collect();
    MatVecRow {
        log_size: args.log_size,
        density: args.density,
        nnz,
        witness_ms: Some(median_ms(witness_times)),
        layers: Some(layers),
        ..MatVecRow::timed(
            Protocol::Gkr,
            (prove_times, verify_times),
            proof.to_bytes().len(),
            verified,
            config.threads,
        )
    }
}
