//! Hiding in the clear: a prover that "hides" a value by writing it down and a verifier that
//! reads it and, at the end, checks every relation on the revealed witnesses. Nothing is
//! hidden; what this tests is a protocol's relation bookkeeping (that honest proofs satisfy
//! every relation and that each cheat breaks one), with no group operation. Feature
//! `test-util` only.
//!
//! Nor is the mask bound to the transcript here (no `C_M`): a prover that picks its mask after
//! the challenges passes any masked sumcheck in the clear. Tests of cheats that keep the honest
//! mask are meaningful; binding the mask before `ρ` is the commitment layer's job
//! (`spazk-hyrax`'s `ZkVerifier::finish` refuses a transcript that did not absorb `C_M` first).

use super::claim::HiddenValue;
use super::context::{HiddenError, HidingProver, HidingVerifier};
use super::relations::{Relations, WitnessId, WitnessShapeError};
use ark_ff::PrimeField;
use spazk_transcript::Transcript;
use thiserror::Error;

const REVEALED_SCALAR: &[u8] = b"revealed-scalar";

/// The prover: keeps every witness vector in the clear.
#[derive(Clone, Debug)]
pub struct ClearProver<F> {
    relations: Relations<F>,
    witnesses: Vec<Vec<F>>,
}

/// Every witness vector of a [`ClearProver`], by [`WitnessId::index`]: the "proof".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revealed<F> {
    /// The witness vectors.
    pub witnesses: Vec<Vec<F>>,
}

impl<F: PrimeField> ClearProver<F> {
    /// A prover whose mask is `mask`.
    pub fn new(mask: Vec<F>) -> Self {
        Self {
            relations: Relations::new(),
            witnesses: vec![mask, Vec::new()],
        }
    }

    /// Registers an opening vector with its values.
    pub fn add_witness(&mut self, values: Vec<F>) -> WitnessId {
        let id = self.relations.add_witness(values.len());
        self.witnesses.push(values);
        id
    }

    /// What the verifier is handed. The mask is cut to the length the protocol used.
    pub fn reveal(mut self) -> Revealed<F> {
        let used = self.relations.mask_len();
        self.witnesses[WitnessId::MASK.index()].truncate(used);
        Revealed {
            witnesses: self.witnesses,
        }
    }
}

impl<F: PrimeField> HidingProver<F> for ClearProver<F> {
    fn relations(&mut self) -> &mut Relations<F> {
        &mut self.relations
    }

    fn mask(&self) -> &[F] {
        &self.witnesses[WitnessId::MASK.index()]
    }

    fn hide_scalar(&mut self, value: F, transcript: &mut Transcript) -> HiddenValue {
        transcript.append_field(REVEALED_SCALAR, &value);
        self.witnesses[WitnessId::SCALARS.index()].push(value);
        self.relations.new_scalar()
    }
}

/// A relation failed on the revealed witnesses, or they have other shapes than registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum ClearCheckError {
    /// Relation `index` (in the order required) does not vanish.
    #[error("relation {0} does not hold")]
    Unsatisfied(usize),
    /// The revealed witnesses do not have the registered shapes.
    #[error(transparent)]
    Shape(#[from] WitnessShapeError),
}

/// The verifier: reads scalars from the revealed witnesses, checks every relation at the end.
#[derive(Clone, Debug)]
pub struct ClearVerifier<F> {
    relations: Relations<F>,
    revealed: Revealed<F>,
}

impl<F: PrimeField> ClearVerifier<F> {
    /// A verifier of `revealed`.
    pub fn new(revealed: Revealed<F>) -> Self {
        Self {
            relations: Relations::new(),
            revealed,
        }
    }

    /// Registers an opening vector of `len` entries (its values are the revealed ones).
    pub fn add_witness(&mut self, len: usize) -> WitnessId {
        self.relations.add_witness(len)
    }

    /// Checks every relation on the revealed witnesses.
    pub fn check(&self) -> Result<(), ClearCheckError> {
        let witnesses: Vec<&[F]> = self.revealed.witnesses.iter().map(Vec::as_slice).collect();
        let values = self.relations.evaluate_forms(&witnesses)?;
        match self.relations.first_unsatisfied(&values) {
            Some(index) => Err(ClearCheckError::Unsatisfied(index)),
            None => Ok(()),
        }
    }
}

impl<F: PrimeField> HidingVerifier<F> for ClearVerifier<F> {
    fn relations(&mut self) -> &mut Relations<F> {
        &mut self.relations
    }

    fn receive_scalar(&mut self, transcript: &mut Transcript) -> Result<HiddenValue, HiddenError> {
        let scalars = &self.revealed.witnesses[WitnessId::SCALARS.index()];
        let slot = self.relations.scalar_count();
        let value = *scalars.get(slot).ok_or(HiddenError::MissingScalar {
            found: scalars.len(),
        })?;
        transcript.append_field(REVEALED_SCALAR, &value);
        Ok(self.relations.new_scalar())
    }
}
