//! Hyrax polynomial commitments over BN254 G1 (the design a16z's Jolt used), and their hiding
//! form for zero-knowledge proofs ([`zk`]).
//!
//! A multilinear polynomial with `2^k` evaluations is laid out as a matrix of `R = 2^{row_vars}`
//! rows and `C = 2^{col_vars}` columns ([`Layout`]; the column index is the low variables). The
//! commitment is one Pedersen commitment per row, `C_i = Σ_j Z[i][j]·G_j`, with generators
//! derived from a public seed by try-and-increment on BLAKE3 output ([`HyraxParams`]: nobody
//! knows their discrete logarithms).
//!
//! Opening at `r = (r_col, r_row)`: the prover sends `u = Lᵀ·Z` with `L = eq(r_row, ·)`; the
//! verifier checks `Σ_i L_i·C_i − Σ_j u_j·G_j = 0` as **one** multi-scalar multiplication and
//! computes the value as `⟨u, eq(r_col, ·)⟩`. For a weight matrix laid out rows = outputs,
//! columns = inputs, `u` is exactly the mat-vec prover's folded table: the opening is free
//! ([`matvec::CommittedMatrix`]).
//!
//! Commitment paths are picked by the data's type ([`Commit`]): ternary matrices are sums and
//! differences of generators, added in batch-affine form (one shared inversion per level of a
//! pairwise tree), O(nnz); unsigned integers take bit planes over shared subset sums of the
//! generators, or byte buckets for a few long rows, whichever counts fewer additions (signed ones
//! as their positive part minus their negative part); field elements the general MSM.
//!
//! The transcript labels and what a batched opening absorbs are in [`protocol`], which the
//! opening prover and verifier both import.
//!
//! May depend on: `spazk-field`, `spazk-transcript`, `spazk-matrix` (the matrices it commits),
//! `spazk-sumcheck` only for the [`spazk_sumcheck::WeightOracle`] / [`spazk_sumcheck::WeightProver`]
//! traits [`matvec`] implements, and the arkworks curve crates. Not on any protocol built above.
//!
//! # Soundness
//! Binding under the discrete-logarithm assumption in BN254 G1 (about 100 bits of security).
//! A batched opening of `k` polynomials adds `k/|F|` for the random combination.
//!
//! Not hiding: commitments and openings reveal information about the committed values. The
//! zero-knowledge mode ([`zk`]) adds hiding commitments, hidden openings and the final
//! Σ-protocol; its soundness and zero-knowledge are stated there.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod baseline;
mod batch_affine;
mod bit_planes;
pub mod commitment;
pub mod error;
pub mod layout;
pub mod matvec;
mod msm;
pub mod params;
pub mod proof;
pub mod protocol;
pub mod prover;
mod small_scalar;
pub mod verifier;
pub mod zk;

pub use ark_bn254::{G1Affine, G1Projective};
pub use commitment::{first_difference, Commit, HyraxCommitment};
pub use error::{HyraxError, SigmaPart};
pub use layout::Layout;
pub use matvec::{
    absorb_matrix_identity, matrix_opening_vector, CommittedMatrix, DeferredMatrixCommitment,
    MatrixCommitment,
};
pub use params::HyraxParams;
pub use proof::{BatchedHyraxOpening, HyraxOpening};
pub use prover::{combine_openings, open_batch, open_values, opening_vector, opening_vector_small};
pub use verifier::{verify_batch, verify_opening, OpeningChecks};
