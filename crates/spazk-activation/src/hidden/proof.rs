//! The zero-knowledge activation proof: one of the two methods' proofs, a tagged union on the
//! wire as [`crate::ActivationProof`].

use crate::error::ActivationError;
use crate::limbs::HiddenLimbActivationProof;
use crate::pairs::HiddenPairActivationProof;
use crate::spec::{ActivationMethod, ActivationSpec};
use spazk_transcript::Transcript;

/// What a zero-knowledge activation step sends: the advice's hiding commitments (plain
/// [`spazk_hyrax::HyraxCommitment`] points of hiding rows), the multiplicities' commitment and
/// masked round polynomials. No value in the clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HiddenActivationProof {
    /// [`ActivationMethod::Limbs`].
    Limbs(HiddenLimbActivationProof),
    /// [`ActivationMethod::Pairs`].
    Pairs(HiddenPairActivationProof),
}

crate::proof::tagged_union!(
    HiddenActivationProof,
    HiddenLimbActivationProof,
    HiddenPairActivationProof
);

impl HiddenActivationProof {
    /// Checks the proof's method is the one `spec` picks for `2^row_vars` rows and every
    /// commitment's layout, then absorbs the advice commitments exactly as
    /// [`super::HiddenCommittedActivation::absorb_commitments`] does.
    pub fn absorb_commitments(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
        transcript: &mut Transcript,
    ) -> Result<(), ActivationError> {
        // The method's choice divides by the limb width: the widths are checked first.
        spec.check()?;
        match (spec.method(row_vars), self) {
            (ActivationMethod::Limbs, Self::Limbs(p)) => {
                p.absorb_commitments(spec, row_vars, transcript)
            }
            (ActivationMethod::Pairs(table), Self::Pairs(p)) => {
                p.absorb_commitments(spec, &table, row_vars, transcript)
            }
            _ => Err(ActivationError::WrongActivationMethod),
        }
    }
}
