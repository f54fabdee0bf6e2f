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
    let (point, value, _) = check_rounds(proof, Some(claim), num_rounds, degree, transcript)?;
    Ok(EvalClaim::new(point, value))
}

/// The verifier's round loop: every length, then every round's sum against the running claim —
/// round 0's only when `claim` is given (a masked sumcheck's first claim is hidden, its check
/// deferred). Returns the point (variable order), the final value and round 0's `p(0) + p(1)`.
pub(crate) fn check_rounds<F: PrimeField>(
    proof: &SumcheckProof<F>,
    claim: Option<F>,
    num_rounds: usize,
    degree: usize,
    transcript: &mut Transcript,
) -> Result<(Vec<F>, F, F), SumcheckError> {
    let found = proof.round_polynomials.len();
    if found != num_rounds {
        return Err(SumcheckError::WrongNumberOfRounds {
            expected: num_rounds,
            found,
        });
    }
    let interpolator = LagrangeInterpolator::new(degree);
    let mut running = claim;
    let mut first_sum = claim.unwrap_or_else(F::zero);
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
        let sum = polynomial.sum_over_boolean();
        match running {
            Some(expected) if sum != expected => {
                return Err(SumcheckError::RoundSumMismatch { round })
            }
            Some(_) => {}
            None => first_sum = sum,
        }
        transcript.append_fields(label::ROUND, evaluations);
        let r: F = transcript.challenge_field(label::CHALLENGE);
        running = Some(interpolator.evaluate(evaluations, r));
        challenges.push(r);
    }
    challenges.reverse();
    Ok((challenges, running.unwrap_or(first_sum), first_sum))
}
