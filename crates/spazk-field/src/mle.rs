//! Multilinear extensions over the boolean hypercube, little-endian.
//!
//! A table `t` of length `2^k` defines the multilinear polynomial
//! `t̃(z) = Σ_i t[i] · eq(z, bits(i))` where bit `j` of `i` is variable `j` of `z`. Tables shorter
//! than `2^k` are read as zero-padded: that is how non-power-of-two shapes (784 inputs, 10
//! outputs) are handled without copying.

use crate::parallel::{for_each_chunk_mut, for_each_chunk_pair_mut, reduce_chunks};
use ark_ff::Field;

/// Entries per piece of work handed to a thread: below this many entries the parallel paths
/// are slower than a plain loop.
const PARALLEL_THRESHOLD: usize = 1 << 12;

/// The smallest `k` with `2^k ≥ len` (0 for `len ≤ 1`).
pub fn log2_ceil(len: usize) -> usize {
    if len <= 1 {
        0
    } else {
        (usize::BITS - (len - 1).leading_zeros()) as usize
    }
}

/// `len` rounded up to a power of two (1 for an empty table).
pub fn padded_len(len: usize) -> usize {
    1usize << log2_ceil(len)
}

/// `eq(a, b) = Π_j (a_j·b_j + (1 − a_j)(1 − b_j))` for two points of the same length.
///
/// # Panics
/// If the points have different lengths (a caller bug, never prover data).
pub fn eq_eval<F: Field>(a: &[F], b: &[F]) -> F {
    assert_eq!(a.len(), b.len(), "eq_eval on points of different lengths");
    a.iter().zip(b).fold(F::one(), |acc, (x, y)| {
        let xy = *x * y;
        acc * (xy + xy - x - y + F::one())
    })
}

/// The table `eq(point, i)` for every `i ∈ {0,1}^k`, `k = point.len()`, little-endian.
///
/// Built by doubling: after step `j` the table holds `eq` over the first `j + 1` variables, and
/// each step costs one multiplication per new entry, `2^k` in all.
pub fn eq_table<F: Field>(point: &[F]) -> Vec<F> {
    let mut table = Vec::new();
    eq_table_into(point, &mut table);
    table
}

/// [`eq_table`] written into `table` (resized to `2^k`), reusing its allocation: provers that
/// build many large tables avoid fresh pages this way.
pub fn eq_table_into<F: Field>(point: &[F], table: &mut Vec<F>) {
    scaled_eq_table_into(point, F::one(), table);
}

/// `eq(point, i)` for the indices `i < len` only (the table is filled up to the next power of two
/// at or above `len`): a caller that never looks past `len` skips the high variables, whose bits
/// are all zero there and contribute the factor `Π_j (1 − point_j)`.
///
/// # Panics
/// If `len` exceeds `2^point.len()` (a caller bug).
pub fn eq_table_prefix_into<F: Field>(point: &[F], len: usize, table: &mut Vec<F>) {
    let low = log2_ceil(len.max(1));
    assert!(low <= point.len(), "prefix longer than the table");
    let scale = point[low..]
        .iter()
        .fold(F::one(), |acc, r| acc * (F::one() - r));
    scaled_eq_table_into(&point[..low], scale, table);
}

/// `scale · eq(point, i)` for every `i`, into `table`: the scale rides along the doubling for
/// free (it starts as entry 0), so a random combination of eq tables costs no extra
/// multiplications.
pub fn scaled_eq_table_into<F: Field>(point: &[F], scale: F, table: &mut Vec<F>) {
    table.clear();
    table.resize(1 << point.len(), F::zero());
    table[0] = scale;
    for (j, r) in point.iter().enumerate() {
        let half = 1 << j;
        let (low, high) = table[..2 * half].split_at_mut(half);
        // Entries with bit j set get the factor r, the others (1 − r):
        // high = low·r and low = low·(1 − r) = low − high, one multiplication per pair.
        for_each_chunk_pair_mut(low, high, PARALLEL_THRESHOLD, |low, high| {
            for (lo, hi) in low.iter_mut().zip(high) {
                *hi = *lo * r;
                *lo -= *hi;
            }
        });
    }
}

/// Evaluates the multilinear extension of `evals` (zero-padded to `2^point.len()`) at `point`.
///
/// Returns `None` when `evals` is longer than `2^point.len()`: the table does not fit the point.
pub fn evaluate_mle<F: Field>(evals: &[F], point: &[F]) -> Option<F> {
    if point.len() >= usize::BITS as usize || evals.len() > 1usize << point.len() {
        return None;
    }
    if evals.is_empty() {
        return Some(F::zero());
    }
    Some(evaluate_mle_with_eq(evals, &eq_table(point)))
}

/// `Σ_i evals[i] · eq[i]`: the MLE of `evals` at the point whose eq table is `eq`
/// (`evals` may be shorter than `eq`: the rest is zero).
///
/// # Panics
/// If `evals` is longer than `eq` (a caller bug).
pub fn evaluate_mle_with_eq<F: Field>(evals: &[F], eq: &[F]) -> F {
    assert!(evals.len() <= eq.len(), "table longer than the eq table");
    reduce_chunks(
        evals.len(),
        PARALLEL_THRESHOLD,
        |range| {
            let (evals, eq) = (&evals[range.clone()], &eq[range]);
            evals.iter().zip(eq).map(|(a, b)| *a * b).sum()
        },
        F::zero,
        |a, b| a + b,
    )
}

/// Binds the highest variable of a table of length `2^k` to `r`, in place:
/// `t'[i] = t[i] + r·(t[i + 2^{k−1}] − t[i])`, leaving a table of length `2^{k−1}`.
///
/// Binding the top variable keeps both halves contiguous, so it needs no allocation and splits
/// across threads without copying. A table of length 1 (no variable left) is left unchanged.
///
/// # Panics
/// If the length is not a power of two (a caller bug).
pub fn bind_top_variable<F: Field>(table: &mut Vec<F>, r: F) {
    assert!(
        table.len().is_power_of_two(),
        "table length must be a power of two"
    );
    if table.len() == 1 {
        return;
    }
    let half = table.len() / 2;
    let (low, high) = table.split_at_mut(half);
    let high = &*high;
    for_each_chunk_mut(low, PARALLEL_THRESHOLD, |offset, low| {
        for (lo, hi) in low.iter_mut().zip(&high[offset..]) {
            *lo += r * (*hi - *lo);
        }
    });
    table.truncate(half);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fr;
    use ark_ff::{One, UniformRand, Zero};
    use ark_std::rand::{rngs::StdRng, SeedableRng};
    use proptest::prelude::*;

    fn random_vec(len: usize, seed: u64) -> Vec<Fr> {
        let mut rng = StdRng::seed_from_u64(seed);
        (0..len).map(|_| Fr::rand(&mut rng)).collect()
    }

    fn bits(i: usize, k: usize) -> Vec<Fr> {
        (0..k).map(|j| Fr::from(((i >> j) & 1) as u64)).collect()
    }

    #[test]
    fn log2_and_padding() {
        assert_eq!(log2_ceil(0), 0);
        assert_eq!(log2_ceil(1), 0);
        assert_eq!(log2_ceil(2), 1);
        assert_eq!(log2_ceil(784), 10);
        assert_eq!(padded_len(10), 16);
        assert_eq!(padded_len(1024), 1024);
    }

    #[test]
    fn mle_agrees_with_table_on_the_hypercube_little_endian() {
        let t = random_vec(16, 3);
        for i in 0..16 {
            assert_eq!(evaluate_mle(&t, &bits(i, 4)).unwrap(), t[i]);
        }
        // Variable 0 is the lowest bit: setting only variable 0 to 1 reads index 1.
        let p = [Fr::one(), Fr::zero(), Fr::zero(), Fr::zero()];
        assert_eq!(evaluate_mle(&t, &p).unwrap(), t[1]);
    }

    #[test]
    fn matrix_layout_rows_are_high_variables() {
        // W is 2 × 4 (rows y, columns x): index y·4 + x; low 2 variables are x, high one is y.
        let w: Vec<Fr> = (0..8u64).map(Fr::from).collect();
        let (x, y) = (3usize, 1usize);
        let mut point = bits(x, 2);
        point.extend(bits(y, 1));
        assert_eq!(
            evaluate_mle(&w, &point).unwrap(),
            Fr::from((y * 4 + x) as u64)
        );
    }

    #[test]
    fn short_tables_are_zero_padded() {
        let t = random_vec(5, 4);
        let mut padded = t.clone();
        padded.resize(8, Fr::zero());
        let p = random_vec(3, 5);
        assert_eq!(evaluate_mle(&t, &p), evaluate_mle(&padded, &p));
        assert_eq!(evaluate_mle(&random_vec(9, 1), &p), None);
    }

    #[test]
    fn parallel_sizes_match_definition() {
        let p = random_vec(14, 6);
        let eq = eq_table(&p);
        for i in [0usize, 1, 777, (1 << 14) - 1] {
            assert_eq!(eq[i], eq_eval(&p, &bits(i, 14)));
        }
        let sum: Fr = eq.iter().sum();
        assert_eq!(sum, Fr::one());
    }

    proptest! {
        #[test]
        fn eq_table_matches_eq_eval(k in 0usize..7, seed in any::<u64>()) {
            let p = random_vec(k, seed);
            let table = eq_table(&p);
            prop_assert_eq!(table.len(), 1 << k);
            for (i, v) in table.iter().enumerate() {
                prop_assert_eq!(*v, eq_eval(&p, &bits(i, k)));
            }
        }

        #[test]
        fn eq_prefix_matches_the_full_table(k in 0usize..8, len_seed in any::<u16>(), seed in any::<u64>()) {
            let p = random_vec(k, seed);
            let len = (len_seed as usize % (1 << k)) + 1;
            let mut prefix = Vec::new();
            eq_table_prefix_into(&p, len, &mut prefix);
            prop_assert!(prefix.len() >= len);
            prop_assert_eq!(&prefix[..len], &eq_table(&p)[..len]);
        }

        #[test]
        fn binding_top_variable_matches_evaluation(k in 1usize..8, seed in any::<u64>()) {
            let t = random_vec(1 << k, seed);
            let p = random_vec(k, seed ^ 0x55);
            let mut folded = t.clone();
            // Bind from the top: variable k−1 first.
            for r in p.iter().rev() {
                bind_top_variable(&mut folded, *r);
            }
            prop_assert_eq!(folded.len(), 1);
            prop_assert_eq!(folded[0], evaluate_mle(&t, &p).unwrap());
        }

        #[test]
        fn mle_is_linear(k in 0usize..6, seed in any::<u64>()) {
            let a = random_vec(1 << k, seed);
            let b = random_vec(1 << k, seed.wrapping_add(1));
            let p = random_vec(k, seed.wrapping_add(2));
            let c = Fr::from(7u64);
            let combo: Vec<Fr> = a.iter().zip(&b).map(|(x, y)| *x + c * y).collect();
            prop_assert_eq!(
                evaluate_mle(&combo, &p).unwrap(),
                evaluate_mle(&a, &p).unwrap() + c * evaluate_mle(&b, &p).unwrap()
            );
        }
    }
}
