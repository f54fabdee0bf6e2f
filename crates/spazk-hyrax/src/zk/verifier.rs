//! The zero-knowledge verifier's context: reads hidden scalars from the proof, mirrors the
//! prover's openings, and checks the final Σ-protocol with one MSM. Never panics on proof data.

use super::label;
use super::proof::{SigmaCommitments, SigmaResponses, ZkProof};
use super::sigma::{absorb_commitments, absorb_responses, vector_witnesses};
use crate::commitment::HyraxCommitment;
use crate::error::{HyraxError, SigmaPart};
use crate::params::HyraxParams;
use crate::protocol::split_point;
use ark_bn254::{Fr, G1Affine};
use ark_ff::Zero;
use core::cell::Cell;
use spazk_field::eq_table;
use spazk_sumcheck::hidden::{
    Claim, HiddenError, HiddenValue, HidingVerifier, LinearForm, Relations, WitnessId,
    WitnessShapeError,
};
use spazk_transcript::Transcript;

/// An opening's witness commitment `T = Σ_k c_k·Σ_i L_i·C_{k,i}`, kept as its parts so that it
/// is computed inside the final MSM (never read from the proof).
#[derive(Clone, Debug)]
struct OpeningTarget<'a> {
    commitments: Vec<&'a HyraxCommitment>,
    coefficients: Vec<Fr>,
    row_weights: Vec<Fr>,
}

/// The zero-knowledge verifier's side of the commitment layer: implements [`HidingVerifier`]
/// over the scalar commitments of `proof`, mirrors [`super::ZkProver::open`] ([`Self::open`]),
/// and checks the final Σ-protocol ([`Self::finish`]).
///
/// The proof is handed over at construction, not at [`Self::finish`]: the verifier reads the
/// mask commitment and the hidden scalars from it while the protocols run.
pub struct ZkVerifier<'a> {
    params: &'a HyraxParams,
    proof: &'a ZkProof,
    mask_len: usize,
    relations: Relations<Fr>,
    openings: Vec<OpeningTarget<'a>>,
    /// When `C_M` was absorbed: `Some(n)` with `n` the mask coefficients reserved by then
    /// (anything but zero means a masked sumcheck drew its challenges before the mask was
    /// bound). Checked in [`Self::finish`]. A `Cell` so that absorbing keeps taking `&self`.
    mask_absorbed_at: Cell<Option<usize>>,
}

fn check_commitment(params: &HyraxParams, commitment: &HyraxCommitment) -> Result<(), HyraxError> {
    commitment.check_shape()?;
    if commitment.seed != params.seed() {
        return Err(HyraxError::GeneratorMismatch);
    }
    Ok(())
}

fn check_len(part: SigmaPart, expected: usize, found: usize) -> Result<(), HyraxError> {
    if expected != found {
        return Err(HyraxError::SigmaLength {
            part,
            expected,
            found,
        });
    }
    Ok(())
}

impl<'a> ZkVerifier<'a> {
    /// A verifier of `proof` for a statement whose mask has `mask_len` coefficients (the same
    /// count the prover was built with: it comes from the statement's shapes).
    pub fn new(
        params: &'a HyraxParams,
        mask_len: usize,
        proof: &'a ZkProof,
    ) -> Result<Self, HyraxError> {
        params.first(mask_len)?;
        Ok(Self {
            params,
            proof,
            mask_len,
            relations: Relations::new(),
            openings: Vec::new(),
            mask_absorbed_at: Cell::new(None),
        })
    }

    /// `C_M`, as the proof states it.
    pub fn mask_commitment(&self) -> G1Affine {
        self.proof.mask_commitment
    }

    /// Absorbs `C_M` (as [`super::ZkProver::absorb_mask_commitment`] does), with the
    /// statement: before any masked sumcheck draws its weight `ρ`. [`Self::finish`] refuses a
    /// proof whose `C_M` was never absorbed, or absorbed after a masked sumcheck reserved mask
    /// coefficients — the masks' soundness rests on `M` being fixed before their challenges,
    /// and this keeps it from resting on every caller remembering.
    pub fn absorb_mask_commitment(&self, transcript: &mut Transcript) {
        transcript.append_serializable(label::MASK_COMMITMENT, &self.proof.mask_commitment);
        if self.mask_absorbed_at.get().is_none() {
            self.mask_absorbed_at.set(Some(self.relations.mask_len()));
        }
    }

    /// Mirrors [`super::ZkProver::open`]: the handles of `Z̃_k(point)` for each of
    /// `commitments` (one layout, `params`' generators). Every length comes from the
    /// commitments' layout.
    pub fn open(
        &mut self,
        commitments: &[&'a HyraxCommitment],
        point: &[Fr],
        transcript: &mut Transcript,
    ) -> Result<Vec<HiddenValue>, HyraxError> {
        let first = commitments.first().ok_or(HyraxError::EmptyOpening)?;
        let layout = first.layout;
        for commitment in commitments {
            check_commitment(self.params, commitment)?;
            if commitment.layout != layout {
                return Err(HyraxError::LayoutMismatch);
            }
        }
        let (col_point, row_point) = split_point(layout, point)?;
        self.params.first(layout.cols())?;
        for commitment in commitments {
            commitment.absorb_into(label::OPENING_COMMITMENT, transcript);
        }
        transcript.append_fields(label::OPENING_POINT, point);
        let row_weights = eq_table(row_point);
        let col_weights = eq_table(col_point);
        if commitments.len() == 1 {
            let witness = self.add_opening(commitments.to_vec(), vec![Fr::from(1u64)], row_weights);
            return Ok(vec![self.relations.hide(LinearForm {
                witness,
                offset: 0,
                coefficients: col_weights,
            })]);
        }
        let handles = (0..commitments.len())
            .map(|_| self.receive_scalar(transcript))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|HiddenError::MissingScalar { found }| HyraxError::MissingScalar { found })?;
        let coefficients: Vec<Fr> =
            transcript.challenge_fields(label::OPENING_COEFFICIENT, commitments.len());
        let claimed = handles
            .iter()
            .zip(&coefficients)
            .fold(Claim::public(Fr::zero()), |acc, (h, c)| {
                acc + Claim::hidden(*h) * *c
            });
        let witness = self.add_opening(commitments.to_vec(), coefficients, row_weights);
        let opened = self.relations.hide(LinearForm {
            witness,
            offset: 0,
            coefficients: col_weights,
        });
        self.relations.require_equal(Claim::hidden(opened), claimed);
        Ok(handles)
    }

    fn add_opening(
        &mut self,
        commitments: Vec<&'a HyraxCommitment>,
        coefficients: Vec<Fr>,
        row_weights: Vec<Fr>,
    ) -> WitnessId {
        let witness = self.relations.add_witness(commitments[0].layout.cols());
        self.openings.push(OpeningTarget {
            commitments,
            coefficients,
            row_weights,
        });
        witness
    }

    /// Checks the final Σ-protocol, Fiat–Shamir over `transcript` exactly as
    /// [`super::ZkProver::finish`] runs it: `C_M` was absorbed before any mask coefficient was
    /// reserved ([`Self::absorb_mask_commitment`]), every scalar commitment was read, every
    /// length of the Σ-protocol matches the relations, then one MSM.
    pub fn finish(self, transcript: &mut Transcript) -> Result<(), HyraxError> {
        match self.mask_absorbed_at.get() {
            None => return Err(HyraxError::MaskCommitmentNotAbsorbed),
            Some(0) => {}
            Some(reserved) => return Err(HyraxError::MaskCommitmentAbsorbedLate { reserved }),
        }
        self.check_shapes()?;
        let gamma: Fr = transcript.challenge_field(label::GAMMA);
        absorb_commitments(&self.proof.commitments, transcript);
        let e: Fr = transcript.challenge_field(label::CHALLENGE);
        absorb_responses(&self.proof.responses, transcript);
        // The weights come from a copy: the transcript has absorbed every input of the MSM
        // (commitments through their digests, the points, every message), and the prover never
        // sees them.
        let weights = transcript.clone();
        let (first, responses) = (&self.proof.commitments, &self.proof.responses);
        self.check(gamma, first, e, responses, weights)
    }

    /// Every scalar commitment read, the mask large enough, and every part of the Σ-protocol of
    /// the length the relations registered.
    fn check_shapes(&self) -> Result<(), HyraxError> {
        self.check_sigma_shapes(&self.proof.commitments, &self.proof.responses)
    }

    fn check_sigma_shapes(
        &self,
        first: &SigmaCommitments,
        responses: &SigmaResponses,
    ) -> Result<(), HyraxError> {
        let scalars = self.relations.scalar_count();
        if self.proof.scalar_commitments.len() != scalars {
            return Err(HyraxError::UnusedScalars {
                read: scalars,
                sent: self.proof.scalar_commitments.len(),
            });
        }
        if self.relations.mask_len() > self.mask_len {
            return Err(HyraxError::MaskOverflow {
                committed: self.mask_len,
                used: self.relations.mask_len(),
            });
        }
        let vector_lens = self.vector_lens();
        check_len(SigmaPart::ScalarNonces, scalars, first.scalar_nonces.len())?;
        check_len(
            SigmaPart::VectorNonces,
            vector_lens.len(),
            first.vector_nonces.len(),
        )?;
        check_len(SigmaPart::ScalarResponses, scalars, responses.scalars.len())?;
        check_len(
            SigmaPart::ScalarBlinds,
            scalars,
            responses.scalar_blinds.len(),
        )?;
        check_len(
            SigmaPart::VectorResponses,
            vector_lens.len(),
            responses.vectors.len(),
        )?;
        for (i, (expected, z)) in vector_lens.iter().zip(&responses.vectors).enumerate() {
            check_len(SigmaPart::VectorResponse(i), *expected, z.len())?;
        }
        check_len(
            SigmaPart::VectorBlinds,
            vector_lens.len(),
            responses.vector_blinds.len(),
        )
    }

    /// Each vector witness's length in proof order: the statement's mask length, then every
    /// opening's layout width.
    fn vector_lens(&self) -> Vec<usize> {
        let lens = self.relations.witness_lens();
        vector_witnesses(lens.len())
            .map(|k| {
                if k == WitnessId::MASK.index() {
                    self.mask_len
                } else {
                    lens[k]
                }
            })
            .collect()
    }

    /// Commitment of every vector witness, in proof order, and the scalar commitments: what a
    /// simulator solves the first message against.
    #[cfg(feature = "test-util")]
    pub fn witness_commitments(&self) -> (Vec<ark_bn254::G1Projective>, Vec<G1Affine>) {
        let mut vectors = vec![ark_bn254::G1Projective::from(self.proof.mask_commitment)];
        for target in &self.openings {
            let mut t = ark_bn254::G1Projective::zero();
            for (commitment, c) in target.commitments.iter().zip(&target.coefficients) {
                for (row, l) in commitment.rows.iter().zip(&target.row_weights) {
                    t += *row * (*l * c);
                }
            }
            vectors.push(t);
        }
        (vectors, self.proof.scalar_commitments.clone())
    }

    /// The statement's mask length.
    pub fn mask_len(&self) -> usize {
        self.mask_len
    }

    /// The interactive Σ-protocol's check for given `γ` and `e` (the Fiat–Shamir form is
    /// [`Self::finish`]): the same shape checks and the same MSM, its weights drawn from a
    /// transcript of the messages.
    #[cfg(feature = "test-util")]
    pub fn check_interactive(
        self,
        gamma: Fr,
        first: &SigmaCommitments,
        e: Fr,
        responses: &SigmaResponses,
    ) -> Result<(), HyraxError> {
        self.check_sigma_shapes(first, responses)?;
        let mut weights = Transcript::new(b"spazk-hyrax-zk-interactive");
        weights.append_field(label::GAMMA, &gamma);
        absorb_commitments(first, &mut weights);
        weights.append_field(label::CHALLENGE, &e);
        absorb_responses(responses, &mut weights);
        self.check(gamma, first, e, responses, weights)
    }

    /// The merged MSM of every Σ-protocol equation (shapes already checked):
    /// `ω_k·(⟨z_k, G⟩ + ζ_k·H − Com_k − e·D_k)`, `ω_j·(s_j·G₀ + σ_j·H − X_j − e·A_j)` and
    /// `R(z, s)·G₀ + κ·H − e·K̂₁ − e²·K̂₂`, with `ω` drawn from `weights`.
    fn check(
        self,
        gamma: Fr,
        first: &SigmaCommitments,
        e: Fr,
        responses: &SigmaResponses,
        mut weights: Transcript,
    ) -> Result<(), HyraxError> {
        let vector_count = responses.vectors.len();
        let scalar_count = responses.scalars.len();
        let omegas: Vec<Fr> =
            weights.challenge_fields(label::MSM_WEIGHTS, vector_count + scalar_count);
        let (vector_weights, scalar_weights) = omegas.split_at(vector_count);

        let used = self.relations.mask_len();
        let mut at_response: Vec<&[Fr]> = Vec::with_capacity(vector_count + 1);
        at_response.push(&responses.vectors[0][..used]);
        at_response.push(&responses.scalars);
        at_response.extend(responses.vectors[1..].iter().map(Vec::as_slice));
        let values = self
            .relations
            .evaluate_forms(&at_response)
            .map_err(shape_error)?;
        let relation = self.relations.combined(gamma, &values);

        let widest = responses.vectors.iter().map(Vec::len).max().unwrap_or(0);
        let rows: usize = self
            .openings
            .iter()
            .map(|t| t.commitments.len() * t.row_weights.len())
            .sum();
        let points = rows + 2 * vector_count + 2 * scalar_count + 3;
        let mut bases: Vec<G1Affine> = Vec::with_capacity(widest + 2 + points);
        let mut scalars: Vec<Fr> = Vec::with_capacity(widest + 2 + points);
        let mut generator_scalars = vec![Fr::zero(); widest];
        let mut value_scalar = relation;
        let mut blinding_scalar = responses.kappa;

        for (i, (omega, z)) in vector_weights.iter().zip(&responses.vectors).enumerate() {
            for (acc, z) in generator_scalars.iter_mut().zip(z) {
                *acc += *omega * z;
            }
            blinding_scalar += *omega * responses.vector_blinds[i];
            bases.push(first.vector_nonces[i]);
            scalars.push(-(*omega * e));
            if i == 0 {
                bases.push(self.proof.mask_commitment);
                scalars.push(-*omega);
            } else {
                let target = &self.openings[i - 1];
                for (commitment, c) in target.commitments.iter().zip(&target.coefficients) {
                    let weight = -(*omega * c);
                    bases.extend_from_slice(&commitment.rows);
                    scalars.extend(target.row_weights.iter().map(|l| *l * weight));
                }
            }
        }
        for (j, omega) in scalar_weights.iter().enumerate() {
            value_scalar += *omega * responses.scalars[j];
            blinding_scalar += *omega * responses.scalar_blinds[j];
            bases.push(self.proof.scalar_commitments[j]);
            scalars.push(-*omega);
            bases.push(first.scalar_nonces[j]);
            scalars.push(-(*omega * e));
        }
        bases.extend([first.k1, first.k2]);
        scalars.extend([-e, -(e * e)]);
        bases.extend([self.params.value_base(), self.params.blinding_base()]);
        scalars.extend([value_scalar, blinding_scalar]);
        bases.extend_from_slice(self.params.first(widest)?);
        scalars.extend(generator_scalars);
        if !crate::msm::msm(&bases, &scalars).is_zero() {
            return Err(HyraxError::SigmaCheckFailed);
        }
        Ok(())
    }
}

/// A response of another shape than registered (caught earlier by the shape checks; kept
/// precise rather than unreachable).
fn shape_error(error: WitnessShapeError) -> HyraxError {
    match error {
        WitnessShapeError::Count { expected, found } => HyraxError::SigmaLength {
            part: SigmaPart::VectorResponses,
            expected: expected.saturating_sub(1),
            found: found.saturating_sub(1),
        },
        WitnessShapeError::Length {
            witness,
            expected,
            found,
        } => {
            let part = match witness {
                1 => SigmaPart::ScalarResponses,
                0 => SigmaPart::VectorResponse(0),
                k => SigmaPart::VectorResponse(k - 1),
            };
            HyraxError::SigmaLength {
                part,
                expected,
                found,
            }
        }
    }
}

impl HidingVerifier<Fr> for ZkVerifier<'_> {
    fn relations(&mut self) -> &mut Relations<Fr> {
        &mut self.relations
    }

    /// Reads `X_j` (`j` the next slot) from the proof and absorbs it.
    fn receive_scalar(&mut self, transcript: &mut Transcript) -> Result<HiddenValue, HiddenError> {
        let slot = self.relations.scalar_count();
        let commitment =
            self.proof
                .scalar_commitments
                .get(slot)
                .ok_or(HiddenError::MissingScalar {
                    found: self.proof.scalar_commitments.len(),
                })?;
        transcript.append_serializable(label::SCALAR, commitment);
        Ok(self.relations.new_scalar())
    }
}
