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

use super::{check_output_claim, power_of_two, ActivationClaims, ActivationSpec, OutputClaim};
use crate::claim::LookupStatement;
use crate::error::LogUpError;
use crate::proof::LookupProof;
use crate::prover::{
    evaluate_small_column, multiplicities, prove_lookup_evaluated, small_values_to_field,
};
use crate::range::commit_small_column;
use crate::table::{LookupTable, RequantizeTable, REQUANTIZED_MAX};
use crate::verifier::verify_lookup_deferred;
use ark_bn254::Fr;
use ark_ff::Field;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_field::{eq_eval, eq_table};
use spazk_hyrax::{
    open_batch, BatchedHyraxOpening, HyraxCommitment, HyraxParams, Layout, OpeningChecks,
};
use spazk_sumcheck::{prove_sumcheck, verify_sumcheck, ProductInstance, SumcheckProof};
use spazk_transcript::Transcript;

mod label {
    pub const METHOD: &[u8] = b"activation-method-pairs";
    pub const QUOTIENTS: &[u8] = b"activation-quotient-indices";
    pub const REMAINDERS: &[u8] = b"activation-remainders";
    pub const OUTPUTS: &[u8] = b"activation-outputs";
    pub const GAMMA: &[u8] = b"activation-gamma";
}

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
fn widths(table: &RequantizeTable) -> [u32; 3] {
    [table.quotient_bits, table.remainder_bits, 8]
}

/// The advice columns' layout: rows of up to `2^ADVICE_COL_VARS` entries. Small-scalar rows cost
/// a bucket combination each (about 500 group additions whatever their length), so wide rows
/// amortize it: committing 2^16 bytes takes half the time of the balanced 256 × 256 layout.
/// The opening vector grows to `2^ADVICE_COL_VARS` field elements (one per proof: the three
/// columns are opened together).
pub fn advice_layout(row_vars: u32) -> Layout {
    let col_vars = row_vars.min(ADVICE_COL_VARS);
    Layout {
        row_vars: row_vars - col_vars,
        col_vars,
    }
}

/// `log2` of the advice rows' width.
pub const ADVICE_COL_VARS: u32 = 10;

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
    transcript.append_bytes(label::METHOD, &[]);
    for (commitment, label) in
        commitments
            .iter()
            .zip([label::QUOTIENTS, label::REMAINDERS, label::OUTPUTS])
    {
        commitment.absorb_into(label, transcript);
    }
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
    ) -> Result<(), LogUpError> {
        spec.check()?;
        if spec.requantize_table() != Some(*table) {
            return Err(LogUpError::WrongActivationMethod);
        }
        let layout = advice_layout(row_vars);
        if self.commitments().iter().any(|c| c.layout != layout) {
            return Err(LogUpError::Column(spazk_hyrax::HyraxError::LayoutMismatch));
        }
        Ok(())
    }

    /// Absorbs what [`CommittedPairActivation::absorb_commitments`] absorbs, after checking the
    /// layouts.
    pub(crate) fn absorb_commitments(
        &self,
        spec: &ActivationSpec,
        table: &RequantizeTable,
        row_vars: u32,
        transcript: &mut Transcript,
    ) -> Result<(), LogUpError> {
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
) -> Result<CommittedPairActivation, LogUpError> {
    commit_advice(spec, table, advice_columns(spec, table, inputs)?, params)
}

/// The advice columns `[j, rem, a]` of `inputs`: what [`commit`] commits.
pub fn advice_columns(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    inputs: &[i64],
) -> Result<[Vec<u32>; 3], LogUpError> {
    let bound = 1i128 << spec.input_bits;
    let half = 1i64 << (spec.shift - 1);
    let n = inputs.len();
    let mut columns: [Vec<u32>; 3] = std::array::from_fn(|_| Vec::with_capacity(n));
    for (row, z) in inputs.iter().enumerate() {
        let out_of_range = || LogUpError::ValueOutOfRange {
            column: 0,
            row,
            value: *z as u64,
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
        columns[2].push(q.clamp(0, REQUANTIZED_MAX) as u32);
    }
    Ok(columns)
}

/// Commits advice columns the caller chose (`[j, rem, a]`): what a cheating prover runs.
/// Public for the soundness tests.
#[doc(hidden)]
pub fn commit_advice(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    columns: [Vec<u32>; 3],
    params: &HyraxParams,
) -> Result<CommittedPairActivation, LogUpError> {
    let n = columns[0].len();
    if !n.is_power_of_two() || columns.iter().any(|c| c.len() != n) {
        return Err(LogUpError::Shape {
            what: "activation rows (a power of two, equal for every column)",
            expected: n.next_power_of_two(),
            found: n,
        });
    }
    let row_vars = n.trailing_zeros();
    let layout = advice_layout(row_vars);
    let commit_k = |k: usize| commit_small_column(&columns[k], params, layout);
    let commitments = [commit_k(0)?, commit_k(1)?, commit_k(2)?];
    Ok(CommittedPairActivation {
        spec: *spec,
        table: *table,
        row_vars,
        columns,
        commitments,
    })
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

/// The claim the reduction starts from: `Σ_x eq(ρ, x)·(j + β·a + γ·rem)(x)` is
/// `w_0 + 2^{k−1} + γ·(w_1 − β²)`, plus `γ²·v` for the next layer's `ã(P) = v`. Without
/// that claim it is what the values opened at `ρ` must give (both relations at once, `γ` being
/// drawn after `w_0`, `w_1`).
fn reduction_claim(
    table: &RequantizeTable,
    values: &[Fr],
    beta: Fr,
    gamma: Fr,
    output: Option<&OutputClaim>,
) -> Fr {
    let offset = Fr::from(table.quotient_offset() as u64);
    let carried = output.map_or(Fr::from(0u64), |o| gamma.square() * o.value);
    // The halves' public tags: 0 for the quotient column, β² for the remainder column.
    values[0] + offset + gamma * (values[1] - beta.square()) + carried
}

/// `z̃(r) = 2^sh·(j̃(r) − 2^{k−1}) + rem̃(r) − 2^{sh−1}`.
fn input_value(spec: &ActivationSpec, table: &RequantizeTable, values: &[Fr; 3]) -> Fr {
    power_of_two(spec.shift) * (values[0] - Fr::from(table.quotient_offset() as u64)) + values[1]
        - power_of_two(spec.shift - 1)
}

/// Proves committed advice whose commitments the caller has absorbed.
pub fn prove_committed(
    committed: &CommittedPairActivation,
    output_claim: Option<&OutputClaim>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(PairActivationProof, ActivationClaims), LogUpError> {
    // The remainder column looks up the table's remainder half; a value outside it (only a
    // cheating prover has one) stays out of the table and is refused by `multiplicities`.
    let tagged: Vec<u32> = committed.columns[1]
        .iter()
        .map(|r| {
            committed
                .table
                .remainder_index(*r as u64)
                .unwrap_or(u32::MAX)
        })
        .collect();
    prove_committed_routed(
        committed,
        [&committed.columns[0], &tagged],
        output_claim,
        params,
        transcript,
    )
}

/// [`prove_committed`] with the quotient and remainder columns looking up the table indices
/// `lookups` instead of those of the committed `j` and `rem` (the column claims still come from
/// the committed columns): what a cheating prover that routes rows to another table entry or
/// half runs. Public for the soundness tests; honest callers use [`prove_committed`].
#[doc(hidden)]
pub fn prove_committed_routed(
    committed: &CommittedPairActivation,
    lookups: [&[u32]; 2],
    output_claim: Option<&OutputClaim>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(PairActivationProof, ActivationClaims), LogUpError> {
    let (spec, table, row_vars) = (&committed.spec, &committed.table, committed.row_vars);
    check_output_claim(output_claim, row_vars)?;
    let [indices, tagged] = lookups;
    let bits = widths(table);
    let statement = LookupStatement {
        columns: 2,
        row_vars,
        table: LookupTable::Requantize(*table),
    };
    let counts = multiplicities(&[indices, tagged], statement.table_bits())?;
    let evaluate = |rho: &[Fr], beta: Fr| {
        let eq = eq_table(rho);
        let [j, rem, a] =
            [0, 1, 2].map(|k| evaluate_small_column(&committed.columns[k], &eq, bits[k]));
        vec![
            j - Fr::from(table.quotient_offset() as u64) + beta * a,
            rem + beta.square(),
        ]
    };
    let (lookup, claims) = prove_lookup_evaluated(
        &statement,
        &[indices, tagged],
        &counts,
        params,
        transcript,
        evaluate,
    )?;

    let gamma: Fr = transcript.challenge_field(label::GAMMA);
    let beta = claims.beta;
    let fields: [Vec<Fr>; 3] =
        [0, 1, 2].map(|k| small_values_to_field(&committed.columns[k], bits[k]));
    let (reduction, r) = match output_claim {
        // The columns are needed at ρ only: opened there, no reduction.
        None => (
            SumcheckProof {
                round_polynomials: Vec::new(),
            },
            claims.point.clone(),
        ),
        Some(output) => {
            let claim = reduction_claim(table, &claims.values, beta, gamma, output_claim);
            // j + β·a + γ·rem by additions: β·a and γ·rem through tables of their small values.
            let scaled_a = multiples(beta, bits[2]);
            let scaled_rem = multiples(gamma, bits[1]);
            let [indices, remainders, outputs] = &committed.columns;
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
            let mut left = eq_table(&claims.point);
            left.extend(eq_table(&output.point));
            let mut instance = ProductInstance::new(left, right);
            let (reduction, sub_claim) = prove_sumcheck(&mut instance, claim, transcript);
            (reduction, sub_claim.point[..row_vars as usize].to_vec())
        }
    };
    let tables: Vec<&[Fr]> = fields.iter().map(Vec::as_slice).collect();
    let (opening, values) = open_batch(
        &committed.commitments.each_ref(),
        &tables,
        advice_layout(row_vars),
        &r,
        transcript,
    )
    .map_err(LogUpError::Column)?;
    let values: [Fr; 3] = [values[0], values[1], values[2]];
    let claims = ActivationClaims {
        point: r,
        input_value: input_value(spec, table, &values),
        output_value: values[2],
    };
    let [quotient_commitment, remainder_commitment, output_commitment] =
        committed.commitments.clone();
    Ok((
        PairActivationProof {
            quotient_commitment,
            remainder_commitment,
            output_commitment,
            lookup,
            reduction,
            values,
            opening,
        },
        claims,
    ))
}

/// Verifies a pair-method proof over `2^row_vars` rows whose commitments the caller has absorbed
/// ([`super::ActivationProof::absorb_commitments`]). Checks, in order: the commitments'
/// layouts; the lookup (every layer of both trees, the table's MLE evaluated here, the
/// multiplicities' opening, equal fraction sums); the reduction sumcheck (every round, and its
/// final value recomputed from the three claimed column values); one batched opening of the
/// three columns at its point, deferred to `checks`. Returns the claims on `z` and `a`.
pub fn verify_deferred<'c>(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    row_vars: u32,
    proof: &'c PairActivationProof,
    output_claim: Option<&OutputClaim>,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<ActivationClaims, LogUpError> {
    proof.check_commitments(spec, table, row_vars)?;
    check_output_claim(output_claim, row_vars)?;
    let statement = LookupStatement {
        columns: 2,
        row_vars,
        table: LookupTable::Requantize(*table),
    };
    let claims = verify_lookup_deferred(&statement, &proof.lookup, checks, transcript)?;
    let gamma: Fr = transcript.challenge_field(label::GAMMA);
    let beta = claims.beta;
    let claim = reduction_claim(table, &claims.values, beta, gamma, output_claim);
    // Without the next layer's claim the columns are opened at ρ: a reduction of no rounds.
    let vars = output_claim.map_or(0, |_| row_vars as usize + 1);
    let sub_claim = verify_sumcheck(&proof.reduction, claim, vars, 2, transcript)
        .map_err(LogUpError::Reduction)?;
    let [j, rem, a] = proof.values;
    let lookup_columns = j + beta * a + gamma * rem;
    let (r, expected) = match output_claim {
        None => (claims.point.clone(), lookup_columns),
        Some(output) => {
            let r = sub_claim.point[..row_vars as usize].to_vec();
            // Both stacked tables bound at the stack variable `b`.
            let b = sub_claim.point[row_vars as usize];
            let eq_lookup = eq_eval(&claims.point, &r);
            let left = eq_lookup + b * (eq_eval(&output.point, &r) - eq_lookup);
            let right = lookup_columns + b * (gamma.square() * a - lookup_columns);
            (r, left * right)
        }
    };
    if sub_claim.value != expected {
        return Err(LogUpError::ReductionFinalMismatch);
    }
    checks
        .add_batch(
            &proof.commitments(),
            &r,
            &proof.values,
            &proof.opening,
            transcript,
        )
        .map_err(LogUpError::Column)?;
    Ok(ActivationClaims {
        point: r,
        input_value: input_value(spec, table, &proof.values),
        output_value: a,
    })
}
