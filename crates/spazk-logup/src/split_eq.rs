//! `eq(ρ, x)` kept out of a sumcheck's tables (Gruen's split), shared by the fraction-tree
//! layers and the activation zero-check.
//!
//! With `m` variables unbound, the current (top) one `x_{m−1}` and the rest `x'`:
//! `eq(ρ, (x', t, bound)) = eq(ρ_low, x')·eq(ρ_{m−1}, t)·Π_bound eq(ρ_i, r_i)`. A round therefore
//! sums the inner polynomial `Q(t) = Σ_{x'} eq(ρ_low, x')·G(x', t)` (one degree lower) and
//! multiplies by the linear factor and the bound product; `eq(ρ_low, ·)` shrinks each round by
//! additions only (the top variable's two eq factors sum to one).

use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field, One};
use spazk_field::eq_table_into;

/// `eq(ρ, t) = (1 − ρ)(1 − t) + ρ·t`.
pub(crate) fn eq_linear(rho: Fr, t: Fr) -> Fr {
    Fr::one() - rho - t + (rho * t).double()
}

/// The split eq of one sumcheck.
pub(crate) struct SplitEq {
    low: Vec<Fr>,
    rho: Vec<Fr>,
    bound: Fr,
    unbound: usize,
}

impl SplitEq {
    /// For the point `ρ` of the claim (one coordinate per variable).
    pub(crate) fn new(rho: Vec<Fr>) -> Self {
        Self::new_in(rho, Vec::new())
    }

    /// [`SplitEq::new`] with its table written into `buffer`'s memory.
    pub(crate) fn new_in(rho: Vec<Fr>, mut buffer: Vec<Fr>) -> Self {
        let unbound = rho.len();
        let low = if unbound == 0 {
            buffer.clear();
            buffer.push(Fr::one());
            buffer
        } else {
            eq_table_into(&rho[..unbound - 1], &mut buffer);
            buffer
        };
        Self {
            low,
            rho,
            bound: Fr::one(),
            unbound,
        }
    }

    /// The table's memory, for reuse.
    pub(crate) fn into_buffer(self) -> Vec<Fr> {
        self.low
    }

    /// Variables of the sumcheck.
    pub(crate) fn rounds(&self) -> usize {
        self.rho.len()
    }

    /// `eq(ρ_low, x')` for the variables below the current one (a table's low half).
    pub(crate) fn low(&self) -> &[Fr] {
        &self.low
    }

    fn current(&self) -> Fr {
        self.rho[self.unbound - 1]
    }

    /// `Q(1)` from the running claim `bound·((1 − ρ)·Q(0) + ρ·Q(1))`, unless a factor is zero.
    pub(crate) fn inner_at_one(&self, claim: Fr, q0: Fr) -> Option<Fr> {
        let rho = self.current();
        (self.bound * rho)
            .inverse()
            .map(|inverse| (claim - self.bound * (Fr::one() - rho) * q0) * inverse)
    }

    /// The round polynomial at `0, 1, …`: `bound·eq(ρ_cur, t)·Q(t)` for `inner = [Q(0), Q(1), …]`.
    pub(crate) fn round_values(&self, inner: &[Fr]) -> Vec<Fr> {
        let rho = self.current();
        inner
            .iter()
            .enumerate()
            .map(|(t, q)| self.bound * eq_linear(rho, Fr::from(t as u64)) * q)
            .collect()
    }

    /// Binds the current variable to `r`.
    pub(crate) fn bind(&mut self, r: Fr) {
        self.bound *= eq_linear(self.current(), r);
        self.unbound -= 1;
        let half = self.low.len() / 2;
        if half > 0 {
            let (low, high) = self.low.split_at_mut(half);
            low.iter_mut().zip(high.iter()).for_each(|(l, h)| *l += h);
            self.low.truncate(half);
        }
    }
}
