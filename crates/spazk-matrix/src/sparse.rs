//! Sparse matrices with general field values, in compressed-column form.

use super::{Matrix, MatrixShape, TernaryMatrix};
use ark_ff::PrimeField;

/// A sparse matrix in compressed-column form: column `x` holds the rows
/// `row_indices[col_starts[x]..col_starts[x + 1]]` (ascending) with their `values`.
///
/// Its fold costs one multiplication per stored entry and never touches a zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SparseMatrix<F> {
    shape: MatrixShape,
    col_starts: Vec<usize>,
    row_indices: Vec<u32>,
    values: Vec<F>,
}

impl<F: PrimeField> SparseMatrix<F> {
    /// Builds a matrix from `(row, col, value)` triples in any order; zero values are dropped,
    /// duplicates are summed. `None` if an index is out of range or a dimension exceeds `u32`.
    pub fn from_triples(shape: MatrixShape, mut triples: Vec<(usize, usize, F)>) -> Option<Self> {
        if shape.rows > u32::MAX as usize
            || triples
                .iter()
                .any(|&(y, x, _)| y >= shape.rows || x >= shape.cols)
        {
            return None;
        }
        triples.sort_unstable_by_key(|&(y, x, _)| (x, y));
        let mut col_starts = vec![0usize; shape.cols + 1];
        let mut row_indices: Vec<u32> = Vec::with_capacity(triples.len());
        let mut values: Vec<F> = Vec::with_capacity(triples.len());
        let mut columns: Vec<usize> = Vec::with_capacity(triples.len());
        for (y, x, v) in triples {
            if columns.last() == Some(&x) && row_indices.last() == Some(&(y as u32)) {
                *values.last_mut().expect("same length as columns") += v;
            } else {
                columns.push(x);
                row_indices.push(y as u32);
                values.push(v);
            }
        }
        // Drop entries that are (or summed to) zero, then count per column.
        let mut kept = 0;
        for i in 0..values.len() {
            if !values[i].is_zero() {
                values[kept] = values[i];
                row_indices[kept] = row_indices[i];
                columns[kept] = columns[i];
                kept += 1;
            }
        }
        values.truncate(kept);
        row_indices.truncate(kept);
        for &x in &columns[..kept] {
            col_starts[x + 1] += 1;
        }
        for x in 0..shape.cols {
            col_starts[x + 1] += col_starts[x];
        }
        Some(Self {
            shape,
            col_starts,
            row_indices,
            values,
        })
    }

    /// The entries of column `x` as `(rows, values)`.
    pub fn column(&self, x: usize) -> (&[u32], &[F]) {
        let range = self.col_starts[x]..self.col_starts[x + 1];
        (&self.row_indices[range.clone()], &self.values[range])
    }
}

impl<F: PrimeField> Matrix<F> for SparseMatrix<F> {
    fn shape(&self) -> MatrixShape {
        self.shape
    }

    fn nnz(&self) -> usize {
        self.values.len()
    }

    fn fold_rows(&self, row_weights: &[F]) -> Vec<F> {
        super::fold_by_columns(self.shape, row_weights, |weights, x| {
            let (rows, values) = self.column(x);
            rows.iter()
                .zip(values)
                .map(|(&y, v)| weights[y as usize] * v)
                .sum()
        })
    }

    fn mul_vec(&self, v: &[F]) -> Vec<F> {
        super::assert_vector_len(self.shape, v.len());
        let mut out = vec![F::zero(); self.shape.rows];
        for (x, vx) in v.iter().enumerate() {
            let (rows, values) = self.column(x);
            for (&y, w) in rows.iter().zip(values) {
                out[y as usize] += *w * vx;
            }
        }
        out
    }

    fn for_each_nonzero(&self, visit: &mut dyn FnMut(usize, usize, F)) {
        for x in 0..self.shape.cols {
            let (rows, values) = self.column(x);
            for (&y, v) in rows.iter().zip(values) {
                visit(y as usize, x, *v);
            }
        }
    }
}

impl<F: PrimeField> From<&TernaryMatrix> for SparseMatrix<F> {
    fn from(ternary: &TernaryMatrix) -> Self {
        let shape = ternary.shape();
        let mut col_starts = Vec::with_capacity(shape.cols + 1);
        let mut row_indices = Vec::with_capacity(ternary.nnz());
        let mut values = Vec::with_capacity(ternary.nnz());
        col_starts.push(0);
        for x in 0..shape.cols {
            ternary.for_each_in_column(x, |y, positive| {
                row_indices.push(y as u32);
                values.push(if positive { F::one() } else { -F::one() });
            });
            col_starts.push(row_indices.len());
        }
        Self {
            shape,
            col_starts,
            row_indices,
            values,
        }
    }
}
