//! Unreduced accumulation of many field elements.
//!
//! The ternary fold adds thousands of `eq` entries into each output. A reduced field addition
//! compares against the modulus and conditionally subtracts after every step; here the
//! Montgomery limbs are added with carries into one extra word and reduced once at the end.
//! For a Montgomery field with `N` limbs, `R = 2^{64N}`, so a carry word `h` stands for the
//! Montgomery value `h·2^{64N}`, i.e. the field element `h` itself: the reduction is a few
//! subtractions of the modulus plus one small-integer conversion.

use ark_ff::{BigInt, BigInteger, Fp, MontBackend, MontConfig, PrimeField};

/// A field whose elements can be summed without reducing after every addition.
pub trait UnreducedAccumulate: PrimeField {
    /// The unreduced running sum.
    type Accumulator: Copy + Default + Send + Sync + core::fmt::Debug;

    /// `acc += x` without modular reduction.
    fn accumulate(acc: &mut Self::Accumulator, x: &Self);

    /// The field element equal to the accumulated sum.
    fn reduce(acc: &Self::Accumulator) -> Self;
}

/// An unreduced sum of Montgomery-form field elements: `N` low limbs and one carry word.
///
/// It holds up to `2^64` additions, far more than any matrix column has entries.
#[derive(Clone, Copy, Debug)]
pub struct UnreducedSum<const N: usize> {
    low: [u64; N],
    carry: u64,
}

impl<const N: usize> Default for UnreducedSum<N> {
    fn default() -> Self {
        Self {
            low: [0; N],
            carry: 0,
        }
    }
}

impl<T: MontConfig<N>, const N: usize> UnreducedAccumulate for Fp<MontBackend<T, N>, N> {
    type Accumulator = UnreducedSum<N>;

    #[inline(always)]
    fn accumulate(acc: &mut UnreducedSum<N>, x: &Self) {
        let mut carry = 0u64;
        for (limb, add) in acc.low.iter_mut().zip(&(x.0).0) {
            let (s1, c1) = limb.overflowing_add(*add);
            let (s2, c2) = s1.overflowing_add(carry);
            *limb = s2;
            carry = (c1 as u64) + (c2 as u64);
        }
        acc.carry += carry;
    }

    #[inline]
    fn reduce(acc: &UnreducedSum<N>) -> Self {
        let modulus = T::MODULUS;
        let mut low = BigInt::<N>(acc.low);
        // low < 2^{64N}; the modulus uses at least the top limb, so this loop runs a few times.
        while low >= modulus {
            low.sub_with_borrow(&modulus);
        }
        // Montgomery value `low` is a canonical representative; the carry word is the element
        // `carry` (see the module docs).
        Self::new_unchecked(low) + Self::from(acc.carry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fr;
    use ark_ff::{UniformRand, Zero};
    use ark_std::rand::{rngs::StdRng, SeedableRng};
    use proptest::prelude::*;

    fn lazy_sum(values: &[Fr]) -> Fr {
        let mut acc = <Fr as UnreducedAccumulate>::Accumulator::default();
        for v in values {
            Fr::accumulate(&mut acc, v);
        }
        Fr::reduce(&acc)
    }

    #[test]
    fn empty_sum_is_zero() {
        assert!(lazy_sum(&[]).is_zero());
    }

    #[test]
    fn many_minus_ones_overflow_the_low_limbs() {
        // −1 has the largest Montgomery representative region; 10 000 of them carry many times.
        let values = vec![-Fr::from(1u64); 10_000];
        assert_eq!(lazy_sum(&values), -Fr::from(10_000u64));
    }

    proptest! {
        #[test]
        fn matches_reduced_sum(len in 0usize..300, seed in any::<u64>()) {
            let mut rng = StdRng::seed_from_u64(seed);
            let values: Vec<Fr> = (0..len).map(|_| Fr::rand(&mut rng)).collect();
            prop_assert_eq!(lazy_sum(&values), values.iter().sum::<Fr>());
        }
    }
}
