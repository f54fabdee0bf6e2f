//! Mask equivocation (design.md §8, "Tests that show it"): the evidence that a masked
//! sumcheck's clear messages say nothing about the witness. Feature `test-util` only.
//!
//! With `ρ` and every challenge fixed, the round polynomials a masked prover sends are
//! `s_i = h_i + ρ·m_i(M)`, affine in the mask `M`. Given the messages `s` of one witness and a
//! second witness `h'`, [`solve_equivocating_mask`] solves `ρ·m_i(M′) = s_i − h'_i` for a mask
//! `M′`: if one exists for every second witness, the messages are as likely under either
//! witness (the mask is uniform), which is the simulation argument in executable form. The
//! solve needs each `g_i` to have the full degree `d` of the round polynomials — with degree
//! `d − 1` (the negative control, `mask_degree < d`) the top coefficients of `h_i − h'_i`
//! cannot be absorbed and the solve fails with [`EquivocationError::TopCoefficient`].
//!
//! Everything is generic over [`SumcheckInstance`], so that the crates with other instances
//! (LogUp layers of degree 3, the activation zero-check of degree 4) run the same test from
//! their own test suites.

use super::{MaskShape, ProverMask};
use crate::engine::instance::SumcheckInstance;
use crate::engine::prover::{run_rounds, FixedChallenges, NoMask};
use crate::hidden::MaskSlice;
use ark_ff::PrimeField;
use spazk_field::RoundPolynomial;
use thiserror::Error;

/// Why no equivocating mask exists (or the inputs do not describe a masked sumcheck).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EquivocationError {
    /// The weight `ρ` is zero: the mask does not enter the messages at all.
    #[error("the mask weight is zero")]
    ZeroWeight,
    /// The messages, challenges or mask degree do not fit the instance.
    #[error("shape mismatch: {what} is {found}, expected {expected}")]
    Shape {
        /// Which input.
        what: &'static str,
        /// What the instance requires.
        expected: usize,
        /// What was given.
        found: usize,
    },
    /// Round `round` would need a mask coefficient above the mask's degree: the difference of
    /// the two witnesses' round polynomials has a top coefficient the mask cannot carry.
    #[error("round {round}: the mask would need a coefficient above its degree")]
    TopCoefficient {
        /// The round (0-based).
        round: usize,
    },
    /// The solved mask does not reproduce round `round`'s message (the messages do not come
    /// from a masked sumcheck over a witness with these challenges).
    #[error("round {round}: the solved mask does not reproduce the message")]
    RoundMismatch {
        /// The round (0-based).
        round: usize,
    },
}

/// The round polynomials a masked prover sends for `instance` (whose sum is `claim`) with the
/// mask coefficients `mask` (this instance's slice: [`super::mask_len`]`(rounds, degree)` of
/// them, laid out as `a₀` then `d` coefficients per round), weight `rho` and the challenges
/// `challenges` in round order — the engine's own round loop and mask, with the challenges
/// fixed instead of drawn.
///
/// # Panics
/// If `mask` or `challenges` do not fit the instance (a test's bug).
pub fn masked_round_polynomials<F, S>(
    instance: &mut S,
    claim: F,
    mask: &[F],
    rho: F,
    challenges: &[F],
) -> Vec<RoundPolynomial<F>>
where
    F: PrimeField,
    S: SumcheckInstance<F> + ?Sized,
{
    let (rounds, degree) = (instance.num_rounds(), instance.degree());
    assert_eq!(mask.len(), super::mask_len(rounds, degree), "mask length");
    assert_eq!(challenges.len(), rounds, "one challenge per round");
    if rounds == 0 {
        return Vec::new();
    }
    let mut prover_mask = ProverMask::new(mask, rounds, degree, rho);
    let mut fixed = FixedChallenges(challenges.iter());
    run_rounds(instance, claim, Some(&mut prover_mask), &mut fixed)
        .0
        .round_polynomials
}

/// The unmasked round polynomials of `instance` with the challenges fixed.
fn plain_round_polynomials<F, S>(instance: &mut S, claim: F, challenges: &[F]) -> Vec<Vec<F>>
where
    F: PrimeField,
    S: SumcheckInstance<F> + ?Sized,
{
    let mut fixed = FixedChallenges(challenges.iter());
    run_rounds::<F, S, NoMask, _>(instance, claim, None, &mut fixed)
        .0
        .round_polynomials
        .into_iter()
        .map(|p| p.evaluations)
        .collect()
}

/// Solves for a mask `M′` under which `second` (whose sum is `second_claim`) sends exactly
/// `sent` — the messages of another witness — with `ρ = rho` and `challenges` fixed. The mask's
/// `g_i` have degree `mask_degree` (the instance's degree for the engine's masks; one less for
/// the negative control): coefficients above it are zero in `M′`, and the solve fails if they
/// would have to be nonzero. The returned mask is checked by running the engine's prover with
/// it ([`masked_round_polynomials`]).
///
/// The solve inverts the mask's round polynomial `m_i(t) = 2^f·(a₀ + Σ_{j<i} g_j(r_j) + g_i(t)) +
/// 2^{f−1}·Σ_{j>i} g_j(1)` (`f = ℓ − i − 1`): since `g_i(0) = 0`, `g_i(t) = (m_i(t) − m_i(0))/2^f`
/// round by round, then `a₀` from the last round, where `f = 0`.
pub fn solve_equivocating_mask<F, S>(
    second: &S,
    second_claim: F,
    sent: &[RoundPolynomial<F>],
    rho: F,
    challenges: &[F],
    mask_degree: usize,
) -> Result<Vec<F>, EquivocationError>
where
    F: PrimeField,
    S: SumcheckInstance<F> + Clone,
{
    let (rounds, degree) = (second.num_rounds(), second.degree());
    let shape_check = |what, expected, found| {
        (expected == found)
            .then_some(())
            .ok_or(EquivocationError::Shape {
                what,
                expected,
                found,
            })
    };
    shape_check("round count", rounds, sent.len())?;
    shape_check("challenge count", rounds, challenges.len())?;
    for polynomial in sent {
        shape_check(
            "round polynomial length",
            degree + 1,
            polynomial.evaluations.len(),
        )?;
    }
    if mask_degree > degree {
        return Err(EquivocationError::Shape {
            what: "mask degree",
            expected: degree,
            found: mask_degree,
        });
    }
    if rounds == 0 {
        return Ok(Vec::new());
    }
    let rho_inverse = rho.inverse().ok_or(EquivocationError::ZeroWeight)?;
    let plain = plain_round_polynomials(&mut second.clone(), second_claim, challenges);

    let mut mask = vec![F::zero(); super::mask_len(rounds, degree)];
    // a₀ + Σ_{j<i} g_j(r_j), accumulated without a₀ (found last).
    let mut bound_prefix = F::zero();
    let mut last_at_zero = F::zero();
    for (round, (target, own)) in sent.iter().zip(&plain).enumerate() {
        // μ_i = m_i(M′), the mask's share of the message, at 0, …, d.
        let mu: Vec<F> = target
            .evaluations
            .iter()
            .zip(own)
            .map(|(s, h)| (*s - h) * rho_inverse)
            .collect();
        let scale_inverse = F::from(2u64)
            .pow([(rounds - round - 1) as u64])
            .inverse()
            .expect("powers of two are invertible in a prime field of odd characteristic");
        let g_values: Vec<F> = mu.iter().map(|m| (*m - mu[0]) * scale_inverse).collect();
        let coefficients = monomial_coefficients(&g_values);
        if coefficients[mask_degree + 1..].iter().any(|c| !c.is_zero()) {
            return Err(EquivocationError::TopCoefficient { round });
        }
        // g_i(0) = 0: the constant coefficient is zero by construction; store c_{i,1..d}.
        mask[1 + round * degree..1 + (round + 1) * degree].copy_from_slice(&coefficients[1..]);
        if round + 1 < rounds {
            bound_prefix += evaluate_monomial(&coefficients, challenges[round]);
        } else {
            last_at_zero = mu[0];
        }
    }
    mask[0] = last_at_zero - bound_prefix;

    let replayed =
        masked_round_polynomials(&mut second.clone(), second_claim, &mask, rho, challenges);
    if let Some(round) = replayed.iter().zip(sent).position(|(a, b)| a != b) {
        return Err(EquivocationError::RoundMismatch { round });
    }
    Ok(mask)
}

/// `G = Σ_x g(x)` for the mask coefficients `mask` of a sumcheck of `rounds` rounds of degree
/// `degree`: what round 0's deferred relation `S + ρ·G = s_0(0) + s_0(1)` adds.
pub fn mask_total<F: PrimeField>(mask: &[F], rounds: usize, degree: usize) -> F {
    if rounds == 0 {
        return F::zero();
    }
    let shape = whole_slice(mask, rounds, degree);
    inner_product(&shape.sum_form(), mask)
}

/// `g(r)` for the mask coefficients `mask`, `challenges` in round order: what the final value's
/// claim `h(r) = s_{ℓ−1}(r_{ℓ−1}) − ρ·g(r)` subtracts.
pub fn mask_at<F: PrimeField>(mask: &[F], degree: usize, challenges: &[F]) -> F {
    let shape = whole_slice(mask, challenges.len(), degree);
    inner_product(&shape.evaluation_form(challenges), mask)
}

fn whole_slice<F>(mask: &[F], rounds: usize, degree: usize) -> MaskShape {
    assert_eq!(mask.len(), super::mask_len(rounds, degree), "mask length");
    MaskShape {
        slice: MaskSlice {
            offset: 0,
            len: mask.len(),
        },
        rounds,
        degree,
    }
}

fn inner_product<F: PrimeField>(a: &[F], b: &[F]) -> F {
    a.iter().zip(b).map(|(x, y)| *x * y).sum()
}

/// `Σ_k c_k·t^k`.
fn evaluate_monomial<F: PrimeField>(coefficients: &[F], t: F) -> F {
    coefficients
        .iter()
        .rev()
        .fold(F::zero(), |acc, c| acc * t + c)
}

/// The monomial coefficients of the polynomial of degree `< values.len()` taking `values` at
/// `0, 1, …`: Newton's forward differences `p(t) = Σ_k Δ^k p(0)·t(t−1)…(t−k+1)/k!`, each
/// falling factorial expanded as the loop goes.
fn monomial_coefficients<F: PrimeField>(values: &[F]) -> Vec<F> {
    let n = values.len();
    let mut differences = values.to_vec();
    let mut coefficients = vec![F::zero(); n];
    // t(t−1)…(t−k+1)/k!, as monomial coefficients.
    let mut basis = vec![F::zero(); n];
    basis[0] = F::one();
    for k in 0..n {
        for (c, b) in coefficients.iter_mut().zip(&basis) {
            *c += differences[0] * b;
        }
        for i in 0..n - 1 - k {
            differences[i] = differences[i + 1] - differences[i];
        }
        if k + 1 < n {
            // basis ← basis·(t − k)/(k + 1).
            let k_field = F::from(k as u64);
            let inverse = F::from(k as u64 + 1).inverse().expect("k + 1 < p");
            for i in (0..n).rev() {
                let shifted = if i > 0 { basis[i - 1] } else { F::zero() };
                basis[i] = (shifted - k_field * basis[i]) * inverse;
            }
        }
    }
    coefficients
}

#[cfg(test)]
mod tests {
    use super::*;
    use spazk_field::Fr;

    #[test]
    fn monomials_from_values() {
        // p(t) = 3 + 2t − 5t² + t³.
        let p = |t: u64| {
            let t = Fr::from(t);
            Fr::from(3u64) + Fr::from(2u64) * t - Fr::from(5u64) * t * t + t * t * t
        };
        let values: Vec<Fr> = (0..4).map(p).collect();
        let expected = [3i64, 2, -5, 1].map(|c| {
            if c < 0 {
                -Fr::from(c.unsigned_abs())
            } else {
                Fr::from(c as u64)
            }
        });
        assert_eq!(monomial_coefficients(&values), expected.to_vec());
    }
}
