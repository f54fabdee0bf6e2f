//! GKR for layered arithmetic circuits: the baseline SpaZK is measured against.
//!
//! A [`circuit::LayeredCircuit`] is built with a [`circuit::CircuitBuilder`]: an input layer and
//! layers of fan-in-two addition and multiplication gates, each reading the layer below. The
//! prover ([`prover::prove_gkr`]) reduces a claim on the output layer, layer by layer, to claims
//! on the inputs. Each layer runs two degree-2 sumchecks in the style of Libra (linear time in
//! the layer's gates and in the width of the layer below):
//!
//! ```text
//! Ṽ_i(r) = Σ_{u,v} add̃(r,u,v)·(Ṽ_{i+1}(u) + Ṽ_{i+1}(v)) + mul̃(r,u,v)·Ṽ_{i+1}(u)·Ṽ_{i+1}(v)
//! phase 1 (over u):  Σ_u Ṽ(u)·G(u) + H(u),          G(u) = Σ_g [mul] w_g·V(v_g) + [add] w_g,
//!                                                     H(u) = Σ_g [add] w_g·V(v_g)
//! phase 2 (over v):  Σ_v Ṽ(v)·(Ṽ(r_u)·M(v) + A(v)) + Ṽ(r_u)·A(v),
//!                    M(v) / A(v) = Σ_{g mul / add} w_g·eq(r_u, u_g) at v = v_g
//! ```
//!
//! where `w_g` combines the layer's two incoming claims with a random coefficient. Wiring is
//! stored as gate lists, never as dense predicate tables. Both sumchecks run on
//! `spazk-sumcheck`'s engine ([`spazk_sumcheck::ProductInstance`] with a linear term).
//!
//! The verifier evaluates `add̃` and `mul̃` itself from the gate lists (O(gates + widths)) and
//! checks the final input claims against the public inputs.
//!
//! # Soundness
//! Per layer with `s'` variables below it: `4s'/|F|` for the two sumchecks plus `1/|F|` for
//! combining two claims; the output claim adds `s_0/|F|`. For the 2^12 mat-vec circuit (13
//! layers, at most 25 variables each) this is below `2^{−245}`.
//!
//! Not zero-knowledge.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod circuit;
pub mod claim;
pub mod error;
pub mod matvec;
pub mod proof;
pub mod prover;
pub mod verifier;

pub use circuit::{
    estimated_prover_bytes, CircuitBuilder, CircuitError, Gate, GateOp, LayeredCircuit,
    PublicInputs,
};
pub use claim::LayerClaim;
pub use error::VerifyError;
pub use proof::{GkrProof, LayerProof};
pub use prover::{prove_gkr, LayerTiming};
pub use verifier::verify_gkr;

/// The protocol name a stand-alone GKR transcript starts with.
pub const GKR_PROTOCOL: &[u8] = b"spazk-gkr-v1";
