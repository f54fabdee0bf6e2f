//! Commitment rows for small unsigned scalars, faster than one small-scalar MSM per row.
//!
//! A 16-bit value splits into bytes, `z = lo + 256·hi`, so a row `Σ_j z_j·G_j` is
//! `Σ_j lo_j·G_j + Σ_j hi_j·H_j` with `H_j = 256·G_j` computed once for all rows: an MSM with
//! 8-bit scalars over twice the points, one Pippenger window. Its buckets — one per (row, byte
//! value) — are filled by the batch-affine tree of `batch_affine`, which adds in affine
//! coordinates with one shared inversion per level; each row then combines its 255 buckets
//! with the usual running sum. Rows are processed in cache-sized blocks.

use crate::batch_affine::{group_sums, rows_by_block, weighted_bucket_sums};
use ark_bn254::{G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::AdditiveGroup;

/// Bucket points per block of rows (about 1 MiB of affine points).
const BLOCK_POINTS: usize = 1 << 14;

/// One commitment row per chunk of `cols` values: `Σ_j values[i·cols + j]·G_j`, for values
/// below `2^16`.
pub(crate) fn commit_u16_rows<T: Copy + Into<u64> + Sync>(
    generators: &[G1Affine],
    values: &[T],
    rows: usize,
) -> Vec<G1Projective> {
    let cols = generators.len();
    // H_j = 256·G_j, shared by every row.
    let shifted: Vec<G1Affine> = {
        let projective: Vec<G1Projective> = generators
            .iter()
            .map(|g| {
                let mut p = g.into_group();
                for _ in 0..8 {
                    p.double_in_place();
                }
                p
            })
            .collect();
        G1Projective::normalize_batch(&projective)
    };
    let row_values = |i: usize| {
        let start = (i * cols).min(values.len());
        &values[start..((i + 1) * cols).min(values.len())]
    };
    let rows_per_block = (BLOCK_POINTS / (2 * cols).max(1)).clamp(1, rows.max(1));
    let commit_block = |first: usize| -> Vec<G1Projective> {
        let last = (first + rows_per_block).min(rows);
        // Counting sort of the nonzero bytes into (row, byte) buckets.
        let groups = (last - first) * 255;
        let mut starts = vec![0usize; groups + 1];
        for i in first..last {
            for &z in row_values(i) {
                let z: u64 = z.into();
                debug_assert!(z >> 16 == 0);
                let (lo, hi) = ((z & 0xff) as usize, (z >> 8) as usize);
                let base = (i - first) * 255;
                if lo != 0 {
                    starts[base + lo] += 1;
                }
                if hi != 0 {
                    starts[base + hi] += 1;
                }
            }
        }
        for g in 0..groups {
            starts[g + 1] += starts[g];
        }
        let mut fill = starts.clone();
        let mut points = vec![G1Affine::zero(); starts[groups]];
        for i in first..last {
            let base = (i - first) * 255;
            for (j, &z) in row_values(i).iter().enumerate() {
                let z: u64 = z.into();
                let (lo, hi) = ((z & 0xff) as usize, (z >> 8) as usize);
                if lo != 0 {
                    points[fill[base + lo - 1]] = generators[j];
                    fill[base + lo - 1] += 1;
                }
                if hi != 0 {
                    points[fill[base + hi - 1]] = shifted[j];
                    fill[base + hi - 1] += 1;
                }
            }
        }
        let buckets = group_sums(points, starts);
        // Each row weights its 255 buckets by their byte value.
        weighted_bucket_sums(&buckets, 255)
    };
    rows_by_block(rows, rows_per_block, commit_block)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::HyraxParams;
    use ark_ec::VariableBaseMSM;

    #[test]
    fn matches_msm_u16() {
        let params = HyraxParams::derive(b"small-scalar", 16);
        let g = params.generators();
        let values: Vec<u16> = (0..16 * 5 - 3)
            .map(|i: u32| (i.wrapping_mul(40503) % 65536) as u16)
            .collect();
        let mut values = values;
        values[0] = 0;
        values[1] = 256;
        values[2] = 255;
        values[3] = u16::MAX;
        let rows = commit_u16_rows(g, &values, 6);
        for (i, row) in rows.iter().enumerate() {
            let start = (i * 16).min(values.len());
            let chunk = &values[start..((i + 1) * 16).min(values.len())];
            assert_eq!(
                *row,
                G1Projective::msm_u16(&g[..chunk.len()], chunk),
                "row {i}"
            );
        }
    }
}
