//! The one claim every protocol passes on: a multilinear extension takes `value` at `point`.
//!
//! Sumcheck sub-claims, GKR layer claims, LogUp value claims and the claims an activation
//! carries to the next layer are all this type; a protocol that splits a point into its row and
//! batch parts (or joins them) does it with [`EvalClaim::split_at`] and [`EvalClaim::concat`], so
//! the little-endian variable order of [`crate::mle`] is handled in one place.

use ark_ff::Field;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

/// `f̃(point) = value` for some multilinear `f̃` the context names.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct EvalClaim<F: Field> {
    /// The point, in variable order (variable 0 first, the table index's low bit).
    pub point: Vec<F>,
    /// The value claimed there.
    pub value: F,
}

impl<F: Field> EvalClaim<F> {
    /// A claim `f̃(point) = value`.
    pub fn new(point: Vec<F>, value: F) -> Self {
        Self { point, value }
    }

    /// The number of variables of the point.
    pub fn num_vars(&self) -> usize {
        self.point.len()
    }

    /// The point's low `mid` variables and the rest (for a table of index `high·2^mid + low`,
    /// the coordinates of `low` and of `high`).
    ///
    /// # Panics
    /// If `mid > self.num_vars()`: callers split at a width their statement fixed.
    pub fn split_at(&self, mid: usize) -> (&[F], &[F]) {
        self.point.split_at(mid)
    }

    /// The claim at the point `(low, high)`: `low` takes the low variables.
    pub fn concat(low: &[F], high: &[F], value: F) -> Self {
        let mut point = Vec::with_capacity(low.len() + high.len());
        point.extend_from_slice(low);
        point.extend_from_slice(high);
        Self { point, value }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{evaluate_mle, Fr};

    #[test]
    fn concat_puts_the_low_part_in_the_low_variables() {
        // f(x0, x1, x2) with table index x0 + 2·x1 + 4·x2: at a Boolean point the MLE is the
        // entry, so (low, high) = ((1, 0), (1)) must read entry 1 + 4 = 5.
        let table: Vec<Fr> = (0..8u64).map(Fr::from).collect();
        let (one, zero) = (Fr::from(1u64), Fr::from(0u64));
        let claim = EvalClaim::concat(&[one, zero], &[one], Fr::from(5u64));
        assert_eq!(evaluate_mle(&table, &claim.point), Some(claim.value));
        let (low, high) = claim.split_at(2);
        assert_eq!((low, high), (&[one, zero][..], &[one][..]));
    }
}
