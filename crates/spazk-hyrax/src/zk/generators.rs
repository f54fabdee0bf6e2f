//! Fixed-base multiplication by `G₀` and `H` ([`crate::HyraxParams::value_base`],
//! [`crate::HyraxParams::blinding_base`]): every blind `b·H` and every hidden scalar `y·G₀` of a
//! proof multiplies one of two points known in advance.
//!
//! A plain windowed table: window `k` holds `d·2^{6k}·P` for every 6-bit digit `d`, so a product
//! is one mixed addition per nonzero digit (at most 43) instead of the ~254 doublings and ~127
//! additions of a variable-base multiplication. ark-ec 0.6's `BatchMulPreprocessing` is the same
//! idea, but it returns affine points (a normalization per call) and is neither `Debug` nor
//! shareable as it stands; this table is 43·64 affine points (~170 KiB) per base.
//!
//! Not constant-time (neither is arkworks' arithmetic): the table index depends on the scalar.

use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{PrimeField, Zero};

/// Bits per window.
const WINDOW: usize = 6;
/// Windows covering a scalar (`Fr` is below `2^254`).
const WINDOWS: usize = 254usize.div_ceil(WINDOW);

/// The multiples of one point for [`FixedBase::mul`].
#[derive(Clone)]
pub(crate) struct FixedBase {
    /// Window-major: entry `k·2^W + d` is `d·2^{W·k}·P`.
    table: Vec<G1Affine>,
}

impl core::fmt::Debug for FixedBase {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The table is 2752 points: name the base only.
        f.debug_struct("FixedBase")
            .field("base", &self.table.get(1))
            .finish_non_exhaustive()
    }
}

impl FixedBase {
    /// The table of `base`.
    pub(crate) fn new(base: G1Affine) -> Self {
        let mut multiples = Vec::with_capacity(WINDOWS << WINDOW);
        let mut window_base = base.into_group();
        for _ in 0..WINDOWS {
            let mut acc = G1Projective::zero();
            for _ in 0..1 << WINDOW {
                multiples.push(acc);
                acc += window_base;
            }
            // After 2^W additions, acc is the next window's base.
            window_base = acc;
        }
        Self {
            table: G1Projective::normalize_batch(&multiples),
        }
    }

    /// `scalar·P`.
    pub(crate) fn mul(&self, scalar: &Fr) -> G1Projective {
        let bigint = scalar.into_bigint();
        let limbs = bigint.as_ref();
        let mut acc = G1Projective::zero();
        for k in 0..WINDOWS {
            let start = k * WINDOW;
            let (limb, shift) = (start / 64, start % 64);
            let mut digit = limbs[limb] >> shift;
            if shift + WINDOW > 64 && limb + 1 < limbs.len() {
                digit |= limbs[limb + 1] << (64 - shift);
            }
            let digit = (digit & ((1 << WINDOW) - 1)) as usize;
            if digit != 0 {
                acc += self.table[(k << WINDOW) + digit];
            }
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::HyraxParams;
    use ark_std::rand::{rngs::StdRng, SeedableRng};
    use ark_std::UniformRand;

    #[test]
    fn fixed_base_matches_scalar_multiplication() {
        let params = HyraxParams::derive(b"fixed-base", 1);
        let base = params.blinding_base();
        let table = FixedBase::new(base);
        let mut rng = StdRng::seed_from_u64(11);
        let edge = [Fr::zero(), Fr::from(1u64), -Fr::from(1u64), Fr::from(63u64)];
        for s in edge.into_iter().chain((0..20).map(|_| Fr::rand(&mut rng))) {
            assert_eq!(table.mul(&s), base * s, "{s}");
        }
    }
}
