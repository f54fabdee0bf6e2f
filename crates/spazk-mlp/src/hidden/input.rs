//! A private input: the padded batch committed with fresh blinds ([`InputCommitment`], published
//! in the statement instead of the inputs), and the first layer's input evaluation named as a
//! hidden opening of it ([`CommittedInput`] for the prover, [`CommittedInputOracle`] for the
//! verifier). [`LayerInput`] / [`ProverInput`] name every layer's input the same way on both
//! sides: public rows, the committed input, or the hidden scalar the activation below takes.
//!
//! Table layout: the padded batch as one table of index `b·n' + x` (`n'` the padded input width,
//! batch in the high variables, padded batch elements repeating the last), committed under
//! [`input_layout`]: [`crate::commitment::padded_block_layout`], so that the padded columns
//! `x ≥ n` of every element fill whole rows. Those rows are the identity and the verifier checks
//! them: a prover could otherwise put values there that padded weight columns (hidden as well)
//! would read — hidden inputs the published width does not show. Every other row, an all-zero
//! one too, has a fresh blind.
//!
//! File format (`.spzi`): magic `SPAZKINP`, format version (u32 LE), input width (u32), batch
//! size (u32), the commitment (u32 length + compressed Hyrax encoding). Readers check every
//! field and accept the canonical encoding only; [`InputCommitment::check`] checks it against a
//! model.

use crate::commitment::{
    blind_except, first_nonzero_padding_row, padded_block_layout, padding_rows, require_canonical,
    Reader, MAX_WIDTH,
};
use crate::error::{HiddenInputError, MlpError};
use crate::keys::MAX_BATCH;
use crate::protocol::label;
use ark_bn254::Fr;
use ark_std::rand::{CryptoRng, RngCore};
use spazk_field::eq_table;
use spazk_hyrax::zk::{BlindSource, BlindedCommitment, OpeningColumn, ZkProver, ZkVerifier};
use spazk_hyrax::{opening_vector_small, Commit, HyraxCommitment, HyraxError, HyraxParams, Layout};
use spazk_sumcheck::hidden::Claim;
use spazk_sumcheck::{HiddenInput, HidingInputOracle, HidingInputProver, PublicInput};
use spazk_transcript::Transcript;

/// Magic bytes of an input commitment file.
pub const INPUT_COMMITMENT_MAGIC: &[u8; 8] = b"SPAZKINP";
/// Input commitment format version.
pub const INPUT_COMMITMENT_VERSION: u32 = 1;

/// The layout of a private input of `input_dim` values per element for a padded batch of
/// `padded_batch` (a power of two): [`padded_block_layout`] with one block per element.
pub fn input_layout(input_dim: usize, padded_batch: usize) -> Layout {
    padded_block_layout(
        input_dim,
        input_dim.next_power_of_two().trailing_zeros(),
        padded_batch.trailing_zeros(),
    )
}

/// A private input's public side: its width, the batch size and the hiding commitment to the
/// padded batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputCommitment {
    /// Values per input.
    pub input_dim: usize,
    /// The batch size (before padding).
    pub batch: usize,
    /// The commitment, under [`input_layout`].
    pub commitment: HyraxCommitment,
}

impl InputCommitment {
    /// The padded batch.
    pub fn padded_batch(&self) -> usize {
        self.batch.next_power_of_two()
    }

    /// Checks the commitment against a model reading `input_dim` values: the width, a batch
    /// within `1..=65536`, the layout ([`input_layout`]) and every padding row the identity.
    pub fn check(&self, input_dim: usize) -> Result<(), MlpError> {
        let error = |detail: String| Err(MlpError::InputCommitment(detail));
        if self.input_dim != input_dim {
            return error(format!(
                "{} values per input, the model reads {input_dim}",
                self.input_dim
            ));
        }
        if !(1..=MAX_BATCH).contains(&self.batch) {
            return error(format!("batch {} is outside 1..={MAX_BATCH}", self.batch));
        }
        self.commitment
            .check_shape()
            .or_else(|e| error(e.to_string()))?;
        if self.commitment.layout != input_layout(self.input_dim, self.padded_batch()) {
            return error("the layout is not the input's".into());
        }
        let (block_vars, batch_vars) = self.vars();
        if let Some(row) =
            first_nonzero_padding_row(&self.commitment, self.input_dim, block_vars, batch_vars)
        {
            return error(format!("padding row {row} is not the identity"));
        }
        Ok(())
    }

    /// Variables of one element's padded block and of the padded batch.
    fn vars(&self) -> (u32, u32) {
        (
            self.input_dim.next_power_of_two().trailing_zeros(),
            self.padded_batch().trailing_zeros(),
        )
    }

    /// Absorbs the commitment (with the statement, in place of the inputs).
    pub fn absorb_into(&self, transcript: &mut Transcript) {
        self.commitment
            .absorb_into(label::INPUT_COMMITMENT, transcript);
    }

    /// The file encoding (module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let commitment = self.commitment.to_bytes();
        let mut out = Vec::with_capacity(24 + commitment.len());
        out.extend_from_slice(INPUT_COMMITMENT_MAGIC);
        out.extend_from_slice(&INPUT_COMMITMENT_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.input_dim as u32).to_le_bytes());
        out.extend_from_slice(&(self.batch as u32).to_le_bytes());
        out.extend_from_slice(&(commitment.len() as u32).to_le_bytes());
        out.extend_from_slice(&commitment);
        out
    }

    /// Decodes an input commitment file: every field bounded, the commitment's points on the
    /// curve and its layout the input's ([`Self::check`] against its own width), no trailing
    /// bytes, the canonical encoding only.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlpError> {
        let mut r = Reader::new(bytes, "input commitment");
        if r.take(8)? != INPUT_COMMITMENT_MAGIC {
            return Err(r.error("not a SpaZK input commitment (bad magic bytes)"));
        }
        let version = r.u32()?;
        if version != INPUT_COMMITMENT_VERSION {
            return Err(r.error(&format!(
                "format version {version}, this build reads {INPUT_COMMITMENT_VERSION}"
            )));
        }
        let input_dim = r.bounded("input width".into(), 1, MAX_WIDTH as u64)? as usize;
        let batch = r.bounded("batch size".into(), 1, MAX_BATCH as u64)? as usize;
        let len = r.u32()? as usize;
        let commitment = HyraxCommitment::from_bytes(r.take(len)?)
            .map_err(|e| r.error(&format!("commitment: {e}")))?;
        if !r.rest().is_empty() {
            return Err(r.error(&format!("{} trailing bytes", r.rest().len())));
        }
        let input = Self {
            input_dim,
            batch,
            commitment,
        };
        input.check(input_dim)?;
        require_canonical("input commitment", bytes, &input.to_bytes())?;
        Ok(input)
    }
}

/// A private input on the prover's side: the public commitment, its blinds and the padded
/// table it commits to.
#[derive(Clone)]
pub struct CommittedInput {
    public: InputCommitment,
    blinded: BlindedCommitment,
    table: Vec<u32>,
}

/// Prints the public commitment only: the input and its blinds are the prover's secret (a
/// private input in a log is a published input), as [`crate::ModelSecret`]'s blinds are.
impl core::fmt::Debug for CommittedInput {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CommittedInput")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl CommittedInput {
    /// Commits the batch `inputs` (each `input_dim` long, at least one) padded as the proof
    /// reads it, every data row with a fresh blind from `blinds` (an rng, or a nonce pool's
    /// [`spazk_hyrax::zk::NoncePool::row_blinds`]; padding rows the identity).
    pub fn commit(
        input_dim: usize,
        inputs: &[Vec<u8>],
        params: &HyraxParams,
        blinds: &mut (impl BlindSource + ?Sized),
    ) -> Result<Self, MlpError> {
        let Some(last) = inputs.last() else {
            return Err(MlpError::Shape {
                what: "batch size (1 to 65536)",
                expected: 1,
                found: 0,
            });
        };
        let padded_width = input_dim.next_power_of_two();
        let padded_batch = inputs.len().next_power_of_two();
        let mut table = vec![0u32; padded_width * padded_batch];
        for (b, block) in table.chunks_mut(padded_width).enumerate() {
            let row = inputs.get(b).unwrap_or(last);
            if row.len() != input_dim {
                return Err(MlpError::Shape {
                    what: "input length",
                    expected: input_dim,
                    found: row.len(),
                });
            }
            for (t, v) in block.iter_mut().zip(row) {
                *t = *v as u32;
            }
        }
        let layout = input_layout(input_dim, padded_batch);
        let bytes: Vec<u8> = table.iter().map(|v| *v as u8).collect();
        let unblinded = bytes[..]
            .commit(params, layout)
            .map_err(MlpError::Commitment)?;
        let padding = padding_rows(
            input_dim,
            padded_width.trailing_zeros(),
            padded_batch.trailing_zeros(),
        );
        let blinded = blind_except(unblinded, padding, params, blinds);
        Ok(Self {
            public: InputCommitment {
                input_dim,
                batch: inputs.len(),
                commitment: blinded.commitment.clone(),
            },
            blinded,
            table,
        })
    }

    /// A cheating prover's input (the attack tests'): the padded `table` (index `b·n' + x`, its
    /// padding entries zero) committed as [`Self::commit`] commits a batch, but with entries of
    /// any width — what the range check must catch.
    #[cfg(test)]
    pub(crate) fn commit_table(
        input_dim: usize,
        batch: usize,
        table: Vec<u32>,
        params: &HyraxParams,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Self {
        let padded_width = input_dim.next_power_of_two();
        let padded_batch = batch.next_power_of_two();
        let layout = input_layout(input_dim, padded_batch);
        let unblinded = table[..].commit(params, layout).expect("the table fits");
        let padding = padding_rows(
            input_dim,
            padded_width.trailing_zeros(),
            padded_batch.trailing_zeros(),
        );
        let blinded = blind_except(unblinded, padding, params, rng);
        Self {
            public: InputCommitment {
                input_dim,
                batch,
                commitment: blinded.commitment.clone(),
            },
            blinded,
            table,
        }
    }

    /// The public commitment.
    pub fn commitment(&self) -> &InputCommitment {
        &self.public
    }

    /// The padded table, index `b·n' + x`.
    pub fn table(&self) -> &[u32] {
        &self.table
    }

    /// Opens the commitment at `point` (hidden), as [`CommittedInputOracle::open`] does.
    pub(crate) fn open<R: RngCore + CryptoRng>(
        &self,
        point: &[Fr],
        context: &mut ZkProver<'_, R>,
        transcript: &mut Transcript,
    ) -> Claim<Fr> {
        let layout = self.blinded.commitment.layout;
        let row_weights = eq_table(&point[layout.col_vars as usize..]);
        let opening = opening_vector_small(&self.table, layout, &row_weights);
        let column = OpeningColumn {
            commitment: &self.blinded,
            opening: &opening,
        };
        Claim::hidden(context.open(&[column], point, transcript)[0])
    }
}

/// `Ṽ(r_x, r_b)` of the committed input: its hidden opening at `(r_x, r_b)`.
impl<'p, R: RngCore + CryptoRng> HidingInputProver<Fr, ZkProver<'p, R>> for CommittedInput {
    fn evaluation(
        &self,
        column_point: &[Fr],
        batch_point: &[Fr],
        _: Fr,
        context: &mut ZkProver<'p, R>,
        transcript: &mut Transcript,
    ) -> Claim<Fr> {
        self.open(&[column_point, batch_point].concat(), context, transcript)
    }
}

/// The verifier's view of a committed input: opens it where the prover does.
#[derive(Clone, Copy, Debug)]
pub struct CommittedInputOracle<'a> {
    commitment: &'a HyraxCommitment,
}

impl<'a> CommittedInputOracle<'a> {
    /// The view of `input` (checked by [`InputCommitment::check`] before).
    pub fn new(input: &'a InputCommitment) -> Self {
        Self {
            commitment: &input.commitment,
        }
    }

    /// The hidden opening at `point`.
    pub(crate) fn open(
        &self,
        point: &[Fr],
        context: &mut ZkVerifier<'a>,
        transcript: &mut Transcript,
    ) -> Result<Claim<Fr>, HyraxError> {
        Ok(Claim::hidden(
            context.open(&[self.commitment], point, transcript)?[0],
        ))
    }
}

impl<'a> HidingInputOracle<Fr, ZkVerifier<'a>> for CommittedInputOracle<'a> {
    type Error = HyraxError;

    fn evaluation(
        &self,
        column_point: &[Fr],
        batch_point: &[Fr],
        context: &mut ZkVerifier<'a>,
        transcript: &mut Transcript,
    ) -> Result<Claim<Fr>, HyraxError> {
        self.open(&[column_point, batch_point].concat(), context, transcript)
    }
}

/// How the verifier names a layer's input evaluation: the first layer's from the public rows
/// or the committed input, every other layer's as a hidden scalar its activation takes over.
#[derive(Clone, Copy, Debug)]
pub enum LayerInput<'a> {
    /// The public padded batch (as field elements).
    Public(PublicInput<'a, Fr>),
    /// The committed private input.
    Committed(CommittedInputOracle<'a>),
    /// A hidden layer's activations.
    Hidden,
}

impl<'a> HidingInputOracle<Fr, ZkVerifier<'a>> for LayerInput<'a> {
    type Error = HiddenInputError;

    fn evaluation(
        &self,
        column_point: &[Fr],
        batch_point: &[Fr],
        context: &mut ZkVerifier<'a>,
        transcript: &mut Transcript,
    ) -> Result<Claim<Fr>, HiddenInputError> {
        match self {
            LayerInput::Public(input) => {
                HidingInputOracle::evaluation(input, column_point, batch_point, context, transcript)
                    .map_err(HiddenInputError::Public)
            }
            LayerInput::Committed(input) => input
                .evaluation(column_point, batch_point, context, transcript)
                .map_err(HiddenInputError::Committed),
            LayerInput::Hidden => HidingInputOracle::evaluation(
                &HiddenInput,
                column_point,
                batch_point,
                context,
                transcript,
            )
            .map_err(HiddenInputError::Hidden),
        }
    }
}

/// The prover's side of [`LayerInput`].
#[derive(Clone, Copy, Debug)]
pub enum ProverInput<'a> {
    /// The public padded batch.
    Public(PublicInput<'a, Fr>),
    /// The committed private input.
    Committed(&'a CommittedInput),
    /// A hidden layer's activations.
    Hidden,
}

impl<'p, R: RngCore + CryptoRng> HidingInputProver<Fr, ZkProver<'p, R>> for ProverInput<'_> {
    fn evaluation(
        &self,
        column_point: &[Fr],
        batch_point: &[Fr],
        value: Fr,
        context: &mut ZkProver<'p, R>,
        transcript: &mut Transcript,
    ) -> Claim<Fr> {
        match self {
            ProverInput::Public(input) => HidingInputProver::evaluation(
                input,
                column_point,
                batch_point,
                value,
                context,
                transcript,
            ),
            ProverInput::Committed(input) => {
                input.evaluation(column_point, batch_point, value, context, transcript)
            }
            ProverInput::Hidden => HidingInputProver::evaluation(
                &HiddenInput,
                column_point,
                batch_point,
                value,
                context,
                transcript,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::Zero;
    use ark_std::rand::{rngs::StdRng, SeedableRng};

    /// Found by the model-level attack review: the derived `Debug` printed the private input's
    /// table and every blind. Now only the public commitment.
    #[test]
    fn debug_prints_neither_the_input_nor_a_blind() {
        let params = HyraxParams::with_default_seed(16);
        let inputs = vec![vec![201u8; 12]];
        // The padded table of the input with its blinds: neither printed.
        let input =
            CommittedInput::commit(12, &inputs, &params, &mut StdRng::seed_from_u64(1)).unwrap();
        let printed = format!("{input:?}");
        assert_eq!(
            printed,
            format!("CommittedInput {{ public: {:?}, .. }}", input.public)
        );
        // Padding rows' blinds are zero (they are the identity): only the data rows' count.
        for blind in input.blinded.blinds.iter().filter(|b| !b.is_zero()) {
            assert!(!printed.contains(&blind.to_string()));
        }
    }
}
