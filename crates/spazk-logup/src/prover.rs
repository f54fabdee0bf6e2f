//! The LogUp-GKR prover: fraction trees proved layer by layer with a degree-3 sumcheck each.

use crate::claim::{ColumnClaims, LookupStatement};
use crate::error::{LogUpError, Side};
use crate::proof::{FractionLayerProof, FractionTreeProof, LookupProof};
use crate::split_eq::SplitEq;
use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, One, Zero};
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use spazk_field::{
    eq_table, extrapolate_evaluations, SignedScaledSum, UnreducedAccumulate, UnreducedMultiply,
};
use spazk_hyrax::{open_values, Commit, HyraxParams, Layout};
use spazk_sumcheck::{prove_sumcheck, SumcheckInstance};
use spazk_transcript::Transcript;

/// Transcript labels shared with the verifier.
pub(crate) mod label {
    pub const MULTIPLICITIES: &[u8] = b"logup-multiplicities";
    pub const ALPHA: &[u8] = b"logup-alpha";
    pub const BETA: &[u8] = b"logup-beta";
    pub const ROOT: &[u8] = b"logup-root";
    pub const LAMBDA: &[u8] = b"logup-lambda";
    pub const CHILDREN: &[u8] = b"logup-children";
    pub const TAU: &[u8] = b"logup-tau";
    pub const COLUMN_VALUES: &[u8] = b"logup-column-values";
    pub const MULTIPLICITY_VALUE: &[u8] = b"logup-multiplicity-value";
}

/// Below this many pairs a round runs on one thread.
#[cfg(feature = "parallel")]
const PARALLEL_PAIRS: usize = 1 << 12;

/// Every level of a tree of fractions `p/q`: level `k` has `2^k` entries and entry `i` is the
/// sum of level `k + 1`'s entries `i` and `i + 2^k` (the top variable is summed out first, so
/// halves stay contiguous). Level 0 is the root. An empty numerator level means all ones (the
/// witness leaves `1/(α − w)`), which halves the work on the widest level.
struct FractionTree {
    /// Levels `0..=depth` in field elements, or `0..depth − 1` when the leaves are
    /// [`RangeLeaves`] (which stand for the last two levels).
    numerators: Vec<Vec<Fr>>,
    denominators: Vec<Vec<Fr>>,
    leaves: Option<RangeLeaves>,
}

/// Witness leaves `1/(α − w_i)` of a range table `[0, 2^bits)`, kept as the indices `w_i`; they
/// also stand for the level above them, whose entry `i` (leaves `a = w_i`, `b = w_{i + n/2}`)
/// is `(2α − s)/(α² − α·s + m)` with the integers `s = a + b`, `m = a·b`.
///
/// The two widest layers' first rounds therefore sum `eq` times integers (leaf differences,
/// and `s`, `m` and their differences), so does the leaves' second round (their binding waits
/// for it), and neither level is ever written out as field elements: together they are most of
/// the prover's work and memory.
struct RangeLeaves {
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
    fn new(table: &crate::table::LookupTable, columns: &[&[u32]], alpha: Fr) -> Option<Self> {
        let bits = match table {
            crate::table::LookupTable::Range { bits } if *bits <= RANGE_LEAVES_MAX_BITS => *bits,
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

    fn alpha(&self) -> Fr {
        self.alpha
    }

    /// Entries of the level above the leaves.
    fn pairs_len(&self) -> usize {
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
    fn pair_value(&self, i: usize) -> (Fr, Fr) {
        let (a, b) = self.pair(i);
        let (x, y) = (self.shifted.at(a), self.shifted.at(b));
        (x + y, x * y)
    }

    /// Two levels above the leaves: the widest level kept in field elements.
    fn grandparent_level(&self) -> (Vec<Fr>, Vec<Fr>) {
        let quarter = self.indices.len() / 4;
        map_pairs(quarter, |j| {
            let (p0, q0) = self.pair_value(j);
            let (p1, q1) = self.pair_value(j + quarter);
            (p0 * q1 + p1 * q0, q0 * q1)
        })
    }
}

/// Maps `0..len` through `f` into two vectors, on several threads when large.
fn map_pairs(len: usize, f: impl Fn(usize) -> (Fr, Fr) + Sync + Send) -> (Vec<Fr>, Vec<Fr>) {
    #[cfg(feature = "parallel")]
    if len >= PARALLEL_PAIRS {
        return (0..len).into_par_iter().map(f).unzip();
    }
    (0..len).map(f).unzip()
}

impl FractionTree {
    /// `leaf_numerators` empty means every leaf numerator is one.
    fn build(leaf_numerators: Vec<Fr>, leaf_denominators: Vec<Fr>) -> Self {
        debug_assert!(leaf_denominators.len().is_power_of_two());
        Self::build_from(vec![leaf_numerators], vec![leaf_denominators], None)
    }

    /// The witness tree of range-table leaves kept as indices.
    fn build_range(leaves: RangeLeaves) -> Self {
        let (p, q) = leaves.grandparent_level();
        Self::build_from(vec![p], vec![q], Some(leaves))
    }

    /// Completes the tree above its widest field level.
    fn build_from(
        mut numerators: Vec<Vec<Fr>>,
        mut denominators: Vec<Vec<Fr>>,
        leaves: Option<RangeLeaves>,
    ) -> Self {
        while denominators.last().map_or(0, Vec::len) > 1 {
            let (p, q) = (numerators.last().unwrap(), denominators.last().unwrap());
            let half = q.len() / 2;
            // p/q = p0/q0 + p1/q1 = (p0·q1 + p1·q0) / (q0·q1).
            let (up_p, up_q) = if p.is_empty() {
                map_pairs(half, |i| (q[i] + q[i + half], q[i] * q[i + half]))
            } else {
                map_pairs(half, |i| {
                    (p[i] * q[i + half] + p[i + half] * q[i], q[i] * q[i + half])
                })
            };
            numerators.push(up_p);
            denominators.push(up_q);
        }
        numerators.reverse();
        denominators.reverse();
        Self {
            numerators,
            denominators,
            leaves,
        }
    }

    fn depth(&self) -> usize {
        self.denominators.len() - 1 + 2 * usize::from(self.leaves.is_some())
    }
}

/// A layer's tables as the tree holds them.
#[derive(Clone, Copy)]
enum LayerTables<'t> {
    /// `(p, q)`, halves `x_0 ‖ x_1`; `p` empty means all ones.
    Field(&'t [Fr], &'t [Fr]),
    /// Unit numerators over `α − w` for the leaves' indices `w`.
    RangeLeaves(&'t RangeLeaves),
    /// The level above range leaves, from their indices.
    RangePairs(&'t RangeLeaves),
}

/// The layer above a layer's tables, which its first round reads.
enum Parent<'t> {
    /// `(p', q')`, owned: the first binding then writes the bound tables into this memory
    /// (both have half the layer's entries, and fresh pages cost more than the arithmetic that
    /// fills them).
    Field(Vec<Fr>, Vec<Fr>),
    /// The level above range leaves, from their indices.
    RangePairs(&'t RangeLeaves),
}

impl LayerTables<'_> {
    fn len(&self) -> usize {
        match self {
            Self::Field(_, q) => q.len(),
            Self::RangeLeaves(leaves) => leaves.indices.len(),
            Self::RangePairs(leaves) => leaves.pairs_len(),
        }
    }
}

/// One layer's sumcheck: `Σ_x eq(ρ, x)·[p_0(x)·q_1(x) + p_1(x)·q_0(x) + λ·q_0(x)·q_1(x)]` where
/// `p_b`, `q_b` are the halves of the layer below (`p` empty: all ones).
///
/// The eq factor is kept out of the tables (Gruen's split): a round computes the degree-2 inner
/// sum `Q(t)` weighted by `eq` over the unbound variables below the current one, and multiplies by
/// the current variable's linear eq factor and the bound variables' product. The eq table then
/// shrinks by additions only. `Q` is computed at `0` and at `∞` (its leading coefficient, from
/// the differences `x(1) − x(0)` alone); `Q(1)` follows from the running claim. Sums of
/// `eq·(…)` are accumulated unreduced (one Montgomery reduction per sum, not per term). In the
/// first round `Q(0)` is the layer above, `p' + λ·q'`, already in the tree.
struct FractionLayerInstance<'t> {
    /// The layer as built: read until the first variable is bound (it stays in the tree for the
    /// layer below's first round).
    level: LayerTables<'t>,
    /// The layer's tables once a variable is bound, halves kept contiguous, bound in place.
    bound: Option<(Vec<Fr>, Vec<Fr>)>,
    eq: SplitEq,
    lambda: Fr,
    /// The layer above, read by the first round.
    parent: Parent<'t>,
    /// Range leaves' first challenge while their binding is delayed: after it a leaf is still
    /// `α − (w + r_1·d)` for integers `w`, `d`, so the second round also sums `eq` times
    /// integers and one binding then covers both rounds.
    pending: Option<Fr>,
    /// Memory for bound tables when the parent has none (the leaves' parent is not stored).
    reserve: Vec<Fr>,
}

/// Sums of `[at 0, at 1, at ∞]` and, apart, the parts `λ` multiplies (so that `λ` multiplies once
/// per round instead of once per pair).
type Sums = [Fr; 6];

/// Unreduced sums of products, in the layout of [`Sums`].
type ProductSums = [<Fr as UnreducedMultiply>::ProductSum; 6];

fn add_sums(a: Sums, b: Sums) -> Sums {
    std::array::from_fn(|k| a[k] + b[k])
}

fn reduce_sums(acc: &ProductSums) -> Sums {
    std::array::from_fn(|k| Fr::reduce_products(&acc[k]))
}

/// Which of `Q(0)`, `Q(1)`, `Q(∞)` a pass computes.
#[derive(Clone, Copy)]
struct Points {
    zero: bool,
    one: bool,
    infinity: bool,
}

impl<'t> FractionLayerInstance<'t> {
    /// `spare` is memory the previous layer freed: its second buffer holds the eq table, its
    /// first the bound tables if the parent has no memory to lend.
    fn new(
        level: LayerTables<'t>,
        parent: Parent<'t>,
        rho: Vec<Fr>,
        lambda: Fr,
        spare: (Vec<Fr>, Vec<Fr>),
    ) -> Self {
        Self {
            level,
            bound: None,
            eq: SplitEq::new_in(rho, spare.1),
            lambda,
            parent,
            pending: None,
            reserve: spare.0,
        }
    }

    /// The buffers the layer leaves behind (its bound tables, the larger second), for the next
    /// layer.
    fn into_buffers(self) -> (Vec<Fr>, Vec<Fr>) {
        match self.bound {
            Some((p, q)) if p.capacity() >= q.capacity() => (q, p),
            Some((p, q)) => (p, q),
            None => (self.reserve, self.eq.into_buffer()),
        }
    }

    fn first_round(&self) -> bool {
        self.bound.is_none() && self.pending.is_none()
    }

    /// `(x_0, x_1)`: the two halves of a layer table.
    fn halves(table: &[Fr]) -> (&[Fr], &[Fr]) {
        table.split_at(table.len() / 2)
    }

    /// The current `(p, q)` once they are field tables.
    fn field_tables(&self) -> Option<(&[Fr], &[Fr])> {
        match (&self.bound, self.level) {
            (Some((p, q)), _) => Some((p, q)),
            (None, LayerTables::Field(p, q)) => Some((p, q)),
            (None, LayerTables::RangeLeaves(_) | LayerTables::RangePairs(_)) => None,
        }
    }

    /// Entries of each current table.
    fn len(&self) -> usize {
        match (&self.bound, self.pending) {
            (Some((_, q)), _) => q.len(),
            (None, Some(_)) => self.level.len() / 2,
            (None, None) => self.level.len(),
        }
    }

    fn unit_numerators(&self) -> bool {
        match self.level {
            LayerTables::Field(p, _) => p.is_empty(),
            LayerTables::RangeLeaves(_) => true,
            LayerTables::RangePairs(_) => false,
        }
    }

    /// Children's values at the sumcheck's final point.
    fn final_values(&self) -> ([Fr; 2], [Fr; 2]) {
        if let Some((p, q)) = self.field_tables() {
            let p = if self.unit_numerators() {
                [Fr::one(); 2]
            } else {
                [p[0], p[1]]
            };
            return (p, [q[0], q[1]]);
        }
        // A sumcheck without rounds over tables from indices (the tree never builds one, but
        // the values are still well defined).
        match self.level {
            LayerTables::RangeLeaves(leaves) => {
                let value = |i: usize| leaves.shifted.at(u64::from(leaves.indices[i]));
                ([Fr::one(); 2], [value(0), value(1)])
            }
            LayerTables::RangePairs(leaves) => {
                let ((p0, q0), (p1, q1)) = (leaves.pair_value(0), leaves.pair_value(1));
                ([p0, p1], [q0, q1])
            }
            LayerTables::Field(..) => unreachable!("field tables are handled above"),
        }
    }

    /// Pairs `lo..hi` of the first round at `t ∈ {0, 1}` from the layer above.
    fn parent_sums(&self, pairs: std::ops::Range<usize>, points: Points) -> Sums {
        let half = self.len() / 4;
        let (p, q) = match &self.parent {
            Parent::Field(p, q) => (p, q),
            Parent::RangePairs(leaves) => {
                return Self::range_parent_sums(leaves, &self.eq, half, pairs, points)
            }
        };
        let mut acc: ProductSums = Default::default();
        for i in pairs {
            let e = &self.eq.low()[i];
            if points.zero {
                Fr::accumulate_product(&mut acc[0], e, &p[i]);
                Fr::accumulate_product(&mut acc[3], e, &q[i]);
            }
            if points.one {
                Fr::accumulate_product(&mut acc[1], e, &p[i + half]);
                Fr::accumulate_product(&mut acc[4], e, &q[i + half]);
            }
        }
        reduce_sums(&acc)
    }

    /// [`Self::parent_sums`] when the layer above is the one over range leaves: with
    /// `p' = 2α − s` and `q' = α² − α·s + m`, `Σ eq·p' = 2α·Σ eq − Σ eq·s` and
    /// `Σ eq·q' = α²·Σ eq − α·Σ eq·s + Σ eq·m`, sums of `eq` times integers.
    fn range_parent_sums(
        leaves: &RangeLeaves,
        eq: &SplitEq,
        half: usize,
        pairs: std::ops::Range<usize>,
        points: Points,
    ) -> Sums {
        type Acc = <Fr as UnreducedAccumulate>::Accumulator;
        // [Σ eq, Σ eq·s, Σ eq·m] at t = 0 and t = 1 (s < 2^17, m < 2^32: the carry word holds
        // any round's sums).
        let mut acc = [[Acc::default(); 3]; 2];
        let add = |acc: &mut [Acc; 3], e: &Fr, i: usize| {
            let (s, m) = leaves.pair_integers(i);
            Fr::accumulate(&mut acc[0], e);
            Fr::accumulate_scaled(&mut acc[1], e, s as u64);
            Fr::accumulate_scaled(&mut acc[2], e, m as u64);
        };
        for i in pairs {
            let e = &eq.low()[i];
            if points.zero {
                add(&mut acc[0], e, i);
            }
            if points.one {
                add(&mut acc[1], e, i + half);
            }
        }
        let alpha = leaves.alpha();
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
    fn range_pair_sums(&self, leaves: &RangeLeaves, pairs: std::ops::Range<usize>) -> Sums {
        let half = leaves.pairs_len() / 2;
        let quarter = half / 2;
        let mut sums: [SignedScaledSum<Fr>; 3] = Default::default();
        for i in pairs {
            let delta = |low: usize| {
                let (s_low, m_low) = leaves.pair_integers(low);
                let (s_high, m_high) = leaves.pair_integers(low + quarter);
                (i128::from(s_high - s_low), i128::from(m_high - m_low))
            };
            let ((ds0, dm0), (ds1, dm1)) = (delta(i), delta(half + i));
            let e = &self.eq.low()[i];
            sums[0].add(e, ds0 * ds1);
            sums[1].add(e, ds0 * dm1 + ds1 * dm0);
            sums[2].add(e, dm0 * dm1);
        }
        let [a, b, c] = sums.map(|sum| sum.value());
        let alpha = leaves.alpha();
        let mut out = [Fr::zero(); 6];
        out[2] = alpha.double() * a - b;
        out[5] = (alpha * a - b) * alpha + c;
        out
    }

    /// Pairs `lo..hi` of the first round over range leaves at `t = ∞`: the inner polynomial's
    /// leading coefficient is `λ·Δq_0·Δq_1` and each `Δ` is a difference of two indices, so the
    /// pass multiplies `eq` entries by integers only.
    fn range_leaf_sums(&self, leaves: &RangeLeaves, pairs: std::ops::Range<usize>) -> Sums {
        let (w0, w1) = leaves.indices.split_at(leaves.indices.len() / 2);
        let quarter = w0.len() / 2;
        // Positive and negative products apart: the accumulators hold unsigned sums.
        let mut acc = [<Fr as UnreducedAccumulate>::Accumulator::default(); 2];
        for i in pairs {
            // q(1) − q(0) = (α − w_high) − (α − w_low).
            let d0 = i64::from(w0[i]) - i64::from(w0[i + quarter]);
            let d1 = i64::from(w1[i]) - i64::from(w1[i + quarter]);
            let k = d0 * d1;
            Fr::accumulate_scaled(
                &mut acc[usize::from(k < 0)],
                &self.eq.low()[i],
                k.unsigned_abs(),
            );
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
    fn range_leaf_second_sums(
        &self,
        leaves: &RangeLeaves,
        r1: Fr,
        pairs: std::ops::Range<usize>,
        points: Points,
    ) -> Sums {
        type Acc = <Fr as UnreducedAccumulate>::Accumulator;
        let w = &leaves.indices;
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
            let e = &self.eq.low()[i];
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
        let alpha = leaves.alpha();
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

    /// Pairs `lo..hi` of the current round: unit numerators, `F = q_0 + q_1 + λ·q_0·q_1`.
    fn unit_sums(&self, q: &[Fr], pairs: std::ops::Range<usize>, points: Points) -> Sums {
        let (q0, q1) = Self::halves(q);
        let half = q0.len() / 2;
        let (q0l, q0h) = q0.split_at(half);
        let (q1l, q1h) = q1.split_at(half);
        let mut acc: ProductSums = Default::default();
        // The linear part and the product apart.
        let add = |acc: &mut ProductSums, k: usize, e: &Fr, a: Fr, b: Fr| {
            Fr::accumulate_product(&mut acc[k], e, &(a + b));
            Fr::accumulate_product(&mut acc[k + 3], e, &(a * b));
        };
        for i in pairs {
            let e = &self.eq.low()[i];
            let (a, b, c, d) = (q0l[i], q1l[i], q0h[i], q1h[i]);
            if points.zero {
                add(&mut acc, 0, e, a, b);
            }
            if points.one {
                add(&mut acc, 1, e, c, d);
            }
            if points.infinity {
                // The linear part has no t² term.
                Fr::accumulate_product(&mut acc[5], e, &((c - a) * (d - b)));
            }
        }
        reduce_sums(&acc)
    }

    /// Pairs `lo..hi` of the current round: general numerators.
    fn general_sums(
        &self,
        (p, q): (&[Fr], &[Fr]),
        pairs: std::ops::Range<usize>,
        points: Points,
    ) -> Sums {
        let ((p0, p1), (q0, q1)) = (Self::halves(p), Self::halves(q));
        let half = q0.len() / 2;
        let (p0l, p0h) = p0.split_at(half);
        let (p1l, p1h) = p1.split_at(half);
        let (q0l, q0h) = q0.split_at(half);
        let (q1l, q1h) = q1.split_at(half);
        let lambda = self.lambda;
        // Bilinear in (p, q), so at ∞ it takes the differences.
        let term = |p0: Fr, p1: Fr, q0: Fr, q1: Fr| p0 * q1 + q0 * (p1 + lambda * q1);
        let mut acc: ProductSums = Default::default();
        for i in pairs {
            let e = &self.eq.low()[i];
            if points.zero {
                let t = term(p0l[i], p1l[i], q0l[i], q1l[i]);
                Fr::accumulate_product(&mut acc[0], e, &t);
            }
            if points.one {
                let t = term(p0h[i], p1h[i], q0h[i], q1h[i]);
                Fr::accumulate_product(&mut acc[1], e, &t);
            }
            if points.infinity {
                let t = term(
                    p0h[i] - p0l[i],
                    p1h[i] - p1l[i],
                    q0h[i] - q0l[i],
                    q1h[i] - q1l[i],
                );
                Fr::accumulate_product(&mut acc[2], e, &t);
            }
        }
        reduce_sums(&acc)
    }

    /// Pairs `lo..hi` of the current tables.
    fn table_sums(&self, pairs: std::ops::Range<usize>, points: Points) -> Sums {
        match self.field_tables() {
            Some((_, q)) if self.unit_numerators() => self.unit_sums(q, pairs, points),
            Some(tables) => self.general_sums(tables, pairs, points),
            None => match self.level {
                LayerTables::RangeLeaves(leaves) => match self.pending {
                    Some(r1) => self.range_leaf_second_sums(leaves, r1, pairs, points),
                    // The first round takes t = 0, 1 from the parent.
                    None if !points.zero && !points.one => self.range_leaf_sums(leaves, pairs),
                    None => unreachable!("the first round's t = 0, 1 come from the parent"),
                },
                LayerTables::RangePairs(leaves) if !points.zero && !points.one => {
                    self.range_pair_sums(leaves, pairs)
                }
                _ => unreachable!("tables from indices are bound after the first round"),
            },
        }
    }

    /// `Q(0)`, `Q(1)`, `Q(∞)` at the asked points (the others zero): `Σ_i eq[i]·F` at the
    /// current top variable.
    fn inner_sums(&self, points: Points) -> [Fr; 3] {
        let half = self.len() / 4;
        let sums = |range: std::ops::Range<usize>| {
            if !self.first_round() {
                return self.table_sums(range, points);
            }
            // The first round reads t = 0, 1 from the layer above, only t = ∞ from the tables.
            let mut acc = self.parent_sums(
                range.clone(),
                Points {
                    infinity: false,
                    ..points
                },
            );
            if points.infinity {
                let infinity = Points {
                    zero: false,
                    one: false,
                    infinity: true,
                };
                acc = add_sums(acc, self.table_sums(range, infinity));
            }
            acc
        };
        #[cfg(feature = "parallel")]
        let acc = if half >= PARALLEL_PAIRS {
            let chunks = half.div_ceil(PARALLEL_PAIRS);
            (0..chunks)
                .into_par_iter()
                .map(|c| sums(c * PARALLEL_PAIRS..((c + 1) * PARALLEL_PAIRS).min(half)))
                .reduce(|| [Fr::zero(); 6], add_sums)
        } else {
            sums(0..half)
        };
        #[cfg(not(feature = "parallel"))]
        let acc = sums(0..half);
        let lambda = self.lambda;
        [
            acc[0] + lambda * acc[3],
            acc[1] + lambda * acc[4],
            acc[2] + lambda * acc[5],
        ]
    }
}

impl SumcheckInstance<Fr> for FractionLayerInstance<'_> {
    fn num_rounds(&self) -> usize {
        self.eq.rounds()
    }

    fn degree(&self) -> usize {
        3
    }

    fn round_polynomial(&self, claim: Fr) -> Vec<Fr> {
        let first = Points {
            zero: true,
            one: false,
            infinity: true,
        };
        let [q0, _, lead] = self.inner_sums(first);
        let q1 = match self.eq.inner_at_one(claim, q0) {
            Some(q1) => q1,
            None => {
                let only_one = Points {
                    zero: false,
                    one: true,
                    infinity: false,
                };
                self.inner_sums(only_one)[1]
            }
        };
        // Q has degree 2 and leading coefficient L: Q(2), Q(3) from Q(0), Q(1) and L.
        let inner: [Fr; 4] = extrapolate_evaluations(&[q0, q1], Some(lead));
        self.eq.round_values(&inner)
    }

    fn bind(&mut self, challenge: Fr) {
        self.eq.bind(challenge);
        match &mut self.bound {
            Some((p, q)) => {
                bind_halves(q, challenge);
                if !p.is_empty() {
                    bind_halves(p, challenge);
                }
            }
            // Range leaves: the first challenge waits for the second.
            None if matches!(self.level, LayerTables::RangeLeaves(_)) && self.pending.is_none() => {
                self.pending = Some(challenge);
            }
            // The first binding writes into the parent's memory; the built layer stays intact
            // (it is the next layer's parent).
            None => {
                let empty = Parent::Field(Vec::new(), Vec::new());
                let (mut p, mut q) = match std::mem::replace(&mut self.parent, empty) {
                    Parent::Field(p, q) => (p, q),
                    // Only the leaves have this parent, and they bind denominators alone.
                    Parent::RangePairs(_) => (Vec::new(), std::mem::take(&mut self.reserve)),
                };
                p.clear();
                match self.level {
                    LayerTables::Field(level_p, level_q) => {
                        if !level_p.is_empty() {
                            bound_halves_into(level_p, challenge, &mut p);
                        }
                        bound_halves_into(level_q, challenge, &mut q);
                    }
                    LayerTables::RangeLeaves(leaves) => {
                        let r1 = self.pending.take().expect("set by the first binding");
                        bound_range_leaves_into(leaves, r1, challenge, &mut q)
                    }
                    LayerTables::RangePairs(leaves) => {
                        bound_range_pairs_into(leaves, challenge, &mut p, &mut q)
                    }
                }
                self.bound = Some((p, q));
            }
        }
    }
}

/// Binds the top variable of each half of `x_0 ‖ x_1` in place (the halves stay contiguous):
/// `x'_b[i] = x_b[i] + r·(x_b[i + h] − x_b[i])`, `h` a quarter of the length. Writes never pass
/// the reads still to come, so no copy is needed.
fn bind_halves(table: &mut Vec<Fr>, r: Fr) {
    let half = table.len() / 2;
    let quarter = half / 2;
    if quarter == 0 {
        return;
    }
    let step = |(out, (lo, hi)): (&mut Fr, (&Fr, &Fr))| *out = *lo + r * (*hi - *lo);
    {
        // x_0 in place: [0, q) ← fold([0, q), [q, 2q)).
        let (low, high) = table.split_at_mut(quarter);
        let high = &high[..quarter];
        let fold = |(out, hi): (&mut Fr, &Fr)| *out += r * (*hi - *out);
        #[cfg(feature = "parallel")]
        if quarter >= PARALLEL_PAIRS {
            low.par_iter_mut().zip(high.par_iter()).for_each(fold);
        } else {
            low.iter_mut().zip(high).for_each(fold);
        }
        #[cfg(not(feature = "parallel"))]
        low.iter_mut().zip(high).for_each(fold);
    }
    {
        // x_1 moves down: [q, 2q) ← fold([2q, 3q), [3q, 4q)).
        let (front, back) = table.split_at_mut(half);
        let out = &mut front[quarter..];
        let (lo, hi) = back.split_at(quarter);
        #[cfg(feature = "parallel")]
        if quarter >= PARALLEL_PAIRS {
            out.par_iter_mut()
                .zip(lo.par_iter().zip(hi.par_iter()))
                .for_each(step);
        } else {
            out.iter_mut().zip(lo.iter().zip(hi)).for_each(step);
        }
        #[cfg(not(feature = "parallel"))]
        out.iter_mut().zip(lo.iter().zip(hi)).for_each(step);
    }
    table.truncate(half);
}

/// Writes the bound halves of a table of `len` entries into `out` (cleared first):
/// `fold(i)` is the bound entry whose low input sits at index `i` of the table.
fn fill_bound_halves(len: usize, out: &mut Vec<Fr>, fold: impl Fn(usize) -> Fr + Sync + Send) {
    out.clear();
    let half = len / 2;
    let quarter = half / 2;
    for start in [0, half] {
        #[cfg(feature = "parallel")]
        if quarter >= PARALLEL_PAIRS {
            out.par_extend((start..start + quarter).into_par_iter().map(&fold));
            continue;
        }
        out.extend((start..start + quarter).map(&fold));
    }
}

/// [`bind_halves`] into `out`, leaving `table` as it is.
fn bound_halves_into(table: &[Fr], r: Fr, out: &mut Vec<Fr>) {
    if table.len() < 4 {
        out.clear();
        out.extend_from_slice(table);
        return;
    }
    let quarter = table.len() / 4;
    fill_bound_halves(table.len(), out, |i| {
        table[i] + r * (table[i + quarter] - table[i])
    });
}

/// The range leaves' denominators bound at `(r_1, r_2)` (their top two variables per half):
/// `α − Σ_c ω_c·w_c` over the four leaves `w_c` under an entry, with weights
/// `ω = (1 − r_1)(1 − r_2), r_1(1 − r_2), (1 − r_1)r_2, r_1r_2`. Each `ω_c·w` is read from a table
/// over the table's entries (built by additions), so no entry is multiplied.
fn bound_range_leaves_into(leaves: &RangeLeaves, r1: Fr, r2: Fr, out: &mut Vec<Fr>) {
    let w = &leaves.indices;
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
        ByteSplitLinear::new(leaves.alpha(), -weights[0]),
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
        #[cfg(feature = "parallel")]
        if second >= PARALLEL_PAIRS {
            out.par_extend((0..second).into_par_iter().map(|j| fold(b, j)));
            continue;
        }
        out.extend((0..second).map(|j| fold(b, j)));
    }
}

/// The level above range leaves bound at `r`, numerators into `p` and denominators into `q`
/// (cleared first): each entry computed from its two leaves, then folded.
fn bound_range_pairs_into(leaves: &RangeLeaves, r: Fr, p: &mut Vec<Fr>, q: &mut Vec<Fr>) {
    let half = leaves.pairs_len() / 2;
    let quarter = half / 2;
    let fold = |k: usize| {
        // Output k: the low half's entries first, then the high half's.
        let low = if k < quarter { k } else { half + k - quarter };
        let ((p_low, q_low), (p_high, q_high)) =
            (leaves.pair_value(low), leaves.pair_value(low + quarter));
        (p_low + r * (p_high - p_low), q_low + r * (q_high - q_low))
    };
    p.clear();
    q.clear();
    #[cfg(feature = "parallel")]
    if quarter >= PARALLEL_PAIRS {
        (0..half).into_par_iter().map(fold).unzip_into_vecs(p, q);
        return;
    }
    for (p_out, q_out) in (0..half).map(fold) {
        p.push(p_out);
        q.push(q_out);
    }
}

/// Proves a fraction tree from its root down, consuming it: each level's memory goes on to
/// hold the bound tables of the layer below. Returns the proof, the leaf point and the claims
/// `(p̃(ρ), q̃(ρ))` on the leaves there.
fn prove_tree(
    tree: FractionTree,
    transcript: &mut Transcript,
) -> (FractionTreeProof, Vec<Fr>, Fr, Fr) {
    let depth = tree.depth();
    let FractionTree {
        numerators,
        denominators,
        leaves,
    } = tree;
    // A single unit-numerator leaf is its own root.
    let root_p = numerators[0].first().copied().unwrap_or(Fr::one());
    let root_q = denominators[0][0];
    transcript.append_fields(label::ROOT, &[root_p, root_q]);
    let mut levels: Vec<Option<(Vec<Fr>, Vec<Fr>)>> =
        numerators.into_iter().zip(denominators).map(Some).collect();
    let mut point: Vec<Fr> = Vec::new();
    let (mut claim_p, mut claim_q) = (root_p, root_q);
    let mut layers = Vec::with_capacity(depth);
    // Memory the previous layer freed, for the next one's eq table and bound tables.
    let mut spare = (Vec::new(), Vec::new());
    for level in 1..=depth {
        let lambda: Fr = transcript.challenge_field(label::LAMBDA);
        let parent = match (levels.get_mut(level - 1), &leaves) {
            (Some(parent), _) => {
                let (p, q) = parent.take().expect("each level is a parent once");
                Parent::Field(p, q)
            }
            (None, Some(leaves)) => Parent::RangePairs(leaves),
            (None, None) => unreachable!("a tree's levels run to its depth"),
        };
        let tables = match (levels.get(level), &leaves) {
            (Some(Some((p, q))), _) => LayerTables::Field(p, q),
            (None, Some(leaves)) if level + 1 == depth => LayerTables::RangePairs(leaves),
            (None, Some(leaves)) => LayerTables::RangeLeaves(leaves),
            _ => unreachable!("a tree's levels run to its depth"),
        };
        let mut instance = FractionLayerInstance::new(tables, parent, point, lambda, spare);
        let (sumcheck, sub_claim) =
            prove_sumcheck(&mut instance, claim_p + lambda * claim_q, transcript);
        let (numerators, denominators) = instance.final_values();
        spare = instance.into_buffers();
        transcript.append_fields(
            label::CHILDREN,
            &[
                numerators[0],
                numerators[1],
                denominators[0],
                denominators[1],
            ],
        );
        let tau: Fr = transcript.challenge_field(label::TAU);
        claim_p = numerators[0] + tau * (numerators[1] - numerators[0]);
        claim_q = denominators[0] + tau * (denominators[1] - denominators[0]);
        point = sub_claim.point;
        point.push(tau);
        layers.push(FractionLayerProof {
            sumcheck,
            numerators,
            denominators,
        });
    }
    let proof = FractionTreeProof {
        numerator: root_p,
        denominator: root_q,
        layers,
    };
    (proof, point, claim_p, claim_q)
}

/// `β` for a tuple table (drawn after `α`, both after every commitment), zero otherwise.
pub(crate) fn draw_beta(table: &crate::table::LookupTable, transcript: &mut Transcript) -> Fr {
    if table.is_tuple() {
        transcript.challenge_field(label::BETA)
    } else {
        Fr::zero()
    }
}

/// `Σ_i eq[i]·w[i]` for small `w`: eq entries are added into one bucket per value and each
/// bucket multiplied once, so the pass over the column costs additions only.
pub(crate) fn evaluate_small_column(column: &[u32], eq: &[Fr], table_bits: u32) -> Fr {
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
pub(crate) fn small_values_to_field(values: &[u32], bits: u32) -> Vec<Fr> {
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

/// Counts how often each table entry occurs in the columns, and checks every value is in the
/// table.
pub fn multiplicities(columns: &[&[u32]], table_bits: u32) -> Result<Vec<u32>, LogUpError> {
    let size = 1usize << table_bits;
    let mut counts = vec![0u32; size];
    for (c, column) in columns.iter().enumerate() {
        for (row, w) in column.iter().enumerate() {
            let slot = counts
                .get_mut(*w as usize)
                .ok_or(LogUpError::ValueOutOfRange {
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

/// The layout multiplicities are committed under: balanced, which keeps both the commitment
/// (rows to decode) and the opening vector (proof bytes) at `2^{k/2}`. (Rows as wide as the
/// witness columns' were tried: a few fewer points for the verifier, but 8–32 KB more proof per
/// lookup.)
pub fn multiplicity_layout(table_bits: u32) -> Layout {
    Layout::balanced(table_bits)
}

/// Proves that every entry of `columns` (each `2^row_vars` long) lies in `[0, 2^table_bits)`.
///
/// The caller has absorbed whatever identifies the columns (their commitments) into
/// `transcript`. This absorbs the statement, commits the multiplicities and absorbs the
/// commitment, draws `α`, proves both fraction trees and opens the multiplicities. Returns the
/// proof and the claims on the columns at the witness leaves' row point, which the caller must
/// prove (see [`crate::prove_committed_range`]).
pub fn prove_lookup(
    statement: &LookupStatement,
    columns: &[&[u32]],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(LookupProof, ColumnClaims), LogUpError> {
    let counts = multiplicities(columns, statement.table_bits())?;
    prove_lookup_with_multiplicities(statement, columns, &counts, params, transcript)
}

/// [`prove_lookup`] with multiplicities supplied by the caller and no range check of the
/// values: what a cheating prover runs. Public for the soundness tests; honest callers use
/// [`prove_lookup`].
#[doc(hidden)]
pub fn prove_lookup_with_multiplicities(
    statement: &LookupStatement,
    columns: &[&[u32]],
    counts: &[u32],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(LookupProof, ColumnClaims), LogUpError> {
    let table_bits = statement.table_bits();
    let table = statement.table;
    let evaluate = |row_point: &[Fr], beta: Fr| {
        if table.is_tuple() {
            // Compressed entries: through the table, one multiplication per row.
            let eq = eq_table(row_point);
            return columns
                .iter()
                .map(|column| {
                    column
                        .iter()
                        .zip(&eq)
                        .map(|(j, e)| *e * table.value(*j as u64, beta))
                        .sum()
                })
                .collect();
        }
        let eq = eq_table(row_point);
        columns
            .iter()
            .map(|column| {
                if table_bits <= 20 {
                    evaluate_small_column(column, &eq, table_bits)
                } else {
                    column
                        .iter()
                        .zip(&eq)
                        .map(|(w, e)| *e * Fr::from(*w as u64))
                        .sum()
                }
            })
            .collect()
    };
    prove_lookup_evaluated(statement, columns, counts, params, transcript, evaluate)
}

/// The lookup prover with the columns' values at the witness leaves' row point computed by
/// `evaluate` (a caller that opens the columns anyway gets them from its opening vectors).
pub(crate) fn prove_lookup_evaluated(
    statement: &LookupStatement,
    columns: &[&[u32]],
    counts: &[u32],
    params: &HyraxParams,
    transcript: &mut Transcript,
    evaluate: impl FnOnce(&[Fr], Fr) -> Vec<Fr>,
) -> Result<(LookupProof, ColumnClaims), LogUpError> {
    statement.check()?;
    let rows = 1usize << statement.row_vars;
    let table_size = 1usize << statement.table_bits();
    let shape = |what, expected: usize, found: usize| {
        if expected == found {
            Ok(())
        } else {
            Err(LogUpError::Shape {
                what,
                expected,
                found,
            })
        }
    };
    shape("number of columns", statement.columns, columns.len())?;
    for column in columns {
        shape("column length", rows, column.len())?;
    }
    shape("multiplicities", table_size, counts.len())?;
    statement.absorb_into(transcript);

    let layout = multiplicity_layout(statement.table_bits());
    let multiplicity_commitment = counts
        .commit(params, layout)
        .map_err(LogUpError::Commitment)?;
    multiplicity_commitment.absorb_into(label::MULTIPLICITIES, transcript);
    let alpha: Fr = transcript.challenge_field(label::ALPHA);
    let beta = draw_beta(&statement.table, transcript);

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
                    *slot = shifted
                        .get(*w as usize)
                        .copied()
                        .unwrap_or_else(|| alpha - statement.table.value(*w as u64, beta));
                }
            }
            FractionTree::build(Vec::new(), q)
        }
    };
    if witness.denominators[0][0].is_zero() {
        return Err(LogUpError::ZeroDenominator(Side::Witness));
    }
    let table = FractionTree::build(
        counts.iter().map(|m| Fr::from(*m as u64)).collect(),
        shifted,
    );
    if table.denominators[0][0].is_zero() {
        return Err(LogUpError::ZeroDenominator(Side::Table));
    }

    let (witness_tree, witness_point, _, _) = prove_tree(witness, transcript);
    let row_point = witness_point[..statement.row_vars as usize].to_vec();
    let column_values = evaluate(&row_point, beta);
    shape("column values", statement.columns, column_values.len())?;
    transcript.append_fields(label::COLUMN_VALUES, &column_values);

    let (table_tree, table_point, multiplicity_value, _) = prove_tree(table, transcript);
    transcript.append_field(label::MULTIPLICITY_VALUE, &multiplicity_value);
    let counts_field: Vec<Fr> = counts.iter().map(|m| Fr::from(*m as u64)).collect();
    let (multiplicity_opening, _) =
        open_values(&counts_field, layout, &table_point).map_err(LogUpError::Commitment)?;

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

#[cfg(test)]
mod forged_leaves;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::LookupTable;
    use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};

    /// Proves the witness tree of `columns` from its leaves as field elements and from their
    /// indices: the proofs, points and claims must agree exactly.
    fn both_ways(columns: &[Vec<u32>], bits: u32) {
        let table = LookupTable::Range { bits };
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
        let table = LookupTable::Range { bits: 4 };
        let alpha = Fr::from(99u64);
        let column = vec![1u32; 8];
        assert!(RangeLeaves::new(&table, &[&column, &column, &column], alpha).is_none());
        let outside = vec![16u32; 8];
        assert!(RangeLeaves::new(&table, &[&outside], alpha).is_none());
        assert!(RangeLeaves::new(&LookupTable::Range { bits: 17 }, &[&column], alpha).is_none());
        assert!(RangeLeaves::new(&table, &[&column], alpha).is_some());
        // Fewer than eight leaves: the tree would have no layer over stored levels.
        assert!(RangeLeaves::new(&table, &[&column[..4]], alpha).is_none());
    }
}
