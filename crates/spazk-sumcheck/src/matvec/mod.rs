//! The mat-vec protocol: proves `Y = W·V` for a weight matrix `W` (`m × n`, from `spazk-matrix`)
//! and a batch of input vectors `V` (`B` of length `n`).
//!
//! From a claim `c = Ỹ(r_y, r_b)` ([`MatVecClaim`]) the prover folds the matrix into
//! `A(x) = W̃(r_y, x)` and runs the engine's degree-2 [`crate::engine::ProductInstance`] on
//! `Σ_x A(x)·V'(x)` with `V'(x) = Σ_b eq(r_b, b)·V_b(x)`. Dense, sparse and ternary matrices
//! differ only in how they fold; the sumcheck is the same code for all three. The verifier learns
//! `W̃(r_y, r_x)` through a [`WeightOracle`]: from the public matrix ([`PublicMatrix`], O(nnz))
//! or, in `spazk-hyrax`, from a commitment opening. What is left is a claim on the input,
//! [`InputClaim`].

pub mod claim;
pub mod error;
pub mod hidden_input;
pub mod hidden_oracle;
pub mod hidden_prover;
pub mod hidden_verifier;
pub mod oracle;
pub mod proof;
pub mod prover;
pub mod verifier;

pub use claim::{HiddenInputClaim, HiddenMatVecClaim, InputClaim, MatVecClaim, MatVecStatement};
pub use error::{HiddenVerifyError, ShapeError, VerifyError};
pub use hidden_input::{HiddenInput, HidingInputOracle, HidingInputProver, PublicInput};
pub use hidden_oracle::{HidingWeightOracle, HidingWeightProver};
pub use hidden_prover::{
    hidden_matvec_mask_len, prove_hidden_matvec, prove_hidden_matvec_claim, ProvedHiddenClaim,
};
pub use hidden_verifier::{verify_hidden_matvec, verify_hidden_matvec_claim};
pub use oracle::{PublicMatrix, PublicMatrixError, WeightOracle, WeightProver};
pub use proof::{HiddenMatVecProof, MatVecProof};
pub use prover::{prove_matvec, prove_matvec_claim, ProvedClaim};
pub use verifier::{verify_matvec, verify_matvec_claim};
