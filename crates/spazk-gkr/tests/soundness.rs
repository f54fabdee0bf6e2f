//! Named attacks on GKR. Each asserts the exact error; none may panic. Randomness is seeded.

use proptest::prelude::*;
use spazk_field::{Field, Fr};
use spazk_gkr::matvec::{matvec_circuit, matvec_inputs};
use spazk_gkr::{
    prove_gkr, verify_gkr, CircuitBuilder, CircuitError, Gate, GkrProof, LayeredCircuit,
    PublicInputs, VerifyError, GKR_PROTOCOL,
};
use spazk_matrix::{random_field_vectors, MatrixShape, TernaryMatrix};
use spazk_sumcheck::{ProofDecodeError, SumcheckError};
use spazk_transcript::Transcript;

struct Setup {
    circuit: LayeredCircuit,
    inputs: PublicInputs<Fr>,
    outputs: Vec<Fr>,
    proof: GkrProof<Fr>,
}

fn setup() -> Setup {
    // 8 × 8 mat-vec: layers 1 (mul), 2, 3, 4 (adds); the input layer has 72 wires.
    let matrix = TernaryMatrix::random(MatrixShape::new(8, 8), 0.5, 11).unwrap();
    let v = random_field_vectors::<Fr>(1, 8, 12).pop().unwrap();
    let circuit = matvec_circuit(8, 8).unwrap();
    let inputs = matvec_inputs(&matrix, &v);
    let values = circuit.evaluate(&inputs).unwrap();
    let proof = prove_gkr(
        &circuit,
        &inputs,
        &values,
        &mut Transcript::new(GKR_PROTOCOL),
    );
    let outputs = values.last().unwrap().clone();
    Setup {
        circuit,
        inputs,
        outputs,
        proof,
    }
}

impl Setup {
    fn verify_with(
        &self,
        inputs: &PublicInputs<Fr>,
        outputs: &[Fr],
        proof: &GkrProof<Fr>,
    ) -> Result<(), VerifyError> {
        verify_gkr(
            &self.circuit,
            inputs,
            outputs,
            proof,
            &mut Transcript::new(GKR_PROTOCOL),
        )
    }

    fn verify(&self, proof: &GkrProof<Fr>) -> Result<(), VerifyError> {
        self.verify_with(&self.inputs, &self.outputs, proof)
    }

    /// The honest proof, edited by `tamper`, then verified.
    fn verify_tampered(&self, tamper: impl FnOnce(&mut GkrProof<Fr>)) -> Result<(), VerifyError> {
        let mut proof = self.proof.clone();
        tamper(&mut proof);
        self.verify(&proof)
    }
}

fn round_mismatch(layer: usize, phase: u8, round: usize) -> VerifyError {
    VerifyError::Sumcheck {
        layer,
        phase,
        error: SumcheckError::RoundSumMismatch { round },
    }
}

#[test]
fn honest_proof_verifies() {
    let s = setup();
    s.verify(&s.proof).unwrap();
}

#[test]
fn wrong_output() {
    let s = setup();
    let mut outputs = s.outputs.clone();
    outputs[3] += Fr::ONE;
    // The top layer (4) reads 16 wires: phase 1 round 0 fails first.
    assert_eq!(
        s.verify_with(&s.inputs, &outputs, &s.proof),
        Err(round_mismatch(4, 1, 0))
    );
}

#[test]
fn tampered_layer_proof() {
    let s = setup();
    // proof.layers[1] is layer 3, additions only: one phase.
    assert_eq!(
        s.verify_tampered(|proof| {
            proof.layers[1].phase1.round_polynomials[1].evaluations[0] += Fr::ONE;
        }),
        Err(round_mismatch(3, 1, 1))
    );
    // proof.layers[3] is layer 1, the multiplications: tamper its phase 2.
    assert_eq!(
        s.verify_tampered(|proof| {
            proof.layers[3].phase2.as_mut().unwrap().round_polynomials[1].evaluations[0] += Fr::ONE;
        }),
        Err(round_mismatch(1, 2, 1))
    );
}

#[test]
fn tampered_claimed_value_below() {
    let s = setup();
    assert_eq!(
        s.verify_tampered(|proof| proof.layers[0].left_value += Fr::ONE),
        Err(VerifyError::LayerFinalMismatch { layer: 4 })
    );
    assert_eq!(
        s.verify_tampered(|proof| {
            proof.layers[3].right_value = proof.layers[3].right_value.map(|v| v + Fr::ONE);
        }),
        Err(VerifyError::LayerFinalMismatch { layer: 1 })
    );
}

#[test]
fn phases_that_do_not_match_the_gates() {
    let s = setup();
    assert_eq!(
        s.verify_tampered(|proof| {
            proof.layers[0].phase2 = proof.layers[3].phase2.clone();
            proof.layers[0].right_value = Some(Fr::ONE);
        }),
        Err(VerifyError::WrongPhaseCount { layer: 4 })
    );
    assert_eq!(
        s.verify_tampered(|proof| proof.layers[3].phase2 = None),
        Err(VerifyError::WrongPhaseCount { layer: 1 })
    );
}

#[test]
fn wrong_input() {
    // A different vector with the same circuit: another statement, the proof must not carry over.
    let s = setup();
    let mut values = s.inputs.values().to_vec();
    let last = values.len() - 1;
    values[last] += Fr::ONE;
    let inputs = PublicInputs::new(values);
    assert_eq!(
        s.verify_with(&inputs, &s.outputs, &s.proof),
        Err(round_mismatch(4, 1, 0))
    );
}

#[test]
fn proof_for_other_inputs_under_a_consistent_transcript() {
    // A prover that absorbs input digest A while proving inputs B whose outputs are claimed:
    // every layer checks out and only the final input check can see it.
    let s = setup();
    let matrix = TernaryMatrix::random(MatrixShape::new(8, 8), 0.5, 99).unwrap();
    let other = matvec_inputs(
        &matrix,
        &random_field_vectors::<Fr>(1, 8, 12).pop().unwrap(),
    );
    let values = s.circuit.evaluate(&other).unwrap();
    let outputs = values.last().unwrap().clone();
    // `prove_gkr` absorbs the digest of the inputs it is handed (the real ones) but proves the
    // layer values it is handed (those of `other`).
    let proof = prove_gkr(
        &s.circuit,
        &s.inputs,
        &values,
        &mut Transcript::new(GKR_PROTOCOL),
    );
    assert_eq!(
        s.verify_with(&s.inputs, &outputs, &proof),
        Err(VerifyError::InputEvaluationMismatch)
    );
}

#[test]
fn wrong_shapes() {
    let s = setup();
    assert_eq!(
        s.verify_with(&s.inputs, &s.outputs[..7], &s.proof),
        Err(VerifyError::OutputLength {
            expected: 8,
            found: 7
        })
    );
    let short = PublicInputs::new(vec![Fr::ONE; 5]);
    assert_eq!(
        s.verify_with(&short, &s.outputs, &s.proof),
        Err(VerifyError::Circuit(CircuitError::WrongInputCount {
            expected: 72,
            found: 5
        }))
    );
    assert_eq!(
        s.verify_tampered(|proof| {
            proof.layers.pop();
        }),
        Err(VerifyError::WrongNumberOfLayers {
            expected: 4,
            found: 3
        })
    );
    assert_eq!(
        s.verify_tampered(|proof| {
            proof.layers[3].phase1.round_polynomials.pop();
        }),
        Err(VerifyError::Sumcheck {
            layer: 1,
            phase: 1,
            error: SumcheckError::WrongNumberOfRounds {
                expected: 7,
                found: 6
            }
        })
    );
}

#[test]
fn swapped_circuit() {
    // Same shape, one multiplication rewired: the verifier's own digest and wiring differ.
    let s = setup();
    let mut builder = CircuitBuilder::new(s.circuit.num_inputs());
    for (i, layer) in s.circuit.layers().iter().enumerate() {
        let mut gates = layer.clone();
        if i == 0 {
            gates[0] = Gate::mul(1, gates[0].right);
        }
        builder.push_layer(gates).unwrap();
    }
    let other = builder.build().unwrap();
    assert_eq!(
        verify_gkr(
            &other,
            &s.inputs,
            &s.outputs,
            &s.proof,
            &mut Transcript::new(GKR_PROTOCOL)
        ),
        Err(round_mismatch(4, 1, 0))
    );
    // A circuit of another shape is refused on its layer count.
    let wider = matvec_circuit(8, 9).unwrap();
    let inputs = PublicInputs::new(vec![Fr::ONE; wider.num_inputs()]);
    assert_eq!(
        verify_gkr(
            &wider,
            &inputs,
            &s.outputs,
            &s.proof,
            &mut Transcript::new(GKR_PROTOCOL)
        ),
        Err(VerifyError::WrongNumberOfLayers {
            expected: 5,
            found: 4
        })
    );
}

#[test]
fn truncated_bytes() {
    let s = setup();
    let bytes = s.proof.to_bytes();
    assert!(matches!(
        GkrProof::<Fr>::from_bytes(&bytes[..bytes.len() - 3]),
        Err(ProofDecodeError::Malformed(_))
    ));
    let mut long = bytes.clone();
    long.push(1);
    assert!(matches!(
        GkrProof::<Fr>::from_bytes(&long),
        Err(ProofDecodeError::TrailingBytes(1))
    ));
}

fn shared() -> &'static Setup {
    static SETUP: std::sync::OnceLock<Setup> = std::sync::OnceLock::new();
    SETUP.get_or_init(setup)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn mutated_proof_bytes_never_verify(position in any::<prop::sample::Index>(), xor in 1u8..=255) {
        let s = shared();
        let mut bytes = s.proof.to_bytes();
        let i = position.index(bytes.len());
        bytes[i] ^= xor;
        if let Ok(proof) = GkrProof::<Fr>::from_bytes(&bytes) {
            prop_assert!(s.verify(&proof).is_err());
        }
    }
}
