//! The pair method with zero knowledge (design.md §8 "Activation"): the advice `j`, `rem`, `a`
//! and the multiplicities committed with hiding rows (fresh blinds); the lookup into the
//! [`RequantizeTable`] hidden ([`spazk_logup::prove_hidden_committed_lookup`]: its column
//! values `w₀`, `w₁` are hidden scalars, the multiplicities opened hidden); with the next
//! layer's claim `ã(P) = v` (a claim over hidden values) the reduction sumcheck masked
//! (degree 2), starting from the claim `w₀ + 2^{k−1} + γ·(w₁ − β²) + γ²·v`, affine in hidden
//! values. The three columns are opened once, hidden, at the reduction's point `r` (at `ρ`
//! without a next-layer claim), and every check on them is a linear relation:
//!
//! * without a next-layer claim: `j̃(ρ) − 2^{k−1} + β·ã(ρ) = w₀` and `rem̃(ρ) + β² = w₁`;
//! * with one: the reduction's final value `h(r, b) = left(r, b)·right(j̃, rem̃, ã)` (`left`
//!   public, `right` affine).
//!
//! The claims left are `z̃(r) = 2^sh·(j̃(r) − 2^{k−1}) + rem̃(r) − 2^{sh−1}` and `ã(r)`, affine in
//! the openings. Nothing about the advice is sent in the clear: the proof is the hiding
//! commitments and the masked round polynomials.

mod prover;
mod verifier;

pub use prover::prove_hidden;
pub use verifier::verify_hidden;

use super::{absorb_commitments, advice_columns, check_advice_layouts, reduction_final};
use crate::error::ActivationError;
use crate::hidden::HiddenActivationClaims;
use crate::protocol::advice_layout;
use crate::spec::ActivationSpec;
use crate::table::RequantizeTable;
use ark_bn254::Fr;
use ark_ff::Field;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_hyrax::zk::{BlindSource, BlindedCommitment};
use spazk_hyrax::{HyraxCommitment, HyraxError, HyraxParams};
use spazk_logup::{
    hidden_mask_len, multiplicity_layout, HiddenLookupProof, HiddenMultiplicities, LookupStatement,
    LookupTable,
};
use spazk_sumcheck::hidden::{Claim, HiddenValue, Relations};
use spazk_sumcheck::{mask_len, MaskedSubClaim, SumcheckProof};
use spazk_transcript::Transcript;

/// A zero-knowledge pair-method proof: hiding commitments and masked round polynomials only.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HiddenPairActivationProof {
    /// Hiding commitment to the quotient indices `j = q + 2^{k−1}`.
    pub quotient_commitment: HyraxCommitment,
    /// Hiding commitment to the remainders.
    pub remainder_commitment: HyraxCommitment,
    /// Hiding commitment to the activations `a`.
    pub output_commitment: HyraxCommitment,
    /// Hiding commitment to the lookup's multiplicities.
    pub multiplicity_commitment: HyraxCommitment,
    /// The lookup's masked round polynomials.
    pub lookup: HiddenLookupProof,
    /// The masked reduction (no rounds without a next-layer claim).
    pub reduction: SumcheckProof<Fr>,
}

/// The pair method's advice with hiding commitments (fresh blinds, every row).
#[derive(Clone, Debug)]
pub struct HiddenCommittedPairActivation {
    spec: ActivationSpec,
    table: RequantizeTable,
    row_vars: u32,
    /// `j`, `rem`, `a` per row.
    columns: [Vec<u32>; 3],
    /// The remainders as indices into the table's remainder half (what the lookup reads).
    tagged: Vec<u32>,
    commitments: [BlindedCommitment; 3],
    multiplicities: HiddenMultiplicities,
}

impl HiddenCommittedPairActivation {
    /// The activations `a`.
    pub fn activations(&self) -> Vec<u8> {
        self.columns[2].iter().map(|a| *a as u8).collect()
    }

    /// The step's shape.
    pub fn spec(&self) -> &ActivationSpec {
        &self.spec
    }

    /// `log2` of the rows.
    pub fn row_vars(&self) -> u32 {
        self.row_vars
    }

    /// Absorbs the shape and the advice commitments (as the transparent
    /// [`super::CommittedPairActivation::absorb_commitments`]; the multiplicities' commitment
    /// is absorbed by the lookup, before its `α`).
    pub fn absorb_commitments(&self, transcript: &mut Transcript) {
        let [j, rem, a] = &self.commitments;
        absorb_commitments(
            &self.spec,
            &[&j.commitment, &rem.commitment, &a.commitment],
            transcript,
        );
    }
}

/// Computes the advice for `inputs` (a power-of-two count) and commits it and its lookup's
/// multiplicities with fresh blinds.
pub fn commit_hidden(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    inputs: &[i64],
    params: &HyraxParams,
    blinds: &mut (impl BlindSource + ?Sized),
) -> Result<HiddenCommittedPairActivation, ActivationError> {
    let columns = advice_columns(spec, table, inputs)?;
    commit_columns(spec, table, columns, params, blinds)
}

/// Commits advice columns `[j, rem, a]` the caller chose: a cheating prover (the soundness
/// tests' hook; honest callers use [`commit_hidden`]).
#[cfg(feature = "test-util")]
pub fn commit_hidden_advice(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    columns: [Vec<u32>; 3],
    params: &HyraxParams,
    blinds: &mut (impl BlindSource + ?Sized),
) -> Result<HiddenCommittedPairActivation, ActivationError> {
    commit_columns(spec, table, columns, params, blinds)
}

fn commit_columns(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    columns: [Vec<u32>; 3],
    params: &HyraxParams,
    blinds: &mut (impl BlindSource + ?Sized),
) -> Result<HiddenCommittedPairActivation, ActivationError> {
    let n = columns[0].len();
    if !n.is_power_of_two() || columns.iter().any(|c| c.len() != n) {
        return Err(ActivationError::Shape {
            what: "activation rows (a power of two, equal for every column)",
            expected: n.next_power_of_two(),
            found: n,
        });
    }
    let row_vars = n.trailing_zeros();
    let layout = advice_layout(row_vars);
    let commit = |k: usize, blinds: &mut _| {
        BlindedCommitment::commit(&columns[k][..], params, layout, blinds)
            .map_err(ActivationError::Commitment)
    };
    let commitments = [commit(0, blinds)?, commit(1, blinds)?, commit(2, blinds)?];
    // A remainder outside the table (forged advice only) stays out of it and is refused by the
    // multiplicities.
    let tagged: Vec<u32> = columns[1]
        .iter()
        .map(|r| table.remainder_index(*r as u64).unwrap_or(u32::MAX))
        .collect();
    let multiplicities = HiddenMultiplicities::commit(
        &statement(table, row_vars),
        &[&columns[0], &tagged],
        params,
        blinds,
    )?;
    Ok(HiddenCommittedPairActivation {
        spec: *spec,
        table: *table,
        row_vars,
        columns,
        tagged,
        commitments,
        multiplicities,
    })
}

/// The lookup: the quotient column and the tagged remainder column into the table.
fn statement(table: &RequantizeTable, row_vars: u32) -> LookupStatement<RequantizeTable> {
    LookupStatement {
        columns: 2,
        row_vars,
        table: *table,
    }
}

/// Mask coefficients of a zero-knowledge pair-method proof: the lookup's, and the reduction's
/// (`row_vars + 1` rounds of degree 2) when it carries the next layer's claim.
pub(crate) fn hidden_mask(table: &RequantizeTable, row_vars: u32, carries_output: bool) -> usize {
    let reduction = if carries_output {
        mask_len(row_vars as usize + 1, 2)
    } else {
        0
    };
    hidden_mask_len(&statement(table, row_vars)) + reduction
}

impl HiddenPairActivationProof {
    fn commitments(&self) -> [&HyraxCommitment; 3] {
        [
            &self.quotient_commitment,
            &self.remainder_commitment,
            &self.output_commitment,
        ]
    }

    /// Checks the advice and multiplicity commitments' layouts for `2^row_vars` rows.
    pub(crate) fn check_commitments(
        &self,
        spec: &ActivationSpec,
        table: &RequantizeTable,
        row_vars: u32,
    ) -> Result<(), ActivationError> {
        check_advice_layouts(spec, table, row_vars, &self.commitments())?;
        if self.multiplicity_commitment.layout != multiplicity_layout(LookupTable::bits(table)) {
            return Err(ActivationError::Lookup(
                spazk_logup::LookupError::Multiplicity(HyraxError::LayoutMismatch),
            ));
        }
        Ok(())
    }

    /// Absorbs what [`HiddenCommittedPairActivation::absorb_commitments`] absorbs, after
    /// checking the layouts.
    pub(crate) fn absorb_commitments(
        &self,
        spec: &ActivationSpec,
        table: &RequantizeTable,
        row_vars: u32,
        transcript: &mut Transcript,
    ) -> Result<(), ActivationError> {
        self.check_commitments(spec, table, row_vars)?;
        absorb_commitments(spec, &self.commitments(), transcript);
        Ok(())
    }
}

/// The relations on the three columns' hidden openings `[j, rem, a]` at `r`, written once for
/// both sides; returns the claims on `z` and `a` there.
fn require_openings(
    relations: &mut Relations<Fr>,
    spec: &ActivationSpec,
    table: &RequantizeTable,
    beta: Fr,
    check: OpeningCheck<'_>,
    point: Vec<Fr>,
    opened: [HiddenValue; 3],
) -> HiddenActivationClaims {
    let [j, rem, a] = opened.map(Claim::hidden);
    match check {
        OpeningCheck::LookupPoint([w0, w1]) => {
            let offset = Fr::from(table.quotient_offset() as u64);
            // j̃(ρ) − 2^{k−1} + β·ã(ρ) = w₀
            relations.require_equal(j.clone() - offset + a.clone() * beta, Claim::hidden(w0));
            // rem̃(ρ) + β² = w₁
            relations.require_equal(rem.clone() + beta.square(), Claim::hidden(w1));
        }
        OpeningCheck::Reduction {
            sub_claim,
            gamma,
            eq_lookup,
            eq_output,
        } => {
            let b = sub_claim.point[point.len()];
            let expected = reduction_final(
                [j.clone(), rem.clone(), a.clone()],
                beta,
                gamma,
                b,
                eq_lookup,
                eq_output,
            );
            // h(r, b) = left(r, b)·right(j̃(r), rem̃(r), ã(r))
            relations.require_equal(sub_claim.value.clone(), expected);
        }
    }
    HiddenActivationClaims {
        point,
        input: super::input_value(spec, table, [j, rem]),
        output: a,
    }
}

/// What the openings are checked against: the lookup's column values at `ρ` (no next-layer
/// claim), or the reduction's final value.
enum OpeningCheck<'s> {
    /// `w₀`, `w₁`.
    LookupPoint([HiddenValue; 2]),
    /// The masked reduction ended on `sub_claim`; `eq(ρ, r)`, `eq(P, r)`.
    Reduction {
        sub_claim: &'s MaskedSubClaim<Fr>,
        gamma: Fr,
        eq_lookup: Fr,
        eq_output: Fr,
    },
}
