//! The GKR prover: two Libra phases per layer, top-down, on the shared sumcheck engine.
//!
//! Where the time goes is told through `tracing` spans (target `spazk_gkr::prover`), per layer
//! (field `layer`, bottom-up from 1): `phase1` (building its tables and the sumcheck over `u`)
//! and `phase2` (the same over `v`; layers of additions only have none). With no subscriber
//! installed a span costs a relaxed atomic load.

use crate::circuit::{Gate, GateOp, LayeredCircuit, PublicInputs};
use crate::claim::IncomingClaims;
use crate::proof::{GkrProof, LayerProof};
use crate::protocol::{absorb_statement, label};
use ark_ff::PrimeField;
use spazk_field::{eq_table_prefix_into, padded_len, EvalClaim};
use spazk_sumcheck::{prove_sumcheck, ProductInstance, SumcheckProof};
use spazk_transcript::Transcript;
use tracing::info_span;

/// Reusable tables. Layers are proved from the narrow output down to the wide inputs, so fresh
/// tables per layer would fault in new pages every time; these are reserved once at the widest
/// size and refilled.
struct Scratch<F> {
    left: Vec<F>,
    right: Vec<F>,
    eq: Vec<F>,
    weights: Vec<F>,
}

impl<F: PrimeField> Scratch<F> {
    fn for_circuit(circuit: &LayeredCircuit) -> Self {
        let widest = (0..=circuit.layers().len())
            .map(|i| padded_len(circuit.width(i)))
            .max()
            .unwrap_or(1);
        let table = || Vec::with_capacity(widest);
        Self {
            left: table(),
            right: table(),
            eq: table(),
            weights: table(),
        }
    }
}

/// `table` refilled with `len` zeros.
fn zeroed<F: PrimeField>(mut table: Vec<F>, len: usize) -> Vec<F> {
    table.clear();
    table.resize(len, F::zero());
    table
}

/// The sumcheck `Σ f·g` over the layer below, `f` being the layer below's values
/// (zero-padded). Returns the proof, the claim on the layer below at the phase's point, and the
/// sumcheck's final value; the tables go back to `scratch`.
fn run_phase<F: PrimeField>(
    below: &[F],
    right: Vec<F>,
    claim: F,
    scratch: &mut Scratch<F>,
    transcript: &mut Transcript,
) -> (SumcheckProof<F>, EvalClaim<F>, F) {
    let mut left = std::mem::take(&mut scratch.left);
    left.clear();
    left.extend_from_slice(below);
    left.resize(padded_len(below.len()), F::zero());
    let mut instance = ProductInstance::new(left, right);
    let (proof, sub_claim) = prove_sumcheck(&mut instance, claim, transcript);
    let (value, _) = instance.final_values();
    let (left, right) = instance.into_tables();
    scratch.left = left;
    scratch.right = right;
    (
        proof,
        EvalClaim::new(sub_claim.point, value),
        sub_claim.value,
    )
}

/// Proves layer `layer` (its `gates` read `below`): reduces the incoming claims to one claim on
/// the layer below (additions only) or two (with multiplications).
fn prove_layer<F: PrimeField>(
    layer: usize,
    gates: &[Gate],
    below: &[F],
    incoming: &IncomingClaims<F>,
    scratch: &mut Scratch<F>,
    transcript: &mut Transcript,
) -> (LayerProof<F>, Vec<EvalClaim<F>>) {
    let phase1_span = info_span!("phase1", layer).entered();
    let width = padded_len(below.len());
    let has_mul = gates.iter().any(|g| g.op == GateOp::Mul);
    incoming.gate_weights_into(&mut scratch.weights, &mut scratch.eq);
    let weights = std::mem::take(&mut scratch.weights);

    // Phase 1 over u: Σ_u V(u)·(K(u) + G(u)); additions put their weight on both inputs.
    let mut right = zeroed(std::mem::take(&mut scratch.right), width);
    for (gate, w) in gates.iter().zip(&weights) {
        let (u, v) = (gate.left as usize, gate.right as usize);
        match gate.op {
            GateOp::Mul => right[u] += *w * below[v],
            GateOp::Add => {
                right[u] += w;
                right[v] += w;
            }
        }
    }
    let claim = incoming.combined_value();
    let (phase1, left, phase1_value) = run_phase(below, right, claim, scratch, transcript);
    transcript.append_field(label::LEFT_VALUE, &left.value);
    drop(phase1_span);
    if !has_mul {
        scratch.weights = weights;
        let proof = LayerProof {
            phase1,
            left_value: left.value,
            phase2: None,
            right_value: None,
        };
        return (proof, vec![left]);
    }
    let _phase2_span = info_span!("phase2", layer).entered();

    // Phase 2 over v, multiplications only: Σ_v V(v)·V(r_u)·M(v) = c_1 − V(r_u)·K̃(r_u).
    // eq(r_u, ·) is read only at wires the gates use: skip the rest (a multiplication layer
    // reading matrix entries never looks at the upper half of its input layer).
    let wires_used = gates
        .iter()
        .map(|g| match g.op {
            GateOp::Mul => g.left as usize + 1,
            GateOp::Add => g.left.max(g.right) as usize + 1,
        })
        .max()
        .unwrap_or(1);
    eq_table_prefix_into(&left.point, wires_used, &mut scratch.eq);
    let mut m_table = zeroed(std::mem::take(&mut scratch.right), width);
    let mut k_at_point = F::zero();
    for (gate, w) in gates.iter().zip(&weights) {
        let (u, v) = (gate.left as usize, gate.right as usize);
        match gate.op {
            GateOp::Mul => m_table[v] += *w * scratch.eq[u],
            GateOp::Add => k_at_point += *w * (scratch.eq[u] + scratch.eq[v]),
        }
    }
    scratch.weights = weights;
    let v_u = left.value;
    m_table
        .iter_mut()
        .filter(|m| !m.is_zero())
        .for_each(|m| *m *= v_u);
    let phase2_claim = phase1_value - v_u * k_at_point;
    let (phase2, right, _) = run_phase(below, m_table, phase2_claim, scratch, transcript);
    transcript.append_field(label::RIGHT_VALUE, &right.value);

    let proof = LayerProof {
        phase1,
        left_value: left.value,
        phase2: Some(phase2),
        right_value: Some(right.value),
    };
    (proof, vec![left, right])
}

/// Proves that `values` (from [`LayeredCircuit::evaluate`]) is the evaluation of `circuit` on
/// `inputs`. The outputs are the last entry of `values`.
///
/// # Panics
/// If `values` does not come from evaluating this circuit (a caller bug).
pub fn prove_gkr<F: PrimeField>(
    circuit: &LayeredCircuit,
    inputs: &PublicInputs<F>,
    values: &[Vec<F>],
    transcript: &mut Transcript,
) -> GkrProof<F> {
    assert_eq!(
        values.len(),
        circuit.layers().len() + 1,
        "values must come from evaluate()"
    );
    let outputs = values.last().expect("at least the inputs");
    let mut scratch = Scratch::for_circuit(circuit);
    let mut incoming =
        IncomingClaims::single(absorb_statement(circuit, inputs, outputs, transcript));
    let mut layers = Vec::with_capacity(circuit.layers().len());
    for layer in (1..=circuit.layers().len()).rev() {
        let gates = &circuit.layers()[layer - 1];
        let below = &values[layer - 1];
        let (proof, claims) = prove_layer(layer, gates, below, &incoming, &mut scratch, transcript);
        layers.push(proof);
        if layer > 1 {
            incoming = IncomingClaims::from_layer_above(claims, transcript);
        }
    }
    GkrProof { layers }
}
