//! Zero-knowledge inference proofs (issue 15; design.md §8) over a hiding model commitment.
//!
//! # The protocol
//! Prover and verifier build the same transcript (`spazk-mlp-zk-v1`):
//!
//! 1. **Statement**: the model digest (which covers the mode: a hiding commitment's is its own
//!    format version), the batch size, the input rows or the private input's commitment
//!    ([`InputCommitment`]), the outputs; then a private input's multiplicity commitment (its
//!    range check's), the mask commitment `C_M` (the mask's length, [`hidden_mask_len`], comes
//!    from the shapes, the same for both sides) and every activation's advice commitments.
//! 2. The output point `(r_y, r_b)`; the output claim is the public outputs' MLE there.
//! 3. **Per layer, top-down**: the bias opened hidden at `r_y` (a hiding opening: nothing sent,
//!    `b̃(r_y)` a linear form of the opening vector), then the zero-knowledge mat-vec
//!    ([`spazk_sumcheck::prove_hidden_matvec_claim`]) of the claim `z̃(r_y, r_b) − b̃(r_y)` with
//!    the weights opened through their hiding commitment
//!    ([`spazk_hyrax::zk::HidingCommittedMatrix`]); the input evaluation is the public input's
//!    MLE, an opening of the private input's commitment, or — for a hidden layer — a hidden
//!    scalar that the activation below takes as its output claim, leaving a claim on that
//!    layer's `z`.
//! 4. A private input's **range check**: a zero-knowledge lookup of every entry of the padded
//!    input table into `[0, 256)`, its column value tied to an opening of the input commitment
//!    and its multiplicity value to an opening of the multiplicity commitment.
//! 5. The final Σ-protocol ([`spazk_hyrax::zk::ZkProver::finish`]) over every relation.
//!
//! # What the proof reveals
//! The statement (digest, batch size, public input or its commitment, outputs), the shapes and
//! every public parameter of the commitment (see [`crate::commitment`]: shifts, declared bounds,
//! `L` from shapes), and the proof's shape, which depends on those alone. Every round polynomial
//! is masked (Libra masks of full degree), every value is a hidden scalar or an opening behind
//! the Σ-protocol, every commitment of witness data is blinded with fresh randomness.
//!
//! # Soundness
//! The transparent protocol's errors (per layer the mat-vec's; the lookup's `(N + |T|)/|F|`),
//! plus the hiding context's: the Σ-protocol is 3-special-sound under the discrete logarithm in
//! BN254 G1, with `(#relations + 2)/|F|` for `γ`, `e` and the merged MSM's weights
//! (`spazk_hyrax::zk`). Far below `2^{−90}` for the models here.

#[cfg(test)]
mod attacks;
pub mod input;
pub mod proof;
pub mod prover;
pub mod statement;
pub mod verifier;

pub use input::{
    input_layout, CommittedInput, CommittedInputOracle, InputCommitment, LayerInput, ProverInput,
    INPUT_COMMITMENT_MAGIC,
};
pub use proof::{HiddenInferenceProof, InputRangeProof, HIDDEN_PROOF_MAGIC};
pub use prover::{prove_hidden_inference, prove_hidden_inference_pooled, ProvedHiddenInference};
pub use statement::{HiddenStatement, InputVisibility, StatementInput};
pub use verifier::verify_hidden_inference;

use crate::commitment::{bias_layout, ModelCommitment};
use spazk_activation::{hidden_activation_mask_len, ACTIVATION_BITS};
use spazk_logup::{multiplicity_layout, LookupStatement, RangeTable};
use spazk_sumcheck::hidden_matvec_mask_len;

/// The range check of a private input for a padded batch of `padded_batch`: one column, the
/// whole padded table (`n'·B'` entries, padding zeros included), into `[0, 2^8)`.
pub fn input_range_statement(input_dim: usize, padded_batch: usize) -> LookupStatement {
    LookupStatement {
        columns: 1,
        row_vars: input_layout(input_dim, padded_batch).num_vars() as u32,
        table: RangeTable {
            bits: ACTIVATION_BITS,
        },
    }
}

/// Mask coefficients a zero-knowledge proof for `commitment` on a batch of `batch` inputs uses:
/// every layer's mat-vec sumcheck, every activation's (over `m'·B'` rows, carrying the next
/// layer's claim), and a private input's range check. From
/// the shapes alone, so prover and verifier size `C_M` alike.
pub fn hidden_mask_len(commitment: &ModelCommitment, batch: usize, private_input: bool) -> usize {
    let padded_batch = batch.max(1).next_power_of_two();
    let batch_vars = padded_batch.trailing_zeros();
    let layers: usize = commitment
        .layers
        .iter()
        .map(|l| hidden_matvec_mask_len(l.shape))
        .sum();
    // Every hidden layer's activation carries the next layer's claim on its output.
    let activations: usize = commitment
        .layers
        .iter()
        .filter_map(|l| {
            let rows = l.shape.row_vars() as u32 + batch_vars;
            l.activation
                .map(|spec| hidden_activation_mask_len(&spec, rows, true))
        })
        .sum();
    let range = if private_input {
        spazk_logup::hidden_mask_len(&input_range_statement(commitment.input_dim, padded_batch))
    } else {
        0
    };
    layers + activations + range
}

/// Generators a zero-knowledge proof on `batch` inputs needs beyond the transparent proof's
/// (weights and advice): the mask, the bias openings, a private input's commitment and its
/// multiplicities.
pub(crate) fn extra_generators(commitment: &ModelCommitment, batch: usize) -> usize {
    let padded_batch = batch.max(1).next_power_of_two();
    let bias = commitment
        .layers
        .iter()
        .map(|l| bias_layout(l.shape.rows).cols())
        .max()
        .unwrap_or(1);
    let input = input_layout(commitment.input_dim, padded_batch).cols();
    let multiplicities = multiplicity_layout(ACTIVATION_BITS).cols();
    hidden_mask_len(commitment, batch, true)
        .max(bias)
        .max(input)
        .max(multiplicities)
}
