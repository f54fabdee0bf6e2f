//! Committing an activation step's advice and proving it, by the method its shape picks.

use crate::error::ActivationError;
use crate::limbs::{self, CommittedLimbActivation};
use crate::pairs::{self, CommittedPairActivation};
use crate::proof::{ActivationClaims, ActivationProof};
use crate::protocol::absorb_public_activation;
use crate::spec::{relu_requantize, ActivationMethod, ActivationSpec};
use ark_bn254::Fr;
use spazk_field::EvalClaim;
use spazk_hyrax::{HyraxCommitment, HyraxParams};
use spazk_transcript::Transcript;

/// An activation step's advice, committed: what the prover holds between committing (before
/// any challenge of a larger proof) and proving.
#[derive(Clone, Debug)]
pub enum CommittedActivation {
    /// [`ActivationMethod::Limbs`].
    Limbs(CommittedLimbActivation),
    /// [`ActivationMethod::Pairs`].
    Pairs(CommittedPairActivation),
}

impl CommittedActivation {
    /// The activations `a`.
    pub fn activations(&self) -> Vec<u8> {
        match self {
            Self::Limbs(c) => c.activations(),
            Self::Pairs(c) => c.activations().to_vec(),
        }
    }

    /// The commitment to `a`.
    pub fn output_commitment(&self) -> Result<HyraxCommitment, ActivationError> {
        match self {
            Self::Limbs(c) => c.output_commitment(),
            Self::Pairs(c) => Ok(c.output_commitment().clone()),
        }
    }

    /// Absorbs every advice commitment (what [`ActivationProof::absorb_commitments`] absorbs).
    pub fn absorb_commitments(&self, transcript: &mut Transcript) {
        match self {
            Self::Limbs(c) => c.absorb_commitments(transcript),
            Self::Pairs(c) => c.absorb_commitments(transcript),
        }
    }
}

/// Computes and commits the advice for `a = requantize(relu(z))` over `inputs` (a power-of-two
/// count), by the method the shape picks. Nothing is absorbed: the caller absorbs
/// ([`CommittedActivation::absorb_commitments`]) before drawing any challenge that depends on
/// the advice.
pub fn commit_activation(
    spec: &ActivationSpec,
    inputs: &[i64],
    params: &HyraxParams,
) -> Result<CommittedActivation, ActivationError> {
    Ok(match spec.method_for_rows(inputs.len())? {
        ActivationMethod::Limbs => CommittedActivation::Limbs(limbs::commit(spec, inputs, params)?),
        ActivationMethod::Pairs(table) => {
            CommittedActivation::Pairs(pairs::commit(spec, &table, inputs, params)?)
        }
    })
}

/// Proves the stand-alone statement "`a = requantize(relu(z))` row by row" for public `inputs`
/// `z` (a power-of-two count) and the outputs `a` they give: absorbs the statement (`z`, `a`),
/// then commits, absorbs and proves. Returns the proof, the claims on `z` and `a`, and the
/// committed advice. Verified by [`crate::verify_activation`].
pub fn prove_activation(
    spec: &ActivationSpec,
    inputs: &[i64],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(ActivationProof, ActivationClaims, CommittedActivation), ActivationError> {
    let committed = commit_activation(spec, inputs, params)?;
    let outputs: Vec<u8> = inputs
        .iter()
        .map(|z| relu_requantize(*z, spec.shift))
        .collect();
    absorb_public_activation(inputs, &outputs, transcript);
    committed.absorb_commitments(transcript);
    let (proof, claims) = prove_committed_activation(&committed, None, params, transcript)?;
    Ok((proof, claims, committed))
}

/// Proves committed advice whose commitments the caller has absorbed
/// ([`CommittedActivation::absorb_commitments`]). An `output_claim` (the next layer's claim on
/// `a`) is carried into the proof's last sumcheck, so `a` is opened once.
pub fn prove_committed_activation(
    committed: &CommittedActivation,
    output_claim: Option<&EvalClaim<Fr>>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(ActivationProof, ActivationClaims), ActivationError> {
    Ok(match committed {
        CommittedActivation::Limbs(c) => {
            let (proof, claims) = limbs::prove_committed(c, output_claim, params, transcript)?;
            (ActivationProof::Limbs(proof), claims)
        }
        CommittedActivation::Pairs(c) => {
            let (proof, claims) = pairs::prove_committed(c, output_claim, params, transcript)?;
            (ActivationProof::Pairs(proof), claims)
        }
    })
}
