//! The range-check verifier: limb commitments' count and layout, the lookup over the limbs,
//! every scaled top limb, and the limbs' batched opening.

use super::{check_and_absorb_limbs, LimbDecomposition};
use crate::claim::ColumnClaims;
use crate::error::RangeError;
use crate::proof::{CommittedRangeProof, LookupProof};
use crate::verifier::verify_lookup_deferred;
use ark_bn254::Fr;
use spazk_field::EvalClaim;
use spazk_hyrax::{HyraxCommitment, HyraxParams, OpeningChecks};
use spazk_transcript::Transcript;

/// Verifies a committed range proof for `2^row_vars` values. Checks the limb commitments'
/// count and layout, the lookup argument, the scaled top limb, and the limb commitments' opening
/// at the lookup's point. Returns the claim on the value column.
pub fn verify_committed_range(
    decomposition: &LimbDecomposition,
    row_vars: u32,
    proof: &CommittedRangeProof,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<EvalClaim<Fr>, RangeError> {
    verify_committed_ranges(&[*decomposition], row_vars, proof, params, transcript)
        .map(|mut claims| claims.remove(0))
}

/// Verifies [`super::prove_committed_ranges`] for value columns of `2^row_vars` entries: limb
/// commitments' count and layout, the lookup, every scaled top limb, and one batched opening of
/// all limb commitments at the lookup's point. Returns one claim per value column.
pub fn verify_committed_ranges(
    decompositions: &[LimbDecomposition],
    row_vars: u32,
    proof: &CommittedRangeProof,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<Vec<EvalClaim<Fr>>, RangeError> {
    let mut checks = OpeningChecks::new(params);
    let claims =
        verify_committed_ranges_deferred(decompositions, row_vars, proof, &mut checks, transcript)?;
    checks.finish().map_err(RangeError::Openings)?;
    Ok(claims)
}

/// [`verify_committed_ranges`] with both openings' group equations deferred to `checks`.
pub fn verify_committed_ranges_deferred<'c>(
    decompositions: &[LimbDecomposition],
    row_vars: u32,
    proof: &'c CommittedRangeProof,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<Vec<EvalClaim<Fr>>, RangeError> {
    let VerifiedRange {
        point,
        limb_values,
        value_claims,
    } = verify_range_claims(
        decompositions,
        row_vars,
        &proof.limb_commitments,
        &proof.lookup,
        checks,
        transcript,
    )?;
    let commitments: Vec<&HyraxCommitment> = proof.limb_commitments.iter().collect();
    checks
        .add_batch(
            &commitments,
            &point,
            &limb_values,
            &proof.column_opening,
            transcript,
        )
        .map_err(RangeError::Column)?;
    Ok(value_claims)
}

/// The range argument's checks short of opening the limbs: commitments' count and layout, the
/// lookup (its multiplicity opening deferred to `checks`), every scaled top limb. Returns the
/// lookup's row point, the limbs' values there and one claim per value column. Absorbs what
/// [`super::prove_range_claims`] absorbs; the caller checks the limb values against the limb
/// commitments (one batched opening, possibly at a later point).
pub fn verify_range_claims<'c>(
    decompositions: &[LimbDecomposition],
    row_vars: u32,
    limb_commitments: &[HyraxCommitment],
    lookup: &'c LookupProof,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<VerifiedRange, RangeError> {
    let (limbs, statement) =
        check_and_absorb_limbs(decompositions, row_vars, limb_commitments, transcript)?;
    let ColumnClaims { point, values, .. } =
        verify_lookup_deferred(&statement, lookup, checks, transcript)?;
    // Split the lookup's column values into limbs (opened) and scaled tops (derived).
    let mut limb_values = Vec::with_capacity(limbs);
    let mut value_claims = Vec::with_capacity(decompositions.len());
    let mut rest = values.as_slice();
    for d in decompositions {
        let mine = &rest[..d.limbs()];
        if d.has_scaled_top() {
            let scaled = rest[d.limbs()];
            if scaled != mine[d.limbs() - 1] * Fr::from(d.top_scale() as u64) {
                return Err(RangeError::ScaledLimbMismatch);
            }
        }
        limb_values.extend_from_slice(mine);
        value_claims.push(EvalClaim::new(point.clone(), d.recompose(mine)));
        rest = &rest[d.statement(row_vars).columns..];
    }
    Ok(VerifiedRange {
        point,
        limb_values,
        value_claims,
    })
}

/// What [`verify_range_claims`] leaves: the lookup's row point, the limbs' values there, and one
/// claim per value column.
pub struct VerifiedRange {
    /// The lookup's row point.
    pub point: Vec<Fr>,
    /// Every limb's claimed value at `point` (the scaled tops left out), in the order of the
    /// limb commitments.
    pub limb_values: Vec<Fr>,
    /// One claim per value column, all at `point`.
    pub value_claims: Vec<EvalClaim<Fr>>,
}
