//! Verifying a zero-knowledge activation step by the method its shape picks.

use super::{HiddenActivationClaims, HiddenActivationProof};
use crate::error::ActivationError;
use crate::limbs;
use crate::pairs;
use crate::spec::{ActivationMethod, ActivationSpec};
use ark_bn254::Fr;
use spazk_hyrax::zk::ZkVerifier;
use spazk_sumcheck::hidden::Claim;
use spazk_transcript::Transcript;

/// Verifies a zero-knowledge activation step over `2^row_vars` rows whose advice commitments
/// the caller has absorbed ([`HiddenActivationProof::absorb_commitments`], with the rest of its
/// statement) before any challenge. `output_claim` is the next layer's claim on `a`, as the
/// prover carried it. Checks the method, then the method's proof (see
/// [`crate::pairs::verify_hidden`], [`crate::limbs::verify_hidden`]); the checks on hidden values
/// are relations in `verifier`, settled by its final Σ-protocol ([`ZkVerifier::finish`]).
/// Returns the claims on `z` and `a`.
///
/// The proof is borrowed for the verifier's lifetime `'a`: the hidden openings keep the
/// proof's commitments until the final MSM.
pub fn verify_hidden_activation<'a>(
    spec: &ActivationSpec,
    row_vars: u32,
    proof: &'a HiddenActivationProof,
    output_claim: Option<(&[Fr], &Claim<Fr>)>,
    verifier: &mut ZkVerifier<'a>,
    transcript: &mut Transcript,
) -> Result<HiddenActivationClaims, ActivationError> {
    spec.check()?;
    match (spec.method(row_vars), proof) {
        (ActivationMethod::Limbs, HiddenActivationProof::Limbs(p)) => {
            limbs::verify_hidden(spec, row_vars, p, output_claim, verifier, transcript)
        }
        (ActivationMethod::Pairs(table), HiddenActivationProof::Pairs(p)) => pairs::verify_hidden(
            spec,
            &table,
            row_vars,
            p,
            output_claim,
            verifier,
            transcript,
        ),
        _ => Err(ActivationError::WrongActivationMethod),
    }
}
