//! The pair method: `a = requantize(relu(z))` by one lookup argument over two columns into a
//! [`RequantizeTable`], and one degree-2 sumcheck that reduces every claim to one point.
//!
//! Advice per row, committed before any challenge that depends on it:
//! `j = q + 2^{k−1}` (the quotient's index), `rem` and `a`, where
//! `z + 2^{sh−1} = 2^sh·q + rem`. The lookup proves, row by row, that `(q, a, 0)` is a quotient
//! entry `(q, clamp(q, 0, 255), 0)` of the table and that `(rem, 0, 1)` is a remainder entry —
//! the third coordinate, the table half, is a public constant per column that the verifier adds
//! (`β²·t`), never a committed value, so neither column can match the other half — hence
//! `q ∈ [−2^{k−1}, 2^{k−1})`, `rem ∈ [0, 2^sh)` and `a = clamp(q, 0, 255)`. Since
//! `2^{k+sh} < p`, `z ↦ (q, rem)` is one-to-one, so `a` is the requantized ReLU of
//! `z = 2^sh·q + rem − 2^{sh−1}` — a linear relation: the verifier derives the claim on `z`
//! from the claims on `j` and `rem` and needs no zero-check.
//!
//! The lookup leaves claims on the compressed columns at its row point `ρ`:
//! `w_0 = j̃(ρ) − 2^{k−1} + β·ã(ρ)` and `w_1 = rem̃(ρ) + β²`. One sumcheck
//! `Σ_x eq(ρ, x)·(j + β·a + γ·rem)(x) [+ eq(P, x)·γ²·a(x)]` turns them (and the next layer's claim
//! `ã(P)`, stacked under one extra variable) into values at one point `r`, where the three
//! columns are opened once, together.

mod hidden;
mod prover;
mod verifier;

pub use crate::protocol::{advice_layout, ADVICE_COL_VARS};
#[cfg(feature = "test-util")]
pub use hidden::commit_hidden_advice;
pub(crate) use hidden::hidden_mask;
pub use hidden::{
    commit_hidden, prove_hidden, verify_hidden, HiddenCommittedPairActivation,
    HiddenPairActivationProof,
};
pub use prover::prove_committed;
#[cfg(feature = "test-util")]
pub use prover::prove_committed_routed;
pub use verifier::verify_deferred;

use crate::algebra::Linear;
use crate::error::ActivationError;
use crate::protocol::{label, power_of_two};
use crate::spec::{ActivationSpec, ACTIVATION_MAX};
use crate::table::RequantizeTable;
use ark_bn254::Fr;
use ark_ff::Field;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_field::eq_table;
use spazk_hyrax::{BatchedHyraxOpening, Commit, HyraxCommitment, HyraxParams};
use spazk_logup::{evaluate_small_column, LookupProof};
use spazk_sumcheck::{ProductInstance, SumcheckProof};
use spazk_transcript::Transcript;

/// The largest activation as a signed quotient bound.
const ACTIVATION_MAX_I64: i64 = ACTIVATION_MAX as i64;

/// A pair-method proof of `a = requantize(relu(z))` row by row.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct PairActivationProof {
    /// Commitment to the quotient indices `j = q + 2^{k−1}`.
    pub quotient_commitment: HyraxCommitment,
    /// Commitment to the remainders.
    pub remainder_commitment: HyraxCommitment,
    /// Commitment to the activations `a` (the next layer's input).
    pub output_commitment: HyraxCommitment,
    /// The lookup of `(q, a, 0)` quotient entries and `(rem, 0, 1)` remainder entries.
    pub lookup: LookupProof,
    /// The sumcheck reducing the lookup's claims (and the next layer's) to one point.
    pub reduction: SumcheckProof<Fr>,
    /// `j̃, rem̃, ã` at the reduction's point.
    pub values: [Fr; 3],
    /// One opening of the three columns there.
    pub opening: BatchedHyraxOpening,
}

/// The pair method's advice, committed.
#[derive(Clone, Debug)]
pub struct CommittedPairActivation {
    spec: ActivationSpec,
    table: RequantizeTable,
    row_vars: u32,
    /// `j`, `rem`, `a` per row.
    columns: [Vec<u32>; 3],
    commitments: [HyraxCommitment; 3],
}

/// Bit widths of `j`, `rem`, `a`.
pub(crate) fn widths(table: &RequantizeTable) -> [u32; 3] {
    [table.quotient_bits, table.remainder_bits, 8]
}

impl CommittedPairActivation {
    /// The activations `a`.
    pub fn activations(&self) -> Vec<u8> {
        self.columns[2].iter().map(|a| *a as u8).collect()
    }

    /// The commitment to `a`.
    pub fn output_commitment(&self) -> &HyraxCommitment {
        &self.commitments[2]
    }

    /// Absorbs the shape and every advice commitment.
    pub fn absorb_commitments(&self, transcript: &mut Transcript) {
        absorb_commitments(&self.spec, &self.commitments.each_ref(), transcript);
    }
}

fn absorb_commitments(
    spec: &ActivationSpec,
    commitments: &[&HyraxCommitment; 3],
    transcript: &mut Transcript,
) {
    spec.absorb_into(transcript);
    transcript.append_bytes(label::pairs::METHOD, &[]);
    for (commitment, label) in commitments.iter().zip([
        label::pairs::QUOTIENTS,
        label::pairs::REMAINDERS,
        label::pairs::OUTPUTS,
    ]) {
        commitment.absorb_into(label, transcript);
    }
}

/// Checks that `spec` picks `table` and that the three advice commitments (`j`, `rem`, `a`) have
/// the advice layout for `2^row_vars` rows: the check both modes' proofs start with.
pub(crate) fn check_advice_layouts(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    row_vars: u32,
    commitments: &[&HyraxCommitment; 3],
) -> Result<(), ActivationError> {
    spec.check()?;
    if spec.requantize_table() != Some(*table) {
        return Err(ActivationError::WrongActivationMethod);
    }
    let layout = advice_layout(row_vars);
    if commitments.iter().any(|c| c.layout != layout) {
        return Err(ActivationError::Column(
            spazk_hyrax::HyraxError::LayoutMismatch,
        ));
    }
    Ok(())
}

impl PairActivationProof {
    fn commitments(&self) -> [&HyraxCommitment; 3] {
        [
            &self.quotient_commitment,
            &self.remainder_commitment,
            &self.output_commitment,
        ]
    }

    /// Checks the commitments' layouts for `2^row_vars` rows.
    pub(crate) fn check_commitments(
        &self,
        spec: &ActivationSpec,
        table: &RequantizeTable,
        row_vars: u32,
    ) -> Result<(), ActivationError> {
        check_advice_layouts(spec, table, row_vars, &self.commitments())
    }

    /// Absorbs what [`CommittedPairActivation::absorb_commitments`] absorbs, after checking the
    /// layouts.
    pub(crate) fn absorb_commitments(
        &self,
        spec: &ActivationSpec,
        table: &RequantizeTable,
        row_vars: u32,
        transcript: &mut Transcript,
    ) -> Result<(), ActivationError> {
        self.check_commitments(spec, table, row_vars)?;
        absorb_commitments(spec, &self.commitments(), transcript);
        Ok(())
    }
}

/// Computes and commits the advice for `inputs` (a power-of-two count).
pub fn commit(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    inputs: &[i64],
    params: &HyraxParams,
) -> Result<CommittedPairActivation, ActivationError> {
    commit_columns(spec, table, advice_columns(spec, table, inputs)?, params)
}

/// The advice columns `[j, rem, a]` of `inputs`: what [`commit`] commits.
pub fn advice_columns(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    inputs: &[i64],
) -> Result<[Vec<u32>; 3], ActivationError> {
    let bound = 1i128 << spec.input_bits;
    let half = 1i64 << (spec.shift - 1);
    let n = inputs.len();
    let mut columns: [Vec<u32>; 3] = std::array::from_fn(|_| Vec::with_capacity(n));
    for (row, z) in inputs.iter().enumerate() {
        let out_of_range = || ActivationError::InputOutOfRange {
            row,
            value: *z,
            bits: spec.input_bits,
        };
        if (*z as i128) < -bound || (*z as i128) >= bound {
            return Err(out_of_range());
        }
        let v = z + half;
        let q = v >> spec.shift; // floor division
        let rem = v - (q << spec.shift);
        let index = table.quotient_index(q).ok_or_else(out_of_range)?;
        columns[0].push(index);
        columns[1].push(rem as u32);
        columns[2].push(q.clamp(0, ACTIVATION_MAX_I64) as u32);
    }
    Ok(columns)
}

/// Commits advice columns the caller chose (`[j, rem, a]`): what a cheating prover runs (the
/// soundness tests' hook; honest callers use [`commit`]).
#[cfg(feature = "test-util")]
pub fn commit_advice(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    columns: [Vec<u32>; 3],
    params: &HyraxParams,
) -> Result<CommittedPairActivation, ActivationError> {
    commit_columns(spec, table, columns, params)
}

/// Commits the advice columns `[j, rem, a]`, checking only their lengths.
fn commit_columns(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    columns: [Vec<u32>; 3],
    params: &HyraxParams,
) -> Result<CommittedPairActivation, ActivationError> {
    let n = columns[0].len();
    if !n.is_power_of_two() || columns.iter().any(|c| c.len() != n) {
        return Err(ActivationError::Shape {
            what: "activation rows (a power of two, equal for every column)",
            expected: n.next_power_of_two(),
            found: n,
        });
    }
    let row_vars = n.trailing_zeros();
    let layout = advice_layout(row_vars);
    let commit_k = |k: usize| {
        columns[k]
            .commit(params, layout)
            .map_err(ActivationError::Commitment)
    };
    let commitments = [commit_k(0)?, commit_k(1)?, commit_k(2)?];
    Ok(CommittedPairActivation {
        spec: *spec,
        table: *table,
        row_vars,
        columns,
        commitments,
    })
}

/// The lookup's column values at its row point `ρ`: the compressed entries
/// `j̃(ρ) − 2^{k−1} + β·ã(ρ)` and `rem̃(ρ) + β²` of the advice `[j, rem, a]`.
fn lookup_values(
    columns: &[Vec<u32>; 3],
    table: &RequantizeTable,
    rho: &[Fr],
    beta: Fr,
) -> Vec<Fr> {
    let eq = eq_table(rho);
    let bits = widths(table);
    let [j, rem, a] = [0, 1, 2].map(|k| evaluate_small_column(&columns[k], &eq, bits[k]));
    vec![
        j - Fr::from(table.quotient_offset() as u64) + beta * a,
        rem + beta.square(),
    ]
}

/// The claim the reduction starts from: `Σ_x eq(ρ, x)·(j + β·a + γ·rem)(x)` is
/// `w_0 + 2^{k−1} + γ·(w_1 − β²)`, plus `γ²·v` for the next layer's `ã(P) = v`. Without
/// that claim it is what the values opened at `ρ` must give (both relations at once, `γ` being
/// drawn after `w_0`, `w_1`). Over field values (transparent) or claims (zero-knowledge).
pub(crate) fn reduction_claim<V: Linear>(
    table: &RequantizeTable,
    [w0, w1]: [V; 2],
    beta: Fr,
    gamma: Fr,
    output: Option<V>,
) -> V {
    let offset = Fr::from(table.quotient_offset() as u64);
    // The halves' public tags: 0 for the quotient column, β² for the remainder column.
    let claim = w0 + offset + (w1 - beta.square()) * gamma;
    match output {
        Some(v) => claim + v * gamma.square(),
        None => claim,
    }
}

/// `z̃(r) = 2^sh·(j̃(r) − 2^{k−1}) + rem̃(r) − 2^{sh−1}`.
fn input_value<V: Linear>(spec: &ActivationSpec, table: &RequantizeTable, [j, rem]: [V; 2]) -> V {
    (j - Fr::from(table.quotient_offset() as u64)) * power_of_two(spec.shift) + rem
        - power_of_two(spec.shift - 1)
}

/// The reduction's summand at its final point `(r, b)` (`b` the stack variable), given the
/// columns' values `j, rem, a` at `r`: `left·right` with `left` the two stacked `eq` tables
/// (`eq_lookup = eq(ρ, r)`, `eq_output = eq(P, r)`) bound at `b` — public — and `right` the
/// stacked columns `j + β·a + γ·rem` and `γ²·a`, affine in the values.
fn reduction_final<V: Linear>(
    [j, rem, a]: [V; 3],
    beta: Fr,
    gamma: Fr,
    b: Fr,
    eq_lookup: Fr,
    eq_output: Fr,
) -> V {
    let lookup_columns = j + a.clone() * beta + rem * gamma;
    let left = eq_lookup + b * (eq_output - eq_lookup);
    let right = lookup_columns.clone() + (a * gamma.square() - lookup_columns) * b;
    right * left
}

/// The reduction's instance `Σ_x eq(ρ, x)·(j + β·a + γ·rem)(x) + eq(P, x)·γ²·a(x)`, the two
/// terms stacked under one more (top) variable, from the advice columns `[j, rem, a]` (`fields`
/// their field form) and their widths `bits`.
pub(crate) fn reduction_instance(
    columns: &[Vec<u32>; 3],
    fields: &[Vec<Fr>; 3],
    bits: [u32; 3],
    (beta, gamma): (Fr, Fr),
    rho: &[Fr],
    output_point: &[Fr],
) -> ProductInstance<Fr> {
    // j + β·a + γ·rem by additions: β·a and γ·rem through tables of their small values.
    let scaled_a = multiples(beta, bits[2]);
    let scaled_rem = multiples(gamma, bits[1]);
    let [indices, remainders, outputs] = columns;
    // (Values outside the tables come only from forged advice: multiplied directly.)
    let scaled = |table: &[Fr], s: Fr, v: u32| {
        table
            .get(v as usize)
            .copied()
            .unwrap_or_else(|| s * Fr::from(v))
    };
    let mut right: Vec<Fr> = (0..indices.len())
        .map(|i| {
            fields[0][i]
                + scaled(&scaled_a, beta, outputs[i])
                + scaled(&scaled_rem, gamma, remainders[i])
        })
        .collect();
    // The next layer's claim, stacked under one more (top) variable.
    let weight = gamma.square();
    right.extend(fields[2].iter().map(|a| weight * a));
    let mut left = eq_table(rho);
    left.extend(eq_table(output_point));
    ProductInstance::new(left, right)
}

/// `[0, s, 2s, …]` for every value below `2^bits` (by additions).
fn multiples(s: Fr, bits: u32) -> Vec<Fr> {
    let mut table = Vec::with_capacity(1 << bits);
    let mut v = Fr::from(0u64);
    for _ in 0..1u64 << bits {
        table.push(v);
        v += s;
    }
    table
}
