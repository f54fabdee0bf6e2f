//! Claims on layer values, and the pieces prover and verifier compute identically: statement
//! absorption and the combined `eq` weights of a layer's incoming claims.

use crate::circuit::{LayeredCircuit, PublicInputs};
use ark_ff::PrimeField;
use spazk_field::{evaluate_mle, log2_ceil, scaled_eq_table_into};
use spazk_transcript::Transcript;

/// A claim `Ṽ_layer(point) = value` on the multilinear extension of one layer's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerClaim<F> {
    /// The point, in variable order.
    pub point: Vec<F>,
    /// The claimed value.
    pub value: F,
}

pub(crate) mod label {
    pub const OUTPUT_POINT: &[u8] = b"output-point";
    pub const LEFT_VALUE: &[u8] = b"left-value";
    pub const RIGHT_VALUE: &[u8] = b"right-value";
    pub const COMBINE: &[u8] = b"claim-combination";
}

/// Absorbs the statement (circuit, inputs, outputs) and draws the output claim.
pub(crate) fn absorb_statement<F: PrimeField>(
    circuit: &LayeredCircuit,
    inputs: &PublicInputs<F>,
    outputs: &[F],
    transcript: &mut Transcript,
) -> LayerClaim<F> {
    transcript.append_bytes(b"circuit-digest", &circuit.digest());
    transcript.append_u64(b"num-inputs", circuit.num_inputs() as u64);
    transcript.append_u64(b"num-layers", circuit.layers().len() as u64);
    transcript.append_bytes(b"input-digest", &inputs.digest());
    transcript.append_fields(b"outputs", outputs);
    let point = transcript.challenge_fields(label::OUTPUT_POINT, log2_ceil(outputs.len()));
    let value = evaluate_mle(outputs, &point).expect("point sized for the outputs");
    LayerClaim { point, value }
}

/// The claims entering a layer: one at the output, two (combined by a random `γ`) below.
#[derive(Clone, Debug)]
pub(crate) struct IncomingClaims<F> {
    pub claims: Vec<LayerClaim<F>>,
    pub coefficients: Vec<F>,
}

impl<F: PrimeField> IncomingClaims<F> {
    pub fn single(claim: LayerClaim<F>) -> Self {
        Self {
            claims: vec![claim],
            coefficients: vec![F::one()],
        }
    }

    /// The claims left by the layer above: one as it is, several combined with powers of a
    /// fresh challenge `γ`.
    pub fn from_layer_above(mut claims: Vec<LayerClaim<F>>, transcript: &mut Transcript) -> Self {
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
