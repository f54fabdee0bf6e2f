//! The GKR verifier. It evaluates the wiring predicates itself from the circuit's gate lists and
//! checks the final input claims against the public inputs; nothing here panics on prover data.

use crate::circuit::{CircuitError, Gate, GateOp, LayeredCircuit, PublicInputs};
use crate::claim::IncomingClaims;
use crate::error::VerifyError;
use crate::proof::GkrProof;
use crate::protocol::{absorb_statement, label};
use ark_ff::PrimeField;
use spazk_field::{eq_table, evaluate_mle, log2_ceil, EvalClaim};
use spazk_sumcheck::verify_sumcheck;
use spazk_transcript::Transcript;

/// `K̃(r_u) = Σ_{add g} w_g·(eq(r_u, u_g) + eq(r_u, v_g))` from `eq_u = eq(r_u, ·)`.
fn additions_at<F: PrimeField>(gates: &[Gate], weights: &[F], eq_u: &[F]) -> F {
    gates
        .iter()
        .zip(weights)
        .filter(|(g, _)| g.op == GateOp::Add)
        .map(|(g, w)| *w * (eq_u[g.left as usize] + eq_u[g.right as usize]))
        .sum()
}

/// `mul̃(w; r_u, r_v) = Σ_{mul g} w_g·eq(r_u, u_g)·eq(r_v, v_g)`.
fn multiplications_at<F: PrimeField>(gates: &[Gate], weights: &[F], eq_u: &[F], eq_v: &[F]) -> F {
    gates
        .iter()
        .zip(weights)
        .filter(|(g, _)| g.op == GateOp::Mul)
        .map(|(g, w)| *w * eq_u[g.left as usize] * eq_v[g.right as usize])
        .sum()
}

/// Verifies that `outputs` is the circuit's output on `inputs`.
///
/// Checks the statement's shape, every layer's sumchecks (rounds, degrees, every round sum),
/// that each layer proof has phase 2 exactly when the layer has multiplication gates, every
/// layer's final values against the wiring evaluated here, and the claims left on the inputs
/// against the public inputs.
pub fn verify_gkr<F: PrimeField>(
    circuit: &LayeredCircuit,
    inputs: &PublicInputs<F>,
    outputs: &[F],
    proof: &GkrProof<F>,
    transcript: &mut Transcript,
) -> Result<(), VerifyError> {
    let found = inputs.values().len();
    if found != circuit.num_inputs() {
        return Err(CircuitError::WrongInputCount {
            expected: circuit.num_inputs(),
            found,
        }
        .into());
    }
    if outputs.len() != circuit.num_outputs() {
        return Err(VerifyError::OutputLength {
            expected: circuit.num_outputs(),
            found: outputs.len(),
        });
    }
    let num_layers = circuit.layers().len();
    if proof.layers.len() != num_layers {
        return Err(VerifyError::WrongNumberOfLayers {
            expected: num_layers,
            found: proof.layers.len(),
        });
    }

    let mut incoming =
        IncomingClaims::single(absorb_statement(circuit, inputs, outputs, transcript));
    let mut input_claims = Vec::new();
    for (layer, layer_proof) in (1..=num_layers).rev().zip(&proof.layers) {
        let gates = &circuit.layers()[layer - 1];
        let has_mul = gates.iter().any(|g| g.op == GateOp::Mul);
        let vars_below = log2_ceil(circuit.width(layer - 1));
        let sumcheck_error = |phase: u8| {
            move |error| VerifyError::Sumcheck {
                layer,
                phase,
                error,
            }
        };
        let weights = incoming.gate_weights();

        let first = verify_sumcheck(
            &layer_proof.phase1,
            incoming.combined_value(),
            vars_below,
            2,
            transcript,
        )
        .map_err(sumcheck_error(1))?;
        let v_u = layer_proof.left_value;
        transcript.append_field(label::LEFT_VALUE, &v_u);
        let eq_u = eq_table(&first.point);
        let k = additions_at(gates, &weights, &eq_u);
        let mut claims = vec![EvalClaim::new(first.point.clone(), v_u)];
        match (has_mul, &layer_proof.phase2, layer_proof.right_value) {
            (false, None, None) => {
                if first.value != v_u * k {
                    return Err(VerifyError::LayerFinalMismatch { layer });
                }
            }
            (true, Some(phase2), Some(v_v)) => {
                let second =
                    verify_sumcheck(phase2, first.value - v_u * k, vars_below, 2, transcript)
                        .map_err(sumcheck_error(2))?;
                transcript.append_field(label::RIGHT_VALUE, &v_v);
                let mul = multiplications_at(gates, &weights, &eq_u, &eq_table(&second.point));
                if second.value != mul * v_u * v_v {
                    return Err(VerifyError::LayerFinalMismatch { layer });
                }
                claims.push(EvalClaim::new(second.point, v_v));
            }
            _ => return Err(VerifyError::WrongPhaseCount { layer }),
        }
        if layer > 1 {
            incoming = IncomingClaims::from_layer_above(claims, transcript);
        } else {
            input_claims = claims;
        }
    }

    for claim in input_claims {
        if evaluate_mle(inputs.values(), &claim.point) != Some(claim.value) {
            return Err(VerifyError::InputEvaluationMismatch);
        }
    }
    Ok(())
}
