//! The field-only side of the deferred relations: which hidden witness vectors a proof has, the
//! linear forms of them that the protocols name ([`HiddenValue`]s), and the degree-2 relations
//! those values must satisfy. The final Σ-protocol (in `spazk-hyrax`) proves all relations at
//! once, combined as `R = Σ_r γ^r·R_r`.

use super::claim::{Claim, HiddenValue, Quadratic};
use ark_ff::Field;
use thiserror::Error;

/// Names one hidden witness vector: the mask `M` ([`WitnessId::MASK`]), the hidden scalars
/// ([`WitnessId::SCALARS`], one entry per scalar, in the order the proof sends them) or an
/// opening vector registered with [`Relations::add_witness`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WitnessId(pub(crate) u32);

impl WitnessId {
    /// The mask vector `M`: every masked sumcheck's coefficients, each instance its own slice.
    pub const MASK: Self = Self(0);
    /// The hidden scalars, entry `j` the `j`-th scalar the proof sends.
    pub const SCALARS: Self = Self(1);

    /// The witness's index, its position in [`Relations::witness_lens`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// `⟨coefficients, w[offset .. offset + coefficients.len()]⟩` for the witness vector `w`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinearForm<F> {
    /// The witness vector.
    pub witness: WitnessId,
    /// Where the coefficients start in it.
    pub offset: usize,
    /// The coefficients.
    pub coefficients: Vec<F>,
}

/// One masked sumcheck's coefficients: `M[offset .. offset + len]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaskSlice {
    /// First coefficient's index in `M`.
    pub offset: usize,
    /// Number of coefficients.
    pub len: usize,
}

/// Witness vectors handed to [`Relations::evaluate_forms`] do not have the registered lengths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum WitnessShapeError {
    /// Another number of witness vectors than registered.
    #[error("{found} witness vectors, {expected} registered")]
    Count {
        /// Registered.
        expected: usize,
        /// Given.
        found: usize,
    },
    /// A witness vector of another length than registered.
    #[error("witness {witness} has {found} entries, {expected} registered")]
    Length {
        /// The witness index.
        witness: usize,
        /// Registered.
        expected: usize,
        /// Given.
        found: usize,
    },
}

/// The deferred relations of one zero-knowledge proof, built identically by the prover and the
/// verifier: the hidden witness vectors (lengths only), the hidden values (linear forms of
/// them) and the relations (degree-2 expressions that must vanish).
///
/// Every length here comes from the statement and the protocol's own bookkeeping, never from a
/// proof: a form outside its witness is a bug of the caller and panics.
#[derive(Clone, Debug)]
pub struct Relations<F> {
    witness_lens: Vec<usize>,
    forms: Vec<LinearForm<F>>,
    relations: Vec<Quadratic<F>>,
}

impl<F: Field> Default for Relations<F> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F: Field> Relations<F> {
    /// No relations; the mask and the scalars empty.
    pub fn new() -> Self {
        Self {
            witness_lens: vec![0, 0],
            forms: Vec::new(),
            relations: Vec::new(),
        }
    }

    /// Registers an opening vector of `len` entries.
    pub fn add_witness(&mut self, len: usize) -> WitnessId {
        self.witness_lens.push(len);
        WitnessId((self.witness_lens.len() - 1) as u32)
    }

    /// Every witness vector's length, by [`WitnessId::index`].
    pub fn witness_lens(&self) -> &[usize] {
        &self.witness_lens
    }

    /// Names the value `form` takes.
    ///
    /// # Panics
    /// If the form reaches outside its witness (a caller's bug: lengths come from statements).
    pub fn hide(&mut self, form: LinearForm<F>) -> HiddenValue {
        let len = self.witness_lens[form.witness.index()];
        assert!(
            form.offset + form.coefficients.len() <= len,
            "linear form outside its witness"
        );
        self.forms.push(form);
        HiddenValue((self.forms.len() - 1) as u32)
    }

    /// The next hidden scalar (entry [`Self::scalar_count`] of [`WitnessId::SCALARS`]).
    pub fn new_scalar(&mut self) -> HiddenValue {
        let slot = self.witness_lens[WitnessId::SCALARS.index()];
        self.witness_lens[WitnessId::SCALARS.index()] += 1;
        self.hide(LinearForm {
            witness: WitnessId::SCALARS,
            offset: slot,
            coefficients: vec![F::one()],
        })
    }

    /// How many hidden scalars have been registered.
    pub fn scalar_count(&self) -> usize {
        self.witness_lens[WitnessId::SCALARS.index()]
    }

    /// Reserves the next `len` coefficients of the mask.
    pub fn allocate_mask(&mut self, len: usize) -> MaskSlice {
        let offset = self.witness_lens[WitnessId::MASK.index()];
        self.witness_lens[WitnessId::MASK.index()] += len;
        MaskSlice { offset, len }
    }

    /// How many mask coefficients have been reserved.
    pub fn mask_len(&self) -> usize {
        self.witness_lens[WitnessId::MASK.index()]
    }

    /// Names `⟨coefficients, M[slice]⟩`.
    pub fn mask_value(&mut self, slice: MaskSlice, coefficients: Vec<F>) -> HiddenValue {
        assert_eq!(coefficients.len(), slice.len, "mask form of another length");
        self.hide(LinearForm {
            witness: WitnessId::MASK,
            offset: slice.offset,
            coefficients,
        })
    }

    /// Requires `expression = 0`.
    pub fn require_zero(&mut self, expression: impl Into<Quadratic<F>>) {
        self.relations.push(expression.into());
    }

    /// Requires `left = right`.
    pub fn require_equal(&mut self, left: Claim<F>, right: Claim<F>) {
        self.require_zero(left - right);
    }

    /// The hidden values' forms, by handle.
    pub fn forms(&self) -> &[LinearForm<F>] {
        &self.forms
    }

    /// The relations, in the order they were required.
    pub fn relations(&self) -> &[Quadratic<F>] {
        &self.relations
    }

    /// Every hidden value at the witness vectors `witnesses` (by [`WitnessId::index`]); checks
    /// their count and lengths first (a verifier passes the proof's responses here).
    pub fn evaluate_forms(&self, witnesses: &[&[F]]) -> Result<Vec<F>, WitnessShapeError> {
        if witnesses.len() != self.witness_lens.len() {
            return Err(WitnessShapeError::Count {
                expected: self.witness_lens.len(),
                found: witnesses.len(),
            });
        }
        for (witness, (w, expected)) in witnesses.iter().zip(&self.witness_lens).enumerate() {
            if w.len() != *expected {
                return Err(WitnessShapeError::Length {
                    witness,
                    expected: *expected,
                    found: w.len(),
                });
            }
        }
        Ok(self
            .forms
            .iter()
            .map(|form| {
                let w = &witnesses[form.witness.index()][form.offset..];
                form.coefficients
                    .iter()
                    .zip(w)
                    .fold(F::zero(), |acc, (c, x)| acc + *c * x)
            })
            .collect())
    }

    /// `R = Σ_r γ^r·R_r` at the hidden values `values` (from [`Self::evaluate_forms`]).
    pub fn combined(&self, gamma: F, values: &[F]) -> F {
        self.relations
            .iter()
            .rev()
            .fold(F::zero(), |acc, r| acc * gamma + r.evaluate(values))
    }

    /// The coefficients `[k₀, k₁, k₂]` of `e ↦ R(w + e·d)` for `R = Σ_r γ^r·R_r`, given the
    /// hidden values at the witness `w` and at the nonce `d`. An honest prover has `k₀ = 0`.
    pub fn combined_expansion(&self, gamma: F, at_witness: &[F], at_nonce: &[F]) -> [F; 3] {
        let mut k = [F::zero(); 3];
        for r in self.relations.iter().rev() {
            let term = r.expand(at_witness, at_nonce);
            for (acc, t) in k.iter_mut().zip(term) {
                *acc = *acc * gamma + t;
            }
        }
        k
    }

    /// The first relation that does not vanish at `values`, if any (for tests and for a prover's
    /// self-check).
    pub fn first_unsatisfied(&self, values: &[F]) -> Option<usize> {
        self.relations
            .iter()
            .position(|r| !r.evaluate(values).is_zero())
    }
}
