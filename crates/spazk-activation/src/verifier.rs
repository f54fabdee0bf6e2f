//! Verifying an activation step by the method its shape picks, and checking its claims against
//! a stand-alone statement's public columns.

use crate::error::ActivationError;
use crate::limbs;
use crate::pairs;
use crate::proof::{ActivationClaims, ActivationProof};
use crate::protocol::absorb_public_activation;
use crate::spec::{ActivationMethod, ActivationSpec};
use ark_bn254::Fr;
use spazk_field::{eq_table, EvalClaim};
use spazk_hyrax::{HyraxParams, OpeningChecks};
use spazk_transcript::Transcript;

/// Verifies a stand-alone proof that `outputs = requantize(relu(inputs))` row by row (a
/// power-of-two count): checks the spec and the lengths, absorbs the statement (`z`, `a`) before
/// anything else, then the advice commitments, checks the proof by its method, settles every
/// opening with one MSM, and checks the claims on `z` and `a` against the public columns.
///
/// The statement is absorbed first because the final claims are MLE values at a point the
/// transcript chooses: a statement the transcript does not bind could be picked after the proof
/// (a short integer `Δ` with `⟨Δ, eq(r, ·)⟩ = 0`, found by lattice reduction, moved `a` on
/// dozens of rows of an honest proof — an accepted forgery an attack found).
pub fn verify_activation(
    spec: &ActivationSpec,
    inputs: &[i64],
    outputs: &[u8],
    proof: &ActivationProof,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(), ActivationError> {
    spec.check()?;
    let n = inputs.len();
    if !n.is_power_of_two() || outputs.len() != n {
        return Err(ActivationError::Shape {
            what: "public activation rows (a power of two, as many outputs as inputs)",
            expected: n.next_power_of_two(),
            found: outputs.len(),
        });
    }
    let row_vars = n.trailing_zeros();
    absorb_public_activation(inputs, outputs, transcript);
    proof.absorb_commitments(spec, row_vars, transcript)?;
    let mut checks = OpeningChecks::new(params);
    let claims = verify_activation_deferred(spec, row_vars, proof, None, &mut checks, transcript)?;
    checks.finish().map_err(ActivationError::Openings)?;
    check_public_activation(&claims, inputs, outputs)
}

/// [`verify_activation`] for a caller that has absorbed the proof's advice commitments
/// ([`ActivationProof::absorb_commitments`], with the rest of its statement) before any
/// challenge, with every opening's group equation deferred to `checks`.
pub fn verify_activation_deferred<'c>(
    spec: &ActivationSpec,
    row_vars: u32,
    proof: &'c ActivationProof,
    output_claim: Option<&EvalClaim<Fr>>,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<ActivationClaims, ActivationError> {
    spec.check()?;
    match (spec.method(row_vars), proof) {
        (ActivationMethod::Limbs, ActivationProof::Limbs(p)) => {
            limbs::verify_deferred(spec, row_vars, p, output_claim, checks, transcript)
        }
        (ActivationMethod::Pairs(table), ActivationProof::Pairs(p)) => {
            pairs::verify_deferred(spec, &table, row_vars, p, output_claim, checks, transcript)
        }
        _ => Err(ActivationError::WrongActivationMethod),
    }
}

/// Checks an activation proof's claims against public inputs and outputs (a stand-alone
/// statement; inside a network these claims go to the neighbouring layers instead). Sound only
/// if `inputs` and `outputs` were absorbed before the proof's first challenge, as
/// [`verify_activation`] does: the claims are MLE values at a point the transcript chose.
pub fn check_public_activation(
    claims: &ActivationClaims,
    inputs: &[i64],
    outputs: &[u8],
) -> Result<(), ActivationError> {
    let n = 1usize << claims.point.len();
    if inputs.len() != n || outputs.len() != n {
        return Err(ActivationError::Shape {
            what: "public activation rows",
            expected: n,
            found: inputs.len().max(outputs.len()),
        });
    }
    let eq = eq_table(&claims.point);
    let z: Fr = inputs
        .iter()
        .zip(&eq)
        .map(|(z, e)| {
            let magnitude = Fr::from(z.unsigned_abs());
            *e * if *z < 0 { -magnitude } else { magnitude }
        })
        .sum();
    if z != claims.input_value {
        return Err(ActivationError::InputMismatch);
    }
    let a: Fr = outputs
        .iter()
        .zip(&eq)
        .map(|(a, e)| *e * Fr::from(*a as u64))
        .sum();
    if a != claims.output_value {
        return Err(ActivationError::OutputMismatch);
    }
    Ok(())
}
