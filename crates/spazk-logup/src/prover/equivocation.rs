//! Mask equivocation for the fraction-layer instance (design.md §8 "Tests that show it"): with
//! every challenge fixed, a second witness with the same claim gets a mask `M′` under which
//! every message sent in the clear is the first witness's, byte for byte — so the round
//! polynomials say nothing about which witness was used. Negative control: the difference of
//! the two witnesses' round polynomials has a `t³` term, which a mask of degree 2 (one below
//! the layer's degree 3) cannot absorb.
//!
//! The solve uses the engine's documented mask polynomial: round `i` of `ℓ` adds
//! `ρ·2^{ℓ−i−1}·g_i(t)` plus terms constant in `t`, and `G = 2^ℓ·a₀ + 2^{ℓ−1}·Σ_i g_i(1)`.

use super::layer_instance::{FractionLayerInstance, LayerTables, Parent};
use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, Field, UniformRand};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use spazk_field::{eq_eval, evaluate_mle, LagrangeInterpolator};
use spazk_sumcheck::hidden::clear::{ClearProver, ClearVerifier};
use spazk_sumcheck::hidden::{Claim, HidingProver, HidingVerifier};
use spazk_sumcheck::protocol::engine::MASK_WEIGHT;
use spazk_sumcheck::{
    mask_len, prove_masked_sumcheck, verify_masked_sumcheck, SumcheckInstance, SumcheckProof,
};
use spazk_transcript::Transcript;

/// Variables of the layer's children level (`2^LEVEL` entries): the sumcheck has `LEVEL − 1`
/// rounds.
const LEVEL: usize = 5;
const ROUNDS: usize = LEVEL - 1;
const DEGREE: usize = 3;

/// A children level `(p, q)` and its parent level `(p', q')`: entry `i` of the parent is
/// `p_i/q_i + p_{i+h}/q_{i+h}`.
struct Layer {
    p: Vec<Fr>,
    q: Vec<Fr>,
    parent: (Vec<Fr>, Vec<Fr>),
}

impl Layer {
    fn new(p: Vec<Fr>, q: Vec<Fr>) -> Self {
        let h = q.len() / 2;
        let parent = (0..h)
            .map(|i| (p[i] * q[i + h] + p[i + h] * q[i], q[i] * q[i + h]))
            .unzip();
        Self { p, q, parent }
    }

    fn random(rng: &mut StdRng) -> Self {
        let mut random = || (0..1 << LEVEL).map(|_| Fr::rand(rng)).collect::<Vec<_>>();
        let (p, q) = (random(), random());
        Self::new(p, q)
    }

    /// `p̃'(ρ) + λ·q̃'(ρ)`: the layer's claim.
    fn claim(&self, rho: &[Fr], lambda: Fr) -> Fr {
        evaluate_mle(&self.parent.0, rho).unwrap()
            + lambda * evaluate_mle(&self.parent.1, rho).unwrap()
    }

    fn instance(&self, rho: &[Fr], lambda: Fr) -> FractionLayerInstance<'_> {
        FractionLayerInstance::new(
            LayerTables::Field(&self.p, &self.q),
            Parent::Field(self.parent.0.clone(), self.parent.1.clone()),
            rho.to_vec(),
            lambda,
            (Vec::new(), Vec::new()),
        )
    }

    /// The unmasked round polynomials (values at `0 … 3`) at the fixed `challenges`.
    fn rounds(&self, rho: &[Fr], lambda: Fr, challenges: &[Fr]) -> Vec<Vec<Fr>> {
        let mut instance = self.instance(rho, lambda);
        let interpolator = LagrangeInterpolator::new(DEGREE);
        let mut claim = self.claim(rho, lambda);
        challenges
            .iter()
            .map(|r| {
                let values = instance.round_polynomial(claim);
                claim = interpolator.evaluate(&values, *r);
                instance.bind(*r);
                values
            })
            .collect()
    }
}

/// Monomial coefficients of the cubic through `(k, values[k])`, `k = 0 … 3` (Newton's forward
/// differences expanded).
fn cubic_coefficients(values: &[Fr]) -> [Fr; 4] {
    let [e0, e1, e2, e3] = [values[0], values[1], values[2], values[3]];
    let d1 = e1 - e0;
    let d2 = e2 - e1.double() + e0;
    let d3 = e3 - Fr::from(3u64) * (e2 - e1) - e0;
    let half = Fr::from(2u64).inverse().unwrap();
    let third = Fr::from(3u64).inverse().unwrap();
    [
        e0,
        d1 - d2 * half + d3 * third,
        (d2 - d3) * half,
        d3 * half * third,
    ]
}

/// Proves the layer's masked sumcheck of `claim` under `mask`; returns the proof, the
/// instance's value at the final point and what the clear verifier reads.
fn prove(
    layer: &Layer,
    rho: &[Fr],
    lambda: Fr,
    mask: Vec<Fr>,
) -> (
    SumcheckProof<Fr>,
    Fr,
    spazk_sumcheck::hidden::clear::Revealed<Fr>,
) {
    let claim = layer.claim(rho, lambda);
    let mut prover = ClearProver::new(mask);
    let mut instance = layer.instance(rho, lambda);
    let (proof, sub_claim, value) = prove_masked_sumcheck(
        &mut instance,
        &Claim::public(claim),
        claim,
        &mut prover,
        &mut Transcript::new(b"equivocation"),
    );
    prover
        .relations()
        .require_equal(Claim::public(value), sub_claim.value);
    (proof, value, prover.reveal())
}

/// The clear verifier accepts `proof` for `claim`, the instance's final value being `value`.
fn accepts(
    proof: &SumcheckProof<Fr>,
    claim: Fr,
    value: Fr,
    revealed: spazk_sumcheck::hidden::clear::Revealed<Fr>,
) -> bool {
    let mut verifier = ClearVerifier::new(revealed);
    let mut transcript = Transcript::new(b"equivocation");
    let Ok(sub_claim) = verify_masked_sumcheck(
        proof,
        &Claim::public(claim),
        ROUNDS,
        DEGREE,
        &mut verifier,
        &mut transcript,
    ) else {
        return false;
    };
    verifier
        .relations()
        .require_equal(Claim::public(value), sub_claim.value);
    verifier.check().is_ok()
}

#[test]
fn a_degree_three_mask_equivocates_a_fraction_layer() {
    let mut rng = StdRng::seed_from_u64(41);
    let rho: Vec<Fr> = (0..ROUNDS).map(|_| Fr::rand(&mut rng)).collect();
    let lambda = Fr::rand(&mut rng);
    let first = Layer::random(&mut rng);
    let claim = first.claim(&rho, lambda);
    // A second witness with the same claim: p_0 moves the parent's entry 0 by q_h per unit.
    let second = {
        let Layer { mut p, q, .. } = Layer::random(&mut rng);
        let h = q.len() / 2;
        let moved = Layer::new(p.clone(), q.clone()).claim(&rho, lambda);
        p[0] += (claim - moved) / (eq_eval(&rho, &[Fr::from(0u64); ROUNDS]) * q[h]);
        Layer::new(p, q)
    };
    assert_eq!(second.claim(&rho, lambda), claim);
    assert_ne!(first.p, second.p);

    let mask: Vec<Fr> = (0..mask_len(ROUNDS, DEGREE))
        .map(|_| Fr::rand(&mut rng))
        .collect();
    let (proof, value, revealed) = prove(&first, &rho, lambda, mask.clone());
    assert!(accepts(&proof, claim, value, revealed));

    // The challenges the first proof drew (round order) and the mask weight ρ_M before them.
    let mut challenges = Vec::new();
    let mut transcript = Transcript::new(b"equivocation");
    let weight: Fr = transcript.challenge_field(MASK_WEIGHT);
    for round in &proof.round_polynomials {
        transcript.append_fields(spazk_sumcheck::protocol::engine::ROUND, &round.evaluations);
        challenges
            .push(transcript.challenge_field::<Fr>(spazk_sumcheck::protocol::engine::CHALLENGE));
    }
    let (rounds_first, rounds_second) = (
        first.rounds(&rho, lambda, &challenges),
        second.rounds(&rho, lambda, &challenges),
    );

    // M′: each round's t, t², t³ coefficients absorb the difference, a₀ keeps G.
    let mut equivocal = mask.clone();
    let mut moved_at_one = Fr::from(0u64);
    for (i, (a, b)) in rounds_first.iter().zip(&rounds_second).enumerate() {
        let difference: Vec<Fr> = a.iter().zip(b).map(|(x, y)| *x - y).collect();
        let coefficients = cubic_coefficients(&difference);
        let scale = weight * Fr::from(2u64).pow([(ROUNDS - i - 1) as u64]);
        for k in 1..=DEGREE {
            let delta = coefficients[k] / scale;
            equivocal[1 + i * DEGREE + k - 1] += delta;
            moved_at_one += delta;
        }
    }
    equivocal[0] -= moved_at_one * Fr::from(2u64).inverse().unwrap();

    let (equivocated, value_second, revealed) = prove(&second, &rho, lambda, equivocal);
    assert_eq!(
        equivocated, proof,
        "every round polynomial sent is the first witness's"
    );
    assert_ne!(value_second, value);
    assert!(accepts(&equivocated, claim, value_second, revealed));

    // Negative control: a degree-2 mask has no t³ coefficient, and the witnesses' round
    // polynomials differ in theirs, so no degree-2 mask makes the messages equal.
    let cubic_differs = rounds_first
        .iter()
        .zip(&rounds_second)
        .any(|(a, b)| cubic_coefficients(a)[3] != cubic_coefficients(b)[3]);
    assert!(cubic_differs);
}
