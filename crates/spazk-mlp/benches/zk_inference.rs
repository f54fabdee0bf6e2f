//! Zero-knowledge inference against transparent inference on the same model and input: prove
//! and verify in both modes, proof sizes printed once (issue 15's targets: ZK prove ≤ 1.5× and
//! ZK verify ≤ 1.5× the transparent figures, ZK proof ≤ the transparent proof).
//!
//! The model is the one `spazk bench mlp` builds (`Model::random`: seeded ternary weights at
//! density 1/16, zero biases), 784-4096-10, batch 1; the hiding commitment declares the bias
//! bound `spazk commit` declares by default (the widest layer's `bits(cols · 255)`, from the
//! shapes). `SPAZK_BENCH_ARCH` and `SPAZK_BENCH_BATCH` override the architecture and the batch
//! (e.g. `784-4096-4096-10`, `16`). Prove times include inference and every advice commitment,
//! not the one-time weight commitment; verify times include decoding the proof. The ZK prover's
//! randomness is a seeded `StdRng` here (a bench, not a deployment).
//!
//! `zk_prove` computes everything on the spot; `zk_prove_pooled` takes the input-independent
//! part (mask, Σ-protocol nonces, blinds of hidden scalars, the advice rows' blinds with their
//! `β·H`) from a [`NoncePool`] filled before each proof, and `zk_pool_fill` times that
//! filling: what a prover can do before the input
//! arrives or on a spare core.

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use spazk_hyrax::zk::NoncePool;
use spazk_mlp::{
    parse_architecture, prove_hidden_inference, prove_hidden_inference_pooled, prove_inference,
    verify_hidden_inference, verify_inference, HiddenInferenceProof, HiddenStatement,
    HidingOptions, InferenceProof, InferenceStatement, InputVisibility, Model, ProvingKey,
    StatementInput,
};
use std::time::Duration;

fn setting() -> (String, usize) {
    let arch = std::env::var("SPAZK_BENCH_ARCH").unwrap_or_else(|_| "784-4096-10".into());
    let batch = std::env::var("SPAZK_BENCH_BATCH")
        .ok()
        .map(|b| b.parse().expect("SPAZK_BENCH_BATCH is a batch size"))
        .unwrap_or(1);
    (arch, batch)
}

fn zk_inference(c: &mut Criterion) {
    let (arch, batch) = setting();
    let widths = parse_architecture(&arch).unwrap();
    let model = Model::random(&widths, 1.0 / 16.0, 7).unwrap();
    let mut rng = StdRng::seed_from_u64(7 ^ 1);
    let inputs: Vec<Vec<u8>> = (0..batch)
        .map(|_| (0..widths[0]).map(|_| rng.gen()).collect())
        .collect();

    let transparent = ProvingKey::commit(model.clone(), batch).unwrap();
    let bias_bits = model.shape_bias_bits();
    let (hiding, _secret) = ProvingKey::commit_hiding(
        model,
        &HidingOptions::new(bias_bits),
        batch,
        &mut StdRng::seed_from_u64(11),
    )
    .unwrap();
    let (transparent_vk, hiding_vk) = (transparent.verifying_key(), hiding.verifying_key());

    let (outputs, proof) = prove_inference(&transparent, &inputs).unwrap();
    let transparent_bytes = proof.to_bytes();
    let mut prover_rng = StdRng::seed_from_u64(13);
    let proved =
        prove_hidden_inference(&hiding, &inputs, InputVisibility::Public, &mut prover_rng).unwrap();
    assert_eq!(
        proved.outputs, outputs,
        "both modes compute the same logits"
    );
    let hidden_bytes = proved.proof.to_bytes();
    // A proof with an empty pool records what a proof of these shapes takes.
    let mut pool = NoncePool::new();
    prove_hidden_inference_pooled(
        &hiding,
        &inputs,
        InputVisibility::Public,
        &mut pool,
        &mut prover_rng,
    )
    .unwrap();
    let demand = pool.last_demand().clone();
    let params = hiding.params_for(batch);
    println!(
        "zk_inference {arch} batch {batch}: proof bytes transparent {} ZK {} ({:.2}×)",
        transparent_bytes.len(),
        hidden_bytes.len(),
        hidden_bytes.len() as f64 / transparent_bytes.len() as f64
    );

    let mut group = c.benchmark_group(format!("zk_inference_{arch}_b{batch}"));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_millis(500));
    group.bench_function("transparent_prove", |b| {
        b.iter(|| prove_inference(&transparent, &inputs).unwrap())
    });
    group.bench_function("zk_prove", |b| {
        b.iter(|| {
            prove_hidden_inference(&hiding, &inputs, InputVisibility::Public, &mut prover_rng)
                .unwrap()
        })
    });
    let filled = |rng: &mut StdRng| {
        let mut pool = NoncePool::new();
        pool.fill(&params, &demand, rng);
        pool
    };
    group.bench_function("zk_pool_fill", |b| b.iter(|| filled(&mut prover_rng)));
    let mut fill_rng = StdRng::seed_from_u64(17);
    group.bench_function("zk_prove_pooled", |b| {
        b.iter_batched(
            || filled(&mut fill_rng),
            |mut pool| {
                prove_hidden_inference_pooled(
                    &hiding,
                    &inputs,
                    InputVisibility::Public,
                    &mut pool,
                    &mut prover_rng,
                )
                .unwrap()
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("transparent_verify", |b| {
        b.iter(|| {
            let proof = InferenceProof::from_bytes(&transparent_bytes).unwrap();
            let statement = InferenceStatement {
                inputs: &inputs,
                outputs: &outputs,
            };
            verify_inference(&transparent_vk, statement, &proof).unwrap()
        })
    });
    group.bench_function("zk_verify", |b| {
        b.iter(|| {
            let proof = HiddenInferenceProof::from_bytes(&hidden_bytes).unwrap();
            let statement = HiddenStatement {
                input: StatementInput::Public(&inputs),
                outputs: &outputs,
            };
            verify_hidden_inference(&hiding_vk, statement, &proof).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, zk_inference);
criterion_main!(benches);
