//! LogUp lookup arguments, proved with LogUp-GKR (fractional sumchecks, no committed inverses),
//! and the committed range checks built on them: this crate is the lookup argument and range
//! checks only. Gadgets that look values up (ReLU + requantize, `spazk-activation`) sit above it
//! and use its public API: a table is a type implementing [`LookupTable`], a lookup whose claims
//! are on committed columns other than the looked-up indices goes through
//! [`prove_lookup_evaluated`], and range checks whose limb claims feed a later sumcheck through
//! [`prove_range_claims`] / [`verify_range_claims`].
//!
//! May depend on `spazk-field`, `spazk-transcript`, `spazk-sumcheck` (the engine) and
//! `spazk-hyrax` (commitments to multiplicities and limbs); nothing above them.
//!
//! Statement: every entry `w_j(i)` of `c` witness columns lies in a table, e.g. the range table
//! `T = [0, 2^k)` ([`RangeTable`]). With multiplicities `m(t)` (how often `t` occurs), this
//! holds (except with probability about `(c·2^n + 2^k)/|F|` over `α`) iff
//!
//! ```text
//! Σ_j Σ_i 1 / (α − w_j(i))  =  Σ_t m(t) / (α − t).
//! ```
//!
//! Each side is a binary tree of fractions `p/q` whose root is the sum
//! ([`proof::FractionTreeProof`]).
//! Every layer is reduced to the one below by a degree-3 sumcheck on the shared engine:
//! `p̃'(ρ) + λ·q̃'(ρ) = Σ_x eq(ρ, x)·[p_0 q_1 + p_1 q_0 + λ·q_0 q_1](x)`, then the two children's
//! claims are folded into one by a random `τ`. The verifier
//!
//! * absorbs the statement and the commitment to `m` before drawing `α`;
//! * checks every layer of both trees, and that `P_w·Q_t = P_t·Q_w` with `Q_w, Q_t ≠ 0`;
//! * checks the witness leaves against the claimed column values (numerators are fixed by the
//!   statement) and hands the column claims on ([`ColumnClaims`]), or checks them against the
//!   columns' commitments with one batched opening ([`verify_committed_range`]);
//! * computes the table leaves' denominator `α − t̃(ρ)` itself in O(k) and checks the
//!   multiplicities' claim by opening their Hyrax commitment.
//!
//! # Soundness
//! Per layer of `ℓ` variables: `(3ℓ + 2)/|F|` (sumcheck, the λ combination and the τ fold);
//! with the LogUp identity `(c·2^n + 2^k)/|F|` over `α` and the Hyrax openings' binding, the total
//! is below `2^{−200}` at the sizes used here (random-oracle model for the transcript).
//!
//! These proofs are **not zero-knowledge**: layer values reveal information about the witness.
//! The zero-knowledge lookup ([`hidden`]: [`prove_hidden_lookup`], [`verify_hidden_lookup`])
//! runs the same trees with every value hidden and the sumchecks masked.
//! Over `spazk-hyrax`'s zero-knowledge contexts the multiplicities are committed and opened
//! hidden ([`hidden::committed`]), and range checks run hidden too ([`range::hidden`]).
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod claim;
pub mod error;
pub mod hidden;
pub mod proof;
pub mod protocol;
pub mod prover;
pub mod range;
pub mod small_column;
pub mod table;
pub mod verifier;

pub use claim::{ColumnClaims, LookupStatement, MAX_TABLE_BITS};
pub use error::{DecodeError, LookupError, RangeError, Side};
pub use hidden::{
    hidden_mask_len, prove_hidden_committed_lookup, prove_hidden_lookup,
    prove_hidden_lookup_evaluated, verify_hidden_committed_lookup, verify_hidden_lookup,
    HiddenColumnClaims, HiddenLookupClaims, HiddenMultiplicities, HiddenMultiplicityClaim,
    ProvedHiddenLookup,
};
pub use proof::{
    CommittedRangeProof, FractionLayerProof, FractionTreeProof, HiddenLookupProof,
    HiddenRangeProof, HiddenTreeProof, LookupProof,
};
pub use protocol::{draw_beta, limb_layout, multiplicity_layout, LOGUP_PROTOCOL};
pub use prover::{multiplicities, prove_lookup, prove_lookup_evaluated};
pub use range::{
    hidden_range_mask_len, prove_committed_range, prove_committed_ranges,
    prove_hidden_committed_ranges, prove_hidden_range_claims, prove_range_claims,
    verify_committed_range, verify_committed_ranges, verify_committed_ranges_deferred,
    verify_hidden_committed_ranges, verify_hidden_range_claims, verify_range_claims,
    CommittedLimbs, HiddenCommittedLimbs, HiddenCommittedRanges, HiddenRangeClaims,
    HiddenVerifiedRange, LimbDecomposition, ProvedHiddenRange, RangeClaims, VerifiedRange,
};
pub use small_column::{evaluate_small_column, small_values_to_field};
pub use table::{index_mle, LookupTable, RangeTable};
pub use verifier::{verify_lookup, verify_lookup_deferred};
