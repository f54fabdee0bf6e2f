//! The zero-knowledge range-check verifier: limb and multiplicity commitments' counts and
//! layouts, the hidden lookup, the scaled tops' relations, and (stand-alone) the limbs' hidden
//! opening. Every length comes from the decompositions; nothing here panics on proof data.

use super::{require_opened_limbs, require_scaled_tops, HiddenRangeProof};
use crate::error::RangeError;
use crate::hidden::verify_hidden_committed_lookup;
use crate::proof::HiddenLookupProof;
use crate::range::{check_and_absorb_limbs, LimbDecomposition};
use ark_bn254::Fr;
use spazk_hyrax::zk::ZkVerifier;
use spazk_hyrax::HyraxCommitment;
use spazk_sumcheck::hidden::{Claim, HiddenValue, HidingVerifier};
use spazk_transcript::Transcript;

/// What [`verify_hidden_range_claims`] leaves: the lookup's row point, the limbs' hidden values
/// there (to be tied to the limb commitments) and one claim per value column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenVerifiedRange {
    /// The lookup's row point.
    pub point: Vec<Fr>,
    /// Every limb's hidden value at `point`, in the order of the limb commitments.
    pub limbs: Vec<HiddenValue>,
    /// One claim per value column at `point`.
    pub value_claims: Vec<Claim<Fr>>,
}

/// The zero-knowledge range argument's checks short of the limbs' opening, mirroring
/// [`super::prove_hidden_range_claims`]: the limb commitments' count and layout, the
/// multiplicity commitment's layout, the hidden lookup (the multiplicities' opening included),
/// the scaled tops' relations. The caller ties the returned limb values to the limb commitments.
pub fn verify_hidden_range_claims<'a>(
    decompositions: &[LimbDecomposition],
    row_vars: u32,
    limb_commitments: &[HyraxCommitment],
    multiplicity_commitment: &'a HyraxCommitment,
    lookup: &HiddenLookupProof,
    verifier: &mut ZkVerifier<'a>,
    transcript: &mut Transcript,
) -> Result<HiddenVerifiedRange, RangeError> {
    let (_, statement) =
        check_and_absorb_limbs(decompositions, row_vars, limb_commitments, transcript)?;
    let columns = verify_hidden_committed_lookup(
        &statement,
        lookup,
        multiplicity_commitment,
        verifier,
        transcript,
    )?;
    let (limbs, value_claims) = require_scaled_tops(
        verifier.relations(),
        decompositions,
        row_vars,
        &columns.values,
    );
    Ok(HiddenVerifiedRange {
        point: columns.point,
        limbs,
        value_claims,
    })
}

/// Verifies [`super::prove_hidden_committed_ranges`] for value columns of `2^row_vars`
/// entries: [`verify_hidden_range_claims`], then one hidden opening of every limb commitment at
/// the lookup's point, each required equal to the lookup's limb value. Returns one claim per
/// value column (at the returned range's point).
pub fn verify_hidden_committed_ranges<'a>(
    decompositions: &[LimbDecomposition],
    row_vars: u32,
    proof: &'a HiddenRangeProof,
    verifier: &mut ZkVerifier<'a>,
    transcript: &mut Transcript,
) -> Result<HiddenVerifiedRange, RangeError> {
    let range = verify_hidden_range_claims(
        decompositions,
        row_vars,
        &proof.limb_commitments,
        &proof.multiplicity_commitment,
        &proof.lookup,
        verifier,
        transcript,
    )?;
    let commitments: Vec<&HyraxCommitment> = proof.limb_commitments.iter().collect();
    let opened = verifier
        .open(&commitments, &range.point, transcript)
        .map_err(RangeError::Column)?;
    require_opened_limbs(verifier.relations(), &opened, &range.limbs);
    Ok(range)
}
