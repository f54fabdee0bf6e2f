//! Does the unreduced accumulator pay for itself in the ternary fold's inner loop?
//! Sums 2^16 gathered `eq` entries per column, as the fold does, both ways.

use ark_ff::UniformRand;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use spazk_field::{eq_table, Fr, UnreducedAccumulate};
use std::hint::black_box;

fn gathered_sums(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(7);
    let table: Vec<Fr> = (0..4096).map(|_| Fr::rand(&mut rng)).collect();
    let indices: Vec<u32> = (0..1 << 16).map(|_| rng.gen_range(0..4096)).collect();
    let mut group = c.benchmark_group("gathered_sum_65536");
    group.bench_function("reduced_add", |b| {
        b.iter(|| {
            let mut acc = Fr::from(0u64);
            for &i in &indices {
                acc += table[i as usize];
            }
            black_box(acc)
        })
    });
    group.bench_function("unreduced_accumulate", |b| {
        b.iter(|| {
            let mut acc = <Fr as UnreducedAccumulate>::Accumulator::default();
            for &i in &indices {
                Fr::accumulate(&mut acc, &table[i as usize]);
            }
            black_box(Fr::reduce(&acc))
        })
    });
    group.finish();
}

fn eq_tables(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(8);
    let point: Vec<Fr> = (0..12).map(|_| Fr::rand(&mut rng)).collect();
    c.bench_function("eq_table_2^12", |b| {
        b.iter_batched(|| point.clone(), |p| eq_table(&p), BatchSize::SmallInput)
    });
}

criterion_group!(benches, gathered_sums, eq_tables);
criterion_main!(benches);
