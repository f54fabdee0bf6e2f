//! Weight matrices for SpaZK, and seeded generators for benchmarks and tests.
//!
//! What this crate is for: the matrices a linear layer multiplies by, as the protocols above
//! see them — a [`MatrixShape`], the row fold `A[x] = Σ_y e[y]·W[y][x]`, the plain product, a
//! canonical [`matrix_digest`] — so that the mat-vec sumcheck (`spazk-sumcheck`) and the Hyrax
//! commitments (`spazk-hyrax`) share one definition without depending on each other.
//!
//! What it may depend on: `spazk-field` and the arkworks field crates, `blake3` for the digest,
//! threads through `spazk_field::parallel`. No transcript, no protocol, no commitment.
//!
//! Every matrix is `rows × cols` (any sizes; the protocols pad to powers of two with zeros). What
//! distinguishes the three kinds is only [`Matrix::fold_rows`]:
//!
//! | kind | storage | fold cost |
//! |---|---|---|
//! | [`DenseMatrix`] | row-major field elements | `m·n` multiplications |
//! | [`SparseMatrix`] | compressed columns, field values | one multiplication per nonzero |
//! | [`TernaryMatrix`] | compressed columns, `+1` rows then `−1` rows | additions only |
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod dense;
mod random;
mod sparse;
mod ternary;

pub use dense::DenseMatrix;
pub use random::random_field_vectors;
pub use sparse::SparseMatrix;
pub use ternary::{TernaryMatrix, TernaryMatrixError};

use ark_ff::{BigInteger, PrimeField};
use spazk_field::parallel::for_each_chunk_mut;
use spazk_field::{log2_ceil, padded_len};

/// Columns per piece of a fold handed to a thread: below this many the folds run on one
/// thread.
const PARALLEL_MIN_COLUMNS: usize = 64;

/// The fold of a column-stored matrix (sparse or ternary): `fold_column(weights, x)` for every
/// column `x`, with `weights` the first `rows` row weights, zero-padded to `padded_cols` entries.
/// Columns are independent, so they split across threads without conflicts; `fold_column` is
/// generic (inlined per matrix kind): it is the fold's hot loop.
///
/// # Panics
/// If there are fewer row weights than rows (a caller bug).
fn fold_by_columns<F: PrimeField>(
    shape: MatrixShape,
    row_weights: &[F],
    fold_column: impl Fn(&[F], usize) -> F + Send + Sync,
) -> Vec<F> {
    assert!(
        row_weights.len() >= shape.rows,
        "row weights shorter than the matrix"
    );
    let weights = &row_weights[..shape.rows];
    let mut folded = vec![F::zero(); shape.padded_cols()];
    for_each_chunk_mut(
        &mut folded[..shape.cols],
        PARALLEL_MIN_COLUMNS,
        |first, columns| {
            for (x, out) in (first..).zip(columns) {
                *out = fold_column(weights, x);
            }
        },
    );
    folded
}

/// Logical matrix dimensions; the protocol pads both to powers of two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MatrixShape {
    /// Number of rows `m` (outputs).
    pub rows: usize,
    /// Number of columns `n` (inputs).
    pub cols: usize,
}

impl MatrixShape {
    /// A `rows × cols` shape.
    pub const fn new(rows: usize, cols: usize) -> Self {
        Self { rows, cols }
    }

    /// `a`: variables of the padded row index.
    pub fn row_vars(&self) -> usize {
        log2_ceil(self.rows)
    }

    /// `b`: variables of the padded column index.
    pub fn col_vars(&self) -> usize {
        log2_ceil(self.cols)
    }

    /// Rows after padding, `2^a`.
    pub fn padded_rows(&self) -> usize {
        padded_len(self.rows)
    }

    /// Columns after padding, `2^b`.
    pub fn padded_cols(&self) -> usize {
        padded_len(self.cols)
    }

    /// `rows · cols`.
    pub fn len(&self) -> usize {
        self.rows * self.cols
    }

    /// Whether the matrix has no entries.
    pub fn is_empty(&self) -> bool {
        self.rows == 0 || self.cols == 0
    }
}

/// A weight matrix as the mat-vec protocol sees it.
pub trait Matrix<F: PrimeField>: Send + Sync {
    /// The logical shape.
    fn shape(&self) -> MatrixShape;

    /// Number of stored nonzero entries.
    fn nnz(&self) -> usize;

    /// `A[x] = Σ_y row_weights[y] · W[y][x]`, returned with `padded_cols` entries (zeros past
    /// `cols`). `row_weights` has at least `rows` entries (typically `eq(r_y, ·)`, padded).
    /// This is the only step where the three kinds of matrix differ.
    fn fold_rows(&self, row_weights: &[F]) -> Vec<F>;

    /// The plain product `W · v` (`v` of length `cols`), for computing statements.
    fn mul_vec(&self, v: &[F]) -> Vec<F>;

    /// Visits every nonzero entry as `(row, col, value)`, column by column, rows ascending: the
    /// canonical order that [`matrix_digest`] hashes, the same for every storage kind.
    fn for_each_nonzero(&self, visit: &mut dyn FnMut(usize, usize, F));

    /// `W̃(r_y, r_x)` in O(fold): fold by `eq(r_y, ·)`, then take the inner product with
    /// `eq(r_x, ·)`. `None` when the point does not fit the padded shape.
    fn evaluate(&self, row_point: &[F], col_point: &[F]) -> Option<F> {
        let shape = self.shape();
        if row_point.len() != shape.row_vars() || col_point.len() != shape.col_vars() {
            return None;
        }
        let folded = self.fold_rows(&spazk_field::eq_table(row_point));
        spazk_field::evaluate_mle(&folded, col_point)
    }
}

/// A BLAKE3 digest of a matrix's shape and nonzero entries in canonical order: the same for a
/// matrix stored densely, sparsely or as ternary lists, different for any other matrix.
pub fn matrix_digest<F: PrimeField, M: Matrix<F> + ?Sized>(matrix: &M) -> [u8; 32] {
    let shape = matrix.shape();
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"spazk-matrix-digest-v1");
    hasher.update(&(shape.rows as u64).to_le_bytes());
    hasher.update(&(shape.cols as u64).to_le_bytes());
    let mut buffer = Vec::with_capacity(1 << 16);
    matrix.for_each_nonzero(&mut |row, col, value| {
        buffer.extend_from_slice(&(col as u64).to_le_bytes());
        buffer.extend_from_slice(&(row as u64).to_le_bytes());
        buffer.extend_from_slice(&value.into_bigint().to_bytes_le());
        if buffer.len() >= 1 << 16 {
            hasher.update(&buffer);
            buffer.clear();
        }
    });
    hasher.update(&buffer);
    *hasher.finalize().as_bytes()
}

/// Checks that `W·v` is defined: `v` has one entry per column.
///
/// # Panics
/// If it has not (a caller bug).
fn assert_vector_len(shape: MatrixShape, v_len: usize) {
    assert_eq!(
        v_len, shape.cols,
        "vector length must equal the column count"
    );
}

/// Checks a density for the generators: a finite number in `(0, 1]`.
pub(crate) fn check_density(density: f64) -> Result<(), TernaryMatrixError> {
    if density.is_finite() && density > 0.0 && density <= 1.0 {
        Ok(())
    } else {
        Err(TernaryMatrixError::InvalidDensity(density))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spazk_field::Fr;

    #[test]
    fn shapes_pad_to_powers_of_two() {
        let s = MatrixShape::new(10, 784);
        assert_eq!((s.row_vars(), s.col_vars()), (4, 10));
        assert_eq!((s.padded_rows(), s.padded_cols()), (16, 1024));
    }

    #[test]
    fn digest_is_the_same_for_every_storage_kind() {
        let t = TernaryMatrix::random(MatrixShape::new(12, 20), 0.3, 5).unwrap();
        let s = SparseMatrix::<Fr>::from(&t);
        let d = DenseMatrix::<Fr>::from(&t);
        let dt = matrix_digest::<Fr, _>(&t);
        assert_eq!(dt, matrix_digest(&s));
        assert_eq!(dt, matrix_digest(&d));
        let other = TernaryMatrix::random(MatrixShape::new(12, 20), 0.3, 6).unwrap();
        assert_ne!(dt, matrix_digest::<Fr, _>(&other));
    }
}
