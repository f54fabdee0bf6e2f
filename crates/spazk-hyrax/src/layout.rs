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

    /// The hiding weight layout of a matrix of `shape` (design.md §8, "Openings at several
    /// points"): the same padded table as [`Self::of_matrix`] (index `y·C_pad + x`), with at most
    /// half of its `k = a + b` variables as columns: `col_vars = min(b, ⌊k/2⌋)`, `row_vars =
    /// k − col_vars`. The zero-knowledge Σ-protocol answers an opening with one response per
    /// column and commits one nonce vector over the columns, so a wide matrix (16×4096 padded)
    /// costs 4096 of each under its natural layout and 256 under this one (256×256); a matrix
    /// with at least as many padded rows as columns keeps its natural layout.
    ///
    /// Matrix row `y` spans Hyrax rows `y·2^h .. (y+1)·2^h` with `h = b − col_vars`
    /// ([`Self::matrix_split`]): entry `(y, x)` is at Hyrax row `y·2^h + (x >> col_vars)`,
    /// column `x mod 2^col_vars`.
    pub fn hiding_matrix(shape: MatrixShape) -> Self {
        let (a, b) = (shape.row_vars() as u32, shape.col_vars() as u32);
        let col_vars = b.min((a + b) / 2);
        Self {
            row_vars: a + b - col_vars,
            col_vars,
        }
    }

    /// `Some(h)` when this layout lays out the padded table of a matrix of `shape` (index
    /// `y·C_pad + x`: all `a + b` of its variables, at most `b` of them columns), `h = b −
    /// col_vars` being the column variables moved into the Hyrax row index: entry `(y, x)` sits
    /// at Hyrax row `y·2^h + (x >> col_vars)`, column `x mod 2^col_vars`. `h = 0` is
    /// [`Self::of_matrix`]. `None` for a layout of another table size, or wider than the matrix.
    pub fn matrix_split(&self, shape: MatrixShape) -> Option<u32> {
        let (a, b) = (shape.row_vars() as u32, shape.col_vars() as u32);
        (self.row_vars.checked_add(self.col_vars) == Some(a + b) && self.col_vars <= b)
            .then(|| b - self.col_vars)
    }

    /// The Hyrax rows holding the matrix's `shape.rows` real rows under a layout that fits it
    /// ([`Self::matrix_split`]), `m·2^h`: every later row holds only padded matrix rows
    /// (`y ≥ m`). `None` when the layout does not fit `shape`.
    pub fn matrix_data_rows(&self, shape: MatrixShape) -> Option<usize> {
        self.matrix_split(shape).map(|h| shape.rows << h)
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
