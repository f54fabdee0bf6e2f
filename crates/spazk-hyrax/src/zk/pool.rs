//! Input-independent randomness of a zero-knowledge proof, computed ahead of the input: the
//! mask with its commitment, the Σ-protocol's nonces with their commitments, and blinds with
//! their multiples of `H`.
//!
//! None of these depends on the witness: the mask `M` and its `C_M = ⟨M, G⟩ + β_M·H` on the
//! statement's mask length, a vector nonce `(d_k, δ_k, D_k = ⟨d_k, G⟩ + δ_k·H)` on the width of
//! its witness (the mask's length or a layout's column count), a scalar nonce
//! `(t_j, τ_j, A_j = t_j·G₀ + τ_j·H)` and a blind `(b, b·H)` on nothing. Their group operations
//! are most of a proof's cost beyond the transparent prover's (measured on 784-4096-10, batch
//! 1, one thread: about 60 of the 90 extra ms), so a prover may fill a [`NoncePool`] before the
//! input arrives (or on a spare core) and take from it while proving. [`super::ZkProver`]
//! computes whatever the pool lacks on the spot: a short or empty pool costs time, never
//! soundness or zero knowledge.
//!
//! # Single use
//! Every entry is taken out of the pool (moved, never copied) by the one proof that uses it, and
//! its secrets are overwritten with zeros when dropped ([`wipe`]). A nonce used twice gives its
//! witness away (two responses `z = w + e·d`, `z′ = w′ + e′·d` with `w = w′`, as a reused pool
//! entry over the same weights would give, solve for `w`); the pool cannot hand one out twice.
//! The pool lives in memory only: it has no serialization, and nothing here writes it anywhere.
//!
//! # Sizing
//! A proof's needs depend only on the statement's shapes. The pool records what each proof
//! took ([`NoncePool::last_demand`]); [`NoncePool::refill`] tops it up to that demand, so a
//! prover that proves one model repeatedly runs one proof with an empty pool (or sizes the pool
//! with [`NoncePool::fill`] and a [`NonceDemand`] of its own), then refills between proofs.

use crate::params::HyraxParams;
use ark_bn254::{Fr, G1Projective};
use ark_ff::Zero;
use ark_std::rand::{CryptoRng, RngCore};
use ark_std::UniformRand;
use spazk_field::parallel::map_collect;

/// Overwrites secrets with zeros. `black_box` keeps the stores from being optimized away as dead
/// (without `unsafe`, and without a zeroizing crate, this is the best the workspace can do; it
/// does not reach copies the allocator or the optimizer made earlier).
pub(crate) fn wipe(values: &mut [Fr]) {
    for v in values.iter_mut() {
        *v = Fr::zero();
    }
    core::hint::black_box(values);
}

/// A secret vector with its blind and its commitment `⟨values, G⟩ + blind·H`: a mask or a
/// Σ-protocol vector nonce.
#[derive(Debug)]
pub(crate) struct PooledVector {
    pub(crate) values: Vec<Fr>,
    pub(crate) blind: Fr,
    pub(crate) commitment: G1Projective,
}

impl PooledVector {
    /// `⟨values, G⟩ + blind·H`.
    pub(crate) fn commit(params: &HyraxParams, values: &[Fr], blind: &Fr) -> G1Projective {
        crate::msm::msm(params.generators(), values) + params.tables().blinding.mul(blind)
    }
}

impl Drop for PooledVector {
    fn drop(&mut self) {
        wipe(&mut self.values);
        wipe(core::slice::from_mut(&mut self.blind));
    }
}

/// A scalar nonce `(t, τ)` with `A = t·G₀ + τ·H`.
#[derive(Debug)]
pub(crate) struct PooledScalar {
    pub(crate) value: Fr,
    pub(crate) blind: Fr,
    pub(crate) commitment: G1Projective,
}

impl Drop for PooledScalar {
    fn drop(&mut self) {
        wipe(core::slice::from_mut(&mut self.value));
        wipe(core::slice::from_mut(&mut self.blind));
    }
}

/// A blind `b` with `b·H`.
#[derive(Debug)]
pub(crate) struct PooledBlind {
    pub(crate) blind: Fr,
    pub(crate) multiple: G1Projective,
}

impl Drop for PooledBlind {
    fn drop(&mut self) {
        wipe(core::slice::from_mut(&mut self.blind));
    }
}

/// What one proof takes from a pool: the statement's mask lengths, the width of every vector
/// witness of the Σ-protocol (in proof order), the hidden scalars, the blinds (one per
/// hidden scalar and two for `K̂₁`, `K̂₂`) and the row blinds of its hiding advice commitments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NonceDemand {
    /// Masks, by length.
    pub masks: Vec<usize>,
    /// Σ-protocol vector nonces, by width.
    pub vectors: Vec<usize>,
    /// Σ-protocol scalar nonces.
    pub scalars: usize,
    /// Blinds with their multiple of `H`.
    pub blinds: usize,
    /// Row blinds `β` with `β·H`, one per row of every hiding commitment the prover makes to
    /// its advice (activations, range checks, multiplicities), handed out by [`PooledBlinds`].
    pub row_blinds: usize,
}

/// Randomness computed ahead for zero-knowledge proofs made with one parameter set (see the
/// [module docs](self)): masks, Σ-protocol nonces and blinds, each with its commitment, each
/// handed out once.
#[derive(Debug, Default)]
pub struct NoncePool {
    /// The seed of the parameters the commitments were made with (`None` while empty).
    seed: Option<[u8; 32]>,
    masks: Vec<PooledVector>,
    vectors: Vec<PooledVector>,
    scalars: Vec<PooledScalar>,
    blinds: Vec<PooledBlind>,
    row_blinds: Vec<PooledBlind>,
    /// What the proof under way has taken (or asked for and computed itself).
    current: NonceDemand,
    /// What the last finished proof took.
    last: NonceDemand,
}

impl NoncePool {
    /// An empty pool: a prover using it computes everything on the spot (and records what it
    /// needed, for [`Self::refill`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds what `demand` lists, drawn from `rng` and committed under `params` (the vector
    /// nonces' MSMs and the fixed-base multiples spread over the available threads). A pool
    /// holds one parameter set's commitments: filling it under another seed first empties it.
    pub fn fill(
        &mut self,
        params: &HyraxParams,
        demand: &NonceDemand,
        rng: &mut (impl RngCore + CryptoRng),
    ) {
        if self.seed != Some(params.seed()) {
            self.clear();
            self.seed = Some(params.seed());
        }
        let tables = params.tables();
        // Secrets are drawn in order on this thread; only the group operations run in parallel.
        let draw = |len: usize, rng: &mut _| -> (Vec<Fr>, Fr) {
            let values: Vec<Fr> = (0..len).map(|_| Fr::rand(rng)).collect();
            (values, Fr::rand(rng))
        };
        let commit_all = |secrets: Vec<(Vec<Fr>, Fr)>| -> Vec<PooledVector> {
            let commitments = map_collect(secrets.len(), 1, |i| {
                PooledVector::commit(params, &secrets[i].0, &secrets[i].1)
            });
            secrets
                .into_iter()
                .zip(commitments)
                .map(|((values, blind), commitment)| PooledVector {
                    values,
                    blind,
                    commitment,
                })
                .collect()
        };
        let masks: Vec<_> = demand.masks.iter().map(|len| draw(*len, rng)).collect();
        let vectors: Vec<_> = demand.vectors.iter().map(|len| draw(*len, rng)).collect();
        let scalars: Vec<[Fr; 2]> = (0..demand.scalars)
            .map(|_| [Fr::rand(rng), Fr::rand(rng)])
            .collect();
        let blinds: Vec<Fr> = (0..demand.blinds).map(|_| Fr::rand(rng)).collect();
        let row_blinds: Vec<Fr> = (0..demand.row_blinds).map(|_| Fr::rand(rng)).collect();
        self.masks.extend(commit_all(masks));
        self.vectors.extend(commit_all(vectors));
        let scalar_points = map_collect(scalars.len(), 64, |i| {
            tables.value.mul(&scalars[i][0]) + tables.blinding.mul(&scalars[i][1])
        });
        self.scalars
            .extend(
                scalars
                    .into_iter()
                    .zip(scalar_points)
                    .map(|([value, blind], commitment)| PooledScalar {
                        value,
                        blind,
                        commitment,
                    }),
            );
        let with_multiples = |blinds: Vec<Fr>| {
            let points = map_collect(blinds.len(), 64, |i| tables.blinding.mul(&blinds[i]));
            blinds
                .into_iter()
                .zip(points)
                .map(|(blind, multiple)| PooledBlind { blind, multiple })
                .collect::<Vec<_>>()
        };
        self.blinds.extend(with_multiples(blinds));
        self.row_blinds.extend(with_multiples(row_blinds));
    }

    /// Tops the pool up to what the last finished proof took ([`Self::last_demand`]): after it,
    /// a proof of the same shapes finds everything it needs.
    pub fn refill(&mut self, params: &HyraxParams, rng: &mut (impl RngCore + CryptoRng)) {
        let missing = self.missing(&self.last.clone());
        self.fill(params, &missing, rng);
    }

    /// What the pool lacks of `demand`.
    pub fn missing(&self, demand: &NonceDemand) -> NonceDemand {
        let lacking = |wanted: &[usize], held: &[PooledVector]| {
            let mut held: Vec<usize> = held.iter().map(|v| v.values.len()).collect();
            wanted
                .iter()
                .filter(|len| match held.iter().position(|h| h == *len) {
                    Some(i) => {
                        held.swap_remove(i);
                        false
                    }
                    None => true,
                })
                .copied()
                .collect::<Vec<usize>>()
        };
        NonceDemand {
            masks: lacking(&demand.masks, &self.masks),
            vectors: lacking(&demand.vectors, &self.vectors),
            scalars: demand.scalars.saturating_sub(self.scalars.len()),
            blinds: demand.blinds.saturating_sub(self.blinds.len()),
            row_blinds: demand.row_blinds.saturating_sub(self.row_blinds.len()),
        }
    }

    /// What the last finished proof took (asked for, whether the pool held it or not).
    pub fn last_demand(&self) -> &NonceDemand {
        &self.last
    }

    /// Whether the pool holds nothing.
    pub fn is_empty(&self) -> bool {
        self.masks.is_empty()
            && self.vectors.is_empty()
            && self.scalars.is_empty()
            && self.blinds.is_empty()
            && self.row_blinds.is_empty()
    }

    /// Drops (and wipes) every entry.
    pub fn clear(&mut self) {
        self.masks.clear();
        self.vectors.clear();
        self.scalars.clear();
        self.blinds.clear();
        self.row_blinds.clear();
    }

    /// Whether the entries were made under `params` (an empty pool fits any).
    pub(crate) fn fits(&self, params: &HyraxParams) -> bool {
        self.is_empty() || self.seed == Some(params.seed())
    }

    /// A mask of `len` coefficients with its commitment, if the pool holds one.
    pub(crate) fn take_mask(&mut self, len: usize) -> Option<PooledVector> {
        self.current.masks.push(len);
        take_vector(&mut self.masks, len)
    }

    /// A vector nonce of width `len`, if the pool holds one.
    pub(crate) fn take_vector(&mut self, len: usize) -> Option<PooledVector> {
        self.current.vectors.push(len);
        take_vector(&mut self.vectors, len)
    }

    /// A scalar nonce, if the pool holds one.
    pub(crate) fn take_scalar(&mut self) -> Option<PooledScalar> {
        self.current.scalars += 1;
        self.scalars.pop()
    }

    /// A blind with its multiple of `H`, if the pool holds one.
    pub(crate) fn take_blind(&mut self) -> Option<PooledBlind> {
        self.current.blinds += 1;
        self.blinds.pop()
    }

    /// A row blind with its multiple of `H` under `params`, if the pool holds one made under
    /// them.
    pub(crate) fn take_row_blind(&mut self, params: &HyraxParams) -> Option<PooledBlind> {
        self.current.row_blinds += 1;
        if !self.fits(params) {
            return None;
        }
        self.row_blinds.pop()
    }

    /// The row blinds of the proof under way's hiding advice commitments, taken from this pool
    /// and, once it runs out, drawn from `rng` (see [`PooledBlinds`]).
    pub fn row_blinds<'a, R: RngCore + CryptoRng + ?Sized>(
        &'a mut self,
        rng: &'a mut R,
    ) -> PooledBlinds<'a, R> {
        PooledBlinds { pool: self, rng }
    }

    /// Records the demand of the proof that just finished.
    pub(crate) fn end_proof(&mut self) {
        self.last = core::mem::take(&mut self.current);
    }
}

/// Where a hiding commitment's row blinds come from: a uniform `β` with its `β·H` (the one
/// fixed-base multiplication per row that blinding costs). Any CSPRNG is one (it draws `β` and
/// multiplies on the spot); [`PooledBlinds`] takes them from a [`NoncePool`] filled ahead.
pub trait BlindSource {
    /// A fresh uniform blind `β` and `β·H` under `params`. The caller owns `β` (it opens the
    /// row); the source keeps no copy.
    fn next_blind(&mut self, params: &HyraxParams) -> (Fr, G1Projective);
}

impl<R: RngCore + CryptoRng + ?Sized> BlindSource for R {
    fn next_blind(&mut self, params: &HyraxParams) -> (Fr, G1Projective) {
        let blind = Fr::rand(self);
        (blind, params.tables().blinding.mul(&blind))
    }
}

/// Row blinds from a [`NoncePool`] ([`NoncePool::row_blinds`]), each moved out once and its
/// pooled copy wiped; once the pool has none left (or it was filled under other parameters
/// than the commitment's: its `β·H` would be a multiple of another `H`), drawn from the rng in
/// the order a bare rng would draw them, so a proof with an empty pool is byte-identical.
/// Every row blind asked for is recorded in the pool's demand for [`NoncePool::refill`].
pub struct PooledBlinds<'a, R: ?Sized> {
    pool: &'a mut NoncePool,
    rng: &'a mut R,
}

impl<R: RngCore + CryptoRng + ?Sized> BlindSource for PooledBlinds<'_, R> {
    fn next_blind(&mut self, params: &HyraxParams) -> (Fr, G1Projective) {
        match self.pool.take_row_blind(params) {
            Some(pooled) => (pooled.blind, pooled.multiple),
            None => self.rng.next_blind(params),
        }
    }
}

/// Prints nothing of the pool's secrets.
impl<R: ?Sized> core::fmt::Debug for PooledBlinds<'_, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PooledBlinds")
            .field("row_blinds_left", &self.pool.row_blinds.len())
            .finish()
    }
}

/// Moves the last entry of width `len` out of `pool`.
fn take_vector(pool: &mut Vec<PooledVector>, len: usize) -> Option<PooledVector> {
    let i = pool.iter().rposition(|v| v.values.len() == len)?;
    Some(pool.swap_remove(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_std::rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn filled_entries_commit_to_their_secrets_and_leave_once() {
        let params = HyraxParams::derive(b"pool", 16);
        let demand = NonceDemand {
            masks: vec![9],
            vectors: vec![16, 4, 16],
            scalars: 3,
            blinds: 2,
            // Row blinds: `pooled_row_blinds_leave_once_then_come_from_the_rng`.
            row_blinds: 0,
        };
        let mut pool = NoncePool::new();
        assert!(pool.fits(&params) && pool.is_empty());
        pool.fill(&params, &demand, &mut StdRng::seed_from_u64(1));
        assert_eq!(pool.missing(&demand), NonceDemand::default());
        let (g0, h) = (params.value_base(), params.blinding_base());
        let mask = pool.take_mask(9).unwrap();
        let expected: G1Projective = params.generators()[..9]
            .iter()
            .zip(&mask.values)
            .map(|(g, v)| *g * v)
            .sum::<G1Projective>()
            + h * mask.blind;
        assert_eq!(mask.commitment, expected);
        assert!(pool.take_mask(9).is_none(), "one mask of that length");
        for width in [16, 4, 16] {
            let v = pool.take_vector(width).unwrap();
            assert_eq!(v.values.len(), width);
            assert_eq!(
                v.commitment,
                PooledVector::commit(&params, &v.values, &v.blind)
            );
        }
        assert!(pool.take_vector(16).is_none());
        for _ in 0..3 {
            let s = pool.take_scalar().unwrap();
            assert_eq!(s.commitment, g0 * s.value + h * s.blind);
        }
        for _ in 0..2 {
            let b = pool.take_blind().unwrap();
            assert_eq!(b.multiple, h * b.blind);
        }
        assert!(pool.take_scalar().is_none() && pool.take_blind().is_none());
        assert!(pool.is_empty());
        // What was asked for, pooled or not, is the demand recorded for the next refill.
        pool.end_proof();
        let mut asked = demand.clone();
        asked.vectors.push(16);
        asked.masks.push(9);
        asked.scalars += 1;
        asked.blinds += 1;
        assert_eq!(pool.last_demand().vectors, vec![16, 4, 16, 16]);
        assert_eq!(pool.last_demand(), &asked);
    }

    #[test]
    fn pooled_row_blinds_leave_once_then_come_from_the_rng() {
        let params = HyraxParams::derive(b"pool", 16);
        let h = params.blinding_base();
        let mut pool = NoncePool::new();
        let demand = NonceDemand {
            row_blinds: 3,
            ..NonceDemand::default()
        };
        pool.fill(&params, &demand, &mut StdRng::seed_from_u64(3));
        let mut rng = StdRng::seed_from_u64(4);
        let mut taken = Vec::new();
        {
            let mut source = pool.row_blinds(&mut rng);
            for _ in 0..5 {
                let (beta, multiple) = source.next_blind(&params);
                assert_eq!(multiple, h * beta);
                taken.push(beta);
            }
        }
        assert!(pool.is_empty(), "the three pooled blinds were moved out");
        // The two beyond the pool are the rng's first two draws, as a bare rng would give them.
        let mut bare = StdRng::seed_from_u64(4);
        let drawn: Vec<Fr> = (0..2).map(|_| bare.next_blind(&params).0).collect();
        assert_eq!(taken[3..], drawn[..]);
        let distinct: std::collections::HashSet<String> =
            taken.iter().map(|b| b.to_string()).collect();
        assert_eq!(distinct.len(), 5, "no blind handed out twice");
        pool.end_proof();
        assert_eq!(pool.last_demand().row_blinds, 5);

        // Blinds pooled under other parameters are multiples of another `H`: never used.
        let other = HyraxParams::derive(b"other", 16);
        pool.fill(&params, &demand, &mut StdRng::seed_from_u64(5));
        let mut rng = StdRng::seed_from_u64(6);
        let (beta, multiple) = pool.row_blinds(&mut rng).next_blind(&other);
        assert_eq!(multiple, other.blinding_base() * beta);
        assert_eq!(beta, StdRng::seed_from_u64(6).next_blind(&other).0);
        assert_eq!(
            pool.missing(&demand),
            NonceDemand::default(),
            "left in place"
        );
    }

    #[test]
    fn filling_under_other_parameters_starts_over() {
        let (a, b) = (HyraxParams::derive(b"a", 4), HyraxParams::derive(b"b", 4));
        let demand = NonceDemand {
            vectors: vec![4],
            ..NonceDemand::default()
        };
        let mut pool = NoncePool::new();
        let mut rng = StdRng::seed_from_u64(2);
        pool.fill(&a, &demand, &mut rng);
        assert!(pool.fits(&a) && !pool.fits(&b));
        pool.fill(&b, &demand, &mut rng);
        assert!(pool.fits(&b) && !pool.fits(&a));
        assert_eq!(
            pool.missing(&NonceDemand {
                vectors: vec![4, 4],
                ..demand
            })
            .vectors,
            vec![4]
        );
    }
}
