//! The model: layers of ternary weights with integer biases, ReLU + requantize between them, and
//! the quantized inference that the proofs prove (one code path for the numbers).
//!
//! Integer semantics: inputs are `u8`; a hidden layer computes `z = W·a + b` (`i64`) and
//! `a' = clamp((max(z, 0) + 2^{sh−1}) >> sh, 0, 255)` ([`relu_requantize`]); the last layer's
//! `z` are the output logits.

use crate::error::MlpError;
use crate::weights::{LayerWeights, MAX_INTEGER_WEIGHT};
use ark_bn254::Fr;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use spazk_activation::{relu_requantize, ActivationSpec, ACTIVATION_MAX};
use spazk_matrix::{Matrix, MatrixShape, TernaryMatrix};

/// Limb width of the activations' range checks (measured: 8-bit limbs keep the lookup table at
/// 256 entries and every range a whole number of limbs).
pub const ACTIVATION_LIMB_BITS: u32 = 8;

/// The largest quantized input value. Inputs share the activations' 8-bit range: the first
/// layer reads its input as every other layer reads an activation.
pub const INPUT_MAX: u64 = ACTIVATION_MAX;

/// The input scale when none is given: floats in `[0, 1]` quantized to the whole input range,
/// `1/255`.
pub const DEFAULT_INPUT_SCALE: f64 = 1.0 / INPUT_MAX as f64;

/// The widest declared bias bound of a hiding commitment: `|b| < 2^40` (the ONNX importer clamps
/// biases to `±2^40`).
pub const MAX_BIAS_BITS: u32 = 40;

/// The largest weight magnitude a weight kind declares: 1 for ternary weights (kind 0),
/// [`MAX_INTEGER_WEIGHT`] for small integers (kind 1).
pub fn weight_kind_bound(weight_kind: u8) -> u64 {
    if weight_kind == 0 {
        1
    } else {
        MAX_INTEGER_WEIGHT as u64
    }
}

/// The shape rule for a hidden layer's bound `L`: the smallest `L` with `|z| < 2^L` for every
/// `u8` input, every weight within its kind's bound ([`weight_kind_bound`]) and every bias
/// `|b| < 2^bias_bits`: `cols · bound · 255 + 2^bias_bits − 1`.
///
/// A hiding commitment declares each `L` ([`ActivationBound`]) at most this: it reads only what
/// a hiding commitment reveals anyway (the shape, the weight kind and the declared bias bound),
/// so [`ActivationBound::Shape`] publishes nothing of the weights, while the weights' worst case
/// ([`DenseLayer::worst_case_bits`], transparent mode's `L`) publishes the bit length of a row
/// norm. `L` costs proof size (range checks), never soundness: it is a completeness bound the
/// activation argument checks.
pub fn hiding_input_bits(shape: MatrixShape, weight_kind: u8, bias_bits: u32) -> u32 {
    let worst =
        shape.cols as u128 * weight_kind_bound(weight_kind) as u128 * ACTIVATION_MAX as u128
            + ((1u128 << bias_bits.min(MAX_BIAS_BITS)) - 1);
    (128 - worst.leading_zeros()).max(1)
}

/// How a hiding commitment declares each hidden layer's activation bound `L` (`|z| < 2^L`,
/// public: it fixes the activation proof's shape).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ActivationBound {
    /// The weights' worst case over every `u8` input, as transparent mode takes it
    /// ([`DenseLayer::worst_case_bits`]): the tightest bound, so the smallest proofs, but it
    /// publishes `⌈log₂ max_y(Σ_x |W_yx|·255 + |b_y|)⌉` per hidden layer — one small integer, for
    /// ternary weights the bit length of the largest row's nonzero count (times 255, plus its
    /// bias).
    #[default]
    WorstCase,
    /// The shape rule ([`hiding_input_bits`]: from the shape, the weight kind and the declared
    /// bias bound only): publishes nothing of the weights, at the cost of wider range checks
    /// (784-4096-10: 21-bit activations instead of about 15).
    Shape,
}

/// One fully connected layer.
#[derive(Clone, Debug)]
pub struct DenseLayer {
    /// `out × in` weights, ternary or small integers.
    pub weights: LayerWeights,
    /// One bias per output.
    pub bias: Vec<i64>,
    /// ReLU + requantize after the layer; `None` for the output layer.
    pub activation: Option<ActivationSpec>,
}

impl DenseLayer {
    /// `(out, in)`.
    pub fn shape(&self) -> MatrixShape {
        Matrix::<Fr>::shape(&self.weights)
    }

    /// `W·a + b` for one input (`u8` activations; wider ones for a cheating prover's tests).
    pub fn forward<A: Copy + Into<i64>>(&self, input: &[A]) -> Vec<i64> {
        let mut z = self.bias.clone();
        for (x, a) in input.iter().enumerate() {
            let a: i64 = (*a).into();
            if a == 0 {
                continue;
            }
            self.weights.for_each_in_column(x, |y, w| z[y] += w * a);
        }
        z
    }

    /// The smallest `L` with `|z| < 2^L` for every `u8` input: `max_y (Σ_x |W_yx|·255 + |b_y|)`.
    pub fn worst_case_bits(&self) -> u32 {
        let worst = self
            .weights
            .row_magnitudes()
            .iter()
            .zip(&self.bias)
            .map(|(n, b)| n * ACTIVATION_MAX + b.unsigned_abs())
            .max()
            .unwrap_or(0);
        (64 - worst.leading_zeros()).max(1)
    }
}

/// A multilayer perceptron on `u8` inputs.
#[derive(Clone, Debug)]
pub struct Model {
    /// Input width.
    pub input_dim: usize,
    /// The layers, first to last.
    pub layers: Vec<DenseLayer>,
}

/// What inference computes, layer by layer, for a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// `z` of every layer, per batch element.
    pub pre_activations: Vec<Vec<Vec<i64>>>,
    /// The activations after every hidden layer, per batch element.
    pub activations: Vec<Vec<Vec<u8>>>,
}

impl Trace {
    /// The last layer's `z`: the output logits.
    pub fn outputs(&self) -> &[Vec<i64>] {
        self.pre_activations.last().map_or(&[], Vec::as_slice)
    }
}

impl Model {
    /// Checks that shapes chain, that biases fit, that every layer but the last has an
    /// activation whose bound covers the worst case, and that the last has none.
    pub fn validate(&self) -> Result<(), MlpError> {
        if self.layers.is_empty() {
            return Err(MlpError::Model("a model needs at least one layer".into()));
        }
        let mut width = self.input_dim;
        for (i, layer) in self.layers.iter().enumerate() {
            let shape = layer.shape();
            if shape.cols != width {
                return Err(MlpError::Model(format!(
                    "layer {i} reads {} inputs, the layer before gives {width}",
                    shape.cols
                )));
            }
            if layer.bias.len() != shape.rows {
                return Err(MlpError::Model(format!(
                    "layer {i} has {} biases for {} outputs",
                    layer.bias.len(),
                    shape.rows
                )));
            }
            let last = i + 1 == self.layers.len();
            match (&layer.activation, last) {
                (Some(_), true) => {
                    return Err(MlpError::Model("the output layer has no activation".into()))
                }
                (None, false) => {
                    return Err(MlpError::Model(format!(
                        "hidden layer {i} has no activation"
                    )))
                }
                (Some(spec), false) => {
                    spec.check()
                        .map_err(|e| MlpError::Model(format!("layer {i}: {e}")))?;
                    if spec.input_bits < layer.worst_case_bits() {
                        return Err(MlpError::Model(format!(
                            "layer {i}: bound 2^{} is below the worst case 2^{}",
                            spec.input_bits,
                            layer.worst_case_bits()
                        )));
                    }
                }
                (None, true) => {}
            }
            width = shape.rows;
        }
        Ok(())
    }

    /// Output width.
    pub fn output_dim(&self) -> usize {
        self.layers.last().map_or(0, |l| l.shape().rows)
    }

    /// The model as a hiding commitment describes it: every bias checked against the declared
    /// bound `|b| < 2^bias_bits`, and every hidden layer's bound `L` declared by `rule`
    /// ([`ActivationBound`]), then [`Self::with_declared_bounds`]. Shifts and limb widths stay.
    /// Idempotent.
    pub fn with_hiding_bounds(
        self,
        bias_bits: u32,
        rule: ActivationBound,
    ) -> Result<Self, MlpError> {
        let bits: Vec<u32> = self
            .layers
            .iter()
            .filter(|l| l.activation.is_some())
            .map(|l| match rule {
                ActivationBound::WorstCase => l.worst_case_bits(),
                ActivationBound::Shape => hiding_input_bits(l.shape(), l.weights.kind(), bias_bits),
            })
            .collect();
        self.with_declared_bounds(bias_bits, &bits)
    }

    /// The model with the bounds a hiding commitment declares: every bias `|b| < 2^bias_bits`,
    /// and hidden layer `k`'s bound `L` set to `bits[k]` (one per hidden layer, in order), which
    /// must cover what the weights and biases reach over every `u8` input
    /// ([`DenseLayer::worst_case_bits`]) and stay within the shape rule's bound
    /// ([`hiding_input_bits`], the most any layer of that shape can need). Used when committing
    /// and when a key is made from a commitment made earlier (the bounds read from it).
    pub fn with_declared_bounds(mut self, bias_bits: u32, bits: &[u32]) -> Result<Self, MlpError> {
        if bias_bits > MAX_BIAS_BITS {
            return Err(MlpError::Model(format!(
                "declared bias bound 2^{bias_bits} is above 2^{MAX_BIAS_BITS}"
            )));
        }
        let hidden = self
            .layers
            .iter()
            .filter(|l| l.activation.is_some())
            .count();
        if bits.len() != hidden {
            return Err(MlpError::Model(format!(
                "{} declared activation bounds for {hidden} hidden layers",
                bits.len()
            )));
        }
        let mut declared = bits.iter();
        for (i, layer) in self.layers.iter_mut().enumerate() {
            if let Some(b) = layer
                .bias
                .iter()
                .find(|b| b.unsigned_abs() >= 1u64 << bias_bits)
            {
                return Err(MlpError::Model(format!(
                    "layer {i}: bias {b} is outside the declared bound 2^{bias_bits}"
                )));
            }
            let worst = layer.worst_case_bits();
            let ceiling = hiding_input_bits(layer.shape(), layer.weights.kind(), bias_bits);
            if let Some(spec) = layer.activation.as_mut() {
                let bits = *declared
                    .next()
                    .expect("one bound per hidden layer, counted above");
                // The shape rule can exceed what an activation proves: with the widest bias
                // bound, 2^40, every shape's rule is 2^41. Named here, with the way out, rather
                // than as the activation's width check.
                if bits > ActivationSpec::MAX_INPUT_BITS {
                    return Err(MlpError::Model(format!(
                        "layer {i}: declared activation bound 2^{bits} is above the largest an \
                         activation proves, 2^{} (declare a smaller bias bound)",
                        ActivationSpec::MAX_INPUT_BITS
                    )));
                }
                if bits < worst || bits > ceiling {
                    return Err(MlpError::Model(format!(
                        "layer {i}: declared activation bound 2^{bits} is outside \
                         [2^{worst}, 2^{ceiling}] (the weights' worst case, the shape's)"
                    )));
                }
                spec.input_bits = bits;
            }
        }
        self.validate()?;
        Ok(self)
    }

    /// The bias bound a hiding commitment declares when none is given: the widest layer's
    /// worst-case `|W·x|` over `u8` inputs, `bits(cols · weight bound · 255)`
    /// ([`hiding_input_bits`] with no bias), from the shapes and weight kinds alone (a bound read
    /// from the biases would publish a function of them), at most [`MAX_BIAS_BITS`].
    pub fn shape_bias_bits(&self) -> u32 {
        self.layers
            .iter()
            .map(|l| hiding_input_bits(l.shape(), l.weights.kind(), 0))
            .max()
            .unwrap_or(1)
            .min(MAX_BIAS_BITS)
    }

    /// Number of weights (`Σ in·out`).
    pub fn parameters(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.shape().rows * l.shape().cols)
            .sum()
    }

    /// Nonzero weights.
    pub fn nnz(&self) -> usize {
        self.layers
            .iter()
            .map(|l| Matrix::<Fr>::nnz(&l.weights))
            .sum()
    }

    /// Quantized inference of a batch; checks input widths.
    pub fn infer(&self, inputs: &[Vec<u8>]) -> Result<Trace, MlpError> {
        for input in inputs {
            if input.len() != self.input_dim {
                return Err(MlpError::Shape {
                    what: "input length",
                    expected: self.input_dim,
                    found: input.len(),
                });
            }
        }
        let mut trace = Trace {
            pre_activations: Vec::with_capacity(self.layers.len()),
            activations: Vec::with_capacity(self.layers.len().saturating_sub(1)),
        };
        let mut current: Vec<Vec<u8>> = inputs.to_vec();
        for (i, layer) in self.layers.iter().enumerate() {
            let z: Vec<Vec<i64>> = current.iter().map(|a| layer.forward(a)).collect();
            if let Some(spec) = &layer.activation {
                let bound = 1i64 << spec.input_bits;
                if let Some(value) = z.iter().flatten().find(|v| **v < -bound || **v >= bound) {
                    return Err(MlpError::PreActivationOutOfRange {
                        layer: i,
                        value: *value,
                        bits: spec.input_bits,
                    });
                }
                current = z
                    .iter()
                    .map(|zs| zs.iter().map(|v| relu_requantize(*v, spec.shift)).collect())
                    .collect();
                trace.activations.push(current.clone());
            }
            trace.pre_activations.push(z);
        }
        Ok(trace)
    }

    /// A seeded model of ternary layers at `density` with the given widths
    /// (`[784, 4096, 10]` is 784-4096-10), zero biases, worst-case bounds and shifts that map a
    /// typical pre-activation (about `√nnz_row · 128`) to the top of the 8-bit range.
    pub fn random(widths: &[usize], density: f64, seed: u64) -> Result<Self, MlpError> {
        if widths.len() < 2 {
            return Err(MlpError::Model(
                "an architecture needs at least two widths".into(),
            ));
        }
        let mut rng = StdRng::seed_from_u64(seed);
        let layers = widths
            .windows(2)
            .enumerate()
            .map(|(i, pair)| {
                let shape = MatrixShape::new(pair[1], pair[0]);
                let weights = LayerWeights::Ternary(
                    TernaryMatrix::random(shape, density, rng.gen())
                        .map_err(|e| MlpError::Model(e.to_string()))?,
                );
                let mut layer = DenseLayer {
                    weights,
                    bias: vec![0; pair[1]],
                    activation: None,
                };
                if i + 2 < widths.len() {
                    let row_nnz = (density * pair[0] as f64).max(1.0);
                    let typical = row_nnz.sqrt() * 128.0 * 2.0;
                    let shift = ((typical.log2().ceil() as i64) - 8).max(1) as u32;
                    layer.activation = Some(ActivationSpec {
                        input_bits: layer.worst_case_bits(),
                        shift,
                        limb_bits: ACTIVATION_LIMB_BITS,
                    });
                }
                Ok(layer)
            })
            .collect::<Result<Vec<_>, MlpError>>()?;
        let model = Model {
            input_dim: widths[0],
            layers,
        };
        model.validate()?;
        Ok(model)
    }
}

/// Parses an architecture such as `784-4096-10`.
pub fn parse_architecture(text: &str) -> Result<Vec<usize>, MlpError> {
    let widths: Vec<usize> = text
        .split('-')
        .map(|w| {
            w.trim()
                .parse::<usize>()
                .ok()
                .filter(|w| (1..=1 << 16).contains(w))
                .ok_or_else(|| MlpError::Model(format!("'{w}' in '{text}' is not a layer width")))
        })
        .collect::<Result<_, _>>()?;
    if widths.len() < 2 {
        return Err(MlpError::Model(format!(
            "'{text}' needs at least an input and an output width"
        )));
    }
    Ok(widths)
}
