//! The shape of one ReLU + requantize step, its plain semantics, and the method its shape picks.

use crate::error::ActivationError;
use crate::protocol::{advice_layout, label};
use crate::table::RequantizeTable;
use spazk_logup::{multiplicity_layout, LimbDecomposition};
use spazk_transcript::Transcript;

/// Width of the output activations.
pub const ACTIVATION_BITS: u32 = 8;
/// The largest activation, `2^8 − 1`. A model's inputs share this range (`spazk-mlp`'s
/// `INPUT_MAX`): the first layer reads its `u8` input as every other layer reads an activation.
pub const ACTIVATION_MAX: u64 = (1 << ACTIVATION_BITS) - 1;

/// The shape of one ReLU + requantize step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivationSpec {
    /// `z ∈ [−2^L, 2^L)`; rounded up to a multiple of the limb width by the limb method.
    pub input_bits: u32,
    /// The right shift `sh ≥ 1`.
    pub shift: u32,
    /// Limb width of the limb method's range checks (its table is `[0, 2^limb_bits)`).
    pub limb_bits: u32,
}

/// `clamp((max(z, 0) + 2^{sh−1}) >> sh, 0, 255)`.
pub fn relu_requantize(z: i64, shift: u32) -> u8 {
    let positive = z.max(0) as u64;
    let q = (positive + (1u64 << (shift - 1))) >> shift;
    q.min(ACTIVATION_MAX) as u8
}

/// How an activation step is proved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivationMethod {
    /// Limb range checks and a zero-check ([`crate::limbs`]).
    Limbs,
    /// Lookups into a requantization table ([`crate::pairs`]).
    Pairs(RequantizeTable),
}

impl ActivationSpec {
    /// The largest right shift.
    pub const MAX_SHIFT: u32 = 39;
    /// The largest bound `L` on the pre-activations.
    pub const MAX_INPUT_BITS: u32 = 40;
    /// The widest limb (the range table is `[0, 2^limb_bits)`, proved over every entry).
    pub const MAX_LIMB_BITS: u32 = 20;

    /// Checks the widths: `1 ≤ shift ≤ MAX_SHIFT`, `1 ≤ input_bits ≤ MAX_INPUT_BITS`,
    /// `1 ≤ limb_bits ≤ MAX_LIMB_BITS`. Never panics: the limb width is checked before
    /// anything divides by it (a spec may come from a hostile file).
    pub fn check(&self) -> Result<(), ActivationError> {
        let in_range = |what, value: u32, max: u32| {
            if (1..=max).contains(&value) {
                Ok(())
            } else {
                Err(ActivationError::Shape {
                    what,
                    expected: max as usize,
                    found: value as usize,
                })
            }
        };
        in_range("limb bits", self.limb_bits, Self::MAX_LIMB_BITS)?;
        in_range("shift", self.shift, Self::MAX_SHIFT)?;
        in_range("input bits", self.input_bits, Self::MAX_INPUT_BITS)?;
        self.decompositions()
            .iter()
            .try_for_each(LimbDecomposition::check)
            .map_err(ActivationError::Range)
    }

    /// The method for a column of `rows` values ([`Self::method`]), after checking the spec and
    /// that `rows` is a power of two (what committing either mode's advice needs first).
    pub fn method_for_rows(&self, rows: usize) -> Result<ActivationMethod, ActivationError> {
        self.check()?;
        if !rows.is_power_of_two() {
            return Err(ActivationError::Shape {
                what: "activation rows (a power of two)",
                expected: rows.next_power_of_two(),
                found: rows,
            });
        }
        Ok(self.method(rows.trailing_zeros()))
    }

    /// `L` rounded up to whole limbs: a looser bound costs nothing and saves a scaled limb.
    pub fn sign_bits(&self) -> u32 {
        self.input_bits.div_ceil(self.limb_bits) * self.limb_bits
    }

    /// The limb method's range checks for `u`, `rem`, `a` and `d`, in that order. `d`'s width is
    /// rounded up to whole limbs too (it only has to exclude negative values).
    pub fn decompositions(&self) -> [LimbDecomposition; 4] {
        let w = self.limb_bits;
        let l = self.sign_bits();
        let d_bits = (l.saturating_sub(self.shift) + 1).div_ceil(w) * w;
        [l, self.shift, ACTIVATION_BITS, d_bits].map(|value_bits| LimbDecomposition {
            value_bits,
            limb_bits: w,
        })
    }

    /// The pair method's table, if it fits: quotients `q = ⌊(z + 2^{sh−1}) / 2^sh⌋` of
    /// `z ∈ [−2^L, 2^L)` lie in `[−2^{L−sh} − 1, 2^{L−sh}]`, so `k = max(9, L − sh + 2)`.
    pub fn requantize_table(&self) -> Option<RequantizeTable> {
        let table = RequantizeTable {
            quotient_bits: (self.input_bits + 2).saturating_sub(self.shift).max(9),
            remainder_bits: self.shift,
        };
        (table.half_bits() <= RequantizeTable::MAX_HALF_BITS).then_some(table)
    }

    /// The method for `2^row_vars` rows: the one with the smaller estimated prover work, in
    /// "leaf" units measured on this code (a witness leaf, a committed entry, a zero-check row
    /// each about one; a table leaf with its multiplicity about three).
    ///
    /// Pairs: `2n` leaves, 3 committed columns, the reduction (`≈ n`) and `2^{H+1}` table
    /// entries. Limbs: `pad(c)·n` leaves for `c` limb columns, `c + 2` committed columns and the
    /// zero-check (`≈ 4n`), a table of `2^w`.
    pub fn method(&self, row_vars: u32) -> ActivationMethod {
        let Some(table) = self.requantize_table() else {
            return ActivationMethod::Limbs;
        };
        let n = 1u64 << row_vars;
        let pairs = 6 * n + 3 * (1u64 << (table.half_bits() + 1));
        let columns: u64 = self
            .decompositions()
            .iter()
            .map(|d| d.statement(row_vars).columns as u64)
            .sum();
        let limbs = (columns.next_power_of_two() + columns + 6) * n + 3 * (1u64 << self.limb_bits);
        if pairs < limbs {
            ActivationMethod::Pairs(table)
        } else {
            ActivationMethod::Limbs
        }
    }

    /// Generators a proof for `2^row_vars` rows needs (the widest committed row).
    pub fn generators_needed(&self, row_vars: u32) -> usize {
        match self.method(row_vars) {
            ActivationMethod::Limbs => LimbDecomposition::layout(row_vars)
                .cols()
                .max(multiplicity_layout(self.limb_bits).cols()),
            ActivationMethod::Pairs(table) => advice_layout(row_vars)
                .cols()
                .max(multiplicity_layout(table.half_bits() + 1).cols()),
        }
    }

    pub(crate) fn absorb_into(&self, transcript: &mut Transcript) {
        transcript.append_u64(label::INPUT_BITS, self.input_bits as u64);
        transcript.append_u64(label::SHIFT, self.shift as u64);
        transcript.append_u64(label::LIMB_BITS, self.limb_bits as u64);
    }
}
