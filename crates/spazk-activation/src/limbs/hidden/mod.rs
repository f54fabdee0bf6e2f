//! The limb method with zero knowledge (design.md §8 "Activation"): the sign and saturation
//! bits, every limb and the multiplicities committed with hiding rows (fresh blinds); the
//! range checks of the limbs hidden ([`spazk_logup::prove_hidden_range_claims`]: the limbs'
//! values at the lookup's point `ρ_L` are hidden scalars, the scaled tops relations); the
//! zero-check masked (degree-4 round polynomials) from the claim
//! `Σ_k γ^{k+1}·l̃_k(ρ_L) [+ γ^{K+1}·v]`, affine in hidden values.
//!
//! At the zero-check's final point `r`, `s̃`, `c̃` and every limb come from one hidden opening;
//! `ũ`, `rem̃`, `ã`, `d̃` are their limbs recomposed (affine). The constraint expression
//! `G(r)` has the degree-3 term `(1 − c)·(1 − s)·u`: the prover sends one more hidden scalar
//! `π = (1 − s̃(r))·ũ(r)` with the relation `π = (1 − s̃)·ũ`, and `G` is written through
//! `Q = π + 2^{sh−1} − rem` ([`super::constraints::Constraints::combine`]), degree 2. The final
//! relation is `h(r) = eq(ρ, r)·G + eq(ρ_L, r)·Σ_k γ^{k+1}·l̃_k(r) [+ eq(P, r)·γ^{K+1}·ã(r)]`.
//!
//! The claims left are `z̃(r) = ũ(r) − 2^L·s̃(r)` and `ã(r)`.

mod prover;
mod verifier;

pub use prover::prove_hidden;
pub use verifier::verify_hidden;

use super::constraints::Constraints;
use super::prover::ZeroCheckChallenges;
use super::{absorb_commitments, advice_rows, check_advice_layouts, gamma_power, witness};
use crate::algebra::{Linear, WithProducts};
use crate::error::ActivationError;
use crate::hidden::HiddenActivationClaims;
use crate::protocol::power_of_two;
use crate::spec::ActivationSpec;
use ark_bn254::Fr;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_field::eq_eval;
use spazk_hyrax::zk::{BlindSource, BlindedCommitment};
use spazk_hyrax::{HyraxCommitment, HyraxError, HyraxParams};
use spazk_logup::{
    hidden_range_mask_len, multiplicity_layout, HiddenCommittedRanges, HiddenLookupProof,
    LimbDecomposition, LookupError, RangeError,
};
use spazk_sumcheck::hidden::{Claim, HiddenValue, Relations};
use spazk_sumcheck::{mask_len, MaskedSubClaim, SumcheckProof};
use spazk_transcript::Transcript;

/// The zero-check's round polynomials' degree (`eq` times `(1 − c)(1 − s)u`), and so its
/// masks'.
const ZERO_CHECK_DEGREE: usize = 4;

/// A zero-knowledge limb-method proof: hiding commitments and masked round polynomials only.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HiddenLimbActivationProof {
    /// Hiding commitment to the sign bits `s`.
    pub sign_commitment: HyraxCommitment,
    /// Hiding commitment to the saturation bits `c`.
    pub saturation_commitment: HyraxCommitment,
    /// Hiding commitments to the limbs of `u`, `rem`, `a`, `d`.
    pub limb_commitments: Vec<HyraxCommitment>,
    /// Hiding commitment to the range checks' multiplicities.
    pub multiplicity_commitment: HyraxCommitment,
    /// The range checks' lookup, its masked round polynomials.
    pub lookup: HiddenLookupProof,
    /// The masked zero-check.
    pub zero_check: SumcheckProof<Fr>,
}

/// The limb method's advice with hiding commitments (fresh blinds, every row).
#[derive(Clone, Debug)]
pub struct HiddenCommittedLimbActivation {
    spec: ActivationSpec,
    row_vars: u32,
    signs: Vec<u8>,
    saturations: Vec<u8>,
    /// `u`, `rem`, `a`, `d` as integers.
    values: [Vec<u64>; 4],
    sign_commitment: BlindedCommitment,
    saturation_commitment: BlindedCommitment,
    ranges: HiddenCommittedRanges,
}

impl HiddenCommittedLimbActivation {
    /// The activations `a`.
    pub fn activations(&self) -> Vec<u8> {
        self.values[2].iter().map(|a| *a as u8).collect()
    }

    /// The step's shape.
    pub fn spec(&self) -> &ActivationSpec {
        &self.spec
    }

    /// `log2` of the rows.
    pub fn row_vars(&self) -> u32 {
        self.row_vars
    }

    /// Absorbs the shape and every advice commitment (as the transparent
    /// [`super::CommittedLimbActivation::absorb_commitments`]; the multiplicities' commitment
    /// is absorbed by the range checks, before their `α`).
    pub fn absorb_commitments(&self, transcript: &mut Transcript) {
        absorb_commitments(
            &self.spec,
            &self.sign_commitment.commitment,
            &self.saturation_commitment.commitment,
            self.ranges.limb_commitments().map(|c| &c.commitment),
            transcript,
        );
    }
}

/// Computes the advice for `inputs` (a power-of-two count) and commits it, its limbs and the
/// range checks' multiplicities with fresh blinds.
pub fn commit_hidden(
    spec: &ActivationSpec,
    inputs: &[i64],
    params: &HyraxParams,
    blinds: &mut (impl BlindSource + ?Sized),
) -> Result<HiddenCommittedLimbActivation, ActivationError> {
    spec.check()?;
    let w = witness(spec, inputs)?;
    commit_values(spec, w.signs, w.saturations, w.values, params, blinds)
}

/// Commits advice the caller chose (`[u, rem, a, d]` as integers, each within its
/// decomposition's width): a cheating prover (the soundness tests' hook; honest callers use
/// [`commit_hidden`]).
#[cfg(feature = "test-util")]
pub fn commit_hidden_advice(
    spec: &ActivationSpec,
    signs: Vec<u8>,
    saturations: Vec<u8>,
    values: [Vec<u64>; 4],
    params: &HyraxParams,
    blinds: &mut (impl BlindSource + ?Sized),
) -> Result<HiddenCommittedLimbActivation, ActivationError> {
    spec.check()?;
    commit_values(spec, signs, saturations, values, params, blinds)
}

fn commit_values(
    spec: &ActivationSpec,
    signs: Vec<u8>,
    saturations: Vec<u8>,
    values: [Vec<u64>; 4],
    params: &HyraxParams,
    blinds: &mut (impl BlindSource + ?Sized),
) -> Result<HiddenCommittedLimbActivation, ActivationError> {
    let row_vars = advice_rows(&signs, &saturations, values.iter().map(Vec::len))?;
    let layout = LimbDecomposition::layout(row_vars);
    let mut bits = |column: &[u8]| {
        BlindedCommitment::commit(column, params, layout, blinds)
            .map_err(ActivationError::Commitment)
    };
    let sign_commitment = bits(&signs)?;
    let saturation_commitment = bits(&saturations)?;
    let columns = spec
        .decompositions()
        .iter()
        .zip(&values)
        .map(|(d, v)| Ok((*d, d.commit_hidden(v, params, blinds)?)))
        .collect::<Result<Vec<_>, RangeError>>()?;
    let ranges = HiddenCommittedRanges::new(columns, params, blinds)?;
    Ok(HiddenCommittedLimbActivation {
        spec: *spec,
        row_vars,
        signs,
        saturations,
        values,
        sign_commitment,
        saturation_commitment,
        ranges,
    })
}

/// Mask coefficients of a zero-knowledge limb-method proof: the range checks' lookup and the
/// zero-check (`row_vars` rounds of degree 4; the next layer's claim rides in it).
pub(crate) fn hidden_mask(spec: &ActivationSpec, row_vars: u32) -> usize {
    hidden_range_mask_len(&spec.decompositions(), row_vars)
        + mask_len(row_vars as usize, ZERO_CHECK_DEGREE)
}

impl HiddenLimbActivationProof {
    /// Checks every commitment's count and layout for `2^row_vars` rows.
    pub(crate) fn check_commitments(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
    ) -> Result<(), ActivationError> {
        check_advice_layouts(
            spec,
            row_vars,
            [&self.sign_commitment, &self.saturation_commitment],
            &self.limb_commitments,
        )?;
        if self.multiplicity_commitment.layout != multiplicity_layout(spec.limb_bits) {
            return Err(ActivationError::Range(RangeError::Lookup(
                LookupError::Multiplicity(HyraxError::LayoutMismatch),
            )));
        }
        Ok(())
    }

    /// Absorbs what [`HiddenCommittedLimbActivation::absorb_commitments`] absorbs, after
    /// checking the layouts.
    pub(crate) fn absorb_commitments(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
        transcript: &mut Transcript,
    ) -> Result<(), ActivationError> {
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

    /// Every advice commitment in the order they are opened: `s`, `c`, then the limbs.
    fn opened_commitments(&self) -> Vec<&HyraxCommitment> {
        let mut all = vec![&self.sign_commitment, &self.saturation_commitment];
        all.extend(self.limb_commitments.iter());
        all
    }
}

/// `Σ_k γ^{k+1}·l_k [+ γ^{K+1}·v]`: the zero-check's claim (weight 1 is the constraint sum's
/// alone, see the transparent prover).
fn carried_claim(gamma: Fr, limbs: &[HiddenValue], output: Option<&Claim<Fr>>) -> Claim<Fr> {
    let limb_sum = limbs
        .iter()
        .rev()
        .fold(Claim::public(Fr::from(0u64)), |acc, l| {
            acc * gamma + Claim::hidden(*l)
        })
        * gamma;
    match output {
        Some(v) => limb_sum + v.clone() * gamma_power(gamma, limbs.len() + 1),
        None => limb_sum,
    }
}

/// Where the zero-check's claim came from: its challenges, the range point `ρ_L` and the next
/// layer's point, if any.
struct ZeroCheckContext<'c> {
    spec: &'c ActivationSpec,
    challenges: &'c ZeroCheckChallenges,
    range_point: &'c [Fr],
    output_point: Option<&'c [Fr]>,
}

/// The zero-check's final relation and `π`'s, over the hidden opening of `[s, c, limbs…]` at
/// the final point and the hidden `π`; written once for both sides. Returns the claims on `z`
/// and `a` there.
fn require_final(
    relations: &mut Relations<Fr>,
    context: ZeroCheckContext<'_>,
    sub_claim: &MaskedSubClaim<Fr>,
    opened: &[HiddenValue],
    pi: HiddenValue,
) -> HiddenActivationClaims {
    let ZeroCheckContext {
        spec,
        challenges,
        range_point,
        output_point,
    } = context;
    let r = &sub_claim.point;
    let (s, c) = (Claim::hidden(opened[0]), Claim::hidden(opened[1]));
    let limbs = &opened[2..];
    let mut rest = limbs;
    let [u, rem, a, d] = spec.decompositions().map(|d| {
        let value = d.recompose_hidden(&rest[..d.limbs()]);
        rest = &rest[d.limbs()..];
        value
    });
    let pi = Claim::hidden(pi);
    // π = (1 − s̃(r))·ũ(r)
    relations.require_zero(pi.clone().minus_product(&s.one_minus(), &u));
    let gamma = challenges.gamma;
    let constraints =
        Constraints::new(spec, challenges.beta).combine(s.clone(), c, pi, rem, a.clone(), d);
    let mut carried = carried_claim(gamma, limbs, None) * eq_eval(range_point, r);
    if let Some(point) = output_point {
        carried = carried + a.clone() * (gamma_power(gamma, limbs.len() + 1) * eq_eval(point, r));
    }
    // h(r) = eq(ρ, r)·G(s̃, c̃, π, rem̃, ã, d̃) + eq(ρ_L, r)·Σ_k γ^{k+1}·l̃_k(r) + eq(P, r)·γ^{K+1}·ã(r)
    relations.require_zero(
        constraints * eq_eval(&challenges.rho, r) + carried - sub_claim.value.clone(),
    );
    HiddenActivationClaims {
        point: r.clone(),
        input: u - s * power_of_two(spec.sign_bits()),
        output: a,
    }
}
