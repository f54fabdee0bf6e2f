//! The sumcheck engine and the SpaZK mat-vec protocol.
//!
//! * The **engine** ([`prover::prove_sumcheck`], [`verifier::verify_sumcheck`]) proves
//!   `Σ_{x ∈ {0,1}^k} g(x) = c` for any [`prover::SumcheckInstance`]: an instance says how to
//!   compute one round polynomial and how to bind one variable; the engine owns the transcript
//!   and the proof. Round `j` binds variable `k − 1 − j` (top-down), and every sub-claim reports
//!   its point in variable order (little-endian, as in `spazk-field`).
//! * The **mat-vec protocol** proves `Y = W·V` for a weight matrix `W` (`m × n`) and a batch of
//!   input vectors `V` (`B` of length `n`). From a claim `c = Ỹ(r_y, r_b)` it folds the matrix
//!   into `A(x) = W̃(r_y, x)` and runs a degree-2 sumcheck on `Σ_x A(x)·V'(x)` with
//!   `V'(x) = Σ_b eq(r_b, b)·V_b(x)`. [`matrix::DenseMatrix`], [`matrix::SparseMatrix`] and
//!   [`matrix::TernaryMatrix`] differ only in how they fold (`m·n` multiplications, one per
//!   nonzero, and additions only); the sumcheck is the same code for all three.
//! * The verifier learns `W̃(r_y, r_x)` through a [`oracle::WeightOracle`]: from the public matrix
//!   ([`oracle::PublicMatrix`], O(nnz)) or, in `spazk-hyrax`, from a commitment opening.
//!
//! # Soundness
//! For an `m × n` matrix (padded to `2^a × 2^b`) and a batch padded to `2^c`, a false statement
//! passes the verifier with probability at most `(a + c + 2b) / |F|` (Schwartz–Zippel on the
//! random output point, then `2/|F|` per degree-2 round), about `2^{−248}` for BN254 at the sizes
//! used here, in the random-oracle model for the BLAKE3 transcript. The whole statement (shapes,
//! matrix identity, inputs, outputs) is absorbed before the first challenge.
//!
//! Proofs are **not zero-knowledge**: the round polynomials reveal information about `W` and `V`.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod claim;
pub mod engine;
pub mod error;
pub mod matrix;
pub mod oracle;
pub mod product;
pub mod proof;
pub mod prover;
pub mod verifier;

pub use claim::{InputClaim, MatVecClaim, MatVecStatement, SubClaim};
pub use engine::SplitEq;
pub use error::{ProofDecodeError, ShapeError, SumcheckError, VerifyError};
pub use matrix::{DenseMatrix, Matrix, MatrixShape, SparseMatrix, TernaryMatrix};
pub use oracle::{PublicMatrix, PublicMatrixError, WeightOracle, WeightProver};
pub use product::ProductInstance;
pub use proof::{MatVecProof, SumcheckProof};
pub use prover::{prove_matvec, prove_matvec_claim, prove_sumcheck, ProvedClaim, SumcheckInstance};
pub use verifier::{verify_matvec, verify_matvec_claim, verify_sumcheck};

/// The protocol name absorbed first by a stand-alone mat-vec transcript.
pub const MATVEC_PROTOCOL: &[u8] = b"spazk-matvec-v1";
