//! Committed weight matrices for the mat-vec protocol: the prover's [`CommittedMatrix`] and the
//! verifier's [`MatrixCommitment`], implementing `spazk-sumcheck`'s weight traits.
//!
//! Under [`Layout::of_matrix`], the opening vector at `(r_y, r_x)` is `u = eq(r_y, ·)ᵀ·W`, the
//! table the mat-vec prover has already folded: opening costs a copy.

use crate::commitment::{Commit, HyraxCommitment};
use crate::error::HyraxError;
use crate::layout::Layout;
use crate::params::HyraxParams;
use crate::proof::HyraxOpening;
use crate::verifier::{verify_opening, OpeningChecks};
use ark_bn254::Fr;
use spazk_matrix::{Matrix, MatrixShape};
use spazk_sumcheck::{WeightOracle, WeightProver};
use spazk_transcript::Transcript;
use std::cell::RefCell;

/// Absorbs a committed matrix's identity (shape and commitment), as both [`CommittedMatrix`] and
/// the verifier views do.
pub fn absorb_matrix_identity(
    shape: MatrixShape,
    commitment: &HyraxCommitment,
    transcript: &mut Transcript,
) {
    transcript.append_u64(b"matrix-rows", shape.rows as u64);
    transcript.append_u64(b"matrix-cols", shape.cols as u64);
    commitment.absorb_into(b"matrix-commitment", transcript);
}

/// A commitment fit for a matrix of `shape`: its natural layout, made with `params`' generators.
fn check_matrix_commitment(
    shape: MatrixShape,
    commitment: &HyraxCommitment,
    params: &HyraxParams,
) -> Result<(), HyraxError> {
    commitment.check_shape()?;
    if commitment.layout != Layout::of_matrix(shape) {
        return Err(HyraxError::LayoutMismatch);
    }
    if commitment.seed != params.seed() {
        return Err(HyraxError::GeneratorMismatch);
    }
    Ok(())
}

/// The table point of `W̃(r_y, r_x)`: index `y·C + x`, so the column variables come first.
fn opening_point(row_point: &[Fr], col_point: &[Fr]) -> Vec<Fr> {
    let mut point = Vec::with_capacity(col_point.len() + row_point.len());
    point.extend_from_slice(col_point);
    point.extend_from_slice(row_point);
    point
}

/// A weight matrix with its commitment: the prover's side.
#[derive(Clone, Debug)]
pub struct CommittedMatrix<M> {
    matrix: M,
    commitment: HyraxCommitment,
}

impl<M: Matrix<Fr> + Commit> CommittedMatrix<M> {
    /// Commits to `matrix` under its natural layout.
    pub fn commit(matrix: M, params: &HyraxParams) -> Result<Self, HyraxError> {
        let commitment = matrix.commit(params, Layout::of_matrix(matrix.shape()))?;
        Ok(Self { matrix, commitment })
    }
}

impl<M: Matrix<Fr>> CommittedMatrix<M> {
    /// The matrix.
    pub fn matrix_ref(&self) -> &M {
        &self.matrix
    }

    /// The commitment to publish.
    pub fn commitment(&self) -> &HyraxCommitment {
        &self.commitment
    }

    /// The verifier's view of the same matrix.
    pub fn verifier_view<'a>(&self, params: &'a HyraxParams) -> MatrixCommitment<'a> {
        MatrixCommitment {
            shape: self.matrix.shape(),
            commitment: self.commitment.clone(),
            params,
        }
    }
}

impl<M: Matrix<Fr>> WeightProver<Fr> for CommittedMatrix<M> {
    type Matrix = M;
    type Opening = HyraxOpening;

    fn matrix(&self) -> &M {
        &self.matrix
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        absorb_matrix_identity(self.matrix.shape(), &self.commitment, transcript);
    }

    fn open(&self, _: &[Fr], _: &[Fr], folded_rows: &[Fr], _: &mut Transcript) -> HyraxOpening {
        HyraxOpening {
            u: folded_rows.to_vec(),
        }
    }
}

/// A matrix known to the verifier only by its shape and commitment.
#[derive(Clone, Debug)]
pub struct MatrixCommitment<'a> {
    shape: MatrixShape,
    commitment: HyraxCommitment,
    params: &'a HyraxParams,
}

impl<'a> MatrixCommitment<'a> {
    /// A verifier view; checks that the commitment's layout is the matrix's natural one and
    /// that it was made with `params`' generators.
    pub fn new(
        shape: MatrixShape,
        commitment: HyraxCommitment,
        params: &'a HyraxParams,
    ) -> Result<Self, HyraxError> {
        check_matrix_commitment(shape, &commitment, params)?;
        Ok(Self {
            shape,
            commitment,
            params,
        })
    }

    /// The commitment.
    pub fn commitment(&self) -> &HyraxCommitment {
        &self.commitment
    }
}

impl WeightOracle<Fr> for MatrixCommitment<'_> {
    type Opening = HyraxOpening;
    type Error = HyraxError;

    fn shape(&self) -> MatrixShape {
        self.shape
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        absorb_matrix_identity(self.shape, &self.commitment, transcript);
    }

    fn verify_evaluation(
        &self,
        row_point: &[Fr],
        col_point: &[Fr],
        claimed: Fr,
        opening: &HyraxOpening,
        _transcript: &mut Transcript,
    ) -> Result<(), HyraxError> {
        let point = opening_point(row_point, col_point);
        verify_opening(self.params, &self.commitment, &point, claimed, opening)
    }
}

/// A matrix known to the verifier by its shape and commitment, whose openings are checked
/// together with every other opening of a larger proof: the value check runs at once, the group
/// equation joins `checks` (settled with one MSM by [`OpeningChecks::finish`]).
pub struct DeferredMatrixCommitment<'a, 'p, 'c> {
    shape: MatrixShape,
    commitment: &'c HyraxCommitment,
    checks: &'a RefCell<OpeningChecks<'p, 'c>>,
}

impl<'a, 'p, 'c> DeferredMatrixCommitment<'a, 'p, 'c> {
    /// A verifier view; checks the layout and the generators as [`MatrixCommitment::new`] does.
    pub fn new(
        shape: MatrixShape,
        commitment: &'c HyraxCommitment,
        params: &HyraxParams,
        checks: &'a RefCell<OpeningChecks<'p, 'c>>,
    ) -> Result<Self, HyraxError> {
        check_matrix_commitment(shape, commitment, params)?;
        Ok(Self {
            shape,
            commitment,
            checks,
        })
    }
}

impl WeightOracle<Fr> for DeferredMatrixCommitment<'_, '_, '_> {
    type Opening = HyraxOpening;
    type Error = HyraxError;

    fn shape(&self) -> MatrixShape {
        self.shape
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        absorb_matrix_identity(self.shape, self.commitment, transcript);
    }

    fn verify_evaluation(
        &self,
        row_point: &[Fr],
        col_point: &[Fr],
        claimed: Fr,
        opening: &HyraxOpening,
        _transcript: &mut Transcript,
    ) -> Result<(), HyraxError> {
        let point = opening_point(row_point, col_point);
        self.checks
            .borrow_mut()
            .add_opening(self.commitment, &point, claimed, opening)
    }
}
