//! `spazk bench hyrax`: commitment, opening and verification of one table, each beside a plain
//! arkworks baseline timed in the same run.

use super::{parse_density, CommonArgs};
use crate::process::{configure_threads, median_ms};
use crate::Failure;
use clap::{Args, ValueEnum};
use serde::Serialize;
use spazk::field::{eq_table, Fr};
use spazk::hyrax::baseline::projective_row_sums;
use spazk::hyrax::{open_values, verify_opening, Commit, HyraxOpening, HyraxParams, Layout};
use spazk::matrix::{random_field_vectors, Matrix, MatrixShape, TernaryMatrix};
use std::time::Instant;

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use spazk::hyrax::G1Projective;

/// What is committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Values {
    /// A ternary matrix (2^⌈K/2⌉ rows × 2^⌊K/2⌋ columns) from its index lists.
    Ternary,
    /// Unsigned 16-bit values, zero outside the density.
    U16,
}

/// `spazk bench hyrax` options.
#[derive(Args, Debug)]
pub struct HyraxArgs {
    /// The table has 2^K entries.
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=28))]
    pub num_vars: u32,
    /// Fraction of nonzero entries.
    #[arg(long, value_parser = parse_density)]
    pub density: f64,
    /// What the table holds.
    #[arg(long, value_enum, default_value = "ternary")]
    pub values: Values,
    /// Columns of the Hyrax matrix, 2^C (default: the balanced layout, C = ⌊K/2⌋); the
    /// baselines use the same rows.
    #[arg(long)]
    pub col_vars: Option<u32>,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Serialize)]
struct Row {
    op: &'static str,
    ms: f64,
    num_vars: u32,
    density: f64,
    values: Values,
    nnz: usize,
    proof_bytes: usize,
    threads: usize,
}

fn time<T>(samples: u32, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..samples {
        let start = Instant::now();
        let out = f();
        times.push(start.elapsed().as_secs_f64() * 1e3);
        last = Some(out);
    }
    (median_ms(times), last.expect("at least one sample"))
}

/// Runs the Hyrax benchmark in this process.
pub fn run(args: HyraxArgs) -> Result<(), Failure> {
    let threads = configure_threads(args.common.threads)?;
    let layout = match args.col_vars {
        None => Layout::balanced(args.num_vars),
        Some(c) if c <= args.num_vars => Layout {
            row_vars: args.num_vars - c,
            col_vars: c,
        },
        Some(c) => {
            return Err(Failure::Usage(format!(
                "--col-vars {c} exceeds --num-vars {}",
                args.num_vars
            )))
        }
    };
    let params = HyraxParams::with_default_seed(layout.cols());
    let samples = args.common.samples;
    let point = random_field_vectors::<Fr>(1, layout.num_vars(), args.common.seed ^ 3)
        .pop()
        .unwrap_or_default();
    let (col_point, row_point) = point.split_at(layout.col_vars as usize);
    let generators = params.generators();
    let usage = |e: spazk::hyrax::HyraxError| Failure::Usage(e.to_string());

    let mut rows = Vec::new();
    let mut push = |op: &'static str, ms: f64, nnz: usize, proof_bytes: usize| {
        rows.push(Row {
            op,
            ms,
            num_vars: args.num_vars,
            density: args.density,
            values: args.values,
            nnz,
            proof_bytes,
            threads,
        })
    };
    let (commitment, opening, value, nnz) = match args.values {
        Values::Ternary => {
            let shape = MatrixShape::new(layout.rows(), layout.cols());
            let matrix = TernaryMatrix::random(shape, args.density, args.common.seed)
                .map_err(|e| Failure::Usage(e.to_string()))?;
            let nnz = matrix.nnz();
            let (ms, commitment) = time(samples, || matrix.commit(&params, layout));
            let commitment = commitment.map_err(usage)?;
            push("commit", ms, nnz, 0);
            // Baseline: accumulate ±generators into projective rows (mixed additions).
            let (ms, baseline) = time(samples, || {
                projective_row_sums(&matrix, generators, layout.rows())
            });
            std::hint::black_box(baseline);
            push("baseline_commit", ms, nnz, 0);
            // Opening = the mat-vec fold by eq(r_row): additions only.
            let (ms, opening) = time(samples, || {
                let u = Matrix::<Fr>::fold_rows(&matrix, &eq_table(row_point));
                HyraxOpening { u }
            });
            let value = spazk::field::evaluate_mle(&opening.u, col_point).unwrap_or_default();
            push("open", ms, nnz, 0);
            (commitment, opening, value, nnz)
        }
        Values::U16 => {
            let mut rng = StdRng::seed_from_u64(args.common.seed);
            let values: Vec<u16> = (0..layout.rows() * layout.cols())
                .map(|_| {
                    if rng.gen_bool(args.density) {
                        rng.gen_range(1..=u16::MAX)
                    } else {
                        0
                    }
                })
                .collect();
            let nnz = values.iter().filter(|v| **v != 0).count();
            let (ms, commitment) = time(samples, || values.commit(&params, layout));
            let commitment = commitment.map_err(usage)?;
            push("commit", ms, nnz, 0);
            let (ms, baseline) = time(samples, || {
                values
                    .chunks(layout.cols())
                    .map(|row| {
                        <G1Projective as ark_ec::VariableBaseMSM>::msm_u16(
                            &generators[..row.len()],
                            row,
                        )
                    })
                    .collect::<Vec<_>>()
            });
            std::hint::black_box(baseline);
            push("baseline_commit", ms, nnz, 0);
            let field: Vec<Fr> = values.iter().map(|v| Fr::from(*v as u64)).collect();
            let (ms, opened) = time(samples, || open_values(&field, layout, &point));
            let (opening, value) = opened.map_err(usage)?;
            push("open", ms, nnz, 0);
            (commitment, opening, value, nnz)
        }
    };
    let proof_bytes = ark_serialize::CanonicalSerialize::compressed_size(&opening);
    let (ms, verified) = time(samples, || {
        verify_opening(&params, &commitment, &point, value, &opening)
    });
    verified.map_err(|e| Failure::Rejected(e.to_string()))?;
    push("verify", ms, nnz, proof_bytes);
    // Baseline: the verifier's two MSMs done separately with plain arkworks.
    let (ms, _) = time(samples, || {
        let left =
            <G1Projective as ark_ec::VariableBaseMSM>::msm(&commitment.rows, &eq_table(row_point));
        let right = <G1Projective as ark_ec::VariableBaseMSM>::msm(
            &generators[..layout.cols()],
            &opening.u,
        );
        (left, right)
    });
    push("baseline_verify", ms, nnz, proof_bytes);

    for row in rows {
        super::emit(args.common.json, &row, |row| {
            format!(
                "{:<16} {:>10.3} ms  K={} density={} values={:?} nnz={} proof_bytes={} threads={}",
                row.op,
                row.ms,
                row.num_vars,
                row.density,
                row.values,
                row.nnz,
                row.proof_bytes,
                row.threads
            )
        });
    }
    Ok(())
}
