//! Sums of signed generators in batch-affine form.
//!
//! Each group (a commitment row) is a list of `±G_j`. Points are added pairwise, level by level,
//! in affine coordinates; all pairs of a level share one field inversion (Montgomery's trick),
//! so an addition costs about six multiplications instead of the eleven of a mixed projective
//! addition. Pairs that an affine formula cannot add (equal x: a doubling or opposite points,
//! which independent generators make vanishingly rare) go through projective arithmetic.

use ark_bn254::{Fq, G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{AdditiveGroup, Field, Zero};
use spazk_field::parallel::map_collect;

/// Montgomery's trick over `values` in place, with `scratch` for the prefix products: one
/// inversion for the whole level. Entries must be non-zero (callers filter equal x-coordinates).
pub(crate) fn invert_all(values: &mut [Fq], scratch: &mut Vec<Fq>) {
    scratch.clear();
    let mut acc = Fq::from(1u64);
    for v in values.iter() {
        scratch.push(acc);
        acc *= v;
    }
    let mut inverse = acc.inverse().expect("non-zero denominators");
    for (v, prefix) in values.iter_mut().zip(scratch.iter()).rev() {
        let next = inverse * *v;
        *v = inverse * prefix;
        inverse = next;
    }
}

/// Whether `p + q` takes the affine formula (and so one of the shared inverses): both points
/// non-zero with different x.
#[inline]
pub(crate) fn takes_inverse(p: &G1Affine, q: &G1Affine) -> bool {
    !p.is_zero() && !q.is_zero() && p.x != q.x
}

/// `1/(q.x − p.x)` is what [`add`] needs for such a pair.
#[inline]
pub(crate) fn denominator(p: &G1Affine, q: &G1Affine) -> Fq {
    q.x - p.x
}

/// `p + q`, consuming the pair's inverse from `inverses` when [`takes_inverse`] says so.
#[inline]
pub(crate) fn add<'a>(
    p: &G1Affine,
    q: &G1Affine,
    inverses: &mut impl Iterator<Item = &'a Fq>,
) -> G1Affine {
    if p.is_zero() {
        *q
    } else if q.is_zero() {
        *p
    } else if p.x == q.x {
        (p.into_group() + q).into_affine()
    } else {
        let inverse = inverses.next().expect("one inverse per regular pair");
        let lambda = (q.y - p.y) * inverse;
        let x = lambda.square() - p.x - q.x;
        let y = lambda * (p.x - x) - p.y;
        G1Affine::new_unchecked(x, y)
    }
}

/// The affine sum of each group. Group `g` is `points[starts[g]..starts[g + 1]]`.
///
/// Each level adds neighbouring pairs within every group; results are written back in place
/// (the write position never passes the read position), so a level reads and writes one buffer.
pub(crate) fn group_sums(mut points: Vec<G1Affine>, mut starts: Vec<usize>) -> Vec<G1Affine> {
    let groups = starts.len() - 1;
    let mut denominators: Vec<Fq> = Vec::with_capacity(points.len() / 2);
    let mut scratch: Vec<Fq> = Vec::with_capacity(points.len() / 2);
    while (0..groups).any(|g| starts[g + 1] - starts[g] > 1) {
        denominators.clear();
        for g in 0..groups {
            for pair in points[starts[g]..starts[g + 1]].chunks_exact(2) {
                if takes_inverse(&pair[0], &pair[1]) {
                    denominators.push(denominator(&pair[0], &pair[1]));
                }
            }
        }
        if !denominators.is_empty() {
            invert_all(&mut denominators, &mut scratch);
        }
        let mut inverses = denominators.iter();
        let mut write = 0;
        let mut group_start = 0;
        for g in 0..groups {
            let (start, end) = (starts[g], starts[g + 1]);
            starts[g] = group_start;
            let mut read = start;
            while read + 1 < end {
                points[write] = add(&points[read], &points[read + 1], &mut inverses);
                write += 1;
                read += 2;
            }
            if read < end {
                points[write] = points[read];
                write += 1;
            }
            group_start = write;
        }
        starts[groups] = write;
    }
    (0..groups)
        .map(|g| {
            if starts[g + 1] > starts[g] {
                points[starts[g]]
            } else {
                G1Affine::zero()
            }
        })
        .collect()
}

/// Commitment rows block by block: `commit_block(first)` commits rows `first..` (up to
/// `rows_per_block` of them); blocks run on several threads, rows come back in order.
pub(crate) fn rows_by_block(
    rows: usize,
    rows_per_block: usize,
    commit_block: impl Fn(usize) -> Vec<G1Projective> + Sync + Send,
) -> Vec<G1Projective> {
    let rows_per_block = rows_per_block.max(1);
    map_collect(rows.div_ceil(rows_per_block), 1, |block| {
        commit_block(block * rows_per_block)
    })
    .concat()
}

/// `Σ_k (k + 1)·P_k` by the running sum (`2·|P|` additions): how bucket sums are weighted by
/// their digit.
pub(crate) fn weighted_sum(points: &[G1Affine]) -> G1Projective {
    let mut running = G1Projective::zero();
    let mut total = G1Projective::zero();
    for point in points.iter().rev() {
        if !point.is_zero() {
            running += point;
        }
        total += running;
    }
    total
}

/// `Σ_{w=1}^{count} w·B_w` for every consecutive run of `count` buckets (`B_w` at index `w − 1`
/// of its run). With `w = s·a + b` (`s` a power of two near `√count`), the sum is
/// `s·Σ_a a·P_a + Σ_b b·Q_b` for `P_a = Σ_b B_{sa+b}` and `Q_b = Σ_a B_{sa+b}`: forming the `P` and
/// `Q` takes about `2·count` additions, all runs' in one batch-affine pass, and only the short
/// running sums over them are projective (a running sum over the buckets themselves costs
/// `2·count` projective additions).
pub(crate) fn weighted_bucket_sums(buckets: &[G1Affine], count: usize) -> Vec<G1Projective> {
    if count == 0 {
        return Vec::new();
    }
    let split_bits = count.ilog2().div_ceil(2);
    let split = 1usize << split_bits;
    let highs = count / split + 1;
    let per_run = (highs - 1) + (split - 1);
    let runs = buckets.len() / count;
    let mut points = Vec::with_capacity(2 * buckets.len());
    let mut starts = Vec::with_capacity(runs * per_run + 1);
    starts.push(0);
    for run in buckets.chunks_exact(count) {
        let weight_points = |weights: &mut dyn Iterator<Item = usize>,
                             points: &mut Vec<G1Affine>| {
            points.extend(
                weights
                    .filter(|w| (1..=count).contains(w))
                    .map(|w| run[w - 1])
                    .filter(|p| !p.is_zero()),
            );
        };
        for a in 1..highs {
            weight_points(&mut (0..split).map(|b| split * a + b), &mut points);
            starts.push(points.len());
        }
        for b in 1..split {
            weight_points(&mut (0..highs).map(|a| split * a + b), &mut points);
            starts.push(points.len());
        }
    }
    group_sums(points, starts)
        .chunks(per_run)
        .map(|pq| {
            let mut high = weighted_sum(&pq[..highs - 1]);
            for _ in 0..split_bits {
                high.double_in_place();
            }
            high + weighted_sum(&pq[highs - 1..])
        })
        .collect()
}

/// For each row, `Σ_{j ∈ plus} G_j − Σ_{j ∈ minus} G_j`, where `entries` lists `(j, negative)`
/// row after row and `starts` delimits the rows.
pub(crate) fn signed_generator_sums(
    generators: &[G1Affine],
    entries: &[(u32, bool)],
    starts: &[usize],
) -> Vec<G1Projective> {
    let points = entries
        .iter()
        .map(|&(j, negative)| {
            let g = generators[j as usize];
            if negative {
                -g
            } else {
                g
            }
        })
        .collect();
    group_sums(points, starts.to_vec())
        .into_iter()
        .map(G1Projective::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::HyraxParams;
    use ark_ff::Zero;

    #[test]
    fn weighted_bucket_sums_match_the_running_sum() {
        let params = HyraxParams::derive(b"weighted-buckets", 64);
        let g = params.generators();
        for count in [1usize, 2, 3, 15, 16, 17, 128, 255, 300] {
            // Three runs; some buckets empty, some equal (a doubling inside P or Q).
            let buckets: Vec<G1Affine> = (0..3 * count)
                .map(|i| {
                    if i % 7 == 3 {
                        G1Affine::zero()
                    } else {
                        g[(i * 5) % 11]
                    }
                })
                .collect();
            let sums = weighted_bucket_sums(&buckets, count);
            assert_eq!(sums.len(), 3);
            for (run, sum) in buckets.chunks(count).zip(&sums) {
                assert_eq!(*sum, weighted_sum(run), "count {count}");
            }
        }
    }

    #[test]
    fn matches_projective_sums_including_cancellation() {
        let params = HyraxParams::derive(b"batch-affine", 9);
        let g = params.generators();
        // Row 0: G0 + G1 − G2; row 1: empty; row 2: G3 − G3 (cancels); row 3: G4 + G4 (doubling)
        // + G5; row 4: a single −G8.
        let entries = vec![
            (0, false),
            (1, false),
            (2, true),
            (3, false),
            (3, true),
            (4, false),
            (4, false),
            (5, false),
            (8, true),
        ];
        let starts = vec![0, 3, 3, 5, 8, 9];
        let sums = signed_generator_sums(g, &entries, &starts);
        let expected = [
            g[0].into_group() + g[1] - g[2],
            G1Projective::zero(),
            G1Projective::zero(),
            g[4].into_group() + g[4] + g[5],
            -g[8].into_group(),
        ];
        assert_eq!(sums, expected);
    }
}
