//! A cheating limb-method prover that pays for a constant constraint violation with its lookup.
//!
//! Found by an attack on the verifier: with every row's sign `s = −1`, `C1 = s − s² = −2` on
//! every row and `C2 … C4 = 0`, so `G ≡ −2` and `Σ_x eq(ρ, x)·G(x) = −2` for every `ρ`. Routing
//! limb 0 of `u` in the lookup to `l_0 − 2` (a consistent lookup: its claim is `l̃_0(ρ_L) − 2`,
//! fixed before `β`, `ρ`, `γ`) made up the difference while the limb claims were weighted
//! `γ^k`, limb 0 sharing weight 1 with the constraint sum. The forged `z = u + 2^L` then
//! requantized to `round(2(z − 2^L)/2^sh)` instead of 255. Weighted `γ^{k+1}`, the difference
//! `−2 + 2γ` shows in the first round.

use super::constraints::Constraints;
use super::{absorb_commitments, to_field, LimbActivationProof};
use crate::error::ActivationError;
use crate::protocol::{absorb_public_activation, label};
use crate::spec::{relu_requantize, ActivationMethod, ActivationSpec, ACTIVATION_MAX};
use crate::verifier::verify_activation;
use crate::ActivationProof;
use ark_bn254::Fr;
use ark_ff::{Field, Zero};
use spazk_field::{bind_top_variable, eq_table};
use spazk_hyrax::{open_batch, Commit, HyraxParams};
use spazk_logup::range::prove_range_claims_routed;
use spazk_logup::{CommittedLimbs, LimbDecomposition, LOGUP_PROTOCOL};
use spazk_sumcheck::{prove_sumcheck, SumcheckError, SumcheckInstance};
use spazk_transcript::Transcript;

/// A degree-4 zero-check prover without the honest prover's shortcuts (no `Q(0) = 0`, no split
/// `eq`): it sums `eq(ρ, x)·G(x) + Σ_terms eq_P(x)·column(x)` for whatever witness it is given.
struct PlainZeroCheck {
    tables: [Vec<Fr>; 6],
    eq: Vec<Fr>,
    constraints: Constraints,
    terms: Vec<(Vec<Fr>, Vec<Fr>)>,
}

impl SumcheckInstance<Fr> for PlainZeroCheck {
    fn num_rounds(&self) -> usize {
        self.eq.len().trailing_zeros() as usize
    }

    fn degree(&self) -> usize {
        4
    }

    fn round_polynomial(&self, _claim: Fr) -> Vec<Fr> {
        let half = self.eq.len() / 2;
        let at = |t: &[Fr], i: usize, x: Fr| t[i] + x * (t[i + half] - t[i]);
        (0..5u64)
            .map(|t| {
                let x = Fr::from(t);
                let mut sum = Fr::zero();
                for i in 0..half {
                    let columns: [Fr; 6] = std::array::from_fn(|k| at(&self.tables[k], i, x));
                    sum += at(&self.eq, i, x) * self.constraints.evaluate(&columns);
                    for (eq, column) in &self.terms {
                        sum += at(eq, i, x) * at(column, i, x);
                    }
                }
                sum
            })
            .collect()
    }

    fn bind(&mut self, r: Fr) {
        bind_top_variable(&mut self.eq, r);
        for t in self.tables.iter_mut() {
            bind_top_variable(t, r);
        }
        for (eq, column) in self.terms.iter_mut() {
            bind_top_variable(eq, r);
            bind_top_variable(column, r);
        }
    }
}

/// Proves advice with field-valued signs (`s`) and saturations, integer `u, rem, a, d`, and
/// limb 0 of `u` looked up as `l_0 − limb0_shift`, for the stand-alone statement `(z, a)`.
fn forge(
    spec: &ActivationSpec,
    statement: (&[i64], &[u8]),
    signs: Vec<Fr>,
    saturations: Vec<Fr>,
    values: [Vec<u64>; 4],
    limb0_shift: u32,
    params: &HyraxParams,
) -> LimbActivationProof {
    let n = signs.len();
    let row_vars = n.trailing_zeros();
    let layout = LimbDecomposition::layout(row_vars);
    let sign_commitment = signs.commit(params, layout).unwrap();
    let saturation_commitment = saturations.commit(params, layout).unwrap();
    let decompositions = spec.decompositions();
    let committed: Vec<CommittedLimbs> = decompositions
        .iter()
        .zip(&values)
        .map(|(d, v)| d.commit(v, params).unwrap())
        .collect();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    absorb_public_activation(statement.0, statement.1, &mut transcript);
    absorb_commitments(
        spec,
        &sign_commitment,
        &saturation_commitment,
        committed.iter().flat_map(|c| c.commitments.iter()),
        &mut transcript,
    );

    let pairs: Vec<(LimbDecomposition, &CommittedLimbs)> =
        decompositions.iter().copied().zip(&committed).collect();
    let scaled: Vec<Option<Vec<u32>>> = pairs.iter().map(|(d, c)| d.scaled_top(c)).collect();
    let scaled: Vec<Option<&[u32]>> = scaled.iter().map(Option::as_deref).collect();
    let routed: Vec<u32> = committed[0].limbs[0]
        .iter()
        .map(|l| l - limb0_shift)
        .collect();
    let ranges =
        prove_range_claims_routed(&pairs, &scaled, Some((0, &routed)), params, &mut transcript)
            .unwrap();

    let beta: Fr = transcript.challenge_field(label::limbs::BETA);
    let rho: Vec<Fr> = transcript.challenge_fields(label::limbs::POINT, row_vars as usize);
    let gamma: Fr = transcript.challenge_field(label::limbs::GAMMA);
    // The limb term as the honest prover builds it: weights γ^{k+1}.
    let limb_columns: Vec<&Vec<u32>> = committed.iter().flat_map(|c| c.limbs.iter()).collect();
    let mut weighted = vec![Fr::zero(); n];
    let mut claim = Fr::zero();
    let mut power = gamma;
    for (limb, value) in limb_columns.iter().zip(&ranges.limb_values) {
        for (acc, l) in weighted.iter_mut().zip(limb.iter()) {
            *acc += power * Fr::from(*l as u64);
        }
        claim += power * value;
        power *= gamma;
    }
    let mut instance = PlainZeroCheck {
        tables: [
            signs.clone(),
            saturations.clone(),
            to_field(&values[0]),
            to_field(&values[1]),
            to_field(&values[2]),
            to_field(&values[3]),
        ],
        eq: eq_table(&rho),
        constraints: Constraints::new(spec, beta),
        terms: vec![(eq_table(&ranges.point), weighted)],
    };
    let (zero_check, sub_claim) = prove_sumcheck(&mut instance, claim, &mut transcript);
    let r = sub_claim.point;
    let bit_values = [instance.tables[0][0], instance.tables[1][0]];
    transcript.append_fields(label::limbs::BIT_VALUES, &bit_values);
    let limb_tables: Vec<Vec<Fr>> = limb_columns
        .iter()
        .map(|l| l.iter().map(|v| Fr::from(*v as u64)).collect())
        .collect();
    let eq_r = eq_table(&r);
    let limb_values: Vec<Fr> = limb_tables
        .iter()
        .map(|t| t.iter().zip(&eq_r).map(|(a, b)| *a * b).sum())
        .collect();
    transcript.append_fields(label::limbs::LIMB_VALUES, &limb_values);
    let mut tables: Vec<&[Fr]> = vec![&signs, &saturations];
    tables.extend(limb_tables.iter().map(Vec::as_slice));
    let mut commitments = vec![&sign_commitment, &saturation_commitment];
    commitments.extend(committed.iter().flat_map(|c| c.commitments.iter()));
    let (opening, _) = open_batch(&commitments, &tables, layout, &r, &mut transcript).unwrap();
    LimbActivationProof {
        sign_commitment,
        saturation_commitment,
        limb_commitments: committed
            .iter()
            .flat_map(|c| c.commitments.clone())
            .collect(),
        lookup: ranges.lookup,
        zero_check,
        bit_values,
        limb_values,
        opening,
    }
}

#[test]
fn constant_constraint_violation_paid_by_the_lookup_is_rejected() {
    let spec = ActivationSpec {
        input_bits: 16,
        shift: 4,
        limb_bits: 8,
    };
    let row_vars = 4;
    assert_eq!(spec.method(row_vars), ActivationMethod::Limbs);
    let params = HyraxParams::with_default_seed(spec.generators_needed(row_vars));
    let (l, half) = (1u64 << spec.sign_bits(), 1u64 << (spec.shift - 1));
    let mut values: [Vec<u64>; 4] = Default::default();
    let (mut z, mut forged) = (Vec::new(), Vec::new());
    for i in 0..1u64 << row_vars {
        // s = −1: z = u − 2^L·s = u + 2^L, whose true activation is 255.
        let u = 2 + 7 * i;
        assert_eq!(
            relu_requantize((u + l) as i64, spec.shift) as u64,
            ACTIVATION_MAX
        );
        // Q = (1 − s)·u + 2^{sh−1} − rem = 2^sh·a with c = d = 0: a forged a below 255.
        let a = (2 * u + half) >> spec.shift;
        let rem = 2 * u + half - (a << spec.shift);
        for (column, v) in values.iter_mut().zip([u, rem, a, 0]) {
            column.push(v);
        }
        z.push((u + l) as i64);
        forged.push(a as u8);
    }
    let n = 1 << row_vars;
    let proof = forge(
        &spec,
        (&z, &forged),
        vec![-Fr::ONE; n],
        vec![Fr::zero(); n],
        values,
        2,
        &params,
    );
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    assert_eq!(
        verify_activation(
            &spec,
            &z,
            &forged,
            &ActivationProof::Limbs(proof),
            &params,
            &mut transcript
        ),
        Err(ActivationError::ZeroCheck(
            SumcheckError::RoundSumMismatch { round: 0 }
        ))
    );
}
