//! Opening verifiers: one merged MSM per check, never a panic on prover data.

use crate::commitment::HyraxCommitment;
use crate::error::HyraxError;
use crate::params::HyraxParams;
use crate::proof::{BatchedHyraxOpening, HyraxOpening};
use crate::protocol::{absorb_batch, deferred, label, split_point};
use ark_bn254::{Fr, G1Affine};
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

/// Verifies that `commitment` opens to `value` at `point`: the value `⟨u, eq(r_col)⟩`, then
/// `Σ_i L_i·C_i − Σ_j u_j·G_j = 0` as one MSM.
pub fn verify_opening(
    params: &HyraxParams,
    commitment: &HyraxCommitment,
    point: &[Fr],
    value: Fr,
    opening: &HyraxOpening,
) -> Result<(), HyraxError> {
    let mut checks = OpeningChecks::new(params);
    checks.add_opening(commitment, point, value, opening)?;
    checks.finish()
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
    let mut checks = OpeningChecks::new(params);
    checks.add_batch(commitments, point, values, opening, transcript)?;
    checks.finish()
}

/// One deferred group equation `Σ_k c_k·Σ_i L_i·C_{k,i} = Σ_j u_j·G_j`.
struct DeferredEquation<'c> {
    commitments: Vec<&'c HyraxCommitment>,
    coefficients: Vec<Fr>,
    row_weights: Vec<Fr>,
    u: Vec<Fr>,
}

/// Opening checks gathered across a protocol and settled with **one** multi-scalar
/// multiplication: each opening's value check (`⟨u, eq(r_col)⟩`) runs when it is added, its group
/// equation is kept, and [`Self::finish`] checks a random linear combination of all of them. The
/// combination's weights come from a BLAKE3 transcript of every deferred opening (commitment
/// digests, points, opening vectors), drawn only once all of them are fixed; a false equation
/// survives with probability at most `k/|F|` for `k` equations. All generators are shared, so the
/// generator side of every equation merges into one vector.
///
/// An accumulator: a verifier makes one, passes it `&mut` to every sub-protocol that opens a
/// commitment, and calls [`Self::finish`] last.
pub struct OpeningChecks<'p, 'c> {
    params: &'p HyraxParams,
    equations: Vec<DeferredEquation<'c>>,
    weights: Transcript,
}

impl<'p, 'c> OpeningChecks<'p, 'c> {
    /// No checks yet.
    pub fn new(params: &'p HyraxParams) -> Self {
        Self {
            params,
            equations: Vec::new(),
            weights: Transcript::new(deferred::PROTOCOL),
        }
    }

    /// Number of deferred equations.
    pub fn len(&self) -> usize {
        self.equations.len()
    }

    /// Whether nothing has been deferred.
    pub fn is_empty(&self) -> bool {
        self.equations.is_empty()
    }

    fn defer(
        &mut self,
        commitments: Vec<&'c HyraxCommitment>,
        coefficients: Vec<Fr>,
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
        self.params.first(layout.cols())?;
        if evaluate_mle_with_eq(u, &eq_table(col_point)) != value {
            return Err(HyraxError::EvaluationMismatch);
        }
        for commitment in &commitments {
            self.weights
                .append_bytes(deferred::COMMITMENT, &commitment.digest());
        }
        self.weights
            .append_fields(deferred::COEFFICIENTS, &coefficients);
        self.weights.append_fields(deferred::POINT, point);
        self.weights.append_fields(deferred::OPENING_VECTOR, u);
        self.equations.push(DeferredEquation {
            commitments,
            coefficients,
            row_weights: eq_table(row_point),
            u: u.to_vec(),
        });
        Ok(())
    }

    /// Defers [`verify_opening`]: checks the value now, the commitment in [`Self::finish`].
    pub fn add_opening(
        &mut self,
        commitment: &'c HyraxCommitment,
        point: &[Fr],
        value: Fr,
        opening: &HyraxOpening,
    ) -> Result<(), HyraxError> {
        check_commitment(self.params, commitment)?;
        self.defer(
            vec![commitment],
            vec![Fr::from(1u64)],
            point,
            &opening.u,
            value,
        )
    }

    /// Defers [`verify_batch`] (absorbing the values and drawing the batch coefficients from
    /// `transcript` exactly as it does).
    pub fn add_batch(
        &mut self,
        commitments: &[&'c HyraxCommitment],
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
            check_commitment(self.params, commitment)?;
            if commitment.layout != commitments[0].layout {
                return Err(HyraxError::LayoutMismatch);
            }
        }
        absorb_batch(commitments, point, values, transcript);
        let coefficients: Vec<Fr> =
            transcript.challenge_fields(label::BATCH_COEFFICIENT, values.len());
        let value = values.iter().zip(&coefficients).map(|(v, c)| *v * c).sum();
        self.defer(commitments.to_vec(), coefficients, point, &opening.u, value)
    }

    /// Checks every deferred group equation with one MSM.
    pub fn finish(mut self) -> Result<(), HyraxError> {
        if self.equations.is_empty() {
            return Ok(());
        }
        let mut gammas: Vec<Fr> = self
            .weights
            .challenge_fields(deferred::GAMMA, self.equations.len().saturating_sub(1));
        gammas.insert(0, Fr::from(1u64));
        let widest = self.equations.iter().map(|e| e.u.len()).max().unwrap_or(0);
        let rows: usize = self
            .equations
            .iter()
            .map(|e| e.commitments.len() * e.row_weights.len())
            .sum();
        let mut bases: Vec<G1Affine> = Vec::with_capacity(rows + widest);
        let mut scalars: Vec<Fr> = Vec::with_capacity(rows + widest);
        let mut generator_scalars = vec![Fr::zero(); widest];
        for (equation, gamma) in self.equations.iter().zip(&gammas) {
            for (commitment, c) in equation.commitments.iter().zip(&equation.coefficients) {
                let weight = *c * gamma;
                bases.extend_from_slice(&commitment.rows);
                scalars.extend(equation.row_weights.iter().map(|l| *l * weight));
            }
            for (acc, u) in generator_scalars.iter_mut().zip(&equation.u) {
                *acc -= *u * gamma;
            }
        }
        bases.extend_from_slice(self.params.first(widest)?);
        scalars.extend(generator_scalars);
        let combined = crate::msm::msm(&bases, &scalars);
        if !combined.is_zero() {
            return Err(HyraxError::CommitmentCheckFailed);
        }
        Ok(())
    }
}
