//! Hyrax: committing ternary matrices (batch-affine) against plain projective accumulation, and
//! verifying one opening (one merged MSM) at 2^20 and 2^24 entries, density 1/16; committing
//! unsigned 16-bit values (bit planes) against one `msm_u16` per row.

use ark_ec::VariableBaseMSM;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use spazk_field::{eq_table, evaluate_mle, Fr};
use spazk_hyrax::baseline::projective_row_sums;
use spazk_hyrax::{verify_opening, Commit, G1Projective, HyraxOpening, HyraxParams, Layout};
use spazk_matrix::{random_field_vectors, Matrix, MatrixShape, TernaryMatrix};
use std::time::Duration;

fn hyrax(c: &mut Criterion) {
    let params = HyraxParams::with_default_seed(1 << 12);
    let mut group = c.benchmark_group("hyrax_ternary_d1_16");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(300));
    for num_vars in [20u32, 24] {
        let layout = Layout::balanced(num_vars);
        let matrix = TernaryMatrix::random(
            MatrixShape::new(layout.rows(), layout.cols()),
            1.0 / 16.0,
            3,
        )
        .unwrap();
        group.bench_function(BenchmarkId::new("commit", num_vars), |b| {
            b.iter(|| matrix.commit(&params, layout).unwrap())
        });
        group.bench_function(
            BenchmarkId::new("baseline_commit_projective", num_vars),
            |b| b.iter(|| projective_row_sums(&matrix, params.generators(), layout.rows())),
        );
        let commitment = matrix.commit(&params, layout).unwrap();
        let point = random_field_vectors::<Fr>(1, num_vars as usize, 4)
            .pop()
            .unwrap();
        let (col_point, row_point) = point.split_at(layout.col_vars as usize);
        let opening = HyraxOpening {
            u: Matrix::<Fr>::fold_rows(&matrix, &eq_table(row_point)),
        };
        let value = evaluate_mle(&opening.u, col_point).unwrap();
        group.bench_function(BenchmarkId::new("verify", num_vars), |b| {
            b.iter(|| verify_opening(&params, &commitment, &point, value, &opening).unwrap())
        });
    }
    group.finish();
}

fn hyrax_u16(c: &mut Criterion) {
    let params = HyraxParams::with_default_seed(1 << 10);
    let mut group = c.benchmark_group("hyrax_u16");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(300));
    for num_vars in [16u32, 20] {
        let layout = Layout::balanced(num_vars);
        let mut rng = StdRng::seed_from_u64(5);
        let values: Vec<u16> = (0..1usize << num_vars).map(|_| rng.gen()).collect();
        group.bench_function(BenchmarkId::new("commit", num_vars), |b| {
            b.iter(|| values.commit(&params, layout).unwrap())
        });
        let generators = &params.generators()[..layout.cols()];
        group.bench_function(BenchmarkId::new("baseline_commit_msm_u16", num_vars), |b| {
            b.iter(|| {
                values
                    .chunks(layout.cols())
                    .map(|row| G1Projective::msm_u16(generators, row))
                    .collect::<Vec<_>>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, hyrax, hyrax_u16);
criterion_main!(benches);
