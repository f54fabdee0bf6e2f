//! Opening verifiers: one merged MSM per check, never a panic on prover data.

use crate::commitment::HyraxCommitment;
use crate::error::HyraxError;
use crate::params::HyraxParams;
use crate::proof::{BatchedHyraxOpening, HyraxOpening};
use crate::prover::{label, split_point};
use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::VariableBaseMSM;
use ark_ff::Zero;
use spazk_field::{eq_table, evaluate_mle_with_eq};
use spazk_transcript::Transcript;

fn check_commitment(params: &HyraxParams, commitment: &HyraxCommitment) -> Result<(), HyraxError> {
    commitment.check_shape()?;
    if commitment.seed != params.seed() {
        return Err(HyraxError::GeneratorMismatch);
    }
    Ok(())
}

/// `Σ_k Σ_i c_k·L_i·C_{k,i} − Σ_j u_j·G_j == 0` as one MSM, then `⟨u, eq(r_col)⟩ == value`.
fn check_combined(
    params: &HyraxParams,
    commitments: &[&HyraxCommitment],
    coefficients: &[Fr],
    point: &[Fr],
    u: &[Fr],
    value: Fr,
) -> Result<(), HyraxError> {
    let layout = commitments[0].layout;
    let (col_point, row_point) = split_point(layout, point)?;
    if u.len() != layout.cols() {
        return Err(HyraxError::WrongOpeningLength {
            expected: layout.cols(),
            found: u.len(),
        });
    }
    let generators = params.first(layout.cols())?;
    let row_weights = eq_table(row_point);
    let total = commitments.len() * layout.rows() + layout.cols();
    let mut bases: Vec<G1Affine> = Vec::with_capacity(total);
    let mut scalars: Vec<Fr> = Vec::with_capacity(total);
    for (commitment, c) in commitments.iter().zip(coefficients) {
        bases.extend_from_slice(&commitment.rows);
        scalars.extend(row_weights.iter().map(|l| *l * c));
    }
    bases.extend_from_slice(generators);
    scalars.extend(u.iter().map(|x| -*x));
    let combined =
        G1Projective::msm(&bases, &scalars).map_err(|_| HyraxError::CommitmentCheckFailed)?;
    if !combined.is_zero() {
        return Err(HyraxError::CommitmentCheckFailed);
    }
    if evaluate_mle_with_eq(u, &eq_table(col_point)) != value {
        return Err(HyraxError::EvaluationMismatch);
    }
    Ok(())
}

/// Verifies that `commitment` opens to `value` at `point`.
pub fn verify_opening(
    params: &HyraxParams,
    commitment: &HyraxCommitment,
    point: &[Fr],
    value: Fr,
    opening: &HyraxOpening,
) -> Result<(), HyraxError> {
    check_commitment(params, commitment)?;
    check_combined(
        params,
        &[commitment],
        &[Fr::from(1u64)],
        point,
        &opening.u,
        value,
    )
}

/// Verifies a batched opening of `commitments` (all with one layout) to `values` at `point`.
pub fn verify_batch(
    params: &HyraxParams,
    commitments: &[&HyraxCommitment],
    point: &[Fr],
    values: &[Fr],
    opening: &BatchedHyraxOpening,
    transcript: &mut Transcript,
) -> Result<(), HyraxError> {
    if commitments.len() != values.len() || commitments.is_empty() {
        return Err(HyraxError::BatchSizeMismatch {
            commitments: commitments.len(),
            values: values.len(),
        });
    }
    for commitment in commitments {
        check_commitment(params, commitment)?;
        if commitment.layout != commitments[0].layout {
            return Err(HyraxError::LayoutMismatch);
        }
    }
    transcript.append_fields(label::BATCH_VALUES, values);
    let coefficients: Vec<Fr> = transcript.challenge_fields(label::BATCH_COEFFICIENT, values.len());
    let value = values.iter().zip(&coefficients).map(|(v, c)| *v * c).sum();
    check_combined(params, commitments, &coefficients, point, &opening.u, value)
}
