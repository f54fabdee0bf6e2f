//! The zero-knowledge pair-method verifier: the hidden lookup, the masked reduction and the
//! advice's hidden opening, every check on hidden values a relation. Never panics on proof
//! data.

use super::{require_openings, statement, HiddenPairActivationProof, OpeningCheck};
use crate::error::ActivationError;
use crate::hidden::{check_output_point, HiddenActivationClaims};
use crate::pairs::reduction_claim;
use crate::protocol::label;
use crate::spec::ActivationSpec;
use crate::table::RequantizeTable;
use ark_bn254::Fr;
use spazk_field::eq_eval;
use spazk_hyrax::zk::ZkVerifier;
use spazk_logup::verify_hidden_committed_lookup;
use spazk_sumcheck::hidden::{Claim, HidingVerifier};
use spazk_sumcheck::verify_masked_sumcheck;
use spazk_transcript::Transcript;

/// Verifies a zero-knowledge pair-method proof over `2^row_vars` rows whose advice
/// commitments the caller has absorbed ([`crate::HiddenActivationProof::absorb_commitments`]).
/// Checks, in order: the commitments' layouts; the hidden lookup (every layer's masked
/// sumcheck in the clear, the rest relations; the multiplicities' hidden opening); with a
/// next-layer claim, the masked reduction's rounds; the three columns' hidden opening at its
/// point, related to the lookup's values or the reduction's final value. Returns the claims on
/// `z` and `a`; the relations are settled by `verifier`'s final Σ-protocol.
pub fn verify_hidden<'a>(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    row_vars: u32,
    proof: &'a HiddenPairActivationProof,
    output_claim: Option<(&[Fr], &Claim<Fr>)>,
    verifier: &mut ZkVerifier<'a>,
    transcript: &mut Transcript,
) -> Result<HiddenActivationClaims, ActivationError> {
    proof.check_commitments(spec, table, row_vars)?;
    check_output_point(output_claim, row_vars)?;
    let lookup = verify_hidden_committed_lookup(
        &statement(table, row_vars),
        &proof.lookup,
        &proof.multiplicity_commitment,
        verifier,
        transcript,
    )?;
    let gamma: Fr = transcript.challenge_field(label::pairs::GAMMA);
    let (beta, rho) = (lookup.beta, &lookup.point);
    // The lookup's statement fixes two columns: two hidden values.
    let [w0, w1] = [lookup.values[0], lookup.values[1]];
    let (r, sub_claim) = match output_claim {
        None => {
            // Without the next layer's claim the columns are opened at ρ: no rounds.
            if !proof.reduction.round_polynomials.is_empty() {
                return Err(ActivationError::Shape {
                    what: "reduction rounds",
                    expected: 0,
                    found: proof.reduction.round_polynomials.len(),
                });
            }
            (rho.clone(), None)
        }
        Some((point, value)) => {
            let claim = reduction_claim(
                table,
                [Claim::hidden(w0), Claim::hidden(w1)],
                beta,
                gamma,
                Some(value.clone()),
            );
            let sub_claim = verify_masked_sumcheck(
                &proof.reduction,
                &claim,
                row_vars as usize + 1,
                2,
                verifier,
                transcript,
            )
            .map_err(ActivationError::Reduction)?;
            let r = sub_claim.point[..row_vars as usize].to_vec();
            (r, Some((sub_claim, point)))
        }
    };
    let opened = verifier
        .open(&proof.commitments(), &r, transcript)
        .map_err(ActivationError::Column)?;
    let check = match &sub_claim {
        None => OpeningCheck::LookupPoint([w0, w1]),
        Some((sub_claim, point)) => OpeningCheck::Reduction {
            sub_claim,
            gamma,
            eq_lookup: eq_eval(rho, &r),
            eq_output: eq_eval(point, &r),
        },
    };
    Ok(require_openings(
        verifier.relations(),
        spec,
        table,
        beta,
        check,
        r,
        [opened[0], opened[1], opened[2]],
    ))
}
