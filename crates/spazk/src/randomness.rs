//! The randomness of zero-knowledge mode: one CSPRNG seeded from the operating system.
//!
//! Every blind, mask and nonce of a hiding commitment or a zero-knowledge proof must be
//! unpredictable and never reused (design.md §8: a nonce vector reused over `m + 1` proofs
//! reveals the weights). The library's provers take any `RngCore + CryptoRng`; the facade and
//! everything above it (the command line, the Python package, the benchmarks) take a
//! [`ZkRng`], which only [`os_rng`] makes: `StdRng` (ChaCha12) seeded with 32 bytes from the
//! OS (`getrandom::fill`). Nothing else in the workspace seeds a zero-knowledge prover outside
//! tests. `ZkRng::insecure_from_seed`, a reproducible generator for golden fixtures, exists
//! only under `cfg(test)` or the cargo feature `insecure-deterministic`, never behind a flag of
//! the command line.
//!
//! Why `getrandom` 0.4 and not ark-std's `OsRng`: ark-std 0.6 gets `OsRng` from rand 0.8's
//! `getrandom` feature, which pulls getrandom 0.2 beside the 0.4 the dev tools already lock.

use ark_std::rand::rngs::StdRng;
use ark_std::rand::{CryptoRng, RngCore, SeedableRng};

/// The operating system's random source could not be read: no zero-knowledge commitment or
/// proof is made without it (there is no fallback).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot read the operating system's random source: {0}")]
pub struct OsRandomnessError(getrandom::Error);

/// The CSPRNG of the zero-knowledge calls: seeded from the OS by [`os_rng`] (or, only with the
/// `insecure-deterministic` feature, from a fixed seed).
pub struct ZkRng(StdRng);

/// Never prints the generator's state.
impl core::fmt::Debug for ZkRng {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("ZkRng")
    }
}

/// A fresh [`ZkRng`] seeded with 32 bytes from the operating system: the one place anything
/// above the library seeds the randomness of hiding commitments and zero-knowledge proofs.
pub fn os_rng() -> Result<ZkRng, OsRandomnessError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(OsRandomnessError)?;
    let rng = StdRng::from_seed(seed);
    // The seed is the generator's whole secret: no copy outlives this call but the generator's.
    seed.fill(0);
    Ok(ZkRng(rng))
}

impl ZkRng {
    /// A generator seeded from `seed`: every "random" value it gives is public. For golden
    /// fixtures and reproducibility tests only (`cfg(test)` or the `insecure-deterministic`
    /// feature); proofs made with it are not zero-knowledge to anyone who knows the seed.
    #[cfg(any(test, feature = "insecure-deterministic"))]
    pub fn insecure_from_seed(seed: u64) -> Self {
        Self(StdRng::seed_from_u64(seed))
    }
}

impl RngCore for ZkRng {
    fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }

    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest)
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), ark_std::rand::Error> {
        self.0.try_fill_bytes(dest)
    }
}

/// `StdRng` is a CSPRNG (ChaCha12); seeded from the OS it is one here.
impl CryptoRng for ZkRng {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_generators_differ_and_seeded_ones_repeat() {
        let (mut a, mut b) = (os_rng().unwrap(), os_rng().unwrap());
        assert_ne!(a.next_u64(), b.next_u64());
        let (mut c, mut d) = (ZkRng::insecure_from_seed(7), ZkRng::insecure_from_seed(7));
        assert_eq!(c.next_u64(), d.next_u64());
    }
}
