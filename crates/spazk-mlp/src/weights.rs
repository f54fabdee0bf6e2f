//! A layer's weights: ternary (the additions-only paths) or small signed integers (one
//! multiplication per nonzero in the fold, a field MSM per row to commit).

use crate::error::MlpError;
use ark_bn254::Fr;
use spazk_hyrax::{Commit, HyraxCommitment, HyraxError, HyraxParams, Layout};
use spazk_matrix::{Matrix, MatrixShape, SparseMatrix, TernaryMatrix};

/// The largest magnitude of an integer weight.
pub const MAX_INTEGER_WEIGHT: i32 = (1 << 15) - 1;

/// Small signed integer weights, kept both as integers (inference) and as field elements in
/// compressed columns (the proofs).
#[derive(Clone, Debug)]
pub struct IntegerMatrix {
    columns: Vec<Vec<(u32, i32)>>,
    field: SparseMatrix<Fr>,
}

impl IntegerMatrix {
    /// From row-major entries (`rows × cols`); rejects magnitudes above [`MAX_INTEGER_WEIGHT`].
    pub fn from_row_major(shape: MatrixShape, data: &[i32]) -> Result<Self, MlpError> {
        if data.len() != shape.rows * shape.cols {
            return Err(MlpError::Shape {
                what: "integer weight entries",
                expected: shape.rows * shape.cols,
                found: data.len(),
            });
        }
        if let Some(w) = data.iter().find(|w| w.abs() > MAX_INTEGER_WEIGHT) {
            return Err(MlpError::Model(format!(
                "integer weight {w} exceeds ±{MAX_INTEGER_WEIGHT}"
            )));
        }
        let mut columns = vec![Vec::new(); shape.cols];
        let mut triples = Vec::new();
        for (i, w) in data.iter().enumerate() {
            if *w != 0 {
                let (y, x) = (i / shape.cols, i % shape.cols);
                columns[x].push((y as u32, *w));
                triples.push((y, x, crate::claim::signed_to_field(*w as i64)));
            }
        }
        let field = SparseMatrix::from_triples(shape, triples)
            .ok_or_else(|| MlpError::Model("integer weight matrix too large".into()))?;
        Ok(Self { columns, field })
    }
}

/// Weights of one layer.
#[derive(Clone, Debug)]
pub enum LayerWeights {
    /// Entries in {−1, 0, 1}.
    Ternary(TernaryMatrix),
    /// Small signed integers.
    Integer(IntegerMatrix),
}

impl LayerWeights {
    /// Visits the nonzero entries of column `x` as `(row, weight)`.
    pub fn for_each_in_column(&self, x: usize, mut visit: impl FnMut(usize, i64)) {
        match self {
            LayerWeights::Ternary(t) => {
                t.for_each_in_column(x, |y, plus| visit(y, if plus { 1 } else { -1 }))
            }
            LayerWeights::Integer(m) => m.columns[x]
                .iter()
                .for_each(|(y, w)| visit(*y as usize, *w as i64)),
        }
    }

    /// `Σ_x |W[y][x]|` for every row.
    pub fn row_magnitudes(&self) -> Vec<u64> {
        let mut sums = vec![0u64; Matrix::<Fr>::shape(self).rows];
        for x in 0..Matrix::<Fr>::shape(self).cols {
            self.for_each_in_column(x, |y, w| sums[y] += w.unsigned_abs());
        }
        sums
    }

    /// 0 for ternary, 1 for integer: recorded in the commitment file.
    pub fn kind(&self) -> u8 {
        match self {
            LayerWeights::Ternary(_) => 0,
            LayerWeights::Integer(_) => 1,
        }
    }
}

impl Matrix<Fr> for LayerWeights {
    fn shape(&self) -> MatrixShape {
        match self {
            LayerWeights::Ternary(t) => Matrix::<Fr>::shape(t),
            LayerWeights::Integer(m) => m.field.shape(),
        }
    }

    fn nnz(&self) -> usize {
        match self {
            LayerWeights::Ternary(t) => Matrix::<Fr>::nnz(t),
            LayerWeights::Integer(m) => m.field.nnz(),
        }
    }

    fn fold_rows(&self, row_weights: &[Fr]) -> Vec<Fr> {
        match self {
            LayerWeights::Ternary(t) => t.fold_rows(row_weights),
            LayerWeights::Integer(m) => m.field.fold_rows(row_weights),
        }
    }

    fn mul_vec(&self, v: &[Fr]) -> Vec<Fr> {
        match self {
            LayerWeights::Ternary(t) => t.mul_vec(v),
            LayerWeights::Integer(m) => m.field.mul_vec(v),
        }
    }

    fn for_each_nonzero(&self, visit: &mut dyn FnMut(usize, usize, Fr)) {
        match self {
            LayerWeights::Ternary(t) => Matrix::<Fr>::for_each_nonzero(t, visit),
            LayerWeights::Integer(m) => m.field.for_each_nonzero(visit),
        }
    }
}

impl Commit for LayerWeights {
    fn commit(&self, params: &HyraxParams, layout: Layout) -> Result<HyraxCommitment, HyraxError> {
        match self {
            LayerWeights::Ternary(t) => t.commit(params, layout),
            LayerWeights::Integer(m) => m.field.commit(params, layout),
        }
    }
}
