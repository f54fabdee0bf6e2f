//! The plain way of committing a ternary matrix, the baseline the benchmarks (`cargo bench -p
//! spazk-hyrax`, `spazk bench hyrax`) measure the batch-affine [`Commit`](crate::Commit) against.

use crate::{G1Affine, G1Projective};
use spazk_matrix::TernaryMatrix;

/// The commitment's row sums accumulated the plain way: for each column `x`, `generators[x]` is
/// added to the projective sum of every row holding +1 there and subtracted from every row
/// holding −1 (mixed additions). `rows` is the layout's row count; columns beyond `generators`
/// are left out.
pub fn projective_row_sums(
    matrix: &TernaryMatrix,
    generators: &[G1Affine],
    rows: usize,
) -> Vec<G1Projective> {
    let mut acc = vec![G1Projective::default(); rows];
    for (x, &g) in generators.iter().enumerate().take(matrix.shape().cols) {
        matrix
            .plus_rows(x)
            .iter()
            .for_each(|&y| acc[y as usize] += g);
        matrix
            .minus_rows(x)
            .iter()
            .for_each(|&y| acc[y as usize] -= g);
    }
    acc
}
