//! How a table of `2^k` values is laid out as a Hyrax matrix.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_matrix::MatrixShape;

/// The largest number of variables a layout may have (a commitment of 2^40 values is far beyond
/// anything proved here; the bound keeps hostile files from asking for absurd sizes).
pub const MAX_VARS: u32 = 40;

/// `R = 2^row_vars` rows of `C = 2^col_vars` columns; entry `(i, j)` is table index `i·C + j`,
/// so the column index is the low `col_vars` variables of the MLE.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, CanonicalSerialize, CanonicalDeserialize)]
pub struct Layout {
    /// Variables of the row index (high variables).
    pub row_vars: u32,
    /// Variables of the column index (low variables).
    pub col_vars: u32,
}

impl Layout {
    /// The balanced layout for `num_vars` variables: `R = 2^⌈k/2⌉`, `C = 2^⌊k/2⌋`.
    pub fn balanced(num_vars: u32) -> Self {
        Self {
            row_vars: num_vars.div_ceil(2),
            col_vars: num_vars / 2,
        }
    }

    /// The natural layout of a weight matrix: one Hyrax row per padded matrix row, one column
    /// per padded matrix column. Then `u = eq(r_y, ·)ᵀ·W` is the mat-vec fold.
    pub fn of_matrix(shape: MatrixShape) -> Self {
        Self {
            row_vars: shape.row_vars() as u32,
            col_vars: shape.col_vars() as u32,
        }
    }

    /// `row_vars + col_vars`.
    pub fn num_vars(&self) -> usize {
        (self.row_vars + self.col_vars) as usize
    }

    /// `R`.
    pub fn rows(&self) -> usize {
        1 << self.row_vars
    }

    /// `C`, the generators needed.
    pub fn cols(&self) -> usize {
        1 << self.col_vars
    }

    /// Whether the sizes are within [`MAX_VARS`].
    pub fn is_supported(&self) -> bool {
        self.row_vars <= MAX_VARS
            && self.col_vars <= MAX_VARS
            && self.row_vars + self.col_vars <= MAX_VARS
    }
}
