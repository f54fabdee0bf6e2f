//! The zero-knowledge limb-method verifier: the hidden range checks, the masked zero-check's
//! rounds, one hidden opening of every advice column and `π`, every check on hidden values a
//! relation. Never panics on proof data.

use super::ZERO_CHECK_DEGREE;
use super::{carried_claim, require_final, HiddenLimbActivationProof, ZeroCheckContext};
use crate::error::ActivationError;
use crate::hidden::{check_output_point, HiddenActivationClaims};
use crate::limbs::prover::ZeroCheckChallenges;
use crate::spec::ActivationSpec;
use ark_bn254::Fr;
use spazk_hyrax::zk::ZkVerifier;
use spazk_logup::verify_hidden_range_claims;
use spazk_sumcheck::hidden::{Claim, HidingVerifier};
use spazk_sumcheck::verify_masked_sumcheck;
use spazk_transcript::Transcript;

/// Verifies a zero-knowledge limb-method proof over `2^row_vars` rows whose advice
/// commitments the caller has absorbed ([`crate::HiddenActivationProof::absorb_commitments`]).
/// Checks, in order: every commitment's count and layout; the hidden range checks of `u`,
/// `rem`, `a`, `d` (the multiplicities' hidden opening, the scaled tops); the masked
/// zero-check's rounds; one hidden opening of `s`, `c` and every limb at its point and the
/// hidden `π`, related to its final value. Returns the claims on `z` and `a`; the relations
/// are settled by `verifier`'s final Σ-protocol.
pub fn verify_hidden<'a>(
    spec: &ActivationSpec,
    row_vars: u32,
    proof: &'a HiddenLimbActivationProof,
    output_claim: Option<(&[Fr], &Claim<Fr>)>,
    verifier: &mut ZkVerifier<'a>,
    transcript: &mut Transcript,
) -> Result<HiddenActivationClaims, ActivationError> {
    proof.check_commitments(spec, row_vars)?;
    check_output_point(output_claim, row_vars)?;
    let range = verify_hidden_range_claims(
        &spec.decompositions(),
        row_vars,
        &proof.limb_commitments,
        &proof.multiplicity_commitment,
        &proof.lookup,
        verifier,
        transcript,
    )?;
    let challenges = ZeroCheckChallenges::draw(row_vars, transcript);
    let claim = carried_claim(challenges.gamma, &range.limbs, output_claim.map(|(_, v)| v));
    let sub_claim = verify_masked_sumcheck(
        &proof.zero_check,
        &claim,
        row_vars as usize,
        ZERO_CHECK_DEGREE,
        verifier,
        transcript,
    )
    .map_err(ActivationError::ZeroCheck)?;
    let opened = verifier
        .open(&proof.opened_commitments(), &sub_claim.point, transcript)
        .map_err(ActivationError::Column)?;
    let pi = verifier
        .receive_scalar(transcript)
        .map_err(ActivationError::Hidden)?;
    let context = ZeroCheckContext {
        spec,
        challenges: &challenges,
        range_point: &range.point,
        output_point: output_claim.map(|(point, _)| point),
    };
    Ok(require_final(
        verifier.relations(),
        context,
        &sub_claim,
        &opened,
        pi,
    ))
}
