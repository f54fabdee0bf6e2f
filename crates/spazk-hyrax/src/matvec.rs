//! Committed weight matrices for the mat-vec protocol: the prover's [`CommittedMatrix`] and the
//! verifier's [`MatrixCommitment`], implementing `spazk-sumcheck`'s weight traits.
//!
//! Under [`Layout::of_matrix`], the opening vector at `(r_y, r_x)` is `u = eq(r_y, ·)ᵀ·W`, the
//! table the mat-vec prover has already folded: opening costs a copy.
//!
//! Inside a larger proof, [`DeferredMatrixCommitment::verify_matvec_claim`] adds the weight
//! opening to an [`OpeningChecks`] accumulator the caller passes `&mut`, settled with every
//! other opening by one MSM.

use crate::commitment::{Commit, HyraxCommitment};
use crate::error::HyraxError;
use crate::layout::Layout;
use crate::params::HyraxParams;
use crate::proof::HyraxOpening;
use crate::protocol::label;
use crate::verifier::{verify_opening, OpeningChecks};
use ark_bn254::Fr;
use ark_bn254::G1Projective;
use ark_ec::CurveGroup;
use spazk_matrix::{Matrix, MatrixShape};
use spazk_sumcheck::{
    InputClaim, MatVecClaim, MatVecProof, VerifyError, WeightOracle, WeightProver,
};
use spazk_transcript::Transcript;

/// Absorbs a committed matrix's identity (shape and commitment), as both [`CommittedMatrix`] and
/// the verifier views do.
pub fn absorb_matrix_identity(
    shape: MatrixShape,
    commitment: &HyraxCommitment,
    transcript: &mut Transcript,
) {
    transcript.append_u64(label::MATRIX_ROWS, shape.rows as u64);
    transcript.append_u64(label::MATRIX_COLS, shape.cols as u64);
    commitment.absorb_into(label::MATRIX_COMMITMENT, transcript);
}

/// A commitment fit for a matrix of `shape`: its natural layout, made with `params`' generators.
pub(crate) fn check_matrix_commitment(
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
pub(crate) fn opening_point(row_point: &[Fr], col_point: &[Fr]) -> Vec<Fr> {
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
    /// Pairs `matrix` with a commitment made earlier by [`Self::commit`] (read from a file),
    /// without recomputing it: checks only the commitment's shape and that its layout is the
    /// matrix's natural one. A commitment to other weights makes proofs that fail to verify (the
    /// opening is the prover's fold of `matrix`), never false ones; to catch a mix-up early,
    /// [`Self::first_mismatched_row`] recomputes a few rows.
    pub fn from_parts(matrix: M, commitment: HyraxCommitment) -> Result<Self, HyraxError> {
        commitment.check_shape()?;
        if commitment.layout != Layout::of_matrix(matrix.shape()) {
            return Err(HyraxError::LayoutMismatch);
        }
        Ok(Self { matrix, commitment })
    }

    /// The first of `rows` (row indices of the matrix, each below its row count) whose committed
    /// row differs from the matrix's row recomputed from its nonzeros; `None` when all agree.
    /// Derives only the generators of those rows' nonzero columns
    /// ([`HyraxParams::derive_at`], from the commitment's seed) and scans the nonzeros once:
    /// O(nnz) reads and a few small MSMs, where committing the matrix is a sum per row.
    pub fn first_mismatched_row(&self, rows: &[usize]) -> Option<usize> {
        let mut entries: Vec<(Vec<usize>, Vec<Fr>)> = vec![(Vec::new(), Vec::new()); rows.len()];
        self.matrix.for_each_nonzero(&mut |y, x, w| {
            for (k, _) in rows.iter().enumerate().filter(|(_, r)| **r == y) {
                entries[k].0.push(x);
                entries[k].1.push(w);
            }
        });
        rows.iter()
            .zip(&entries)
            .find_map(|(y, (columns, weights))| {
                let bases = HyraxParams::derive_at(&self.commitment.seed, columns);
                let row: G1Projective = crate::msm::msm(&bases, weights);
                match self.commitment.rows.get(*y) {
                    Some(committed) if *committed == row.into_affine() => None,
                    _ => Some(*y),
                }
            })
    }

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

/// A matrix known to the verifier by its shape and commitment, whose opening is checked together
/// with every other opening of a larger proof: [`Self::verify_matvec_claim`] runs the value check
/// at once and adds the group equation to the caller's [`OpeningChecks`] (settled with one MSM by
/// [`OpeningChecks::finish`]).
pub struct DeferredMatrixCommitment<'c> {
    shape: MatrixShape,
    commitment: &'c HyraxCommitment,
}

impl<'c> DeferredMatrixCommitment<'c> {
    /// A verifier view; checks the layout and the generators as [`MatrixCommitment::new`] does.
    pub fn new(
        shape: MatrixShape,
        commitment: &'c HyraxCommitment,
        params: &HyraxParams,
    ) -> Result<Self, HyraxError> {
        check_matrix_commitment(shape, commitment, params)?;
        Ok(Self { shape, commitment })
    }

    /// [`spazk_sumcheck::verify_matvec_claim`] against this matrix, its weight opening added to
    /// `checks`: the same checks in the same order and the same transcript as with an oracle
    /// that opens at once, the group equation left for [`OpeningChecks::finish`].
    pub fn verify_matvec_claim<'p>(
        &self,
        checks: &mut OpeningChecks<'p, 'c>,
        batch_size: usize,
        claim: &MatVecClaim<Fr>,
        proof: &MatVecProof<Fr, HyraxOpening>,
        transcript: &mut Transcript,
    ) -> Result<InputClaim<Fr>, VerifyError<HyraxError>> {
        let pending = PendingOpening {
            shape: self.shape,
            commitment: self.commitment,
        };
        let input_claim =
            spazk_sumcheck::verify_matvec_claim(&pending, batch_size, claim, proof, transcript)?;
        // The point and value the mat-vec verifier hands its oracle, as its last check.
        let point = opening_point(&claim.row_point, &input_claim.column_point);
        checks
            .add_opening(
                self.commitment,
                &point,
                proof.weight_evaluation,
                &proof.weight_opening,
            )
            .map_err(VerifyError::Weight)?;
        Ok(input_claim)
    }
}

/// The oracle [`DeferredMatrixCommitment::verify_matvec_claim`] runs the sumcheck with: it binds
/// the matrix's identity and leaves the evaluation to its caller, which adds it to the opening
/// checks once the sumcheck has fixed the point. Private: on its own it accepts any evaluation.
struct PendingOpening<'c> {
    shape: MatrixShape,
    commitment: &'c HyraxCommitment,
}

impl WeightOracle<Fr> for PendingOpening<'_> {
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
        _: &[Fr],
        _: &[Fr],
        _: Fr,
        _: &HyraxOpening,
        _: &mut Transcript,
    ) -> Result<(), HyraxError> {
        Ok(())
    }
}
