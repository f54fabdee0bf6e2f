//! Public parameters: generators derived from a seed, so that nobody knows a discrete-log
//! relation between them.
//!
//! ark-bn254 0.6 has no hash-to-curve map, so generator `j` is found by try-and-increment: hash
//! `(seed, j, counter)` with BLAKE3 to 64 bytes, reduce to an x-coordinate, and take the first
//! counter for which `x³ + 3` is a square (about half of them); a hash bit picks the root. BN254
//! G1 has cofactor 1, so every curve point is in the group.
//!
//! Zero-knowledge mode (`crate::zk`) adds two more points derived the same way under their own
//! labels: the value base `G₀` (hidden scalars, the Σ-protocol's relation check) and the blinding
//! base `H`. They do not enter the parameters' encoding, and the generators `G_j` are unchanged,
//! so transparent commitments and proofs are byte for byte what they were.

use crate::error::HyraxError;
use crate::zk::generators::FixedBase;
use ark_bn254::{Fq, G1Affine};
use ark_ec::AffineRepr;
use ark_ff::PrimeField;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_field::parallel::map_collect;
use std::sync::{Arc, OnceLock};

/// The seed every SpaZK commitment uses unless told otherwise.
pub const DEFAULT_SEED: &[u8] = b"spazk-hyrax-generators-v1";

/// Generators `G_0 … G_{n−1}` and the seed they come from. Generator `j` depends only on the
/// seed and `j`, so parameters for fewer generators are a prefix of parameters for more.
///
/// Also the zero-knowledge bases `G₀` ([`Self::value_base`]) and `H` ([`Self::blinding_base`]),
/// and, built on first use and shared by clones, their fixed-base tables.
#[derive(Clone)]
pub struct HyraxParams {
    seed: [u8; 32],
    generators: Vec<G1Affine>,
    value_base: G1Affine,
    blinding_base: G1Affine,
    /// A cache, not part of the parameters' identity (equality ignores it): a proof uses the
    /// tables for every blind and hidden scalar, and building them costs about as much as a few
    /// hundred scalar multiplications, so it is paid once per parameter set.
    tables: OnceLock<Arc<FixedBaseTables>>,
}

/// The fixed-base tables of `G₀` and `H`.
#[derive(Debug)]
pub(crate) struct FixedBaseTables {
    /// Multiples of `G₀`.
    pub(crate) value: FixedBase,
    /// Multiples of `H`.
    pub(crate) blinding: FixedBase,
}

impl PartialEq for HyraxParams {
    fn eq(&self, other: &Self) -> bool {
        // The bases follow from the seed; the tables are a cache.
        self.seed == other.seed && self.generators == other.generators
    }
}

impl Eq for HyraxParams {}

impl core::fmt::Debug for HyraxParams {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HyraxParams")
            .field("seed", &self.seed)
            .field("generators", &self.generators)
            .field("value_base", &self.value_base)
            .field("blinding_base", &self.blinding_base)
            .finish_non_exhaustive()
    }
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

/// The BLAKE3 key-derivation context of the generators `G_j`.
const GENERATOR_CONTEXT: &str = "spazk-hyrax generator v1";
/// The context of the value base `G₀` (zero-knowledge mode).
const VALUE_BASE_CONTEXT: &str = "spazk-hyrax value base v1";
/// The context of the blinding base `H` (zero-knowledge mode).
const BLINDING_BASE_CONTEXT: &str = "spazk-hyrax blinding base v1";

/// Generator `index` for the seed digest `seed`.
fn derive_generator(seed: &[u8; 32], index: u64) -> G1Affine {
    derive_point(GENERATOR_CONTEXT, seed, index)
}

/// The point `index` of the family named `context` for the seed digest `seed`: distinct contexts
/// give independent families, so nobody knows a relation between `G₀`, `H` and the `G_j`.
fn derive_point(context: &str, seed: &[u8; 32], index: u64) -> G1Affine {
    let mut counter = 0u64;
    loop {
        let mut hasher = blake3::Hasher::new_derive_key(context);
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
        Self::from_parts(seed, generators)
    }

    /// Parameters from a seed digest and its generators; derives `G₀` and `H`.
    fn from_parts(seed: [u8; 32], generators: Vec<G1Affine>) -> Self {
        Self {
            seed,
            generators,
            value_base: derive_point(VALUE_BASE_CONTEXT, &seed, 0),
            blinding_base: derive_point(BLINDING_BASE_CONTEXT, &seed, 0),
            tables: OnceLock::new(),
        }
    }

    /// `G₀`, the base of hidden scalars and of the Σ-protocol's relation check.
    pub fn value_base(&self) -> G1Affine {
        self.value_base
    }

    /// `H`, the base every blind multiplies.
    pub fn blinding_base(&self) -> G1Affine {
        self.blinding_base
    }

    /// The fixed-base tables of `G₀` and `H`, built on first use.
    pub(crate) fn tables(&self) -> &FixedBaseTables {
        self.tables.get_or_init(|| {
            Arc::new(FixedBaseTables {
                value: FixedBase::new(self.value_base),
                blinding: FixedBase::new(self.blinding_base),
            })
        })
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
        Ok(Self::from_parts(encoding.seed, generators))
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
    fn zero_knowledge_bases_are_new_points() {
        let params = HyraxParams::derive(b"test", 16);
        let (g0, h) = (params.value_base(), params.blinding_base());
        assert_ne!(g0, h);
        assert!(!params.generators().contains(&g0) && !params.generators().contains(&h));
        assert!(g0.is_on_curve() && h.is_on_curve() && !g0.is_zero() && !h.is_zero());
        // Deterministic from the seed, and re-derived on reading.
        let again = HyraxParams::from_bytes(&params.to_bytes()).unwrap();
        assert_eq!((again.value_base(), again.blinding_base()), (g0, h));
        assert_ne!(HyraxParams::derive(b"other", 1).value_base(), g0);
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
