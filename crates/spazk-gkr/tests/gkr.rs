//! GKR round trips on hand-built circuits and on the mat-vec circuit.

use proptest::prelude::*;
use spazk_field::Fr;
use spazk_gkr::matvec::{matvec_circuit, matvec_estimated_prover_bytes, matvec_inputs};
use spazk_gkr::{
    prove_gkr, verify_gkr, CircuitBuilder, Gate, GkrProof, LayeredCircuit, PublicInputs,
    GKR_PROTOCOL,
};
use spazk_matrix::{random_field_vectors, Matrix, MatrixShape, TernaryMatrix};
use spazk_transcript::Transcript;

fn round_trip(circuit: &LayeredCircuit, inputs: &PublicInputs<Fr>) -> Vec<Fr> {
    let values = circuit.evaluate(inputs).unwrap();
    let proof = prove_gkr(circuit, inputs, &values, &mut Transcript::new(GKR_PROTOCOL));
    assert_eq!(proof.layers.len(), circuit.layers().len());
    let outputs = values.last().unwrap().clone();
    let decoded = GkrProof::<Fr>::from_bytes(&proof.to_bytes()).unwrap();
    verify_gkr(
        circuit,
        inputs,
        &outputs,
        &decoded,
        &mut Transcript::new(GKR_PROTOCOL),
    )
    .unwrap();
    outputs
}

#[test]
fn mixed_gates_with_shared_and_odd_wires() {
    // Three inputs (not a power of two), a layer of three gates, fan-out and repeated wires.
    let mut b = CircuitBuilder::new(3);
    b.push_layer(vec![Gate::add(0, 1), Gate::mul(1, 2), Gate::mul(2, 2)])
        .unwrap();
    b.push_layer(vec![Gate::mul(0, 1), Gate::add(2, 2)])
        .unwrap();
    b.push_layer(vec![Gate::add(0, 1)]).unwrap();
    let circuit = b.build().unwrap();
    let inputs = PublicInputs::new(vec![Fr::from(2u64), Fr::from(3u64), Fr::from(5u64)]);
    // (2+3)·(3·5) + (25 + 25) = 75 + 50
    assert_eq!(round_trip(&circuit, &inputs), vec![Fr::from(125u64)]);
}

#[test]
fn single_wide_layer() {
    let mut b = CircuitBuilder::new(1);
    b.push_layer(vec![Gate::mul(0, 0), Gate::add(0, 0)])
        .unwrap();
    let circuit = b.build().unwrap();
    let inputs = PublicInputs::new(vec![Fr::from(7u64)]);
    assert_eq!(
        round_trip(&circuit, &inputs),
        vec![Fr::from(49u64), Fr::from(14u64)]
    );
}

#[test]
fn matvec_circuit_computes_the_product() {
    for (rows, cols) in [(4, 4), (8, 16), (5, 3), (1, 1), (16, 1)] {
        let matrix =
            TernaryMatrix::random(MatrixShape::new(rows, cols), 0.5, (rows * cols) as u64).unwrap();
        let v = random_field_vectors::<Fr>(1, cols, 3).pop().unwrap();
        let circuit = matvec_circuit(rows, cols).unwrap();
        let outputs = round_trip(&circuit, &matvec_inputs(&matrix, &v));
        assert_eq!(
            outputs,
            Matrix::<Fr>::mul_vec(&matrix, &v),
            "{rows} × {cols}"
        );
    }
}

#[test]
fn memory_estimate_grows_with_size_and_refuses_nothing_small() {
    let small = matvec_estimated_prover_bytes(1 << 10, 1 << 10);
    let large = matvec_estimated_prover_bytes(1 << 12, 1 << 12);
    assert!(large > 15 * small);
    assert!(small < 512 << 20);
    // The 2^13 circuit needs tens of GiB, more than the 24 GiB machines here.
    assert!(matvec_estimated_prover_bytes(1 << 13, 1 << 13) > 24 << 30);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_circuits_verify(seed in any::<u64>(), widths in prop::collection::vec(1usize..9, 1..5)) {
        let mut state = seed;
        let mut next = |bound: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % bound
        };
        let mut b = CircuitBuilder::new(widths[0] + 1);
        for &w in &widths {
            let below = b.top_width();
            let gates = (0..w)
                .map(|_| {
                    let (l, r) = (next(below) as u32, next(below) as u32);
                    if next(2) == 0 { Gate::add(l, r) } else { Gate::mul(l, r) }
                })
                .collect();
            b.push_layer(gates).unwrap();
        }
        let circuit = b.build().unwrap();
        let inputs = PublicInputs::new(random_field_vectors::<Fr>(1, circuit.num_inputs(), seed).pop().unwrap());
        round_trip(&circuit, &inputs);
    }
}
