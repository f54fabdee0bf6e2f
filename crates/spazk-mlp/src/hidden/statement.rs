//! The public statement of a zero-knowledge inference proof: the outputs, and the input in the
//! clear or as a commitment.

use super::input::InputCommitment;
use crate::claim::InferenceStatement;
use crate::commitment::ModelCommitment;
use crate::error::{expect_len, MlpError};
use crate::keys::MAX_BATCH;
use crate::protocol::label;
use spazk_transcript::Transcript;

/// Whether the prover publishes the inputs or a commitment to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputVisibility {
    /// The inputs are part of the statement.
    Public,
    /// The statement holds a hiding commitment to the inputs ([`InputCommitment`]), each entry
    /// range-checked to 8 bits inside the proof.
    Private,
}

/// The input as the statement holds it.
#[derive(Clone, Copy, Debug)]
pub enum StatementInput<'a> {
    /// `u8` inputs, each of the model's input width.
    Public(&'a [Vec<u8>]),
    /// A hiding commitment to the padded batch.
    Committed(&'a InputCommitment),
}

/// `outputs[b] = model(input b)` for every batch element, the model known by its hiding
/// commitment.
#[derive(Clone, Copy, Debug)]
pub struct HiddenStatement<'a> {
    /// The inputs, or their commitment.
    pub input: StatementInput<'a>,
    /// `i64` logits, each of the model's output width.
    pub outputs: &'a [Vec<i64>],
}

impl HiddenStatement<'_> {
    /// The batch size (the outputs').
    pub fn batch(&self) -> usize {
        self.outputs.len()
    }

    /// The batch padded to a power of two (the last element repeated).
    pub fn padded_batch(&self) -> usize {
        self.batch().next_power_of_two()
    }

    /// Checks the batch against the model's widths: as [`InferenceStatement::check`] for public
    /// inputs; for a committed input, the batch size (1 to 65536), the commitment's batch and
    /// [`InputCommitment::check`], and every output's length.
    pub fn check(&self, model: &ModelCommitment) -> Result<(), MlpError> {
        match self.input {
            StatementInput::Public(inputs) => InferenceStatement {
                inputs,
                outputs: self.outputs,
            }
            .check(model),
            StatementInput::Committed(input) => {
                if !(1..=MAX_BATCH).contains(&self.batch()) {
                    return Err(MlpError::Shape {
                        what: "batch size (1 to 65536)",
                        expected: 1,
                        found: self.batch(),
                    });
                }
                expect_len("number of outputs", input.batch, self.batch())?;
                input.check(model.input_dim)?;
                for output in self.outputs {
                    expect_len("output length", model.output_dim(), output.len())?;
                }
                Ok(())
            }
        }
    }

    /// Absorbs the model digest (which covers the mode) and the whole statement: the batch
    /// size, the input rows or the input commitment, the outputs.
    pub fn absorb_into(&self, model: &ModelCommitment, transcript: &mut Transcript) {
        model.absorb_into(transcript);
        transcript.append_u64(label::BATCH_SIZE, self.batch() as u64);
        match self.input {
            StatementInput::Public(inputs) => {
                for input in inputs {
                    transcript.append_bytes(label::INPUT, input);
                }
            }
            StatementInput::Committed(input) => input.absorb_into(transcript),
        }
        for output in self.outputs {
            let bytes: Vec<u8> = output.iter().flat_map(|v| v.to_le_bytes()).collect();
            transcript.append_bytes(label::OUTPUT, &bytes);
        }
    }
}
