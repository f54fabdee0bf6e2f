//! The seeded 64-32-10 models and inputs the key tests prove with, and a model of the same
//! shapes with other weights.
// Each test file compiles this module on its own and uses a part of it.
#![allow(dead_code)]

use spazk_matrix::TernaryMatrix;
use spazk_mlp::{LayerWeights, Model};

/// A random 64-32-10 model (density 0.25) drawn from `seed`.
pub fn model(seed: u64) -> Model {
    Model::random(&[64, 32, 10], 0.25, seed).unwrap()
}

/// `batch` fixed inputs of 64 bytes.
pub fn inputs(batch: usize) -> Vec<Vec<u8>> {
    (0..batch)
        .map(|b| (0..64).map(|x| ((b * 89 + x * 37) % 256) as u8).collect())
        .collect()
}

/// `model(1)` with the hidden layer's weights redrawn: same shapes, biases and activations.
pub fn reweighted() -> Model {
    let mut m = model(1);
    match &mut m.layers[0].weights {
        LayerWeights::Ternary(w) => *w = TernaryMatrix::random(w.shape(), 0.25, 99).unwrap(),
        LayerWeights::Integer(_) => panic!("random models are ternary"),
    }
    m
}
