//! The engine's prover: the one round loop every sumcheck in the workspace runs through, masked
//! ([`super::masked`]) or not.

use super::instance::SumcheckInstance;
use super::proof::SumcheckProof;
use crate::protocol::engine as label;
use ark_ff::PrimeField;
use spazk_field::{EvalClaim, LagrangeInterpolator, RoundPolynomial};
use spazk_transcript::Transcript;

/// What a masked sumcheck adds to each round polynomial (`ρ·` the mask's round polynomial),
/// and how it follows the challenges.
pub(crate) trait RoundMask<F> {
    /// Adds this round's mask values at `0, …, degree` to `evaluations`.
    fn add_to(&self, round: usize, evaluations: &mut [F]);
    /// Records round `round`'s challenge.
    fn bind(&mut self, round: usize, challenge: F);
}

/// Runs the sumcheck for `instance`, appending every round polynomial to `transcript` before
/// drawing its challenge. Returns the proof and the point (in variable order) with the value the
/// summed polynomial takes there.
pub fn prove_sumcheck<F: PrimeField, S: SumcheckInstance<F> + ?Sized>(
    instance: &mut S,
    claim: F,
    transcript: &mut Transcript,
) -> (SumcheckProof<F>, EvalClaim<F>) {
    run_rounds::<F, S, NoMask>(instance, claim, None, transcript)
}

/// No mask (never constructed: the transparent path passes `None`).
pub(crate) enum NoMask {}

impl<F> RoundMask<F> for NoMask {
    fn add_to(&self, _: usize, _: &mut [F]) {
        match *self {}
    }
    fn bind(&mut self, _: usize, _: F) {
        match *self {}
    }
}

/// The round loop. The instance always sees its own (unmasked) running claim; what is sent and
/// absorbed is its round polynomial plus the mask's, if any. Returns the instance's value at the
/// final point.
pub(crate) fn run_rounds<F: PrimeField, S: SumcheckInstance<F> + ?Sized, M: RoundMask<F>>(
    instance: &mut S,
    claim: F,
    mut mask: Option<&mut M>,
    transcript: &mut Transcript,
) -> (SumcheckProof<F>, EvalClaim<F>) {
    let rounds = instance.num_rounds();
    let interpolator = LagrangeInterpolator::new(instance.degree());
    let mut round_polynomials = Vec::with_capacity(rounds);
    let mut challenges = Vec::with_capacity(rounds);
    let mut claim = claim;
    for round in 0..rounds {
        let evaluations = instance.round_polynomial(claim);
        debug_assert_eq!(evaluations.len(), instance.degree() + 1);
        let masked = mask.as_deref().map(|mask| {
            let mut sent = evaluations.clone();
            mask.add_to(round, &mut sent);
            sent
        });
        transcript.append_fields(label::ROUND, masked.as_deref().unwrap_or(&evaluations));
        let r: F = transcript.challenge_field(label::CHALLENGE);
        claim = interpolator.evaluate(&evaluations, r);
        if let Some(mask) = mask.as_deref_mut() {
            mask.bind(round, r);
        }
        instance.bind(r);
        challenges.push(r);
        round_polynomials.push(RoundPolynomial::from_evaluations(
            masked.unwrap_or(evaluations),
        ));
    }
    challenges.reverse();
    (
        SumcheckProof { round_polynomials },
        EvalClaim::new(challenges, claim),
    )
}
