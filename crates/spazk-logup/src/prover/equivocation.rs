//! Mask equivocation for the fraction-layer instance (design.md §8 "Tests that show it"): with
//! every challenge fixed, a second witness with the same claim gets a mask `M′` under which
//! every message sent in the clear is the first witness's, byte for byte — so the round
//! polynomials say nothing about which witness was used. Negative control: the difference of
//! the two witnesses' round polynomials has a `t³` term, which a mask of degree 2 (one below
//! the layer's degree 3) cannot absorb.
//!
//! The solve is the engine's (`spazk_sumcheck::engine::masked::equivocation`), run here because
//! the layer instance is private to this crate.

use super::layer_instance::{FractionLayerInstance, LayerTables, Parent};
use ark_bn254::Fr;
use ark_ff::UniformRand;
use ark_std::rand::{rngs::StdRng, SeedableRng};
use spazk_field::{eq_eval, evaluate_mle};
use spazk_sumcheck::engine::masked::equivocation::{
    masked_round_polynomials, solve_equivocating_mask, EquivocationError,
};
use spazk_sumcheck::mask_len;
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

    let weight = Fr::rand(&mut rng);
    let challenges: Vec<Fr> = (0..ROUNDS).map(|_| Fr::rand(&mut rng)).collect();
    let mask: Vec<Fr> = (0..mask_len(ROUNDS, DEGREE))
        .map(|_| Fr::rand(&mut rng))
        .collect();
    let sent = masked_round_polynomials(
        &mut first.instance(&rho, lambda),
        claim,
        &mask,
        weight,
        &challenges,
    );
    let second_instance = second.instance(&rho, lambda);
    let equivocal =
        solve_equivocating_mask(&second_instance, claim, &sent, weight, &challenges, DEGREE)
            .expect("a degree-3 mask equivocates");
    assert_ne!(equivocal, mask);

    // Negative control: a degree-2 mask cannot absorb the t³ coefficients the witnesses'
    // round polynomials differ in.
    assert_eq!(
        solve_equivocating_mask(
            &second_instance,
            claim,
            &sent,
            weight,
            &challenges,
            DEGREE - 1
        ),
        Err(EquivocationError::TopCoefficient { round: 0 })
    );
}
