//! The prover's side of one sumcheck statement, as the engine drives it.

use ark_ff::PrimeField;

/// One sumcheck statement `Σ_{x ∈ {0,1}^k} g(x) = claim`, seen from the prover.
///
/// The engine calls [`Self::round_polynomial`] then [`Self::bind`] once per round. Round `j`
/// binds variable `k − 1 − j`: instances fold their tables from the top.
pub trait SumcheckInstance<F: PrimeField> {
    /// `k`, the number of variables.
    fn num_rounds(&self) -> usize;

    /// Degree of every round polynomial.
    fn degree(&self) -> usize;

    /// Values at `0, 1, …, degree` of this round's polynomial
    /// `p(t) = Σ_{x'} g(x', t, bound…)`. `claim` is the running claim `p(0) + p(1)`, which lets
    /// an instance skip computing `p(1)`.
    fn round_polynomial(&self, claim: F) -> Vec<F>;

    /// Fixes the current top variable to `challenge`.
    fn bind(&mut self, challenge: F);
}
