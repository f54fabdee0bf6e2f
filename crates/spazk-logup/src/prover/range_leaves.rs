//! Witness leaves of a small range table kept as integers: the prover's fast path for range
//! checks, where the two widest layers (most of the work and memory) are never written out as
//! field elements and their sums multiply `eq` entries by small integers only.

use super::fraction_tree::map_pairs;
use super::layer_instance::{Points, Sums};
use super::PARALLEL_PAIRS;
use crate::table::LookupTable;
use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, One, Zero};
use spazk_field::parallel::{extend_map, unzip_into};
use spazk_field::{SignedScaledSum, UnreducedAccumulate};

/// Witness leaves `1/(α − w_i)` of a range table `[0, 2^bits)`, kept as the indices `w_i`; they
/// also stand for the level above them, whose entry `i` (leaves `a = w_i`, `b = w_{i + n/2}`)
/// is `(2α − s)/(α² − α·s + m)` with the integers `s = a + b`, `m = a·b`.
///
/// The two widest layers' first rounds therefore sum `eq` times integers (leaf differences,
/// and `s`, `m` and their differences), so does the leaves' second round (their binding waits
/// for it), and neither level is ever written out as field elements: together they are most of
/// the prover's work and memory.
pub(super) struct RangeLeaves {
    indices: Vec<u32>,
    /// `α − j` for every table entry `j`.
    shifted: ByteSplitLinear,
    alpha: Fr,
}

/// `c + k·j` for `j < 2^16`, read as `low[j mod 256] + high[⌊j/256⌋]` from two tables of 256
/// entries (`c + k·l` and `256·k·h`): 16 KiB that stay in the nearest cache, where a table of all
/// `2^16` entries (2 MiB) costs a cache miss per random read — measured four times slower on
/// the leaves' bindings.
struct ByteSplitLinear {
    low: Vec<Fr>,
    high: Vec<Fr>,
}

impl ByteSplitLinear {
    /// Built by additions.
    fn new(constant: Fr, slope: Fr) -> Self {
        let progression = |start: Fr, step: Fr| {
            let mut value = start;
            (0..256)
                .map(|_| {
                    let entry = value;
                    value += step;
                    entry
                })
                .collect()
        };
        let high_step = slope * Fr::from(256u64);
        Self {
            low: progression(constant, slope),
            high: progression(Fr::zero(), high_step),
        }
    }

    #[inline(always)]
    fn at(&self, j: u64) -> Fr {
        self.low[(j & 0xff) as usize] + self.high[(j >> 8) as usize]
    }
}

/// Range tables up to this width keep their leaves as indices: a product of two leaf
/// differences then stays below `2^{2·bits} ≤ 2^32`, and summed over a round's pairs the
/// unreduced accumulator's carry word cannot overflow.
const RANGE_LEAVES_MAX_BITS: u32 = 16;

impl RangeLeaves {
    /// The columns one after another, if the table is a range of at most
    /// [`RANGE_LEAVES_MAX_BITS`] bits, the columns need no padding and every value lies in the
    /// table (a cheating prover's values outside it go through the field path).
    pub(super) fn new<T: LookupTable>(table: &T, columns: &[&[u32]], alpha: Fr) -> Option<Self> {
        let bits = match table.range_bits() {
            Some(bits) if bits <= RANGE_LEAVES_MAX_BITS => bits,
            _ => return None,
        };
        let leaves: usize = columns.iter().map(|c| c.len()).sum();
        if !columns.len().is_power_of_two() || leaves < 8 {
            return None;
        }
        let size = 1u32 << bits;
        if columns.iter().any(|c| c.iter().any(|w| *w >= size)) {
            return None;
        }
        Some(Self {
            indices: columns.concat(),
            shifted: ByteSplitLinear::new(alpha, -Fr::one()),
            alpha,
        })
    }

    /// Number of leaves.
    pub(super) fn len(&self) -> usize {
        self.indices.len()
    }

    /// Leaf `i`'s denominator `α − w_i`.
    pub(super) fn leaf_value(&self, i: usize) -> Fr {
        self.shifted.at(u64::from(self.indices[i]))
    }

    pub(super) fn alpha(&self) -> Fr {
        self.alpha
    }

    /// Entries of the level above the leaves.
    pub(super) fn pairs_len(&self) -> usize {
        self.indices.len() / 2
    }

    /// The leaves `(a, b)` under entry `i` of the level above them.
    #[inline]
    fn pair(&self, i: usize) -> (u64, u64) {
        let half = self.indices.len() / 2;
        (
            u64::from(self.indices[i]),
            u64::from(self.indices[i + half]),
        )
    }

    /// `(s, m) = (a + b, a·b)` of entry `i` of the level above the leaves.
    #[inline]
    fn pair_integers(&self, i: usize) -> (i64, i64) {
        let (a, b) = self.pair(i);
        ((a + b) as i64, (a * b) as i64)
    }

    /// Entry `i` of the level above the leaves: `(α − a) + (α − b)` over `(α − a)·(α − b)`.
    #[inline]
    pub(super) fn pair_value(&self, i: usize) -> (Fr, Fr) {
        let (a, b) = self.pair(i);
        let (x, y) = (self.shifted.at(a), self.shifted.at(b));
        (x + y, x * y)
    }

    /// Two levels above the leaves: the widest level kept in field elements.
    pub(super) fn grandparent_level(&self) -> (Vec<Fr>, Vec<Fr>) {
        let quarter = self.indices.len() / 4;
        map_pairs(quarter, |j| {
            let (p0, q0) = self.pair_value(j);
            let (p1, q1) = self.pair_value(j + quarter);
            (p0 * q1 + p1 * q0, q0 * q1)
        })
    }
}

impl RangeLeaves {
    /// [`Self::parent_sums`] when the layer above is the one over range leaves: with
    /// `p' = 2α − s` and `q' = α² − α·s + m`, `Σ eq·p' = 2α·Σ eq − Σ eq·s` and
    /// `Σ eq·q' = α²·Σ eq − α·Σ eq·s + Σ eq·m`, sums of `eq` times integers.
    pub(super) fn parent_sums(
        &self,
        eq: &[Fr],
        half: usize,
        pairs: std::ops::Range<usize>,
        points: Points,
    ) -> Sums {
        type Acc = <Fr as UnreducedAccumulate>::Accumulator;
        // [Σ eq, Σ eq·s, Σ eq·m] at t = 0 and t = 1 (s < 2^17, m < 2^32: the carry word holds
        // any round's sums).
        let mut acc = [[Acc::default(); 3]; 2];
        let add = |acc: &mut [Acc; 3], e: &Fr, i: usize| {
            let (s, m) = self.pair_integers(i);
            Fr::accumulate(&mut acc[0], e);
            Fr::accumulate_scaled(&mut acc[1], e, s as u64);
            Fr::accumulate_scaled(&mut acc[2], e, m as u64);
        };
        for i in pairs {
            let e = &eq[i];
            if points.zero {
                add(&mut acc[0], e, i);
            }
            if points.one {
                add(&mut acc[1], e, i + half);
            }
        }
        let alpha = self.alpha();
        let mut sums = [Fr::zero(); 6];
        for (t, acc) in acc.iter().enumerate() {
            let [e, es, em] = acc.map(|a| Fr::reduce(&a));
            sums[t] = alpha.double() * e - es;
            sums[t + 3] = (alpha * e - es) * alpha + em;
        }
        sums
    }

    /// Pairs `lo..hi` of the first round over the level above range leaves at `t = ∞`. With
    /// `Δp = −Δs` and `Δq = −α·Δs + Δm` for each half, the leading coefficient
    /// `Δp_0·Δq_1 + Δp_1·Δq_0 + λ·Δq_0·Δq_1` is `2α·A − B + λ·(α²·A − α·B + C)` for the integers
    /// `A = Δs_0·Δs_1`, `B = Δs_0·Δm_1 + Δs_1·Δm_0`, `C = Δm_0·Δm_1`.
    pub(super) fn pair_sums(&self, eq: &[Fr], pairs: std::ops::Range<usize>) -> Sums {
        let half = self.pairs_len() / 2;
        let quarter = half / 2;
        let mut sums: [SignedScaledSum<Fr>; 3] = Default::default();
        for i in pairs {
            let delta = |low: usize| {
                let (s_low, m_low) = self.pair_integers(low);
                let (s_high, m_high) = self.pair_integers(low + quarter);
                (i128::from(s_high - s_low), i128::from(m_high - m_low))
            };
            let ((ds0, dm0), (ds1, dm1)) = (delta(i), delta(half + i));
            let e = &eq[i];
            sums[0].add(e, ds0 * ds1);
            sums[1].add(e, ds0 * dm1 + ds1 * dm0);
            sums[2].add(e, dm0 * dm1);
        }
        let [a, b, c] = sums.map(|sum| sum.value());
        let alpha = self.alpha();
        let mut out = [Fr::zero(); 6];
        out[2] = alpha.double() * a - b;
        out[5] = (alpha * a - b) * alpha + c;
        out
    }

    /// Pairs `lo..hi` of the first round over range leaves at `t = ∞`: the inner polynomial's
    /// leading coefficient is `λ·Δq_0·Δq_1` and each `Δ` is a difference of two indices, so the
    /// pass multiplies `eq` entries by integers only.
    pub(super) fn leaf_sums(&self, eq: &[Fr], pairs: std::ops::Range<usize>) -> Sums {
        let (w0, w1) = self.indices.split_at(self.indices.len() / 2);
        let quarter = w0.len() / 2;
        // Positive and negative products apart: the accumulators hold unsigned sums.
        let mut acc = [<Fr as UnreducedAccumulate>::Accumulator::default(); 2];
        for i in pairs {
            // q(1) − q(0) = (α − w_high) − (α − w_low).
            let d0 = i64::from(w0[i]) - i64::from(w0[i + quarter]);
            let d1 = i64::from(w1[i]) - i64::from(w1[i + quarter]);
            let k = d0 * d1;
            Fr::accumulate_scaled(&mut acc[usize::from(k < 0)], &eq[i], k.unsigned_abs());
        }
        let mut sums = [Fr::zero(); 6];
        sums[5] = Fr::reduce(&acc[0]) - Fr::reduce(&acc[1]);
        sums
    }

    /// Pairs `lo..hi` of the second round over range leaves bound (in effect) at `r_1`. Entry
    /// `j` of half `b` is then `α − v` with `v = w + r_1·d` (`w` its low leaf, `d` the high
    /// leaf minus `w`), so with `v_0`, `v_1` the halves' entries:
    /// `q_0 + q_1 = 2α − (w_0 + w_1) − r_1·(d_0 + d_1)` and
    /// `q_0·q_1 = α² − α·(v_0 + v_1) + w_0w_1 + r_1·(w_0d_1 + w_1d_0) + r_1²·d_0d_1`; at `∞`,
    /// `Δq_0·Δq_1 = Δw_0Δw_1 + r_1·(Δw_0Δd_1 + Δw_1Δd_0) + r_1²·Δd_0Δd_1`. Every sum is `eq` times
    /// an integer; `r_1` and `α` multiply once per round.
    pub(super) fn leaf_second_sums(
        &self,
        eq: &[Fr],
        r1: Fr,
        pairs: std::ops::Range<usize>,
        points: Points,
    ) -> Sums {
        type Acc = <Fr as UnreducedAccumulate>::Accumulator;
        let w = &self.indices;
        let half = w.len() / 2;
        let (first, second) = (half / 2, half / 4);
        // (w, d) of entry j of half b after the first binding.
        let entry = |b: usize, j: usize| {
            let low = i64::from(w[b * half + j]);
            (low, i64::from(w[b * half + j + first]) - low)
        };
        // Per point t ∈ {0, 1}: Σe, Σe·(w0 + w1), Σe·w0w1 unsigned; Σe·(d0 + d1),
        // Σe·(w0d1 + w1d0), Σe·d0d1 signed. At ∞: the three signed coefficients.
        let mut unsigned = [[Acc::default(); 3]; 2];
        let mut signed: [[SignedScaledSum<Fr>; 3]; 3] = Default::default();
        for i in pairs {
            let e = &eq[i];
            for (t, wanted) in [points.zero, points.one].into_iter().enumerate() {
                if !wanted {
                    continue;
                }
                let ((w0, d0), (w1, d1)) = (entry(0, i + t * second), entry(1, i + t * second));
                Fr::accumulate(&mut unsigned[t][0], e);
                Fr::accumulate_scaled(&mut unsigned[t][1], e, (w0 + w1) as u64);
                Fr::accumulate_scaled(&mut unsigned[t][2], e, (w0 * w1) as u64);
                signed[t][0].add(e, i128::from(d0 + d1));
                signed[t][1].add(e, i128::from(w0 * d1 + w1 * d0));
                signed[t][2].add(e, i128::from(d0 * d1));
            }
            if points.infinity {
                let delta = |b: usize| {
                    let ((w_low, d_low), (w_high, d_high)) = (entry(b, i), entry(b, i + second));
                    (w_high - w_low, d_high - d_low)
                };
                let ((dw0, dd0), (dw1, dd1)) = (delta(0), delta(1));
                signed[2][0].add(e, i128::from(dw0 * dw1));
                signed[2][1].add(e, i128::from(dw0 * dd1 + dw1 * dd0));
                signed[2][2].add(e, i128::from(dd0 * dd1));
            }
        }
        let alpha = self.alpha();
        let mut sums = [Fr::zero(); 6];
        for t in 0..2 {
            let [e, sw, pw] = unsigned[t].map(|a| Fr::reduce(&a));
            let [sd, pwd, pd] = [0, 1, 2].map(|k| signed[t][k].value());
            let v = sw + r1 * sd;
            sums[t] = alpha.double() * e - v;
            sums[t + 3] = (alpha * e - v) * alpha + pw + r1 * (pwd + r1 * pd);
        }
        let [c0, c1, c2] = [0, 1, 2].map(|k| signed[2][k].value());
        sums[5] = c0 + r1 * (c1 + r1 * c2);
        sums
    }

    /// The range leaves' denominators bound at `(r_1, r_2)` (their top two variables per half):
    /// `α − Σ_c ω_c·w_c` over the four leaves `w_c` under an entry, with weights
    /// `ω = (1 − r_1)(1 − r_2), r_1(1 − r_2), (1 − r_1)r_2, r_1r_2`. Each `ω_c·w` is read from a table
    /// over the table's entries (built by additions), so no entry is multiplied.
    pub(super) fn bind_leaves_into(&self, r1: Fr, r2: Fr, out: &mut Vec<Fr>) {
        let w = &self.indices;
        let half = w.len() / 2;
        let (first, second) = (half / 2, half / 4);
        let weights = [
            (Fr::one() - r1) * (Fr::one() - r2),
            r1 * (Fr::one() - r2),
            (Fr::one() - r1) * r2,
            r1 * r2,
        ];
        // scaled[c](j) = ω_c·j; the first also carries α: α − ω_0·j.
        let scaled = [
            ByteSplitLinear::new(self.alpha(), -weights[0]),
            ByteSplitLinear::new(Fr::zero(), weights[1]),
            ByteSplitLinear::new(Fr::zero(), weights[2]),
            ByteSplitLinear::new(Fr::zero(), weights[3]),
        ];
        let fold = |b: usize, j: usize| {
            let at = |offset: usize| u64::from(w[b * half + j + offset]);
            scaled[0].at(at(0))
                - scaled[1].at(at(first))
                - scaled[2].at(at(second))
                - scaled[3].at(at(first + second))
        };
        out.clear();
        for b in 0..2 {
            extend_map(out, 0..second, PARALLEL_PAIRS, |j| fold(b, j));
        }
    }

    /// The level above range leaves bound at `r`, numerators into `p` and denominators into `q`
    /// (cleared first): each entry computed from its two leaves, then folded.
    pub(super) fn bind_pairs_into(&self, r: Fr, p: &mut Vec<Fr>, q: &mut Vec<Fr>) {
        let half = self.pairs_len() / 2;
        let quarter = half / 2;
        let fold = |k: usize| {
            // Output k: the low half's entries first, then the high half's.
            let low = if k < quarter { k } else { half + k - quarter };
            let ((p_low, q_low), (p_high, q_high)) =
                (self.pair_value(low), self.pair_value(low + quarter));
            (p_low + r * (p_high - p_low), q_low + r * (q_high - q_low))
        };
        unzip_into(half, PARALLEL_PAIRS, fold, p, q);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fraction_tree::{prove_tree, FractionTree};
    use super::*;
    use crate::table::{LookupTable, RangeTable};
    use ark_ff::Zero;
    use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
    use spazk_transcript::Transcript;

    /// Proves the witness tree of `columns` from its leaves as field elements and from their
    /// indices: the proofs, points and claims must agree exactly.
    fn both_ways(columns: &[Vec<u32>], bits: u32) {
        let table = RangeTable { bits };
        let alpha = Fr::from(0x5eed_u64) + Fr::from(u64::MAX);
        let shifted = table.shifted_entries(alpha, Fr::zero());
        let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
        let leaves = RangeLeaves::new(&table, &refs, alpha).expect("range leaves apply");
        let field = FractionTree::build(
            Vec::new(),
            leaves
                .indices
                .iter()
                .map(|w| shifted[*w as usize])
                .collect(),
        );
        let indexed = FractionTree::build_range(leaves);
        assert_eq!(field.depth(), indexed.depth());
        let mut t1 = Transcript::new(b"range-leaves-test");
        let mut t2 = Transcript::new(b"range-leaves-test");
        let (proof1, point1, p1, q1) = prove_tree(field, &mut t1);
        let (proof2, point2, p2, q2) = prove_tree(indexed, &mut t2);
        assert_eq!(proof1, proof2);
        assert_eq!((point1, p1, q1), (point2, p2, q2));
    }

    #[test]
    fn range_leaves_prove_as_field_leaves() {
        let mut rng = StdRng::seed_from_u64(11);
        for (columns, rows, bits) in [
            (1, 8, 2),
            (1, 16, 3),
            (1, 1 << 10, 16),
            (2, 1 << 9, 8),
            (4, 64, 16),
        ] {
            let data: Vec<Vec<u32>> = (0..columns)
                .map(|_| (0..rows).map(|_| rng.gen_range(0..1u32 << bits)).collect())
                .collect();
            both_ways(&data, bits);
        }
        // Extreme differences: 0 against the largest entry, in both orders.
        let edges: Vec<u32> = (0..256)
            .map(|i| if i % 3 == 0 { 0 } else { u16::MAX as u32 })
            .collect();
        both_ways(&[edges], 16);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// Any in-range witness proves the same through indices as through field leaves.
        #[test]
        fn range_leaves_prove_as_field_leaves_for_any_witness(
            column_vars in 0u32..3,
            row_vars in 1u32..8,
            bits in 1u32..=16,
            seed in proptest::prelude::any::<u64>(),
        ) {
            let rows = 1usize << row_vars;
            proptest::prop_assume!((rows << column_vars) >= 8);
            let mut rng = StdRng::seed_from_u64(seed);
            let data: Vec<Vec<u32>> = (0..1 << column_vars)
                .map(|_| (0..rows).map(|_| rng.gen_range(0..1u32 << bits)).collect())
                .collect();
            both_ways(&data, bits);
        }
    }

    #[test]
    fn range_leaves_need_an_unpadded_in_range_witness() {
        let table = RangeTable { bits: 4 };
        let alpha = Fr::from(99u64);
        let column = vec![1u32; 8];
        assert!(RangeLeaves::new(&table, &[&column, &column, &column], alpha).is_none());
        let outside = vec![16u32; 8];
        assert!(RangeLeaves::new(&table, &[&outside], alpha).is_none());
        assert!(RangeLeaves::new(&RangeTable { bits: 17 }, &[&column], alpha).is_none());
        assert!(RangeLeaves::new(&table, &[&column], alpha).is_some());
        // Fewer than eight leaves: the tree would have no layer over stored levels.
        assert!(RangeLeaves::new(&table, &[&column[..4]], alpha).is_none());
    }
}
