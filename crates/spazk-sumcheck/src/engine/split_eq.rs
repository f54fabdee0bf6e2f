//! `eq(ρ, x)` kept out of a sumcheck's tables (Gruen's split), for instances whose polynomial is
//! `eq(ρ, x)·G(x)`: the LogUp fraction-tree layers and the activation zero-check.
//!
//! With `m` variables unbound, the current (top) one `x_{m−1}` and the rest `x'`:
//! `eq(ρ, (x', t, bound)) = eq(ρ_low, x')·eq(ρ_{m−1}, t)·Π_bound eq(ρ_i, r_i)`. A round therefore
//! sums the inner polynomial `Q(t) = Σ_{x'} eq(ρ_low, x')·G(x', t)` (one degree lower) and
//! multiplies by the linear factor and the bound product; `eq(ρ_low, ·)` shrinks each round by
//! additions only (the top variable's two eq factors sum to one).
//!
//! Variables are bound top-down, as the engine binds them ([`crate::SumcheckInstance::bind`]).

use ark_ff::Field;
use spazk_field::eq_table_into;

/// `eq(ρ, t) = (1 − ρ)(1 − t) + ρ·t`.
fn eq_linear<F: Field>(rho: F, t: F) -> F {
    F::one() - rho - t + (rho * t).double()
}

/// The split `eq(ρ, ·)` of one sumcheck over `ρ.len()` variables: the table of `eq(ρ_low, ·)`
/// over the variables below the current one, and the product of the bound variables' factors.
///
/// An instance sums `eq(ρ_low, x')·G(x', t)` over [`SplitEq::low`] for its inner polynomial `Q`,
/// recovers `Q(1)` from the running claim with [`SplitEq::inner_at_one`], turns `Q` into the
/// round polynomial with [`SplitEq::round_values`], and calls [`SplitEq::bind`] with each
/// challenge.
#[derive(Clone, Debug)]
pub struct SplitEq<F: Field> {
    low: Vec<F>,
    rho: Vec<F>,
    bound: F,
    unbound: usize,
}

impl<F: Field> SplitEq<F> {
    /// For the point `ρ` of the claim (one coordinate per variable, in variable order).
    pub fn new(rho: Vec<F>) -> Self {
        Self::new_in(rho, Vec::new())
    }

    /// [`SplitEq::new`] with its table written into `buffer`'s memory (a caller proving many
    /// sumchecks in a row reuses one allocation, see [`SplitEq::into_buffer`]).
    pub fn new_in(rho: Vec<F>, mut buffer: Vec<F>) -> Self {
        let unbound = rho.len();
        let low = if unbound == 0 {
            buffer.clear();
            buffer.push(F::one());
            buffer
        } else {
            eq_table_into(&rho[..unbound - 1], &mut buffer);
            buffer
        };
        Self {
            low,
            rho,
            bound: F::one(),
            unbound,
        }
    }

    /// The table's memory, for reuse.
    pub fn into_buffer(self) -> Vec<F> {
        self.low
    }

    /// Variables of the sumcheck (its number of rounds).
    pub fn rounds(&self) -> usize {
        self.rho.len()
    }

    /// `eq(ρ_low, x')` for the variables below the current one (a table's low half).
    pub fn low(&self) -> &[F] {
        &self.low
    }

    fn current(&self) -> F {
        self.rho[self.unbound - 1]
    }

    /// `Q(1)` from the running claim `bound·((1 − ρ)·Q(0) + ρ·Q(1))`, unless a factor is zero
    /// (then the instance computes `Q(1)` itself).
    pub fn inner_at_one(&self, claim: F, q0: F) -> Option<F> {
        let rho = self.current();
        (self.bound * rho)
            .inverse()
            .map(|inverse| (claim - self.bound * (F::one() - rho) * q0) * inverse)
    }

    /// The round polynomial at `0, 1, …`: `bound·eq(ρ_cur, t)·Q(t)` for `inner = [Q(0), Q(1), …]`.
    pub fn round_values(&self, inner: &[F]) -> Vec<F> {
        let rho = self.current();
        inner
            .iter()
            .enumerate()
            .map(|(t, q)| self.bound * eq_linear(rho, F::from(t as u64)) * q)
            .collect()
    }

    /// Binds the current variable to `r`.
    pub fn bind(&mut self, r: F) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use spazk_field::{eq_eval, Fr};

    #[test]
    fn round_values_times_inner_sums_give_the_eq_weighted_sum() {
        // G ≡ 1: Σ_x eq(ρ, x) = 1 for any ρ, so Q(t) = Σ_{x'} eq(ρ_low, x') is 1 in each round
        // and the round polynomial at t is the eq factor of the bound and current variables.
        let rho: Vec<Fr> = (2..6u64).map(Fr::from).collect();
        let mut eq = SplitEq::new(rho.clone());
        let mut bound = Vec::new();
        for round in 0..rho.len() {
            let inner: Fr = eq.low().iter().sum();
            assert_eq!(inner, Fr::from(1u64));
            let values = eq.round_values(&[inner, inner]);
            let r = Fr::from(7 + round as u64);
            let top = &rho[rho.len() - 1 - round..];
            assert_eq!(
                values[0] + values[1],
                eq_eval(&top[1..], &bound),
                "round {round}"
            );
            eq.bind(r);
            bound.insert(0, r);
        }
    }
}
