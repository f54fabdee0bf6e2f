//! GKR for layered arithmetic circuits: the baseline SpaZK is measured against.
//!
//! A [`circuit::LayeredCircuit`] is built with a [`circuit::CircuitBuilder`]: an input layer and
//! layers of fan-in-two addition and multiplication gates, each reading the layer below. The
//! prover ([`prover::prove_gkr`]) reduces a claim on the output layer, layer by layer, to claims
//! on the inputs, in the style of Libra (linear time in the layer's gates and in the width of
//! the layer below). With `w_g` the incoming claims' weights on gate `g`:
//!
//! ```text
//! Ṽ_i(r) = Σ_x Ṽ(x)·K(x) + Σ_{u,v} mul̃(r,u,v)·Ṽ(u)·Ṽ(v),   K(x) = Σ_{add g} w_g·([u_g = x] + [v_g = x])
//! phase 1 (over u):  Σ_u Ṽ(u)·(K(u) + G(u)),      G(u) = Σ_{mul g} w_g·V(v_g) at u = u_g
//! phase 2 (over v):  Σ_v Ṽ(v)·Ṽ(r_u)·M(v) = c_1 − Ṽ(r_u)·K̃(r_u),   M(v) = Σ_{mul g} w_g·eq(r_u, u_g)
//! ```
//!
//! Addition gates are linear, so their part of the sum needs one variable set, not two: a layer
//! of additions only is one sumcheck and hands a single claim down; phase 2 runs only for the
//! multiplication gates. Wiring is stored as gate lists, never as dense predicate tables. Both
//! sumchecks run on `spazk-sumcheck`'s engine ([`spazk_sumcheck::ProductInstance`]).
//!
//! The verifier evaluates `K̃` and `mul̃` itself from the gate lists (O(gates + widths)) and
//! checks the final input claims against the public inputs. Claims between layers are
//! [`spazk_field::EvalClaim`]s; the transcript labels both sides use are in [`protocol`].
//!
//! May depend on: `spazk-field`, `spazk-transcript`, `spazk-sumcheck` (the engine),
//! `spazk-matrix` (only to build the mat-vec baseline circuit), arkworks field crates,
//! `blake3` and `tracing` (per-layer phase spans). Nothing depends on it but the facade and the benchmarks: the product never runs on
//! GKR.
//!
//! # Soundness
//! Per layer with `s'` variables below it: at most `4s'/|F|` for its sumchecks plus `1/|F|` for
//! combining two claims; the output claim adds `s_0/|F|`. For the 2^12 mat-vec circuit (13
//! layers, at most 25 variables each) this is below `2^{−245}`.
//!
//! Not zero-knowledge.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod circuit;
mod claim;
pub mod error;
pub mod matvec;
pub mod proof;
pub mod protocol;
pub mod prover;
pub mod verifier;

pub use circuit::{
    estimated_prover_bytes, CircuitBuilder, CircuitError, Gate, GateOp, LayeredCircuit,
    PublicInputs,
};
pub use error::VerifyError;
pub use proof::{GkrProof, LayerProof};
pub use protocol::GKR_PROTOCOL;
pub use prover::prove_gkr;
pub use verifier::verify_gkr;
