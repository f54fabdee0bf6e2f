//! Zero-knowledge activation steps (design.md §8 "Activation"): the same two methods as the
//! transparent proofs ([`crate::pairs`], [`crate::limbs`]), with every advice column and the
//! multiplicities committed with hiding rows (fresh blinds, every row), the lookups hidden
//! ([`spazk_logup::hidden`]), the sumchecks masked, and every check on a hidden value a
//! degree-2 relation of the zero-knowledge context ([`ZkProver`] / [`ZkVerifier`] of
//! `spazk-hyrax`), settled by its final Σ-protocol.
//!
//! What a proof sends ([`HiddenActivationProof`]): the advice's and the multiplicities' hiding
//! commitments and masked round polynomials. Hidden scalars and openings go through the
//! context; no value of the advice is in the clear.
//!
//! What it leaves ([`HiddenActivationClaims`]): `z̃(point)` and `ã(point)` as claims affine in
//! hidden values, for the neighbouring layers (or a stand-alone statement's public columns).
//!
//! # Mask
//! The context's mask must hold [`hidden_activation_mask_len`] free coefficients for the step
//! (the lookups' masked layers, the zero-check or the reduction).
//!
//! # Soundness and zero knowledge
//! The relations are the transparent verifier's checks, so soundness is the transparent
//! proof's (see [`crate::pairs`], [`crate::limbs`]) plus the context's Σ-protocol (in
//! `spazk-hyrax`). Zero knowledge: every round polynomial is masked by a mask of its full
//! degree (tested by equivocation: degree 4 for the zero-check, 2 for the reduction), every
//! other value is hidden; the shape (rows, the spec, the method it picks) is public.

mod proof;
mod prover;
mod verifier;

pub use proof::HiddenActivationProof;
pub use prover::{commit_hidden_activation, prove_hidden_activation, HiddenCommittedActivation};
pub use verifier::verify_hidden_activation;

use crate::error::ActivationError;
use crate::limbs;
use crate::pairs;
use crate::spec::{ActivationMethod, ActivationSpec};
use ark_bn254::Fr;
#[cfg(doc)]
use spazk_hyrax::zk::{ZkProver, ZkVerifier};
use spazk_sumcheck::hidden::Claim;

/// What a verified zero-knowledge activation step leaves: `z̃(point) = input` and
/// `ã(point) = output`, as the verifier knows them (affine in hidden values).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenActivationClaims {
    /// The final point (row variables).
    pub point: Vec<Fr>,
    /// `z̃(point)`.
    pub input: Claim<Fr>,
    /// `ã(point)`.
    pub output: Claim<Fr>,
}

/// Mask coefficients a zero-knowledge activation step over `2^row_vars` rows uses, from the
/// shape alone (the method `spec` picks; whether the next layer's claim rides along, which
/// adds the pair method's reduction). Zero for a spec that does not check.
pub fn hidden_activation_mask_len(
    spec: &ActivationSpec,
    row_vars: u32,
    carries_output_claim: bool,
) -> usize {
    if spec.check().is_err() {
        return 0;
    }
    match spec.method(row_vars) {
        ActivationMethod::Limbs => limbs::hidden_mask(spec, row_vars),
        ActivationMethod::Pairs(table) => {
            pairs::hidden_mask(&table, row_vars, carries_output_claim)
        }
    }
}

/// Checks that a claim carried from the next layer is on `2^row_vars` rows.
pub(crate) fn check_output_point(
    output_claim: Option<(&[Fr], &Claim<Fr>)>,
    row_vars: u32,
) -> Result<(), ActivationError> {
    match output_claim {
        Some((point, _)) if point.len() != row_vars as usize => Err(ActivationError::Shape {
            what: "output claim point",
            expected: row_vars as usize,
            found: point.len(),
        }),
        _ => Ok(()),
    }
}
