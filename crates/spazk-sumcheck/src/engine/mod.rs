//! The sumcheck engine: proves and verifies `Σ_{x ∈ {0,1}^k} g(x) = c` for any
//! [`SumcheckInstance`].
//!
//! An instance says how to compute one round polynomial and how to bind one variable; the engine
//! ([`prove_sumcheck`], [`verify_sumcheck`]) owns the round loop, the transcript and the proof.
//! Round `j` binds variable `k − 1 − j` (top-down), and the claim left at the end
//! ([`spazk_field::EvalClaim`]) reports its point in variable order (little-endian, as in
//! `spazk-field`). Every sumcheck of the workspace runs through this loop, so that what is
//! absorbed per round (the labels of [`crate::protocol::engine`]) is written once.
//!
//! [`ProductInstance`] is the degree-2 `Σ f·g` that the mat-vec protocol, both GKR phases and
//! the pair-method activation reduction run on; [`SplitEq`] is Gruen's split `eq` factor the
//! eq-weighted instances (LogUp fraction layers, the activation zero-check) fold with.
//! [`masked`] is the zero-knowledge form of the same loop: the round polynomials of `h + ρ·g`
//! for a committed mask `g`, the first round's sum and the final value left as relations.

pub mod error;
pub mod instance;
pub mod masked;
pub mod product;
pub mod proof;
pub mod prover;
pub mod split_eq;
pub mod verifier;

pub use error::{ProofDecodeError, SumcheckError};
pub use instance::SumcheckInstance;
pub use masked::{mask_len, prove_masked_sumcheck, verify_masked_sumcheck, MaskedSubClaim};
pub use product::ProductInstance;
pub use proof::{decode_proof, encode_proof, RoundPolynomial, SumcheckProof};
pub use prover::prove_sumcheck;
pub use split_eq::SplitEq;
pub use verifier::verify_sumcheck;
