//! The limb method: `a = requantize(relu(z))` proved with one lookup argument (range checks of
//! every limb, a table of `2^w` entries) and one zero-check sumcheck that ties the limbs to the
//! sign, the ReLU, the shift and the clamp. About `2·limbs` witness leaves per row, but a table
//! of only `2^w`: the method for few rows (see [`crate::ActivationMethod`]).
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

mod constraints;
mod hidden;
pub(crate) mod prover;
mod verifier;

#[cfg(feature = "test-util")]
pub use hidden::commit_hidden_advice;
pub(crate) use hidden::hidden_mask;
pub use hidden::{
    commit_hidden, prove_hidden, verify_hidden, HiddenCommittedLimbActivation,
    HiddenLimbActivationProof,
};
pub use prover::prove_committed;
#[cfg(feature = "test-util")]
pub use prover::prove_committed_with_scaled;
pub use verifier::verify_deferred;

use crate::error::ActivationError;
use crate::protocol::label;
use crate::spec::{ActivationSpec, ACTIVATION_MAX};
use ark_bn254::Fr;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_hyrax::{BatchedHyraxOpening, Commit, HyraxCommitment, HyraxParams};
use spazk_logup::{CommittedLimbs, LimbDecomposition, LookupProof};
use spazk_sumcheck::SumcheckProof;
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
pub(crate) struct ActivationWitness {
    pub(crate) signs: Vec<u8>,
    pub(crate) saturations: Vec<u8>,
    /// `u`, `rem`, `a`, `d` as integers.
    pub(crate) values: [Vec<u64>; 4],
}

pub(crate) fn witness(
    spec: &ActivationSpec,
    inputs: &[i64],
) -> Result<ActivationWitness, ActivationError> {
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
            return Err(ActivationError::InputOutOfRange {
                row,
                value: *z,
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
    pub fn output_commitment(&self) -> Result<HyraxCommitment, ActivationError> {
        self.spec.decompositions()[2]
            .value_commitment(&self.committed[2].commitments)
            .map_err(ActivationError::Range)
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
    sign.absorb_into(label::limbs::SIGNS, transcript);
    saturation.absorb_into(label::limbs::SATURATIONS, transcript);
    for limb in limbs {
        limb.absorb_into(label::limbs::LIMBS, transcript);
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

    fn check_commitments(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
    ) -> Result<(), ActivationError> {
        check_advice_layouts(
            spec,
            row_vars,
            [&self.sign_commitment, &self.saturation_commitment],
            &self.limb_commitments,
        )
    }

    /// The commitment to the output `a`, from its limb commitments.
    pub fn output_commitment(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
    ) -> Result<HyraxCommitment, ActivationError> {
        self.check_commitments(spec, row_vars)?;
        let decompositions = spec.decompositions();
        let start: usize = decompositions[..2]
            .iter()
            .map(LimbDecomposition::limbs)
            .sum();
        let end = start + decompositions[2].limbs();
        decompositions[2]
            .value_commitment(&self.limb_commitments[start..end])
            .map_err(ActivationError::Range)
    }
}

/// Checks the spec, the number of limb commitments and every advice commitment's layout for
/// `2^row_vars` rows (the transparent and the zero-knowledge proofs carry the same advice).
fn check_advice_layouts(
    spec: &ActivationSpec,
    row_vars: u32,
    bits: [&HyraxCommitment; 2],
    limb_commitments: &[HyraxCommitment],
) -> Result<(), ActivationError> {
    spec.check()?;
    let layout = LimbDecomposition::layout(row_vars);
    let limbs: usize = spec
        .decompositions()
        .iter()
        .map(LimbDecomposition::limbs)
        .sum();
    if limb_commitments.len() != limbs {
        return Err(ActivationError::Shape {
            what: "limb commitments",
            expected: limbs,
            found: limb_commitments.len(),
        });
    }
    for commitment in bits.into_iter().chain(limb_commitments) {
        if commitment.layout != layout {
            return Err(ActivationError::Column(
                spazk_hyrax::HyraxError::LayoutMismatch,
            ));
        }
    }
    Ok(())
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
) -> Result<CommittedLimbActivation, ActivationError> {
    spec.check()?;
    let w = witness(spec, inputs)?;
    commit_values(spec, w.signs, w.saturations, w.values, params)
}

/// Commits advice columns the caller chose (`[u, rem, a, d]` as integers): what a cheating
/// prover runs (the soundness tests' hook; honest callers use [`commit`]).
#[cfg(feature = "test-util")]
pub fn commit_advice(
    spec: &ActivationSpec,
    signs: Vec<u8>,
    saturations: Vec<u8>,
    values: [Vec<u64>; 4],
    params: &HyraxParams,
) -> Result<CommittedLimbActivation, ActivationError> {
    commit_values(spec, signs, saturations, values, params)
}

/// Commits the advice columns `[u, rem, a, d]` limb by limb, checking only their lengths.
fn commit_values(
    spec: &ActivationSpec,
    signs: Vec<u8>,
    saturations: Vec<u8>,
    values: [Vec<u64>; 4],
    params: &HyraxParams,
) -> Result<CommittedLimbActivation, ActivationError> {
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
/// limb that fits the table (the soundness tests' hook).
#[cfg(feature = "test-util")]
pub fn commit_advice_limbs(
    spec: &ActivationSpec,
    signs: Vec<u8>,
    saturations: Vec<u8>,
    limbs: [Vec<Vec<u32>>; 4],
    params: &HyraxParams,
) -> Result<CommittedLimbActivation, ActivationError> {
    spec.check()?;
    let n = signs.len();
    let row_vars = advice_rows(&signs, &saturations, limbs.iter().flatten().map(Vec::len))?;
    let layout = LimbDecomposition::layout(row_vars);
    let mut values: [Vec<u64>; 4] = Default::default();
    let mut committed = Vec::with_capacity(4);
    for ((d, limbs), value) in spec.decompositions().iter().zip(limbs).zip(&mut values) {
        if limbs.len() != d.limbs() {
            return Err(ActivationError::Shape {
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
            .map(|l| {
                l.commit(params, layout)
                    .map_err(ActivationError::Commitment)
            })
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
) -> Result<u32, ActivationError> {
    let n = signs.len();
    if !n.is_power_of_two() || saturations.len() != n || lengths.any(|len| len != n) {
        return Err(ActivationError::Shape {
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
) -> Result<CommittedLimbActivation, ActivationError> {
    let layout = LimbDecomposition::layout(row_vars);
    let commit = |bits: &[u8]| {
        bits.commit(params, layout)
            .map_err(ActivationError::Commitment)
    };
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

/// `γ^k`.
fn gamma_power(gamma: Fr, k: usize) -> Fr {
    ark_ff::Field::pow(&gamma, [k as u64])
}

#[cfg(test)]
mod forged_sign;
