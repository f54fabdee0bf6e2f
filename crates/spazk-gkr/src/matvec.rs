//! The mat-vec circuit, built as a GKR user would: one multiplication gate per matrix entry,
//! then a binary addition tree per row.
//!
//! Inputs: the matrix row-major with each row padded to `n' = 2^⌈log n⌉` entries, then the
//! vector padded to `n'`. Layer 1: `W[y][x]·v[x]` for every `(y, x)` (`m·n'` gates, whatever the
//! values: the circuit does not depend on the sparsity). Layers 2…: halve each row until one
//! sum per row remains, so the output is `y = W·v`.

use crate::circuit::{
    estimated_prover_bytes, CircuitBuilder, CircuitError, Gate, LayeredCircuit, PublicInputs,
};
use ark_ff::PrimeField;
use spazk_field::padded_len;
use spazk_matrix::Matrix;

/// Layer widths of the `rows × cols` mat-vec circuit, inputs first.
pub fn matvec_widths(rows: usize, cols: usize) -> Vec<usize> {
    let padded = padded_len(cols);
    let mut widths = vec![rows * padded + padded, rows * padded];
    let mut row_width = padded;
    while row_width > 1 {
        row_width /= 2;
        widths.push(rows * row_width);
    }
    widths
}

/// Peak prover bytes for the `rows × cols` mat-vec circuit, computed without building it.
pub fn matvec_estimated_prover_bytes(rows: usize, cols: usize) -> u64 {
    estimated_prover_bytes(&matvec_widths(rows, cols))
}

/// The circuit computing `W·v` for a `rows × cols` matrix.
pub fn matvec_circuit(rows: usize, cols: usize) -> Result<LayeredCircuit, CircuitError> {
    let padded = padded_len(cols);
    let entries = rows * padded;
    if entries + padded > u32::MAX as usize {
        return Err(CircuitError::TooWide(entries + padded));
    }
    let mut builder = CircuitBuilder::new(entries + padded);
    let products = (0..entries)
        .map(|i| Gate::mul(i as u32, (entries + i % padded) as u32))
        .collect();
    builder.push_layer(products)?;
    let mut row_width = padded;
    while row_width > 1 {
        row_width /= 2;
        let sums = (0..rows * row_width)
            .map(|i| Gate::add(2 * i as u32, 2 * i as u32 + 1))
            .collect();
        builder.push_layer(sums)?;
    }
    builder.build()
}

/// The circuit's public inputs for matrix `W` and vector `v`.
///
/// # Panics
/// If `v` does not have one entry per column (a caller bug).
pub fn matvec_inputs<F: PrimeField, M: Matrix<F>>(matrix: &M, v: &[F]) -> PublicInputs<F> {
    let shape = matrix.shape();
    assert_eq!(
        v.len(),
        shape.cols,
        "vector length must equal the column count"
    );
    let padded = padded_len(shape.cols);
    let mut values = vec![F::zero(); shape.rows * padded + padded];
    matrix.for_each_nonzero(&mut |y, x, value| values[y * padded + x] = value);
    values[shape.rows * padded..shape.rows * padded + v.len()].copy_from_slice(v);
    PublicInputs::new(values)
}
