//! The field-only machinery of zero-knowledge proofs (design.md §8): values the verifier does
//! not see are [`HiddenValue`] handles, claims on them are affine ([`Claim`]), and every check
//! on them becomes a degree-2 relation ([`Quadratic`]) collected in [`Relations`], which the
//! final Σ-protocol (in `spazk-hyrax`) proves all at once.
//!
//! A hidden value is a linear form of a hidden witness vector: an opening vector `u` of a
//! committed polynomial (`⟨u, eq(r_col, ·)⟩`), a slice of the mask vector `M` of the masked
//! sumchecks ([`crate::engine::masked`]), or an entry of the vector of hidden scalars that the
//! proof sends one Pedersen commitment at a time. Protocols reach the commitment layer through
//! [`HidingProver`] / [`HidingVerifier`].

pub mod claim;
#[cfg(feature = "test-util")]
pub mod clear;
pub mod context;
pub mod relations;

pub use claim::{Claim, HiddenValue, Quadratic};
pub use context::{HiddenError, HidingProver, HidingVerifier};
pub use relations::{LinearForm, MaskSlice, Relations, WitnessId, WitnessShapeError};
