//! What the prover and the verifier must agree on byte for byte: transcript labels, the layout
//! the pair method's advice is committed under, and the statement's absorption. Both sides
//! import these from here (never from each other). The limb method's columns are committed
//! under [`spazk_logup::limb_layout`].

use ark_bn254::Fr;
use spazk_hyrax::Layout;
use spazk_transcript::Transcript;

/// Transcript labels.
pub mod label {
    /// A stand-alone statement's pre-activations `z`.
    pub const PUBLIC_INPUTS: &[u8] = b"activation-public-inputs";
    /// A stand-alone statement's activations `a`.
    pub const PUBLIC_OUTPUTS: &[u8] = b"activation-public-outputs";
    /// The spec's bound `L` on the pre-activations.
    pub const INPUT_BITS: &[u8] = b"activation-input-bits";
    /// The spec's right shift.
    pub const SHIFT: &[u8] = b"activation-shift";
    /// The spec's limb width.
    pub const LIMB_BITS: &[u8] = b"activation-limb-bits";
    /// The requantization table's quotient width.
    pub const REQUANTIZE_QUOTIENT_BITS: &[u8] = b"logup-requantize-quotient-bits";
    /// The requantization table's remainder width.
    pub const REQUANTIZE_REMAINDER_BITS: &[u8] = b"logup-requantize-remainder-bits";

    /// The limb method's labels.
    pub mod limbs {
        /// The sign bits' commitment.
        pub const SIGNS: &[u8] = b"activation-signs";
        /// The saturation bits' commitment.
        pub const SATURATIONS: &[u8] = b"activation-saturations";
        /// A limb commitment.
        pub const LIMBS: &[u8] = b"activation-limb";
        /// The challenge the constraints are combined with.
        pub const BETA: &[u8] = b"activation-beta";
        /// The challenge the carried claims are weighted with.
        pub const GAMMA: &[u8] = b"activation-gamma";
        /// The zero-check's point.
        pub const POINT: &[u8] = b"activation-point";
        /// `s̃, c̃` at the zero-check's final point.
        pub const BIT_VALUES: &[u8] = b"activation-bit-values";
        /// Every limb's value at the zero-check's final point.
        pub const LIMB_VALUES: &[u8] = b"activation-limb-values";
    }

    /// The pair method's labels.
    pub mod pairs {
        /// Marks the pair method (absorbed after the spec).
        pub const METHOD: &[u8] = b"activation-method-pairs";
        /// The quotient indices' commitment.
        pub const QUOTIENTS: &[u8] = b"activation-quotient-indices";
        /// The remainders' commitment.
        pub const REMAINDERS: &[u8] = b"activation-remainders";
        /// The activations' commitment.
        pub const OUTPUTS: &[u8] = b"activation-outputs";
        /// The challenge the reduction combines the columns with.
        pub const GAMMA: &[u8] = b"activation-gamma";
    }
}

/// `log2` of the pair method's advice rows' width.
pub const ADVICE_COL_VARS: u32 = 10;

/// The pair method's advice columns' layout: rows of up to `2^ADVICE_COL_VARS` entries.
/// Small-scalar rows cost a bucket combination each (about 500 group additions whatever their
/// length), so wide rows amortize it: committing 2^16 bytes takes half the time of the balanced
/// 256 × 256 layout. The opening vector grows to `2^ADVICE_COL_VARS` field elements (one per
/// proof: the three columns are opened together).
pub fn advice_layout(row_vars: u32) -> Layout {
    let col_vars = row_vars.min(ADVICE_COL_VARS);
    Layout {
        row_vars: row_vars - col_vars,
        col_vars,
    }
}

/// `2^bits` in the field (the relations between committed columns scale by it).
pub fn power_of_two(bits: u32) -> Fr {
    ark_ff::Field::pow(&Fr::from(2u64), [bits as u64])
}

/// Absorbs a stand-alone statement: every `z` (8 bytes, little-endian two's complement) and
/// every `a`. What [`crate::prove_activation`] and [`crate::verify_activation`] absorb before anything else.
pub fn absorb_public_activation(inputs: &[i64], outputs: &[u8], transcript: &mut Transcript) {
    let bytes: Vec<u8> = inputs.iter().flat_map(|z| z.to_le_bytes()).collect();
    transcript.append_bytes(label::PUBLIC_INPUTS, &bytes);
    transcript.append_bytes(label::PUBLIC_OUTPUTS, outputs);
}
