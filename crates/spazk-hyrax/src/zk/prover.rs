//! The zero-knowledge prover's context: hidden scalars, hiding openings and the final
//! Σ-protocol.

use super::commit::BlindedCommitment;
use super::label;
use super::pool::{wipe, NoncePool, PooledVector};
use super::proof::{SigmaCommitments, SigmaResponses, ZkProof};
use super::sigma::{absorb_commitments, absorb_responses};
use crate::error::HyraxError;
use crate::params::HyraxParams;
use crate::protocol::split_point;
use ark_bn254::{Fr, G1Affine, G1Projective};
use ark_ec::CurveGroup;
use ark_std::rand::{CryptoRng, RngCore};
use ark_std::UniformRand;
use spazk_field::{eq_table, evaluate_mle_with_eq};
use spazk_sumcheck::hidden::{Claim, HiddenValue, HidingProver, LinearForm, Relations, WitnessId};
use spazk_transcript::Transcript;

/// One commitment to open: the hiding commitment with its row blinds, and its opening vector
/// `u = Lᵀ·Z` at the point (from [`crate::opening_vector`] / [`crate::opening_vector_small`],
/// or the mat-vec prover's fold for a weight matrix).
#[derive(Clone, Copy, Debug)]
pub struct OpeningColumn<'c> {
    /// The commitment and its blinds.
    pub commitment: &'c BlindedCommitment,
    /// `u = Lᵀ·Z`, one entry per column of the layout.
    pub opening: &'c [Fr],
}

/// A witness vector of the Σ-protocol and the blind of its commitment (or a nonce for one).
/// Wiped when dropped.
#[derive(Clone, Debug)]
struct VectorWitness {
    values: Vec<Fr>,
    blind: Fr,
}

impl Drop for VectorWitness {
    fn drop(&mut self) {
        wipe(&mut self.values);
        wipe(core::slice::from_mut(&mut self.blind));
    }
}

impl VectorWitness {
    /// The secrets of a pooled vector (its commitment is read before).
    fn from_pooled(mut pooled: PooledVector) -> Self {
        Self {
            values: core::mem::take(&mut pooled.values),
            blind: pooled.blind,
        }
    }
}

/// The zero-knowledge prover's side of the commitment layer: implements [`HidingProver`], opens
/// hiding commitments ([`Self::open`]) and proves every relation at the end ([`Self::finish`]).
/// Every mask, blind and nonce comes from `rng`, or, computed ahead, from a [`NoncePool`]
/// ([`Self::with_pool`]).
pub struct ZkProver<'p, R> {
    params: &'p HyraxParams,
    rng: R,
    /// Input-independent randomness computed ahead; whatever it lacks is drawn from `rng`.
    pool: Option<&'p mut NoncePool>,
    relations: Relations<Fr>,
    /// The mask (index 0), then every opening's vector: the Σ-protocol's vector witnesses.
    vectors: Vec<VectorWitness>,
    mask_commitment: G1Affine,
    scalars: Vec<Fr>,
    scalar_blinds: Vec<Fr>,
    scalar_commitments: Vec<G1Affine>,
    /// Whether [`Self::finish`] checks `k₀ = 0` under `debug_assertions` (off only for tests
    /// of a cheating prover).
    self_check: bool,
}

/// The prover's secret state between the Σ-protocol's first message and its responses (wiped
/// when dropped: a nonce answers one challenge only).
#[derive(Clone, Debug)]
pub struct SigmaNonces {
    vectors: Vec<VectorWitness>,
    scalars: Vec<Fr>,
    scalar_blinds: Vec<Fr>,
    kappa: [Fr; 2],
}

impl Drop for SigmaNonces {
    fn drop(&mut self) {
        wipe(&mut self.scalars);
        wipe(&mut self.scalar_blinds);
        wipe(&mut self.kappa);
    }
}

impl<'p, R: RngCore + CryptoRng> ZkProver<'p, R> {
    /// A prover whose mask `M` holds `mask_len` uniform coefficients (the statement's count:
    /// the verifier is built with the same), committed as `C_M = ⟨M, G⟩ + β_M·H`. Absorb
    /// [`Self::mask_commitment`] with the statement ([`Self::absorb_mask_commitment`]).
    pub fn new(params: &'p HyraxParams, mask_len: usize, mut rng: R) -> Result<Self, HyraxError> {
        params.first(mask_len)?;
        let mask: Vec<Fr> = (0..mask_len).map(|_| Fr::rand(&mut rng)).collect();
        Self::committing_mask(params, mask, rng)
    }

    /// [`Self::new`] taking the mask, the Σ-protocol's nonces and the scalars' blinds from
    /// `pool` (filled ahead under `params`: see [`NoncePool`]) and drawing from `rng` only what
    /// the pool lacks. Every pooled entry used is moved out of the pool (one proof each); what
    /// the proof asked for is recorded in the pool when [`Self::finish`] runs, for
    /// [`NoncePool::refill`]. A pool filled under other parameters is refused
    /// ([`HyraxError::GeneratorMismatch`]): its commitments would not open.
    pub fn with_pool(
        params: &'p HyraxParams,
        mask_len: usize,
        pool: &'p mut NoncePool,
        rng: R,
    ) -> Result<Self, HyraxError> {
        params.first(mask_len)?;
        if !pool.fits(params) {
            return Err(HyraxError::GeneratorMismatch);
        }
        let mut prover = match pool.take_mask(mask_len) {
            Some(mask) => {
                let commitment = mask.commitment.into_affine();
                Self::from_mask(params, VectorWitness::from_pooled(mask), commitment, rng)
            }
            None => Self::new(params, mask_len, rng)?,
        };
        prover.pool = Some(pool);
        Ok(prover)
    }

    /// A prover whose mask is `mask`, chosen by the caller rather than drawn: for tests of a
    /// forger who picks `M` after seeing challenges (which only a transcript that does not
    /// bind `C_M` before them allows).
    #[cfg(feature = "test-util")]
    pub fn with_mask(params: &'p HyraxParams, mask: Vec<Fr>, rng: R) -> Result<Self, HyraxError> {
        params.first(mask.len())?;
        Self::committing_mask(params, mask, rng)
    }

    /// Commits to `mask` with a fresh blind from `rng`.
    fn committing_mask(
        params: &'p HyraxParams,
        mask: Vec<Fr>,
        mut rng: R,
    ) -> Result<Self, HyraxError> {
        params.first(mask.len())?;
        let blind = Fr::rand(&mut rng);
        let mask_commitment = PooledVector::commit(params, &mask, &blind).into_affine();
        let witness = VectorWitness {
            values: mask,
            blind,
        };
        Ok(Self::from_mask(params, witness, mask_commitment, rng))
    }

    /// A prover around a mask and its commitment.
    fn from_mask(
        params: &'p HyraxParams,
        mask: VectorWitness,
        mask_commitment: G1Affine,
        rng: R,
    ) -> Self {
        Self {
            params,
            rng,
            pool: None,
            relations: Relations::new(),
            vectors: vec![mask],
            mask_commitment,
            scalars: Vec::new(),
            scalar_blinds: Vec::new(),
            scalar_commitments: Vec::new(),
            self_check: true,
        }
    }

    /// `C_M`.
    pub fn mask_commitment(&self) -> G1Affine {
        self.mask_commitment
    }

    /// Absorbs `C_M` (as [`super::ZkVerifier::absorb_mask_commitment`] does).
    pub fn absorb_mask_commitment(&self, transcript: &mut Transcript) {
        transcript.append_serializable(label::MASK_COMMITMENT, &self.mask_commitment);
    }

    /// Opens `columns` (hiding commitments under one layout) at `point`, hidden: returns one
    /// handle per column for `Z̃_k(point)`, named exactly as [`super::ZkVerifier::open`] names
    /// them. Absorbs the commitments and the point. One column becomes one witness (its opening
    /// vector) and the form `⟨u, eq(r_col)⟩`; several are first sent as hidden scalars, then
    /// combined with coefficients drawn after them into one witness whose form must equal their
    /// combination.
    ///
    /// # Panics
    /// On a caller's bug: no column, columns of different layouts or made with other
    /// parameters, a point or an opening vector of another length than the layout's.
    pub fn open(
        &mut self,
        columns: &[OpeningColumn<'_>],
        point: &[Fr],
        transcript: &mut Transcript,
    ) -> Vec<HiddenValue> {
        let first = columns.first().expect("an opening names a commitment");
        let layout = first.commitment.commitment.layout;
        let (col_point, row_point) = split_point(layout, point).expect("point fits the layout");
        self.params
            .first(layout.cols())
            .expect("the parameters cover the layout");
        for column in columns {
            assert_eq!(column.commitment.commitment.layout, layout, "one layout");
            assert_eq!(
                column.commitment.commitment.seed,
                self.params.seed(),
                "the commitment was made with these parameters"
            );
            assert_eq!(
                column.opening.len(),
                layout.cols(),
                "u has one entry per column"
            );
            column
                .commitment
                .commitment
                .absorb_into(label::OPENING_COMMITMENT, transcript);
        }
        transcript.append_fields(label::OPENING_POINT, point);
        let row_weights = eq_table(row_point);
        let col_weights = eq_table(col_point);
        if let [column] = columns {
            let witness = self.add_vector(
                column.opening.to_vec(),
                column.commitment.combined_blind(&row_weights),
            );
            return vec![self.relations.hide(LinearForm {
                witness,
                offset: 0,
                coefficients: col_weights,
            })];
        }
        let handles: Vec<HiddenValue> = columns
            .iter()
            .map(|c| {
                let value = evaluate_mle_with_eq(c.opening, &col_weights);
                self.hide_scalar(value, transcript)
            })
            .collect();
        let coefficients: Vec<Fr> =
            transcript.challenge_fields(label::OPENING_COEFFICIENT, columns.len());
        let mut combined = vec![Fr::from(0u64); layout.cols()];
        let mut blind = Fr::from(0u64);
        for (column, c) in columns.iter().zip(&coefficients) {
            for (acc, u) in combined.iter_mut().zip(column.opening) {
                *acc += *c * u;
            }
            blind += *c * column.commitment.combined_blind(&row_weights);
        }
        let witness = self.add_vector(combined, blind);
        let opened = self.relations.hide(LinearForm {
            witness,
            offset: 0,
            coefficients: col_weights,
        });
        let claimed = handles
            .iter()
            .zip(&coefficients)
            .fold(Claim::public(Fr::from(0u64)), |acc, (h, c)| {
                acc + Claim::hidden(*h) * *c
            });
        self.relations.require_equal(Claim::hidden(opened), claimed);
        handles
    }

    fn add_vector(&mut self, values: Vec<Fr>, blind: Fr) -> WitnessId {
        let witness = self.relations.add_witness(values.len());
        self.vectors.push(VectorWitness { values, blind });
        witness
    }

    /// Proves every relation: the final Σ-protocol, Fiat–Shamir over `transcript`. Returns the
    /// proof's commitment side (mask commitment, scalar commitments, Σ-protocol).
    ///
    /// # Panics
    /// Under `debug_assertions`, when the relations do not hold at the prover's own witness
    /// (`k₀ ≠ 0`: a protocol's bookkeeping is wrong, or a value is), naming the first relation
    /// that fails. Always, when the protocol reserved more mask coefficients than
    /// [`Self::new`] drew.
    pub fn finish(mut self, transcript: &mut Transcript) -> ZkProof {
        let gamma: Fr = transcript.challenge_field(label::GAMMA);
        let (commitments, nonces) = self.first_message(gamma);
        absorb_commitments(&commitments, transcript);
        let e: Fr = transcript.challenge_field(label::CHALLENGE);
        let responses = self.respond(&nonces, e);
        absorb_responses(&responses, transcript);
        if let Some(pool) = self.pool.as_deref_mut() {
            pool.end_proof();
        }
        ZkProof {
            mask_commitment: self.mask_commitment,
            scalar_commitments: self.scalar_commitments,
            commitments,
            responses,
        }
    }

    /// The witness vectors as [`Relations::evaluate_forms`] takes them: the mask cut to the
    /// coefficients the protocol reserved (the rest is committed but unused).
    fn forms_at<'a>(&self, vectors: &'a [VectorWitness], scalars: &'a [Fr]) -> Vec<&'a [Fr]> {
        let used = self.relations.mask_len();
        let mut witnesses: Vec<&[Fr]> = Vec::with_capacity(vectors.len() + 1);
        witnesses.push(&vectors[0].values[..used]);
        witnesses.push(scalars);
        witnesses.extend(vectors[1..].iter().map(|v| v.values.as_slice()));
        witnesses
    }

    /// The first message after `γ`: nonces for every witness, their commitments and `K̂₁`,
    /// `K̂₂`.
    pub(crate) fn first_message(&mut self, gamma: Fr) -> (SigmaCommitments, SigmaNonces) {
        let used = self.relations.mask_len();
        assert!(
            used <= self.vectors[0].values.len(),
            "the protocol reserved {used} mask coefficients, ZkProver::new drew {}",
            self.vectors[0].values.len()
        );
        let tables = self.params.tables();
        // Nonces from the pool where it has them; the rest drawn here in the order a prover
        // without a pool draws them (every vector, then every t_j, every τ_j, then κ), so that
        // a seeded proof without a pool is the same bytes as before pools existed. The MSMs of
        // drawn vector nonces run after all draws.
        let mut pool = self.pool.as_deref_mut();
        let rng = &mut self.rng;
        let pooled_vectors: Vec<Option<PooledVector>> = self
            .vectors
            .iter()
            .map(|w| pool.as_deref_mut()?.take_vector(w.values.len()))
            .collect();
        let drawn_vectors: Vec<Option<VectorWitness>> = self
            .vectors
            .iter()
            .zip(&pooled_vectors)
            .map(|(w, pooled)| {
                pooled.is_none().then(|| VectorWitness {
                    values: (0..w.values.len()).map(|_| Fr::rand(rng)).collect(),
                    blind: Fr::rand(rng),
                })
            })
            .collect();
        let pooled_scalars: Vec<_> = self
            .scalars
            .iter()
            .map(|_| pool.as_deref_mut()?.take_scalar())
            .collect();
        let drawn_t: Vec<Option<Fr>> = pooled_scalars
            .iter()
            .map(|p| p.is_none().then(|| Fr::rand(rng)))
            .collect();
        let drawn_tau: Vec<Option<Fr>> = pooled_scalars
            .iter()
            .map(|p| p.is_none().then(|| Fr::rand(rng)))
            .collect();
        let pooled_kappa = [(); 2].map(|_| pool.as_deref_mut()?.take_blind());
        let kappa_parts = pooled_kappa.map(|p| match p {
            Some(p) => (p.blind, Some(p.multiple)),
            None => (Fr::rand(rng), None),
        });
        let kappa = kappa_parts.map(|(k, _)| k);

        let mut vectors = Vec::with_capacity(self.vectors.len());
        let mut vector_nonces = Vec::with_capacity(self.vectors.len());
        for (pooled, drawn) in pooled_vectors.into_iter().zip(drawn_vectors) {
            match (pooled, drawn) {
                (Some(pooled), _) => {
                    vector_nonces.push(pooled.commitment);
                    vectors.push(VectorWitness::from_pooled(pooled));
                }
                (None, Some(drawn)) => {
                    vector_nonces.push(PooledVector::commit(
                        self.params,
                        &drawn.values,
                        &drawn.blind,
                    ));
                    vectors.push(drawn);
                }
                (None, None) => unreachable!("a nonce is pooled or drawn"),
            }
        }
        let mut scalars = Vec::with_capacity(self.scalars.len());
        let mut scalar_blinds = Vec::with_capacity(self.scalars.len());
        let mut scalar_nonces = Vec::with_capacity(self.scalars.len());
        for ((pooled, t), tau) in pooled_scalars.into_iter().zip(drawn_t).zip(drawn_tau) {
            match (pooled, t, tau) {
                (Some(pooled), _, _) => {
                    scalars.push(pooled.value);
                    scalar_blinds.push(pooled.blind);
                    scalar_nonces.push(pooled.commitment);
                }
                (None, Some(t), Some(tau)) => {
                    scalars.push(t);
                    scalar_blinds.push(tau);
                    scalar_nonces.push(tables.value.mul(&t) + tables.blinding.mul(&tau));
                }
                _ => unreachable!("a scalar nonce is pooled or drawn"),
            }
        }
        let at_witness = self
            .relations
            .evaluate_forms(&self.forms_at(&self.vectors, &self.scalars))
            .expect("the prover's witnesses have the registered shapes");
        let at_nonce = self
            .relations
            .evaluate_forms(&self.forms_at(&vectors, &scalars))
            .expect("the nonces have the registered shapes");
        let [k0, k1, k2] = self
            .relations
            .combined_expansion(gamma, &at_witness, &at_nonce);
        debug_assert!(
            !self.self_check || k0 == Fr::from(0u64),
            "the prover's witness breaks relation {:?}: a protocol's relation bookkeeping or \
             a hidden value is wrong",
            self.relations.first_unsatisfied(&at_witness)
        );
        let kappa_multiple = kappa_parts.map(|(k, multiple)| match multiple {
            Some(multiple) => multiple,
            None => tables.blinding.mul(&k),
        });
        let k = [
            tables.value.mul(&k1) + kappa_multiple[0],
            tables.value.mul(&k2) + kappa_multiple[1],
        ];
        let commitments = SigmaCommitments {
            scalar_nonces: G1Projective::normalize_batch(&scalar_nonces),
            vector_nonces: G1Projective::normalize_batch(&vector_nonces),
            k1: k[0].into_affine(),
            k2: k[1].into_affine(),
        };
        let nonces = SigmaNonces {
            vectors,
            scalars,
            scalar_blinds,
            kappa,
        };
        (commitments, nonces)
    }

    /// The responses to the challenge `e`.
    pub(crate) fn respond(&self, nonces: &SigmaNonces, e: Fr) -> SigmaResponses {
        let shift =
            |w: &[Fr], d: &[Fr]| -> Vec<Fr> { w.iter().zip(d).map(|(w, d)| *w + e * d).collect() };
        SigmaResponses {
            scalars: shift(&self.scalars, &nonces.scalars),
            scalar_blinds: shift(&self.scalar_blinds, &nonces.scalar_blinds),
            vectors: self
                .vectors
                .iter()
                .zip(&nonces.vectors)
                .map(|(w, d)| shift(&w.values, &d.values))
                .collect(),
            vector_blinds: self
                .vectors
                .iter()
                .zip(&nonces.vectors)
                .map(|(w, d)| w.blind + e * d.blind)
                .collect(),
            kappa: e * nonces.kappa[0] + e * e * nonces.kappa[1],
        }
    }

    /// The scalar commitments sent so far.
    pub fn scalar_commitments(&self) -> &[G1Affine] {
        &self.scalar_commitments
    }

    /// Vector witness `k`'s values (0 the mask, then the openings): for tests that check a
    /// witness extracted from transcripts.
    #[cfg(feature = "test-util")]
    pub fn vector_witness(&self, k: usize) -> &[Fr] {
        &self.vectors[k].values
    }

    /// The hidden scalars' values.
    #[cfg(feature = "test-util")]
    pub fn scalar_values(&self) -> &[Fr] {
        &self.scalars
    }

    /// Turns off the `k₀ = 0` self-check, so that a test can build a cheating prover's proof
    /// in any build.
    #[cfg(feature = "test-util")]
    pub fn skip_self_check(&mut self) {
        self.self_check = false;
    }

    /// The interactive Σ-protocol's first message for a given `γ` (the Fiat–Shamir form is
    /// [`Self::finish`]), with the secret nonces to answer from.
    #[cfg(feature = "test-util")]
    pub fn interactive_first_message(&mut self, gamma: Fr) -> (SigmaCommitments, SigmaNonces) {
        self.first_message(gamma)
    }

    /// The interactive responses to the challenge `e`.
    #[cfg(feature = "test-util")]
    pub fn interactive_respond(&self, nonces: &SigmaNonces, e: Fr) -> SigmaResponses {
        self.respond(nonces, e)
    }
}

impl<R: RngCore + CryptoRng> HidingProver<Fr> for ZkProver<'_, R> {
    fn relations(&mut self) -> &mut Relations<Fr> {
        &mut self.relations
    }

    fn mask(&self) -> &[Fr] {
        &self.vectors[0].values
    }

    /// `X_j = y·G₀ + b_j·H` with a fresh `b_j`, absorbed; `j` is the scalar's slot.
    fn hide_scalar(&mut self, value: Fr, transcript: &mut Transcript) -> HiddenValue {
        let tables = self.params.tables();
        let (blind, multiple) = match self.pool.as_deref_mut().and_then(NoncePool::take_blind) {
            Some(pooled) => (pooled.blind, pooled.multiple),
            None => {
                let blind = Fr::rand(&mut self.rng);
                (blind, tables.blinding.mul(&blind))
            }
        };
        let commitment = (tables.value.mul(&value) + multiple).into_affine();
        transcript.append_serializable(label::SCALAR, &commitment);
        self.scalars.push(value);
        self.scalar_blinds.push(blind);
        self.scalar_commitments.push(commitment);
        self.relations.new_scalar()
    }
}
