//! Opening proofs.

use ark_bn254::Fr;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

/// An opening of one commitment at one point: `u = Lᵀ·Z`, one field element per column.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HyraxOpening {
    /// `u_j = Σ_i eq(r_row, i)·Z[i][j]`.
    pub u: Vec<Fr>,
}

/// An opening of several commitments (same layout) at one point: `u = Σ_k ρ_k·L ᵀ·Z_k` for
/// coefficients `ρ_k` drawn after the claimed values are absorbed.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct BatchedHyraxOpening {
    /// The combined opening vector.
    pub u: Vec<Fr>,
}
