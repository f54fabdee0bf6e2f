//! Seeded random inputs for benchmarks and tests.

use ark_ff::PrimeField;
use ark_std::rand::{rngs::StdRng, SeedableRng};

/// `count` vectors of `len` uniformly random field elements, the same for the same seed.
pub fn random_field_vectors<F: PrimeField>(count: usize, len: usize, seed: u64) -> Vec<Vec<F>> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count)
        .map(|_| (0..len).map(|_| F::rand(&mut rng)).collect())
        .collect()
}

impl<F: PrimeField> super::DenseMatrix<F> {
    /// A seeded dense matrix of uniformly random field elements.
    pub fn random(shape: super::MatrixShape, seed: u64) -> Self {
        let entries = random_field_vectors(1, shape.len(), seed)
            .pop()
            .unwrap_or_default();
        Self::from_row_major(shape, entries).expect("length is rows · cols")
    }
}

impl<F: PrimeField> super::SparseMatrix<F> {
    /// A seeded sparse matrix: each entry is nonzero with probability `density`, with a
    /// uniformly random field value.
    pub fn random(
        shape: super::MatrixShape,
        density: f64,
        seed: u64,
    ) -> Result<Self, super::TernaryMatrixError> {
        use ark_std::rand::Rng;
        super::check_density(density)?;
        let mut rng = StdRng::seed_from_u64(seed);
        let mut triples = Vec::new();
        for x in 0..shape.cols {
            for y in 0..shape.rows {
                if rng.gen_bool(density) {
                    triples.push((y, x, F::rand(&mut rng)));
                }
            }
        }
        Self::from_triples(shape, triples).ok_or(super::TernaryMatrixError::TooManyRows(shape.rows))
    }
}
