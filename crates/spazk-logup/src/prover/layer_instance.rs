//! One fraction-tree layer's sumcheck instance: tables as the tree holds them (field tables, or
//! range leaves kept as integers, [`super::range_leaves`]), bound in place, with the layer
//! above's memory reused for the bound tables.

use super::range_leaves::RangeLeaves;
use super::PARALLEL_PAIRS;
use ark_bn254::Fr;
use ark_ff::{One, Zero};
use spazk_field::parallel::{extend_map, for_each_chunk_mut, reduce_chunks};
use spazk_field::{extrapolate_evaluations, UnreducedMultiply};
use spazk_sumcheck::{SplitEq, SumcheckInstance};

/// A layer's tables as the tree holds them.
#[derive(Clone, Copy)]
pub(super) enum LayerTables<'t> {
    /// `(p, q)`, halves `x_0 ‖ x_1`; `p` empty means all ones.
    Field(&'t [Fr], &'t [Fr]),
    /// Unit numerators over `α − w` for the leaves' indices `w`.
    RangeLeaves(&'t RangeLeaves),
    /// The level above range leaves, from their indices.
    RangePairs(&'t RangeLeaves),
}

/// The layer above a layer's tables, which its first round reads.
#[derive(Clone)]
pub(super) enum Parent<'t> {
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
            Self::RangeLeaves(leaves) => leaves.len(),
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
#[derive(Clone)]
pub(crate) struct FractionLayerInstance<'t> {
    /// The layer as built: read until the first variable is bound (it stays in the tree for the
    /// layer below's first round).
    level: LayerTables<'t>,
    /// The layer's tables once a variable is bound, halves kept contiguous, bound in place.
    bound: Option<(Vec<Fr>, Vec<Fr>)>,
    eq: SplitEq<Fr>,
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
pub(super) type Sums = [Fr; 6];

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
pub(super) struct Points {
    pub(super) zero: bool,
    pub(super) one: bool,
    pub(super) infinity: bool,
}

impl<'t> FractionLayerInstance<'t> {
    /// `spare` is memory the previous layer freed: its second buffer holds the eq table, its
    /// first the bound tables if the parent has no memory to lend.
    pub(super) fn new(
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
    pub(super) fn into_buffers(self) -> (Vec<Fr>, Vec<Fr>) {
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
    pub(crate) fn final_values(&self) -> ([Fr; 2], [Fr; 2]) {
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
                let value = |i: usize| leaves.leaf_value(i);
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
                return leaves.parent_sums(self.eq.low(), half, pairs, points)
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
                    Some(r1) => leaves.leaf_second_sums(self.eq.low(), r1, pairs, points),
                    // The first round takes t = 0, 1 from the parent.
                    None if !points.zero && !points.one => leaves.leaf_sums(self.eq.low(), pairs),
                    None => unreachable!("the first round's t = 0, 1 come from the parent"),
                },
                LayerTables::RangePairs(leaves) if !points.zero && !points.one => {
                    leaves.pair_sums(self.eq.low(), pairs)
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
        let acc = reduce_chunks(half, PARALLEL_PAIRS, sums, || [Fr::zero(); 6], add_sums);
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
                        leaves.bind_leaves_into(r1, challenge, &mut q)
                    }
                    LayerTables::RangePairs(leaves) => {
                        leaves.bind_pairs_into(challenge, &mut p, &mut q)
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
    {
        // x_0 in place: [0, q) ← fold([0, q), [q, 2q)).
        let (low, high) = table.split_at_mut(quarter);
        let high = &high[..quarter];
        for_each_chunk_mut(low, PARALLEL_PAIRS, |offset, low| {
            for (out, hi) in low.iter_mut().zip(&high[offset..]) {
                *out += r * (*hi - *out);
            }
        });
    }
    {
        // x_1 moves down: [q, 2q) ← fold([2q, 3q), [3q, 4q)).
        let (front, back) = table.split_at_mut(half);
        let out = &mut front[quarter..];
        let (lo, hi) = back.split_at(quarter);
        for_each_chunk_mut(out, PARALLEL_PAIRS, |offset, out| {
            let pairs = lo[offset..].iter().zip(&hi[offset..]);
            for (out, (lo, hi)) in out.iter_mut().zip(pairs) {
                *out = *lo + r * (*hi - *lo);
            }
        });
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
        extend_map(out, start..start + quarter, PARALLEL_PAIRS, &fold);
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
