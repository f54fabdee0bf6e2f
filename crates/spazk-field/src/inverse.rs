//! Batch inversion (Montgomery's trick) that refuses zeros.
//!
//! `ark_ff::batch_inversion` silently leaves zeros in place. A verifier that inverts a
//! prover-influenced value must instead learn *which* entry was zero, so this version reports it.

use ark_ff::Field;

/// An entry that was asked to be inverted is zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot invert zero at index {index}")]
pub struct ZeroInverseError {
    /// Position of the first zero entry.
    pub index: usize,
}

/// Replaces every entry of `values` by its inverse using one field inversion and `3·(len − 1)`
/// multiplications. Leaves `values` untouched and returns the index of the first zero if any.
pub fn batch_inverse<F: Field>(values: &mut [F]) -> Result<(), ZeroInverseError> {
    if let Some(index) = values.iter().position(|v| v.is_zero()) {
        return Err(ZeroInverseError { index });
    }
    if values.is_empty() {
        return Ok(());
    }
    // prefix[i] = values[0] · … · values[i]
    let mut prefix = Vec::with_capacity(values.len());
    let mut acc = F::one();
    for v in values.iter() {
        acc *= v;
        prefix.push(acc);
    }
    // Non-zero entries make the product non-zero, so the inverse exists.
    let mut inv = acc.inverse().ok_or(ZeroInverseError { index: 0 })?;
    for i in (1..values.len()).rev() {
        let next_inv = inv * values[i];
        values[i] = inv * prefix[i - 1];
        inv = next_inv;
    }
    values[0] = inv;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fr;
    use ark_ff::UniformRand;
    use ark_std::rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn inverts_every_entry() {
        let mut rng = StdRng::seed_from_u64(1);
        let original: Vec<Fr> = (0..37).map(|_| Fr::rand(&mut rng)).collect();
        let mut values = original.clone();
        batch_inverse(&mut values).unwrap();
        for (a, b) in original.iter().zip(&values) {
            assert_eq!(*a * b, Fr::from(1u64));
        }
    }

    #[test]
    fn reports_the_first_zero_and_leaves_input_alone() {
        let mut values = vec![Fr::from(3u64), Fr::from(0u64), Fr::from(0u64)];
        let before = values.clone();
        assert_eq!(
            batch_inverse(&mut values),
            Err(ZeroInverseError { index: 1 })
        );
        assert_eq!(values, before);
    }

    #[test]
    fn empty_is_fine() {
        batch_inverse::<Fr>(&mut []).unwrap();
    }
}
