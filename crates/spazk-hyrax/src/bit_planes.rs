//! Commitment rows for small unsigned scalars through bit planes and shared subset sums.
//!
//! Every row of a Hyrax matrix is committed against the same generators `G_0..G_{n−1}`. Cut
//! them into blocks of `b` and tabulate each block's `2^b` subset sums once,
//! `S_β[m] = Σ_{i ∈ m} G_{β·b + i}`. Bit plane `k` of a row, `P_k = Σ_j bit_k(z_j)·G_j`, is then
//! `Σ_β S_β[m_{β,k}]` where `m_{β,k}` gathers bit `k` of the block's `b` values: one addition
//! per block instead of one per set bit, and the row is `Σ_k 2^k·P_k` (a doubling and an
//! addition per plane). With `R` rows of `n` values below `2^K` this costs
//! `R·K·⌈n/b⌉ + ⌈n/b⌉·2^b` additions, all in batch-affine form (`batch_affine`); for `2^10`
//! rows of `2^10` 16-bit values (`b = 11`) that is about 1.7 M, against about 2.6 M for byte
//! buckets (two per value, then 480 per row to weight the buckets).

use crate::batch_affine::{add, denominator, group_sums, invert_all, rows_by_block, takes_inverse};
use ark_bn254::{G1Affine, G1Projective};
use ark_ec::AffineRepr;
use ark_ff::{AdditiveGroup, Zero};
use spazk_field::parallel::{current_num_threads, for_each_chunk_mut};

/// Table points per block of rows (about 2 MiB of affine points in flight per block; 2^12 to
/// 2^15 measured within a few per cent).
const BLOCK_POINTS: usize = 1 << 15;

/// `SPREAD[x]`: bit `k` of the byte `x` moved to bit `8k`.
static SPREAD: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut x = 0;
    while x < 256 {
        let mut k = 0;
        while k < 8 {
            table[x] |= (((x >> k) & 1) as u64) << (8 * k);
            k += 1;
        }
        x += 1;
    }
    table
};

/// Widest block: `2^16` table entries per block of generators.
const MAX_BLOCK_BITS: u32 = 16;

/// The bit-plane plan for one commitment: the block width and its cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BitPlanePlan {
    /// Generators per block.
    pub block_bits: u32,
    /// Bit planes (the width of the largest value).
    pub planes: u32,
    /// Estimated group additions.
    pub additions: usize,
}

impl BitPlanePlan {
    /// The cheapest block width for `rows` rows of `cols` values below `2^planes`.
    pub(crate) fn choose(rows: usize, cols: usize, planes: u32) -> Self {
        (1..=MAX_BLOCK_BITS)
            .map(|block_bits| {
                let blocks = cols.div_ceil(block_bits as usize);
                // The rows' plane sums, the tables, and the planes' Horner steps (a projective
                // doubling and addition cost about four batch-affine additions).
                let additions = rows * planes as usize * blocks
                    + blocks * (1 << block_bits)
                    + rows * planes as usize * 4;
                Self {
                    block_bits,
                    planes,
                    additions,
                }
            })
            .min_by_key(|plan| plan.additions)
            .expect("at least one width")
    }
}

/// The subset sums of every block of `b` generators, block `β` at `β·2^b`: entry `m` is
/// `Σ_{i : bit i of m} G_{β·b + i}`. Built bit by bit in place (`S[2^t + m] = S[m] + G_t`), each
/// step's additions sharing one inversion; blocks are split among threads.
fn subset_sums(generators: &[G1Affine], b: u32) -> Vec<G1Affine> {
    let size = 1usize << b;
    let blocks = generators.len().div_ceil(b as usize);
    let mut table = vec![G1Affine::zero(); blocks * size];
    let build = |first_block: usize, tables: &mut [G1Affine]| {
        let mut denominators = Vec::new();
        let mut scratch = Vec::new();
        for t in 0..b as usize {
            let step = 1usize << t;
            denominators.clear();
            let generator = |block: usize| generators.get((first_block + block) * b as usize + t);
            for (block, entries) in tables.chunks_mut(size).enumerate() {
                if let Some(g) = generator(block) {
                    entries[step] = *g;
                    let pairs = entries[1..step].iter().filter(|p| takes_inverse(p, g));
                    denominators.extend(pairs.map(|p| denominator(p, g)));
                }
            }
            invert_all(&mut denominators, &mut scratch);
            let mut inverses = denominators.iter();
            for (block, entries) in tables.chunks_mut(size).enumerate() {
                if let Some(g) = generator(block) {
                    let (low, high) = entries.split_at_mut(step);
                    for (out, p) in high[1..step].iter_mut().zip(&low[1..]) {
                        *out = add(p, g, &mut inverses);
                    }
                }
            }
        }
    };
    // One piece of blocks per thread: each piece's steps share their inversions.
    let per_task = blocks.div_ceil(current_num_threads()).max(1);
    for_each_chunk_mut(&mut table, per_task * size, |offset, tables| {
        build(offset / size, tables)
    });
    table
}

/// One commitment row per chunk of `generators.len()` values: `Σ_j values[i·n + j]·G_j`, for
/// values below `2^plan.planes` (rows past the data are the identity).
pub(crate) fn commit_bit_plane_rows<T: Copy + Into<u64> + Sync>(
    generators: &[G1Affine],
    values: &[T],
    rows: usize,
    plan: BitPlanePlan,
) -> Vec<G1Projective> {
    let cols = generators.len();
    let (b, planes) = (plan.block_bits as usize, plan.planes as usize);
    if cols == 0 || planes == 0 {
        return vec![G1Projective::zero(); rows];
    }
    let size = 1usize << b;
    let blocks = cols.div_ceil(b);
    let table = subset_sums(generators, plan.block_bits);
    let row_values = |i: usize| {
        let start = (i * cols).min(values.len());
        &values[start..((i + 1) * cols).min(values.len())]
    };
    let rows_per_block = (BLOCK_POINTS / (planes * blocks)).clamp(1, rows.max(1));
    let commit_block = |first: usize| -> Vec<G1Projective> {
        let last = (first + rows_per_block).min(rows);
        // masks[(row·planes + k)·blocks + β]: bit k of block β's values in that row.
        let groups = (last - first) * planes;
        let mut masks = vec![0u32; groups * blocks];
        for (i, row_masks) in (first..last).zip(masks.chunks_mut(planes * blocks)) {
            for (block, chunk) in row_values(i).chunks(b).enumerate() {
                // Eight values at a time: byte y of value i spread to bit 8k + i of spread[y],
                // so byte k of spread[y] is plane 8y + k's mask for these eight values.
                for (octet, values) in chunk.chunks(8).enumerate() {
                    let mut spread = [0u64; 8];
                    for (i, value) in values.iter().enumerate() {
                        let v: u64 = (*value).into();
                        for (y, acc) in spread.iter_mut().enumerate().take(planes.div_ceil(8)) {
                            *acc |= SPREAD[((v >> (8 * y)) & 0xff) as usize] << i;
                        }
                    }
                    for plane in 0..planes {
                        let byte = (spread[plane / 8] >> (8 * (plane % 8))) & 0xff;
                        row_masks[plane * blocks + block] |= (byte as u32) << (8 * octet);
                    }
                }
            }
        }
        let mut starts = Vec::with_capacity(groups + 1);
        starts.push(0);
        for group in masks.chunks(blocks) {
            let count = group.iter().filter(|m| **m != 0).count();
            starts.push(starts.last().unwrap() + count);
        }
        // Gathered block by block, so that one block's table is read at a time.
        let mut points = vec![G1Affine::zero(); starts[groups]];
        let mut fill = starts[..groups].to_vec();
        for (block, entries) in table.chunks(size).enumerate() {
            for (group, slot) in fill.iter_mut().enumerate() {
                let m = masks[group * blocks + block];
                if m != 0 {
                    points[*slot] = entries[m as usize];
                    *slot += 1;
                }
            }
        }
        group_sums(points, starts)
            .chunks(planes)
            .map(|sums| {
                // Σ_k 2^k·P_k from the top plane down.
                let mut row = G1Projective::zero();
                for sum in sums.iter().rev() {
                    row.double_in_place();
                    if !sum.is_zero() {
                        row += sum;
                    }
                }
                row
            })
            .collect()
    };
    rows_by_block(rows, rows_per_block, commit_block)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::HyraxParams;
    use ark_ec::VariableBaseMSM;
    use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};

    #[test]
    fn matches_msm_for_every_block_width() {
        let params = HyraxParams::derive(b"bit-planes", 13);
        let g = params.generators();
        let mut rng = StdRng::seed_from_u64(5);
        let mut values: Vec<u16> = (0..13 * 4 - 5).map(|_| rng.gen()).collect();
        values[0] = 0;
        values[1] = u16::MAX;
        values[2] = 1;
        values[3] = 1 << 15;
        for block_bits in [1, 3, 5, 13, 16] {
            let plan = BitPlanePlan {
                block_bits,
                planes: 16,
                additions: 0,
            };
            let rows = commit_bit_plane_rows(g, &values, 5, plan);
            for (i, row) in rows.iter().enumerate() {
                let start = (i * 13).min(values.len());
                let chunk = &values[start..((i + 1) * 13).min(values.len())];
                assert_eq!(
                    *row,
                    G1Projective::msm_u16(&g[..chunk.len()], chunk),
                    "block bits {block_bits}, row {i}"
                );
            }
        }
    }

    #[test]
    fn repeated_values_and_few_planes() {
        let params = HyraxParams::derive(b"bit-planes", 8);
        let g = params.generators();
        // The same value everywhere puts equal points side by side in every plane sum.
        let values = vec![5u32; 8 * 3];
        let plan = BitPlanePlan::choose(3, 8, 3);
        let rows = commit_bit_plane_rows(g, &values, 3, plan);
        let expected = G1Projective::msm_u32(g, &values[..8]);
        assert!(rows.iter().all(|row| *row == expected));
    }

    #[test]
    fn plan_prefers_wide_blocks_for_many_rows() {
        assert_eq!(BitPlanePlan::choose(1024, 1024, 16).block_bits, 11);
        assert!(BitPlanePlan::choose(1, 1024, 16).block_bits < 8);
    }
}
