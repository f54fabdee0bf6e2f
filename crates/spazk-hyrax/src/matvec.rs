//! Committed weight matrices for the mat-vec protocol: the prover's [`CommittedMatrix`] and the
//! verifier's [`MatrixCommitment`], implementing `spazk-sumcheck`'s weight traits.
//!
//! Under [`Layout::of_matrix`], the opening vector at `(r_y, r_x)` is `u = eq(r_y, ·)ᵀ·W`, the
//! table the mat-vec prover has already folded: opening costs a copy. The transparent verifier
//! views accept that layout only (it is what every transparent commitment uses); the prover's
//! [`CommittedMatrix`] also opens a commitment under a narrower layout of the same table
//! ([`Layout::hiding_matrix`], the zero-knowledge mode's), through [`matrix_opening_vector`].
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
use ark_ff::Zero;
use spazk_field::eq_table;
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

/// A commitment fit for a matrix: under `layout` (the mode's layout of the matrix:
/// [`Layout::of_matrix`] transparent, [`Layout::hiding_matrix`] hiding), made with `params`'
/// generators.
pub(crate) fn check_matrix_commitment(
    layout: Layout,
    commitment: &HyraxCommitment,
    params: &HyraxParams,
) -> Result<(), HyraxError> {
    commitment.check_shape()?;
    if commitment.layout != layout {
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

/// The opening vector at `(row_point, col_point)` of a matrix committed under `layout` (one that
/// lays out its padded table, [`Layout::matrix_split`] `= Some(h)`), from the mat-vec fold
/// `A = eq(row_point, ·)ᵀ·W` (`C_pad` entries). The Hyrax row point is `col_point[c..]` (the
/// high `h` column variables) followed by `row_point`, so
/// `u[x_lo] = Σ_{x_hi} eq(col_point[c..], x_hi)·A[x_hi·2^c + x_lo]`: `C_pad` multiplications,
/// no allocation beyond `u` and the `2^h` weights. Under the natural layout (`h = 0`) `u` is
/// `A` itself, copied.
///
/// # Panics
/// On a caller's bug: `folded_rows` not `2^(c + h)` long, or `col_point` shorter than `c + h`.
pub fn matrix_opening_vector(layout: Layout, col_point: &[Fr], folded_rows: &[Fr]) -> Vec<Fr> {
    let width = layout.cols();
    let high = &col_point[layout.col_vars as usize..];
    if high.is_empty() {
        return folded_rows.to_vec();
    }
    assert_eq!(
        folded_rows.len(),
        width << high.len(),
        "the fold spans the padded columns"
    );
    let weights = eq_table(high);
    let mut opening = vec![Fr::zero(); width];
    for (block, weight) in folded_rows.chunks_exact(width).zip(&weights) {
        for (u, a) in opening.iter_mut().zip(block) {
            *u += *weight * a;
        }
    }
    opening
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
    /// Pairs `matrix` with a commitment made earlier (read from a file), without recomputing
    /// it: checks only the commitment's shape and that its layout lays out the matrix's padded
    /// table ([`Layout::matrix_split`]: the natural layout of [`Self::commit`], or the narrower
    /// [`Layout::hiding_matrix`] of a hiding model commitment, whose weights the key keeps
    /// here too). A commitment to other weights makes proofs that fail to verify (the opening
    /// is the prover's fold of `matrix`), never false ones; to catch a mix-up early,
    /// [`Self::first_mismatched_row`] recomputes a few rows.
    pub fn from_parts(matrix: M, commitment: HyraxCommitment) -> Result<Self, HyraxError> {
        commitment.check_shape()?;
        if commitment.layout.matrix_split(matrix.shape()).is_none() {
            return Err(HyraxError::LayoutMismatch);
        }
        Ok(Self { matrix, commitment })
    }

    /// The first of `rows` (rows of the commitment's layout, each holding real matrix rows:
    /// below [`Layout::matrix_data_rows`]; under the natural layout, matrix rows) whose
    /// committed row differs from the row recomputed from the matrix's nonzeros; `None` when
    /// all agree. Derives only the generators of those rows' nonzero columns
    /// ([`HyraxParams::derive_at`], from the commitment's seed) and scans the nonzeros once:
    /// O(nnz) reads and a few small MSMs, where committing the matrix is a sum per row.
    pub fn first_mismatched_row(&self, rows: &[usize]) -> Option<usize> {
        let layout = self.commitment.layout;
        let split = layout
            .matrix_split(self.matrix.shape())
            .expect("checked when paired");
        let (low, column_mask) = (layout.col_vars, layout.cols() - 1);
        let mut entries: Vec<(Vec<usize>, Vec<Fr>)> = vec![(Vec::new(), Vec::new()); rows.len()];
        self.matrix.for_each_nonzero(&mut |y, x, w| {
            let row = (y << split) | (x >> low);
            for (k, _) in rows.iter().enumerate().filter(|(_, r)| **r == row) {
                entries[k].0.push(x & column_mask);
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

    fn open(
        &self,
        _: &[Fr],
        col_point: &[Fr],
        folded_rows: &[Fr],
        _: &mut Transcript,
    ) -> HyraxOpening {
        HyraxOpening {
            u: matrix_opening_vector(self.commitment.layout, col_point, folded_rows),
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
        check_matrix_commitment(Layout::of_matrix(shape), &commitment, params)?;
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
        check_matrix_commitment(Layout::of_matrix(shape), commitment, params)?;
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
