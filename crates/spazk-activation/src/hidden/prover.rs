//! Committing an activation step's advice with hiding commitments and proving it with zero
//! knowledge, by the method its shape picks.

use super::{hidden_activation_mask_len, HiddenActivationClaims, HiddenActivationProof};
use crate::error::ActivationError;
use crate::limbs::{self, HiddenCommittedLimbActivation};
use crate::pairs::{self, HiddenCommittedPairActivation};
use crate::spec::{ActivationMethod, ActivationSpec};
use ark_bn254::Fr;
use ark_std::rand::{CryptoRng, RngCore};
use spazk_hyrax::zk::{BlindSource, ZkProver};
use spazk_hyrax::HyraxParams;
use spazk_sumcheck::hidden::{Claim, HidingProver};
use spazk_transcript::Transcript;

/// An activation step's advice with hiding commitments (fresh blinds, every row, an all-zero
/// row too) and its multiplicities': what the prover holds between committing and proving.
#[derive(Clone, Debug)]
pub enum HiddenCommittedActivation {
    /// [`ActivationMethod::Limbs`].
    Limbs(HiddenCommittedLimbActivation),
    /// [`ActivationMethod::Pairs`].
    Pairs(HiddenCommittedPairActivation),
}

impl HiddenCommittedActivation {
    /// The activations `a`.
    pub fn activations(&self) -> Vec<u8> {
        match self {
            Self::Limbs(c) => c.activations(),
            Self::Pairs(c) => c.activations(),
        }
    }

    /// Absorbs every advice commitment (what [`HiddenActivationProof::absorb_commitments`]
    /// absorbs), as the transparent [`crate::CommittedActivation::absorb_commitments`] does.
    pub fn absorb_commitments(&self, transcript: &mut Transcript) {
        match self {
            Self::Limbs(c) => c.absorb_commitments(transcript),
            Self::Pairs(c) => c.absorb_commitments(transcript),
        }
    }

    fn shape(&self) -> (ActivationSpec, u32) {
        match self {
            Self::Limbs(c) => (*c.spec(), c.row_vars()),
            Self::Pairs(c) => (*c.spec(), c.row_vars()),
        }
    }
}

/// Computes the advice for `a = requantize(relu(z))` over `z` (a power-of-two count), by the
/// method the shape picks, and commits it and its lookup's multiplicities with fresh blinds
/// from `blinds` (a CSPRNG, or [`spazk_hyrax::zk::PooledBlinds`]: blinds with their `β·H`
/// computed ahead in a nonce pool). Nothing is absorbed: the caller absorbs
/// ([`HiddenCommittedActivation::absorb_commitments`]) before any challenge that depends on
/// the advice.
pub fn commit_hidden_activation<B: BlindSource + ?Sized>(
    spec: &ActivationSpec,
    z: &[i64],
    params: &HyraxParams,
    blinds: &mut B,
) -> Result<HiddenCommittedActivation, ActivationError> {
    Ok(match spec.method_for_rows(z.len())? {
        ActivationMethod::Limbs => {
            HiddenCommittedActivation::Limbs(limbs::commit_hidden(spec, z, params, blinds)?)
        }
        ActivationMethod::Pairs(table) => {
            HiddenCommittedActivation::Pairs(pairs::commit_hidden(spec, &table, z, params, blinds)?)
        }
    })
}

/// Proves committed advice whose commitments the caller has absorbed, with zero knowledge.
/// `output_claim` (the next layer's claim `ã(point) = value`, a claim the caller holds over
/// hidden values) is carried in the step's last sumcheck, so `a` is opened once. The relations
/// go to `prover`, whose mask must hold [`hidden_activation_mask_len`] free coefficients.
///
/// Returns the proof, the claims on `z` and `a` as the verifier will hold them, and the
/// prover's own value `z̃(claims.point)`.
pub fn prove_hidden_activation<R: RngCore + CryptoRng>(
    advice: &HiddenCommittedActivation,
    output_claim: Option<(&[Fr], &Claim<Fr>)>,
    prover: &mut ZkProver<'_, R>,
    transcript: &mut Transcript,
) -> Result<(HiddenActivationProof, HiddenActivationClaims, Fr), ActivationError> {
    let (spec, row_vars) = advice.shape();
    prover
        .check_free_mask(hidden_activation_mask_len(
            &spec,
            row_vars,
            output_claim.is_some(),
        ))
        .map_err(|(expected, found)| ActivationError::Shape {
            what: "mask coefficients (at least)",
            expected,
            found,
        })?;
    Ok(match advice {
        HiddenCommittedActivation::Limbs(c) => {
            let (proof, claims, input) = limbs::prove_hidden(c, output_claim, prover, transcript)?;
            (HiddenActivationProof::Limbs(proof), claims, input)
        }
        HiddenCommittedActivation::Pairs(c) => {
            let (proof, claims, input) = pairs::prove_hidden(c, output_claim, prover, transcript)?;
            (HiddenActivationProof::Pairs(proof), claims, input)
        }
    })
}
