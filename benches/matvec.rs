//! Dense vs sparse vs ternary mat-vec provers (and the verifier) on the same seeded matrices:
//! square 2^10 … 2^13, densities 1/16, 1/4 and 1, and the GKR baseline on the mat-vec circuit of
//! the same matrix at 2^10 (larger GKR runs take seconds each: use `spazk bench matvec`).
//! Matrix generation and the statement are set up outside the timed part; `prove` is the whole
//! prover (statement absorption, fold, sumcheck); GKR's circuit evaluation is outside it too.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use spazk::field::Fr;
use spazk::gkr::matvec::{matvec_circuit, matvec_inputs};
use spazk::gkr::{prove_gkr, verify_gkr, GKR_PROTOCOL};
use spazk::matrix::{
    random_field_vectors, DenseMatrix, Matrix, MatrixShape, SparseMatrix, TernaryMatrix,
};
use spazk::sumcheck::{
    prove_matvec, verify_matvec, MatVecStatement, PublicMatrix, MATVEC_PROTOCOL,
};
use spazk::transcript::Transcript;
use std::time::Duration;

fn bench_kind<M: Matrix<Fr>>(
    c: &mut Criterion,
    kind: &str,
    log_size: usize,
    density_name: &str,
    matrix: M,
) {
    let shape = matrix.shape();
    let public = PublicMatrix::new(matrix);
    let inputs = random_field_vectors::<Fr>(1, shape.cols, 1);
    let outputs = vec![public.inner().mul_vec(&inputs[0])];
    let statement = MatVecStatement {
        inputs: &inputs,
        outputs: &outputs,
    };
    let mut group = c.benchmark_group(format!("matvec_{density_name}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    group.bench_function(BenchmarkId::new(format!("{kind}_prove"), log_size), |b| {
        b.iter(|| prove_matvec(&public, statement, &mut Transcript::new(MATVEC_PROTOCOL)).unwrap())
    });
    let proof = prove_matvec(&public, statement, &mut Transcript::new(MATVEC_PROTOCOL)).unwrap();
    group.bench_function(BenchmarkId::new(format!("{kind}_verify"), log_size), |b| {
        b.iter(|| {
            verify_matvec(
                &public,
                statement,
                &proof,
                &mut Transcript::new(MATVEC_PROTOCOL),
            )
            .unwrap()
        })
    });
    group.finish();
}

fn bench_gkr(c: &mut Criterion, log_size: usize, density_name: &str, matrix: &TernaryMatrix) {
    let shape = matrix.shape();
    let circuit = matvec_circuit(shape.rows, shape.cols).unwrap();
    let v = random_field_vectors::<Fr>(1, shape.cols, 1).pop().unwrap();
    let inputs = matvec_inputs(matrix, &v);
    let values = circuit.evaluate(&inputs).unwrap();
    let outputs = values.last().unwrap().clone();
    let mut group = c.benchmark_group(format!("matvec_{density_name}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_millis(500));
    group.bench_function(BenchmarkId::new("gkr_prove", log_size), |b| {
        b.iter(|| {
            prove_gkr(
                &circuit,
                &inputs,
                &values,
                &mut Transcript::new(GKR_PROTOCOL),
            )
        })
    });
    let proof = prove_gkr(
        &circuit,
        &inputs,
        &values,
        &mut Transcript::new(GKR_PROTOCOL),
    );
    group.bench_function(BenchmarkId::new("gkr_verify", log_size), |b| {
        b.iter(|| {
            verify_gkr(
                &circuit,
                &inputs,
                &outputs,
                &proof,
                &mut Transcript::new(GKR_PROTOCOL),
            )
            .unwrap()
        })
    });
    group.finish();
}

fn matvec(c: &mut Criterion) {
    for (density, density_name) in [(1.0 / 16.0, "d1_16"), (0.25, "d1_4"), (1.0, "d1")] {
        for log_size in 10..=13 {
            let shape = MatrixShape::new(1 << log_size, 1 << log_size);
            let ternary = TernaryMatrix::random(shape, density, 2024).unwrap();
            // Dense at 2^13 is 2 GiB of field elements: bench it at the sparsest density only.
            if log_size < 13 || density < 0.1 {
                bench_kind(
                    c,
                    "dense",
                    log_size,
                    density_name,
                    DenseMatrix::<Fr>::from(&ternary),
                );
            }
            bench_kind(
                c,
                "sparse",
                log_size,
                density_name,
                SparseMatrix::<Fr>::from(&ternary),
            );
            if log_size == 10 {
                bench_gkr(c, log_size, density_name, &ternary);
            }
            bench_kind(c, "ternary", log_size, density_name, ternary);
        }
    }
}

criterion_group!(benches, matvec);
criterion_main!(benches);
