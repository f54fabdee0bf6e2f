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
    run_rounds::<F, S, NoMask, _>(instance, claim, None, transcript)
}

/// Where a round's challenge comes from once its polynomial is known: the transcript (every
/// proof), or a list fixed in advance (the equivocation tests of [`super::masked`], which hold
/// every challenge fixed while changing the witness).
pub(crate) trait RoundChallenges<F> {
    /// The challenge after `sent`, the round polynomial as sent.
    fn next_challenge(&mut self, sent: &[F]) -> F;
}

impl<F: PrimeField> RoundChallenges<F> for Transcript {
    fn next_challenge(&mut self, sent: &[F]) -> F {
        self.append_fields(label::ROUND, sent);
        self.challenge_field(label::CHALLENGE)
    }
}

/// Challenges given in advance, in round order.
#[cfg(feature = "test-util")]
pub(crate) struct FixedChallenges<'c, F>(pub(crate) core::slice::Iter<'c, F>);

#[cfg(feature = "test-util")]
impl<F: Copy> RoundChallenges<F> for FixedChallenges<'_, F> {
    fn next_challenge(&mut self, _: &[F]) -> F {
        *self.0.next().expect("one fixed challenge per round")
    }
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
pub(crate) fn run_rounds<F, S, M, R>(
    instance: &mut S,
    claim: F,
    mut mask: Option<&mut M>,
    challenges_from: &mut R,
) -> (SumcheckProof<F>, EvalClaim<F>)
where
    F: PrimeField,
    S: SumcheckInstance<F> + ?Sized,
    M: RoundMask<F>,
    R: RoundChallenges<F> + ?Sized,
{
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
        let r = challenges_from.next_challenge(masked.as_deref().unwrap_or(&evaluations));
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
