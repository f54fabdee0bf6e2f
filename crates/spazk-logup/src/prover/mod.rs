//! The LogUp-GKR prover: the statement, the multiplicities' commitment, both fraction trees
//! (`fraction_tree`, one sumcheck per layer in `layer_instance`, range witnesses kept as
//! integers in `range_leaves`) and the multiplicities' opening.

pub(crate) mod fraction_tree;
pub(crate) mod layer_instance;
mod range_leaves;

use crate::claim::{ColumnClaims, LookupStatement};
use crate::error::{LookupError, Side};
use crate::proof::LookupProof;
use crate::protocol::{draw_beta, label, multiplicity_layout};
use crate::small_column::evaluate_small_column;
use crate::table::LookupTable;
use ark_bn254::Fr;
use ark_ff::{One, Zero};
use fraction_tree::{prove_tree, FractionTree};
use range_leaves::RangeLeaves;
use spazk_field::eq_table;
use spazk_hyrax::{open_values, Commit, HyraxParams};
use spazk_transcript::Transcript;

/// Pairs per piece of a round handed to a thread: below this many pairs a round runs on one
/// thread.
const PARALLEL_PAIRS: usize = 1 << 12;

/// Counts how often each table entry occurs in the columns, and checks every value is in the
/// table.
pub fn multiplicities(columns: &[&[u32]], table_bits: u32) -> Result<Vec<u32>, LookupError> {
    let size = 1usize << table_bits;
    let mut counts = vec![0u32; size];
    for (c, column) in columns.iter().enumerate() {
        for (row, w) in column.iter().enumerate() {
            let slot = counts
                .get_mut(*w as usize)
                .ok_or(LookupError::ValueOutOfRange {
                    column: c,
                    row,
                    value: *w as u64,
                    bits: table_bits,
                })?;
            *slot += 1;
        }
    }
    Ok(counts)
}

/// Proves that every entry of `columns` (each `2^row_vars` long) lies in `[0, 2^table_bits)`.
///
/// The caller has absorbed whatever identifies the columns (their commitments) into
/// `transcript`. This absorbs the statement, commits the multiplicities and absorbs the
/// commitment, draws `α`, proves both fraction trees and opens the multiplicities. Returns the
/// proof and the claims on the columns at the witness leaves' row point, which the caller must
/// prove (see [`crate::prove_committed_range`]).
pub fn prove_lookup<T: LookupTable>(
    statement: &LookupStatement<T>,
    columns: &[&[u32]],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(LookupProof, ColumnClaims), LookupError> {
    let counts = multiplicities(columns, statement.table_bits())?;
    prove_lookup_given_counts(statement, columns, &counts, params, transcript)
}

/// [`prove_lookup`] with multiplicities supplied by the caller and no range check of the
/// values: what a cheating prover runs (the soundness tests' hook; honest callers use
/// [`prove_lookup`]).
#[cfg(feature = "test-util")]
pub fn prove_lookup_with_multiplicities<T: LookupTable>(
    statement: &LookupStatement<T>,
    columns: &[&[u32]],
    counts: &[u32],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(LookupProof, ColumnClaims), LookupError> {
    prove_lookup_given_counts(statement, columns, counts, params, transcript)
}

/// [`prove_lookup`] with the multiplicities `counts`, the columns' values evaluated as the
/// table's entries.
fn prove_lookup_given_counts<T: LookupTable>(
    statement: &LookupStatement<T>,
    columns: &[&[u32]],
    counts: &[u32],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(LookupProof, ColumnClaims), LookupError> {
    let evaluate =
        |row_point: &[Fr], beta: Fr| column_values(&statement.table, columns, row_point, beta);
    prove_lookup_evaluated(statement, columns, counts, params, transcript, evaluate)
}

/// [`prove_lookup`] with the multiplicities `counts` (from [`multiplicities`] of `columns`) and
/// the columns' values at the witness leaves' row point computed by `evaluate(row_point, β)`.
///
/// For a caller whose claims are on other columns than the looked-up indices: a tuple table's
/// committed coordinates (the claim on column `j` is then its compressed entries' MLE), or
/// columns it opens anyway and evaluates from their opening vectors. `evaluate` must return one
/// value per column, `w̃_j(row_point)` for the entries `w_j(i) = T(columns[j][i])` compressed
/// with `β`; other values give a proof the verifier rejects.
pub fn prove_lookup_evaluated<T: LookupTable>(
    statement: &LookupStatement<T>,
    columns: &[&[u32]],
    counts: &[u32],
    params: &HyraxParams,
    transcript: &mut Transcript,
    evaluate: impl FnOnce(&[Fr], Fr) -> Vec<Fr>,
) -> Result<(LookupProof, ColumnClaims), LookupError> {
    check_witness(statement, columns, counts)?;
    statement.absorb_into(transcript);

    let layout = multiplicity_layout(statement.table_bits());
    let multiplicity_commitment = counts
        .commit(params, layout)
        .map_err(LookupError::Commitment)?;
    multiplicity_commitment.absorb_into(label::MULTIPLICITIES, transcript);
    let alpha: Fr = transcript.challenge_field(label::ALPHA);
    let beta = draw_beta(&statement.table, transcript);
    let (witness, table) = build_trees(statement, columns, counts, alpha, beta)?;

    let (witness_tree, witness_point, _, _) = prove_tree(witness, transcript);
    let row_point = witness_point[..statement.row_vars as usize].to_vec();
    let column_values = evaluate(&row_point, beta);
    shape("column values", statement.columns, column_values.len())?;
    transcript.append_fields(label::COLUMN_VALUES, &column_values);

    let (table_tree, table_point, multiplicity_value, _) = prove_tree(table, transcript);
    transcript.append_field(label::MULTIPLICITY_VALUE, &multiplicity_value);
    let counts_field: Vec<Fr> = counts.iter().map(|m| Fr::from(*m as u64)).collect();
    let (multiplicity_opening, _) =
        open_values(&counts_field, layout, &table_point).map_err(LookupError::Commitment)?;

    let proof = LookupProof {
        multiplicity_commitment,
        witness_tree,
        table_tree,
        column_values: column_values.clone(),
        multiplicity_value,
        multiplicity_opening,
    };
    Ok((
        proof,
        ColumnClaims {
            point: row_point,
            values: column_values,
            beta,
        },
    ))
}

/// `w̃_j(row_point)` for every column, the entries `w_j(i) = T(columns[j][i])` compressed with
/// `β`: what an honest prover claims at the witness leaves' row point.
pub(crate) fn column_values<T: LookupTable>(
    table: &T,
    columns: &[&[u32]],
    row_point: &[Fr],
    beta: Fr,
) -> Vec<Fr> {
    let eq = eq_table(row_point);
    columns
        .iter()
        .map(|column| match table.range_bits() {
            // A range table's entry is its index: bucketed, additions only.
            Some(bits) if bits <= 20 => evaluate_small_column(column, &eq, bits),
            Some(_) => column
                .iter()
                .zip(&eq)
                .map(|(w, e)| *e * Fr::from(*w as u64))
                .sum(),
            // Compressed entries: through the table, one multiplication per row.
            None => column
                .iter()
                .zip(&eq)
                .map(|(j, e)| *e * table.compressed_entry(*j as u64, beta))
                .sum(),
        })
        .collect()
}

/// `Ok` when `found` is what the statement fixes.
pub(crate) fn shape(what: &'static str, expected: usize, found: usize) -> Result<(), LookupError> {
    if expected == found {
        Ok(())
    } else {
        Err(LookupError::Shape {
            what,
            expected,
            found,
        })
    }
}

/// Checks the statement, and the witness's shapes against it: `columns` of `2^row_vars`
/// entries each and one multiplicity per table entry.
pub(crate) fn check_witness<T: LookupTable>(
    statement: &LookupStatement<T>,
    columns: &[&[u32]],
    counts: &[u32],
) -> Result<(), LookupError> {
    statement.check()?;
    let rows = 1usize << statement.row_vars;
    let table_size = 1usize << statement.table_bits();
    shape("number of columns", statement.columns, columns.len())?;
    for column in columns {
        shape("column length", rows, column.len())?;
    }
    shape("multiplicities", table_size, counts.len())
}

/// Both fraction trees once `α` (and `β`) are drawn: the witness tree `Σ 1/(α − w)` (padding
/// columns `1/1`) and the table tree `Σ m(t)/(α − t)`. Rejects a zero root denominator (some
/// `α − w` or `α − t` is zero: no proof exists).
pub(crate) fn build_trees<T: LookupTable>(
    statement: &LookupStatement<T>,
    columns: &[&[u32]],
    counts: &[u32],
    alpha: Fr,
    beta: Fr,
) -> Result<(FractionTree, FractionTree), LookupError> {
    let rows = 1usize << statement.row_vars;
    // α − T(j) for every table entry, so a leaf costs a read, not a subtraction.
    let shifted = statement.table.shifted_entries(alpha, beta);
    let witness = match RangeLeaves::new(&statement.table, columns, alpha) {
        Some(leaves) => FractionTree::build_range(leaves),
        None => {
            // Witness leaves: column j fills indices j·rows .. (j + 1)·rows with 1/(α − w);
            // padding columns hold 1/1 (every numerator is one; the verifier subtracts the
            // padding's sum).
            let mut q = vec![Fr::one(); rows << statement.column_vars()];
            for (j, column) in columns.iter().enumerate() {
                for (slot, w) in q[j * rows..(j + 1) * rows].iter_mut().zip(column.iter()) {
                    *slot = shifted.get(*w as usize).copied().unwrap_or_else(|| {
                        alpha - statement.table.compressed_entry(*w as u64, beta)
                    });
                }
            }
            FractionTree::build(Vec::new(), q)
        }
    };
    if witness.denominators[0][0].is_zero() {
        return Err(LookupError::ZeroDenominator(Side::Witness));
    }
    let table = FractionTree::build(
        counts.iter().map(|m| Fr::from(*m as u64)).collect(),
        shifted,
    );
    if table.denominators[0][0].is_zero() {
        return Err(LookupError::ZeroDenominator(Side::Table));
    }
    Ok((witness, table))
}

#[cfg(test)]
mod equivocation;
#[cfg(test)]
pub(crate) mod forged_leaves;
