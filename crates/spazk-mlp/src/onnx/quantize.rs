//! A float weight tensor turned into integers: ternary up to one scale, small integers up to a
//! scale, or ternarized by a threshold (module docs of [`super`]).
//!
//! Everything after the first pass works on the nonzero weights alone: an exported ternary layer
//! is mostly zeros (1/16 nonzero in a 784-4096-10 model), and dense integer copies of its 3.2 M
//! weights were most of the import's time (page faults on fresh buffers, not arithmetic).

use super::graph::FloatLayer;
use super::OnnxError;
use crate::weights::{IntegerMatrix, LayerWeights, MAX_INTEGER_WEIGHT};
use spazk_matrix::{MatrixShape, TernaryMatrix};

/// A weight tensor as integers, with its scale and the ternarization threshold if any.
pub(super) struct IntegerWeights {
    /// The nonzero weights as `(row-major index, integer)`, indices ascending.
    pub nonzeros: Vec<(usize, i32)>,
    /// Entries of the tensor, zeros included.
    pub len: usize,
    pub ternary: bool,
    pub scale: f64,
    pub threshold: Option<f64>,
}

impl IntegerWeights {
    /// Fraction of the entries that are nonzero.
    pub fn kept_fraction(&self) -> f64 {
        self.nonzeros.len() as f64 / self.len.max(1) as f64
    }

    /// The layer's weights in the prover's form; an error is the matrix's, as text.
    pub fn into_layer_weights(self, shape: MatrixShape) -> Result<LayerWeights, String> {
        if self.ternary {
            TernaryMatrix::from_entries(shape, column_order(shape.cols, &self.nonzeros))
                .map(LayerWeights::Ternary)
                .map_err(|e| e.to_string())
        } else {
            let mut dense = vec![0i32; self.len];
            for (i, w) in self.nonzeros {
                dense[i] = w;
            }
            IntegerMatrix::from_row_major(shape, &dense)
                .map(LayerWeights::Integer)
                .map_err(|e| e.to_string())
        }
    }
}

/// Row-major nonzeros as `(row, column, value)` in the order [`TernaryMatrix::from_entries`]
/// sorts them (by column, `+1` before `−1`, rows ascending), placed by one counting pass: its
/// sort then finds a single run and stops, where sorting 200 k unordered entries took several ms.
fn column_order(
    cols: usize,
    nonzeros: &[(usize, i32)],
) -> impl Iterator<Item = (usize, usize, i64)> + '_ {
    let cols = cols.max(1);
    let bucket = |i: usize, w: i32| 2 * (i % cols) + usize::from(w < 0);
    let mut next = vec![0usize; 2 * cols + 1];
    for &(i, w) in nonzeros {
        next[bucket(i, w) + 1] += 1;
    }
    for b in 1..next.len() {
        next[b] += next[b - 1];
    }
    // Positions into `nonzeros`, in the sorted order; indices ascend, so rows ascend within
    // each bucket.
    let mut order = vec![0usize; nonzeros.len()];
    for (k, &(i, w)) in nonzeros.iter().enumerate() {
        let b = bucket(i, w);
        order[next[b]] = k;
        next[b] += 1;
    }
    order.into_iter().map(move |k| {
        let (i, w) = nonzeros[k];
        (i / cols, i % cols, w as i64)
    })
}

/// Weights that are small integer multiples of their smallest magnitude.
fn small_integers(
    nonzeros: &[(usize, f32)],
    len: usize,
    magnitudes: &[f64],
) -> Option<IntegerWeights> {
    let unit = magnitudes.iter().copied().fold(f64::INFINITY, f64::min);
    let mut entries = Vec::with_capacity(nonzeros.len());
    for (i, w) in nonzeros {
        let k = *w as f64 / unit;
        let rounded = k.round();
        if (k - rounded).abs() > 1e-3 * rounded.abs().max(1.0)
            || rounded.abs() > MAX_INTEGER_WEIGHT as f64
        {
            return None;
        }
        entries.push((*i, rounded as i32));
    }
    Some(IntegerWeights {
        nonzeros: entries,
        len,
        ternary: false,
        scale: unit,
        threshold: None,
    })
}

/// The sign of a nonzero weight as an integer.
fn sign(w: f32) -> i32 {
    w.signum() as i32
}

/// Converts a layer's weights: ternary up to one scale, else small integers, else (with a
/// `ternarize` factor) ternarized; otherwise [`OnnxError::NotTernary`].
pub(super) fn ternary(
    layer: &FloatLayer<'_>,
    ternarize: Option<f64>,
) -> Result<IntegerWeights, OnnxError> {
    let len = layer.weights.len();
    let nonzeros = layer.weights.nonzeros();
    let magnitudes: Vec<f64> = nonzeros.iter().map(|(_, w)| w.abs() as f64).collect();
    let Some(&first) = magnitudes.first() else {
        return Ok(IntegerWeights {
            nonzeros: Vec::new(),
            len,
            ternary: true,
            scale: 1.0,
            threshold: None,
        });
    };
    let exact = magnitudes
        .iter()
        .all(|m| (m - first).abs() <= 1e-6 * first.max(f64::MIN_POSITIVE));
    if exact {
        return Ok(IntegerWeights {
            nonzeros: nonzeros.iter().map(|(i, w)| (*i, sign(*w))).collect(),
            len,
            ternary: true,
            scale: first,
            threshold: None,
        });
    }
    let Some(factor) = ternarize else {
        if let Some(ints) = small_integers(&nonzeros, len, &magnitudes) {
            return Ok(ints);
        }
        let mut distinct: Vec<u32> = magnitudes.iter().map(|m| (*m as f32).to_bits()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        return Err(OnnxError::NotTernary {
            tensor: layer.name.clone(),
            magnitudes: distinct.len(),
        });
    };
    // Zeros add nothing to the sum (x + 0.0 is x exactly), so the nonzeros give the mean.
    let mean = magnitudes.iter().sum::<f64>() / len as f64;
    let threshold = factor * mean;
    let kept: Vec<f64> = magnitudes
        .iter()
        .copied()
        .filter(|m| *m > threshold)
        .collect();
    if kept.is_empty() {
        return Err(OnnxError::AllZero {
            tensor: layer.name.clone(),
            threshold,
            largest: magnitudes.iter().copied().fold(0.0, f64::max),
        });
    }
    let scale = kept.iter().sum::<f64>() / kept.len() as f64;
    let entries = nonzeros
        .iter()
        .zip(&magnitudes)
        .filter(|(_, m)| **m > threshold)
        .map(|((i, w), _)| (*i, sign(*w)))
        .collect();
    Ok(IntegerWeights {
        nonzeros: entries,
        len,
        ternary: true,
        scale,
        threshold: Some(threshold),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::onnx::tensor::FloatValues;

    fn layer(weights: Vec<f32>) -> FloatLayer<'static> {
        FloatLayer {
            name: "w".into(),
            rows: 1,
            cols: weights.len(),
            weights: FloatValues::Decoded(weights),
            bias: vec![0.0],
            relu: false,
            has_bias: false,
        }
    }

    fn dense(t: &IntegerWeights) -> Vec<i32> {
        let mut out = vec![0; t.len];
        t.nonzeros.iter().for_each(|(i, w)| out[*i] = *w);
        out
    }

    #[test]
    fn weights_are_recognised_as_ternary_integers_or_neither() {
        let t = ternary(&layer(vec![0.5, -0.5, 0.0, 0.5]), None).unwrap();
        assert!(t.ternary);
        assert_eq!((dense(&t), t.scale), (vec![1, -1, 0, 1], 0.5));
        let i = ternary(&layer(vec![0.02, -0.04, 0.0, 0.06]), None).unwrap();
        assert!(!i.ternary);
        assert_eq!(dense(&i), vec![1, -2, 0, 3]);
        assert!((i.scale - 0.02).abs() < 1e-9);
        assert!(matches!(
            ternary(&layer(vec![0.3, -0.7, 0.11]), None),
            Err(OnnxError::NotTernary { magnitudes: 3, .. })
        ));
        let forced = ternary(&layer(vec![0.3, -0.7, 0.11, 0.0]), Some(0.7)).unwrap();
        assert!(forced.ternary);
        assert_eq!(dense(&forced), vec![1, -1, 0, 0]);
        assert!((forced.threshold.unwrap() - 0.7 * (0.3 + 0.7 + 0.11) / 4.0).abs() < 1e-6);
    }

    #[test]
    fn column_order_builds_the_row_major_matrix() {
        let shape = MatrixShape::new(3, 4);
        let signs: Vec<i8> = vec![1, 0, -1, 1, -1, 0, 1, 0, 0, -1, -1, 1];
        let nonzeros: Vec<(usize, i32)> = signs
            .iter()
            .enumerate()
            .filter(|(_, s)| **s != 0)
            .map(|(i, s)| (i, *s as i32))
            .collect();
        let ours = TernaryMatrix::from_entries(shape, column_order(shape.cols, &nonzeros));
        assert_eq!(
            ours.unwrap(),
            TernaryMatrix::from_row_major(shape, &signs).unwrap()
        );
    }
}
