//! The zero-knowledge LogUp-GKR lookup (design.md §8 "LogUp"): the transparent argument's fraction
//! trees and leaf checks with nothing about the witness sent in the clear.
//!
//! Generic over the hiding context ([`HidingProver`] / [`HidingVerifier`] of `spazk-sumcheck`):
//! values the verifier must not see are hidden scalars, checks on them are degree-2 relations
//! the context's final Σ-protocol proves. Per tree:
//!
//! * **Root.** The root `(P, Q)` and its children `p₀, p₁, q₀, q₁` (layer 0) are hidden scalars,
//!   with the relations `P = p₀q₁ + p₁q₀` and `Q = q₀q₁`; `τ` folds the children into the claim
//!   on layer 1. No sumcheck and no `λ` for layer 0.
//! * **Layer `k ≥ 1`.** `λ` is drawn, then a masked degree-3 sumcheck
//!   ([`spazk_sumcheck::prove_masked_sumcheck`] on the transparent prover's layer instance) of
//!   `Σ_x eq(ρ, x)·[p₀q₁ + p₁q₀ + λ·q₀q₁](x) = p̃'(ρ) + λ·q̃'(ρ)` over `k` variables, the claim
//!   affine in the layer above's hidden children. The four children's values at the sumcheck
//!   point are hidden scalars and the sumcheck's final check becomes the relation
//!   `eq(ρ, r)·(p₀q₁ + p₁q₀ + λ·q₀q₁) = value` (`eq` public). `τ` folds them: the next claim
//!   `p₀ + τ(p₁ − p₀) + λ(q₀ + τ(q₁ − q₀))` is affine in hidden values, so no new commitment.
//! * **Witness leaves.** The numerator claim must be 1; the column values `w̃_j(ρ)` are hidden
//!   scalars and the denominator claim must be `Σ_j e_j·(α − w̃_j(ρ)) + (1 − Σ_j e_j)`
//!   (`e_j = eq(ρ_columns, j)`, padding columns `1/1`).
//! * **Table leaves.** The denominator claim must be `α − t̃(ρ_t)`, computed by the verifier from
//!   the statement's table; the multiplicities' value `m̃(ρ_t)` is a hidden scalar the numerator
//!   claim must equal.
//! * **The sums.** `(P_w − pad·Q_w)·Q_t = P_t·Q_w` (`pad` the padding leaves, each `1/1`).
//!
//! Every relation has degree at most 2. What the verifier reads in the clear is only the masked
//! round polynomials ([`HiddenLookupProof`]); the roots are never revealed.
//!
//! # What the caller does
//! [`committed`] does all of this but the columns' part over `spazk-hyrax`'s zero-knowledge
//! contexts ([`prove_hidden_committed_lookup`], [`verify_hidden_committed_lookup`]).
//! Before calling, both sides absorb what identifies the columns (their hiding commitments)
//! and the hiding commitment to the multiplicities ([`crate::multiplicities`], committed under
//! [`crate::multiplicity_layout`], every row with a fresh blind): `α` is drawn right after the
//! statement. The mask vector `M` holds [`hidden_mask_len`] coefficients for the lookup. After
//! it, the caller ties the returned handles to the commitments' openings
//! ([`HiddenLookupClaims`]): without that the lookup says nothing about the columns.
//!
//! # Soundness
//! Per layer of `k ≥ 1` variables `(3k + 2)/|F|` (the sumcheck — masks are committed before
//! `ρ` and every challenge, so masking does not change it — `λ` and `τ`); layer 0 `1/|F|` (`τ`).
//! The LogUp identity fails with probability at most `(N + |T|)/|F|` over `α`, `N` the
//! witness entries. That bound also covers nonzero denominators, which are therefore not
//! checked (no inverse relation): the columns and the multiplicities are committed before `α`,
//! so `α` equals one of the `N + |T|` leaf values `w`, `t` with at most that probability, and
//! otherwise every `α − w`, `α − t` and their products `Q_w`, `Q_t` are nonzero. Add the hiding
//! context's error (the Σ-protocol and its combination of the relations).
//!
//! # Zero knowledge
//! Each round polynomial is uniform among those consistent with its running claim (the masks
//! have the full degree 3 of the layer polynomial, tested by equivocation); every other value is
//! a hidden scalar. `α`, `β`, the challenges and the shapes are public.

pub mod committed;
mod prover;
pub(crate) mod relations;
mod verifier;

pub use committed::{
    prove_hidden_committed_lookup, verify_hidden_committed_lookup, HiddenMultiplicities,
};
pub use prover::{prove_hidden_lookup, prove_hidden_lookup_evaluated, ProvedHiddenLookup};
pub use verifier::verify_hidden_lookup;

use crate::claim::LookupStatement;
use crate::table::LookupTable;
use ark_bn254::Fr;
use spazk_sumcheck::hidden::HiddenValue;
use spazk_sumcheck::mask_len;
#[cfg(doc)]
use {
    crate::proof::HiddenLookupProof,
    spazk_sumcheck::hidden::{HidingProver, HidingVerifier},
};

/// The degree of a fraction layer's round polynomials (`eq` times a quadratic), and so of its
/// masks.
pub(crate) const LAYER_DEGREE: usize = 3;

/// Mask coefficients of one hidden tree of `depth` layers: one masked sumcheck for each layer
/// `k = 1 … depth − 1`, over `k` variables.
fn tree_mask_len(depth: usize) -> usize {
    (1..depth).map(|k| mask_len(k, LAYER_DEGREE)).sum()
}

/// How many coefficients of the mask vector `M` a zero-knowledge lookup for `statement` uses
/// (both trees' masked sumchecks), for sizing `M` before anything is proved. Sizes come from the
/// statement alone.
pub fn hidden_mask_len<T: LookupTable>(statement: &LookupStatement<T>) -> usize {
    tree_mask_len(statement.witness_vars()) + tree_mask_len(statement.table_bits() as usize)
}

/// What a verified zero-knowledge lookup leaves about its witness columns: `w̃_j(point)` is the
/// hidden value `values[j]`, for `w_j(i) = T(idx_j(i))` compressed with `beta`. The caller
/// requires each to equal the opening of column `j`'s commitment at `point` (or hands it to the
/// layer that produced the column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenColumnClaims {
    /// The row point, `row_vars` coordinates.
    pub point: Vec<Fr>,
    /// One hidden value per column.
    pub values: Vec<HiddenValue>,
    /// The challenge tuple entries are compressed with (zero for a range table).
    pub beta: Fr,
}

/// The multiplicities' claim: `m̃(point)` is the hidden value `value`. The caller requires it to
/// equal the opening of the multiplicities' hiding commitment at `point`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenMultiplicityClaim {
    /// The table point, `table_bits` coordinates.
    pub point: Vec<Fr>,
    /// The hidden value.
    pub value: HiddenValue,
}

/// Everything a zero-knowledge lookup hands its caller to check against commitments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenLookupClaims {
    /// The witness columns' claims.
    pub columns: HiddenColumnClaims,
    /// The multiplicities' claim.
    pub multiplicity: HiddenMultiplicityClaim,
}
