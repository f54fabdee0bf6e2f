//! Set-ups shared by the zero-knowledge model tests (`hidden_inference.rs`, `zk_attacks.rs`):
//! seeded models with nonzero biases, seeded inputs, and hiding keys. All randomness is seeded.
#![allow(dead_code)]

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use spazk_mlp::{ActivationBound, HidingOptions, Model, ModelSecret, ProvingKey};

/// Bias bound every test commits with.
pub const BIAS_BITS: u32 = 10;

/// A model of the given widths, ternary at `density`, with nonzero biases within
/// [`BIAS_BITS`] on every layer.
pub fn model_with_biases(widths: &[usize], density: f64, seed: u64) -> Model {
    let mut model = Model::random(widths, density, seed).unwrap();
    let mut rng = StdRng::seed_from_u64(seed ^ 0xb1a5);
    for layer in &mut model.layers {
        for b in &mut layer.bias {
            *b = rng.gen_range(-500..500);
        }
    }
    model
}

/// `batch` seeded inputs of `width` bytes.
pub fn inputs(batch: usize, width: usize, seed: u64) -> Vec<Vec<u8>> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..batch)
        .map(|_| (0..width).map(|_| rng.gen()).collect())
        .collect()
}

/// A hiding key for batches of up to `max_batch` (bias bound [`BIAS_BITS`], the default
/// activation bounds), blinds from `seed`, and the owner's secret.
pub fn hiding_key(model: Model, max_batch: usize, seed: u64) -> (ProvingKey, ModelSecret) {
    hiding_key_under(model, max_batch, seed, ActivationBound::WorstCase)
}

/// [`hiding_key`] with the activation bounds declared by `rule`.
pub fn hiding_key_under(
    model: Model,
    max_batch: usize,
    seed: u64,
    rule: ActivationBound,
) -> (ProvingKey, ModelSecret) {
    let options = HidingOptions {
        activation_bound: rule,
        ..HidingOptions::new(BIAS_BITS)
    };
    let mut rng = StdRng::seed_from_u64(seed);
    ProvingKey::commit_hiding(model, &options, max_batch, &mut rng).unwrap()
}
