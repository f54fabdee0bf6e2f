//! Layered circuits of fan-in-two addition and multiplication gates, and their evaluation.

use ark_ff::{BigInteger, PrimeField};
use spazk_field::padded_len;
use thiserror::Error;

/// What a gate computes from its two inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GateOp {
    /// `left + right`.
    Add,
    /// `left · right`.
    Mul,
}

/// One gate: an operation on two wires of the layer below.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Gate {
    /// The operation.
    pub op: GateOp,
    /// Index of the left input in the layer below.
    pub left: u32,
    /// Index of the right input in the layer below.
    pub right: u32,
}

impl Gate {
    /// `left + right`.
    pub fn add(left: u32, right: u32) -> Self {
        Self {
            op: GateOp::Add,
            left,
            right,
        }
    }

    /// `left · right`.
    pub fn mul(left: u32, right: u32) -> Self {
        Self {
            op: GateOp::Mul,
            left,
            right,
        }
    }
}

/// Why a circuit or its inputs were refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CircuitError {
    /// A gate reads a wire that the layer below does not have.
    #[error("layer {layer}, gate {gate}: input {wire} is outside the {width} wires below")]
    WireOutOfRange {
        /// Layer of the gate (1 is the first above the inputs).
        layer: usize,
        /// Index of the gate.
        gate: usize,
        /// The wire it reads.
        wire: u32,
        /// Wires in the layer below.
        width: usize,
    },
    /// A layer has no gate, or the circuit has no layer or no input.
    #[error("empty circuit part: {0}")]
    Empty(&'static str),
    /// Wire indices are `u32`.
    #[error("layer of {0} wires exceeds 2^32")]
    TooWide(usize),
    /// The inputs do not fit the circuit.
    #[error("circuit has {expected} inputs, {found} given")]
    WrongInputCount {
        /// Inputs the circuit reads.
        expected: usize,
        /// Inputs given.
        found: usize,
    },
}

/// Builds a [`LayeredCircuit`] bottom-up: the input width, then one layer of gates at a time.
#[derive(Clone, Debug)]
pub struct CircuitBuilder {
    num_inputs: usize,
    layers: Vec<Vec<Gate>>,
}

impl CircuitBuilder {
    /// A circuit reading `num_inputs` public inputs.
    pub fn new(num_inputs: usize) -> Self {
        Self {
            num_inputs,
            layers: Vec::new(),
        }
    }

    /// Width of the current top layer (the inputs before any layer is pushed).
    pub fn top_width(&self) -> usize {
        self.layers.last().map_or(self.num_inputs, Vec::len)
    }

    /// Adds a layer of gates reading the current top layer; checks every wire.
    pub fn push_layer(&mut self, gates: Vec<Gate>) -> Result<&mut Self, CircuitError> {
        let width = self.top_width();
        let layer = self.layers.len() + 1;
        if gates.is_empty() {
            return Err(CircuitError::Empty("layer without gates"));
        }
        if gates.len() > u32::MAX as usize {
            return Err(CircuitError::TooWide(gates.len()));
        }
        for (index, gate) in gates.iter().enumerate() {
            for wire in [gate.left, gate.right] {
                if wire as usize >= width {
                    return Err(CircuitError::WireOutOfRange {
                        layer,
                        gate: index,
                        wire,
                        width,
                    });
                }
            }
        }
        self.layers.push(gates);
        Ok(self)
    }

    /// The finished circuit, with its digest.
    pub fn build(self) -> Result<LayeredCircuit, CircuitError> {
        if self.num_inputs == 0 {
            return Err(CircuitError::Empty("no inputs"));
        }
        if self.layers.is_empty() {
            return Err(CircuitError::Empty("no layers"));
        }
        let digest = circuit_digest(self.num_inputs, &self.layers);
        Ok(LayeredCircuit {
            num_inputs: self.num_inputs,
            layers: self.layers,
            digest,
        })
    }
}

fn circuit_digest(num_inputs: usize, layers: &[Vec<Gate>]) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"spazk-gkr-circuit-v1");
    hasher.update(&(num_inputs as u64).to_le_bytes());
    hasher.update(&(layers.len() as u64).to_le_bytes());
    let mut buffer = Vec::with_capacity(9 << 12);
    for layer in layers {
        hasher.update(&(layer.len() as u64).to_le_bytes());
        for chunk in layer.chunks(1 << 12) {
            buffer.clear();
            for gate in chunk {
                buffer.push(match gate.op {
                    GateOp::Add => 0,
                    GateOp::Mul => 1,
                });
                buffer.extend_from_slice(&gate.left.to_le_bytes());
                buffer.extend_from_slice(&gate.right.to_le_bytes());
            }
            hasher.update(&buffer);
        }
    }
    *hasher.finalize().as_bytes()
}

/// A layered circuit: `layers[0]` reads the inputs, `layers[i]` reads `layers[i − 1]`, and the
/// last layer is the output.
#[derive(Clone, Debug)]
pub struct LayeredCircuit {
    num_inputs: usize,
    layers: Vec<Vec<Gate>>,
    digest: [u8; 32],
}

impl LayeredCircuit {
    /// Number of public inputs.
    pub fn num_inputs(&self) -> usize {
        self.num_inputs
    }

    /// Gate layers, bottom-up.
    pub fn layers(&self) -> &[Vec<Gate>] {
        &self.layers
    }

    /// Width of the output layer.
    pub fn num_outputs(&self) -> usize {
        self.layers.last().map_or(0, Vec::len)
    }

    /// Total gates.
    pub fn num_gates(&self) -> usize {
        self.layers.iter().map(Vec::len).sum()
    }

    /// BLAKE3 digest of the wiring, absorbed into every transcript.
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }

    /// Width of layer `i` in the bottom-up numbering where 0 is the inputs.
    pub fn width(&self, i: usize) -> usize {
        if i == 0 {
            self.num_inputs
        } else {
            self.layers[i - 1].len()
        }
    }

    /// Every layer's values, inputs first, outputs last: the prover's witness.
    pub fn evaluate<F: PrimeField>(
        &self,
        inputs: &PublicInputs<F>,
    ) -> Result<Vec<Vec<F>>, CircuitError> {
        let found = inputs.values.len();
        if found != self.num_inputs {
            return Err(CircuitError::WrongInputCount {
                expected: self.num_inputs,
                found,
            });
        }
        let mut values = Vec::with_capacity(self.layers.len() + 1);
        values.push(inputs.values.clone());
        for layer in &self.layers {
            let below: &Vec<F> = values.last().expect("inputs are pushed first");
            let next = layer
                .iter()
                .map(|g| {
                    let (a, b) = (below[g.left as usize], below[g.right as usize]);
                    match g.op {
                        GateOp::Add => a + b,
                        GateOp::Mul => a * b,
                    }
                })
                .collect();
            values.push(next);
        }
        Ok(values)
    }

    /// Bytes the prover holds at its peak (see [`estimated_prover_bytes`]).
    pub fn estimated_prover_bytes(&self) -> u64 {
        let widths: Vec<usize> = (0..=self.layers.len()).map(|i| self.width(i)).collect();
        estimated_prover_bytes(&widths)
    }
}

/// Bytes a GKR prover holds at its peak for a circuit whose layer widths, inputs first, are
/// `widths`: the public inputs and every layer's values, the gate lists, and the largest layer's
/// sumcheck tables (four of the padded width below, the weights over its own). Used to refuse a
/// configuration before allocating it.
pub fn estimated_prover_bytes(widths: &[usize]) -> u64 {
    let element = 32u64;
    let inputs = widths.first().copied().unwrap_or(0) as u64 * element;
    let values: u64 = widths.iter().map(|w| *w as u64 * element).sum();
    let gates: u64 = widths
        .iter()
        .skip(1)
        .map(|w| *w as u64 * std::mem::size_of::<Gate>() as u64)
        .sum();
    let tables = widths
        .windows(2)
        .map(|w| (4 * padded_len(w[0]) + padded_len(w[1])) as u64 * element)
        .max()
        .unwrap_or(0);
    inputs + values + gates + tables
}

/// Public inputs with their digest, computed once (like a public matrix's digest in the
/// mat-vec protocol) and absorbed into every transcript.
#[derive(Clone, Debug)]
pub struct PublicInputs<F> {
    values: Vec<F>,
    digest: [u8; 32],
}

impl<F: PrimeField> PublicInputs<F> {
    /// Wraps the values and hashes them.
    pub fn new(values: Vec<F>) -> Self {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"spazk-gkr-inputs-v1");
        hasher.update(&(values.len() as u64).to_le_bytes());
        for v in &values {
            hasher.update(&v.into_bigint().to_bytes_le());
        }
        let digest = *hasher.finalize().as_bytes();
        Self { values, digest }
    }

    /// The values.
    pub fn values(&self) -> &[F] {
        &self.values
    }

    /// Their digest.
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spazk_field::Fr;

    #[test]
    fn builder_checks_wires() {
        let mut b = CircuitBuilder::new(3);
        assert_eq!(
            b.push_layer(vec![Gate::add(0, 3)]).unwrap_err(),
            CircuitError::WireOutOfRange {
                layer: 1,
                gate: 0,
                wire: 3,
                width: 3
            }
        );
        b.push_layer(vec![Gate::add(0, 1), Gate::mul(1, 2)])
            .unwrap();
        assert_eq!(
            b.push_layer(vec![]).unwrap_err(),
            CircuitError::Empty("layer without gates")
        );
        b.push_layer(vec![Gate::mul(0, 1)]).unwrap();
        let c = b.build().unwrap();
        let inputs = PublicInputs::new(vec![Fr::from(2u64), Fr::from(3u64), Fr::from(4u64)]);
        let values = c.evaluate(&inputs).unwrap();
        assert_eq!(values[2], vec![Fr::from(60u64)]);
        assert_eq!(
            CircuitBuilder::new(1).build().unwrap_err(),
            CircuitError::Empty("no layers")
        );
        let wrong = PublicInputs::new(vec![Fr::from(1u64)]);
        assert_eq!(
            c.evaluate(&wrong).unwrap_err(),
            CircuitError::WrongInputCount {
                expected: 3,
                found: 1
            }
        );
    }
}
