//! The activation tests' shared fixture: a spec and row count, the Hyrax parameters they need,
//! seeded inputs that include the edge cases, the honest outputs, honest proofs, and the
//! stand-alone verifier. Each test binary uses the part it needs.
#![allow(dead_code)]

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use spazk_activation::{
    prove_activation, relu_requantize, verify_activation, ActivationClaims, ActivationError,
    ActivationProof, ActivationSpec, CommittedActivation,
};
use spazk_hyrax::HyraxParams;
use spazk_logup::{LookupError, Side, LOGUP_PROTOCOL};
use spazk_sumcheck::SumcheckError;
use spazk_transcript::Transcript;

/// The lookup's first witness layer failing its first round: what a swapped advice commitment
/// (absorbed before every challenge) causes.
pub const FIRST_WITNESS_LAYER_FAILS: LookupError = LookupError::LayerSumcheck {
    side: Side::Witness,
    layer: 1,
    source: SumcheckError::RoundSumMismatch { round: 0 },
};

/// The pair lookup's witness leaves disagreeing with the committed columns' claims.
pub const WITNESS_LEAVES_DISAGREE: ActivationError =
    ActivationError::Lookup(LookupError::WitnessDenominatorMismatch);

/// A public statement `(z, a)`, absorbed first by a forger as by the honest prover.
pub type Statement<'a> = (&'a [i64], &'a [u8]);

/// Shapes that pick the limb method: 64 rows of 18-bit inputs, shift 8, limbs of 8 bits; the
/// inputs within an eighth of the bound.
pub const LIMB_METHOD: ActivationFixture = ActivationFixture {
    spec: ActivationSpec {
        input_bits: 18,
        shift: 8,
        limb_bits: 8,
    },
    row_vars: 6,
    spread: 8,
    // The edges: zero, the rounding boundary, the clamp, the bounds.
    edges: &[0, 127, 128, 255 * 256 + 127, (1 << 18) - 1, -(1 << 18)],
};

/// Shapes that pick the pair method: 1024 rows of 12-bit inputs, shift 4, limbs of 8 bits
/// (sixteen of its rows pick the limb method); the inputs over the whole bound.
pub const PAIR_METHOD: ActivationFixture = ActivationFixture {
    spec: ActivationSpec {
        input_bits: 12,
        shift: 4,
        limb_bits: 8,
    },
    row_vars: 10,
    spread: 1,
    // The edges: zero, the rounding boundary, the clamp, the bounds.
    edges: &[
        0,
        7,
        8,
        255 * 16 + 7,
        255 * 16 + 8,
        (1 << 12) - 1,
        -(1 << 12),
    ],
};

/// One activation shape under test and how its seeded inputs are drawn.
pub struct ActivationFixture {
    /// The activation's spec.
    pub spec: ActivationSpec,
    /// `log2` of the rows.
    pub row_vars: u32,
    /// Inputs are drawn from `[-2^input_bits / spread, 2^input_bits / spread)`.
    pub spread: i64,
    /// The first inputs, overwritten with these edge cases.
    pub edges: &'static [i64],
}

impl ActivationFixture {
    /// Hyrax parameters large enough for the spec's advice at these rows.
    pub fn params(&self) -> HyraxParams {
        HyraxParams::with_default_seed(self.spec.generators_needed(self.row_vars))
    }

    /// Seeded random inputs, the first ones the edge cases.
    pub fn inputs(&self, seed: u64) -> Vec<i64> {
        let mut rng = StdRng::seed_from_u64(seed);
        let bound = 1i64 << self.spec.input_bits;
        let mut z: Vec<i64> = (0..1 << self.row_vars)
            .map(|_| rng.gen_range(-bound / self.spread..bound / self.spread))
            .collect();
        z[..self.edges.len()].copy_from_slice(self.edges);
        z
    }

    /// The honest outputs of `z`.
    pub fn outputs(&self, z: &[i64]) -> Vec<u8> {
        z.iter()
            .map(|z| relu_requantize(*z, self.spec.shift))
            .collect()
    }

    /// The stand-alone verifier on the statement `(z, a)`.
    pub fn verify(
        &self,
        proof: &ActivationProof,
        z: &[i64],
        a: &[u8],
    ) -> Result<(), ActivationError> {
        self.verify_under(&self.spec, proof, z, a)
    }

    /// The stand-alone verifier on the statement `(z, a)` under `spec` (with this fixture's
    /// parameters): a replay under another spec.
    pub fn verify_under(
        &self,
        spec: &ActivationSpec,
        proof: &ActivationProof,
        z: &[i64],
        a: &[u8],
    ) -> Result<(), ActivationError> {
        let mut transcript = Transcript::new(LOGUP_PROTOCOL);
        verify_activation(spec, z, a, proof, &self.params(), &mut transcript)
    }
    /// The stand-alone prover on `z`: the proof, the claims it leaves and the committed advice.
    pub fn try_prove(
        &self,
        z: &[i64],
    ) -> Result<(ActivationProof, ActivationClaims, CommittedActivation), ActivationError> {
        let mut transcript = Transcript::new(LOGUP_PROTOCOL);
        prove_activation(&self.spec, z, &self.params(), &mut transcript)
    }

    /// The stand-alone prover on the inputs of `seed` with input `row` set to `2^input_bits`,
    /// one past the largest the spec allows.
    pub fn try_prove_out_of_range(
        &self,
        seed: u64,
        row: usize,
    ) -> Result<(ActivationProof, ActivationClaims, CommittedActivation), ActivationError> {
        let mut z = self.inputs(seed);
        z[row] = 1 << self.spec.input_bits;
        self.try_prove(&z)
    }

    /// The honest stand-alone proof for `z`.
    pub fn prove(&self, z: &[i64]) -> ActivationProof {
        self.try_prove(z).unwrap().0
    }

    /// The honest proof for the inputs of `seed`, verified against their honest outputs under
    /// `spec`: a replay under another spec.
    pub fn verify_replayed_under(
        &self,
        seed: u64,
        spec: &ActivationSpec,
    ) -> Result<(), ActivationError> {
        let z = self.inputs(seed);
        self.verify_under(spec, &self.prove(&z), &z, &self.outputs(&z))
    }

    /// The honest proof for the inputs of `seed`, verified against their honest outputs.
    pub fn verify_honest(&self, seed: u64) -> Result<(), ActivationError> {
        self.verify_tampered(seed, |_| ())
    }

    /// Proves the inputs of `seed` honestly, lets `tamper` edit the proof, and verifies it
    /// against the honest statement.
    pub fn verify_tampered(
        &self,
        seed: u64,
        tamper: impl FnOnce(&mut ActivationProof),
    ) -> Result<(), ActivationError> {
        let z = self.inputs(seed);
        let mut proof = self.prove(&z);
        tamper(&mut proof);
        self.verify(&proof, &z, &self.outputs(&z))
    }

    /// The honest outputs of `z` with output `row` flipped: another public statement.
    pub fn outputs_flipped(&self, z: &[i64], row: usize) -> Vec<u8> {
        let mut a = self.outputs(z);
        a[row] ^= 1;
        a
    }

    /// The honest proof for the inputs of `seed`, verified against their outputs with output
    /// `row` flipped.
    pub fn verify_flipped_output(&self, seed: u64, row: usize) -> Result<(), ActivationError> {
        let z = self.inputs(seed);
        let proof = self.prove(&z);
        self.verify(&proof, &z, &self.outputs_flipped(&z, row))
    }
}

/// `z` with input `row` moved up by one: another public statement.
pub fn inputs_bumped(z: &[i64], row: usize) -> Vec<i64> {
    let mut other = z.to_vec();
    other[row] += 1;
    other
}
