//! The claims entering a layer (each an [`EvalClaim`] `Ṽ_layer(point) = value` on the multilinear
//! extension of one layer's values) and what prover and verifier compute identically from them:
//! their random combination and the combined `eq` weights.

use crate::protocol::label;
use ark_ff::PrimeField;
use spazk_field::{scaled_eq_table_into, EvalClaim};
use spazk_transcript::Transcript;

/// The claims entering a layer: one at the output, two (combined by a random `γ`) below.
#[derive(Clone, Debug)]
pub(crate) struct IncomingClaims<F: PrimeField> {
    pub claims: Vec<EvalClaim<F>>,
    pub coefficients: Vec<F>,
}

impl<F: PrimeField> IncomingClaims<F> {
    pub fn single(claim: EvalClaim<F>) -> Self {
        Self {
            claims: vec![claim],
            coefficients: vec![F::one()],
        }
    }

    /// The claims left by the layer above: one as it is, several combined with powers of a
    /// fresh challenge `γ`.
    pub fn from_layer_above(mut claims: Vec<EvalClaim<F>>, transcript: &mut Transcript) -> Self {
        if claims.len() == 1 {
            return Self::single(claims.pop().expect("one claim"));
        }
        let gamma: F = transcript.challenge_field(label::COMBINE);
        let coefficients = (0..claims.len() as u64).map(|k| gamma.pow([k])).collect();
        Self {
            claims,
            coefficients,
        }
    }

    /// `Σ_k c_k · value_k`: the sum the layer's first sumcheck proves.
    pub fn combined_value(&self) -> F {
        self.claims
            .iter()
            .zip(&self.coefficients)
            .map(|(c, k)| c.value * k)
            .sum()
    }

    /// `w(g) = Σ_k c_k · eq(point_k, g)` over the layer's padded width.
    pub fn gate_weights(&self) -> Vec<F> {
        let (mut weights, mut scratch) = (Vec::new(), Vec::new());
        self.gate_weights_into(&mut weights, &mut scratch);
        weights
    }

    /// [`Self::gate_weights`] into `weights`, using `scratch` for the second `eq` table.
    pub fn gate_weights_into(&self, weights: &mut Vec<F>, scratch: &mut Vec<F>) {
        scaled_eq_table_into(&self.claims[0].point, self.coefficients[0], weights);
        for (claim, coefficient) in self.claims.iter().zip(&self.coefficients).skip(1) {
            scaled_eq_table_into(&claim.point, *coefficient, scratch);
            weights
                .iter_mut()
                .zip(scratch.iter())
                .for_each(|(w, e)| *w += e);
        }
    }
}
