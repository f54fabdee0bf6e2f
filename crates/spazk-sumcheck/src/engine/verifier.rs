//! The engine's verifier. Nothing here panics on prover data: the number of rounds and the
//! degree come from the statement and every length is checked before it is used.

use super::error::SumcheckError;
use super::proof::SumcheckProof;
use crate::protocol::engine as label;
use ark_ff::PrimeField;
use spazk_field::{EvalClaim, LagrangeInterpolator};
use spazk_transcript::Transcript;

/// Verifies a sumcheck proof of `Σ g = claim` over `num_rounds` variables with round
/// polynomials of degree `degree`; both come from the statement, never from the proof.
///
/// Checks every round (`p(0) + p(1)` against the running claim) and returns the point and the
/// value that `g` must take there; the caller checks that final evaluation.
pub fn verify_sumcheck<F: PrimeField>(
    proof: &SumcheckProof<F>,
    claim: F,
    num_rounds: usize,
    degree: usize,
    transcript: &mut Transcript,
) -> Result<EvalClaim<F>, SumcheckError> {
    let found = proof.round_polynomials.len();
    if found != num_rounds {
        return Err(SumcheckError::WrongNumberOfRounds {
            expected: num_rounds,
            found,
        });
    }
    let interpolator = LagrangeInterpolator::new(degree);
    let mut claim = claim;
    let mut challenges = Vec::with_capacity(num_rounds);
    for (round, polynomial) in proof.round_polynomials.iter().enumerate() {
        let evaluations = &polynomial.evaluations;
        if evaluations.len() != degree + 1 {
            return Err(SumcheckError::WrongDegree {
                round,
                degree,
                found: evaluations.len(),
            });
        }
        if polynomial.sum_over_boolean() != claim {
            return Err(SumcheckError::RoundSumMismatch { round });
        }
        transcript.append_fields(label::ROUND, evaluations);
        let r: F = transcript.challenge_field(label::CHALLENGE);
        claim = interpolator.evaluate(evaluations, r);
        challenges.push(r);
    }
    challenges.reverse();
    Ok(EvalClaim::new(challenges, claim))
}
