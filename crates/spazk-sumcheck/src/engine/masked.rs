//! The masked sumcheck (Libra's, design.md §8): the zero-knowledge form of the engine, for every
//! instance.
//!
//! For `Σ_{x ∈ {0,1}^ℓ} h(x) = S` with `S` hidden, the prover adds `ρ·g` to `h`, where
//! `g(x) = a₀ + Σ_i g_i(x_i)` and `g_i(t) = Σ_{k=1..d} c_{i,k}·t^k` (one `g_i` per round, `d`
//! the degree of the round polynomials actually sent): `1 + ℓ·d` coefficients, a slice of the
//! committed mask `M`. Because each `g_i` has the full degree `d`, every round polynomial sent is
//! uniformly random among those consistent with the previous claim; `a₀` makes
//! `G = Σ_x g(x) = 2^ℓ·a₀ + 2^{ℓ−1}·Σ_i g_i(1)` uniform, so round 0 — whose sum `S + ρ·G` is
//! hidden — is uniform too.
//!
//! The verifier checks rounds `1 … ℓ−1` in the clear. Round 0's sum and the final value become
//! relations: `S + ρ·G = s_0(0) + s_0(1)` is required here, and the final value is returned as
//! the claim `h(r) = s_{ℓ−1}(r_{ℓ−1}) − ρ·g(r)`, which the caller equates with `h(r)` written
//! in its own hidden values. `G` and `g(r)` are linear forms of `M`.
//!
//! Soundness is the plain sumcheck's: `M` is committed (with the statement) before `ρ` and the
//! challenges, and `G`, `g(r)` are computed from it, so `Σ (h + ρ·g) − (S + ρ·G) = Σ h − S`.

use super::error::SumcheckError;
use super::instance::SumcheckInstance;
use super::proof::SumcheckProof;
use super::prover::{run_rounds, RoundMask};
use super::verifier::check_rounds;
use crate::hidden::{Claim, HidingProver, HidingVerifier, MaskSlice, Relations};
use crate::protocol::engine as label;
use ark_ff::{Field, PrimeField};
use spazk_transcript::Transcript;

#[cfg(feature = "test-util")]
pub mod equivocation;

/// Mask coefficients a masked sumcheck of `rounds` rounds of degree `degree` uses: `1 +
/// rounds·degree`, none for a sumcheck of no rounds (its claim is passed on as it is).
pub fn mask_len(rounds: usize, degree: usize) -> usize {
    if rounds == 0 {
        0
    } else {
        1 + rounds * degree
    }
}

/// What a masked sumcheck leaves: the summed polynomial `h` must take `value` at `point`
/// (variable order, as [`spazk_field::EvalClaim`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaskedSubClaim<F> {
    /// The final point.
    pub point: Vec<F>,
    /// `h(point)`, as the verifier knows it.
    pub value: Claim<F>,
}

/// The mask polynomial's shape: `M[offset]` is `a₀`, then `d` coefficients per round.
struct MaskShape {
    slice: MaskSlice,
    rounds: usize,
    degree: usize,
}

impl MaskShape {
    fn new<F: Field>(relations: &mut Relations<F>, rounds: usize, degree: usize) -> Self {
        Self {
            slice: relations.allocate_mask(mask_len(rounds, degree)),
            rounds,
            degree,
        }
    }

    /// Coefficients of `G = Σ_x g(x)` over the slice.
    fn sum_form<F: Field>(&self) -> Vec<F> {
        let half_total = F::from(2u64).pow([self.rounds as u64 - 1]);
        let mut form = vec![half_total; self.slice.len];
        form[0] = half_total.double();
        form
    }

    /// Coefficients of `g(r)` over the slice, `challenges` in round order.
    fn evaluation_form<F: Field>(&self, challenges: &[F]) -> Vec<F> {
        let mut form = Vec::with_capacity(self.slice.len);
        form.push(F::one());
        for r in challenges {
            let mut power = *r;
            for _ in 0..self.degree {
                form.push(power);
                power *= r;
            }
        }
        form
    }

    /// `G` and `g(r)` named in `relations`; requires round 0's sum `S + ρ·G`; returns
    /// `h(r) = final − ρ·g(r)`.
    fn relate<F: Field>(
        &self,
        relations: &mut Relations<F>,
        claim: &Claim<F>,
        rho: F,
        first_sum: F,
        challenges_in_round_order: &[F],
        final_value: F,
    ) -> Claim<F> {
        let total = relations.mask_value(self.slice, self.sum_form());
        relations.require_equal(
            claim.clone() + Claim::hidden(total) * rho,
            Claim::public(first_sum),
        );
        let at_point =
            relations.mask_value(self.slice, self.evaluation_form(challenges_in_round_order));
        Claim::public(final_value) - Claim::hidden(at_point) * rho
    }
}

/// The prover's view of the mask while the rounds run: `ρ·m_i(t)` where
/// `m_i(t) = 2^f·(a₀ + Σ_{j<i} g_j(r_j) + g_i(t)) + 2^{f−1}·Σ_{j>i} g_j(1)`, `f = ℓ − i − 1`.
struct ProverMask<'m, F> {
    coefficients: &'m [F],
    degree: usize,
    rho: F,
    /// `a₀ + Σ_{j<i} g_j(r_j)`.
    prefix: F,
    /// `Σ_{j>i} g_j(1)` before round `i` is bound: starts at `Σ_j g_j(1)`.
    remaining_ones: F,
    rounds: usize,
}

impl<'m, F: Field> ProverMask<'m, F> {
    /// The mask `coefficients` (`mask_len(rounds, degree)` of them) before round 0, weighted
    /// by `rho`.
    fn new(coefficients: &'m [F], rounds: usize, degree: usize, rho: F) -> Self {
        let mut mask = Self {
            coefficients,
            degree,
            rho,
            prefix: coefficients[0],
            remaining_ones: F::zero(),
            rounds,
        };
        mask.remaining_ones = (0..rounds).map(|i| mask.g(i, F::one())).sum();
        mask
    }

    fn round(&self, i: usize) -> &[F] {
        &self.coefficients[1 + i * self.degree..1 + (i + 1) * self.degree]
    }

    fn g(&self, i: usize, t: F) -> F {
        self.round(i)
            .iter()
            .rev()
            .fold(F::zero(), |acc, c| (acc + c) * t)
    }
}

impl<F: Field> RoundMask<F> for ProverMask<'_, F> {
    fn add_to(&self, i: usize, evaluations: &mut [F]) {
        let free = (self.rounds - i - 1) as u64;
        let scale = F::from(2u64).pow([free]);
        let later = self.remaining_ones - self.g(i, F::one());
        // 2^{f−1}·Σ_{j>i} g_j(1); with f = 0 there are no later rounds and the sum is zero.
        let later = later * scale * F::from(2u64).inverse().expect("2 is invertible");
        let mut t = F::zero();
        for value in evaluations.iter_mut() {
            *value += self.rho * (scale * (self.prefix + self.g(i, t)) + later);
            t += F::one();
        }
    }

    fn bind(&mut self, i: usize, challenge: F) {
        self.prefix += self.g(i, challenge);
        self.remaining_ones -= self.g(i, F::one());
    }
}

/// Proves `Σ h = claim` for `instance` (`h`), masked: `claim` is what the verifier knows of the
/// sum, `claim_value` its value. Draws `ρ`, reserves the instance's mask slice, sends the round
/// polynomials of `h + ρ·g`, and requires round 0's sum in `prover`'s relations exactly as the
/// verifier does. Returns the proof, the sub-claim the verifier will hold, and `h`'s own value
/// at the point (for the caller's next step).
pub fn prove_masked_sumcheck<F, S, P>(
    instance: &mut S,
    claim: &Claim<F>,
    claim_value: F,
    prover: &mut P,
    transcript: &mut Transcript,
) -> (SumcheckProof<F>, MaskedSubClaim<F>, F)
where
    F: PrimeField,
    S: SumcheckInstance<F> + ?Sized,
    P: HidingProver<F> + ?Sized,
{
    let (rounds, degree) = (instance.num_rounds(), instance.degree());
    if rounds == 0 {
        let sub_claim = MaskedSubClaim {
            point: Vec::new(),
            value: claim.clone(),
        };
        return (SumcheckProof::default(), sub_claim, claim_value);
    }
    let rho: F = transcript.challenge_field(label::MASK_WEIGHT);
    let shape = MaskShape::new(prover.relations(), rounds, degree);
    let coefficients = &prover.mask()[shape.slice.offset..][..shape.slice.len];
    let mut mask = ProverMask::new(coefficients, rounds, degree, rho);
    let (proof, sub_claim) = run_rounds(instance, claim_value, Some(&mut mask), transcript);
    let first_sum = proof.round_polynomials[0].sum_over_boolean();
    let last = &proof.round_polynomials[rounds - 1];
    let mut challenges = sub_claim.point.clone();
    challenges.reverse();
    let final_value = last.evaluate(challenges[rounds - 1]);
    let value = shape.relate(
        prover.relations(),
        claim,
        rho,
        first_sum,
        &challenges,
        final_value,
    );
    let masked = MaskedSubClaim {
        point: sub_claim.point,
        value,
    };
    (proof, masked, sub_claim.value)
}

/// Verifies a masked sumcheck of `Σ h = claim` over `num_rounds` variables, round polynomials of
/// degree `degree` (both from the statement). Checks every length and rounds `1 …` in the
/// clear; requires round 0's sum in `verifier`'s relations; returns the claim `h(point) = …`
/// that the caller must require.
pub fn verify_masked_sumcheck<F, V>(
    proof: &SumcheckProof<F>,
    claim: &Claim<F>,
    num_rounds: usize,
    degree: usize,
    verifier: &mut V,
    transcript: &mut Transcript,
) -> Result<MaskedSubClaim<F>, SumcheckError>
where
    F: PrimeField,
    V: HidingVerifier<F> + ?Sized,
{
    if num_rounds == 0 {
        check_rounds(proof, Some(F::zero()), 0, degree, transcript)?;
        return Ok(MaskedSubClaim {
            point: Vec::new(),
            value: claim.clone(),
        });
    }
    let rho: F = transcript.challenge_field(label::MASK_WEIGHT);
    let shape = MaskShape::new(verifier.relations(), num_rounds, degree);
    let (point, final_value, first_sum) =
        check_rounds(proof, None, num_rounds, degree, transcript)?;
    let mut challenges = point.clone();
    challenges.reverse();
    let value = shape.relate(
        verifier.relations(),
        claim,
        rho,
        first_sum,
        &challenges,
        final_value,
    );
    Ok(MaskedSubClaim { point, value })
}
