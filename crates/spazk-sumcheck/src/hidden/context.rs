//! What a zero-knowledge protocol needs from the commitment layer, as two traits: the prover
//! hides values and the verifier receives them, both building the same [`Relations`].
//! `spazk-hyrax` implements them with Pedersen commitments and the final Σ-protocol;
//! `super::clear` (feature `test-util`) implements them in the clear, to test a protocol's
//! relations without group operations.

use super::claim::HiddenValue;
use super::relations::Relations;
use ark_ff::PrimeField;
use spazk_transcript::Transcript;
use thiserror::Error;

/// A zero-knowledge proof ran out of hidden values before its verifier did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum HiddenError {
    /// The proof carries fewer hidden scalars than the verifier reads.
    #[error("the proof carries {found} hidden scalars, the verifier reads more")]
    MissingScalar {
        /// Scalars the proof carries.
        found: usize,
    },
}

/// The verifier's side: the relations it builds, and the hidden scalars it reads from the proof.
pub trait HidingVerifier<F: PrimeField> {
    /// The relations this proof's checks defer.
    fn relations(&mut self) -> &mut Relations<F>;

    /// The proof's next hidden scalar: absorbs its commitment into `transcript` and names it.
    fn receive_scalar(&mut self, transcript: &mut Transcript) -> Result<HiddenValue, HiddenError>;
}

/// The prover's side: the same relations, the mask it committed to, and the hidden scalars it
/// sends.
pub trait HidingProver<F: PrimeField> {
    /// The relations, built exactly as the verifier builds them.
    fn relations(&mut self) -> &mut Relations<F>;

    /// The whole mask vector `M` (its commitment was absorbed with the statement).
    fn mask(&self) -> &[F];

    /// Sends `value` hidden: commits to it with a fresh blind, absorbs the commitment into
    /// `transcript` and names it.
    fn hide_scalar(&mut self, value: F, transcript: &mut Transcript) -> HiddenValue;

    /// `Err((needed, held))` unless the mask holds `free` coefficients beyond those the
    /// relations have allocated. The engine reads each masked sumcheck's slice of the mask, so a
    /// protocol checks this first and reports a short mask as the caller's error, not as a panic
    /// inside a round.
    fn check_free_mask(&mut self, free: usize) -> Result<(), (usize, usize)> {
        let needed = self.relations().mask_len() + free;
        let held = self.mask().len();
        if held < needed {
            return Err((needed, held));
        }
        Ok(())
    }
}
