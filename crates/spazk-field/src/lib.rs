//! Field and polynomial primitives for SpaZK.
//!
//! * [`Fr`]: the BN254 scalar field, the field every SpaZK proof lives in (so that Hyrax can commit
//!   over BN254 G1). Everything else in this crate is generic over [`ark_ff::Field`] /
//!   [`ark_ff::PrimeField`].
//! * [`mle`]: multilinear extensions of tables of length `2^k`, **little-endian**: variable `i` of
//!   the MLE is bit `i` of the table index. A matrix `W` of `m × n` entries is the table of index
//!   `y·n + x`, so its low variables are the column `x` and its high variables the row `y`; a
//!   batch index takes the highest bits. This convention is fixed here and nowhere else.
//! * [`univariate`]: sumcheck round polynomials in evaluation form, their interpolation, and
//!   [`extrapolate_evaluations`], the one helper provers extend a round polynomial with.
//! * [`claim`]: [`EvalClaim`], the `{point, value}` claim every protocol passes on.
//! * [`inverse`]: batch inversion that reports a zero instead of skipping it.
//! * [`lazy`]: unreduced accumulators for long sums of field elements (the ternary fold) and of
//!   products (the sumcheck provers' `Σ eq·f`).
//!
//! What this crate is for: the arithmetic every other SpaZK crate shares, and nothing
//! protocol-specific (no transcript, no matrix, no proof). May depend on: the arkworks field
//! crates (`ark-ff`, `ark-bn254`, `ark-serialize`, `ark-std`), `thiserror`, and `rayon` behind
//! `parallel` (only in [`parallel`], the one place loops meet the thread pool). Every other
//! SpaZK crate sits on it.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod claim;
pub mod inverse;
pub mod lazy;
pub mod mle;
pub mod parallel;
pub mod univariate;

pub use ark_bn254::Fr;
pub use ark_ff::{Field, One, PrimeField, Zero};
pub use claim::EvalClaim;
pub use inverse::{batch_inverse, ZeroInverseError};
pub use lazy::{
    SignedScaledSum, UnreducedAccumulate, UnreducedMultiply, UnreducedProductSum, UnreducedSum,
};
pub use mle::{
    bind_top_variable, eq_eval, eq_table, eq_table_into, eq_table_prefix_into, evaluate_mle,
    evaluate_mle_with_eq, log2_ceil, padded_len, scaled_eq_table_into,
};
pub use univariate::{extrapolate_evaluations, LagrangeInterpolator, RoundPolynomial};
