//! The engine alone: prove and verify `Σ f·g` for tables of 2^12 … 2^16 entries.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use spazk_field::Fr;
use spazk_matrix::random_field_vectors;
use spazk_sumcheck::{prove_sumcheck, verify_sumcheck, ProductInstance};
use spazk_transcript::Transcript;

fn product_sumcheck(c: &mut Criterion) {
    let mut group = c.benchmark_group("product_sumcheck");
    for log_len in [12usize, 14, 16] {
        let tables = random_field_vectors::<Fr>(2, 1 << log_len, log_len as u64);
        let claim: Fr = tables[0].iter().zip(&tables[1]).map(|(a, b)| *a * b).sum();
        group.bench_with_input(BenchmarkId::new("prove", log_len), &tables, |b, tables| {
            b.iter_batched(
                || ProductInstance::new(tables[0].clone(), tables[1].clone()),
                |mut instance| prove_sumcheck(&mut instance, claim, &mut Transcript::new(b"bench")),
                BatchSize::LargeInput,
            )
        });
        let mut instance = ProductInstance::new(tables[0].clone(), tables[1].clone());
        let (proof, _) = prove_sumcheck(&mut instance, claim, &mut Transcript::new(b"bench"));
        group.bench_with_input(BenchmarkId::new("verify", log_len), &proof, |b, proof| {
            b.iter(|| {
                verify_sumcheck(proof, claim, log_len, 2, &mut Transcript::new(b"bench")).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, product_sumcheck);
criterion_main!(benches);
