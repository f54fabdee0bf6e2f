//! Zero-knowledge mode (design.md §8): hiding commitments, hidden scalars, hiding openings and
//! the final Σ-protocol that proves every deferred relation at once.
//!
//! # Objects
//! * Hiding commitments ([`BlindedCommitment`]): row `i` is `C_i = ⟨Z_i, G⟩ + β_i·H`, every row
//!   with a fresh blind.
//! * [`ZkProver`] / [`ZkVerifier`] implement `spazk-sumcheck`'s
//!   [`HidingProver`](spazk_sumcheck::hidden::HidingProver) /
//!   [`HidingVerifier`](spazk_sumcheck::hidden::HidingVerifier): they hold the
//!   [`Relations`](spazk_sumcheck::hidden::Relations) and the hidden witness vectors — the mask
//!   `M` (committed as `C_M` with the statement), the hidden scalars `y_j` (each sent as
//!   `X_j = y_j·G₀ + b_j·H`) and one opening vector per opening. The masks are sound only if
//!   `C_M` is absorbed before any masked sumcheck draws `ρ` (else a prover picks `M` after the
//!   challenges and proves anything): [`ZkVerifier::finish`] refuses a transcript where it was
//!   not, rather than leave that to each caller.
//! * An opening of one hiding commitment at `r = (r_col, r_row)` sends nothing: its opening
//!   vector `u = Lᵀ·Z` becomes a witness whose commitment `T = Σ_i L_i·C_i` the verifier computes
//!   itself (inside the final MSM) and whose blind is `Σ_i L_i·β_i`; the value is the hidden
//!   linear form `⟨u, eq(r_col)⟩`. `k > 1` commitments at one point are sent as `k` hidden
//!   scalars, combined with coefficients drawn after them into one witness `Σ c_k·u_k`, and
//!   related by `⟨u, eq(r_col)⟩ = Σ c_k·y_k`.
//! * The final Σ-protocol ([`ZkProver::finish`], [`ZkVerifier::finish`]; Bulletproofs' `t(X)`
//!   technique, Hyrax's proof of a dot product being its linear case). Witness vectors `w_k`
//!   with commitments `Com_k = ⟨w_k, G⟩ + β_k·H`, scalars with `X_j`. After `γ` combines the
//!   relations into `R = Σ_r γ^r·R_r` (degree ≤ 2), the prover sends `D_k = ⟨d_k, G⟩ + δ_k·H`,
//!   `A_j = t_j·G₀ + τ_j·H` and `K̂_i = k_i·G₀ + κ_i·H` where
//!   `R(w + e·d) = k₀ + e·k₁ + e²·k₂` (an honest prover has `k₀ = 0`); after `e`, the
//!   responses `z_k = w_k + e·d_k`, `ζ_k = β_k + e·δ_k`, `s_j = y_j + e·t_j`,
//!   `σ_j = b_j + e·τ_j`, `κ = e·κ₁ + e²·κ₂`. The verifier checks
//!   `Com(z_k, ζ_k) = Com_k + e·D_k`, `s_j·G₀ + σ_j·H = X_j + e·A_j` and
//!   `R(z, s)·G₀ + κ·H = e·K̂₁ + e²·K̂₂` as **one** MSM, each equation weighted by a challenge
//!   drawn after the responses.
//!
//! # Hidden scalars: why each has its own nonce
//! The brief for this module proposed `X_j = y_j·G_j + b_j·H` (slot `j`'s own generator), so
//! that `Σ_j X_j` would commit to the scalars as one vector with one nonce and one blind
//! response. That is not sound here: the Σ-protocol would then bind only the *sum*, and a
//! scalar sent after a challenge could carry a `G_i` component that changes an earlier scalar
//! `y_i` — e.g. a LogUp layer's `p₀, p₁, q₀, q₁` rewritten after the fold challenge drawn from
//! them. Each `X_j` must be opened on its own, so each gets `A_j` and `(s_j, σ_j)` (design.md's
//! form, `y_j·G₀`): per scalar one point and two field elements in the proof and two MSM terms
//! for the verifier.
//!
//! # Randomness
//! Every mask, blind and nonce comes from the caller's `rng: RngCore + CryptoRng`; nothing here
//! seeds one. ark-std 0.6 exports `OsRng` only with its `getrandom` feature, which would add a
//! crate the workspace does not have (getrandom 0.2), so callers that want OS randomness seed
//! their CSPRNG at the application's edge and pass it in; tests pass a seeded `StdRng`.
//!
//! # Soundness and zero knowledge
//! The Σ-protocol is 3-special-sound (three accepting transcripts with one first message give
//! every witness, `tests/zk_sigma.rs` extracts them) under the discrete-logarithm assumption for
//! `G, G₀, H`, and special honest-verifier zero-knowledge (a simulator picks `e` and the
//! responses and solves for the first message); after Fiat–Shamir, zero-knowledge in the random
//! oracle model. The merged MSM adds `(n + 1)/|F|` for `n + 1` equations; `γ` adds
//! `(#relations)/|F|`, `e` adds `2/|F|`.

pub mod commit;
#[cfg(feature = "test-util")]
pub mod extraction;
pub(crate) mod generators;
pub mod matrix;
pub mod pool;
pub mod proof;
pub mod prover;
mod sigma;
pub mod verifier;

pub use commit::BlindedCommitment;
pub use matrix::{HidingCommittedMatrix, HidingMatrixCommitment};
pub use pool::{BlindSource, NonceDemand, NoncePool, PooledBlinds};
pub use proof::{SigmaCommitments, SigmaResponses, ZkProof};
pub use prover::{OpeningColumn, ZkProver};
pub use verifier::ZkVerifier;

/// Transcript labels of zero-knowledge mode, shared by [`ZkProver`] and [`ZkVerifier`].
pub mod label {
    /// The mask commitment `C_M`.
    pub const MASK_COMMITMENT: &[u8] = b"zk-mask-commitment";
    /// A hidden scalar's commitment `X_j`.
    pub const SCALAR: &[u8] = b"zk-hidden-scalar";
    /// Each commitment of a hiding opening.
    pub const OPENING_COMMITMENT: &[u8] = b"zk-opening-commitment";
    /// A hiding opening's point.
    pub const OPENING_POINT: &[u8] = b"zk-opening-point";
    /// The coefficients combining several openings at one point, drawn after their scalars.
    pub const OPENING_COEFFICIENT: &[u8] = b"zk-opening-coefficient";
    /// `γ`, combining the relations.
    pub const GAMMA: &[u8] = b"zk-sigma-gamma";
    /// The nonce commitments `A_j`.
    pub const SCALAR_NONCES: &[u8] = b"zk-sigma-scalar-nonces";
    /// The nonce commitments `D_k`.
    pub const VECTOR_NONCES: &[u8] = b"zk-sigma-vector-nonces";
    /// `K̂₁`.
    pub const K1: &[u8] = b"zk-sigma-k1";
    /// `K̂₂`.
    pub const K2: &[u8] = b"zk-sigma-k2";
    /// The challenge `e`.
    pub const CHALLENGE: &[u8] = b"zk-sigma-challenge";
    /// The responses.
    pub const RESPONSES: &[u8] = b"zk-sigma-responses";
    /// The merged MSM's weights (the verifier's, drawn from a copy of the transcript).
    pub const MSM_WEIGHTS: &[u8] = b"zk-sigma-msm-weights";
}
