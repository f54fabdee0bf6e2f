//! SpaZK: proofs of neural-network inference whose cost follows the model's sparsity.
//!
//! This facade re-exports the layers, bottom up:
//! * [`field`]: BN254 `Fr`, multilinear tables, eq tables, round polynomials;
//! * [`transcript`]: the BLAKE3 Fiat–Shamir transcript;
//! * [`matrix`]: dense, sparse and ternary weight matrices, their folds, digests and seeded
//!   generators;
//! * [`sumcheck`]: the sumcheck engine every protocol runs on, and the mat-vec protocol;
//! * [`hyrax`]: Hyrax commitments over BN254 G1, with O(nnz) commitment and free opening of
//!   ternary weight matrices;
//! * [`logup`]: LogUp-GKR lookup arguments and committed range checks;
//! * [`activation`]: the ReLU + requantize argument (requantization-table lookups, or limb range
//!   checks and a zero-check);
//! * [`mlp`]: ternary MLPs — model commitment and one proof per batched inference;
//! * [`gkr`]: the layered-circuit GKR prover, the baseline the benchmarks compare against (the
//!   product never runs on it).
//!
//! Proofs are zero-knowledge when the model is committed in hiding mode ([`zk`]: weights,
//! biases, hidden activations and a private input stay hidden); transparent proofs reveal
//! folded weights and activations.
//!
//! For users who want one dependency: the re-exports, and two small modules of its own — the
//! one source of randomness of zero-knowledge mode ([`os_rng`], [`randomness`]) and the
//! mode-dispatching commit / prove / verify ([`zk`]). May depend on every library crate of the
//! workspace, `getrandom` and `thiserror`; above it only the command line (`spazk-cli`), the
//! benchmark suite and the Python package.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub use spazk_activation as activation;
pub use spazk_field as field;
pub use spazk_gkr as gkr;
pub use spazk_hyrax as hyrax;
pub use spazk_logup as logup;
pub use spazk_matrix as matrix;
pub use spazk_mlp as mlp;
pub use spazk_sumcheck as sumcheck;
pub use spazk_transcript as transcript;

pub mod randomness;
pub mod zk;

pub use randomness::{os_rng, OsRandomnessError, ZkRng};

/// The README's code blocks, compiled and run as doctests so that the library snippet there
/// cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
