//! Opening provers.

use crate::commitment::HyraxCommitment;
use crate::error::HyraxError;
use crate::layout::Layout;
use crate::proof::{BatchedHyraxOpening, HyraxOpening};
use crate::protocol::{absorb_batch, label, split_point};
use ark_bn254::Fr;
use ark_ff::Zero;
use spazk_field::{eq_table, evaluate_mle_with_eq, UnreducedAccumulate, UnreducedMultiply};
use spazk_transcript::Transcript;

/// `u = Lᵀ·Z` for a table of field elements (zero-padded to the layout), `L = row_weights`
/// (`eq(r_row, ·)`): the opening vector of one table, for a prover that batches openings itself
/// ([`combine_openings`]).
pub fn opening_vector(values: &[Fr], layout: Layout, row_weights: &[Fr]) -> Vec<Fr> {
    // One unreduced sum of products per column, reduced once.
    let mut u = vec![<Fr as UnreducedMultiply>::ProductSum::default(); layout.cols()];
    for (row, weight) in values.chunks(layout.cols()).zip(row_weights) {
        if weight.is_zero() {
            continue;
        }
        for (acc, z) in u.iter_mut().zip(row) {
            Fr::accumulate_product(acc, weight, z);
        }
    }
    u.iter().map(Fr::reduce_products).collect()
}

/// [`opening_vector`] for a table of small unsigned values (limbs, activations, indices): each
/// `L_i·z` is a product of four limbs by one, summed unreduced, so the pass costs a fraction of
/// converting the values to field elements.
pub fn opening_vector_small(values: &[u32], layout: Layout, row_weights: &[Fr]) -> Vec<Fr> {
    let mut u = vec![<Fr as UnreducedAccumulate>::Accumulator::default(); layout.cols()];
    for (row, weight) in values.chunks(layout.cols()).zip(row_weights) {
        for (acc, z) in u.iter_mut().zip(row) {
            Fr::accumulate_scaled(acc, weight, *z as u64);
        }
    }
    u.iter().map(Fr::reduce).collect()
}

/// Opens the table `values` (committed under `layout`) at `point`; returns the opening and the
/// value `Z̃(point)`.
pub fn open_values(
    values: &[Fr],
    layout: Layout,
    point: &[Fr],
) -> Result<(HyraxOpening, Fr), HyraxError> {
    let (col_point, row_point) = split_point(layout, point)?;
    let capacity = layout.rows() * layout.cols();
    if values.len() > capacity {
        return Err(HyraxError::DataTooLarge {
            found: values.len(),
            capacity,
        });
    }
    let u = opening_vector(values, layout, &eq_table(row_point));
    let value = evaluate_mle_with_eq(&u, &eq_table(col_point));
    Ok((HyraxOpening { u }, value))
}

/// Opens several tables committed under one layout at one point with a single opening vector.
/// Absorbs the batch's statement (the commitments, the point, the claimed values), then draws
/// one coefficient per table. Returns the opening and the values.
pub fn open_batch(
    commitments: &[&HyraxCommitment],
    tables: &[&[Fr]],
    layout: Layout,
    point: &[Fr],
    transcript: &mut Transcript,
) -> Result<(BatchedHyraxOpening, Vec<Fr>), HyraxError> {
    let (col_point, row_point) = split_point(layout, point)?;
    let row_weights = eq_table(row_point);
    let col_weights = eq_table(col_point);
    let vectors: Vec<Vec<Fr>> = tables
        .iter()
        .map(|t| opening_vector(t, layout, &row_weights))
        .collect();
    let values: Vec<Fr> = vectors
        .iter()
        .map(|u| evaluate_mle_with_eq(u, &col_weights))
        .collect();
    let opening = combine_openings(commitments, point, &vectors, &values, transcript);
    Ok((opening, values))
}

/// The batched opening of tables whose opening vectors (at one point) and values are known:
/// absorbs the batch's statement, draws one coefficient per table and combines the vectors,
/// exactly as [`open_batch`] does.
pub fn combine_openings(
    commitments: &[&HyraxCommitment],
    point: &[Fr],
    vectors: &[Vec<Fr>],
    values: &[Fr],
    transcript: &mut Transcript,
) -> BatchedHyraxOpening {
    absorb_batch(commitments, point, values, transcript);
    let coefficients: Vec<Fr> = transcript.challenge_fields(label::BATCH_COEFFICIENT, values.len());
    let mut u = vec![Fr::zero(); vectors.first().map_or(0, Vec::len)];
    for (vector, rho) in vectors.iter().zip(&coefficients) {
        for (acc, v) in u.iter_mut().zip(vector) {
            *acc += *rho * v;
        }
    }
    BatchedHyraxOpening { u }
}
