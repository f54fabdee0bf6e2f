//! The requantization table: the pair method's lookup table, a tuple table of quotient entries
//! `(q, clamp(q, 0, 255), 0)` and remainder entries `(r, 0, 1)`, with an O(H) MLE.

use crate::protocol::label;
use crate::spec::ACTIVATION_MAX;
use ark_bn254::Fr;
use ark_ff::{Field, One};
use spazk_logup::{index_mle, LookupError, LookupTable};
use spazk_transcript::Transcript;

/// One entry `(x, y, t)` of a [`RequantizeTable`]; `t` is the half it lies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequantizeEntry {
    /// The quotient `q` or the remainder.
    pub x: i64,
    /// `clamp(q, 0, 255)` in the quotient half, 0 in the remainder half.
    pub y: u64,
    /// 0 in the quotient half, 1 in the remainder half.
    pub half: u64,
}

impl RequantizeEntry {
    /// `x + β·y + β²·t`.
    pub fn compress(&self, beta: Fr) -> Fr {
        Fr::from(self.x) + beta * Fr::from(self.y) + beta.square() * Fr::from(self.half)
    }
}

/// The table of a requantization `a = clamp(q, 0, 255)` with `q = ⌊(z + 2^{sh−1}) / 2^sh⌋`,
/// and of its remainder, in one table of `2^{H+1}` entries `(x, y, t)`, `H = max(k, sh)`:
///
/// * quotient half (top bit 0, `t = 0`), index `j`: `(q, clamp(q, 0, 255), 0)` for
///   `q = (j mod 2^k) − 2^{k−1}`, every `q ∈ [−2^{k−1}, 2^{k−1})`;
/// * remainder half (top bit 1, `t = 1`), index `2^H + j`: `(j mod 2^sh, 0, 1)`, every remainder
///   in `[0, 2^sh)`.
///
/// A lookup column never commits `t`: the verifier adds the public `β²·t` of the half that
/// column must hit, so the quotient column matches quotient entries only and the remainder
/// column remainder entries only. Why a third coordinate: the quotient column's `x` and `y`
/// (`j − 2^{k−1}` and `a`) are committed values that nothing else range-checks, so a tag folded
/// into `y` (the former remainder entries `(r, 256)`, or `y + 512·t`) is reachable by a
/// committed `a`: with `a = 256` the pair `(q, a)` equalled the remainder entry `(q, 256)` for
/// any `0 ≤ q < 2^sh` and the next layer received 256. No committed coordinate is multiplied by
/// `β²`, and `β` is drawn after every commitment.
///
/// Entries repeat when `k` or `sh` is below `H`; repeats are harmless (the multiplicities of a
/// value may sit on any of its copies). The MLE is a product of one-bit factors per half:
/// `clamp(q)` is `0` when the sign bit of `j` (bit `k − 1`) is clear, the low byte when bits
/// `8..k−1` are clear, `255` otherwise; `t` is the top bit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequantizeTable {
    /// `k ≥ 9`: quotients in `[−2^{k−1}, 2^{k−1})`.
    pub quotient_bits: u32,
    /// `sh ≥ 1`: remainders in `[0, 2^sh)`.
    pub remainder_bits: u32,
}

impl RequantizeTable {
    /// The widest table allowed, `2^{MAX_HALF_BITS + 1}` entries.
    pub const MAX_HALF_BITS: u32 = 20;

    /// `H = max(k, sh)`: each half has `2^H` entries.
    pub fn half_bits(&self) -> u32 {
        self.quotient_bits.max(self.remainder_bits)
    }

    /// `2^{k−1}`: index of `q = 0` in the quotient half.
    pub fn quotient_offset(&self) -> i64 {
        1i64 << (self.quotient_bits - 1)
    }

    /// The index of quotient `q`, if the table holds it.
    pub fn quotient_index(&self, q: i64) -> Option<u32> {
        let j = q.checked_add(self.quotient_offset())?;
        (0..1i64 << self.quotient_bits)
            .contains(&j)
            .then_some(j as u32)
    }

    /// The index of remainder `r`, if the table holds it.
    pub fn remainder_index(&self, r: u64) -> Option<u32> {
        (r < 1u64 << self.remainder_bits).then(|| (r | (1u64 << self.half_bits())) as u32)
    }

    /// Entry `j`.
    pub fn entry(&self, j: u64) -> RequantizeEntry {
        let low = j & ((1u64 << self.half_bits()) - 1);
        if j >> self.half_bits() == 0 {
            let q = (low & ((1u64 << self.quotient_bits) - 1)) as i64 - self.quotient_offset();
            RequantizeEntry {
                x: q,
                y: q.clamp(0, ACTIVATION_MAX_I64) as u64,
                half: 0,
            }
        } else {
            RequantizeEntry {
                x: (low & ((1u64 << self.remainder_bits) - 1)) as i64,
                y: 0,
                half: 1,
            }
        }
    }

    fn check_widths(&self) -> Result<(), LookupError> {
        if !(9..=Self::MAX_HALF_BITS).contains(&self.quotient_bits) {
            return Err(LookupError::Shape {
                what: "requantization quotient bits (9 to 20)",
                expected: Self::MAX_HALF_BITS as usize,
                found: self.quotient_bits as usize,
            });
        }
        if !(1..=Self::MAX_HALF_BITS).contains(&self.remainder_bits) {
            return Err(LookupError::Shape {
                what: "requantization remainder bits (1 to 20)",
                expected: Self::MAX_HALF_BITS as usize,
                found: self.remainder_bits as usize,
            });
        }
        Ok(())
    }

    /// `x̃(ρ) + β·ỹ(ρ) + β²·t̃(ρ)`, `ρ` low bit first, in O(H).
    fn mle(&self, point: &[Fr], beta: Fr) -> Fr {
        let h = self.half_bits() as usize;
        let k = self.quotient_bits as usize;
        let top = point[h];
        let weighted = index_mle;
        // Quotient half: q = Σ_{i<k} 2^i ρ_i − 2^{k−1}; clamp(q) = ρ_{k−1}·(Z·low_byte + (1 − Z)·255)
        // with Z = Π_{8 ≤ i < k−1} (1 − ρ_i) (the value fits in a byte).
        let quotient = weighted(&point[..k]) - Fr::from(self.quotient_offset() as u64);
        let fits: Fr = point[8..k - 1].iter().map(|r| Fr::one() - r).product();
        let clamped = point[k - 1]
            * (fits * weighted(&point[..8])
                + (Fr::one() - fits) * Fr::from(ACTIVATION_MAX_I64 as u64));
        let remainder = weighted(&point[..self.remainder_bits as usize]);
        // t̃ = ρ_H: the half is the top bit.
        (Fr::one() - top) * (quotient + beta * clamped) + top * (remainder + beta.square())
    }
}

/// The largest activation as a signed quotient bound.
const ACTIVATION_MAX_I64: i64 = ACTIVATION_MAX as i64;

impl LookupTable for RequantizeTable {
    fn bits(&self) -> u32 {
        self.half_bits() + 1
    }

    fn check(&self) -> Result<(), LookupError> {
        self.check_widths()
    }

    fn absorb_into(&self, transcript: &mut Transcript) {
        transcript.append_u64(label::REQUANTIZE_QUOTIENT_BITS, self.quotient_bits as u64);
        transcript.append_u64(label::REQUANTIZE_REMAINDER_BITS, self.remainder_bits as u64);
    }

    fn is_tuple(&self) -> bool {
        true
    }

    /// An index outside the table is reduced to the half its top bit names.
    fn compressed_entry(&self, index: u64, beta: Fr) -> Fr {
        self.entry(index).compress(beta)
    }

    /// By half: `α − x − β·y` (quotients), `(α − β²) − x` (remainders).
    fn shifted_entries(&self, alpha: Fr, beta: Fr) -> Vec<Fr> {
        let half = 1u64 << self.half_bits();
        let remainder_shift = alpha - beta.square();
        (0..2 * half)
            .map(|j| {
                let entry = self.entry(j);
                if j < half {
                    alpha - Fr::from(entry.x) - beta * Fr::from(entry.y)
                } else {
                    remainder_shift - Fr::from(entry.x)
                }
            })
            .collect()
    }

    fn evaluate(&self, point: &[Fr], beta: Fr) -> Fr {
        self.mle(point, beta)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_std::rand::{rngs::StdRng, SeedableRng};
    use ark_std::UniformRand;
    use spazk_field::evaluate_mle;
    use spazk_hyrax::HyraxParams;
    use spazk_logup::{prove_lookup, verify_lookup, LookupStatement, RangeTable};

    fn check_mle<T: LookupTable>(table: T) {
        let mut rng = StdRng::seed_from_u64(5);
        let beta = Fr::rand(&mut rng);
        let entries: Vec<Fr> = (0..1u64 << table.bits())
            .map(|j| table.compressed_entry(j, beta))
            .collect();
        let alpha = Fr::rand(&mut rng);
        let shifted = table.shifted_entries(alpha, beta);
        for (e, s) in entries.iter().zip(&shifted) {
            assert_eq!(alpha - e, *s);
        }
        let point: Vec<Fr> = (0..table.bits()).map(|_| Fr::rand(&mut rng)).collect();
        assert_eq!(
            Some(table.evaluate(&point, beta)),
            evaluate_mle(&entries, &point)
        );
    }

    #[test]
    fn requantize_table_mle_matches_its_entries() {
        for (k, sh) in [(9, 1), (9, 9), (10, 4), (11, 12), (12, 8)] {
            check_mle(RequantizeTable {
                quotient_bits: k,
                remainder_bits: sh,
            });
        }
        check_mle(RangeTable { bits: 6 });
    }

    #[test]
    fn requantize_entries_clamp_and_tag() {
        let t = RequantizeTable {
            quotient_bits: 10,
            remainder_bits: 3,
        };
        for q in [-512i64, -1, 0, 1, 255, 256, 511] {
            let j = t.quotient_index(q).unwrap();
            assert_eq!(
                t.entry(j as u64),
                RequantizeEntry {
                    x: q,
                    y: q.clamp(0, 255) as u64,
                    half: 0
                }
            );
        }
        assert_eq!(t.quotient_index(512), None);
        assert_eq!(t.quotient_index(-513), None);
        for r in 0..8 {
            let j = t.remainder_index(r).unwrap();
            assert_eq!(
                t.entry(j as u64),
                RequantizeEntry {
                    x: r as i64,
                    y: 0,
                    half: 1
                }
            );
        }
        assert_eq!(t.remainder_index(8), None);
    }

    /// The requantization table with the half tag `β²·ρ_H` dropped from its MLE: what a verifier
    /// that forgot the term would compute.
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct TagDroppingTable(RequantizeTable);

    impl LookupTable for TagDroppingTable {
        fn bits(&self) -> u32 {
            self.0.bits()
        }
        fn check(&self) -> Result<(), LookupError> {
            self.0.check()
        }
        fn absorb_into(&self, transcript: &mut Transcript) {
            self.0.absorb_into(transcript)
        }
        fn is_tuple(&self) -> bool {
            true
        }
        fn compressed_entry(&self, index: u64, beta: Fr) -> Fr {
            self.0.compressed_entry(index, beta)
        }
        fn evaluate(&self, point: &[Fr], beta: Fr) -> Fr {
            let h = self.0.half_bits() as usize;
            self.0.evaluate(point, beta) - beta.square() * point[h]
        }
    }

    /// The requantization table's half coordinate enters its MLE as `β²·ρ_H`. A verifier that
    /// drops the term rejects honest proofs: the term is what the table side proves, so without
    /// it the remainder half would be read without its tag (the forgery of a committed `a = 256`
    /// passing as a remainder entry relied on exactly that tag being reachable).
    #[test]
    fn the_half_tag_in_the_table_mle_is_load_bearing() {
        let table = RequantizeTable {
            quotient_bits: 9,
            remainder_bits: 4,
        };
        let rows = 64u32;
        let quotients: Vec<u32> = (0..rows)
            .map(|i| table.quotient_index(i as i64 * 7 % 250 - 20).unwrap())
            .collect();
        let remainders: Vec<u32> = (0..rows)
            .map(|i| table.remainder_index(i as u64 % 16).unwrap())
            .collect();
        let statement = LookupStatement {
            columns: 2,
            row_vars: rows.trailing_zeros(),
            table,
        };
        let params = HyraxParams::with_default_seed(1 << 10);
        let mut transcript = Transcript::new(b"half-tag");
        let (proof, _) = prove_lookup(
            &statement,
            &[&quotients, &remainders],
            &params,
            &mut transcript,
        )
        .unwrap();
        let verify = |drop_tag: bool| {
            let mut transcript = Transcript::new(b"half-tag");
            let result = if drop_tag {
                let statement = LookupStatement {
                    columns: statement.columns,
                    row_vars: statement.row_vars,
                    table: TagDroppingTable(table),
                };
                verify_lookup(&statement, &proof, &params, &mut transcript)
            } else {
                verify_lookup(&statement, &proof, &params, &mut transcript)
            };
            result.map(|_| ())
        };
        assert_eq!(verify(false), Ok(()));
        assert_eq!(verify(true), Err(LookupError::TableDenominatorMismatch));
    }
}
