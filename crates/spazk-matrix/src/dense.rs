//! Dense matrices: every entry stored and multiplied.

use super::{Matrix, MatrixShape, SparseMatrix, TernaryMatrix};
use ark_ff::PrimeField;
use spazk_field::parallel::{for_each_chunk_mut, map_collect};

/// A dense `rows × cols` matrix, row-major (`entries[y·cols + x] = W[y][x]`).
///
/// Its fold costs `rows · cols` multiplications whatever the values: this is the baseline that
/// the sparse and ternary kinds improve on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DenseMatrix<F> {
    shape: MatrixShape,
    entries: Vec<F>,
}

impl<F: PrimeField> DenseMatrix<F> {
    /// Wraps row-major entries; `None` if their number is not `rows · cols`.
    pub fn from_row_major(shape: MatrixShape, entries: Vec<F>) -> Option<Self> {
        (entries.len() == shape.len()).then_some(Self { shape, entries })
    }

    /// The row-major entries.
    pub fn entries(&self) -> &[F] {
        &self.entries
    }

    /// `W[row][col]`.
    pub fn get(&self, row: usize, col: usize) -> F {
        self.entries[row * self.shape.cols + col]
    }
}

/// Columns each task folds: wide enough to stream rows, small enough to keep `A` in L1.
const COLUMN_STRIPE: usize = 512;

impl<F: PrimeField> Matrix<F> for DenseMatrix<F> {
    fn shape(&self) -> MatrixShape {
        self.shape
    }

    fn nnz(&self) -> usize {
        self.entries.iter().filter(|v| !v.is_zero()).count()
    }

    fn fold_rows(&self, row_weights: &[F]) -> Vec<F> {
        let MatrixShape { rows, cols } = self.shape;
        assert!(
            row_weights.len() >= rows,
            "row weights shorter than the matrix"
        );
        let mut folded = vec![F::zero(); self.shape.padded_cols()];
        // Each stripe of columns accumulates over all rows; stripes are independent.
        let fold_stripe = |start: usize, out: &mut [F]| {
            for (y, weight) in row_weights[..rows].iter().enumerate() {
                let row = &self.entries[y * cols + start..y * cols + start + out.len()];
                for (acc, w) in out.iter_mut().zip(row) {
                    *acc += *weight * w;
                }
            }
        };
        for_each_chunk_mut(&mut folded[..cols], COLUMN_STRIPE, fold_stripe);
        folded
    }

    fn mul_vec(&self, v: &[F]) -> Vec<F> {
        super::assert_vector_len(self.shape, v.len());
        let row_dot = |row: &[F]| row.iter().zip(v).map(|(w, x)| *w * x).sum::<F>();
        if self.shape.cols == 0 {
            return vec![F::zero(); self.shape.rows];
        }
        let cols = self.shape.cols;
        map_collect(self.shape.rows, 1, |y| {
            row_dot(&self.entries[y * cols..(y + 1) * cols])
        })
    }

    fn for_each_nonzero(&self, visit: &mut dyn FnMut(usize, usize, F)) {
        let MatrixShape { rows, cols } = self.shape;
        for x in 0..cols {
            for y in 0..rows {
                let v = self.entries[y * cols + x];
                if !v.is_zero() {
                    visit(y, x, v);
                }
            }
        }
    }
}

impl<F: PrimeField> From<&SparseMatrix<F>> for DenseMatrix<F> {
    fn from(sparse: &SparseMatrix<F>) -> Self {
        let shape = Matrix::<F>::shape(sparse);
        let mut entries = vec![F::zero(); shape.len()];
        sparse.for_each_nonzero(&mut |y, x, v| entries[y * shape.cols + x] = v);
        Self { shape, entries }
    }
}

impl<F: PrimeField> From<&TernaryMatrix> for DenseMatrix<F> {
    fn from(ternary: &TernaryMatrix) -> Self {
        let shape = ternary.shape();
        let mut entries = vec![F::zero(); shape.len()];
        ternary.for_each_signed(|y, x, positive| {
            entries[y * shape.cols + x] = if positive { F::one() } else { -F::one() };
        });
        Self { shape, entries }
    }
}
