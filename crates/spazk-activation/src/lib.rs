//! `a = requantize(relu(z))` for signed integer pre-activations `z`, proved by one of two
//! methods chosen from the shape alone (prover and verifier agree without a flag):
//!
//! * [`pairs`]: one lookup per row into a table of pairs `(q, clamp(q, 0, 255))` plus one into
//!   the remainders, `z + 2^{sh−1} = 2^sh·q + rem` checked linearly — 2 witness leaves per row,
//!   but a table of `2^{max(k, sh)+1}` entries (`k ≈ L − sh + 2`);
//! * [`limbs`]: range checks of limbs and a zero-check tying sign, ReLU, shift and clamp — about
//!   `2·limbs` leaves per row, a table of `2^w`.
//!
//! Many rows (a batch, a wide layer) amortize the pair table; a few rows do not
//! ([`ActivationSpec::method`]).
//!
//! Semantics (the same code computes plain inference, [`relu_requantize`]):
//! `a = clamp((max(z, 0) + 2^{sh−1}) >> sh, 0, 255)` for `z ∈ [−2^L, 2^L)`, `sh ≥ 1` (round half
//! up, then saturate to 8 bits).

pub mod limbs;
pub mod pairs;

use crate::error::LogUpError;
use crate::range::LimbDecomposition;
use crate::table::RequantizeTable;
use ark_bn254::Fr;
use ark_serialize::{
    CanonicalDeserialize, CanonicalSerialize, Compress, SerializationError, Valid, Validate,
};
use spazk_field::eq_table;
use spazk_hyrax::{HyraxCommitment, HyraxParams, OpeningChecks};
use spazk_transcript::Transcript;

pub use limbs::{CommittedLimbActivation, LimbActivationProof};
pub use pairs::{CommittedPairActivation, PairActivationProof};

/// Width of the output activations.
pub const ACTIVATION_BITS: u32 = 8;
/// The largest activation.
pub const ACTIVATION_MAX: u64 = (1 << ACTIVATION_BITS) - 1;

/// The shape of one ReLU + requantize step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivationSpec {
    /// `z ∈ [−2^L, 2^L)`; rounded up to a multiple of the limb width by the limb method.
    pub input_bits: u32,
    /// The right shift `sh ≥ 1`.
    pub shift: u32,
    /// Limb width of the limb method's range checks (its table is `[0, 2^limb_bits)`).
    pub limb_bits: u32,
}

/// `clamp((max(z, 0) + 2^{sh−1}) >> sh, 0, 255)`.
pub fn relu_requantize(z: i64, shift: u32) -> u8 {
    let positive = z.max(0) as u64;
    let q = (positive + (1u64 << (shift - 1))) >> shift;
    q.min(ACTIVATION_MAX) as u8
}

/// How an activation step is proved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivationMethod {
    /// Limb range checks and a zero-check ([`limbs`]).
    Limbs,
    /// Lookups into a requantization table ([`pairs`]).
    Pairs(RequantizeTable),
}

impl ActivationSpec {
    /// The largest right shift.
    pub const MAX_SHIFT: u32 = 39;
    /// The largest bound `L` on the pre-activations.
    pub const MAX_INPUT_BITS: u32 = 40;
    /// The widest limb (the range table is `[0, 2^limb_bits)`, proved over every entry).
    pub const MAX_LIMB_BITS: u32 = 20;

    /// Checks the widths: `1 ≤ shift ≤ MAX_SHIFT`, `1 ≤ input_bits ≤ MAX_INPUT_BITS`,
    /// `1 ≤ limb_bits ≤ MAX_LIMB_BITS`. Never panics: the limb width is checked before
    /// anything divides by it (a spec may come from a hostile file).
    pub fn check(&self) -> Result<(), LogUpError> {
        let in_range = |what, value: u32, max: u32| {
            if (1..=max).contains(&value) {
                Ok(())
            } else {
                Err(LogUpError::Shape {
                    what,
                    expected: max as usize,
                    found: value as usize,
                })
            }
        };
        in_range("limb bits", self.limb_bits, Self::MAX_LIMB_BITS)?;
        in_range("shift", self.shift, Self::MAX_SHIFT)?;
        in_range("input bits", self.input_bits, Self::MAX_INPUT_BITS)?;
        self.decompositions()
            .iter()
            .try_for_each(LimbDecomposition::check)
    }

    /// `L` rounded up to whole limbs: a looser bound costs nothing and saves a scaled limb.
    pub fn sign_bits(&self) -> u32 {
        self.input_bits.div_ceil(self.limb_bits) * self.limb_bits
    }

    /// The limb method's range checks for `u`, `rem`, `a` and `d`, in that order. `d`'s width is
    /// rounded up to whole limbs too (it only has to exclude negative values).
    pub fn decompositions(&self) -> [LimbDecomposition; 4] {
        let w = self.limb_bits;
        let l = self.sign_bits();
        let d_bits = (l.saturating_sub(self.shift) + 1).div_ceil(w) * w;
        [l, self.shift, ACTIVATION_BITS, d_bits].map(|value_bits| LimbDecomposition {
            value_bits,
            limb_bits: w,
        })
    }

    /// The pair method's table, if it fits: quotients `q = ⌊(z + 2^{sh−1}) / 2^sh⌋` of
    /// `z ∈ [−2^L, 2^L)` lie in `[−2^{L−sh} − 1, 2^{L−sh}]`, so `k = max(9, L − sh + 2)`.
    pub fn requantize_table(&self) -> Option<RequantizeTable> {
        let table = RequantizeTable {
            quotient_bits: (self.input_bits + 2).saturating_sub(self.shift).max(9),
            remainder_bits: self.shift,
        };
        (table.half_bits() <= RequantizeTable::MAX_HALF_BITS).then_some(table)
    }

    /// The method for `2^row_vars` rows: the one with the smaller estimated prover work, in
    /// "leaf" units measured on this code (a witness leaf, a committed entry, a zero-check row
    /// each about one; a table leaf with its multiplicity about three).
    ///
    /// Pairs: `2n` leaves, 3 committed columns, the reduction (`≈ n`) and `2^{H+1}` table
    /// entries. Limbs: `pad(c)·n` leaves for `c` limb columns, `c + 2` committed columns and the
    /// zero-check (`≈ 4n`), a table of `2^w`.
    pub fn method(&self, row_vars: u32) -> ActivationMethod {
        let Some(table) = self.requantize_table() else {
            return ActivationMethod::Limbs;
        };
        let n = 1u64 << row_vars;
        let pairs = 6 * n + 3 * (1u64 << (table.half_bits() + 1));
        let columns: u64 = self
            .decompositions()
            .iter()
            .map(|d| d.statement(row_vars).columns as u64)
            .sum();
        let limbs = (columns.next_power_of_two() + columns + 6) * n + 3 * (1u64 << self.limb_bits);
        if pairs < limbs {
            ActivationMethod::Pairs(table)
        } else {
            ActivationMethod::Limbs
        }
    }

    /// Generators a proof for `2^row_vars` rows needs (the widest committed row).
    pub fn generators_needed(&self, row_vars: u32) -> usize {
        match self.method(row_vars) {
            ActivationMethod::Limbs => LimbDecomposition::layout(row_vars)
                .cols()
                .max(crate::prover::multiplicity_layout(self.limb_bits).cols()),
            ActivationMethod::Pairs(table) => pairs::advice_layout(row_vars)
                .cols()
                .max(crate::prover::multiplicity_layout(table.half_bits() + 1).cols()),
        }
    }

    pub(crate) fn absorb_into(&self, transcript: &mut Transcript) {
        transcript.append_u64(b"activation-input-bits", self.input_bits as u64);
        transcript.append_u64(b"activation-shift", self.shift as u64);
        transcript.append_u64(b"activation-limb-bits", self.limb_bits as u64);
    }
}

/// A proof of `a = requantize(relu(z))` row by row, by the method the shape picks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActivationProof {
    /// [`ActivationMethod::Limbs`].
    Limbs(LimbActivationProof),
    /// [`ActivationMethod::Pairs`].
    Pairs(PairActivationProof),
}

/// An activation step's advice, committed: what the prover holds between committing (before
/// any challenge of a larger proof) and proving.
#[derive(Clone, Debug)]
pub enum CommittedActivation {
    /// [`ActivationMethod::Limbs`].
    Limbs(CommittedLimbActivation),
    /// [`ActivationMethod::Pairs`].
    Pairs(CommittedPairActivation),
}

/// What a verified activation proof leaves: at `point`, `z̃ = input_value` and
/// `ã = output_value`, where `a` is committed by [`ActivationProof::output_commitment`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivationClaims {
    /// The final point (row variables).
    pub point: Vec<Fr>,
    /// `z̃(point)`.
    pub input_value: Fr,
    /// `ã(point)`.
    pub output_value: Fr,
}

/// A claim `ã(point) = value` on an activation's output from the layer that reads it: carried in
/// the activation's last sumcheck, so `a` is opened once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputClaim {
    /// The point (row variables of the activation table).
    pub point: Vec<Fr>,
    /// The claimed value.
    pub value: Fr,
}

impl From<spazk_sumcheck::InputClaim<Fr>> for OutputClaim {
    /// The claim a mat-vec proof leaves on its input batch, `Ṽ(r_x, r_b)`, as a claim on the
    /// activation table at `(r_x, r_b)` (batch in the high variables).
    fn from(claim: spazk_sumcheck::InputClaim<Fr>) -> Self {
        let mut point = claim.column_point;
        point.extend_from_slice(&claim.batch_point);
        Self {
            point,
            value: claim.value,
        }
    }
}

/// Checks that a claim carried from the next layer is on `2^row_vars` rows (a shape error, not
/// a panic further down, for either side).
pub(crate) fn check_output_claim(
    output_claim: Option<&OutputClaim>,
    row_vars: u32,
) -> Result<(), LogUpError> {
    match output_claim {
        Some(output) if output.point.len() != row_vars as usize => Err(LogUpError::Shape {
            what: "output claim point",
            expected: row_vars as usize,
            found: output.point.len(),
        }),
        _ => Ok(()),
    }
}

/// `2^bits` in the field.
pub(crate) fn power_of_two(bits: u32) -> Fr {
    ark_ff::Field::pow(&Fr::from(2u64), [bits as u64])
}

impl CommittedActivation {
    /// The activations `a`.
    pub fn activations(&self) -> Vec<u8> {
        match self {
            Self::Limbs(c) => c.activations(),
            Self::Pairs(c) => c.activations().to_vec(),
        }
    }

    /// The commitment to `a`.
    pub fn output_commitment(&self) -> Result<HyraxCommitment, LogUpError> {
        match self {
            Self::Limbs(c) => c.output_commitment(),
            Self::Pairs(c) => Ok(c.output_commitment().clone()),
        }
    }

    /// Absorbs every advice commitment (what [`ActivationProof::absorb_commitments`] absorbs).
    pub fn absorb_commitments(&self, transcript: &mut Transcript) {
        match self {
            Self::Limbs(c) => c.absorb_commitments(transcript),
            Self::Pairs(c) => c.absorb_commitments(transcript),
        }
    }
}

impl ActivationProof {
    /// Checks the proof's method is the one `spec` picks for `2^row_vars` rows, then absorbs
    /// every advice commitment, exactly as [`CommittedActivation::absorb_commitments`] does,
    /// after checking their layouts.
    pub fn absorb_commitments(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
        transcript: &mut Transcript,
    ) -> Result<(), LogUpError> {
        // The method's choice divides by the limb width: the widths are checked first.
        spec.check()?;
        match (spec.method(row_vars), self) {
            (ActivationMethod::Limbs, Self::Limbs(p)) => {
                p.absorb_commitments(spec, row_vars, transcript)
            }
            (ActivationMethod::Pairs(table), Self::Pairs(p)) => {
                p.absorb_commitments(spec, &table, row_vars, transcript)
            }
            _ => Err(LogUpError::WrongActivationMethod),
        }
    }

    /// The commitment to the output `a`.
    pub fn output_commitment(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
    ) -> Result<HyraxCommitment, LogUpError> {
        match (spec.method(row_vars), self) {
            (ActivationMethod::Limbs, Self::Limbs(p)) => p.output_commitment(spec, row_vars),
            (ActivationMethod::Pairs(table), Self::Pairs(p)) => {
                p.check_commitments(spec, &table, row_vars)?;
                Ok(p.output_commitment.clone())
            }
            _ => Err(LogUpError::WrongActivationMethod),
        }
    }
}

/// Computes and commits the advice for `a = requantize(relu(z))` over `inputs` (a power-of-two
/// count), by the method the shape picks. Nothing is absorbed: the caller absorbs
/// ([`CommittedActivation::absorb_commitments`]) before drawing any challenge that depends on
/// the advice.
pub fn commit_activation(
    spec: &ActivationSpec,
    inputs: &[i64],
    params: &HyraxParams,
) -> Result<CommittedActivation, LogUpError> {
    spec.check()?;
    let n = inputs.len();
    if !n.is_power_of_two() {
        return Err(LogUpError::Shape {
            what: "activation rows (a power of two)",
            expected: n.next_power_of_two(),
            found: n,
        });
    }
    Ok(match spec.method(n.trailing_zeros()) {
        ActivationMethod::Limbs => CommittedActivation::Limbs(limbs::commit(spec, inputs, params)?),
        ActivationMethod::Pairs(table) => {
            CommittedActivation::Pairs(pairs::commit(spec, &table, inputs, params)?)
        }
    })
}

/// Proves the stand-alone statement "`a = requantize(relu(z))` row by row" for public `inputs`
/// `z` (a power-of-two count) and the outputs `a` they give: absorbs the statement (`z`, `a`),
/// then commits, absorbs and proves. Returns the proof, the claims on `z` and `a`, and the
/// committed advice. Verified by [`verify_activation`].
pub fn prove_activation(
    spec: &ActivationSpec,
    inputs: &[i64],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(ActivationProof, ActivationClaims, CommittedActivation), LogUpError> {
    let committed = commit_activation(spec, inputs, params)?;
    let outputs: Vec<u8> = inputs
        .iter()
        .map(|z| relu_requantize(*z, spec.shift))
        .collect();
    absorb_public_activation(inputs, &outputs, transcript);
    committed.absorb_commitments(transcript);
    let (proof, claims) = prove_committed_activation(&committed, None, params, transcript)?;
    Ok((proof, claims, committed))
}

/// Proves committed advice whose commitments the caller has absorbed
/// ([`CommittedActivation::absorb_commitments`]). An `output_claim` (the next layer's claim on
/// `a`) is carried into the proof's last sumcheck, so `a` is opened once.
pub fn prove_committed_activation(
    committed: &CommittedActivation,
    output_claim: Option<&OutputClaim>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(ActivationProof, ActivationClaims), LogUpError> {
    Ok(match committed {
        CommittedActivation::Limbs(c) => {
            let (proof, claims) = limbs::prove_committed(c, output_claim, params, transcript)?;
            (ActivationProof::Limbs(proof), claims)
        }
        CommittedActivation::Pairs(c) => {
            let (proof, claims) = pairs::prove_committed(c, output_claim, params, transcript)?;
            (ActivationProof::Pairs(proof), claims)
        }
    })
}

/// Verifies a stand-alone proof that `outputs = requantize(relu(inputs))` row by row (a
/// power-of-two count): checks the spec and the lengths, absorbs the statement (`z`, `a`) before
/// anything else, then the advice commitments, checks the proof by its method, settles every
/// opening with one MSM, and checks the claims on `z` and `a` against the public columns.
///
/// The statement is absorbed first because the final claims are MLE values at a point the
/// transcript chooses: a statement the transcript does not bind could be picked after the proof
/// (a short integer `Δ` with `⟨Δ, eq(r, ·)⟩ = 0`, found by lattice reduction, moved `a` on
/// dozens of rows of an honest proof — an accepted forgery an attack found).
pub fn verify_activation(
    spec: &ActivationSpec,
    inputs: &[i64],
    outputs: &[u8],
    proof: &ActivationProof,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(), LogUpError> {
    spec.check()?;
    let n = inputs.len();
    if !n.is_power_of_two() || outputs.len() != n {
        return Err(LogUpError::Shape {
            what: "public activation rows (a power of two, as many outputs as inputs)",
            expected: n.next_power_of_two(),
            found: outputs.len(),
        });
    }
    let row_vars = n.trailing_zeros();
    absorb_public_activation(inputs, outputs, transcript);
    proof.absorb_commitments(spec, row_vars, transcript)?;
    let mut checks = OpeningChecks::new(params);
    let claims = verify_activation_deferred(spec, row_vars, proof, None, &mut checks, transcript)?;
    checks.finish().map_err(LogUpError::Openings)?;
    check_public_activation(&claims, inputs, outputs)
}

/// Absorbs a stand-alone statement: every `z` (8 bytes, little-endian two's complement) and
/// every `a`. What [`prove_activation`] and [`verify_activation`] absorb before anything else.
pub fn absorb_public_activation(inputs: &[i64], outputs: &[u8], transcript: &mut Transcript) {
    let bytes: Vec<u8> = inputs.iter().flat_map(|z| z.to_le_bytes()).collect();
    transcript.append_bytes(b"activation-public-inputs", &bytes);
    transcript.append_bytes(b"activation-public-outputs", outputs);
}

/// [`verify_activation`] for a caller that has absorbed the proof's advice commitments
/// ([`ActivationProof::absorb_commitments`], with the rest of its statement) before any
/// challenge, with every opening's group equation deferred to `checks`.
pub fn verify_activation_deferred<'c>(
    spec: &ActivationSpec,
    row_vars: u32,
    proof: &'c ActivationProof,
    output_claim: Option<&OutputClaim>,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<ActivationClaims, LogUpError> {
    spec.check()?;
    match (spec.method(row_vars), proof) {
        (ActivationMethod::Limbs, ActivationProof::Limbs(p)) => {
            limbs::verify_deferred(spec, row_vars, p, output_claim, checks, transcript)
        }
        (ActivationMethod::Pairs(table), ActivationProof::Pairs(p)) => {
            pairs::verify_deferred(spec, &table, row_vars, p, output_claim, checks, transcript)
        }
        _ => Err(LogUpError::WrongActivationMethod),
    }
}

/// Checks an activation proof's claims against public inputs and outputs (a stand-alone
/// statement; inside a network these claims go to the neighbouring layers instead). Sound only
/// if `inputs` and `outputs` were absorbed before the proof's first challenge, as
/// [`verify_activation`] does: the claims are MLE values at a point the transcript chose.
pub fn check_public_activation(
    claims: &ActivationClaims,
    inputs: &[i64],
    outputs: &[u8],
) -> Result<(), LogUpError> {
    let n = 1usize << claims.point.len();
    if inputs.len() != n || outputs.len() != n {
        return Err(LogUpError::Shape {
            what: "public activation rows",
            expected: n,
            found: inputs.len().max(outputs.len()),
        });
    }
    let eq = eq_table(&claims.point);
    let z: Fr = inputs
        .iter()
        .zip(&eq)
        .map(|(z, e)| {
            let magnitude = Fr::from(z.unsigned_abs());
            *e * if *z < 0 { -magnitude } else { magnitude }
        })
        .sum();
    if z != claims.input_value {
        return Err(LogUpError::InputMismatch);
    }
    let a: Fr = outputs
        .iter()
        .zip(&eq)
        .map(|(a, e)| *e * Fr::from(*a as u64))
        .sum();
    if a != claims.output_value {
        return Err(LogUpError::OutputMismatch);
    }
    Ok(())
}

// The proof is a tagged union on the wire: one byte (0 limbs, 1 pairs), then the variant.
impl CanonicalSerialize for ActivationProof {
    fn serialize_with_mode<W: std::io::Write>(
        &self,
        mut writer: W,
        compress: Compress,
    ) -> Result<(), SerializationError> {
        match self {
            Self::Limbs(p) => {
                0u8.serialize_with_mode(&mut writer, compress)?;
                p.serialize_with_mode(writer, compress)
            }
            Self::Pairs(p) => {
                1u8.serialize_with_mode(&mut writer, compress)?;
                p.serialize_with_mode(writer, compress)
            }
        }
    }

    fn serialized_size(&self, compress: Compress) -> usize {
        1 + match self {
            Self::Limbs(p) => p.serialized_size(compress),
            Self::Pairs(p) => p.serialized_size(compress),
        }
    }
}

impl Valid for ActivationProof {
    fn check(&self) -> Result<(), SerializationError> {
        match self {
            Self::Limbs(p) => p.check(),
            Self::Pairs(p) => p.check(),
        }
    }
}

impl CanonicalDeserialize for ActivationProof {
    fn deserialize_with_mode<R: std::io::Read>(
        mut reader: R,
        compress: Compress,
        validate: Validate,
    ) -> Result<Self, SerializationError> {
        match u8::deserialize_with_mode(&mut reader, compress, validate)? {
            0 => Ok(Self::Limbs(LimbActivationProof::deserialize_with_mode(
                reader, compress, validate,
            )?)),
            1 => Ok(Self::Pairs(PairActivationProof::deserialize_with_mode(
                reader, compress, validate,
            )?)),
            _ => Err(SerializationError::InvalidData),
        }
    }
}
