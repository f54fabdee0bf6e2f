//! Hiding weight matrices for the zero-knowledge mat-vec protocol: the prover's
//! [`HidingCommittedMatrix`] and the verifier's [`HidingMatrixCommitment`], implementing
//! `spazk-sumcheck`'s hiding weight traits over [`ZkProver`] / [`ZkVerifier`].
//!
//! # The hiding weight layout
//! The committed table is the padded matrix, index `y·C_pad + x`, as in transparent mode, but
//! laid out with few columns ([`Layout::hiding_matrix`]: `c = min(b, ⌊(a + b)/2⌋)` column
//! variables, so a 16×4096 matrix is 256 Hyrax rows of 256 columns, and a 4096×1024 one keeps
//! its natural layout). The reason is the final Σ-protocol: an opening's vector `u` is a
//! witness, answered by one response per column and one nonce vector committed over the
//! columns, so under the natural layout a wide matrix cost 4096 field elements in the proof and
//! a 4096-generator nonce MSM; under this one, 256 of each. Matrix row `y` is the `2^h` Hyrax
//! rows `y·2^h + x_hi` (`h = b − c`, `x = x_hi·2^c + x_lo`), each holding `2^c` columns.
//!
//! The opening point is the same full point `(r_x, r_y)` (column variables low); only where it
//! splits moves: the Hyrax column point is `r_x[..c]`, the Hyrax row point `(r_x[c..], r_y)`. So
//! `u` is no longer the mat-vec fold `A = eq(r_y, ·)ᵀ·W` itself but the fold of its high `h`
//! variables, `u[x_lo] = Σ_{x_hi} eq(r_x[c..], x_hi)·A[x_hi·2^c + x_lo]`, computed from `A` in
//! `O(C_pad)` ([`crate::matrix_opening_vector`]). The verifier's side needs nothing new: it
//! splits the point by the commitment's layout, and its row combination `Σ_i L_i·C_i` (inside
//! the final MSM) grows from `2^a` to `2^(a+h)` terms — for 784-4096-10's output layer, 16 to
//! 256 points, against 3840 fewer generator terms for the response.
//!
//! Rows `y ≥ m` of the padded matrix are structure, not witness: the model commitment keeps
//! their Hyrax rows (`≥ m·2^h`, [`Layout::matrix_data_rows`]) the identity, with zero blinds;
//! every Hyrax row of a real matrix row is blinded.

use super::commit::BlindedCommitment;
use super::prover::{OpeningColumn, ZkProver};
use super::verifier::ZkVerifier;
use crate::commitment::{Commit, HyraxCommitment};
use crate::error::HyraxError;
use crate::layout::Layout;
use crate::matvec::{
    absorb_matrix_identity, check_matrix_commitment, matrix_opening_vector, opening_point,
};
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
    /// Commits to `matrix` under its hiding layout ([`Layout::hiding_matrix`]), every Hyrax row
    /// blinded from `rng` (padded rows too: a model commitment that leaves them the identity
    /// blinds only its data rows, see [`Self::from_parts`]).
    pub fn commit(
        matrix: M,
        params: &HyraxParams,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<Self, HyraxError> {
        let layout = Layout::hiding_matrix(matrix.shape());
        let blinded = BlindedCommitment::commit(&matrix, params, layout, rng)?;
        Ok(Self { matrix, blinded })
    }
}

impl<M: Matrix<Fr>> HidingCommittedMatrix<M> {
    /// Pairs `matrix` with its hiding commitment and blinds made earlier (read from the owner's
    /// file); checks the shape, the hiding layout ([`Layout::hiding_matrix`]), one blind per
    /// Hyrax row and that no blind of a Hyrax row holding a real matrix row (`y < m`, the first
    /// [`Layout::matrix_data_rows`] `= m·2^h`) is zero. Other weights or blinds make proofs that
    /// fail to verify, never false ones; a zero blind would make proofs that verify while the
    /// published row is the plain `⟨W_i, G⟩`, which confirms a guessed row (and gives a sparse
    /// one away to a search), so it is refused ([`HyraxError::ZeroBlind`]: a transparent
    /// commitment is not a hiding one). Padding rows `y ≥ m` are structure, not witness: the
    /// model commitment keeps their Hyrax rows the identity (checked by its reader), so their
    /// blinds are zero.
    pub fn from_parts(matrix: M, blinded: BlindedCommitment) -> Result<Self, HyraxError> {
        blinded.commitment.check_shape()?;
        let layout = Layout::hiding_matrix(matrix.shape());
        if blinded.commitment.layout != layout {
            return Err(HyraxError::LayoutMismatch);
        }
        if blinded.blinds.len() != blinded.commitment.rows.len() {
            return Err(HyraxError::WrongRowCount {
                expected: blinded.commitment.rows.len(),
                found: blinded.blinds.len(),
            });
        }
        let data_rows = layout
            .matrix_data_rows(matrix.shape())
            .expect("the hiding layout fits its matrix");
        let real_rows = data_rows.min(blinded.blinds.len());
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

    /// The hidden opening of `W̃(r_y, r_x)`; its opening vector is the fold of the mat-vec
    /// fold's high `h` column variables ([`matrix_opening_vector`], `O(C_pad)`; module docs).
    fn evaluation(
        &self,
        row_point: &[Fr],
        col_point: &[Fr],
        folded_rows: &[Fr],
        context: &mut ZkProver<'p, R>,
        transcript: &mut Transcript,
    ) -> Claim<Fr> {
        let point = opening_point(row_point, col_point);
        let opening = matrix_opening_vector(self.blinded.commitment.layout, col_point, folded_rows);
        let column = OpeningColumn {
            commitment: &self.blinded,
            opening: &opening,
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
    /// A verifier view; checks the hiding layout ([`Layout::hiding_matrix`]: a commitment under
    /// the natural layout of a wide matrix is refused, [`HyraxError::LayoutMismatch`]) and
    /// `params`' generators.
    pub fn new(
        shape: MatrixShape,
        commitment: &'a HyraxCommitment,
        params: &HyraxParams,
    ) -> Result<Self, HyraxError> {
        check_matrix_commitment(Layout::hiding_matrix(shape), commitment, params)?;
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
