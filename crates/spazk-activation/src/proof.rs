//! The activation proof (one of the two methods' proofs, a tagged union on the wire) and the
//! claims a verified proof leaves.

use crate::error::ActivationError;
use crate::limbs::LimbActivationProof;
use crate::pairs::PairActivationProof;
use crate::spec::{ActivationMethod, ActivationSpec};
use ark_bn254::Fr;
use spazk_field::EvalClaim;
use spazk_hyrax::HyraxCommitment;
use spazk_transcript::Transcript;

/// A proof of `a = requantize(relu(z))` row by row, by the method the shape picks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActivationProof {
    /// [`ActivationMethod::Limbs`].
    Limbs(LimbActivationProof),
    /// [`ActivationMethod::Pairs`].
    Pairs(PairActivationProof),
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

/// Checks that a claim carried from the next layer is on `2^row_vars` rows (a shape error, not
/// a panic further down, for either side).
pub(crate) fn check_output_claim(
    output_claim: Option<&EvalClaim<Fr>>,
    row_vars: u32,
) -> Result<(), ActivationError> {
    match output_claim {
        Some(output) if output.point.len() != row_vars as usize => Err(ActivationError::Shape {
            what: "output claim point",
            expected: row_vars as usize,
            found: output.point.len(),
        }),
        _ => Ok(()),
    }
}

impl ActivationProof {
    /// Checks the proof's method is the one `spec` picks for `2^row_vars` rows, then absorbs
    /// every advice commitment, exactly as [`crate::CommittedActivation::absorb_commitments`] does,
    /// after checking their layouts.
    pub fn absorb_commitments(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
        transcript: &mut Transcript,
    ) -> Result<(), ActivationError> {
        // The method's choice divides by the limb width: the widths are checked first.
        spec.check()?;
        match (spec.method(row_vars), self) {
            (ActivationMethod::Limbs, Self::Limbs(p)) => {
                p.absorb_commitments(spec, row_vars, transcript)
            }
            (ActivationMethod::Pairs(table), Self::Pairs(p)) => {
                p.absorb_commitments(spec, &table, row_vars, transcript)
            }
            _ => Err(ActivationError::WrongActivationMethod),
        }
    }

    /// The commitment to the output `a`.
    pub fn output_commitment(
        &self,
        spec: &ActivationSpec,
        row_vars: u32,
    ) -> Result<HyraxCommitment, ActivationError> {
        match (spec.method(row_vars), self) {
            (ActivationMethod::Limbs, Self::Limbs(p)) => p.output_commitment(spec, row_vars),
            (ActivationMethod::Pairs(table), Self::Pairs(p)) => {
                p.check_commitments(spec, &table, row_vars)?;
                Ok(p.output_commitment.clone())
            }
            _ => Err(ActivationError::WrongActivationMethod),
        }
    }
}

/// `CanonicalSerialize`/`Deserialize` for an enum `$ty { Limbs($limbs), Pairs($pairs) }`: a
/// tagged union on the wire, one byte (0 limbs, 1 pairs), then the variant.
macro_rules! tagged_union {
    ($ty:ident, $limbs:ty, $pairs:ty) => {
        impl ark_serialize::CanonicalSerialize for $ty {
            fn serialize_with_mode<W: std::io::Write>(
                &self,
                mut writer: W,
                compress: ark_serialize::Compress,
            ) -> Result<(), ark_serialize::SerializationError> {
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

            fn serialized_size(&self, compress: ark_serialize::Compress) -> usize {
                1 + match self {
                    Self::Limbs(p) => p.serialized_size(compress),
                    Self::Pairs(p) => p.serialized_size(compress),
                }
            }
        }

        impl ark_serialize::Valid for $ty {
            fn check(&self) -> Result<(), ark_serialize::SerializationError> {
                match self {
                    Self::Limbs(p) => p.check(),
                    Self::Pairs(p) => p.check(),
                }
            }
        }

        impl ark_serialize::CanonicalDeserialize for $ty {
            fn deserialize_with_mode<R: std::io::Read>(
                mut reader: R,
                compress: ark_serialize::Compress,
                validate: ark_serialize::Validate,
            ) -> Result<Self, ark_serialize::SerializationError> {
                match u8::deserialize_with_mode(&mut reader, compress, validate)? {
                    0 => Ok(Self::Limbs(<$limbs>::deserialize_with_mode(
                        reader, compress, validate,
                    )?)),
                    1 => Ok(Self::Pairs(<$pairs>::deserialize_with_mode(
                        reader, compress, validate,
                    )?)),
                    _ => Err(ark_serialize::SerializationError::InvalidData),
                }
            }
        }
    };
}
pub(crate) use tagged_union;

tagged_union!(ActivationProof, LimbActivationProof, PairActivationProof);
