//! Range checks of committed unsigned values through limbs: `z = Σ_k 2^{w·k}·l_k`, each limb
//! looked up in `[0, 2^w)`. When `w` does not divide the value width the top limb is narrower;
//! it is looked up twice, once as itself and once scaled by `2^{w − r}` (a column the verifier
//! derives from the top limb's claim, never committed), which bounds it by `2^r`.
//!
//! Several value columns of one length and limb width share one lookup argument and one batched
//! opening ([`prove_committed_ranges`]). A caller that folds the limb claims into a later
//! sumcheck takes the argument without its opening ([`prove_range_claims`],
//! [`verify_range_claims`]).

pub mod hidden;
mod prover;
mod verifier;

pub use hidden::{
    hidden_range_mask_len, prove_hidden_committed_ranges, prove_hidden_range_claims,
    verify_hidden_committed_ranges, verify_hidden_range_claims, HiddenCommittedLimbs,
    HiddenCommittedRanges, HiddenRangeClaims, HiddenRangeProof, HiddenVerifiedRange,
    ProvedHiddenRange,
};
pub use prover::{prove_committed_range, prove_committed_ranges, prove_range_claims, RangeClaims};
#[cfg(feature = "test-util")]
pub use prover::{prove_committed_ranges_with_scaled, prove_range_claims_routed};
pub use verifier::{
    verify_committed_range, verify_committed_ranges, verify_committed_ranges_deferred,
    verify_range_claims, VerifiedRange,
};

use crate::claim::{LookupStatement, MAX_TABLE_BITS};
use crate::error::RangeError;
use crate::protocol::{label, limb_layout};
use crate::table::RangeTable;
use ark_bn254::{Fr, G1Projective};
use ark_ec::CurveGroup;
use ark_ff::{Field, Zero};
use spazk_hyrax::{Commit, HyraxCommitment, HyraxParams, Layout};
use spazk_transcript::Transcript;

/// How unsigned values of `value_bits` bits are split into limbs of `limb_bits` bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimbDecomposition {
    /// Width of the values.
    pub value_bits: u32,
    /// Width of a limb (the lookup table is `[0, 2^limb_bits)`).
    pub limb_bits: u32,
}

/// Limb columns and their commitments.
#[derive(Clone, Debug)]
pub struct CommittedLimbs {
    /// One column per limb, low limb first.
    pub limbs: Vec<Vec<u32>>,
    /// One commitment per limb, under [`LimbDecomposition::layout`].
    pub commitments: Vec<HyraxCommitment>,
}

impl LimbDecomposition {
    /// Checks the widths: `1 ≤ limb_bits ≤ 20` (the table is proved over `2^limb_bits` entries)
    /// and `1 ≤ value_bits ≤ 64`.
    pub fn check(&self) -> Result<(), RangeError> {
        let in_range = |what, value: u32, max: u32| {
            if (1..=max).contains(&value) {
                Ok(())
            } else {
                Err(RangeError::Shape {
                    what,
                    expected: max as usize,
                    found: value as usize,
                })
            }
        };
        in_range("limb bits", self.limb_bits, MAX_TABLE_BITS.min(20))?;
        in_range("value bits", self.value_bits, 64)
    }

    /// Number of limbs, `⌈value_bits / limb_bits⌉`.
    pub fn limbs(&self) -> usize {
        self.value_bits.div_ceil(self.limb_bits) as usize
    }

    /// Width of the top limb.
    pub fn top_bits(&self) -> u32 {
        self.value_bits - (self.limbs() as u32 - 1) * self.limb_bits
    }

    /// Whether the top limb is narrower than the table and needs its scaled copy.
    pub fn has_scaled_top(&self) -> bool {
        self.top_bits() < self.limb_bits
    }

    /// The lookup statement for columns of `2^row_vars` values.
    pub fn statement(&self, row_vars: u32) -> LookupStatement {
        LookupStatement {
            columns: self.limbs() + usize::from(self.has_scaled_top()),
            row_vars,
            table: RangeTable {
                bits: self.limb_bits,
            },
        }
    }

    /// The layout limb columns of `2^row_vars` values are committed under.
    pub fn layout(row_vars: u32) -> Layout {
        limb_layout(row_vars)
    }

    /// Splits `values` into limb columns; rejects a value wider than `value_bits`.
    pub fn decompose(&self, values: &[u64]) -> Result<Vec<Vec<u32>>, RangeError> {
        self.check()?;
        let mask = (1u64 << self.limb_bits) - 1;
        let mut limbs = vec![Vec::with_capacity(values.len()); self.limbs()];
        for (row, v) in values.iter().enumerate() {
            if self.value_bits < 64 && *v >> self.value_bits != 0 {
                return Err(RangeError::ValueOutOfRange {
                    row,
                    value: *v,
                    bits: self.value_bits,
                });
            }
            for (k, limb) in limbs.iter_mut().enumerate() {
                limb.push(((*v >> (k as u32 * self.limb_bits)) & mask) as u32);
            }
        }
        Ok(limbs)
    }

    /// Decomposes and commits `values` (a power-of-two count), each limb through Hyrax's
    /// unsigned-value path.
    pub fn commit(
        &self,
        values: &[u64],
        params: &HyraxParams,
    ) -> Result<CommittedLimbs, RangeError> {
        let row_vars = row_vars_of(values.len())?;
        let limbs = self.decompose(values)?;
        let layout = Self::layout(row_vars);
        let commitments = limbs
            .iter()
            .map(|limb| limb.commit(params, layout).map_err(RangeError::Commitment))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CommittedLimbs { limbs, commitments })
    }

    /// `2^{w − r}`, the factor of the scaled top limb.
    pub(crate) fn top_scale(&self) -> u32 {
        1 << (self.limb_bits - self.top_bits())
    }

    fn absorb_into(&self, commitments: &[HyraxCommitment], transcript: &mut Transcript) {
        transcript.append_u64(label::RANGE_VALUE_BITS, self.value_bits as u64);
        transcript.append_u64(label::RANGE_LIMB_BITS, self.limb_bits as u64);
        for commitment in commitments {
            commitment.absorb_into(label::RANGE_LIMB, transcript);
        }
    }

    /// `Σ_k 2^{w·k}·v_k`.
    pub(crate) fn recompose(&self, limb_values: &[Fr]) -> Fr {
        let base = Fr::from(1u64 << self.limb_bits);
        limb_values
            .iter()
            .rev()
            .fold(Fr::zero(), |acc, v| acc * base + v)
    }

    /// The commitment to the value column, `Σ_k 2^{w·k}·C_k` row by row (Hyrax is additively
    /// homomorphic), for a caller that holds the values' own commitment.
    pub fn value_commitment(
        &self,
        limb_commitments: &[HyraxCommitment],
    ) -> Result<HyraxCommitment, RangeError> {
        let first = limb_commitments.first().ok_or(RangeError::Shape {
            what: "limb commitments",
            expected: self.limbs(),
            found: 0,
        })?;
        let mut rows: Vec<G1Projective> = vec![G1Projective::zero(); first.rows.len()];
        for (k, commitment) in limb_commitments.iter().enumerate() {
            if commitment.layout != first.layout || commitment.rows.len() != rows.len() {
                return Err(RangeError::Column(spazk_hyrax::HyraxError::LayoutMismatch));
            }
            let scale = Fr::from(2u64).pow([k as u64 * self.limb_bits as u64]);
            for (acc, row) in rows.iter_mut().zip(&commitment.rows) {
                *acc += *row * scale;
            }
        }
        Ok(HyraxCommitment {
            layout: first.layout,
            seed: first.seed,
            rows: G1Projective::normalize_batch(&rows),
        })
    }
}

fn row_vars_of(len: usize) -> Result<u32, RangeError> {
    if !len.is_power_of_two() {
        return Err(RangeError::Shape {
            what: "column length (a power of two)",
            expected: len.next_power_of_two(),
            found: len,
        });
    }
    Ok(len.trailing_zeros())
}

impl LimbDecomposition {
    /// The scaled copy of the committed top limb (each entry times `2^{w − r}`), if the
    /// decomposition needs one: a lookup column beside the limbs, never committed.
    pub fn scaled_top(&self, committed: &CommittedLimbs) -> Option<Vec<u32>> {
        self.scaled_top_of(&committed.limbs)
    }

    /// The scaled copy of the top limb of `limbs` (none if the decomposition needs none, or
    /// there is no limb).
    fn scaled_top_of(&self, limbs: &[Vec<u32>]) -> Option<Vec<u32>> {
        let top = limbs.last().filter(|_| self.has_scaled_top())?;
        let scale = self.top_scale();
        Some(top.iter().map(|l| l.saturating_mul(scale)).collect())
    }
}

fn check_limb_width(decompositions: &[LimbDecomposition]) -> Result<u32, RangeError> {
    let first = decompositions.first().ok_or(RangeError::Shape {
        what: "value columns",
        expected: 1,
        found: 0,
    })?;
    for d in decompositions {
        d.check()?;
        if d.limb_bits != first.limb_bits {
            return Err(RangeError::Shape {
                what: "limb bits",
                expected: first.limb_bits as usize,
                found: d.limb_bits as usize,
            });
        }
    }
    Ok(first.limb_bits)
}

/// The limbs' values among a lookup's column values (the scaled tops dropped).
fn limb_values_of(decompositions: &[LimbDecomposition], row_vars: u32, values: &[Fr]) -> Vec<Fr> {
    let mut rest = values;
    let mut limbs = Vec::new();
    for d in decompositions {
        limbs.extend_from_slice(&rest[..d.limbs()]);
        rest = &rest[d.statement(row_vars).columns..];
    }
    limbs
}

fn batch_statement(decompositions: &[LimbDecomposition], row_vars: u32) -> LookupStatement {
    LookupStatement {
        columns: decompositions
            .iter()
            .map(|d| d.statement(row_vars).columns)
            .sum(),
        row_vars,
        table: RangeTable {
            bits: decompositions[0].limb_bits,
        },
    }
}

/// The verifiers' first step, in both modes: the limb width, the limb commitments' count and
/// layout for `2^row_vars` rows, then absorbing them. Returns the number of limbs and the
/// lookup statement over them.
fn check_and_absorb_limbs(
    decompositions: &[LimbDecomposition],
    row_vars: u32,
    limb_commitments: &[HyraxCommitment],
    transcript: &mut Transcript,
) -> Result<(usize, LookupStatement), RangeError> {
    check_limb_width(decompositions)?;
    let limbs: usize = decompositions.iter().map(LimbDecomposition::limbs).sum();
    if limb_commitments.len() != limbs {
        return Err(RangeError::Shape {
            what: "limb commitments",
            expected: limbs,
            found: limb_commitments.len(),
        });
    }
    let layout = LimbDecomposition::layout(row_vars);
    if limb_commitments.iter().any(|c| c.layout != layout) {
        return Err(RangeError::Column(spazk_hyrax::HyraxError::LayoutMismatch));
    }
    absorb_batch(decompositions, limb_commitments, transcript);
    Ok((limbs, batch_statement(decompositions, row_vars)))
}

fn absorb_batch(
    decompositions: &[LimbDecomposition],
    commitments: &[HyraxCommitment],
    transcript: &mut Transcript,
) {
    transcript.append_u64(label::RANGE_VALUE_COLUMNS, decompositions.len() as u64);
    let mut rest = commitments;
    for d in decompositions {
        let (mine, tail) = rest.split_at(d.limbs().min(rest.len()));
        d.absorb_into(mine, transcript);
        rest = tail;
    }
}
