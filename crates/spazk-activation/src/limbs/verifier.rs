//! The limb-method verifier: the range checks, the zero-check (its final value recomputed from
//! the opened values) and the advice's batched opening, deferred.

use super::constraints::Constraints;
use super::{gamma_power, LimbActivationProof};
use crate::error::ActivationError;
use crate::proof::{check_output_claim, ActivationClaims};
use crate::protocol::{label, power_of_two};
use crate::spec::ActivationSpec;
use ark_bn254::Fr;
use ark_ff::Zero;
use spazk_field::{eq_eval, EvalClaim};
use spazk_hyrax::{HyraxCommitment, OpeningChecks};
use spazk_logup::{verify_range_claims, LimbDecomposition};
use spazk_sumcheck::verify_sumcheck;
use spazk_transcript::Transcript;

/// Verifies a limb-method activation proof over `2^row_vars` rows. Checks, in order: every
/// advice commitment's layout (all absorbed before any challenge, by the caller), the range
/// checks of `u`, `rem`, `a`, `d` (one lookup, its limb claims folded into the zero-check), the
/// zero-check (every round, and its final value recomputed from the opened values), each limb
/// recomposition at the zero-check point, and one batched opening of every committed column
/// there, deferred to `checks`. Returns the claims on `z` and `a`, which the caller must check.
pub fn verify_deferred<'c>(
    spec: &ActivationSpec,
    row_vars: u32,
    proof: &'c LimbActivationProof,
    output_claim: Option<&EvalClaim<Fr>>,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<ActivationClaims, ActivationError> {
    proof.check_commitments(spec, row_vars)?;
    check_output_claim(output_claim, row_vars)?;
    let decompositions = spec.decompositions();
    let range = verify_range_claims(
        &decompositions,
        row_vars,
        &proof.limb_commitments,
        &proof.lookup,
        checks,
        transcript,
    )?;

    let beta: Fr = transcript.challenge_field(label::limbs::BETA);
    let rho: Vec<Fr> = transcript.challenge_fields(label::limbs::POINT, row_vars as usize);
    let gamma: Fr = transcript.challenge_field(label::limbs::GAMMA);
    // Σ_k γ^{k+1}·v_k: the constraint sum alone has weight 1 (see the prover).
    let gamma_sum = |values: &[Fr]| {
        values
            .iter()
            .rev()
            .fold(Fr::zero(), |acc, v| acc * gamma + v)
            * gamma
    };
    let output_weight = gamma_power(gamma, range.limb_values.len() + 1);
    let mut carried = gamma_sum(&range.limb_values);
    if let Some(output) = output_claim {
        carried += output_weight * output.value;
    }
    let sub_claim = verify_sumcheck(&proof.zero_check, carried, row_vars as usize, 4, transcript)
        .map_err(ActivationError::ZeroCheck)?;
    let limbs: usize = decompositions.iter().map(LimbDecomposition::limbs).sum();
    if proof.limb_values.len() != limbs {
        return Err(ActivationError::Shape {
            what: "limb values",
            expected: limbs,
            found: proof.limb_values.len(),
        });
    }
    // Recompose u, rem, a, d from the limbs at r.
    let mut rest = proof.limb_values.as_slice();
    let mut recomposed = [Fr::zero(); 4];
    for (value, d) in recomposed.iter_mut().zip(&decompositions) {
        let base = Fr::from(1u64 << d.limb_bits);
        *value = rest[..d.limbs()]
            .iter()
            .rev()
            .fold(Fr::zero(), |acc, v| acc * base + v);
        rest = &rest[d.limbs()..];
    }
    let [s, c] = proof.bit_values;
    let [u, rem, a, d] = recomposed;
    let constraints = Constraints::new(spec, beta);
    let output_term = output_claim.map_or(Fr::zero(), |output| {
        output_weight * eq_eval(&output.point, &sub_claim.point) * a
    });
    if sub_claim.value
        != eq_eval(&rho, &sub_claim.point) * constraints.evaluate(&[s, c, u, rem, a, d])
            + eq_eval(&range.point, &sub_claim.point) * gamma_sum(&proof.limb_values)
            + output_term
    {
        return Err(ActivationError::ZeroCheckFinalMismatch);
    }
    transcript.append_fields(label::limbs::BIT_VALUES, &proof.bit_values);
    transcript.append_fields(label::limbs::LIMB_VALUES, &proof.limb_values);
    let mut commitments: Vec<&HyraxCommitment> =
        vec![&proof.sign_commitment, &proof.saturation_commitment];
    commitments.extend(proof.limb_commitments.iter());
    let mut values = vec![s, c];
    values.extend_from_slice(&proof.limb_values);
    checks
        .add_batch(
            &commitments,
            &sub_claim.point,
            &values,
            &proof.opening,
            transcript,
        )
        .map_err(ActivationError::Column)?;
    let l = power_of_two(spec.sign_bits());
    Ok(ActivationClaims {
        point: sub_claim.point,
        input_value: u - l * s,
        output_value: a,
    })
}
