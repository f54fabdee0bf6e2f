//! The degree-2 instance `Σ_x f(x)·g(x)` that the mat-vec protocol and both GKR phases run on.
//!
//! Large tables make this sumcheck memory-bound, so the prover is shaped around memory passes:
//! * binding a variable and computing the next round's polynomial happen in **one pass**
//!   (round `j + 1`'s pairs are `(i, i + n/4)` of the table being bound in round `j`);
//! * the nonzero entries of `g` are tracked as an interval, and pairs where `g` is zero on both
//!   sides cost one multiplication (binding `f`) instead of four — GKR's right-input table of a
//!   multiplication layer is nonzero on a sliver of the layer below.

use super::instance::SumcheckInstance;
use ark_ff::PrimeField;
use core::ops::Range;
use spazk_field::bind_top_variable;
use spazk_field::parallel::join;

/// `Σ_x f(x)·g(x)` for multilinear tables of one power-of-two length: degree 2.
#[derive(Clone, Debug)]
pub struct ProductInstance<F> {
    left: Vec<F>,
    right: Vec<F>,
    /// Every nonzero entry of `right` lies in this range.
    right_support: Range<usize>,
    /// `(p(0), p(2))` of the next round, computed while binding.
    next_round: Option<(F, F)>,
}

/// Below this many pairs a pass runs on one thread (larger passes are halved until they are
/// this small, the halves run by [`join`]).
const PARALLEL_MIN_PAIRS: usize = 1 << 13;

fn support_of<F: PrimeField>(table: &[F]) -> Range<usize> {
    match table.iter().position(|v| !v.is_zero()) {
        None => 0..0,
        Some(first) => {
            first..table.len() - table.iter().rev().position(|v| !v.is_zero()).unwrap_or(0)
        }
    }
}

/// Where `g` can be nonzero after binding its top variable (length `2·half` → `half`).
fn bound_support(support: &Range<usize>, half: usize) -> Range<usize> {
    let low = support.start.min(half)..support.end.min(half);
    let high = support.start.max(half) - half..support.end.max(half) - half;
    match (low.is_empty(), high.is_empty()) {
        (true, true) => 0..0,
        (false, true) => low,
        (true, false) => high,
        (false, false) => low.start.min(high.start)..low.end.max(high.end),
    }
}

impl<F: PrimeField> ProductInstance<F> {
    /// The instance `Σ f·g` for `left = f`, `right = g`.
    ///
    /// # Panics
    /// If the lengths differ or are not a power of two (a caller bug).
    pub fn new(left: Vec<F>, right: Vec<F>) -> Self {
        assert_eq!(left.len(), right.len(), "product tables differ in length");
        assert!(
            left.len().is_power_of_two(),
            "product tables must have power-of-two length"
        );
        let right_support = support_of(&right);
        Self {
            left,
            right,
            right_support,
            next_round: None,
        }
    }

    /// `(f(r), g(r))` once every variable is bound.
    pub fn final_values(&self) -> (F, F) {
        (self.left[0], self.right[0])
    }

    /// Gives the tables back (`f`, `g`) so that a caller proving many instances can reuse their
    /// allocations.
    pub fn into_tables(self) -> (Vec<F>, Vec<F>) {
        (self.left, self.right)
    }

    /// The current round's sums in a separate pass (first round only).
    fn evaluate_round(&self) -> (F, F) {
        let half = self.left.len() / 2;
        let (l0, l1) = self.left.split_at(half);
        let (r0, r1) = self.right.split_at(half);
        let active = bound_support(&self.right_support, half);
        sum_pairs(l0, l1, r0, r1, active)
    }
}

/// `Σ_i` over the pairs `(a[i], b[i])` of `f` and `(c[i], d[i])` of `g`, restricted to the
/// indices where `g` may be nonzero on either side.
fn sum_pairs<F: PrimeField>(
    l0: &[F],
    l1: &[F],
    r0: &[F],
    r1: &[F],
    active: Range<usize>,
) -> (F, F) {
    let mut sums = (F::zero(), F::zero());
    for i in active {
        let (a, b, c, d) = (l0[i], l1[i], r0[i], r1[i]);
        sums.0 += mul_sparse(a, c);
        sums.1 += mul_sparse(b.double() - a, d.double() - c);
    }
    sums
}

/// `low + r·(high − low)`, skipping the multiplication when both are equal (in particular both
/// zero: sparse witnesses and padded layers are full of such pairs, and the check costs a few
/// limb comparisons).
#[inline(always)]
fn bind_pair<F: PrimeField>(low: F, high: F, r: F) -> F {
    if low == high {
        low
    } else {
        low + r * (high - low)
    }
}

/// `a·b`, skipping the multiplication when a factor is zero.
#[inline(always)]
fn mul_sparse<F: PrimeField>(a: F, b: F) -> F {
    if a.is_zero() || b.is_zero() {
        F::zero()
    } else {
        a * b
    }
}

/// One table split for a fused bind: the bound values land in `q0` (entries `[0, n/4)`) and
/// `q1` (`[n/4, n/2)`), computed from themselves and `q2`, `q3` (the upper half).
struct Quarters<'a, F> {
    q0: &'a mut [F],
    q1: &'a mut [F],
    q2: &'a [F],
    q3: &'a [F],
}

impl<'a, F: PrimeField> Quarters<'a, F> {
    fn of(table: &'a mut [F]) -> Self {
        let half = table.len() / 2;
        let (low, high) = table.split_at_mut(half);
        let (q0, q1) = low.split_at_mut(half / 2);
        let (q2, q3) = high.split_at(half / 2);
        Self { q0, q1, q2, q3 }
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        let (a0, b0) = self.q0.split_at_mut(mid);
        let (a1, b1) = self.q1.split_at_mut(mid);
        let (a2, b2) = self.q2.split_at(mid);
        let (a3, b3) = self.q3.split_at(mid);
        (
            Self {
                q0: a0,
                q1: a1,
                q2: a2,
                q3: a3,
            },
            Self {
                q0: b0,
                q1: b1,
                q2: b2,
                q3: b3,
            },
        )
    }

    fn len(&self) -> usize {
        self.q0.len()
    }

    /// Binds entry `i` of both bound quarters and returns the new `(t[i], t[i + n/4])`.
    #[inline(always)]
    fn bind(&mut self, i: usize, r: F) -> (F, F) {
        let a = bind_pair(self.q0[i], self.q2[i], r);
        let b = bind_pair(self.q1[i], self.q3[i], r);
        self.q0[i] = a;
        self.q1[i] = b;
        (a, b)
    }
}

/// The tables of one fused pass, `offset` being the index of entry 0 in the full quarter.
struct FusedPass<'a, F> {
    left: Quarters<'a, F>,
    right: Quarters<'a, F>,
    offset: usize,
}

impl<F: PrimeField> FusedPass<'_, F> {
    /// Binds every table at `r` and returns the next round's sums. `active` (in the new
    /// table's indices) is where `g` may be nonzero after binding.
    fn run(mut self, r: F, active: &Range<usize>, quarter: usize) -> (F, F) {
        if self.left.len() > PARALLEL_MIN_PAIRS {
            let mid = self.left.len() / 2;
            let (left_a, left_b) = self.left.split_at(mid);
            let (right_a, right_b) = self.right.split_at(mid);
            let a = FusedPass {
                left: left_a,
                right: right_a,
                offset: self.offset,
            };
            let b = FusedPass {
                left: left_b,
                right: right_b,
                offset: self.offset + mid,
            };
            let (sa, sb) = join(|| a.run(r, active, quarter), || b.run(r, active, quarter));
            return (sa.0 + sb.0, sa.1 + sb.1);
        }
        let mut sums = (F::zero(), F::zero());
        for i in 0..self.left.len() {
            let (la, lb) = self.left.bind(i, r);
            let j = self.offset + i;
            if active.contains(&j) || active.contains(&(j + quarter)) {
                let (ra, rb) = self.right.bind(i, r);
                sums.0 += mul_sparse(la, ra);
                sums.1 += mul_sparse(lb.double() - la, rb.double() - ra);
            }
        }
        sums
    }
}

impl<F: PrimeField> SumcheckInstance<F> for ProductInstance<F> {
    fn num_rounds(&self) -> usize {
        self.left.len().trailing_zeros() as usize
    }

    fn degree(&self) -> usize {
        2
    }

    fn round_polynomial(&self, claim: F) -> Vec<F> {
        let (at0, at2) = self.next_round.unwrap_or_else(|| self.evaluate_round());
        vec![at0, claim - at0, at2]
    }

    fn bind(&mut self, r: F) {
        let n = self.left.len();
        if n == 1 {
            return;
        }
        let half = n / 2;
        let new_support = bound_support(&self.right_support, half);
        if half == 1 {
            // Last round: nothing left to evaluate afterwards.
            bind_top_variable(&mut self.left, r);
            bind_top_variable(&mut self.right, r);
            self.right_support = new_support;
            self.next_round = None;
            return;
        }
        let quarter = half / 2;
        let pass = FusedPass {
            left: Quarters::of(&mut self.left),
            right: Quarters::of(&mut self.right),
            offset: 0,
        };
        let sums = pass.run(r, &new_support, quarter);
        self.left.truncate(half);
        self.right.truncate(half);
        self.right_support = new_support;
        self.next_round = Some(sums);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{prove_sumcheck, verify_sumcheck};
    use proptest::prelude::*;
    use spazk_field::{evaluate_mle, Fr};
    use spazk_matrix::random_field_vectors;
    use spazk_transcript::Transcript;

    fn check(left: Vec<Fr>, right: Vec<Fr>) {
        let n = left.len();
        let claim: Fr = (0..n).map(|i| left[i] * right[i]).sum();
        let (l, r) = (left.clone(), right.clone());
        let mut instance = ProductInstance::new(left, right);
        let (proof, sub) = prove_sumcheck(&mut instance, claim, &mut Transcript::new(b"t"));
        let rounds = n.trailing_zeros() as usize;
        let checked =
            verify_sumcheck(&proof, claim, rounds, 2, &mut Transcript::new(b"t")).unwrap();
        assert_eq!(checked, sub);
        let at = |v: &Vec<Fr>| evaluate_mle(v, &sub.point).unwrap();
        assert_eq!(instance.final_values(), (at(&l), at(&r)));
        assert_eq!(sub.value, at(&l) * at(&r));
    }

    #[test]
    fn support_after_binding() {
        assert_eq!(bound_support(&(8..12), 8), 0..4);
        assert_eq!(bound_support(&(0..3), 8), 0..3);
        assert_eq!(bound_support(&(6..10), 8), 0..8);
        assert_eq!(bound_support(&(2..12), 8), 0..8);
        assert_eq!(bound_support(&(0..0), 8), 0..0);
    }

    #[test]
    fn sparse_right_table_in_the_upper_half() {
        // GKR's multiplication layer: g lives on a short stretch above the middle.
        let mut right = vec![Fr::from(0u64); 1 << 12];
        let values = random_field_vectors::<Fr>(2, 1 << 12, 3);
        right[2048..2048 + 37].copy_from_slice(&values[1][..37]);
        check(values[0].clone(), right);
    }

    #[test]
    fn large_tables_take_the_parallel_path() {
        let t = random_field_vectors::<Fr>(2, 1 << 16, 4);
        check(t[0].clone(), t[1].clone());
    }

    proptest! {
        #[test]
        fn every_support(log_n in 0usize..9, seed in any::<u64>(), start in 0usize..256, len in 0usize..256) {
            let n = 1usize << log_n;
            let t = random_field_vectors::<Fr>(2, n, seed);
            let mut right = vec![Fr::from(0u64); n];
            let (start, end) = (start.min(n), (start + len).min(n));
            right[start..end].copy_from_slice(&t[1][start..end]);
            check(t[0].clone(), right);
        }
    }
}
