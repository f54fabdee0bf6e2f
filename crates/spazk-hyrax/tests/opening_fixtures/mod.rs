//! Fixtures shared by the Hyrax tests: a committed ternary mat-vec with its honest proof, random
//! tables committed under one layout, and their batched opening and its check. Each test binary
//! uses the part it needs.
#![allow(dead_code)]

use spazk_field::Fr;
use spazk_hyrax::{
    open_batch, verify_batch, BatchedHyraxOpening, Commit, CommittedMatrix, HyraxCommitment,
    HyraxError, HyraxOpening, HyraxParams, Layout,
};
use spazk_matrix::{random_field_vectors, Matrix, MatrixShape, TernaryMatrix};
use spazk_sumcheck::{prove_matvec, MatVecProof, MatVecStatement, MATVEC_PROTOCOL};
use spazk_transcript::Transcript;

/// A committed 32 × 64 ternary matrix, one input, its output and the honest mat-vec proof.
pub struct CommittedMatVec {
    /// The matrix and its commitment.
    pub committed: CommittedMatrix<TernaryMatrix>,
    /// The one input vector.
    pub inputs: Vec<Vec<Fr>>,
    /// The matrix times the input.
    pub outputs: Vec<Vec<Fr>>,
    /// The honest stand-alone proof.
    pub proof: MatVecProof<Fr, HyraxOpening>,
}

/// The seeded [`CommittedMatVec`], committed under `params`.
pub fn committed_matvec(params: &HyraxParams) -> CommittedMatVec {
    let shape = MatrixShape::new(32, 64);
    let committed =
        CommittedMatrix::commit(TernaryMatrix::random(shape, 0.3, 5).unwrap(), params).unwrap();
    let inputs = random_field_vectors::<Fr>(1, 64, 6);
    let outputs = vec![committed.matrix_ref().mul_vec(&inputs[0])];
    let statement = MatVecStatement {
        inputs: &inputs,
        outputs: &outputs,
    };
    let proof = prove_matvec(&committed, statement, &mut Transcript::new(MATVEC_PROTOCOL)).unwrap();
    CommittedMatVec {
        committed,
        inputs,
        outputs,
        proof,
    }
}

/// `count` seeded random tables of `layout`'s size and their commitments.
pub fn commit_tables(
    params: &HyraxParams,
    count: usize,
    seed: u64,
    layout: Layout,
) -> (Vec<Vec<Fr>>, Vec<HyraxCommitment>) {
    let tables = random_field_vectors::<Fr>(count, layout.rows() * layout.cols(), seed);
    let commitments = tables
        .iter()
        .map(|t| t.commit(params, layout).unwrap())
        .collect();
    (tables, commitments)
}

/// Seeded tables, committed, opened together at one point.
pub struct BatchedTables {
    /// The generators.
    pub params: &'static HyraxParams,
    /// The transcript label of the prover and the verifier.
    pub label: &'static [u8],
    /// The tables.
    pub tables: Vec<Vec<Fr>>,
    /// Their commitments, as the prover absorbed them.
    pub commitments: Vec<HyraxCommitment>,
    /// The opening point.
    pub point: Vec<Fr>,
    /// The tables' claimed values at `point`.
    pub values: Vec<Fr>,
    /// The batched opening.
    pub opening: BatchedHyraxOpening,
}

/// `count` tables of 64 entries (seed `seeds.0`) committed under a balanced layout, `edit`
/// applied to the commitments (a cheater opening tables against commitments that are not
/// theirs), then opened at a random point (seed `seeds.1`) on a fresh transcript `label`.
pub fn batched_tables(
    params: &'static HyraxParams,
    count: usize,
    seeds: (u64, u64),
    label: &'static [u8],
    edit: impl FnOnce(&mut Vec<HyraxCommitment>),
) -> BatchedTables {
    let layout = Layout::balanced(6);
    let (tables, mut commitments) = commit_tables(params, count, seeds.0, layout);
    edit(&mut commitments);
    let point = random_field_vectors::<Fr>(1, 6, seeds.1).pop().unwrap();
    let refs: Vec<&[Fr]> = tables.iter().map(|t| t.as_slice()).collect();
    let crefs: Vec<&HyraxCommitment> = commitments.iter().collect();
    let (opening, values) =
        open_batch(&crefs, &refs, layout, &point, &mut Transcript::new(label)).unwrap();
    BatchedTables {
        params,
        label,
        tables,
        commitments,
        point,
        values,
        opening,
    }
}

impl BatchedTables {
    /// The batch verifier on the commitments, point, values and opening, on a fresh transcript.
    pub fn verify(&self) -> Result<(), HyraxError> {
        let refs: Vec<&HyraxCommitment> = self.commitments.iter().collect();
        verify_tables(
            self.params,
            &refs,
            &self.point,
            &self.values,
            &self.opening,
            self.label,
        )
    }
}

/// The batch verifier on a fresh transcript `label`.
pub fn verify_tables(
    params: &HyraxParams,
    commitments: &[&HyraxCommitment],
    point: &[Fr],
    values: &[Fr],
    opening: &BatchedHyraxOpening,
    label: &'static [u8],
) -> Result<(), HyraxError> {
    verify_batch(
        params,
        commitments,
        point,
        values,
        opening,
        &mut Transcript::new(label),
    )
}
