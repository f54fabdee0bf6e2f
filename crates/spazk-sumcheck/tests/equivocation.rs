//! Mask equivocation (design.md §8): with `ρ` and every challenge fixed, a second witness with
//! the same claimed sum reproduces the first witness's messages exactly under a solved mask
//! `M′` — the clear messages of a masked sumcheck say nothing about the witness. The negative
//! control: masks whose `g_i` lack the top degree cannot equivocate.

use ark_bn254::Fr;
use ark_ff::{Field, UniformRand, Zero};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use spazk_sumcheck::engine::masked::equivocation::{
    mask_at, mask_total, masked_round_polynomials, solve_equivocating_mask, EquivocationError,
};
use spazk_sumcheck::{mask_len, ProductInstance, SumcheckInstance};

const VARS: usize = 5;

fn random_vec(rng: &mut StdRng, n: usize) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

/// `Σ_x f(x)·g(x)·k(x)`: a degree-3 instance (the degree of a LogUp layer), to show the helper
/// is not tied to the product instance.
#[derive(Clone, Debug)]
struct TripleProduct {
    tables: [Vec<Fr>; 3],
}

impl TripleProduct {
    fn sum(&self) -> Fr {
        let [f, g, k] = &self.tables;
        (0..f.len()).map(|i| f[i] * g[i] * k[i]).sum()
    }
}

impl SumcheckInstance<Fr> for TripleProduct {
    fn num_rounds(&self) -> usize {
        self.tables[0].len().trailing_zeros() as usize
    }

    fn degree(&self) -> usize {
        3
    }

    fn round_polynomial(&self, _claim: Fr) -> Vec<Fr> {
        let half = self.tables[0].len() / 2;
        (0..=3u64)
            .map(|t| {
                let t = Fr::from(t);
                (0..half)
                    .map(|i| {
                        self.tables
                            .iter()
                            .map(|table| table[i] + t * (table[i + half] - table[i]))
                            .product::<Fr>()
                    })
                    .sum()
            })
            .collect()
    }

    fn bind(&mut self, r: Fr) {
        for table in &mut self.tables {
            let half = table.len() / 2;
            for i in 0..half {
                let (low, high) = (table[i], table[i + half]);
                table[i] = low + r * (high - low);
            }
            table.truncate(half);
        }
    }
}

/// Two product witnesses with the same sum: the second's `g[0]` is solved for.
fn product_witnesses(rng: &mut StdRng) -> (ProductInstance<Fr>, ProductInstance<Fr>, Fr) {
    let (f1, g1) = (random_vec(rng, 1 << VARS), random_vec(rng, 1 << VARS));
    let sum: Fr = f1.iter().zip(&g1).map(|(a, b)| *a * b).sum();
    let (f2, mut g2) = (random_vec(rng, 1 << VARS), random_vec(rng, 1 << VARS));
    let rest: Fr = f2.iter().zip(&g2).skip(1).map(|(a, b)| *a * b).sum();
    g2[0] = (sum - rest) * f2[0].inverse().unwrap();
    (
        ProductInstance::new(f1, g1),
        ProductInstance::new(f2, g2),
        sum,
    )
}

/// A random mask whose `g_i` have degree `mask_degree` (coefficients above it zero).
fn random_mask(rng: &mut StdRng, degree: usize, mask_degree: usize) -> Vec<Fr> {
    let mut mask = random_vec(rng, mask_len(VARS, degree));
    for round in 0..VARS {
        for k in mask_degree + 1..=degree {
            mask[round * degree + k] = Fr::zero();
        }
    }
    mask
}

#[test]
fn product_instance_equivocates_and_the_relations_still_hold() {
    let mut rng = StdRng::seed_from_u64(1);
    let (first, second, sum) = product_witnesses(&mut rng);
    let mask = random_mask(&mut rng, 2, 2);
    let rho = Fr::rand(&mut rng);
    let challenges = random_vec(&mut rng, VARS);
    let sent = masked_round_polynomials(&mut first.clone(), sum, &mask, rho, &challenges);

    let solved = solve_equivocating_mask(&second, sum, &sent, rho, &challenges, 2).unwrap();
    assert_ne!(solved, mask);
    let mut replay = second.clone();
    let replayed = masked_round_polynomials(&mut replay, sum, &solved, rho, &challenges);
    assert_eq!(replayed, sent);

    // The deferred relations hold for the second witness under M′: round 0's hidden sum
    // and the final value, with the same messages.
    assert_eq!(
        sum + rho * mask_total(&solved, VARS, 2),
        sent[0].sum_over_boolean()
    );
    let (f_at, g_at) = replay.final_values();
    let last = sent[VARS - 1].evaluate(challenges[VARS - 1]);
    assert_eq!(f_at * g_at + rho * mask_at(&solved, 2, &challenges), last);
}

#[test]
fn a_mask_without_the_top_degree_cannot_equivocate() {
    let mut rng = StdRng::seed_from_u64(2);
    let (first, second, sum) = product_witnesses(&mut rng);
    let mask = random_mask(&mut rng, 2, 1);
    let rho = Fr::rand(&mut rng);
    let challenges = random_vec(&mut rng, VARS);
    let sent = masked_round_polynomials(&mut first.clone(), sum, &mask, rho, &challenges);
    assert_eq!(
        solve_equivocating_mask(&second, sum, &sent, rho, &challenges, 1),
        Err(EquivocationError::TopCoefficient { round: 0 })
    );
    // The failure is the witness's, not the solver's: the first witness itself is recovered
    // with a degree-1 mask (its own).
    assert_eq!(
        solve_equivocating_mask(&first, sum, &sent, rho, &challenges, 1),
        Ok(mask)
    );
}

#[test]
fn the_hidden_sum_is_masked_too() {
    // Round 0's sum is deferred, so even a witness with another sum reproduces the messages:
    // `a₀` absorbs the difference (`S' + ρ·G' = S + ρ·G`).
    let mut rng = StdRng::seed_from_u64(3);
    let (first, _, sum) = product_witnesses(&mut rng);
    let other = ProductInstance::new(
        random_vec(&mut rng, 1 << VARS),
        random_vec(&mut rng, 1 << VARS),
    );
    let (f, g) = other.clone().into_tables();
    let other_sum: Fr = f.iter().zip(&g).map(|(a, b)| *a * b).sum();
    assert_ne!(other_sum, sum);
    let mask = random_mask(&mut rng, 2, 2);
    let rho = Fr::rand(&mut rng);
    let challenges = random_vec(&mut rng, VARS);
    let sent = masked_round_polynomials(&mut first.clone(), sum, &mask, rho, &challenges);
    let solved = solve_equivocating_mask(&other, other_sum, &sent, rho, &challenges, 2).unwrap();
    assert_eq!(
        other_sum + rho * mask_total(&solved, VARS, 2),
        sent[0].sum_over_boolean()
    );
}

#[test]
fn degree_three_instance_equivocates_and_its_control_fails() {
    let mut rng = StdRng::seed_from_u64(4);
    let n = 1 << VARS;
    let first = TripleProduct {
        tables: [
            random_vec(&mut rng, n),
            random_vec(&mut rng, n),
            random_vec(&mut rng, n),
        ],
    };
    let sum = first.sum();
    let mut second = TripleProduct {
        tables: [
            random_vec(&mut rng, n),
            random_vec(&mut rng, n),
            random_vec(&mut rng, n),
        ],
    };
    second.tables[2][0] = Fr::zero();
    let rest = second.sum();
    second.tables[2][0] = (sum - rest)
        * (second.tables[0][0] * second.tables[1][0])
            .inverse()
            .unwrap();
    assert_eq!(second.sum(), sum);
    let rho = Fr::rand(&mut rng);
    let challenges = random_vec(&mut rng, VARS);

    let mask = random_mask(&mut rng, 3, 3);
    let sent = masked_round_polynomials(&mut first.clone(), sum, &mask, rho, &challenges);
    let solved = solve_equivocating_mask(&second, sum, &sent, rho, &challenges, 3).unwrap();
    assert_eq!(
        masked_round_polynomials(&mut second.clone(), sum, &solved, rho, &challenges),
        sent
    );

    let low = random_mask(&mut rng, 3, 2);
    let sent = masked_round_polynomials(&mut first.clone(), sum, &low, rho, &challenges);
    assert_eq!(
        solve_equivocating_mask(&second, sum, &sent, rho, &challenges, 2),
        Err(EquivocationError::TopCoefficient { round: 0 })
    );
}

#[test]
fn inputs_of_the_wrong_shape_are_refused() {
    let mut rng = StdRng::seed_from_u64(5);
    let (first, second, sum) = product_witnesses(&mut rng);
    let mask = random_mask(&mut rng, 2, 2);
    let rho = Fr::rand(&mut rng);
    let challenges = random_vec(&mut rng, VARS);
    let sent = masked_round_polynomials(&mut first.clone(), sum, &mask, rho, &challenges);
    assert_eq!(
        solve_equivocating_mask(&second, sum, &sent, Fr::zero(), &challenges, 2),
        Err(EquivocationError::ZeroWeight)
    );
    assert!(matches!(
        solve_equivocating_mask(&second, sum, &sent[1..], rho, &challenges, 2),
        Err(EquivocationError::Shape {
            what: "round count",
            ..
        })
    ));
    assert!(matches!(
        solve_equivocating_mask(&second, sum, &sent, rho, &challenges, 3),
        Err(EquivocationError::Shape {
            what: "mask degree",
            ..
        })
    ));
    // Messages that no masked prover of this witness sends: a later round off the chain.
    let mut off = sent.clone();
    off[3].evaluations[0] += Fr::from(1u64);
    assert!(matches!(
        solve_equivocating_mask(&second, sum, &off, rho, &challenges, 2),
        Err(EquivocationError::RoundMismatch { .. })
    ));
}
