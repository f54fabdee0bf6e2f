//! LogUp: committed range checks of 2^16 and 2^20 sixteen-bit values with 8- and 16-bit limbs
//! (limb commitments and the argument measured apart), and the verifier.

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use spazk_hyrax::HyraxParams;
use spazk_logup::{
    prove_committed_range, verify_committed_range, LimbDecomposition, LOGUP_PROTOCOL,
};
use spazk_transcript::Transcript;
use std::time::Duration;

fn logup(c: &mut Criterion) {
    let params = HyraxParams::with_default_seed(1 << 10);
    let mut group = c.benchmark_group("logup_range_u16");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(300));
    for row_vars in [16u32, 20] {
        let mut rng = StdRng::seed_from_u64(5);
        let values: Vec<u64> = (0..1u64 << row_vars)
            .map(|_| rng.gen_range(0..1 << 16))
            .collect();
        for limb_bits in [8u32, 16] {
            let decomposition = LimbDecomposition {
                value_bits: 16,
                limb_bits,
            };
            let id = format!("2^{row_vars}/limbs{limb_bits}");
            group.bench_function(BenchmarkId::new("commit", &id), |b| {
                b.iter(|| decomposition.commit(&values, &params).unwrap())
            });
            let committed = decomposition.commit(&values, &params).unwrap();
            group.bench_function(BenchmarkId::new("argument", &id), |b| {
                b.iter(|| {
                    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
                    prove_committed_range(&decomposition, &committed, &params, &mut transcript)
                        .unwrap()
                })
            });
            let mut transcript = Transcript::new(LOGUP_PROTOCOL);
            let (proof, _) =
                prove_committed_range(&decomposition, &committed, &params, &mut transcript)
                    .unwrap();
            group.bench_function(BenchmarkId::new("verify", &id), |b| {
                b.iter(|| {
                    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
                    verify_committed_range(
                        &decomposition,
                        row_vars,
                        &proof,
                        &params,
                        &mut transcript,
                    )
                    .unwrap()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, logup);
criterion_main!(benches);
