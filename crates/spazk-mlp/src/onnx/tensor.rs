//! A float tensor's values, read where they lie: exporters store weights as little-endian
//! `raw_data`, which decodes as a slice of the model file's bytes; converting them to a `Vec`
//! first copied 13 MB for a 784-4096-10 model, time spent in page faults, not in arithmetic.

use super::proto::{self, TensorProto};
use super::OnnxError;

/// The values of a float or double tensor.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum FloatValues<'t> {
    /// A `float` tensor's `raw_data`: 4 little-endian bytes per value (a trailing partial
    /// value is ignored).
    RawF32(&'t [u8]),
    /// Values decoded (`float_data`, a double tensor converted, or values computed).
    Decoded(Vec<f32>),
}

/// A `float` from its 4 little-endian bytes.
fn le_f32(bytes: &[u8]) -> f32 {
    f32::from_le_bytes(bytes.try_into().expect("4 bytes"))
}

impl FloatValues<'_> {
    /// The number of values.
    pub fn len(&self) -> usize {
        match self {
            Self::RawF32(raw) => raw.len() / 4,
            Self::Decoded(values) => values.len(),
        }
    }

    /// The values, in order, in a vector of their own.
    pub fn into_vec(self) -> Vec<f32> {
        match self {
            Self::RawF32(raw) => raw.chunks_exact(4).map(le_f32).collect(),
            Self::Decoded(values) => values,
        }
    }

    /// The nonzero values with their positions, in order. Counted first (a pass that
    /// vectorizes), so the list is allocated once at its size rather than grown by doubling.
    pub fn nonzeros(&self) -> Vec<(usize, f32)> {
        match self {
            Self::RawF32(raw) => {
                let values = || raw.chunks_exact(4).map(le_f32);
                collect_nonzeros(values().filter(|w| *w != 0.0).count(), values())
            }
            Self::Decoded(values) => {
                let count = values.iter().filter(|w| **w != 0.0).count();
                collect_nonzeros(count, values.iter().copied())
            }
        }
    }

    /// The first value that is not finite.
    fn first_non_finite(&self) -> Option<f32> {
        match self {
            Self::RawF32(raw) => raw.chunks_exact(4).map(le_f32).find(|v| !v.is_finite()),
            Self::Decoded(values) => values.iter().copied().find(|v| !v.is_finite()),
        }
    }
}

/// The `count` nonzero values of `values` with their positions.
fn collect_nonzeros(count: usize, values: impl Iterator<Item = f32>) -> Vec<(usize, f32)> {
    let mut nonzeros = Vec::with_capacity(count);
    nonzeros.extend(values.enumerate().filter(|(_, w)| *w != 0.0));
    nonzeros
}

/// A float or double tensor's values (as `f32`), checked against its dimensions and finite.
pub(super) fn tensor_values(t: &TensorProto) -> Result<FloatValues<'_>, OnnxError> {
    let count: usize = t
        .dims
        .iter()
        .try_fold(1usize, |acc, d| {
            usize::try_from(*d).ok().and_then(|d| acc.checked_mul(d))
        })
        .ok_or_else(|| OnnxError::Structure(format!("tensor '{}' has bad dimensions", t.name)))?;
    let values = match t.data_type {
        proto::FLOAT if !t.raw_data.is_empty() => FloatValues::RawF32(&t.raw_data),
        proto::FLOAT => FloatValues::Decoded(t.float_data.clone()),
        proto::DOUBLE if !t.raw_data.is_empty() => FloatValues::Decoded(
            t.raw_data
                .chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")) as f32)
                .collect(),
        ),
        proto::DOUBLE => FloatValues::Decoded(t.double_data.iter().map(|v| *v as f32).collect()),
        other => {
            return Err(OnnxError::Structure(format!(
                "tensor '{}' has data type {other}; weights must be float or double",
                t.name
            )))
        }
    };
    if values.len() != count {
        return Err(OnnxError::Structure(format!(
            "tensor '{}' holds {} values for dimensions {:?}",
            t.name,
            values.len(),
            t.dims
        )));
    }
    if let Some(v) = values.first_non_finite() {
        return Err(OnnxError::Structure(format!(
            "tensor '{}' holds a non-finite value ({v})",
            t.name
        )));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_and_decoded_values_agree() {
        let values = [0.5f32, 0.0, -1.25, 0.0, 3.0];
        let raw: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let raw = FloatValues::RawF32(&raw);
        let decoded = FloatValues::Decoded(values.to_vec());
        assert_eq!(raw.len(), 5);
        assert_eq!(raw.nonzeros(), vec![(0, 0.5), (2, -1.25), (4, 3.0)]);
        assert_eq!(raw.nonzeros(), decoded.nonzeros());
        assert_eq!(raw.into_vec(), values.to_vec());
    }
}
