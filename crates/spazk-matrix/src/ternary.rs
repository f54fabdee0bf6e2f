//! Ternary matrices (entries in {−1, 0, 1}) as two sorted row lists per column.

use super::{check_density, Matrix, MatrixShape};
use ark_std::rand::{rngs::StdRng, RngCore, SeedableRng};
use spazk_field::UnreducedAccumulate;
use thiserror::Error;

/// Why a ternary matrix could not be built.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum TernaryMatrixError {
    /// An entry is not −1, 0 or 1.
    #[error("entry ({row}, {col}) is {value}, not ternary (−1, 0 or 1)")]
    NotTernary {
        /// Row of the entry.
        row: usize,
        /// Column of the entry.
        col: usize,
        /// The value found.
        value: i64,
    },
    /// An index lies outside the shape.
    #[error("entry ({row}, {col}) lies outside the {rows} × {cols} matrix")]
    IndexOutOfRange {
        /// Row of the entry.
        row: usize,
        /// Column of the entry.
        col: usize,
        /// Rows of the matrix.
        rows: usize,
        /// Columns of the matrix.
        cols: usize,
    },
    /// The same entry was given twice.
    #[error("entry ({row}, {col}) is given more than once")]
    DuplicateEntry {
        /// Row of the entry.
        row: usize,
        /// Column of the entry.
        col: usize,
    },
    /// Row indices are stored as `u32`.
    #[error("{0} rows exceed the supported 2^32")]
    TooManyRows(usize),
    /// The row-major data has the wrong length.
    #[error("row-major data has {found} entries, the shape needs {expected}")]
    WrongLength {
        /// `rows · cols`.
        expected: usize,
        /// Entries given.
        found: usize,
    },
    /// A generator density outside `(0, 1]`.
    #[error("density {0} is not in (0, 1]")]
    InvalidDensity(f64),
}

/// A ternary matrix in compressed-column form: column `x` holds its `+1` rows in
/// `row_indices[col_starts[x]..minus_starts[x]]` and its `−1` rows in
/// `row_indices[minus_starts[x]..col_starts[x + 1]]`, each list ascending.
///
/// Columns (not rows) are the unit of storage because the fold `A[x] = Σ_y e[y]·W[y][x]` then
/// accumulates each output in a register and columns split across threads without conflicts.
/// The fold adds and subtracts `eq` entries and never multiplies by a weight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TernaryMatrix {
    shape: MatrixShape,
    col_starts: Vec<usize>,
    minus_starts: Vec<usize>,
    row_indices: Vec<u32>,
}

impl TernaryMatrix {
    /// Builds a matrix from `(row, col, value)` entries in any order; zeros are skipped.
    pub fn from_entries(
        shape: MatrixShape,
        entries: impl IntoIterator<Item = (usize, usize, i64)>,
    ) -> Result<Self, TernaryMatrixError> {
        if shape.rows > u32::MAX as usize {
            return Err(TernaryMatrixError::TooManyRows(shape.rows));
        }
        let mut signed: Vec<(usize, u32, bool)> = Vec::new();
        for (row, col, value) in entries {
            if row >= shape.rows || col >= shape.cols {
                let (rows, cols) = (shape.rows, shape.cols);
                return Err(TernaryMatrixError::IndexOutOfRange {
                    row,
                    col,
                    rows,
                    cols,
                });
            }
            match value {
                0 => {}
                1 | -1 => signed.push((col, row as u32, value == 1)),
                _ => return Err(TernaryMatrixError::NotTernary { row, col, value }),
            }
        }
        // Per column: +1 rows ascending, then −1 rows ascending.
        signed.sort_unstable_by_key(|&(col, row, positive)| (col, !positive, row));
        let mut builder = ColumnBuilder::new(shape, signed.len());
        let mut i = 0;
        for x in 0..shape.cols {
            let mut last: Option<u32> = None;
            while i < signed.len() && signed[i].0 == x {
                let (_, row, positive) = signed[i];
                if !positive && !builder.in_minus_list() {
                    builder.start_minus();
                    last = None;
                }
                if last == Some(row) {
                    return Err(TernaryMatrixError::DuplicateEntry {
                        row: row as usize,
                        col: x,
                    });
                }
                last = Some(row);
                builder.push(row);
                i += 1;
            }
            builder.finish_column();
        }
        let matrix = builder.build();
        matrix.check_no_row_in_both_lists()?;
        Ok(matrix)
    }

    /// Builds a matrix from row-major `i8` entries (`data[y·cols + x] = W[y][x]`).
    pub fn from_row_major(shape: MatrixShape, data: &[i8]) -> Result<Self, TernaryMatrixError> {
        if data.len() != shape.len() {
            return Err(TernaryMatrixError::WrongLength {
                expected: shape.len(),
                found: data.len(),
            });
        }
        let cols = shape.cols.max(1);
        Self::from_entries(
            shape,
            data.iter()
                .enumerate()
                .filter(|(_, v)| **v != 0)
                .map(|(i, v)| (i / cols, i % cols, *v as i64)),
        )
    }

    /// A seeded random matrix: each entry is nonzero with probability `density`, then `+1` or
    /// `−1` with equal probability. The same `(shape, density, seed)` always gives the same
    /// matrix.
    pub fn random(shape: MatrixShape, density: f64, seed: u64) -> Result<Self, TernaryMatrixError> {
        check_density(density)?;
        if shape.rows > u32::MAX as usize {
            return Err(TernaryMatrixError::TooManyRows(shape.rows));
        }
        let mut rng = StdRng::seed_from_u64(seed);
        // Compare the top 53 bits against the density, use bit 0 as the sign.
        let threshold = (density * (1u64 << 53) as f64) as u64;
        let expected = (shape.len() as f64 * density * 1.05) as usize + 16;
        let mut builder = ColumnBuilder::new(shape, expected);
        let mut minus = Vec::new();
        for _ in 0..shape.cols {
            minus.clear();
            for y in 0..shape.rows as u32 {
                let draw = rng.next_u64();
                if (draw >> 11) < threshold {
                    if draw & 1 == 0 {
                        builder.push(y);
                    } else {
                        minus.push(y);
                    }
                }
            }
            builder.start_minus();
            minus.iter().for_each(|&y| builder.push(y));
            builder.finish_column();
        }
        Ok(builder.build())
    }

    /// The shape.
    pub fn shape(&self) -> MatrixShape {
        self.shape
    }

    /// Number of nonzero entries.
    pub fn nnz(&self) -> usize {
        self.row_indices.len()
    }

    /// Rows of column `x` holding `+1`, ascending.
    pub fn plus_rows(&self, x: usize) -> &[u32] {
        &self.row_indices[self.col_starts[x]..self.minus_starts[x]]
    }

    /// Rows of column `x` holding `−1`, ascending.
    pub fn minus_rows(&self, x: usize) -> &[u32] {
        &self.row_indices[self.minus_starts[x]..self.col_starts[x + 1]]
    }

    /// `W[row][col]` as −1, 0 or 1 (binary search in the column).
    pub fn get(&self, row: usize, col: usize) -> i8 {
        let row = row as u32;
        if self.plus_rows(col).binary_search(&row).is_ok() {
            1
        } else if self.minus_rows(col).binary_search(&row).is_ok() {
            -1
        } else {
            0
        }
    }

    /// Visits the nonzero entries of column `x` in ascending row order as `(row, is_plus_one)`.
    pub fn for_each_in_column(&self, x: usize, mut visit: impl FnMut(usize, bool)) {
        let (plus, minus) = (self.plus_rows(x), self.minus_rows(x));
        let (mut i, mut j) = (0, 0);
        while i < plus.len() || j < minus.len() {
            if j == minus.len() || (i < plus.len() && plus[i] < minus[j]) {
                visit(plus[i] as usize, true);
                i += 1;
            } else {
                visit(minus[j] as usize, false);
                j += 1;
            }
        }
    }

    /// Visits every nonzero entry as `(row, col, is_plus_one)`, column by column.
    pub fn for_each_signed(&self, mut visit: impl FnMut(usize, usize, bool)) {
        for x in 0..self.shape.cols {
            self.for_each_in_column(x, |y, positive| visit(y, x, positive));
        }
    }

    fn check_no_row_in_both_lists(&self) -> Result<(), TernaryMatrixError> {
        for x in 0..self.shape.cols {
            let minus = self.minus_rows(x);
            if let Some(&row) = self
                .plus_rows(x)
                .iter()
                .find(|r| minus.binary_search(r).is_ok())
            {
                return Err(TernaryMatrixError::DuplicateEntry {
                    row: row as usize,
                    col: x,
                });
            }
        }
        Ok(())
    }
}

/// Appends columns one at a time: `+1` rows, then [`ColumnBuilder::start_minus`], then `−1` rows.
struct ColumnBuilder {
    shape: MatrixShape,
    col_starts: Vec<usize>,
    minus_starts: Vec<usize>,
    row_indices: Vec<u32>,
    minus_started: bool,
}

impl ColumnBuilder {
    fn new(shape: MatrixShape, capacity: usize) -> Self {
        let mut col_starts = Vec::with_capacity(shape.cols + 1);
        col_starts.push(0);
        Self {
            shape,
            col_starts,
            minus_starts: Vec::with_capacity(shape.cols),
            row_indices: Vec::with_capacity(capacity),
            minus_started: false,
        }
    }

    fn in_minus_list(&self) -> bool {
        self.minus_started
    }

    fn push(&mut self, row: u32) {
        self.row_indices.push(row);
    }

    fn start_minus(&mut self) {
        self.minus_starts.push(self.row_indices.len());
        self.minus_started = true;
    }

    fn finish_column(&mut self) {
        if !self.minus_started {
            self.start_minus();
        }
        self.col_starts.push(self.row_indices.len());
        self.minus_started = false;
    }

    fn build(self) -> TernaryMatrix {
        TernaryMatrix {
            shape: self.shape,
            col_starts: self.col_starts,
            minus_starts: self.minus_starts,
            row_indices: self.row_indices,
        }
    }
}

impl<F: UnreducedAccumulate> Matrix<F> for TernaryMatrix {
    fn shape(&self) -> MatrixShape {
        self.shape
    }

    fn nnz(&self) -> usize {
        self.row_indices.len()
    }

    fn fold_rows(&self, row_weights: &[F]) -> Vec<F> {
        // Sum the +1 rows and the −1 rows unreduced, reduce each once, subtract once.
        let gather = |weights: &[F], rows: &[u32]| -> F {
            let mut acc = F::Accumulator::default();
            for &y in rows {
                F::accumulate(&mut acc, &weights[y as usize]);
            }
            F::reduce(&acc)
        };
        super::fold_by_columns(self.shape, row_weights, |weights, x| {
            gather(weights, self.plus_rows(x)) - gather(weights, self.minus_rows(x))
        })
    }

    fn mul_vec(&self, v: &[F]) -> Vec<F> {
        super::assert_vector_len(self.shape, v.len());
        let mut out = vec![F::zero(); self.shape.rows];
        for (x, vx) in v.iter().enumerate() {
            self.plus_rows(x)
                .iter()
                .for_each(|&y| out[y as usize] += vx);
            self.minus_rows(x)
                .iter()
                .for_each(|&y| out[y as usize] -= vx);
        }
        out
    }

    fn for_each_nonzero(&self, visit: &mut dyn FnMut(usize, usize, F)) {
        self.for_each_signed(|y, x, positive| {
            visit(y, x, if positive { F::one() } else { -F::one() })
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spazk_field::Fr;

    #[test]
    fn rejects_non_ternary_and_out_of_range() {
        let shape = MatrixShape::new(2, 3);
        assert_eq!(
            TernaryMatrix::from_row_major(shape, &[0, 1, 2, 0, 0, 0]),
            Err(TernaryMatrixError::NotTernary {
                row: 0,
                col: 2,
                value: 2
            })
        );
        assert!(matches!(
            TernaryMatrix::from_entries(shape, [(2, 0, 1)]),
            Err(TernaryMatrixError::IndexOutOfRange { row: 2, col: 0, .. })
        ));
        assert_eq!(
            TernaryMatrix::from_entries(shape, [(1, 1, 1), (1, 1, -1)]),
            Err(TernaryMatrixError::DuplicateEntry { row: 1, col: 1 })
        );
        assert_eq!(
            TernaryMatrix::from_entries(shape, [(1, 1, 1), (1, 1, 1)]),
            Err(TernaryMatrixError::DuplicateEntry { row: 1, col: 1 })
        );
        assert_eq!(
            TernaryMatrix::random(shape, 0.0, 1),
            Err(TernaryMatrixError::InvalidDensity(0.0))
        );
        assert_eq!(
            TernaryMatrix::random(shape, f64::NAN, 1)
                .map(|_| ())
                .unwrap_err()
                .to_string(),
            "density NaN is not in (0, 1]"
        );
    }

    #[test]
    fn row_major_round_trip() {
        let data: Vec<i8> = vec![1, 0, -1, 0, -1, 1, 1, 1, 0, 0, 0, -1];
        let m = TernaryMatrix::from_row_major(MatrixShape::new(3, 4), &data).unwrap();
        assert_eq!(m.nnz(), 7);
        for y in 0..3 {
            for x in 0..4 {
                assert_eq!(m.get(y, x), data[y * 4 + x]);
            }
        }
        assert_eq!(m.plus_rows(0), &[0]);
        assert_eq!(m.minus_rows(0), &[1]);
        assert_eq!(m.minus_rows(2), &[0]);
    }

    #[test]
    fn random_is_seeded_and_near_density() {
        let shape = MatrixShape::new(256, 256);
        let a = TernaryMatrix::random(shape, 0.25, 9).unwrap();
        assert_eq!(a, TernaryMatrix::random(shape, 0.25, 9).unwrap());
        assert_ne!(a, TernaryMatrix::random(shape, 0.25, 10).unwrap());
        let ratio = a.nnz() as f64 / shape.len() as f64;
        assert!((ratio - 0.25).abs() < 0.01, "density {ratio}");
        let full = TernaryMatrix::random(shape, 1.0, 9).unwrap();
        assert_eq!(full.nnz(), shape.len());
    }

    #[test]
    fn fold_matches_definition() {
        let shape = MatrixShape::new(5, 7);
        let m = TernaryMatrix::random(shape, 0.5, 3).unwrap();
        let e: Vec<Fr> = (0..8u64).map(|i| Fr::from(i * i + 1)).collect();
        let folded = Matrix::<Fr>::fold_rows(&m, &e);
        assert_eq!(folded.len(), 8);
        for (x, value) in folded.iter().take(7).enumerate() {
            let expected: Fr = (0..5).map(|y| e[y] * Fr::from(m.get(y, x) as i64)).sum();
            assert_eq!(*value, expected);
        }
        assert_eq!(folded[7], Fr::from(0u64));
    }
}
