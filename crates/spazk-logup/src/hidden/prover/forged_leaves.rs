//! The transparent lookup's named forged-leaf attacks (`crate::prover`'s `forged_leaves`), on
//! the zero-knowledge lookup: fraction trees no honest prover builds, walked with hidden values
//! through the prover's own code ([`prove_trees`]), so that every layer relation holds and only
//! the one leaf relation under attack can reject. Hiding in the clear names that relation. The
//! statement, columns and honest leaves are the transparent attacks' own.

use super::*;
use crate::hidden::verify_hidden_lookup;
use crate::protocol::LOGUP_PROTOCOL;
use crate::prover::forged_leaves::{
    columns, counts_of, honest_table, honest_witness, outside_counted_as, statement, Leaves, BITS,
    OUTSIDE, ROW, ROW_VARS,
};
use ark_ff::{Field, One};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use ark_std::UniformRand;
use spazk_sumcheck::hidden::clear::{ClearCheckError, ClearProver, ClearVerifier};

/// The caller's part of the transcript (the columns and the multiplicities, standing in for
/// their hiding commitments), as the clear tests of `tests/hidden_lookup.rs` have it.
fn caller_transcript(columns: &[Vec<u32>], counts: &[u32]) -> Transcript {
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    for column in columns {
        let bytes: Vec<u8> = column.iter().flat_map(|w| w.to_le_bytes()).collect();
        transcript.append_bytes(b"column", &bytes);
    }
    let bytes: Vec<u8> = counts.iter().flat_map(|m| m.to_le_bytes()).collect();
    transcript.append_bytes(b"multiplicities", &bytes);
    transcript
}

/// A zero-knowledge lookup proof over the given leaves, hiding in the clear, verified: the
/// first relation that fails, if any.
fn verify_forged(
    data: &[Vec<u32>],
    counts: &[u32],
    witness: Leaves<'_>,
    table: Leaves<'_>,
) -> Result<(), ClearCheckError> {
    let statement = statement(data.len());
    let mut rng = StdRng::seed_from_u64(0x666f_7267);
    let mask = (0..hidden_mask_len(&statement))
        .map(|_| Fr::rand(&mut rng))
        .collect();
    let mut context = ClearProver::new(mask);
    let mut transcript = caller_transcript(data, counts);
    statement.absorb_into(&mut transcript);
    let alpha: Fr = transcript.challenge_field(label::ALPHA);
    let beta = draw_beta(&statement.table, &mut transcript);
    let refs: Vec<&[u32]> = data.iter().map(Vec::as_slice).collect();
    let ((wp, wq), (tp, tq)) = (witness(alpha), table(alpha));
    let proved = prove_trees(
        &statement,
        [FractionTree::build(wp, wq), FractionTree::build(tp, tq)],
        [alpha, beta],
        &mut context,
        &mut transcript,
        |row_point, beta| column_values(&statement.table, &refs, row_point, beta),
    )
    .unwrap();

    let mut verifier = ClearVerifier::new(context.reveal());
    verify_hidden_lookup(
        &statement,
        &proved.proof,
        &mut verifier,
        &mut caller_transcript(data, counts),
    )
    .unwrap();
    verifier.check()
}

/// Relation indices of a lookup of `columns` columns (the order of `crate::hidden`'s docs:
/// per tree two per layer, then the leaves' two, then the sums).
struct Relation;

impl Relation {
    fn witness_depth(columns: usize) -> usize {
        ROW_VARS as usize + spazk_field::log2_ceil(columns)
    }
    fn witness_numerator(columns: usize) -> usize {
        2 * Self::witness_depth(columns)
    }
    fn witness_denominator(columns: usize) -> usize {
        Self::witness_numerator(columns) + 1
    }
    fn table_denominator(columns: usize) -> usize {
        Self::witness_denominator(columns) + 1 + 2 * BITS as usize
    }
    fn sums(columns: usize) -> usize {
        Self::table_denominator(columns) + 2
    }
}

#[test]
fn forged_trees_with_honest_leaves_verify() {
    // The harness is faithful: honest leaves satisfy every relation.
    let data = columns(30, 3);
    let counts = counts_of(&data);
    let witness = |alpha| honest_witness(&data, alpha);
    let table = |alpha| honest_table(&counts, alpha);
    assert_eq!(verify_forged(&data, &counts, &witness, &table), Ok(()));
}

#[test]
fn witness_numerator_zero_hiding_an_out_of_range_value_is_rejected() {
    // Row 7 holds 16 ∉ [0, 16) with numerator 0: it adds nothing to the witness sum, which then
    // equals the table sum of the other 15 values. Only "p̃(ρ) = 1" rejects it.
    let mut data = columns(31, 1);
    let mut rest = data.clone();
    rest[0].remove(ROW);
    rest[0].push(0);
    let mut counts = counts_of(&rest);
    counts[0] -= 1;
    data[0][ROW] = OUTSIDE;
    let witness = |alpha| {
        let (_, q) = honest_witness(&data, alpha);
        let mut p = vec![Fr::one(); q.len()];
        p[ROW] = Fr::from(0u64);
        (p, q)
    };
    let table = |alpha| honest_table(&counts, alpha);
    assert_eq!(
        verify_forged(&data, &counts, &witness, &table),
        Err(ClearCheckError::Unsatisfied(Relation::witness_numerator(1)))
    );
}

#[test]
fn table_with_an_entry_replaced_is_rejected() {
    // The table tree over {16, 1, …, 15}, the out-of-range 16 counted in slot 0: both sums
    // agree; only "q̃_t(ρ_t) = α − t̃(ρ_t)" (the verifier's own table) rejects it.
    let (data, counts) = outside_counted_as(32, 1, 0);
    let witness = |alpha| honest_witness(&data, alpha);
    let table = |alpha| {
        let (p, mut q) = honest_table(&counts, alpha);
        q[0] = alpha - Fr::from(OUTSIDE);
        (p, q)
    };
    assert_eq!(
        verify_forged(&data, &counts, &witness, &table),
        Err(ClearCheckError::Unsatisfied(Relation::table_denominator(1)))
    );
}

#[test]
fn padding_leaf_carrying_a_correction_is_rejected() {
    // Three columns padded to four; 16 counted as 15, one padding leaf's 1/q making up the
    // difference. The sums relation (which subtracts pad = 16 leaves of 1/1) holds; only the
    // padding share of "q̃(ρ) = Σ_j e_j·(α − w̃_j(ρ)) + (1 − Σ_j e_j)" rejects it.
    let (data, counts) = outside_counted_as(33, 3, OUTSIDE - 1);
    let witness = |alpha: Fr| {
        let (p, mut q) = honest_witness(&data, alpha);
        let correction = Fr::one() - (alpha - Fr::from(OUTSIDE)).inverse().unwrap()
            + (alpha - Fr::from(OUTSIDE - 1)).inverse().unwrap();
        q[3 << ROW_VARS] = correction.inverse().unwrap();
        (p, q)
    };
    let table = |alpha| honest_table(&counts, alpha);
    assert_eq!(
        verify_forged(&data, &counts, &witness, &table),
        Err(ClearCheckError::Unsatisfied(Relation::witness_denominator(
            3
        )))
    );
    // Control: without the correction the sums relation fails instead.
    let honest = |alpha| honest_witness(&data, alpha);
    assert_eq!(
        verify_forged(&data, &counts, &honest, &table),
        Err(ClearCheckError::Unsatisfied(Relation::sums(3)))
    );
}
