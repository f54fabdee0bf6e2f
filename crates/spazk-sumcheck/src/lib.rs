//! The home of sumcheck machinery, and the SpaZK mat-vec protocol built on it.
//!
//! * [`engine`]: the round loop ([`prove_sumcheck`], [`verify_sumcheck`]) for any
//!   [`SumcheckInstance`], the proof object and the product instance `Σ f·g`. Every sumcheck in
//!   the workspace — mat-vec, GKR phases, LogUp fraction layers, the activation zero-check — runs
//!   through it; a sub-claim is a [`spazk_field::EvalClaim`].
//! * [`matvec`]: the mat-vec protocol `Y = W·V` for dense, sparse and ternary matrices (the
//!   matrices themselves live in `spazk-matrix`): claims, the weight oracle, prover, verifier,
//!   transparent and zero-knowledge.
//! * [`hidden`]: the field-only side of zero-knowledge proofs — hidden values, affine claims
//!   on them, the degree-2 relations the final Σ-protocol proves, and the traits through which
//!   a protocol hides and receives values ([`hidden::HidingProver`], [`hidden::HidingVerifier`]).
//! * [`protocol`]: the transcript labels prover and verifier both import.
//!
//! May depend on: `spazk-field`, `spazk-matrix`, `spazk-transcript`, arkworks field crates
//! (threads through `spazk_field::parallel`, not `rayon` directly). Not on commitments (`spazk-hyrax` implements [`WeightOracle`] / [`WeightProver`]
//! from above) nor on any protocol built on the engine.
//!
//! # Soundness
//! For an `m × n` matrix (padded to `2^a × 2^b`) and a batch padded to `2^c`, a false statement
//! passes the verifier with probability at most `(a + c + 2b) / |F|` (Schwartz–Zippel on the
//! random output point, then `2/|F|` per degree-2 round), about `2^{−248}` for BN254 at the sizes
//! used here, in the random-oracle model for the BLAKE3 transcript. The whole statement (shapes,
//! matrix identity, inputs, outputs) is absorbed before the first challenge.
//!
//! Transparent proofs are **not zero-knowledge**: the round polynomials reveal information about
//! `W` and `V`. The zero-knowledge form ([`prove_hidden_matvec_claim`],
//! [`verify_hidden_matvec_claim`]) sends only masked round polynomials and leaves every check on
//! a hidden value as a relation for the final Σ-protocol; its soundness error is the same
//! `(a + c + 2b)/|F|` plus the Σ-protocol's, the mask being committed before `ρ` and every
//! challenge ([`engine::masked`]).
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod engine;
pub mod hidden;
pub mod matvec;
pub mod protocol;

pub use engine::{
    mask_len, prove_masked_sumcheck, prove_sumcheck, verify_masked_sumcheck, verify_sumcheck,
    MaskedSubClaim, ProductInstance, ProofDecodeError, SplitEq, SumcheckError, SumcheckInstance,
    SumcheckProof,
};
pub use matvec::{
    hidden_matvec_mask_len, prove_hidden_matvec, prove_hidden_matvec_claim, prove_matvec,
    prove_matvec_claim, verify_hidden_matvec, verify_hidden_matvec_claim, verify_matvec,
    verify_matvec_claim, HiddenInput, HiddenInputClaim, HiddenMatVecClaim, HiddenMatVecProof,
    HiddenVerifyError, HidingInputOracle, HidingInputProver, HidingWeightOracle,
    HidingWeightProver, InputClaim, MatVecClaim, MatVecProof, MatVecStatement, ProvedClaim,
    ProvedHiddenClaim, PublicInput, PublicMatrix, PublicMatrixError, ShapeError, VerifyError,
    WeightOracle, WeightProver,
};
pub use protocol::{HIDDEN_MATVEC_PROTOCOL, MATVEC_PROTOCOL};
