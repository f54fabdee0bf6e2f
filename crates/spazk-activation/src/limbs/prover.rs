//! The limb-method prover: the range checks of every limb (their claims folded into the
//! zero-check), the zero-check of the constraints, and one opening of every advice column.

use super::constraints::Constraints;
use super::{gamma_power, to_field, CommittedLimbActivation, LimbActivationProof};
use crate::error::ActivationError;
use crate::proof::{check_output_claim, ActivationClaims};
use crate::protocol::{label, power_of_two};
use crate::spec::ActivationSpec;
use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, One, Zero};
use spazk_field::{
    bind_top_variable, eq_table, extrapolate_evaluations, EvalClaim, UnreducedMultiply,
};
use spazk_hyrax::{open_batch, HyraxParams};
use spazk_logup::{
    evaluate_small_column, prove_range_claims, small_values_to_field, CommittedLimbs,
    LimbDecomposition,
};
use spazk_sumcheck::{prove_sumcheck, SplitEq, SumcheckInstance};
use spazk_transcript::Transcript;

/// `Σ_x eq(ρ, x)·G(s, c, u, rem, a, d)(x)`: degree 4 per variable (eq, then `(1 − c)(1 − s)u`).
///
/// As in the LogUp layers, `eq` stays out of the tables (Gruen's split): a round sums the
/// degree-3 `Q(t) = Σ_{x'} eq(ρ_low, x')·G(x', t)` at `t = 0, 2, 3` (`Q(1)` from the claim) and
/// multiplies by the current variable's eq factor. In the first round `Q(0) = 0` without a pass:
/// `G` vanishes on the hypercube for a witness that satisfies the constraints (a witness that
/// does not is caught by the verifier's final check).
///
/// The lookup's claims on the limbs (at its point `ρ_L`) ride along as a second term
/// `eq(ρ_L, x)·Σ_k γ^{k+1}·l_k(x)` whose sum is `Σ_k γ^{k+1}·l_k(ρ_L)` (weight 1 is the
/// constraint sum's alone): the sumcheck ends with every column at one point, opened once.
#[derive(Clone)]
pub(crate) struct ZeroCheckInstance {
    tables: [Vec<Fr>; 6],
    eq: SplitEq<Fr>,
    first_round: bool,
    constraints: Constraints,
    /// Claims carried along, each `eq(P, ·)` with its weighted column (`Σ_k γ^{k+1}·l_k` at the
    /// lookup's point, `γ^{K+1}·a` at the next layer's input point), folded like the tables.
    terms: Vec<(Vec<Fr>, Vec<Fr>)>,
}

impl ZeroCheckInstance {
    fn new(
        tables: [Vec<Fr>; 6],
        rho: Vec<Fr>,
        constraints: Constraints,
        terms: Vec<(Vec<Fr>, Vec<Fr>)>,
    ) -> Self {
        Self {
            tables,
            eq: SplitEq::new(rho),
            first_round: true,
            constraints,
            terms,
        }
    }

    /// The carried claims' part of the round polynomial at `t = 0, 1, 2, 3, 4` (degree 2: three
    /// sums, then extrapolation).
    fn claim_terms(&self) -> [Fr; 5] {
        let mut acc: [<Fr as UnreducedMultiply>::ProductSum; 3] = Default::default();
        for (eq, column) in &self.terms {
            let half = eq.len() / 2;
            let (eq_lo, eq_hi) = eq.split_at(half);
            let (l_lo, l_hi) = column.split_at(half);
            for i in 0..half {
                Fr::accumulate_product(&mut acc[0], &eq_lo[i], &l_lo[i]);
                Fr::accumulate_product(&mut acc[1], &eq_hi[i], &l_hi[i]);
                Fr::accumulate_product(
                    &mut acc[2],
                    &(eq_hi[i].double() - eq_lo[i]),
                    &(l_hi[i].double() - l_lo[i]),
                );
            }
        }
        let e: [Fr; 3] = std::array::from_fn(|k| Fr::reduce_products(&acc[k]));
        extrapolate_evaluations(&e, None)
    }

    /// Column `k` (`s, c, u, rem, a, d`) at the final point, once every variable is bound.
    pub(crate) fn final_value(&self, k: usize) -> Fr {
        self.tables[k][0]
    }

    /// `[Q(0), Q(1), Q(2), Q(3)]` at the given points (the others left zero).
    fn inner_sums(&self, points: [bool; 4]) -> [Fr; 4] {
        let half = self.tables[0].len() / 2;
        let eq = self.eq.low();
        let mut acc: [<Fr as UnreducedMultiply>::ProductSum; 4] = Default::default();
        for (i, e) in eq.iter().enumerate().take(half) {
            let lo: [Fr; 6] = std::array::from_fn(|k| self.tables[k][i]);
            let hi: [Fr; 6] = std::array::from_fn(|k| self.tables[k][i + half]);
            if points[0] {
                Fr::accumulate_product(&mut acc[0], e, &self.constraints.evaluate(&lo));
            }
            if points[1] {
                Fr::accumulate_product(&mut acc[1], e, &self.constraints.evaluate(&hi));
            }
            let step: [Fr; 6] = std::array::from_fn(|k| hi[k] - lo[k]);
            let mut values: [Fr; 6] = std::array::from_fn(|k| hi[k] + step[k]);
            Fr::accumulate_product(&mut acc[2], e, &self.constraints.evaluate(&values));
            for k in 0..6 {
                values[k] += step[k];
            }
            Fr::accumulate_product(&mut acc[3], e, &self.constraints.evaluate(&values));
        }
        std::array::from_fn(|k| Fr::reduce_products(&acc[k]))
    }
}

impl SumcheckInstance<Fr> for ZeroCheckInstance {
    fn num_rounds(&self) -> usize {
        self.eq.rounds()
    }

    fn degree(&self) -> usize {
        4
    }

    fn round_polynomial(&self, claim: Fr) -> Vec<Fr> {
        let lookup = self.claim_terms();
        let [q0, _, q2, q3] = self.inner_sums([!self.first_round, false, true, true]);
        // The constraint part of the claim is what the lookup term leaves.
        let claim = claim - lookup[0] - lookup[1];
        let q1 = match self.eq.inner_at_one(claim, q0) {
            Some(q1) => q1,
            None => self.inner_sums([false, true, false, false])[1],
        };
        // Q has degree 3: Q(4) from Q(0), …, Q(3).
        let inner: [Fr; 5] = extrapolate_evaluations(&[q0, q1, q2, q3], None);
        self.eq
            .round_values(&inner)
            .into_iter()
            .zip(lookup)
            .map(|(constraint, lookup)| constraint + lookup)
            .collect()
    }

    fn bind(&mut self, challenge: Fr) {
        self.eq.bind(challenge);
        self.first_round = false;
        for table in self.tables.iter_mut() {
            bind_top_variable(table, challenge);
        }
        for (eq, column) in self.terms.iter_mut() {
            bind_top_variable(eq, challenge);
            bind_top_variable(column, challenge);
        }
    }
}

/// Proves committed advice whose commitments the caller has absorbed
/// ([`CommittedLimbActivation::absorb_commitments`]): the range checks and the zero-check.
pub fn prove_committed(
    committed: &CommittedLimbActivation,
    output_claim: Option<&EvalClaim<Fr>>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(LimbActivationProof, ActivationClaims), ActivationError> {
    let scaled: Vec<Option<Vec<u32>>> = committed
        .spec
        .decompositions()
        .iter()
        .zip(&committed.committed)
        .map(|(d, c)| d.scaled_top(c))
        .collect();
    let scaled_refs: Vec<Option<&[u32]>> = scaled.iter().map(Option::as_deref).collect();
    prove_committed_with_scaled(committed, &scaled_refs, output_claim, params, transcript)
}

/// [`prove_committed`] with the scaled top limbs (one entry per range check of `u`, `rem`, `a`,
/// `d`) supplied by the caller. Honest callers use [`prove_committed`]; the `test-util` feature
/// exports this for a cheating prover (the soundness tests' hook).
pub fn prove_committed_with_scaled(
    committed: &CommittedLimbActivation,
    scaled: &[Option<&[u32]>],
    output_claim: Option<&EvalClaim<Fr>>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(LimbActivationProof, ActivationClaims), ActivationError> {
    let spec = &committed.spec;
    let row_vars = committed.row_vars;
    check_output_claim(output_claim, row_vars)?;
    let layout = LimbDecomposition::layout(row_vars);
    let (signs, saturations) = (&committed.signs, &committed.saturations);

    let decompositions = spec.decompositions();
    let pairs: Vec<(LimbDecomposition, &CommittedLimbs)> = decompositions
        .iter()
        .copied()
        .zip(committed.committed.iter())
        .collect();
    if scaled.len() != pairs.len() {
        return Err(ActivationError::Shape {
            what: "scaled top limbs",
            expected: pairs.len(),
            found: scaled.len(),
        });
    }
    let ranges = prove_range_claims(&pairs, scaled, params, transcript)?;

    // Zero-check over the rows.
    let challenges = ZeroCheckChallenges::draw(row_vars, transcript);
    let output = output_claim.map(|o| (o.point.as_slice(), o.value));
    let (mut instance, carried) = zero_check_instance(
        &advice_columns(committed),
        &challenges,
        &ranges.point,
        &ranges.limb_values,
        output,
    );
    let (zero_check, sub_claim) = prove_sumcheck(&mut instance, carried, transcript);
    let r = sub_claim.point;
    let bit_values = [instance.tables[0][0], instance.tables[1][0]];
    transcript.append_fields(label::limbs::BIT_VALUES, &bit_values);
    let eq_r = eq_table(&r);
    let limbs = || limbs_of(committed);
    // Limb values by buckets (additions), the opening tables through a small-value table.
    let limb_values: Vec<Fr> = limbs()
        .map(|limb| evaluate_small_column(limb, &eq_r, spec.limb_bits))
        .collect();
    let limb_tables: Vec<Vec<Fr>> = limbs()
        .map(|limb| small_values_to_field(limb, spec.limb_bits))
        .collect();
    transcript.append_fields(label::limbs::LIMB_VALUES, &limb_values);
    // The zero-check folded its copies; the openings need the columns themselves.
    let (sign_table, saturation_table) = (bits(signs), bits(saturations));
    let mut tables: Vec<&[Fr]> = vec![&sign_table, &saturation_table];
    tables.extend(limb_tables.iter().map(Vec::as_slice));
    let mut commitments = vec![&committed.sign_commitment, &committed.saturation_commitment];
    commitments.extend(ranges.commitments.iter());
    let (opening, _) = open_batch(&commitments, &tables, layout, &r, transcript)
        .map_err(ActivationError::Column)?;

    let l = power_of_two(spec.sign_bits());
    let claims = ActivationClaims {
        point: r,
        input_value: instance.tables[2][0] - l * bit_values[0],
        output_value: instance.tables[4][0],
    };
    let proof = LimbActivationProof {
        sign_commitment: committed.sign_commitment.clone(),
        saturation_commitment: committed.saturation_commitment.clone(),
        limb_commitments: ranges.commitments,
        lookup: ranges.lookup,
        zero_check,
        bit_values,
        limb_values,
        opening,
    };
    Ok((proof, claims))
}

/// Every limb column of the advice, in the order of the range checks.
fn limbs_of(committed: &CommittedLimbActivation) -> impl Iterator<Item = &Vec<u32>> {
    committed.committed.iter().flat_map(|c| c.limbs.iter())
}

fn advice_columns(committed: &CommittedLimbActivation) -> AdviceColumns<'_> {
    AdviceColumns {
        spec: &committed.spec,
        signs: &committed.signs,
        saturations: &committed.saturations,
        values: &committed.values,
        limbs: limbs_of(committed).map(Vec::as_slice).collect(),
    }
}

/// `0/1` bytes as field elements (a conversion per entry would cost a multiplication).
pub(super) fn bits(b: &[u8]) -> Vec<Fr> {
    b.iter()
        .map(|x| match x {
            0 => Fr::zero(),
            1 => Fr::one(),
            _ => Fr::from(*x as u64),
        })
        .collect()
}

/// The limb method's advice as the zero-check reads it, whichever commitments it has.
pub(crate) struct AdviceColumns<'a> {
    pub(crate) spec: &'a ActivationSpec,
    pub(crate) signs: &'a [u8],
    pub(crate) saturations: &'a [u8],
    /// `u`, `rem`, `a`, `d` as integers.
    pub(crate) values: &'a [Vec<u64>; 4],
    /// Every limb column, in the order of the range checks.
    pub(crate) limbs: Vec<&'a [u32]>,
}

/// The zero-check's challenges, drawn after the range checks: `β` combines the constraints,
/// `ρ` is the zero-check's point, `γ` weights the carried claims.
pub(crate) struct ZeroCheckChallenges {
    pub(crate) beta: Fr,
    pub(crate) rho: Vec<Fr>,
    pub(crate) gamma: Fr,
}

impl ZeroCheckChallenges {
    pub(crate) fn draw(row_vars: u32, transcript: &mut Transcript) -> Self {
        let beta: Fr = transcript.challenge_field(label::limbs::BETA);
        let rho: Vec<Fr> = transcript.challenge_fields(label::limbs::POINT, row_vars as usize);
        let gamma: Fr = transcript.challenge_field(label::limbs::GAMMA);
        Self { beta, rho, gamma }
    }
}

/// The zero-check `Σ_x eq(ρ, x)·G(x) + eq(ρ_L, x)·Σ_k γ^{k+1}·l_k(x) [+ eq(P, x)·γ^{K+1}·a(x)]`
/// for `advice`, and its sum: the limbs' values at the range point `ρ_L` (`limb_values`) and
/// the next layer's `ã(P) = v` (`output`) weighted, the constraint sum zero. What both the
/// transparent and the zero-knowledge prover run.
pub(crate) fn zero_check_instance(
    advice: &AdviceColumns<'_>,
    challenges: &ZeroCheckChallenges,
    range_point: &[Fr],
    limb_values: &[Fr],
    output: Option<(&[Fr], Fr)>,
) -> (ZeroCheckInstance, Fr) {
    let gamma = challenges.gamma;
    let rows = advice.signs.len();
    // Weights γ^{k+1}: γ^0 = 1 belongs to the constraint sum alone (claimed zero). A limb
    // sharing it lets a constant G ≡ δ be paid for by limb leaves shifted by δ (found by an
    // attack: s = −1 on every row forged the requantization).
    let (lookup_limbs, lookup_claim) = {
        let mut table = vec![Fr::zero(); rows];
        let mut power = gamma;
        let mut claim = Fr::zero();
        for (limb, value) in advice.limbs.iter().zip(limb_values) {
            for (acc, l) in table.iter_mut().zip(limb.iter()) {
                if *l != 0 {
                    *acc += power * Fr::from(*l as u64);
                }
            }
            claim += power * value;
            power *= gamma;
        }
        (table, claim)
    };
    let mut terms = vec![(eq_table(range_point), lookup_limbs)];
    let mut carried = lookup_claim;
    if let Some((point, value)) = output {
        // ã(P) = v, weighted by the next power of γ.
        let weight = gamma_power(gamma, advice.limbs.len() + 1);
        let column: Vec<Fr> = advice.values[2]
            .iter()
            .map(|a| weight * Fr::from(*a))
            .collect();
        terms.push((eq_table(point), column));
        carried += weight * value;
    }
    let values = advice.values;
    let instance = ZeroCheckInstance::new(
        [
            bits(advice.signs),
            bits(advice.saturations),
            to_field(&values[0]),
            to_field(&values[1]),
            to_field(&values[2]),
            to_field(&values[3]),
        ],
        challenges.rho.clone(),
        Constraints::new(advice.spec, challenges.beta),
        terms,
    );
    (instance, carried)
}
