//! Why the GKR verifier rejected a proof: one variant per check. Layers are numbered bottom-up,
//! `1` being the first gate layer above the inputs.

use crate::circuit::CircuitError;
use spazk_sumcheck::SumcheckError;
use thiserror::Error;

/// The GKR verifier rejected a proof or its statement.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum VerifyError {
    /// The statement's inputs do not fit the circuit.
    #[error("statement: {0}")]
    Circuit(#[from] CircuitError),
    /// The claimed output has the wrong length.
    #[error("output has {found} values, the circuit has {expected}")]
    OutputLength {
        /// Outputs of the circuit.
        expected: usize,
        /// Values given.
        found: usize,
    },
    /// The proof has a different number of layer proofs than the circuit has layers.
    #[error("proof has {found} layer proofs, the circuit has {expected} layers")]
    WrongNumberOfLayers {
        /// Layers of the circuit.
        expected: usize,
        /// Layer proofs given.
        found: usize,
    },
    /// A layer's sumcheck failed.
    #[error("layer {layer}, phase {phase}: {error}")]
    Sumcheck {
        /// The layer (bottom-up, from 1).
        layer: usize,
        /// 1 (binding the left inputs) or 2 (the right inputs).
        phase: u8,
        /// What the engine found.
        error: SumcheckError,
    },
    /// A layer proof has phase 2 where the layer has no multiplication gate, or lacks it where
    /// it has one.
    #[error("layer {layer}: the proof's phases do not match the layer's gates")]
    WrongPhaseCount {
        /// The layer (bottom-up, from 1).
        layer: usize,
    },
    /// A layer's final sumcheck value differs from the wiring applied to the claimed values.
    #[error("layer {layer}: final value does not match the wiring and the claimed inputs")]
    LayerFinalMismatch {
        /// The layer (bottom-up, from 1).
        layer: usize,
    },
    /// The claims left on the input layer differ from the public inputs.
    #[error("input claims do not match the public inputs")]
    InputEvaluationMismatch,
}
