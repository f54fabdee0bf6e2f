//! Unreduced accumulation of many field elements, and of many products.
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

    /// `acc += k·x` for a small integer `k`, without modular reduction: the Montgomery form of
    /// `k·x` is `k` times that of `x`, a product of `N` limbs by one; its top word goes to the
    /// carry (which holds up to `2^64` in total, so `Σ k < 2^64`).
    fn accumulate_scaled(acc: &mut Self::Accumulator, x: &Self, k: u64);

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

    #[inline(always)]
    fn accumulate_scaled(acc: &mut UnreducedSum<N>, x: &Self, k: u64) {
        let mut carry = 0u64;
        for (limb, xi) in acc.low.iter_mut().zip(&(x.0).0) {
            let t = (*xi as u128) * (k as u128) + (*limb as u128) + (carry as u128);
            *limb = t as u64;
            carry = (t >> 64) as u64;
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

/// A field whose products can be summed before one Montgomery reduction: the sumcheck provers'
/// `Σ_i eq_i·f_i`. A Montgomery multiplication is a schoolbook product plus a reduction of about
/// the same cost; summing the `2N`-limb products and reducing once at the end halves the work.
pub trait UnreducedMultiply: PrimeField {
    /// The unreduced sum of products.
    type ProductSum: Copy + Default + Send + Sync + core::fmt::Debug;

    /// `acc += a·b` without modular reduction.
    fn accumulate_product(acc: &mut Self::ProductSum, a: &Self, b: &Self);

    /// The field element equal to the accumulated sum of products.
    fn reduce_products(acc: &Self::ProductSum) -> Self;
}

/// An unreduced sum of products of Montgomery-form elements: `2N` limbs and one carry word.
///
/// Each product of two canonical representatives is below `p² < 2^{128N}`, so the carry word
/// holds up to `2^64` products.
#[derive(Clone, Copy, Debug)]
pub struct UnreducedProductSum<const N: usize> {
    low: [u64; N],
    high: [u64; N],
    carry: u64,
}

impl<const N: usize> Default for UnreducedProductSum<N> {
    fn default() -> Self {
        Self {
            low: [0; N],
            high: [0; N],
            carry: 0,
        }
    }
}

impl<const N: usize> UnreducedProductSum<N> {
    #[inline(always)]
    fn limb(&mut self, k: usize) -> &mut u64 {
        if k < N {
            &mut self.low[k]
        } else if k < 2 * N {
            &mut self.high[k - N]
        } else {
            &mut self.carry
        }
    }

    /// Adds `value` at limb `k`, carrying upwards.
    #[inline(always)]
    fn add_at(&mut self, mut k: usize, value: u64) {
        let (sum, mut overflow) = self.limb(k).overflowing_add(value);
        *self.limb(k) = sum;
        while overflow && k < 2 * N {
            k += 1;
            let (sum, o) = self.limb(k).overflowing_add(1);
            *self.limb(k) = sum;
            overflow = o;
        }
    }
}

impl<T: MontConfig<N>, const N: usize> UnreducedMultiply for Fp<MontBackend<T, N>, N> {
    type ProductSum = UnreducedProductSum<N>;

    #[inline(always)]
    fn accumulate_product(acc: &mut UnreducedProductSum<N>, a: &Self, b: &Self) {
        let (a, b) = (&(a.0).0, &(b.0).0);
        for (i, ai) in a.iter().enumerate() {
            let mut carry = 0u64;
            for (j, bj) in b.iter().enumerate() {
                let limb = acc.limb(i + j);
                let t = (*ai as u128) * (*bj as u128) + (*limb as u128) + (carry as u128);
                *limb = t as u64;
                carry = (t >> 64) as u64;
            }
            acc.add_at(i + N, carry);
        }
    }

    fn reduce_products(acc: &UnreducedProductSum<N>) -> Self {
        // The sum is `T = carry·R² + T_lo` with `R = 2^{64N}`; the element it stands for is
        // `T·R⁻¹ = REDC(T_lo) + carry·R`, and `carry·R` is the Montgomery form of `carry`.
        let modulus = T::MODULUS.0;
        let mut t = UnreducedProductSum::<N> {
            low: acc.low,
            high: acc.high,
            carry: 0,
        };
        for i in 0..N {
            let m = t.limb(i).wrapping_mul(T::INV);
            let mut carry = 0u64;
            for (j, pj) in modulus.iter().enumerate() {
                let limb = t.limb(i + j);
                let x = (m as u128) * (*pj as u128) + (*limb as u128) + (carry as u128);
                *limb = x as u64;
                carry = (x >> 64) as u64;
            }
            t.add_at(i + N, carry);
        }
        // REDC(T_lo) = (high, carry) < R + p: subtract p until canonical.
        let mut value = t.high;
        let mut top = t.carry;
        while top != 0 || BigInt::<N>(value) >= T::MODULUS {
            let mut borrow = false;
            for (v, pj) in value.iter_mut().zip(&modulus) {
                let (d1, b1) = v.overflowing_sub(*pj);
                let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
                *v = d2;
                borrow = b1 | b2;
            }
            top -= u64::from(borrow);
        }
        Self::new_unchecked(BigInt::<N>(value)) + Self::from(acc.carry)
    }
}

/// `Σ k_i·x_i` for signed integers `|k_i| < 2^64`, unreduced: each magnitude's two 32-bit
/// halves go to a positive or a negative sum, so that up to `2^32` terms fit whatever their
/// size (a single [`UnreducedAccumulate`] sum holds `Σ k < 2^64` only).
pub struct SignedScaledSum<F: UnreducedAccumulate> {
    /// Positive low, positive high, negative low, negative high.
    parts: [F::Accumulator; 4],
}

impl<F: UnreducedAccumulate> Default for SignedScaledSum<F> {
    fn default() -> Self {
        Self {
            parts: [F::Accumulator::default(); 4],
        }
    }
}

impl<F: UnreducedAccumulate> SignedScaledSum<F> {
    /// `self += k·x`.
    #[inline(always)]
    pub fn add(&mut self, x: &F, k: i128) {
        let magnitude = k.unsigned_abs();
        debug_assert!(magnitude >> 64 == 0, "|k| < 2^64");
        let sign = 2 * usize::from(k < 0);
        F::accumulate_scaled(&mut self.parts[sign], x, (magnitude as u64) & 0xffff_ffff);
        F::accumulate_scaled(&mut self.parts[sign + 1], x, (magnitude >> 32) as u64);
    }

    /// The field element equal to the sum.
    pub fn value(&self) -> F {
        let part = |i: usize| F::reduce(&self.parts[i]);
        let shift = F::from(1u64 << 32);
        part(0) + shift * part(1) - part(2) - shift * part(3)
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

    fn lazy_dot(a: &[Fr], b: &[Fr]) -> Fr {
        let mut acc = <Fr as UnreducedMultiply>::ProductSum::default();
        for (x, y) in a.iter().zip(b) {
            Fr::accumulate_product(&mut acc, x, y);
        }
        Fr::reduce_products(&acc)
    }

    #[test]
    fn products_of_the_largest_elements_carry_into_the_top_word() {
        let values = vec![-Fr::from(1u64); 50_000];
        assert_eq!(lazy_dot(&values, &values), Fr::from(50_000u64));
        assert!(lazy_dot(&[], &[]).is_zero());
    }

    #[test]
    fn signed_scaled_sums_match_field_arithmetic() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut acc = SignedScaledSum::<Fr>::default();
        let mut expected = Fr::zero();
        // The extreme magnitudes, both signs, many times over (the low and high halves carry).
        let ks: [i128; 6] = [
            (1 << 64) - 1,
            -((1 << 64) - 1),
            (1 << 32) + 7,
            -(1 << 40),
            0,
            -1,
        ];
        for round in 0..3000 {
            let x = Fr::rand(&mut rng);
            let k = ks[round % ks.len()];
            acc.add(&x, k);
            let magnitude = Fr::from(k.unsigned_abs());
            expected += if k < 0 { -magnitude * x } else { magnitude * x };
        }
        assert_eq!(acc.value(), expected);
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

        #[test]
        fn scaled_sum_matches(len in 0usize..300, seed in any::<u64>()) {
            let mut rng = StdRng::seed_from_u64(seed);
            let values: Vec<Fr> = (0..len).map(|_| Fr::rand(&mut rng)).collect();
            let scales: Vec<u64> = (0..len).map(|i| (i as u64).wrapping_mul(0x9e37_79b9) >> 32).collect();
            let mut acc = <Fr as UnreducedAccumulate>::Accumulator::default();
            for (v, k) in values.iter().zip(&scales) {
                Fr::accumulate_scaled(&mut acc, v, *k);
            }
            let reduced: Fr = values.iter().zip(&scales).map(|(v, k)| *v * Fr::from(*k)).sum();
            prop_assert_eq!(Fr::reduce(&acc), reduced);
        }

        #[test]
        fn matches_reduced_dot_product(len in 0usize..300, seed in any::<u64>()) {
            let mut rng = StdRng::seed_from_u64(seed);
            let a: Vec<Fr> = (0..len).map(|_| Fr::rand(&mut rng)).collect();
            let b: Vec<Fr> = (0..len).map(|_| Fr::rand(&mut rng)).collect();
            let reduced: Fr = a.iter().zip(&b).map(|(x, y)| *x * y).sum();
            prop_assert_eq!(lazy_dot(&a, &b), reduced);
        }
    }
}
