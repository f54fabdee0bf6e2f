//! Claims the mat-vec protocol takes and leaves, and the public statement of a stand-alone
//! mat-vec proof.
//!
//! Both claims keep the row (or column) point and the batch point apart, because the protocol
//! treats them differently (it folds the matrix by the first and combines the batch by the
//! second); [`InputClaim::into_eval_claim`] joins them into the one [`EvalClaim`] of the layer
//! below.

use super::error::ShapeError;
use crate::hidden::Claim;
use crate::protocol::matvec as label;
use ark_ff::PrimeField;
use spazk_field::{eq_table, evaluate_mle_with_eq, log2_ceil, EvalClaim};
use spazk_matrix::MatrixShape;
use spazk_transcript::Transcript;

/// A claim on the output batch of a linear layer: `Ỹ(row_point, batch_point) = value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatVecClaim<F> {
    /// `r_y`: one coordinate per row variable of the padded matrix.
    pub row_point: Vec<F>,
    /// `r_b`: one coordinate per batch variable (empty for a batch of one).
    pub batch_point: Vec<F>,
    /// The claimed value.
    pub value: F,
}

impl<F: PrimeField> MatVecClaim<F> {
    /// Absorbs the claim (both points and the value). The mat-vec prover and verifier do so
    /// before the first round: a claim the transcript does not bind could be picked after the
    /// rounds (for a false value, one coordinate of `r_y` solved so that `W̃(r_y, r_x)` fits the
    /// final check — found by an attack on a caller-supplied claim).
    pub fn absorb_into(&self, transcript: &mut Transcript) {
        transcript.append_fields(label::CLAIM_ROW_POINT, &self.row_point);
        transcript.append_fields(label::CLAIM_BATCH_POINT, &self.batch_point);
        transcript.append_field(label::CLAIM_VALUE, &self.value);
    }
}

impl<F> MatVecClaim<F> {
    /// Checks the point against the matrix shape and the batch size.
    pub fn check_shape(&self, shape: MatrixShape, batch_size: usize) -> Result<(), ShapeError> {
        check_len("claim row point", shape.row_vars(), self.row_point.len())?;
        check_len(
            "claim batch point",
            log2_ceil(batch_size),
            self.batch_point.len(),
        )
    }
}

/// What a verified mat-vec proof leaves about its input: `Ṽ(column_point, batch_point) = value`.
/// A stand-alone verifier checks it against the public input; a network verifier hands it to
/// the previous layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputClaim<F> {
    /// `r_x`: one coordinate per column variable of the padded matrix.
    pub column_point: Vec<F>,
    /// `r_b`, the same as the output claim's.
    pub batch_point: Vec<F>,
    /// The claimed value.
    pub value: F,
}

impl<F: PrimeField> InputClaim<F> {
    /// The claim on the input batch's table `Ṽ(r_x, r_b)`, the batch index in the high variables
    /// (the layout of [`spazk_field::mle`]).
    pub fn into_eval_claim(self) -> EvalClaim<F> {
        EvalClaim::concat(&self.column_point, &self.batch_point, self.value)
    }
}

impl<F: PrimeField> From<InputClaim<F>> for EvalClaim<F> {
    fn from(claim: InputClaim<F>) -> Self {
        claim.into_eval_claim()
    }
}

/// A zero-knowledge claim on the output batch of a linear layer: `Ỹ(row_point, batch_point) =
/// value` with the points public and the value an affine form over hidden values — for a hidden
/// layer, the activation's form minus the hidden bias opened at `r_y`; for the last layer, the
/// public output's MLE minus that bias.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenMatVecClaim<F> {
    /// `r_y`: one coordinate per row variable of the padded matrix.
    pub row_point: Vec<F>,
    /// `r_b`: one coordinate per batch variable (empty for a batch of one).
    pub batch_point: Vec<F>,
    /// The claimed value, as the verifier knows it.
    pub value: Claim<F>,
}

impl<F: PrimeField> HiddenMatVecClaim<F> {
    /// Absorbs the claim (both points, then the value's affine form) before the first round,
    /// for the reason [`MatVecClaim::absorb_into`] gives.
    pub fn absorb_into(&self, transcript: &mut Transcript) {
        transcript.append_fields(label::CLAIM_ROW_POINT, &self.row_point);
        transcript.append_fields(label::CLAIM_BATCH_POINT, &self.batch_point);
        self.value
            .absorb_into(label::CLAIM_HIDDEN_VALUE, transcript);
    }
}

impl<F> HiddenMatVecClaim<F> {
    /// Checks the points against the matrix shape and the batch size (not empty).
    pub fn check_shape(&self, shape: MatrixShape, batch_size: usize) -> Result<(), ShapeError> {
        if batch_size == 0 {
            return Err(ShapeError::EmptyBatch);
        }
        check_len("claim row point", shape.row_vars(), self.row_point.len())?;
        check_len(
            "claim batch point",
            log2_ceil(batch_size),
            self.batch_point.len(),
        )
    }
}

impl<F: PrimeField> From<MatVecClaim<F>> for HiddenMatVecClaim<F> {
    /// A transparent claim is a zero-knowledge claim with a public value.
    fn from(claim: MatVecClaim<F>) -> Self {
        Self {
            row_point: claim.row_point,
            batch_point: claim.batch_point,
            value: Claim::public(claim.value),
        }
    }
}

/// What a verified zero-knowledge mat-vec proof leaves about its input:
/// `Ṽ(column_point, batch_point) = value`, the value as the input oracle named it (public for a
/// public input, a hidden scalar the previous layer must account for, …). The proof has
/// already required `W̃(r_y, r_x) · value` to equal the sumcheck's final value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenInputClaim<F> {
    /// `r_x`: one coordinate per column variable of the padded matrix.
    pub column_point: Vec<F>,
    /// `r_b`, the same as the output claim's.
    pub batch_point: Vec<F>,
    /// The value.
    pub value: Claim<F>,
}

/// The public statement of a stand-alone mat-vec proof: `outputs[b] = W · inputs[b]` for every
/// batch element `b`, with `W` known to the verifier through its oracle.
#[derive(Clone, Copy, Debug)]
pub struct MatVecStatement<'a, F> {
    /// The input vectors, each of length `cols`.
    pub inputs: &'a [Vec<F>],
    /// The claimed output vectors, each of length `rows`.
    pub outputs: &'a [Vec<F>],
}

pub(crate) fn check_len(
    what: &'static str,
    expected: usize,
    found: usize,
) -> Result<(), ShapeError> {
    if expected == found {
        Ok(())
    } else {
        Err(ShapeError::Length {
            what,
            expected,
            found,
        })
    }
}

/// Checks that every vector of a batch has length `len` and that the batch is not empty.
pub(crate) fn check_batch<F>(
    what: &'static str,
    batch: &[Vec<F>],
    len: usize,
) -> Result<(), ShapeError> {
    if batch.is_empty() {
        return Err(ShapeError::EmptyBatch);
    }
    batch.iter().try_for_each(|v| check_len(what, len, v.len()))
}

/// `Σ_b eq(batch_point, b) · ṽ_b(point)`: the MLE of a batch (batch index in the high
/// variables, vectors zero-padded) at `(point, batch_point)`.
pub(crate) fn evaluate_batch<F: PrimeField>(batch: &[Vec<F>], point: &[F], batch_point: &[F]) -> F {
    let eq_point = eq_table(point);
    let eq_batch = eq_table(batch_point);
    batch
        .iter()
        .zip(&eq_batch)
        .map(|(v, weight)| *weight * evaluate_mle_with_eq(v, &eq_point))
        .sum()
}

impl<F: PrimeField> MatVecStatement<'_, F> {
    /// Checks every length against the matrix shape.
    pub fn check_shape(&self, shape: MatrixShape) -> Result<(), ShapeError> {
        check_batch("input length", self.inputs, shape.cols)?;
        check_len("output batch size", self.inputs.len(), self.outputs.len())?;
        check_batch("output length", self.outputs, shape.rows)
    }

    /// Absorbs the statement (after the matrix identity) and draws the output point: the claim
    /// `Ỹ(r_y, r_b)` that the proof starts from. Prover and verifier call exactly this.
    pub fn absorb_and_draw_claim(
        &self,
        shape: MatrixShape,
        transcript: &mut Transcript,
    ) -> MatVecClaim<F> {
        transcript.append_u64(label::BATCH_SIZE, self.inputs.len() as u64);
        for input in self.inputs {
            transcript.append_fields(label::INPUT, input);
        }
        for output in self.outputs {
            transcript.append_fields(label::OUTPUT, output);
        }
        let row_point = transcript.challenge_fields(label::ROW_POINT, shape.row_vars());
        let batch_point =
            transcript.challenge_fields(label::BATCH_POINT, log2_ceil(self.inputs.len()));
        let value = evaluate_batch(self.outputs, &row_point, &batch_point);
        MatVecClaim {
            row_point,
            batch_point,
            value,
        }
    }

    /// `Ṽ(column_point, batch_point)` from the public input.
    pub fn input_evaluation(&self, column_point: &[F], batch_point: &[F]) -> F {
        evaluate_batch(self.inputs, column_point, batch_point)
    }
}
