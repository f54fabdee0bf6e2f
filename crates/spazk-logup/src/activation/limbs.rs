//! The limb method: `a = requantize(relu(z))` proved with one lookup argument (range checks of
//! every limb, a table of `2^w` entries) and one zero-check sumcheck that ties the limbs to the
//! sign, the ReLU, the shift and the clamp. About `2·limbs` witness leaves per row, but a table
//! of only `2^w`: the method for few rows (see [`super::ActivationMethod`]).
//!
//! Advice per row, all committed before any challenge that depends on them:
//! * `s ∈ {0,1}` the sign, `u = z + 2^L·s ∈ [0, 2^L)` (limbs): `z ≥ 0 ⇔ s = 0` because `u` has
//!   `L` bits;
//! * `rem ∈ [0, 2^sh)`, `a ∈ [0, 2^8)`, `c ∈ {0,1}` (saturated), `d ∈ [0, 2^{L−sh+1})`;
//!
//! and with `Q = (1 − s)·u + 2^{sh−1} − rem` the constraints (zero-checked at a random point,
//! combined with powers of `β`):
//! `s(1 − s) = 0`, `c(1 − c) = 0`, `2^sh·a = (1 − c)·Q + 255·2^sh·c`, `2^sh·d = c·(Q − 255·2^sh)`.
//! Since `a` and `d` are range-checked integers, `Q` is a multiple of `2^sh`, so
//! `q = Q / 2^sh = ⌊(relu(z) + 2^{sh−1}) / 2^sh⌋` and `a = min(q, 255)`.
//!
//! The verifier is left with `z̃(r) = ũ(r) − 2^L·s̃(r)` (handed to the layer that produced `z`)
//! and `ã(r)` on the committed output (handed to the layer that reads `a`).

use super::{
    check_output_claim, power_of_two, ActivationClaims, ActivationSpec, OutputClaim, ACTIVATION_MAX,
};
use crate::error::LogUpError;
use crate::proof::LookupProof;
use crate::prover::{evaluate_small_column, small_values_to_field};
use crate::range::{
    prove_range_claims, scaled_top, verify_range_claims, CommittedLimbs, LimbDecomposition,
};
use crate::split_eq::SplitEq;
use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, One, Zero};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_field::{
    bind_top_variable, eq_eval, eq_table, extrapolate_evaluations, UnreducedMultiply,
};
use spazk_hyrax::{
    open_batch, BatchedHyraxOpening, Commit, HyraxCommitment, HyraxParams, OpeningChecks,
};
use spazk_sumcheck::{prove_sumcheck, verify_sumcheck, SumcheckInstance, SumcheckProof};
use spazk_transcript::Transcript;

/// A limb-method proof of `a = requantize(relu(z))` row by row.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct LimbActivationProof {
    /// Commitment to the sign bits `s`.
    pub sign_commitment: HyraxCommitment,
    /// Commitment to the saturation bits `c`.
    pub saturation_commitment: HyraxCommitment,
    /// Range checks of `u`, `rem`, `a`, `d` (their limb commitments inside).
    pub limb_commitments: Vec<HyraxCommitment>,
    /// The lookup range-checking every limb (its limb claims are folded into the zero-check,
    /// so the limbs are opened once, at the zero-check's point).
    pub lookup: LookupProof,
    /// The zero-check of the constraints.
    pub zero_check: SumcheckProof<Fr>,
    /// `s̃, c̃` at the zero-check point.
    pub bit_values: [Fr; 2],
    /// Every limb's MLE at the zero-check point (in the order of the range checks).
    pub limb_values: Vec<Fr>,
    /// One opening of `s`, `c` and every limb at the zero-check point.
    pub opening: BatchedHyraxOpening,
}

/// Columns, limb by limb, of one activation step.
struct ActivationWitness {
    signs: Vec<u8>,
    saturations: Vec<u8>,
    /// `u`, `rem`, `a`, `d` as integers.
    values: [Vec<u64>; 4],
}

fn witness(spec: &ActivationSpec, inputs: &[i64]) -> Result<ActivationWitness, LogUpError> {
    let l = spec.sign_bits();
    let bound = 1i128 << spec.input_bits;
    let n = inputs.len();
    let mut w = ActivationWitness {
        signs: Vec::with_capacity(n),
        saturations: Vec::with_capacity(n),
        values: std::array::from_fn(|_| Vec::with_capacity(n)),
    };
    let half = 1u64 << (spec.shift - 1);
    for (row, z) in inputs.iter().enumerate() {
        if (*z as i128) < -bound || (*z as i128) >= bound {
            return Err(LogUpError::ValueOutOfRange {
                column: 0,
                row,
                value: *z as u64,
                bits: spec.input_bits,
            });
        }
        let s = u8::from(*z < 0);
        let u = (*z as i128 + ((s as i128) << l)) as u64;
        let relu = if s == 0 { u } else { 0 };
        let q = (relu + half) >> spec.shift;
        let rem = relu + half - (q << spec.shift);
        let c = u8::from(q > ACTIVATION_MAX);
        let a = q.min(ACTIVATION_MAX);
        let d = if c == 1 { q - ACTIVATION_MAX } else { 0 };
        w.signs.push(s);
        w.saturations.push(c);
        for (column, v) in w.values.iter_mut().zip([u, rem, a, d]) {
            column.push(v);
        }
    }
    Ok(w)
}

/// The constraint polynomial at one row: `C1 + β·C2 + β²·C3 + β³·C4`.
#[derive(Clone, Copy)]
struct Constraints {
    beta: [Fr; 3],
    half: Fr,
    scale: Fr,
    saturated: Fr,
}

impl Constraints {
    fn new(spec: &ActivationSpec, beta: Fr) -> Self {
        let scale = Fr::from(1u64 << spec.shift);
        Self {
            beta: [beta, beta * beta, beta * beta * beta],
            half: Fr::from(1u64 << (spec.shift - 1)),
            scale,
            saturated: scale * Fr::from(ACTIVATION_MAX),
        }
    }

    /// `v = [s, c, u, rem, a, d]`.
    fn evaluate(&self, v: &[Fr; 6]) -> Fr {
        let [s, c, u, rem, a, d] = *v;
        let q = (Fr::one() - s) * u + self.half - rem;
        let c1 = s - s * s;
        let c2 = c - c * c;
        let c3 = self.scale * a - (Fr::one() - c) * q - self.saturated * c;
        let c4 = self.scale * d - c * (q - self.saturated);
        c1 + self.beta[0] * c2 + self.beta[1] * c3 + self.beta[2] * c4
    }
}

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
struct ZeroCheckInstance {
    tables: [Vec<Fr>; 6],
    eq: SplitEq,
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

mod label {
    pub const SIGNS: &[u8] = b"activation-signs";
    pub const SATURATIONS: &[u8] = b"activation-saturations";
    pub const LIMBS: &[u8] = b"activation-limb";
    pub const BETA: &[u8] = b"activation-beta";
    pub const GAMMA: &[u8] = b"activation-gamma";
    pub const POINT: &[u8] = b"activation-point";
    pub const BIT_VALUES: &[u8] = b"activation-bit-values";
    pub const LIMB_VALUES: &[u8] = b"activation-limb-values";
}

/// An activation step's advice, committed: what the prover holds between committing (before
/// any challenge of a larger proof) and proving.
#[derive(Clone, Debug)]
pub struct CommittedLimbActivation {
    spec: ActivationSpec,
    row_vars: u32,
    signs: Vec<u8>,
    saturations: Vec<u8>,
    /// `u`, `rem`, `a`, `d` as integers.
    values: [Vec<u64>; 4],
    sign_commitment: HyraxCommitment,
    saturation_commitment: HyraxCommitment,
    committed: Vec<CommittedLimbs>,
}

impl CommittedLimbActivation {
    /// The activations `a`.
    pub fn activations(&self) -> Vec<u8> {
        self.values[2].iter().map(|a| *a as u8).collect()
    }

    /// The commitment to `a` (its limb commitments combined), under
    /// [`LimbDecomposition::layout`] of the row count.
    pub fn output_commitment(&self) -> Result<HyraxCommitment, LogUpError> {
        self.spec.decompositions()[2].value_commitment(&self.committed[2].commitments)
    }

    /// Absorbs every advice commitment (what [`LimbActivationProof::absorb_commitments`] absorbs).
    pub fn absorb_commitments(&self, transcript: &mut Transcript) {
        absorb_commitments(
            &self.spec,
            &self.sign_commitment,
            &self.saturation_commitment,
            self.committed.iter().flat_map(|c| c.commitments.iter()),
            transcript,
        );
    }
}

fn absorb_commitments<'a>(
    spec: &ActivationSpec,
    sign: &HyraxCommitment,
    saturation: &HyraxCommitment,
    limbs: impl Iterator<Item = &'a HyraxCommitment>,
    transcript: &mut Transcript,
) {
    spec.absorb_into(transcript);
    sign.absorb_into(label::SIGNS, transcript);
    saturation.absorb_into(label::SATURATIONS, transcript);
    for limb in limbs {
        limb.absorb_into(label::LIMBS, transcript);
    }
}

impl LimbActivationProof {
    /// Absorbs every advice commitment the proof carries, exactly as
    /// [`CommittedLimbActivation::absorb_commitments`] does, after checking their layouts for
    /// `2^row_vars` rows.
    pub fn absorb_commitments(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
        transcript: &mut Transcript,
    ) -> Result<(), LogUpError> {
        self.check_commitments(spec, row_vars)?;
        absorb_commitments(
            spec,
            &self.sign_commitment,
            &self.saturation_commitment,
            self.limb_commitments.iter(),
            transcript,
        );
        Ok(())
    }

    fn check_commitments(&self, spec: &ActivationSpec, row_vars: u32) -> Result<(), LogUpError> {
        spec.check()?;
        let layout = LimbDecomposition::layout(row_vars);
        let limbs: usize = spec
            .decompositions()
            .iter()
            .map(LimbDecomposition::limbs)
            .sum();
        if self.limb_commitments.len() != limbs {
            return Err(LogUpError::Shape {
                what: "limb commitments",
                expected: limbs,
                found: self.limb_commitments.len(),
            });
        }
        let all = [&self.sign_commitment, &self.saturation_commitment]
            .into_iter()
            .chain(self.limb_commitments.iter());
        for commitment in all {
            if commitment.layout != layout {
                return Err(LogUpError::Column(spazk_hyrax::HyraxError::LayoutMismatch));
            }
        }
        Ok(())
    }

    /// The commitment to the output `a`, from its limb commitments.
    pub fn output_commitment(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
    ) -> Result<HyraxCommitment, LogUpError> {
        self.check_commitments(spec, row_vars)?;
        let decompositions = spec.decompositions();
        let start: usize = decompositions[..2]
            .iter()
            .map(LimbDecomposition::limbs)
            .sum();
        let end = start + decompositions[2].limbs();
        decompositions[2].value_commitment(&self.limb_commitments[start..end])
    }
}

fn to_field(values: &[u64]) -> Vec<Fr> {
    values.iter().map(|v| Fr::from(*v)).collect()
}

/// Computes and commits the advice for `a = requantize(relu(z))` over `inputs` (a power-of-two
/// count). Nothing is absorbed: the caller absorbs ([`CommittedLimbActivation::absorb_commitments`])
/// before drawing any challenge that depends on the advice.
pub fn commit(
    spec: &ActivationSpec,
    inputs: &[i64],
    params: &HyraxParams,
) -> Result<CommittedLimbActivation, LogUpError> {
    spec.check()?;
    let w = witness(spec, inputs)?;
    commit_advice(spec, w.signs, w.saturations, w.values, params)
}

/// Commits advice columns the caller chose (`[u, rem, a, d]` as integers): what a cheating
/// prover runs. Public for the soundness tests.
#[doc(hidden)]
pub fn commit_advice(
    spec: &ActivationSpec,
    signs: Vec<u8>,
    saturations: Vec<u8>,
    values: [Vec<u64>; 4],
    params: &HyraxParams,
) -> Result<CommittedLimbActivation, LogUpError> {
    spec.check()?;
    let row_vars = advice_rows(&signs, &saturations, values.iter().map(Vec::len))?;
    let committed: Vec<CommittedLimbs> = spec
        .decompositions()
        .iter()
        .zip(&values)
        .map(|(d, v)| d.commit(v, params))
        .collect::<Result<_, _>>()?;
    assemble(
        spec,
        row_vars,
        signs,
        saturations,
        values,
        committed,
        params,
    )
}

/// Commits advice whose `u`, `rem`, `a`, `d` are given limb by limb (low limb first), with no
/// check of any limb against its width: a cheating prover that hides a too-wide value in a top
/// limb that fits the table. Public for the soundness tests.
#[doc(hidden)]
pub fn commit_advice_limbs(
    spec: &ActivationSpec,
    signs: Vec<u8>,
    saturations: Vec<u8>,
    limbs: [Vec<Vec<u32>>; 4],
    params: &HyraxParams,
) -> Result<CommittedLimbActivation, LogUpError> {
    spec.check()?;
    let n = signs.len();
    let row_vars = advice_rows(&signs, &saturations, limbs.iter().flatten().map(Vec::len))?;
    let layout = LimbDecomposition::layout(row_vars);
    let mut values: [Vec<u64>; 4] = Default::default();
    let mut committed = Vec::with_capacity(4);
    for ((d, limbs), value) in spec.decompositions().iter().zip(limbs).zip(&mut values) {
        if limbs.len() != d.limbs() {
            return Err(LogUpError::Shape {
                what: "limb columns",
                expected: d.limbs(),
                found: limbs.len(),
            });
        }
        *value = (0..n)
            .map(|i| {
                limbs
                    .iter()
                    .enumerate()
                    .map(|(k, l)| (l[i] as u64) << (k as u32 * d.limb_bits))
                    .sum()
            })
            .collect();
        let commitments = limbs
            .iter()
            .map(|l| crate::range::commit_small_column(l, params, layout))
            .collect::<Result<Vec<_>, _>>()?;
        committed.push(CommittedLimbs { limbs, commitments });
    }
    assemble(
        spec,
        row_vars,
        signs,
        saturations,
        values,
        committed,
        params,
    )
}

/// `log2` of the advice rows: a power of two, the same for every column.
fn advice_rows(
    signs: &[u8],
    saturations: &[u8],
    mut lengths: impl Iterator<Item = usize>,
) -> Result<u32, LogUpError> {
    let n = signs.len();
    if !n.is_power_of_two() || saturations.len() != n || lengths.any(|len| len != n) {
        return Err(LogUpError::Shape {
            what: "activation rows (a power of two, equal for every column)",
            expected: n.next_power_of_two(),
            found: n,
        });
    }
    Ok(n.trailing_zeros())
}

/// Commits the bit columns and gathers the advice.
fn assemble(
    spec: &ActivationSpec,
    row_vars: u32,
    signs: Vec<u8>,
    saturations: Vec<u8>,
    values: [Vec<u64>; 4],
    committed: Vec<CommittedLimbs>,
    params: &HyraxParams,
) -> Result<CommittedLimbActivation, LogUpError> {
    let layout = LimbDecomposition::layout(row_vars);
    let commit = |bits: &[u8]| bits.commit(params, layout).map_err(LogUpError::Commitment);
    let sign_commitment = commit(&signs)?;
    let saturation_commitment = commit(&saturations)?;
    Ok(CommittedLimbActivation {
        spec: *spec,
        row_vars,
        signs,
        saturations,
        values,
        sign_commitment,
        saturation_commitment,
        committed,
    })
}

/// Proves committed advice whose commitments the caller has absorbed
/// ([`CommittedLimbActivation::absorb_commitments`]): the range checks and the zero-check.
pub fn prove_committed(
    committed: &CommittedLimbActivation,
    output_claim: Option<&OutputClaim>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(LimbActivationProof, ActivationClaims), LogUpError> {
    let scaled: Vec<Option<Vec<u32>>> = committed
        .spec
        .decompositions()
        .iter()
        .zip(&committed.committed)
        .map(|(d, c)| scaled_top(d, c))
        .collect();
    let scaled_refs: Vec<Option<&[u32]>> = scaled.iter().map(Option::as_deref).collect();
    prove_committed_with_scaled(committed, &scaled_refs, output_claim, params, transcript)
}

/// [`prove_committed`] with the scaled top limbs (one entry per range check of `u`, `rem`, `a`,
/// `d`) supplied by the caller: what a cheating prover runs. Public for the soundness tests.
#[doc(hidden)]
pub fn prove_committed_with_scaled(
    committed: &CommittedLimbActivation,
    scaled: &[Option<&[u32]>],
    output_claim: Option<&OutputClaim>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(LimbActivationProof, ActivationClaims), LogUpError> {
    let spec = &committed.spec;
    let row_vars = committed.row_vars;
    check_output_claim(output_claim, row_vars)?;
    let layout = LimbDecomposition::layout(row_vars);
    let (signs, saturations, values) =
        (&committed.signs, &committed.saturations, &committed.values);

    let decompositions = spec.decompositions();
    let pairs: Vec<(LimbDecomposition, &CommittedLimbs)> = decompositions
        .iter()
        .copied()
        .zip(committed.committed.iter())
        .collect();
    if scaled.len() != pairs.len() {
        return Err(LogUpError::Shape {
            what: "scaled top limbs",
            expected: pairs.len(),
            found: scaled.len(),
        });
    }
    let ranges = prove_range_claims(&pairs, scaled, params, transcript)?;

    // Zero-check over the rows.
    let beta: Fr = transcript.challenge_field(label::BETA);
    let rho: Vec<Fr> = transcript.challenge_fields(label::POINT, row_vars as usize);
    let gamma: Fr = transcript.challenge_field(label::GAMMA);
    // Weights γ^{k+1}: γ^0 = 1 belongs to the constraint sum alone (claimed zero). A limb
    // sharing it lets a constant G ≡ δ be paid for by limb leaves shifted by δ (found by an
    // attack: s = −1 on every row forged the requantization).
    let (lookup_limbs, lookup_claim) = {
        let mut table = vec![Fr::zero(); 1 << row_vars];
        let mut power = gamma;
        let mut claim = Fr::zero();
        for (limb, value) in limbs_of(committed).zip(&ranges.limb_values) {
            for (acc, l) in table.iter_mut().zip(limb) {
                if *l != 0 {
                    *acc += power * Fr::from(*l as u64);
                }
            }
            claim += power * value;
            power *= gamma;
        }
        (table, claim)
    };
    let mut terms = vec![(eq_table(&ranges.point), lookup_limbs)];
    let mut carried = lookup_claim;
    if let Some(output) = output_claim {
        // ã(P) = v, weighted by the next power of γ.
        let weight = gamma_power(gamma, limbs_of(committed).count() + 1);
        let column: Vec<Fr> = values[2].iter().map(|a| weight * Fr::from(*a)).collect();
        terms.push((eq_table(&output.point), column));
        carried += weight * output.value;
    }
    let bits = |b: &[u8]| {
        b.iter()
            .map(|x| match x {
                0 => Fr::zero(),
                1 => Fr::one(),
                _ => Fr::from(*x as u64),
            })
            .collect::<Vec<Fr>>()
    };
    let mut instance = ZeroCheckInstance::new(
        [
            bits(signs),
            bits(saturations),
            to_field(&values[0]),
            to_field(&values[1]),
            to_field(&values[2]),
            to_field(&values[3]),
        ],
        rho,
        Constraints::new(spec, beta),
        terms,
    );
    let (zero_check, sub_claim) = prove_sumcheck(&mut instance, carried, transcript);
    let r = sub_claim.point;
    let bit_values = [instance.tables[0][0], instance.tables[1][0]];
    transcript.append_fields(label::BIT_VALUES, &bit_values);
    let eq_r = eq_table(&r);
    let limbs = || limbs_of(committed);
    // Limb values by buckets (additions), the opening tables through a small-value table.
    let limb_values: Vec<Fr> = limbs()
        .map(|limb| evaluate_small_column(limb, &eq_r, spec.limb_bits))
        .collect();
    let limb_tables: Vec<Vec<Fr>> = limbs()
        .map(|limb| small_values_to_field(limb, spec.limb_bits))
        .collect();
    transcript.append_fields(label::LIMB_VALUES, &limb_values);
    // The zero-check folded its copies; the openings need the columns themselves.
    let (sign_table, saturation_table) = (bits(signs), bits(saturations));
    let mut tables: Vec<&[Fr]> = vec![&sign_table, &saturation_table];
    tables.extend(limb_tables.iter().map(Vec::as_slice));
    let mut commitments = vec![&committed.sign_commitment, &committed.saturation_commitment];
    commitments.extend(ranges.commitments.iter());
    let (opening, _) =
        open_batch(&commitments, &tables, layout, &r, transcript).map_err(LogUpError::Column)?;

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

/// `γ^k`.
fn gamma_power(gamma: Fr, k: usize) -> Fr {
    ark_ff::Field::pow(&gamma, [k as u64])
}

/// Verifies a limb-method activation proof over `2^row_vars` rows. Checks, in order: every
/// advice commitment's layout (all absorbed before any challenge, by the caller), the range
/// checks of `u`, `rem`, `a`, `d` (one lookup, its limb claims folded into the zero-check), the
/// zero-check (every round, and its final value recomputed from the opened values), each limb
/// recomposition at the zero-check point, and one batched opening of every committed column
/// there, deferred to `checks`. Returns the claims on `z` and `a`, which the caller must check.
pub fn verify_deferred<'c>(
    spec: &ActivationSpec,
    row_vars: u32,
    proof: &'c LimbActivationProof,
    output_claim: Option<&OutputClaim>,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<ActivationClaims, LogUpError> {
    proof.check_commitments(spec, row_vars)?;
    check_output_claim(output_claim, row_vars)?;
    let decompositions = spec.decompositions();
    let range = verify_range_claims(
        &decompositions,
        row_vars,
        &proof.limb_commitments,
        &proof.lookup,
        checks,
        transcript,
    )?;

    let beta: Fr = transcript.challenge_field(label::BETA);
    let rho: Vec<Fr> = transcript.challenge_fields(label::POINT, row_vars as usize);
    let gamma: Fr = transcript.challenge_field(label::GAMMA);
    // Σ_k γ^{k+1}·v_k: the constraint sum alone has weight 1 (see the prover).
    let gamma_sum = |values: &[Fr]| {
        values
            .iter()
            .rev()
            .fold(Fr::zero(), |acc, v| acc * gamma + v)
            * gamma
    };
    let output_weight = gamma_power(gamma, range.limb_values.len() + 1);
    let mut carried = gamma_sum(&range.limb_values);
    if let Some(output) = output_claim {
        carried += output_weight * output.value;
    }
    let sub_claim = verify_sumcheck(&proof.zero_check, carried, row_vars as usize, 4, transcript)
        .map_err(LogUpError::ZeroCheck)?;
    let limbs: usize = decompositions.iter().map(LimbDecomposition::limbs).sum();
    if proof.limb_values.len() != limbs {
        return Err(LogUpError::Shape {
            what: "limb values",
            expected: limbs,
            found: proof.limb_values.len(),
        });
    }
    // Recompose u, rem, a, d from the limbs at r.
    let mut rest = proof.limb_values.as_slice();
    let mut recomposed = [Fr::zero(); 4];
    for (value, d) in recomposed.iter_mut().zip(&decompositions) {
        let base = Fr::from(1u64 << d.limb_bits);
        *value = rest[..d.limbs()]
            .iter()
            .rev()
            .fold(Fr::zero(), |acc, v| acc * base + v);
        rest = &rest[d.limbs()..];
    }
    let [s, c] = proof.bit_values;
    let [u, rem, a, d] = recomposed;
    let constraints = Constraints::new(spec, beta);
    let output_term = output_claim.map_or(Fr::zero(), |output| {
        output_weight * eq_eval(&output.point, &sub_claim.point) * a
    });
    if sub_claim.value
        != eq_eval(&rho, &sub_claim.point) * constraints.evaluate(&[s, c, u, rem, a, d])
            + eq_eval(&range.point, &sub_claim.point) * gamma_sum(&proof.limb_values)
            + output_term
    {
        return Err(LogUpError::ZeroCheckFinalMismatch);
    }
    transcript.append_fields(label::BIT_VALUES, &proof.bit_values);
    transcript.append_fields(label::LIMB_VALUES, &proof.limb_values);
    let mut commitments: Vec<&HyraxCommitment> =
        vec![&proof.sign_commitment, &proof.saturation_commitment];
    commitments.extend(proof.limb_commitments.iter());
    let mut values = vec![s, c];
    values.extend_from_slice(&proof.limb_values);
    checks
        .add_batch(
            &commitments,
            &sub_claim.point,
            &values,
            &proof.opening,
            transcript,
        )
        .map_err(LogUpError::Column)?;
    let l = power_of_two(spec.sign_bits());
    Ok(ActivationClaims {
        point: sub_claim.point,
        input_value: u - l * s,
        output_value: a,
    })
}

#[cfg(test)]
mod forged_sign;
