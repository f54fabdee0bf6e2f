//! The GKR verifier. It evaluates the wiring predicates itself from the circuit's gate lists and
//! checks the final input claims against the public inputs; nothing here panics on prover data.

use crate::circuit::{GateOp, LayeredCircuit, PublicInputs};
use crate::claim::{absorb_statement, label, IncomingClaims, LayerClaim};
use crate::error::VerifyError;
use crate::proof::GkrProof;
use ark_ff::PrimeField;
use spazk_field::{eq_table, evaluate_mle, log2_ceil};
use spazk_sumcheck::verify_sumcheck;
use spazk_transcript::Transcript;

/// `(add̃(w; r_u, r_v), mul̃(w; r_u, r_v))` for a layer, with the incoming claims' weights `w`.
fn wiring_at<F: PrimeField>(
    gates: &[crate::circuit::Gate],
    weights: &[F],
    left_point: &[F],
    right_point: &[F],
) -> (F, F) {
    let eq_u = eq_table(left_point);
    let eq_v = eq_table(right_point);
    let (mut add, mut mul) = (F::zero(), F::zero());
    for (gate, w) in gates.iter().zip(weights) {
        let term = *w * eq_u[gate.left as usize] * eq_v[gate.right as usize];
        match gate.op {
            GateOp::Add => add += term,
            GateOp::Mul => mul += term,
        }
    }
    (add, mul)
}

/// Verifies that `outputs` is the circuit's output on `inputs`.
///
/// Checks the statement's shape, every layer's two sumchecks (rounds, degrees, every round
/// sum), every layer's final value against the wiring evaluated here, and the two claims left
/// on the inputs against the public inputs.
pub fn verify_gkr<F: PrimeField>(
    circuit: &LayeredCircuit,
    inputs: &PublicInputs<F>,
    outputs: &[F],
    proof: &GkrProof<F>,
    transcript: &mut Transcript,
) -> Result<(), VerifyError> {
    let found = inputs.values().len();
    if found != circuit.num_inputs() {
        return Err(crate::circuit::CircuitError::WrongInputCount {
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
    let mut last_pair = None;
    for (layer, layer_proof) in (1..=num_layers).rev().zip(&proof.layers) {
        let gates = &circuit.layers()[layer - 1];
        let vars_below = log2_ceil(circuit.width(layer - 1));
        let sumcheck_error = |phase: u8| {
            move |error| VerifyError::Sumcheck {
                layer,
                phase,
                error,
            }
        };

        let first = verify_sumcheck(
            &layer_proof.phase1,
            incoming.combined_value(),
            vars_below,
            2,
            transcript,
        )
        .map_err(sumcheck_error(1))?;
        transcript.append_field(label::LEFT_VALUE, &layer_proof.left_value);
        let second = verify_sumcheck(&layer_proof.phase2, first.value, vars_below, 2, transcript)
            .map_err(sumcheck_error(2))?;
        transcript.append_field(label::RIGHT_VALUE, &layer_proof.right_value);

        let (add, mul) = wiring_at(gates, &incoming.gate_weights(), &first.point, &second.point);
        let (vu, vv) = (layer_proof.left_value, layer_proof.right_value);
        if second.value != mul * vu * vv + add * (vu + vv) {
            return Err(VerifyError::LayerFinalMismatch { layer });
        }

        let left = LayerClaim {
            point: first.point,
            value: vu,
        };
        let right = LayerClaim {
            point: second.point,
            value: vv,
        };
        if layer > 1 {
            incoming = IncomingClaims::pair(left, right, transcript);
        } else {
            last_pair = Some((left, right));
        }
    }

    let (left, right) = last_pair.ok_or(VerifyError::WrongNumberOfLayers {
        expected: num_layers,
        found: 0,
    })?;
    for claim in [left, right] {
        if evaluate_mle(inputs.values(), &claim.point) != Some(claim.value) {
            return Err(VerifyError::InputEvaluationMismatch);
        }
    }
    Ok(())
}
