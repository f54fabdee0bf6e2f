//! The limb method's constraints at one row, combined with powers of a challenge: what the
//! prover's zero-check sums and what the verifier recomputes at the final point.

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
        let q = (Fr::one() - s) * u + self.half - rem;
        let c1 = s - s * s;
        let c2 = c - c * c;
        let c3 = self.scale * a - (Fr::one() - c) * q - self.saturated * c;
        let c4 = self.scale * d - c * (q - self.saturated);
        c1 + self.beta[0] * c2 + self.beta[1] * c3 + self.beta[2] * c4
    }
}
