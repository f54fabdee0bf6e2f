//! Proof objects, serialized with `ark-serialize` (compressed, validated on read).

use crate::error::DecodeError;
use ark_bn254::Fr;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use spazk_hyrax::{first_difference, BatchedHyraxOpening, HyraxCommitment, HyraxOpening};
use spazk_sumcheck::SumcheckProof;

/// One layer of a fraction tree: the sumcheck that reduces the claims on the layer above to
/// claims on this layer's two halves, and the four values it ends on.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct FractionLayerProof {
    /// Degree-3 sumcheck over the layer above's variables.
    pub sumcheck: SumcheckProof<Fr>,
    /// `p̃(r, 0)`, `p̃(r, 1)`: numerators of the low and high half at the sumcheck point.
    pub numerators: [Fr; 2],
    /// `q̃(r, 0)`, `q̃(r, 1)`: denominators of the low and high half.
    pub denominators: [Fr; 2],
}

/// A proof that a tree of fractions sums to its root `p/q` (LogUp-GKR's fractional sumcheck).
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct FractionTreeProof {
    /// The root numerator.
    pub numerator: Fr,
    /// The root denominator.
    pub denominator: Fr,
    /// Layers from the root's children down to the leaves.
    pub layers: Vec<FractionLayerProof>,
}

/// A LogUp proof that every entry of the witness columns lies in `[0, 2^bits)`.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct LookupProof {
    /// Commitment to the multiplicities `m(t)` (absorbed before `α`).
    pub multiplicity_commitment: HyraxCommitment,
    /// `Σ_j Σ_i 1/(α − w_j(i))`.
    pub witness_tree: FractionTreeProof,
    /// `Σ_t m(t)/(α − t)`.
    pub table_tree: FractionTreeProof,
    /// `w̃_j(ρ)` for every column at the witness leaves' row point.
    pub column_values: Vec<Fr>,
    /// `m̃(ρ_t)` at the table leaves' point.
    pub multiplicity_value: Fr,
    /// Opening of the multiplicity commitment at `ρ_t`.
    pub multiplicity_opening: HyraxOpening,
}

/// A fraction tree proved with every value hidden (the zero-knowledge lookup,
/// [`crate::verify_hidden_lookup`]): only the masked round polynomials are sent in the clear;
/// the root, the children values and the leaves' claims are hidden scalars of the proof's
/// hiding context.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HiddenTreeProof {
    /// One masked degree-3 sumcheck per layer below the root's children: entry `i` reduces
    /// layer `i + 1` (0 = the root's children, which need no sumcheck: their relation to the
    /// hidden root is checked directly), over `i + 1` variables.
    pub layers: Vec<SumcheckProof<Fr>>,
}

/// A zero-knowledge LogUp proof ([`crate::prove_hidden_lookup`]): what it sends in the clear.
/// Neither root, no layer value, no column or multiplicity value appears here; they are hidden
/// scalars of the hiding context, committed and proved by the final Σ-protocol.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HiddenLookupProof {
    /// `Σ_j Σ_i 1/(α − w_j(i))`.
    pub witness_tree: HiddenTreeProof,
    /// `Σ_t m(t)/(α − t)`.
    pub table_tree: HiddenTreeProof,
}

/// A range proof for a column of unsigned values split into committed limbs: the limb
/// commitments, the lookup argument over the limbs and one batched opening of the limb
/// commitments at the point the argument leaves.
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct CommittedRangeProof {
    /// Commitments to the limb columns (absorbed before the lookup's challenges).
    pub limb_commitments: Vec<HyraxCommitment>,
    /// The lookup argument.
    pub lookup: LookupProof,
    /// One opening of all committed columns at the lookup's row point.
    pub column_opening: BatchedHyraxOpening,
}

/// A stand-alone zero-knowledge range proof ([`crate::prove_hidden_committed_ranges`]).
#[derive(Clone, Debug, PartialEq, Eq, CanonicalSerialize, CanonicalDeserialize)]
pub struct HiddenRangeProof {
    /// Every limb's hiding commitment, in the order of the value columns, low limb first.
    pub limb_commitments: Vec<HyraxCommitment>,
    /// The multiplicities' hiding commitment.
    pub multiplicity_commitment: HyraxCommitment,
    /// The lookup's masked round polynomials.
    pub lookup: HiddenLookupProof,
}

macro_rules! bytes_codec {
    ($ty:ty) => {
        impl $ty {
            /// The compressed encoding.
            pub fn to_bytes(&self) -> Vec<u8> {
                let mut bytes = Vec::with_capacity(self.compressed_size());
                self.serialize_compressed(&mut bytes)
                    .expect("serializing into a Vec cannot fail");
                bytes
            }

            /// Decodes and validates (points on the curve, field elements canonical); rejects
            /// trailing bytes and any encoding but the canonical one. Every length is checked
            /// against the statement by the verifier.
            pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
                let mut reader = bytes;
                let proof = Self::deserialize_compressed(&mut reader)
                    .map_err(|_| DecodeError::Undecodable)?;
                if !reader.is_empty() {
                    return Err(DecodeError::TrailingBytes(reader.len()));
                }
                // Only the canonical encoding: an identity point's ignored filler would give
                // one proof many encodings.
                if let Some(offset) = first_difference(bytes, &proof.to_bytes()) {
                    return Err(DecodeError::NonCanonical { offset });
                }
                Ok(proof)
            }
        }
    };
}

bytes_codec!(LookupProof);
bytes_codec!(CommittedRangeProof);
bytes_codec!(HiddenLookupProof);
bytes_codec!(HiddenRangeProof);
