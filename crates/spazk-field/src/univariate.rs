//! Univariate polynomials in evaluation form, as sent in sumcheck rounds.
//!
//! A round polynomial of degree `d` is sent as its values at `0, 1, …, d`. The verifier needs
//! `p(0) + p(1)` (read off directly) and `p(r)` at its challenge (Lagrange interpolation on the
//! integer nodes, whose denominators are computed and inverted once per degree).
//!
//! A prover computes a round polynomial at as few points as it can and extends the rest with
//! [`extrapolate_evaluations`]: `p(1)` from the running claim, `p(∞)` (the leading coefficient,
//! Gruen-style, from differences alone), and the higher nodes by the recurrence of finite
//! differences, all in one place.

use ark_ff::Field;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

/// A univariate polynomial of degree `evaluations.len() − 1`, given by its values at
/// `0, 1, …, degree`.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct RoundPolynomial<F: Field> {
    /// `p(0), p(1), …, p(degree)`.
    pub evaluations: Vec<F>,
}

impl<F: Field> RoundPolynomial<F> {
    /// Wraps the values at `0, 1, …, d`.
    pub fn from_evaluations(evaluations: Vec<F>) -> Self {
        Self { evaluations }
    }

    /// The degree bound `d` (number of evaluations minus one; 0 for an empty polynomial).
    pub fn degree(&self) -> usize {
        self.evaluations.len().saturating_sub(1)
    }

    /// `p(0) + p(1)`: what a sumcheck round must reproduce (0 for an empty polynomial).
    pub fn sum_over_boolean(&self) -> F {
        match self.evaluations.as_slice() {
            [] => F::zero(),
            [constant] => constant.double(),
            [p0, p1, ..] => *p0 + p1,
        }
    }

    /// `p(r)`, interpolating afresh. Use a [`LagrangeInterpolator`] when evaluating many
    /// polynomials of the same degree.
    pub fn evaluate(&self, r: F) -> F {
        LagrangeInterpolator::new(self.degree()).evaluate(&self.evaluations, r)
    }
}

/// Lagrange interpolation on the nodes `0, 1, …, d`, with the node weights
/// `w_i = 1 / Π_{j≠i} (i − j)` inverted once.
#[derive(Clone, Debug)]
pub struct LagrangeInterpolator<F: Field> {
    weights: Vec<F>,
}

impl<F: Field> LagrangeInterpolator<F> {
    /// Precomputes the weights for degree `d`.
    ///
    /// # Panics
    /// If `d + 1` reaches the field characteristic (impossible for the degrees used here).
    pub fn new(degree: usize) -> Self {
        let mut weights: Vec<F> = (0..=degree as i64)
            .map(|i| {
                (0..=degree as i64)
                    .filter(|&j| j != i)
                    .fold(F::one(), |acc, j| acc * signed::<F>(i - j))
            })
            .collect();
        crate::batch_inverse(&mut weights)
            .expect("distinct integer nodes below the characteristic");
        Self { weights }
    }

    /// The degree these weights interpolate.
    pub fn degree(&self) -> usize {
        self.weights.len() - 1
    }

    /// `p(r)` for the polynomial with `p(i) = evaluations[i]`; missing values count as zero and
    /// extra values are ignored (the caller checks the length against the statement).
    ///
    /// Costs about `4·(d + 1)` multiplications and no inversion.
    pub fn evaluate(&self, evaluations: &[F], r: F) -> F {
        let n = self.weights.len();
        let value_at = |i: usize| evaluations.get(i).copied().unwrap_or_else(F::zero);
        // r on a node: the formula below would divide by zero, read the value instead.
        for i in 0..n {
            if r == F::from(i as u64) {
                return value_at(i);
            }
        }
        // prefix[i] = Π_{j<i} (r − j), suffix product folded in on the way back.
        let mut prefix = Vec::with_capacity(n);
        let mut acc = F::one();
        for j in 0..n {
            prefix.push(acc);
            acc *= r - F::from(j as u64);
        }
        let mut result = F::zero();
        let mut suffix = F::one();
        for i in (0..n).rev() {
            result += value_at(i) * self.weights[i] * prefix[i] * suffix;
            suffix *= r - F::from(i as u64);
        }
        result
    }
}

/// The values `p(0), p(1), …, p(N − 1)` of the polynomial known by `known = [p(0), …, p(k − 1)]`
/// and, when `leading` is given, its leading coefficient as a polynomial of degree `k`
/// (otherwise `p` has degree below `k`). The first `k` values are `known` itself.
///
/// Each further value costs `k` multiplications by small constants, no inversion: for the
/// degree-below-`k` part `q`, `Δ^k q = 0` gives
/// `q(t) = Σ_{i<k} (−1)^{k−1−i}·C(k, i)·q(t − k + i)`, and the leading coefficient `L` adds
/// `L·t(t − 1)…(t − k + 1)`, which vanishes on the known nodes.
///
/// # Panics
/// If `known` has more than `N` values (a caller bug: the sizes are constants of a protocol).
pub fn extrapolate_evaluations<F: Field, const N: usize>(
    known: &[F],
    leading: Option<F>,
) -> [F; N] {
    let k = known.len();
    assert!(k <= N, "more known values than requested");
    let mut values = [F::zero(); N];
    values[..k].copy_from_slice(known);
    // Signed binomials (−1)^{k−1−i}·C(k, i), i < k.
    let mut binomial = 1u64;
    let mut weights = [F::zero(); N];
    for (i, slot) in weights.iter_mut().enumerate().take(k) {
        let weight = F::from(binomial);
        *slot = if (k - 1 - i).is_multiple_of(2) {
            weight
        } else {
            -weight
        };
        binomial = binomial * (k - i) as u64 / (i + 1) as u64;
    }
    for t in k..N {
        values[t] = weights[..k]
            .iter()
            .zip(&values[t - k..t])
            .map(|(w, v)| *w * v)
            .sum();
    }
    if let Some(leading) = leading {
        for (t, value) in values.iter_mut().enumerate().skip(k) {
            let falling = (0..k as u64).fold(1u64, |acc, i| acc * (t as u64 - i));
            *value += leading * F::from(falling);
        }
    }
    values
}

fn signed<F: Field>(v: i64) -> F {
    if v < 0 {
        -F::from(v.unsigned_abs())
    } else {
        F::from(v as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fr;
    use ark_ff::UniformRand;
    use ark_std::rand::{rngs::StdRng, SeedableRng};
    use proptest::prelude::*;

    /// Evaluates Σ c_k r^k directly.
    fn horner(coeffs: &[Fr], r: Fr) -> Fr {
        coeffs
            .iter()
            .rev()
            .fold(Fr::from(0u64), |acc, c| acc * r + c)
    }

    proptest! {
        #[test]
        fn interpolation_recovers_the_polynomial(degree in 0usize..6, seed in any::<u64>()) {
            let mut rng = StdRng::seed_from_u64(seed);
            let coeffs: Vec<Fr> = (0..=degree).map(|_| Fr::rand(&mut rng)).collect();
            let evals: Vec<Fr> = (0..=degree).map(|i| horner(&coeffs, Fr::from(i as u64))).collect();
            let poly = RoundPolynomial::from_evaluations(evals);
            let r = Fr::rand(&mut rng);
            prop_assert_eq!(poly.evaluate(r), horner(&coeffs, r));
            // On the nodes themselves too.
            for i in 0..=degree {
                prop_assert_eq!(poly.evaluate(Fr::from(i as u64)), poly.evaluations[i]);
            }
            prop_assert_eq!(poly.sum_over_boolean(), horner(&coeffs, Fr::from(0u64)) + horner(&coeffs, Fr::from(1u64)));
        }
    }

    proptest! {
        #[test]
        fn extrapolation_extends_the_polynomial(degree in 0usize..6, seed in any::<u64>()) {
            let mut rng = StdRng::seed_from_u64(seed);
            let coeffs: Vec<Fr> = (0..=degree).map(|_| Fr::rand(&mut rng)).collect();
            let at = |t: usize| horner(&coeffs, Fr::from(t as u64));
            let expected: [Fr; 8] = std::array::from_fn(at);
            // From degree + 1 values, and from degree values and the leading coefficient.
            let known: Vec<Fr> = (0..=degree).map(at).collect();
            prop_assert_eq!(extrapolate_evaluations::<Fr, 8>(&known, None), expected);
            let leading = Some(coeffs[degree]);
            prop_assert_eq!(extrapolate_evaluations::<Fr, 8>(&known[..degree], leading), expected);
        }
    }

    #[test]
    fn extrapolation_examples() {
        // p(X) = X^2 + 1: from p(0), p(1) and the leading coefficient; p(3) = 10.
        let (one, two) = (Fr::from(1u64), Fr::from(2u64));
        let values = extrapolate_evaluations::<Fr, 4>(&[one, two], Some(one));
        assert_eq!(values, [1u64, 2, 5, 10].map(Fr::from));
        // A constant from one value.
        assert_eq!(extrapolate_evaluations::<Fr, 3>(&[two], None), [two; 3]);
    }

    #[test]
    fn degree_two_example() {
        // p(X) = X^2 + 1: values 1, 2, 5; p(10) = 101.
        let p =
            RoundPolynomial::from_evaluations(vec![Fr::from(1u64), Fr::from(2u64), Fr::from(5u64)]);
        assert_eq!(p.degree(), 2);
        assert_eq!(p.evaluate(Fr::from(10u64)), Fr::from(101u64));
        assert_eq!(p.sum_over_boolean(), Fr::from(3u64));
    }
}
