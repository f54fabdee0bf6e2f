//! `a = requantize(relu(z))` for signed integer pre-activations `z`, proved by one of two
//! methods chosen from the shape alone (prover and verifier agree without a flag):
//!
//! * [`pairs`]: one lookup per row into a table of pairs `(q, clamp(q, 0, 255))` plus one into
//!   the remainders, `z + 2^{sh−1} = 2^sh·q + rem` checked linearly — 2 witness leaves per row,
//!   but a table of `2^{max(k, sh)+1}` entries (`k ≈ L − sh + 2`);
//! * [`limbs`]: range checks of limbs and a zero-check tying sign, ReLU, shift and clamp — about
//!   `2·limbs` leaves per row, a table of `2^w`.
//!
//! Many rows (a batch, a wide layer) amortize the pair table; a few rows do not
//! ([`ActivationSpec::method`]).
//!
//! Both methods also run with zero knowledge ([`hidden`]: hiding advice commitments, hidden
//! lookups, masked sumchecks, relations settled by `spazk-hyrax`'s final Σ-protocol).
//!
//! Semantics (the same code computes plain inference, [`relu_requantize`]):
//! `a = clamp((max(z, 0) + 2^{sh−1}) >> sh, 0, 255)` for `z ∈ [−2^L, 2^L)`, `sh ≥ 1` (round half
//! up, then saturate to 8 bits).
//!
//! This crate sits above `spazk-logup` (whose lookup argument and range checks it uses through
//! their public API: the requantization table is a [`spazk_logup::LookupTable`]) and below
//! `spazk-mlp`. May depend on `spazk-field`, `spazk-transcript`, `spazk-sumcheck`,
//! `spazk-hyrax` and `spazk-logup`; nothing above them.
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod algebra;
#[cfg(feature = "test-util")]
pub mod equivocation;
pub mod error;
pub mod hidden;
pub mod limbs;
pub mod pairs;
pub mod proof;
pub mod protocol;
pub mod prover;
pub mod spec;
pub mod table;
pub mod verifier;

pub use error::ActivationError;
pub use hidden::{
    commit_hidden_activation, hidden_activation_mask_len, prove_hidden_activation,
    verify_hidden_activation, HiddenActivationClaims, HiddenActivationProof,
    HiddenCommittedActivation,
};
pub use limbs::{
    CommittedLimbActivation, HiddenCommittedLimbActivation, HiddenLimbActivationProof,
    LimbActivationProof,
};
pub use pairs::{
    CommittedPairActivation, HiddenCommittedPairActivation, HiddenPairActivationProof,
    PairActivationProof,
};
pub use proof::{ActivationClaims, ActivationProof};
pub use protocol::absorb_public_activation;
pub use prover::{
    commit_activation, prove_activation, prove_committed_activation, CommittedActivation,
};
pub use spec::{
    relu_requantize, ActivationMethod, ActivationSpec, ACTIVATION_BITS, ACTIVATION_MAX,
};
pub use table::{RequantizeEntry, RequantizeTable};
pub use verifier::{check_public_activation, verify_activation, verify_activation_deferred};
