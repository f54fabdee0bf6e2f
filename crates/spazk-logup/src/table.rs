//! The tables a lookup argument looks values up in: what the prover's table leaves hold, and the
//! table's MLE, which the verifier evaluates itself in O(log size) (it never reads a table from
//! the prover).
//!
//! Witness columns hold *indices* into the table, so a leaf costs one read of `α − T(j)`
//! whatever the table. A tuple table compresses an entry `(x, y, t)` to `x + β·y + β²·t` with a
//! challenge `β` drawn after every commitment; its column claims are claims on the compressed
//! values. A new table is a new type implementing [`LookupTable`]; the prover and the verifier
//! are generic over it (static dispatch: the hot loops never call through a vtable).

use crate::claim::MAX_TABLE_BITS;
use crate::error::LookupError;
use crate::protocol::label;
use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, One, Zero};
use spazk_transcript::Transcript;

/// A table of `2^bits()` entries, each a field element (compressed with `β` for a tuple table).
pub trait LookupTable: Copy + std::fmt::Debug + PartialEq + Send + Sync {
    /// `log2` of the number of entries.
    fn bits(&self) -> u32;

    /// Checks the widths against the limits (before anything is sized from them).
    fn check(&self) -> Result<(), LookupError>;

    /// Absorbs what identifies the table (part of the lookup statement).
    fn absorb_into(&self, transcript: &mut Transcript);

    /// Whether entries are tuples compressed with a challenge `β` (drawn after `α`).
    fn is_tuple(&self) -> bool {
        false
    }

    /// `T(index)` compressed with `β`, for a witness index outside the table too (only a
    /// cheating prover has one; each table says what such an index reads).
    fn compressed_entry(&self, index: u64, beta: Fr) -> Fr;

    /// `α − T(j)` for every entry `j`: the table leaves' denominators, and what a witness leaf
    /// reads. A table overrides it when it can build the entries by additions.
    fn shifted_entries(&self, alpha: Fr, beta: Fr) -> Vec<Fr> {
        (0..1u64 << self.bits())
            .map(|j| alpha - self.compressed_entry(j, beta))
            .collect()
    }

    /// The table's MLE at `point` (`bits()` coordinates, low bit first), compressed with `β`.
    fn evaluate(&self, point: &[Fr], beta: Fr) -> Fr;

    /// `Some(bits)` if the table is the range `[0, 2^bits)` (entry `j` is `j`): the prover then
    /// keeps small witness leaves as integers (its fast path), and evaluates columns by
    /// bucketing.
    fn range_bits(&self) -> Option<u32> {
        None
    }
}

/// The range table `[0, 2^bits)`: entry `j` is `j`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RangeTable {
    /// `log2` of the size.
    pub bits: u32,
}

impl LookupTable for RangeTable {
    fn bits(&self) -> u32 {
        self.bits
    }

    fn check(&self) -> Result<(), LookupError> {
        if self.bits > MAX_TABLE_BITS {
            return Err(LookupError::Shape {
                what: "table bits",
                expected: MAX_TABLE_BITS as usize,
                found: self.bits as usize,
            });
        }
        Ok(())
    }

    fn absorb_into(&self, transcript: &mut Transcript) {
        transcript.append_u64(label::TABLE_BITS, self.bits as u64);
    }

    /// A range "index" is its value.
    fn compressed_entry(&self, index: u64, _beta: Fr) -> Fr {
        Fr::from(index)
    }

    fn shifted_entries(&self, alpha: Fr, _beta: Fr) -> Vec<Fr> {
        let mut shifted = Vec::with_capacity(1 << self.bits);
        let mut v = alpha;
        for _ in 0..1u64 << self.bits {
            shifted.push(v);
            v -= Fr::one();
        }
        shifted
    }

    fn evaluate(&self, point: &[Fr], _beta: Fr) -> Fr {
        index_mle(point)
    }

    fn range_bits(&self) -> Option<u32> {
        Some(self.bits)
    }
}

/// `Σ_i 2^i·ρ_i`: the MLE of `j ↦ j` over `|ρ|` bits (low bit first), in O(|ρ|).
pub fn index_mle(point: &[Fr]) -> Fr {
    let mut power = Fr::one();
    let mut sum = Fr::zero();
    for r in point {
        sum += power * r;
        power.double_in_place();
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_std::rand::{rngs::StdRng, SeedableRng};
    use ark_std::UniformRand;
    use spazk_field::evaluate_mle;

    #[test]
    fn range_table_mle_matches_its_entries() {
        let table = RangeTable { bits: 6 };
        let mut rng = StdRng::seed_from_u64(5);
        let entries: Vec<Fr> = (0..1u64 << table.bits())
            .map(|j| table.compressed_entry(j, Fr::zero()))
            .collect();
        let alpha = Fr::rand(&mut rng);
        let shifted = table.shifted_entries(alpha, Fr::zero());
        for (e, s) in entries.iter().zip(&shifted) {
            assert_eq!(alpha - e, *s);
        }
        let point: Vec<Fr> = (0..table.bits()).map(|_| Fr::rand(&mut rng)).collect();
        assert_eq!(
            Some(table.evaluate(&point, Fr::zero())),
            evaluate_mle(&entries, &point)
        );
    }
}
