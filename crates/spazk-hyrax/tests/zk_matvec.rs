//! The zero-knowledge mat-vec of `spazk-sumcheck` over a hiding-committed ternary matrix, with
//! the real commitment layer ([`ZkProver`] / [`ZkVerifier`]): accepted for true outputs,
//! rejected by the Σ-protocol for a false one.

use ark_std::rand::{rngs::StdRng, SeedableRng};
use ark_std::UniformRand;
use spazk_field::Fr;
use spazk_hyrax::zk::{
    HidingCommittedMatrix, HidingMatrixCommitment, ZkProof, ZkProver, ZkVerifier,
};
use spazk_hyrax::{HyraxError, HyraxParams};
use spazk_matrix::{Matrix, MatrixShape, TernaryMatrix};
use spazk_sumcheck::{
    hidden_matvec_mask_len, prove_hidden_matvec, verify_hidden_matvec, HiddenMatVecProof,
    MatVecStatement, HIDDEN_MATVEC_PROTOCOL,
};
use spazk_transcript::Transcript;

fn params() -> &'static HyraxParams {
    static PARAMS: std::sync::OnceLock<HyraxParams> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| HyraxParams::derive(b"spazk-hyrax-zk-matvec", 64))
}

struct Setup {
    shape: MatrixShape,
    committed: HidingCommittedMatrix<TernaryMatrix>,
    inputs: Vec<Vec<Fr>>,
    outputs: Vec<Vec<Fr>>,
}

fn setup(seed: u64) -> Setup {
    let mut rng = StdRng::seed_from_u64(seed);
    let shape = MatrixShape::new(12, 20);
    let matrix = TernaryMatrix::random(shape, 0.4, seed).unwrap();
    let inputs: Vec<Vec<Fr>> = (0..2)
        .map(|_| (0..shape.cols).map(|_| Fr::rand(&mut rng)).collect())
        .collect();
    let outputs = inputs.iter().map(|v| matrix.mul_vec(v)).collect();
    let committed = HidingCommittedMatrix::commit(matrix, params(), &mut rng).unwrap();
    Setup {
        shape,
        committed,
        inputs,
        outputs,
    }
}

/// Proves `outputs`; a cheating prover (`outputs` false) has its self-check off.
fn prove(setup: &Setup, outputs: &[Vec<Fr>], seed: u64) -> (HiddenMatVecProof<Fr>, ZkProof) {
    let mask_len = hidden_matvec_mask_len(setup.shape);
    let mut prover = ZkProver::new(params(), mask_len, StdRng::seed_from_u64(seed)).unwrap();
    if outputs != setup.outputs.as_slice() {
        prover.skip_self_check();
    }
    let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
    prover.absorb_mask_commitment(&mut transcript);
    let statement = MatVecStatement {
        inputs: &setup.inputs,
        outputs,
    };
    let proof =
        prove_hidden_matvec(&setup.committed, statement, &mut prover, &mut transcript).unwrap();
    (proof, prover.finish(&mut transcript))
}

fn verify(setup: &Setup, proof: &HiddenMatVecProof<Fr>, zk: &ZkProof) -> Result<(), String> {
    let mask_len = hidden_matvec_mask_len(setup.shape);
    let mut verifier = ZkVerifier::new(params(), mask_len, zk).map_err(|e| e.to_string())?;
    let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
    verifier.absorb_mask_commitment(&mut transcript);
    let view = HidingMatrixCommitment::new(setup.shape, setup.committed.commitment(), params())
        .map_err(|e| e.to_string())?;
    let statement = MatVecStatement {
        inputs: &setup.inputs,
        outputs: &setup.outputs,
    };
    verify_hidden_matvec(&view, statement, proof, &mut verifier, &mut transcript)
        .map_err(|e| format!("{e:?}"))?;
    verifier
        .finish(&mut transcript)
        .map_err(|e| format!("{e:?}"))
}

#[test]
fn hidden_matvec_over_a_hiding_matrix_verifies() {
    let setup = setup(1);
    let (proof, zk) = prove(&setup, &setup.outputs, 2);
    assert_eq!(verify(&setup, &proof, &zk), Ok(()));
    // One opening (the weights), no hidden scalar: the input is public.
    assert_eq!(zk.commitments.vector_nonces.len(), 2);
}

#[test]
fn a_false_output_is_rejected_by_the_sigma_protocol() {
    let setup = setup(3);
    let mut outputs = setup.outputs.clone();
    outputs[1][4] += Fr::from(1u64);
    // The prover proves the false outputs, the verifier checks the same false statement: the
    // clear rounds pass, the deferred round-0 relation does not.
    let (proof, zk) = prove(&setup, &outputs, 4);
    let false_setup = Setup { outputs, ..setup };
    assert_eq!(
        verify(&false_setup, &proof, &zk),
        Err(format!("{:?}", HyraxError::SigmaCheckFailed))
    );
}
