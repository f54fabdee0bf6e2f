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
pub mod hidden_oracle;
pub mod oracle;
pub mod proof;
pub mod prover;
pub mod verifier;

pub use claim::{InputClaim, MatVecClaim, MatVecStatement};
pub use error::{ShapeError, VerifyError};
pub use hidden_oracle::{HidingWeightOracle, HidingWeightProver};
pub use oracle::{PublicMatrix, PublicMatrixError, WeightOracle, WeightProver};
pub use proof::MatVecProof;
pub use prover::{prove_matvec, prove_matvec_claim, ProvedClaim};
pub use verifier::{verify_matvec, verify_matvec_claim};
