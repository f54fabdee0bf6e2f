//! A full-scalar multi-scalar multiplication with batch-affine buckets: the verifier's one
//! merged MSM (`OpeningChecks::finish`).
//!
//! Pippenger with signed `c`-bit digits (`2^{c−1}` buckets per window, negation is free). The
//! buckets of a window are filled by the batch-affine tree of [`crate::batch_affine`] — about six
//! field multiplications per addition instead of the eleven of a mixed projective addition —
//! and weighted by their digit through a split into two short running sums
//! ([`crate::batch_affine::weighted_bucket_sums`]). Windows are independent (one thread each when parallel).

use crate::batch_affine::{group_sums, weighted_bucket_sums};
use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::AffineRepr;
use ark_ff::{AdditiveGroup, PrimeField, Zero};
use spazk_field::parallel::map_collect;

/// Scalar bits (`Fr` is below `2^254`).
const SCALAR_BITS: usize = 254;

/// The window width for `n` points: buckets (`2^{c−1}`, combined at two additions each) against
/// fills (`n` per window, `⌈254/c⌉` windows). Measured best at `⌊log2 n⌋ − 3` (c = 10 for the
/// 8192 points of a 2^24 opening, 8 for the ~2600 of a 2^20 range check).
fn window_bits(n: usize) -> usize {
    (n.ilog2() as usize).saturating_sub(3).clamp(4, 16)
}

/// Signed base-`2^c` digits of every scalar, window-major: `digits[k·n + i]` is digit `k` of
/// scalar `i`, in `[−2^{c−1}, 2^{c−1})`.
fn signed_digits(scalars: &[Fr], c: usize, windows: usize) -> Vec<i32> {
    let n = scalars.len();
    let mut digits = vec![0i32; windows * n];
    let radix = 1i64 << c;
    let half = radix / 2;
    for (i, scalar) in scalars.iter().enumerate() {
        let bits = scalar.into_bigint();
        let limbs = bits.as_ref();
        let mut carry = 0i64;
        for k in 0..windows {
            let start = k * c;
            let mut window = 0u64;
            if start < 64 * limbs.len() {
                let (limb, shift) = (start / 64, start % 64);
                window = limbs[limb] >> shift;
                if shift + c > 64 && limb + 1 < limbs.len() {
                    window |= limbs[limb + 1] << (64 - shift);
                }
                window &= (1u64 << c) - 1;
            }
            let mut digit = window as i64 + carry;
            carry = 0;
            if digit >= half {
                digit -= radix;
                carry = 1;
            }
            digits[k * n + i] = digit as i32;
        }
        debug_assert_eq!(carry, 0, "the top window absorbs the last carry");
    }
    digits
}

/// One window's buckets: `B_w = Σ_{i : |d_i| = w} ±P_i` for `w = 1..=buckets`.
fn window_buckets(bases: &[G1Affine], digits: &[i32], buckets: usize) -> Vec<G1Affine> {
    // Counting sort of the nonzero digits into buckets |d| − 1, negating the point for d < 0.
    let mut starts = vec![0usize; buckets + 1];
    for (base, d) in bases.iter().zip(digits) {
        if *d != 0 && !base.is_zero() {
            starts[d.unsigned_abs() as usize] += 1;
        }
    }
    for b in 0..buckets {
        starts[b + 1] += starts[b];
    }
    let mut fill = starts.clone();
    let mut points = vec![G1Affine::zero(); starts[buckets]];
    for (base, d) in bases.iter().zip(digits) {
        if *d != 0 && !base.is_zero() {
            let slot = &mut fill[d.unsigned_abs() as usize - 1];
            points[*slot] = if *d < 0 { -*base } else { *base };
            *slot += 1;
        }
    }
    group_sums(points, starts)
}

/// `Σ_i scalars[i]·bases[i]` (extra bases or scalars are ignored).
pub(crate) fn msm(bases: &[G1Affine], scalars: &[Fr]) -> G1Projective {
    let n = bases.len().min(scalars.len());
    if n == 0 {
        return G1Projective::zero();
    }
    let (bases, scalars) = (&bases[..n], &scalars[..n]);
    let c = window_bits(n);
    // One more window than the bits need: a top digit's carry lands there.
    let windows = SCALAR_BITS.div_ceil(c) + 1;
    debug_assert!(Fr::MODULUS_BIT_SIZE as usize <= SCALAR_BITS);
    let digits = signed_digits(scalars, c, windows);
    let buckets = 1usize << (c - 1);
    let window = |k: usize| window_buckets(bases, &digits[k * n..(k + 1) * n], buckets);
    let filled: Vec<Vec<G1Affine>> = map_collect(windows, 1, window);
    // Every window's buckets weighted by their digit, in one batch-affine pass.
    let sums = weighted_bucket_sums(&filled.concat(), buckets);
    // Horner from the top window: c doublings between windows.
    let mut result = G1Projective::zero();
    for sum in sums.iter().rev() {
        for _ in 0..c {
            result.double_in_place();
        }
        result += sum;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::HyraxParams;
    use ark_ec::VariableBaseMSM;
    use ark_std::rand::{rngs::StdRng, SeedableRng};
    use ark_std::UniformRand;

    #[test]
    fn matches_arkworks_on_random_and_edge_scalars() {
        let params = HyraxParams::derive(b"msm", 300);
        let mut rng = StdRng::seed_from_u64(9);
        for n in [1usize, 2, 7, 64, 300] {
            let mut bases = params.generators()[..n].to_vec();
            let mut scalars: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
            scalars[0] = -Fr::from(1u64);
            if n > 3 {
                scalars[1] = Fr::zero();
                scalars[2] = Fr::from(1u64);
                bases[3] = G1Affine::zero();
            }
            if n > 5 {
                // A repeated base (a doubling inside a bucket) and its negation.
                bases[4] = bases[5];
                scalars[4] = scalars[5];
            }
            let expected = G1Projective::msm(&bases, &scalars).unwrap();
            assert_eq!(msm(&bases, &scalars), expected, "n = {n}");
        }
    }

    #[test]
    fn digits_recompose_the_scalar() {
        let mut rng = StdRng::seed_from_u64(3);
        let scalars: Vec<Fr> = (0..20)
            .map(|_| Fr::rand(&mut rng))
            .chain([-Fr::from(1u64), Fr::zero()])
            .collect();
        for c in [4usize, 9, 10, 13, 16] {
            let windows = SCALAR_BITS.div_ceil(c) + 1;
            let digits = signed_digits(&scalars, c, windows);
            for (i, s) in scalars.iter().enumerate() {
                let mut value = Fr::zero();
                for k in (0..windows).rev() {
                    value *= Fr::from(1u64 << c);
                    let d = digits[k * scalars.len() + i];
                    value += if d < 0 {
                        -Fr::from(d.unsigned_abs() as u64)
                    } else {
                        Fr::from(d as u64)
                    };
                }
                assert_eq!(value, *s, "c = {c}");
            }
        }
    }
}
