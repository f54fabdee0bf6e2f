//! The public statement of an inference proof and the tables both sides build from it.

use crate::commitment::ModelCommitment;
use crate::error::{expect_len, MlpError};
use crate::protocol::label;
use ark_bn254::Fr;
use spazk_field::{eq_table, evaluate_mle_with_eq, log2_ceil};
use spazk_transcript::Transcript;

/// `outputs[b] = model(inputs[b])` for every batch element.
#[derive(Clone, Copy, Debug)]
pub struct InferenceStatement<'a> {
    /// `u8` inputs, each of the model's input width.
    pub inputs: &'a [Vec<u8>],
    /// `i64` logits, each of the model's output width.
    pub outputs: &'a [Vec<i64>],
}

/// A signed integer as a field element.
pub fn signed_to_field(v: i64) -> Fr {
    let magnitude = Fr::from(v.unsigned_abs());
    if v < 0 {
        -magnitude
    } else {
        magnitude
    }
}

impl InferenceStatement<'_> {
    /// Checks the batch against the model's widths.
    pub fn check(&self, model: &ModelCommitment) -> Result<(), MlpError> {
        if self.inputs.is_empty() || self.inputs.len() > 1 << 16 {
            return Err(MlpError::Shape {
                what: "batch size (1 to 65536)",
                expected: 1,
                found: self.inputs.len(),
            });
        }
        expect_len("number of outputs", self.inputs.len(), self.outputs.len())?;
        for input in self.inputs {
            expect_len("input length", model.input_dim, input.len())?;
        }
        for output in self.outputs {
            expect_len("output length", model.output_dim(), output.len())?;
        }
        Ok(())
    }

    /// The batch padded to a power of two by repeating the last element (whose outputs the
    /// verifier therefore knows).
    pub fn padded_batch(&self) -> usize {
        self.inputs.len().next_power_of_two()
    }

    /// Absorbs the model digest and the whole statement.
    pub fn absorb_into(&self, model: &ModelCommitment, transcript: &mut Transcript) {
        model.absorb_into(transcript);
        transcript.append_u64(label::BATCH_SIZE, self.inputs.len() as u64);
        for input in self.inputs {
            transcript.append_bytes(label::INPUT, input);
        }
        for output in self.outputs {
            let bytes: Vec<u8> = output.iter().flat_map(|v| v.to_le_bytes()).collect();
            transcript.append_bytes(label::OUTPUT, &bytes);
        }
    }

    /// `Σ_b eq(r_b, b)·Σ_y eq(r_y, y)·out[b][y]` over the padded batch.
    pub fn output_evaluation(&self, row_point: &[Fr], batch_point: &[Fr]) -> Fr {
        output_evaluation(self.outputs, row_point, batch_point)
    }

    /// The inputs' MLE at `(r_x, r_b)` over the padded batch.
    pub fn input_evaluation(&self, col_point: &[Fr], batch_point: &[Fr]) -> Fr {
        evaluate_padded(self.inputs, col_point, batch_point, |v| Fr::from(*v as u64))
    }
}

/// The outputs' MLE at `(r_y, r_b)` over the padded batch (the last output repeated).
pub(crate) fn output_evaluation(outputs: &[Vec<i64>], row_point: &[Fr], batch_point: &[Fr]) -> Fr {
    evaluate_padded(outputs, row_point, batch_point, |v| signed_to_field(*v))
}

/// The MLE of `rows` (padded with zero columns, and to a power of two by repeating the last row)
/// at `(point, batch_point)`.
fn evaluate_padded<T>(
    rows: &[Vec<T>],
    point: &[Fr],
    batch_point: &[Fr],
    to_field: impl Fn(&T) -> Fr,
) -> Fr {
    let eq_point = eq_table(point);
    let eq_batch = eq_table(batch_point);
    debug_assert_eq!(batch_point.len(), log2_ceil(rows.len()));
    let mut total = Fr::from(0u64);
    let mut last = Fr::from(0u64);
    for (b, weight) in eq_batch.iter().enumerate() {
        if b < rows.len() {
            let values: Vec<Fr> = rows[b].iter().map(&to_field).collect();
            last = evaluate_mle_with_eq(&values, &eq_point);
        }
        total += *weight * last;
    }
    total
}
