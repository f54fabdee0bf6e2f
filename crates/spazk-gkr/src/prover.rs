//! The GKR prover: two Libra phases per layer, top-down, on the shared sumcheck engine.

use crate::circuit::{Gate, GateOp, LayeredCircuit, PublicInputs};
use crate::claim::{absorb_statement, label, IncomingClaims, LayerClaim};
use crate::proof::{GkrProof, LayerProof};
use ark_ff::PrimeField;
use spazk_field::{eq_table_into, padded_len};
use spazk_sumcheck::{prove_sumcheck, LinearTerm, ProductInstance, SumcheckProof};
use spazk_transcript::Transcript;
use std::time::{Duration, Instant};

/// Where one layer's proving time went.
#[derive(Clone, Debug)]
pub struct LayerTiming {
    /// The layer (bottom-up, from 1).
    pub layer: usize,
    /// Its gates.
    pub gates: usize,
    /// Wires in the layer below (the sumchecks run over its padded width).
    pub width_below: usize,
    /// Building the phase-1 tables and running the sumcheck over `u`.
    pub phase1: Duration,
    /// Building the phase-2 tables and running the sumcheck over `v`.
    pub phase2: Duration,
}

/// Reusable tables. Layers are proved from the narrow output down to the wide inputs, so fresh
/// tables per layer would fault in new pages every time; these are reserved once at the widest
/// size and refilled.
struct Scratch<F> {
    left: Vec<F>,
    right: Vec<F>,
    linear: Vec<F>,
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
            linear: table(),
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

/// The sumcheck `Σ f·g + h` over the layer below, `f` being the layer below's values
/// (zero-padded). Returns the proof, the claim on the layer below at the phase's point, and the
/// sumcheck's final value; the tables go back to `scratch`.
fn run_phase<F: PrimeField>(
    below: &[F],
    right: Vec<F>,
    linear: LinearTerm<F>,
    claim: F,
    scratch: &mut Scratch<F>,
    transcript: &mut Transcript,
) -> (SumcheckProof<F>, LayerClaim<F>, F) {
    let mut left = std::mem::take(&mut scratch.left);
    left.clear();
    left.extend_from_slice(below);
    left.resize(padded_len(below.len()), F::zero());
    let mut instance = ProductInstance::with_linear_term(left, right, linear);
    let (proof, sub_claim) = prove_sumcheck(&mut instance, claim, transcript);
    let (value, _) = instance.final_values();
    let (left, right, linear) = instance.into_tables();
    scratch.left = left;
    scratch.right = right;
    if let Some(h) = linear {
        scratch.linear = h;
    }
    (
        proof,
        LayerClaim {
            point: sub_claim.point,
            value,
        },
        sub_claim.value,
    )
}

/// Proves one layer: reduces the incoming claims to two claims on the layer below.
fn prove_layer<F: PrimeField>(
    gates: &[Gate],
    below: &[F],
    incoming: &IncomingClaims<F>,
    scratch: &mut Scratch<F>,
    transcript: &mut Transcript,
) -> (LayerProof<F>, [LayerClaim<F>; 2], Duration) {
    let start = Instant::now();
    let width = padded_len(below.len());
    let has_add = gates.iter().any(|g| g.op == GateOp::Add);
    let has_mul = gates.iter().any(|g| g.op == GateOp::Mul);
    incoming.gate_weights_into(&mut scratch.weights, &mut scratch.eq);
    let weights = std::mem::take(&mut scratch.weights);

    // Phase 1 over u: G(u) = Σ_mul w·V(v) + Σ_add w, H(u) = Σ_add w·V(v).
    let mut g_table = zeroed(std::mem::take(&mut scratch.right), width);
    let mut h_table = zeroed(
        std::mem::take(&mut scratch.linear),
        if has_add { width } else { 0 },
    );
    for (gate, w) in gates.iter().zip(&weights) {
        let (u, v) = (gate.left as usize, gate.right as usize);
        match gate.op {
            GateOp::Mul => g_table[u] += *w * below[v],
            GateOp::Add => {
                g_table[u] += w;
                h_table[u] += *w * below[v];
            }
        }
    }
    let linear = if has_add {
        LinearTerm::Table(h_table)
    } else {
        scratch.linear = h_table;
        LinearTerm::None
    };
    let claim = incoming.combined_value();
    let (phase1, left, phase2_claim) =
        run_phase(below, g_table, linear, claim, scratch, transcript);
    transcript.append_field(label::LEFT_VALUE, &left.value);
    let phase1_time = start.elapsed();

    // Phase 2 over v: M(v) = Σ_mul w·eq(r_u, u), A(v) = Σ_add w·eq(r_u, u); the summand is
    // V(v)·(V(r_u)·M(v) + A(v)) + V(r_u)·A(v).
    eq_table_into(&left.point, &mut scratch.eq);
    let mut m_table = zeroed(
        std::mem::take(&mut scratch.right),
        if has_mul { width } else { 0 },
    );
    let mut a_table = zeroed(
        std::mem::take(&mut scratch.linear),
        if has_add { width } else { 0 },
    );
    for (gate, w) in gates.iter().zip(&weights) {
        let weight = *w * scratch.eq[gate.left as usize];
        match gate.op {
            GateOp::Mul => m_table[gate.right as usize] += weight,
            GateOp::Add => a_table[gate.right as usize] += weight,
        }
    }
    scratch.weights = weights;
    let v_u = left.value;
    let (right_table, linear) = match (has_mul, has_add) {
        // Pure addition layer: right = A and h = V(r_u)·A, no third table.
        (false, _) => {
            scratch.linear = m_table;
            (a_table, LinearTerm::ScaledRight(v_u))
        }
        // Pure multiplication layer: right = V(r_u)·M, often nonzero on a sliver only.
        (true, false) => {
            m_table
                .iter_mut()
                .filter(|m| !m.is_zero())
                .for_each(|m| *m *= v_u);
            scratch.linear = a_table;
            (m_table, LinearTerm::None)
        }
        // Mixed: right = V(r_u)·M + A in place, h = V(r_u)·A.
        (true, true) => {
            for (m, a) in m_table.iter_mut().zip(a_table.iter_mut()) {
                *m = v_u * *m + *a;
                *a *= v_u;
            }
            (m_table, LinearTerm::Table(a_table))
        }
    };
    let (phase2, right, _) = run_phase(
        below,
        right_table,
        linear,
        phase2_claim,
        scratch,
        transcript,
    );
    transcript.append_field(label::RIGHT_VALUE, &right.value);

    let proof = LayerProof {
        phase1,
        left_value: left.value,
        phase2,
        right_value: right.value,
    };
    (proof, [left, right], phase1_time)
}

/// Proves that `values` (from [`LayeredCircuit::evaluate`]) is the evaluation of `circuit` on
/// `inputs`. The outputs are the last entry of `values`. Returns the proof and where each
/// layer's time went (top-down).
///
/// # Panics
/// If `values` does not come from evaluating this circuit (a caller bug).
pub fn prove_gkr<F: PrimeField>(
    circuit: &LayeredCircuit,
    inputs: &PublicInputs<F>,
    values: &[Vec<F>],
    transcript: &mut Transcript,
) -> (GkrProof<F>, Vec<LayerTiming>) {
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
    let mut timings = Vec::with_capacity(circuit.layers().len());
    for layer in (1..=circuit.layers().len()).rev() {
        let start = Instant::now();
        let gates = &circuit.layers()[layer - 1];
        let below = &values[layer - 1];
        let (proof, [left, right], phase1) =
            prove_layer(gates, below, &incoming, &mut scratch, transcript);
        timings.push(LayerTiming {
            layer,
            gates: gates.len(),
            width_below: below.len(),
            phase1,
            phase2: start.elapsed() - phase1,
        });
        layers.push(proof);
        if layer > 1 {
            incoming = IncomingClaims::pair(left, right, transcript);
        }
    }
    (GkrProof { layers }, timings)
}
