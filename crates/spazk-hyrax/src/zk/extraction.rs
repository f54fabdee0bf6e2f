//! The weight-extraction attack's linear algebra (feature `test-util`): what an attacker runs on
//! the values proofs reveal about a committed ternary matrix. Transparent openings `u = eq(r)ᵀ·W`
//! give `E·W = U`, which `m` proofs solve exactly; zero-knowledge responses `z = u + e·d` must
//! give nothing ternary, also when one nonce `d` is allowed as a further unknown. Used by the
//! extraction tests of this crate (one ZK mat-vec) and of `spazk-mlp` (whole-model proofs).

use ark_bn254::Fr;
use ark_ff::{Field, One, Zero};

/// Solves `A·X = B` over `Fr` (`A` is `k × u`, `B` is `k × c`) by Gauss–Jordan elimination.
/// `None` unless `X` is determined: `A` of rank `u` and every further equation consistent.
pub fn solve_linear(a: &[Vec<Fr>], b: &[Vec<Fr>]) -> Option<Vec<Vec<Fr>>> {
    let unknowns = a.first()?.len();
    let mut rows: Vec<Vec<Fr>> = a
        .iter()
        .zip(b)
        .map(|(a, b)| a.iter().chain(b).copied().collect())
        .collect();
    // Full column rank is required, so column `col` pivots on row `col`.
    for col in 0..unknowns {
        let pivot_row = col;
        let pivot = (pivot_row..rows.len()).find(|&r| !rows[r][col].is_zero())?;
        rows.swap(pivot_row, pivot);
        let inverse = rows[pivot_row][col].inverse()?;
        rows[pivot_row].iter_mut().for_each(|v| *v *= inverse);
        let pivot_values = rows[pivot_row].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r != pivot_row && !row[col].is_zero() {
                let factor = row[col];
                row.iter_mut()
                    .zip(&pivot_values)
                    .for_each(|(v, p)| *v -= factor * p);
            }
        }
    }
    // Every further equation must have reduced to 0 = 0.
    if rows[unknowns..].iter().flatten().any(|v| !v.is_zero()) {
        return None;
    }
    Some(
        rows[..unknowns]
            .iter()
            .map(|row| row[unknowns..].to_vec())
            .collect(),
    )
}

/// `v` as a ternary weight, if it is one (`−1` is `p − 1` in `Fr`).
pub fn ternary(v: Fr) -> Option<i8> {
    if v.is_zero() {
        Some(0)
    } else if v.is_one() {
        Some(1)
    } else if (-v).is_one() {
        Some(-1)
    } else {
        None
    }
}

/// The solution's first `rows` rows as ternary weights, if every entry is one.
pub fn as_ternary(solution: &[Vec<Fr>], rows: usize) -> Option<Vec<Vec<i8>>> {
    solution
        .get(..rows)?
        .iter()
        .map(|row| row.iter().map(|v| ternary(*v)).collect())
        .collect()
}
