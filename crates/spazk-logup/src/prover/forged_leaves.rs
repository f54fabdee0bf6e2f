//! Named attacks that need fraction trees no honest prover builds: leaves chosen by the
//! cheater (a numerator other than one, a shifted table, a padding leaf that carries a
//! correction). Each forged tree is proved honestly layer by layer, so every sumcheck and the
//! final fraction-sum relation pass; only the one leaf check under attack can reject it.

use super::*;
use crate::protocol::LOGUP_PROTOCOL;
use crate::table::RangeTable;
use crate::verifier::verify_lookup;
use ark_ff::Field;

pub(crate) const ROW_VARS: u32 = 4;
pub(crate) const BITS: u32 = 4;
/// The out-of-range value every attack smuggles in, at this row of column 0.
pub(crate) const OUTSIDE: u32 = 1 << BITS;
pub(crate) const ROW: usize = 7;

fn params() -> HyraxParams {
    HyraxParams::with_default_seed(1 << 4)
}

pub(crate) fn statement(columns: usize) -> LookupStatement {
    LookupStatement {
        columns,
        row_vars: ROW_VARS,
        table: RangeTable { bits: BITS },
    }
}

/// Seeded columns of values in `1..2^BITS` (no zero, so table entry 0 is free to forge).
pub(crate) fn columns(seed: u64, count: usize) -> Vec<Vec<u32>> {
    use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            (0..1 << ROW_VARS)
                .map(|_| rng.gen_range(1..1 << BITS))
                .collect()
        })
        .collect()
}

/// Leaves of one tree from `α`: numerators (empty: all one) and denominators.
pub(crate) type Leaves<'a> = &'a dyn Fn(Fr) -> (Vec<Fr>, Vec<Fr>);

/// A lookup proof over the given leaves, following the honest prover's transcript exactly: the
/// multiplicities `committed` are committed, the opening vector is computed from `opened` (the
/// same counts, unless the attack opens values the commitment does not hold), the column values
/// are the true MLEs of `columns` (whatever their entries).
fn forge(
    statement: &LookupStatement,
    columns: &[Vec<u32>],
    committed: &[u32],
    opened: &[u32],
    witness: Leaves<'_>,
    table: Leaves<'_>,
) -> LookupProof {
    let counts = committed;
    let params = params();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    statement.absorb_into(&mut transcript);
    let layout = multiplicity_layout(statement.table_bits());
    let multiplicity_commitment = counts.commit(&params, layout).unwrap();
    multiplicity_commitment.absorb_into(label::MULTIPLICITIES, &mut transcript);
    let alpha: Fr = transcript.challenge_field(label::ALPHA);
    let _ = draw_beta(&statement.table, &mut transcript);

    let (p, q) = witness(alpha);
    let (witness_tree, witness_point, _, _) =
        prove_tree(FractionTree::build(p, q), &mut transcript);
    let eq = eq_table(&witness_point[..statement.row_vars as usize]);
    let column_values: Vec<Fr> = columns
        .iter()
        .map(|c| c.iter().zip(&eq).map(|(w, e)| *e * Fr::from(*w)).sum())
        .collect();
    transcript.append_fields(label::COLUMN_VALUES, &column_values);

    let (p, q) = table(alpha);
    let (table_tree, table_point, multiplicity_value, _) =
        prove_tree(FractionTree::build(p, q), &mut transcript);
    transcript.append_field(label::MULTIPLICITY_VALUE, &multiplicity_value);
    let counts_field: Vec<Fr> = opened.iter().map(|m| Fr::from(*m)).collect();
    let (multiplicity_opening, _) = open_values(&counts_field, layout, &table_point).unwrap();
    LookupProof {
        multiplicity_commitment,
        witness_tree,
        table_tree,
        column_values,
        multiplicity_value,
        multiplicity_opening,
    }
}

/// The leaves of a forgery: `None` for a tree built honestly.
#[derive(Clone, Copy, Default)]
struct Forged<'a> {
    witness: Option<Leaves<'a>>,
    table: Option<Leaves<'a>>,
}

impl<'a> Forged<'a> {
    /// Forged witness leaves, an honest table tree.
    fn witness(leaves: Leaves<'a>) -> Self {
        Self {
            witness: Some(leaves),
            table: None,
        }
    }

    /// Forged table leaves, an honest witness tree.
    fn table(leaves: Leaves<'a>) -> Self {
        Self {
            witness: None,
            table: Some(leaves),
        }
    }
}

/// Forges a proof for the columns `data` (a statement of `data.len()` columns) with the
/// multiplicities `committed`, opened as `opened`, and the `forged` leaves (the honest leaves
/// of `data` and `opened` where none are given), and verifies it.
fn verify_forged(
    data: &[Vec<u32>],
    committed: &[u32],
    opened: &[u32],
    forged: Forged<'_>,
) -> Result<(), LookupError> {
    let statement = statement(data.len());
    let witness = |alpha| honest_witness(data, alpha);
    let table = |alpha| honest_table(opened, alpha);
    let proof = forge(
        &statement,
        data,
        committed,
        opened,
        forged.witness.unwrap_or(&witness),
        forged.table.unwrap_or(&table),
    );
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    verify_lookup(&statement, &proof, &params(), &mut transcript).map(|_| ())
}

/// Seeded columns whose row [`ROW`] of column 0 holds [`OUTSIDE`], and the multiplicities of
/// the columns with that value counted as `counted_as` instead.
pub(crate) fn outside_counted_as(
    seed: u64,
    count: usize,
    counted_as: u32,
) -> (Vec<Vec<u32>>, Vec<u32>) {
    let mut data = columns(seed, count);
    data[0][ROW] = counted_as;
    let counts = counts_of(&data);
    data[0][ROW] = OUTSIDE;
    (data, counts)
}

/// Witness leaves `1/(α − w)`, columns padded to a power of two with `1/1`.
pub(crate) fn honest_witness(columns: &[Vec<u32>], alpha: Fr) -> (Vec<Fr>, Vec<Fr>) {
    let rows = 1 << ROW_VARS;
    let mut q = vec![Fr::one(); rows * columns.len().next_power_of_two()];
    for (j, column) in columns.iter().enumerate() {
        for (i, w) in column.iter().enumerate() {
            q[j * rows + i] = alpha - Fr::from(*w);
        }
    }
    (Vec::new(), q)
}

/// Table leaves `m(t)/(α − t)`.
pub(crate) fn honest_table(counts: &[u32], alpha: Fr) -> (Vec<Fr>, Vec<Fr>) {
    (
        counts.iter().map(|m| Fr::from(*m)).collect(),
        (0..1u64 << BITS).map(|t| alpha - Fr::from(t)).collect(),
    )
}

pub(crate) fn counts_of(columns: &[Vec<u32>]) -> Vec<u32> {
    let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
    multiplicities(&refs, BITS).unwrap()
}

#[test]
fn forged_trees_with_honest_leaves_verify() {
    // The forging harness itself is faithful: honest leaves give an accepted proof.
    let data = columns(30, 3);
    let counts = counts_of(&data);
    assert_eq!(
        verify_forged(&data, &counts, &counts, Forged::default()),
        Ok(())
    );
}

#[test]
fn witness_numerator_zero_hiding_an_out_of_range_value_is_rejected() {
    // Row 7 holds 16 ∉ [0, 16) with leaf numerator 0 instead of 1: it adds nothing to the
    // witness sum, which then equals the table sum of the other 15 values. Every layer and the
    // root relation pass; only "every witness numerator is one" rejects it.
    let mut data = columns(31, 1);
    let mut rest = data.clone();
    rest[0].remove(ROW);
    rest[0].push(0); // counted below, then removed again
    let mut counts = counts_of(&rest);
    counts[0] -= 1;
    data[0][ROW] = OUTSIDE;
    let witness = |alpha| {
        let (_, q) = honest_witness(&data, alpha);
        let mut p = vec![Fr::one(); q.len()];
        p[ROW] = Fr::zero();
        (p, q)
    };
    assert_eq!(
        verify_forged(&data, &counts, &counts, Forged::witness(&witness)),
        Err(LookupError::WitnessNumeratorMismatch)
    );
}

#[test]
fn table_with_an_entry_replaced_is_rejected() {
    // The table side is built over {16, 1, 2, …, 15} (entry 0 replaced by 16) and the
    // out-of-range 16 is counted in slot 0. Both sums agree; only the verifier's own table
    // denominator α − t̃(ρ_t) rejects it.
    let (data, counts) = outside_counted_as(32, 1, 0);
    let table = |alpha| {
        let (p, mut q) = honest_table(&counts, alpha);
        q[0] = alpha - Fr::from(OUTSIDE);
        (p, q)
    };
    assert_eq!(
        verify_forged(&data, &counts, &counts, Forged::table(&table)),
        Err(LookupError::TableDenominatorMismatch)
    );
}

#[test]
fn padding_leaf_carrying_a_correction_is_rejected() {
    // Three columns, padded to four. Column 0 row 7 holds 16 but is counted as 15; one padding
    // leaf's denominator is set so that its 1/q makes up the difference
    // (1/q = 1 − 1/(α − 16) + 1/(α − 15)). The root relation (which subtracts the padding's
    // known sum) holds; only the padding share of the leaf denominator rejects it.
    let (data, counts) = outside_counted_as(33, 3, OUTSIDE - 1);
    let witness = |alpha| {
        let (p, mut q) = honest_witness(&data, alpha);
        let correction = Fr::one() - (alpha - Fr::from(OUTSIDE)).inverse().unwrap()
            + (alpha - Fr::from(OUTSIDE - 1)).inverse().unwrap();
        q[3 << ROW_VARS] = correction.inverse().unwrap();
        (p, q)
    };
    assert_eq!(
        verify_forged(&data, &counts, &counts, Forged::witness(&witness)),
        Err(LookupError::WitnessDenominatorMismatch)
    );
}

#[test]
fn padding_leaves_are_load_bearing() {
    // Control for the attack above: the same forgery with the padding left at 1/1 fails the
    // root relation (the out-of-range value is not compensated).
    let (data, counts) = outside_counted_as(33, 3, OUTSIDE - 1);
    assert_eq!(
        verify_forged(&data, &counts, &counts, Forged::default()),
        Err(LookupError::UnequalFractionSums)
    );
}

#[test]
fn multiplicities_other_than_the_committed_ones_are_rejected() {
    // The table tree uses the true multiplicities, the commitment (absorbed before α) holds
    // others: the opening vector is computed from the counts the tree used, so the opened value
    // matches the table leaf and only the (deferred) group equation ties it to the commitment.
    let data = columns(34, 1);
    let used = counts_of(&data);
    let mut committed = used.clone();
    let moved = used.iter().position(|m| *m > 0).unwrap();
    committed[moved] -= 1;
    committed[0] += 1;
    assert_eq!(
        verify_forged(&data, &committed, &used, Forged::default()),
        Err(LookupError::Openings(
            spazk_hyrax::HyraxError::CommitmentCheckFailed
        ))
    );
}
