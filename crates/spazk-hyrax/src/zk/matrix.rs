//! Hiding weight matrices for the zero-knowledge mat-vec protocol: the prover's
//! [`HidingCommittedMatrix`] and the verifier's [`HidingMatrixCommitment`], implementing
//! `spazk-sumcheck`'s hiding weight traits over [`ZkProver`] / [`ZkVerifier`].
//!
//! The layout is [`Layout::of_matrix`], as in transparent mode, so the opening vector at
//! `(r_y, r_x)` is the mat-vec prover's fold `eq(r_y, ·)ᵀ·W`: the opening costs a copy (a layout
//! with fewer columns, cheaper for the Σ-protocol's nonce MSM, is a later step).

use super::commit::BlindedCommitment;
use super::prover::{OpeningColumn, ZkProver};
use super::verifier::ZkVerifier;
use crate::commitment::{Commit, HyraxCommitment};
use crate::error::HyraxError;
use crate::layout::Layout;
use crate::matvec::{absorb_matrix_identity, check_matrix_commitment, opening_point};
use crate::params::HyraxParams;
use ark_bn254::Fr;
use ark_ff::Zero;
use ark_std::rand::{CryptoRng, RngCore};
use spazk_matrix::{Matrix, MatrixShape};
use spazk_sumcheck::hidden::Claim;
use spazk_sumcheck::{HidingWeightOracle, HidingWeightProver};
use spazk_transcript::Transcript;

/// A weight matrix with its hiding commitment and row blinds: the prover's side (the blinds are
/// the owner's secret, kept with the weights).
#[derive(Clone)]
pub struct HidingCommittedMatrix<M> {
    matrix: M,
    blinded: BlindedCommitment,
}

impl<M: Matrix<Fr> + Commit> HidingCommittedMatrix<M> {
    /// Commits to `matrix` under its natural layout, every row blinded from `rng`.
    pub fn commit(
        matrix: M,
        params: &HyraxParams,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<Self, HyraxError> {
        let layout = Layout::of_matrix(matrix.shape());
        let blinded = BlindedCommitment::commit(&matrix, params, layout, rng)?;
        Ok(Self { matrix, blinded })
    }
}

impl<M: Matrix<Fr>> HidingCommittedMatrix<M> {
    /// Pairs `matrix` with its hiding commitment and blinds made earlier (read from the owner's
    /// file); checks the shape, the natural layout, one blind per row and that no blind of a
    /// real row (`y < m`) is zero. Other weights or blinds make proofs that fail to verify,
    /// never false ones; a zero blind would make proofs that verify while the published row is
    /// the plain `⟨W_i, G⟩`, which confirms a guessed row (and gives a sparse one away to a
    /// search), so it is refused ([`HyraxError::ZeroBlind`]: a transparent commitment is not a
    /// hiding one). Padding rows `y ≥ m` are structure, not witness: the model commitment keeps
    /// them the identity (checked by its reader), so their blinds are zero.
    pub fn from_parts(matrix: M, blinded: BlindedCommitment) -> Result<Self, HyraxError> {
        blinded.commitment.check_shape()?;
        if blinded.commitment.layout != Layout::of_matrix(matrix.shape()) {
            return Err(HyraxError::LayoutMismatch);
        }
        if blinded.blinds.len() != blinded.commitment.rows.len() {
            return Err(HyraxError::WrongRowCount {
                expected: blinded.commitment.rows.len(),
                found: blinded.blinds.len(),
            });
        }
        let real_rows = matrix.shape().rows.min(blinded.blinds.len());
        if let Some(row) = blinded.blinds[..real_rows]
            .iter()
            .position(|beta| beta.is_zero())
        {
            return Err(HyraxError::ZeroBlind { row });
        }
        Ok(Self { matrix, blinded })
    }

    /// The commitment to publish.
    pub fn commitment(&self) -> &HyraxCommitment {
        &self.blinded.commitment
    }

    /// The commitment with its blinds.
    pub fn blinded(&self) -> &BlindedCommitment {
        &self.blinded
    }
}

impl<'p, R: RngCore + CryptoRng, M: Matrix<Fr>> HidingWeightProver<Fr, ZkProver<'p, R>>
    for HidingCommittedMatrix<M>
{
    type Matrix = M;

    fn matrix(&self) -> &M {
        &self.matrix
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        absorb_matrix_identity(self.matrix.shape(), &self.blinded.commitment, transcript);
    }

    /// The hidden opening of `W̃(r_y, r_x)`; its opening vector is the fold (copied).
    fn evaluation(
        &self,
        row_point: &[Fr],
        col_point: &[Fr],
        folded_rows: &[Fr],
        context: &mut ZkProver<'p, R>,
        transcript: &mut Transcript,
    ) -> Claim<Fr> {
        let point = opening_point(row_point, col_point);
        let column = OpeningColumn {
            commitment: &self.blinded,
            opening: folded_rows,
        };
        Claim::hidden(context.open(&[column], &point, transcript)[0])
    }
}

/// A hiding-committed matrix known to the verifier by its shape and commitment.
#[derive(Clone, Copy, Debug)]
pub struct HidingMatrixCommitment<'a> {
    shape: MatrixShape,
    commitment: &'a HyraxCommitment,
}

impl<'a> HidingMatrixCommitment<'a> {
    /// A verifier view; checks the natural layout and `params`' generators.
    pub fn new(
        shape: MatrixShape,
        commitment: &'a HyraxCommitment,
        params: &HyraxParams,
    ) -> Result<Self, HyraxError> {
        check_matrix_commitment(shape, commitment, params)?;
        Ok(Self { shape, commitment })
    }
}

impl<'a> HidingWeightOracle<Fr, ZkVerifier<'a>> for HidingMatrixCommitment<'a> {
    type Error = HyraxError;

    fn shape(&self) -> MatrixShape {
        self.shape
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        absorb_matrix_identity(self.shape, self.commitment, transcript);
    }

    fn evaluation(
        &self,
        row_point: &[Fr],
        col_point: &[Fr],
        context: &mut ZkVerifier<'a>,
        transcript: &mut Transcript,
    ) -> Result<Claim<Fr>, HyraxError> {
        let point = opening_point(row_point, col_point);
        let handles = context.open(&[self.commitment], &point, transcript)?;
        Ok(Claim::hidden(handles[0]))
    }
}

/// Prints the public commitment only: neither the weights nor the blinds.
impl<M> core::fmt::Debug for HidingCommittedMatrix<M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HidingCommittedMatrix")
            .field("commitment", &self.blinded.commitment)
            .finish_non_exhaustive()
    }
}
