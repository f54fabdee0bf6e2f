//! The engine's prover: the one round loop every sumcheck in the workspace runs through.

use super::instance::SumcheckInstance;
use super::proof::SumcheckProof;
use crate::protocol::engine as label;
use ark_ff::PrimeField;
use spazk_field::{EvalClaim, LagrangeInterpolator, RoundPolynomial};
use spazk_transcript::Transcript;

/// Runs the sumcheck for `instance`, appending every round polynomial to `transcript` before
/// drawing its challenge. Returns the proof and the point (in variable order) with the value the
/// summed polynomial takes there.
pub fn prove_sumcheck<F: PrimeField, S: SumcheckInstance<F> + ?Sized>(
    instance: &mut S,
    claim: F,
    transcript: &mut Transcript,
) -> (SumcheckProof<F>, EvalClaim<F>) {
    let rounds = instance.num_rounds();
    let interpolator = LagrangeInterpolator::new(instance.degree());
    let mut round_polynomials = Vec::with_capacity(rounds);
    let mut challenges = Vec::with_capacity(rounds);
    let mut claim = claim;
    for _ in 0..rounds {
        let evaluations = instance.round_polynomial(claim);
        debug_assert_eq!(evaluations.len(), instance.degree() + 1);
        transcript.append_fields(label::ROUND, &evaluations);
        let r: F = transcript.challenge_field(label::CHALLENGE);
        claim = interpolator.evaluate(&evaluations, r);
        instance.bind(r);
        challenges.push(r);
        round_polynomials.push(RoundPolynomial::from_evaluations(evaluations));
    }
    challenges.reverse();
    (
        SumcheckProof { round_polynomials },
        EvalClaim::new(challenges, claim),
    )
}
