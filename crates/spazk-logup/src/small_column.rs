//! Columns of small unsigned values (limbs, table indices, advice): their MLE at a point and
//! their field form, computed by additions instead of one multiplication per entry.

use ark_bn254::Fr;
use ark_ff::{One, Zero};

/// `Σ_i eq[i]·w[i]` for small `w` (the MLE of the column at the point `eq` is the table of): eq
/// entries are added into one bucket per value and each
/// bucket multiplied once, so the pass over the column costs additions only.
pub fn evaluate_small_column(column: &[u32], eq: &[Fr], table_bits: u32) -> Fr {
    let mut buckets = vec![Fr::zero(); 1 << table_bits];
    // Values outside the table (only a cheating prover has them) are multiplied directly.
    let mut outside = Fr::zero();
    for (w, e) in column.iter().zip(eq) {
        match buckets.get_mut(*w as usize) {
            Some(bucket) => *bucket += e,
            None => outside += *e * Fr::from(*w as u64),
        }
    }
    outside
        + buckets
            .iter()
            .enumerate()
            .skip(1)
            .map(|(v, b)| *b * Fr::from(v as u64))
            .sum::<Fr>()
}

/// `values` (each below `2^bits`) as field elements through a table of `0..2^bits` built by
/// additions: a conversion per entry would cost a Montgomery multiplication.
pub fn small_values_to_field(values: &[u32], bits: u32) -> Vec<Fr> {
    let mut table = Vec::with_capacity(1 << bits);
    let mut v = Fr::zero();
    for _ in 0..1u64 << bits {
        table.push(v);
        v += Fr::one();
    }
    values
        .iter()
        .map(|w| {
            table
                .get(*w as usize)
                .copied()
                .unwrap_or_else(|| Fr::from(*w as u64))
        })
        .collect()
}
