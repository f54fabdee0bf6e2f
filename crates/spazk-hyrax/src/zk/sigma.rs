//! What [`super::ZkProver`] and [`super::ZkVerifier`] must agree on in the final Σ-protocol:
//! which witnesses are vectors, and what is absorbed before each challenge.

use super::label;
use super::proof::{SigmaCommitments, SigmaResponses};
use spazk_sumcheck::hidden::WitnessId;
use spazk_transcript::Transcript;

/// The witness index (in [`spazk_sumcheck::hidden::Relations::witness_lens`]) of each witness
/// vector, in proof order: the mask, then every opening. The scalars are not one of them: each
/// scalar is opened on its own.
pub(crate) fn vector_witnesses(witness_count: usize) -> impl Iterator<Item = usize> {
    core::iter::once(WitnessId::MASK.index()).chain((WitnessId::SCALARS.index() + 1)..witness_count)
}

/// Absorbs the first message, before `e`.
pub(crate) fn absorb_commitments(first: &SigmaCommitments, transcript: &mut Transcript) {
    transcript.append_serializable(label::SCALAR_NONCES, &first.scalar_nonces);
    transcript.append_serializable(label::VECTOR_NONCES, &first.vector_nonces);
    transcript.append_serializable(label::K1, &first.k1);
    transcript.append_serializable(label::K2, &first.k2);
}

/// Absorbs the responses, before the verifier's MSM weights.
pub(crate) fn absorb_responses(responses: &SigmaResponses, transcript: &mut Transcript) {
    transcript.append_serializable(label::RESPONSES, responses);
}
