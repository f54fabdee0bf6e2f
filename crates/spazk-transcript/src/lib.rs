//! Fiat–Shamir transcript over BLAKE3.
//!
//! A [`Transcript`] is a running BLAKE3 hash of everything both parties have seen. Every message is
//! framed as `kind ‖ len(label) ‖ label ‖ len(data) ‖ data`, so no two different sequences of
//! appends hash the same way (no ambiguity between `("ab","c")` and `("a","bc")`), and the
//! protocol name is absorbed first so that transcripts of different protocols never collide.
//!
//! A challenge absorbs its own label and a counter into the state, then reads 64 bytes from the
//! BLAKE3 extendable output of a copy of the state and reduces them modulo the field order. The
//! statistical distance from uniform is below `2^{−(512 − 254)}` for BN254 (wide reduction: no
//! rejection loop, no bias worth naming).
//!
//! The transcript is deterministic: prover and verifier that append the same messages in the same
//! order draw the same challenges.
//!
//! May depend on: `ark-ff` and `ark-serialize` (to absorb field elements and serialized values,
//! and to reduce challenges into a field) and `blake3`. No other SpaZK crate: every protocol
//! crate sits on it, and the labels it absorbs are theirs (each crate's `protocol` module).
#![deny(unsafe_code)]
#![warn(missing_docs)]

use ark_ff::{BigInteger, PrimeField};
use ark_serialize::CanonicalSerialize;

/// Frame tags: which kind of message a frame carries.
mod tag {
    pub const PROTOCOL: u8 = 0x01;
    pub const BYTES: u8 = 0x02;
    pub const U64: u8 = 0x03;
    pub const FIELD: u8 = 0x04;
    pub const FIELDS: u8 = 0x05;
    pub const SERIALIZED: u8 = 0x06;
    pub const CHALLENGE: u8 = 0x07;
}

/// Bytes read per field challenge: twice the field size, so reduction bias is negligible.
const WIDE_CHALLENGE_BYTES: usize = 64;

/// A Fiat–Shamir transcript: absorb the statement and the prover's messages, squeeze challenges.
#[derive(Clone)]
pub struct Transcript {
    state: blake3::Hasher,
    challenges_drawn: u64,
}

impl core::fmt::Debug for Transcript {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Transcript")
            .field("challenges_drawn", &self.challenges_drawn)
            .finish_non_exhaustive()
    }
}

impl Transcript {
    /// A fresh transcript for the protocol named `protocol` (for example `b"spazk-matvec-v1"`).
    pub fn new(protocol: &[u8]) -> Self {
        let mut transcript = Self {
            state: blake3::Hasher::new(),
            challenges_drawn: 0,
        };
        transcript.frame(tag::PROTOCOL, b"protocol", protocol);
        transcript
    }

    fn frame(&mut self, kind: u8, label: &[u8], data: &[u8]) {
        self.frame_header(kind, label, data.len());
        self.state.update(data);
    }

    fn frame_header(&mut self, kind: u8, label: &[u8], data_len: usize) {
        self.state.update(&[kind]);
        self.state.update(&(label.len() as u64).to_le_bytes());
        self.state.update(label);
        self.state.update(&(data_len as u64).to_le_bytes());
    }

    /// Absorbs raw bytes.
    pub fn append_bytes(&mut self, label: &[u8], bytes: &[u8]) {
        self.frame(tag::BYTES, label, bytes);
    }

    /// Absorbs an integer (shapes, sizes, versions).
    pub fn append_u64(&mut self, label: &[u8], value: u64) {
        self.frame(tag::U64, label, &value.to_le_bytes());
    }

    /// Absorbs one field element in canonical little-endian form.
    pub fn append_field<F: PrimeField>(&mut self, label: &[u8], value: &F) {
        self.frame(tag::FIELD, label, &value.into_bigint().to_bytes_le());
    }

    /// Absorbs a slice of field elements (its length is part of the frame).
    pub fn append_fields<F: PrimeField>(&mut self, label: &[u8], values: &[F]) {
        let element_bytes = F::MODULUS_BIT_SIZE.div_ceil(8) as usize;
        self.frame_header(tag::FIELDS, label, values.len() * element_bytes);
        // Hash in blocks: per-element `update` calls would defeat BLAKE3's SIMD.
        let mut buffer = Vec::with_capacity(element_bytes * values.len().min(1024));
        for chunk in values.chunks(1024) {
            buffer.clear();
            for v in chunk {
                let bytes = v.into_bigint().to_bytes_le();
                buffer.extend_from_slice(&bytes[..element_bytes]);
            }
            self.state.update(&buffer);
        }
    }

    /// Absorbs any arkworks-serializable value (group elements, commitments) in compressed form.
    pub fn append_serializable<T: CanonicalSerialize>(&mut self, label: &[u8], value: &T) {
        let mut bytes = Vec::with_capacity(value.compressed_size());
        value
            .serialize_compressed(&mut bytes)
            .expect("serializing into a Vec cannot fail");
        self.frame(tag::SERIALIZED, label, &bytes);
    }

    /// Fills `out` with challenge bytes bound to everything absorbed so far.
    pub fn challenge_bytes(&mut self, label: &[u8], out: &mut [u8]) {
        let counter = self.challenges_drawn;
        self.challenges_drawn += 1;
        self.frame(tag::CHALLENGE, label, &counter.to_le_bytes());
        self.state.finalize_xof().fill(out);
    }

    /// A uniformly distributed field element bound to everything absorbed so far.
    pub fn challenge_field<F: PrimeField>(&mut self, label: &[u8]) -> F {
        let mut wide = [0u8; WIDE_CHALLENGE_BYTES];
        self.challenge_bytes(label, &mut wide);
        F::from_le_bytes_mod_order(&wide)
    }

    /// `count` field challenges under one label.
    pub fn challenge_fields<F: PrimeField>(&mut self, label: &[u8], count: usize) -> Vec<F> {
        (0..count).map(|_| self.challenge_field(label)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spazk_field::Fr;

    fn statement_challenge(output: &[u64]) -> Fr {
        let mut t = Transcript::new(b"test-protocol");
        let values: Vec<Fr> = output.iter().map(|v| Fr::from(*v)).collect();
        t.append_fields(b"output", &values);
        t.challenge_field(b"r")
    }

    #[test]
    fn deterministic() {
        assert_eq!(
            statement_challenge(&[1, 2, 3]),
            statement_challenge(&[1, 2, 3])
        );
    }

    #[test]
    fn different_statements_give_different_challenges() {
        assert_ne!(
            statement_challenge(&[1, 2, 3]),
            statement_challenge(&[1, 2, 4])
        );
        assert_ne!(
            statement_challenge(&[1, 2, 3]),
            statement_challenge(&[1, 2, 3, 0])
        );
    }

    #[test]
    fn protocol_name_separates_domains() {
        let mut a = Transcript::new(b"protocol-a");
        let mut b = Transcript::new(b"protocol-b");
        assert_ne!(a.challenge_field::<Fr>(b"r"), b.challenge_field::<Fr>(b"r"));
    }

    #[test]
    fn framing_is_unambiguous() {
        let mut a = Transcript::new(b"p");
        a.append_bytes(b"x", b"ab");
        a.append_bytes(b"x", b"c");
        let mut b = Transcript::new(b"p");
        b.append_bytes(b"x", b"a");
        b.append_bytes(b"x", b"bc");
        assert_ne!(a.challenge_field::<Fr>(b"r"), b.challenge_field::<Fr>(b"r"));

        // A label and the data after it cannot trade bytes either.
        let mut c = Transcript::new(b"p");
        c.append_bytes(b"xa", b"b");
        let mut d = Transcript::new(b"p");
        d.append_bytes(b"x", b"ab");
        assert_ne!(c.challenge_field::<Fr>(b"r"), d.challenge_field::<Fr>(b"r"));
    }

    #[test]
    fn labels_and_kinds_matter() {
        let mut a = Transcript::new(b"p");
        a.append_u64(b"n", 5);
        let mut b = Transcript::new(b"p");
        b.append_u64(b"m", 5);
        let mut c = Transcript::new(b"p");
        c.append_field(b"n", &Fr::from(5u64));
        let ra: Fr = a.challenge_field(b"r");
        assert_ne!(ra, b.challenge_field(b"r"));
        assert_ne!(ra, c.challenge_field(b"r"));
    }

    #[test]
    fn successive_challenges_differ_and_depend_on_history() {
        let mut t = Transcript::new(b"p");
        let r1: Fr = t.challenge_field(b"r");
        let r2: Fr = t.challenge_field(b"r");
        assert_ne!(r1, r2);
        let mut u = Transcript::new(b"p");
        let _: Fr = u.challenge_field(b"r");
        u.append_u64(b"round", 0);
        assert_ne!(r2, u.challenge_field(b"r"));
    }

    #[test]
    fn field_slice_matches_element_bytes_not_montgomery_form() {
        // Same value appended via the slice and via serialization of its canonical bytes.
        let mut a = Transcript::new(b"p");
        a.append_fields(b"v", &[Fr::from(1u64)]);
        let mut b = Transcript::new(b"p");
        let mut raw = Fr::from(1u64).into_bigint().to_bytes_le();
        raw.truncate(32);
        b.frame(tag::FIELDS, b"v", &raw);
        assert_eq!(a.challenge_field::<Fr>(b"r"), b.challenge_field::<Fr>(b"r"));
    }
}
