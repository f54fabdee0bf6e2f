//! The limb method's constraints at one row, combined with powers of a challenge: what the
//! prover's zero-check sums, what the transparent verifier recomputes at the final point, and
//! (over hidden values) the zero-knowledge verifier's final relation.

use crate::algebra::WithProducts;
use crate::spec::{ActivationSpec, ACTIVATION_MAX};
use ark_bn254::Fr;
use ark_ff::One;

/// The constraint polynomial at one row: `C1 + β·C2 + β²·C3 + β³·C4`.
#[derive(Clone, Copy)]
pub(super) struct Constraints {
    beta: [Fr; 3],
    half: Fr,
    scale: Fr,
    saturated: Fr,
}

impl Constraints {
    pub(super) fn new(spec: &ActivationSpec, beta: Fr) -> Self {
        let scale = Fr::from(1u64 << spec.shift);
        Self {
            beta: [beta, beta * beta, beta * beta * beta],
            half: Fr::from(1u64 << (spec.shift - 1)),
            scale,
            saturated: scale * Fr::from(ACTIVATION_MAX),
        }
    }

    /// `v = [s, c, u, rem, a, d]`.
    pub(super) fn evaluate(&self, v: &[Fr; 6]) -> Fr {
        let [s, c, u, rem, a, d] = *v;
        // (1 − s)·u is the degree-3 term's factor: over hidden values it is the scalar π.
        self.combine(s, c, (Fr::one() - s) * u, rem, a, d)
    }

    /// The constraints with `relu = (1 − s)·u` given: every term has degree at most 2 in
    /// `s, c, relu, rem, a, d`, so over hidden values this is a degree-2 relation.
    pub(super) fn combine<V: WithProducts>(
        &self,
        s: V,
        c: V,
        relu: V,
        rem: V,
        a: V,
        d: V,
    ) -> V::Product {
        // Q = (1 − s)·u + 2^{sh−1} − rem
        let q = relu + self.half - rem;
        // C1 = s − s²
        let c1 = s.clone().minus_product(&s, &s);
        // C2 = c − c²
        let c2 = c.clone().minus_product(&c, &c);
        // C3 = 2^sh·a − (1 − c)·Q − 255·2^sh·c
        let c3 = (a * self.scale - c.clone() * self.saturated).minus_product(&c.one_minus(), &q);
        // C4 = 2^sh·d − c·(Q − 255·2^sh)
        let c4 = (d * self.scale).minus_product(&c, &(q - self.saturated));
        c1 + c2 * self.beta[0] + c3 * self.beta[1] + c4 * self.beta[2]
    }
}
