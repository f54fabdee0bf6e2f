//! Public parameters: generators derived from a seed, so that nobody knows a discrete-log
//! relation between them.
//!
//! ark-bn254 0.6 has no hash-to-curve map, so generator `j` is found by try-and-increment: hash
//! `(seed, j, counter)` with BLAKE3 to 64 bytes, reduce to an x-coordinate, and take the first
//! counter for which `x³ + 3` is a square (about half of them); a hash bit picks the root. BN254
//! G1 has cofactor 1, so every curve point is in the group.

use crate::error::HyraxError;
use ark_bn254::{Fq, G1Affine};
use ark_ec::AffineRepr;
use ark_ff::PrimeField;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_field::parallel::map_collect;

/// The seed every SpaZK commitment uses unless told otherwise.
pub const DEFAULT_SEED: &[u8] = b"spazk-hyrax-generators-v1";

/// Generators `G_0 … G_{n−1}` and the seed they come from. Generator `j` depends only on the
/// seed and `j`, so parameters for fewer generators are a prefix of parameters for more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HyraxParams {
    seed: [u8; 32],
    generators: Vec<G1Affine>,
}

/// What a parameter file holds: the seed and the count. Generators are always re-derived, never
/// read from a file.
#[derive(CanonicalSerialize, CanonicalDeserialize)]
struct ParamsEncoding {
    seed: [u8; 32],
    count: u64,
}

/// The most generators parameters may ask for (2^24: far above any row length used here).
pub const MAX_GENERATORS: usize = 1 << 24;

fn seed_digest(seed: &[u8]) -> [u8; 32] {
    *blake3::Hasher::new_derive_key("spazk-hyrax seed v1")
        .update(seed)
        .finalize()
        .as_bytes()
}

/// Generator `index` for the seed digest `seed`.
fn derive_generator(seed: &[u8; 32], index: u64) -> G1Affine {
    let mut counter = 0u64;
    loop {
        let mut hasher = blake3::Hasher::new_derive_key("spazk-hyrax generator v1");
        hasher
            .update(seed)
            .update(&index.to_le_bytes())
            .update(&counter.to_le_bytes());
        let mut wide = [0u8; 65];
        hasher.finalize_xof().fill(&mut wide);
        let x = Fq::from_le_bytes_mod_order(&wide[..64]);
        if let Some(point) = G1Affine::get_point_from_x_unchecked(x, wide[64] & 1 == 1) {
            if point.is_on_curve()
                && point.is_in_correct_subgroup_assuming_on_curve()
                && !point.is_zero()
            {
                return point;
            }
        }
        counter += 1;
    }
}

impl HyraxParams {
    /// Derives `count` generators from `seed` (hashed first, so any byte string will do).
    pub fn derive(seed: &[u8], count: usize) -> Self {
        let seed = seed_digest(seed);
        let generators = map_collect(count, 1, |j| derive_generator(&seed, j as u64));
        Self { seed, generators }
    }

    /// [`Self::derive`] with the default seed.
    pub fn with_default_seed(count: usize) -> Self {
        Self::derive(DEFAULT_SEED, count)
    }

    /// The digest of the seed, recorded in every commitment.
    pub fn seed(&self) -> [u8; 32] {
        self.seed
    }

    /// All generators.
    pub fn generators(&self) -> &[G1Affine] {
        &self.generators
    }

    /// The first `count` generators, or an error naming the shortfall.
    pub fn first(&self, count: usize) -> Result<&[G1Affine], HyraxError> {
        self.generators
            .get(..count)
            .ok_or(HyraxError::NotEnoughGenerators {
                needed: count,
                available: self.generators.len(),
            })
    }

    /// The generators at `indices` of the parameters whose seed digest is `seed` (a commitment's
    /// [`crate::HyraxCommitment::seed`]), each derived alone: checking a few sparse rows of a
    /// commitment needs only the generators of their nonzero columns, not every one before them.
    pub fn derive_at(seed: &[u8; 32], indices: &[usize]) -> Vec<G1Affine> {
        map_collect(indices.len(), 1, |i| {
            derive_generator(seed, indices[i] as u64)
        })
    }

    /// Encodes the seed and the count (the generators are re-derived on reading).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        ParamsEncoding {
            seed: self.seed,
            count: self.generators.len() as u64,
        }
        .serialize_compressed(&mut bytes)
        .expect("serializing into a Vec cannot fail");
        bytes
    }

    /// Decodes parameters and re-derives their generators; refuses more than
    /// [`MAX_GENERATORS`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, HyraxError> {
        let mut reader = bytes;
        let encoding = ParamsEncoding::deserialize_compressed(&mut reader)
            .map_err(|e| HyraxError::Malformed(e.to_string()))?;
        if !reader.is_empty() {
            return Err(HyraxError::Malformed(format!(
                "{} trailing bytes",
                reader.len()
            )));
        }
        let count = usize::try_from(encoding.count).unwrap_or(usize::MAX);
        if count > MAX_GENERATORS {
            return Err(HyraxError::NotEnoughGenerators {
                needed: count,
                available: MAX_GENERATORS,
            });
        }
        let generators = (0..count as u64)
            .map(|j| derive_generator(&encoding.seed, j))
            .collect();
        Ok(Self {
            seed: encoding.seed,
            generators,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::CurveGroup;

    #[test]
    fn generators_are_deterministic_prefixes_and_distinct() {
        let small = HyraxParams::derive(b"test", 8);
        let large = HyraxParams::derive(b"test", 16);
        assert_eq!(small.generators(), &large.generators()[..8]);
        let other = HyraxParams::derive(b"other", 8);
        assert_ne!(small.generators()[0], other.generators()[0]);
        let mut xs: Vec<_> = large.generators().iter().map(|g| g.x).collect();
        xs.sort();
        xs.dedup();
        assert_eq!(xs.len(), 16);
        assert!(large
            .generators()
            .iter()
            .all(|g| g.is_on_curve() && g.into_group().into_affine() == *g));
    }

    #[test]
    fn generators_derived_alone_are_the_prefix_ones() {
        let params = HyraxParams::derive(b"test", 9);
        let alone = HyraxParams::derive_at(&params.seed(), &[8, 0, 3]);
        let g = params.generators();
        assert_eq!(alone, vec![g[8], g[0], g[3]]);
    }

    #[test]
    fn serialization_re_derives() {
        let params = HyraxParams::derive(b"test", 5);
        assert_eq!(HyraxParams::from_bytes(&params.to_bytes()).unwrap(), params);
        assert!(matches!(
            HyraxParams::from_bytes(&params.to_bytes()[..10]),
            Err(HyraxError::Malformed(_))
        ));
        let mut huge = params.to_bytes();
        huge[32..40].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(
            HyraxParams::from_bytes(&huge),
            Err(HyraxError::NotEnoughGenerators { .. })
        ));
    }

    #[test]
    fn too_few_generators_is_an_error() {
        let params = HyraxParams::derive(b"test", 4);
        assert_eq!(
            params.first(8),
            Err(HyraxError::NotEnoughGenerators {
                needed: 8,
                available: 4
            })
        );
    }
}
