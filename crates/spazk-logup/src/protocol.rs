//! What the prover and the verifier must agree on byte for byte: transcript labels, the layouts
//! columns are committed under, and the order challenges are drawn in. Both sides import these
//! from here (never from each other).

use crate::table::LookupTable;
use ark_bn254::Fr;
use ark_ff::Zero;
use spazk_hyrax::Layout;
use spazk_transcript::Transcript;

/// The protocol name absorbed first by a stand-alone lookup transcript.
pub const LOGUP_PROTOCOL: &[u8] = b"spazk-logup-v1";

/// Transcript labels.
pub mod label {
    /// The statement's number of witness columns.
    pub const COLUMNS: &[u8] = b"logup-columns";
    /// The statement's row variables.
    pub const ROW_VARS: &[u8] = b"logup-row-vars";
    /// A range table's width.
    pub const TABLE_BITS: &[u8] = b"logup-table-bits";
    /// The multiplicities' commitment (absorbed before `α`).
    pub const MULTIPLICITIES: &[u8] = b"logup-multiplicities";
    /// The challenge `α` the leaves are shifted by.
    pub const ALPHA: &[u8] = b"logup-alpha";
    /// The challenge `β` a tuple table's entries are compressed with.
    pub const BETA: &[u8] = b"logup-beta";
    /// A fraction tree's root.
    pub const ROOT: &[u8] = b"logup-root";
    /// A layer's combination of numerator and denominator claims.
    pub const LAMBDA: &[u8] = b"logup-lambda";
    /// A layer's four children values.
    pub const CHILDREN: &[u8] = b"logup-children";
    /// The fold of a layer's two children claims into one.
    pub const TAU: &[u8] = b"logup-tau";
    /// The witness columns' values at the witness leaves' row point.
    pub const COLUMN_VALUES: &[u8] = b"logup-column-values";
    /// The multiplicities' value at the table leaves' point.
    pub const MULTIPLICITY_VALUE: &[u8] = b"logup-multiplicity-value";
    /// A range check batch's number of value columns.
    pub const RANGE_VALUE_COLUMNS: &[u8] = b"range-value-columns";
    /// A value column's width.
    pub const RANGE_VALUE_BITS: &[u8] = b"range-value-bits";
    /// A value column's limb width.
    pub const RANGE_LIMB_BITS: &[u8] = b"range-limb-bits";
    /// A limb column's commitment.
    pub const RANGE_LIMB: &[u8] = b"range-limb";
}

/// The layout multiplicities are committed under: balanced, which keeps both the commitment
/// (rows to decode) and the opening vector (proof bytes) at `2^{k/2}`. (Rows as wide as the
/// witness columns' were tried: a few fewer points for the verifier, but 8–32 KB more proof per
/// lookup.)
pub fn multiplicity_layout(table_bits: u32) -> Layout {
    Layout::balanced(table_bits)
}

/// The layout limb columns of `2^row_vars` values are committed under.
pub fn limb_layout(row_vars: u32) -> Layout {
    Layout::balanced(row_vars)
}

/// `β` for a tuple table (drawn after `α`, both after every commitment), zero otherwise.
pub fn draw_beta<T: LookupTable>(table: &T, transcript: &mut Transcript) -> Fr {
    if table.is_tuple() {
        transcript.challenge_field(label::BETA)
    } else {
        Fr::zero()
    }
}
