//! Zero-knowledge range checks (design.md §8 "LogUp"): the limbs and the multiplicities
//! committed with hiding rows (fresh blinds), the lookup over the limbs hidden
//! ([`crate::hidden`]), the scaled top limb's check a relation, and the limbs tied to their
//! commitments by one hidden opening — at the lookup's point ([`prove_hidden_committed_ranges`])
//! or, by a caller that folds the limb claims into a later sumcheck, at that sumcheck's point
//! ([`prove_hidden_range_claims`] hands the limbs' hidden values on).
//!
//! The proof carries the limb commitments, the multiplicity commitment and the lookup's masked
//! round polynomials; every value is a hidden scalar or an opening of the zero-knowledge
//! context. Soundness is the transparent range check's (the relations are its checks) plus the
//! context's; the scaled copy adds nothing (it is an exact relation).

mod prover;
mod verifier;

pub use prover::{
    prove_hidden_committed_ranges, prove_hidden_range_claims, HiddenRangeClaims, ProvedHiddenRange,
};
pub use verifier::{
    verify_hidden_committed_ranges, verify_hidden_range_claims, HiddenVerifiedRange,
};

use super::{absorb_batch, batch_statement, check_limb_width, row_vars_of, LimbDecomposition};
use crate::error::RangeError;
use crate::hidden::{hidden_mask_len, HiddenMultiplicities};
pub use crate::proof::HiddenRangeProof;
use ark_bn254::Fr;
use spazk_hyrax::zk::{BlindSource, BlindedCommitment};
use spazk_hyrax::{HyraxCommitment, HyraxParams};
use spazk_sumcheck::hidden::{Claim, HiddenValue, Relations};
use spazk_transcript::Transcript;

/// Limb columns and their hiding commitments.
#[derive(Clone, Debug)]
pub struct HiddenCommittedLimbs {
    /// One column per limb, low limb first.
    pub limbs: Vec<Vec<u32>>,
    /// One hiding commitment per limb, under [`LimbDecomposition::layout`].
    pub commitments: Vec<BlindedCommitment>,
}

impl LimbDecomposition {
    /// Decomposes `values` (a power-of-two count) and commits every limb with fresh blinds
    /// (every row, an all-zero one too).
    pub fn commit_hidden(
        &self,
        values: &[u64],
        params: &HyraxParams,
        blinds: &mut (impl BlindSource + ?Sized),
    ) -> Result<HiddenCommittedLimbs, RangeError> {
        let row_vars = row_vars_of(values.len())?;
        let limbs = self.decompose(values)?;
        let layout = Self::layout(row_vars);
        let commitments = limbs
            .iter()
            .map(|limb| {
                BlindedCommitment::commit(&limb[..], params, layout, blinds)
                    .map_err(RangeError::Commitment)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(HiddenCommittedLimbs { limbs, commitments })
    }

    /// `Σ_k 2^{w·k}·l_k` over the limbs' hidden values: the value column's claim.
    pub fn recompose_hidden(&self, limbs: &[HiddenValue]) -> Claim<Fr> {
        let base = Fr::from(1u64 << self.limb_bits);
        limbs
            .iter()
            .rev()
            .fold(Claim::public(Fr::from(0u64)), |acc, l| {
                acc * base + Claim::hidden(*l)
            })
    }
}

/// Everything a zero-knowledge range check commits before its lookup's `α`: the limbs of
/// several value columns (one length, one limb width), the scaled top limbs (looked up, never
/// committed) and the multiplicities of all of them.
#[derive(Clone, Debug)]
pub struct HiddenCommittedRanges {
    decompositions: Vec<LimbDecomposition>,
    row_vars: u32,
    columns: Vec<HiddenCommittedLimbs>,
    scaled: Vec<Option<Vec<u32>>>,
    multiplicities: HiddenMultiplicities,
}

impl HiddenCommittedRanges {
    /// Gathers committed limbs, derives the scaled top limbs and commits the multiplicities
    /// (fresh blinds).
    pub fn new(
        columns: Vec<(LimbDecomposition, HiddenCommittedLimbs)>,
        params: &HyraxParams,
        blinds: &mut (impl BlindSource + ?Sized),
    ) -> Result<Self, RangeError> {
        let scaled = columns
            .iter()
            .map(|(d, c)| d.scaled_top_of(&c.limbs))
            .collect();
        Self::assemble(columns, scaled, params, blinds)
    }

    /// [`Self::new`] with the scaled top limbs chosen by the caller: a cheating prover (the
    /// soundness tests' hook; honest callers use [`Self::new`]).
    #[cfg(feature = "test-util")]
    pub fn with_scaled(
        columns: Vec<(LimbDecomposition, HiddenCommittedLimbs)>,
        scaled: Vec<Option<Vec<u32>>>,
        params: &HyraxParams,
        blinds: &mut (impl BlindSource + ?Sized),
    ) -> Result<Self, RangeError> {
        Self::assemble(columns, scaled, params, blinds)
    }

    fn assemble(
        columns: Vec<(LimbDecomposition, HiddenCommittedLimbs)>,
        scaled: Vec<Option<Vec<u32>>>,
        params: &HyraxParams,
        blinds: &mut (impl BlindSource + ?Sized),
    ) -> Result<Self, RangeError> {
        let decompositions: Vec<LimbDecomposition> = columns.iter().map(|(d, _)| *d).collect();
        check_limb_width(&decompositions)?;
        let rows = columns[0].1.limbs.first().map_or(0, Vec::len);
        let row_vars = row_vars_of(rows)?;
        let shape = |what, expected: usize, found: usize| {
            (expected == found).then_some(()).ok_or(RangeError::Shape {
                what,
                expected,
                found,
            })
        };
        shape("scaled top limbs", columns.len(), scaled.len())?;
        for ((d, c), s) in columns.iter().zip(&scaled) {
            shape("limb columns", d.limbs(), c.limbs.len())?;
            shape("limb commitments", d.limbs(), c.commitments.len())?;
            shape(
                "scaled top limb",
                usize::from(d.has_scaled_top()),
                usize::from(s.is_some()),
            )?;
            for column in c.limbs.iter().chain(s) {
                shape("limb rows", rows, column.len())?;
            }
        }
        let columns: Vec<HiddenCommittedLimbs> = columns.into_iter().map(|(_, c)| c).collect();
        let statement = batch_statement(&decompositions, row_vars);
        let lookup_columns = lookup_columns(&columns, &scaled);
        let multiplicities =
            HiddenMultiplicities::commit(&statement, &lookup_columns, params, blinds)?;
        Ok(Self {
            decompositions,
            row_vars,
            columns,
            scaled,
            multiplicities,
        })
    }

    /// The decompositions, one per value column.
    pub fn decompositions(&self) -> &[LimbDecomposition] {
        &self.decompositions
    }

    /// Every limb column, in the order of the value columns, low limb first.
    pub fn limbs(&self) -> impl Iterator<Item = &Vec<u32>> {
        self.columns.iter().flat_map(|c| c.limbs.iter())
    }

    /// Every limb's hiding commitment, in the order of [`Self::limbs`].
    pub fn limb_commitments(&self) -> impl Iterator<Item = &BlindedCommitment> {
        self.columns.iter().flat_map(|c| c.commitments.iter())
    }

    /// The multiplicities and their hiding commitment.
    pub fn multiplicities(&self) -> &HiddenMultiplicities {
        &self.multiplicities
    }

    /// Absorbs the widths and the limb commitments, as [`prove_hidden_range_claims`] and
    /// [`verify_hidden_range_claims`] do first.
    fn absorb(&self, transcript: &mut Transcript) {
        let commitments: Vec<HyraxCommitment> = self
            .limb_commitments()
            .map(|c| c.commitment.clone())
            .collect();
        absorb_batch(&self.decompositions, &commitments, transcript);
    }
}

/// The lookup's columns: each value column's limbs, then its scaled top limb if any.
fn lookup_columns<'c>(
    columns: &'c [HiddenCommittedLimbs],
    scaled: &'c [Option<Vec<u32>>],
) -> Vec<&'c [u32]> {
    let mut all = Vec::new();
    for (c, s) in columns.iter().zip(scaled) {
        all.extend(c.limbs.iter().map(Vec::as_slice));
        all.extend(s.as_deref());
    }
    all
}

/// Mask coefficients a zero-knowledge range check of `decompositions` over `2^row_vars` values
/// uses (its lookup's masked sumchecks).
pub fn hidden_range_mask_len(decompositions: &[LimbDecomposition], row_vars: u32) -> usize {
    if decompositions.is_empty() {
        return 0;
    }
    hidden_mask_len(&batch_statement(decompositions, row_vars))
}

/// Splits the lookup's hidden column values into the limbs' (returned) and the scaled tops',
/// requiring each scaled top to be its top limb times `2^{w − r}`; returns the limbs and one
/// claim per value column. Written once for the prover and the verifier.
fn require_scaled_tops(
    relations: &mut Relations<Fr>,
    decompositions: &[LimbDecomposition],
    row_vars: u32,
    values: &[HiddenValue],
) -> (Vec<HiddenValue>, Vec<Claim<Fr>>) {
    let mut limbs = Vec::new();
    let mut claims = Vec::with_capacity(decompositions.len());
    let mut rest = values;
    for d in decompositions {
        let mine = &rest[..d.limbs()];
        if d.has_scaled_top() {
            let top = mine[d.limbs() - 1];
            // scaled(ρ) = 2^{w − r}·l_top(ρ)
            relations.require_equal(
                Claim::hidden(rest[d.limbs()]),
                Claim::hidden(top) * Fr::from(d.top_scale() as u64),
            );
        }
        limbs.extend_from_slice(mine);
        claims.push(d.recompose_hidden(mine));
        rest = &rest[d.statement(row_vars).columns..];
    }
    (limbs, claims)
}

/// Each limb's opening at the lookup's point must be the lookup's value of that limb.
fn require_opened_limbs(
    relations: &mut Relations<Fr>,
    opened: &[HiddenValue],
    limbs: &[HiddenValue],
) {
    for (opened, limb) in opened.iter().zip(limbs) {
        // ⟨u_k, eq(r_col)⟩ = l̃_k(ρ)
        relations.require_equal(Claim::hidden(*opened), Claim::hidden(*limb));
    }
}
