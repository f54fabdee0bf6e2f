//! One file, one meaning (issue 13, item 5): readers accept only the canonical encoding, so no
//! single-bit change of a proof or commitment file is accepted, and a commitment's published
//! digest is the BLAKE3 hash of exactly the file bytes.

mod common;
mod verifying;

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use common::{flip, Case, GOLDEN_COMMITMENT, GOLDEN_DIGEST};
use spazk_hyrax::{Commit, HyraxCommitment, HyraxError, HyraxParams, Layout};
use spazk_mlp::{InferenceProof, MlpError, ModelCommitment};

/// The digest's definition: BLAKE3 in key-derivation mode over the file bytes.
fn blake3_of_file(bytes: &[u8]) -> [u8; 32] {
    *blake3::Hasher::new_derive_key("spazk model commitment v1")
        .update(bytes)
        .finalize()
        .as_bytes()
}

#[test]
fn the_published_digest_is_blake3_of_the_golden_file() {
    let commitment = ModelCommitment::from_bytes(GOLDEN_COMMITMENT).unwrap();
    assert_eq!(commitment.digest(), blake3_of_file(GOLDEN_COMMITMENT));
    assert_eq!(commitment.digest_hex(), GOLDEN_DIGEST.trim());
    assert_eq!(commitment.to_bytes(), GOLDEN_COMMITMENT);
    let golden = Case::golden();
    assert_eq!(golden.check_proof(&golden.proof_bytes), Ok(()));
}

/// An identity row is encoded as the infinity flag beside 254 bits of x that arkworks ignores:
/// the filler must be zero.
#[test]
fn identity_point_filler_is_rejected() {
    let params = HyraxParams::with_default_seed(4);
    // Two rows of two columns; the second row is all zero, so its commitment is the identity.
    let commitment = [5u32, 7, 0, 0]
        .commit(
            &params,
            Layout {
                row_vars: 1,
                col_vars: 1,
            },
        )
        .unwrap();
    let bytes = commitment.to_bytes();
    let identity = bytes.len() - 32;
    assert_eq!(bytes[identity..], {
        let mut e = [0u8; 32];
        e[31] = 0x40;
        e
    });
    assert_eq!(HyraxCommitment::from_bytes(&bytes), Ok(commitment));
    for (byte, bit) in [(0, 0), (17, 5), (31, 0), (31, 5)] {
        let mut filled = bytes.clone();
        filled[identity + byte] ^= 1 << bit;
        assert_eq!(
            HyraxCommitment::from_bytes(&filled),
            Err(HyraxError::NonCanonical {
                offset: identity + byte
            })
        );
    }
}

/// Why a mutated file was rejected, for the counts printed.
#[derive(Default, Debug)]
struct Rejections {
    /// The reader refused the bytes.
    by_reader: usize,
    /// Decoded, then rejected by the verifier (or, for a commitment, by its digest).
    after_decoding: usize,
}

fn reject_proof(case: &Case, bytes: &[u8], counts: &mut Rejections) {
    match InferenceProof::from_bytes(bytes) {
        Err(_) => counts.by_reader += 1,
        Ok(proof) => {
            assert!(case.verify(&case.commitment, &proof).is_err());
            counts.after_decoding += 1;
        }
    }
}

/// A changed commitment file is rejected by the reader, or it has another digest (so it is not
/// the published commitment) and the proof does not verify against it.
fn reject_commitment(
    case: &Case,
    proof: Option<&InferenceProof>,
    bytes: &[u8],
    counts: &mut Rejections,
) {
    match ModelCommitment::from_bytes(bytes) {
        Err(_) => counts.by_reader += 1,
        Ok(changed) => {
            assert_ne!(changed.digest(), case.commitment.digest());
            assert_eq!(changed.digest(), blake3_of_file(bytes));
            if let Some(proof) = proof {
                assert!(case.verify(&changed, proof).is_err());
            }
            counts.after_decoding += 1;
        }
    }
}

#[test]
fn every_single_bit_flip_of_a_small_models_files_is_rejected() {
    let case = Case::tiny();
    let proof = InferenceProof::from_bytes(&case.proof_bytes).unwrap();
    assert_eq!(case.verify(&case.commitment, &proof), Ok(()));
    let mut proof_counts = Rejections::default();
    for bit in 0..case.proof_bytes.len() * 8 {
        reject_proof(&case, &flip(&case.proof_bytes, bit), &mut proof_counts);
    }
    let mut commitment_counts = Rejections::default();
    for bit in 0..case.commitment_bytes.len() * 8 {
        let flipped = flip(&case.commitment_bytes, bit);
        reject_commitment(&case, Some(&proof), &flipped, &mut commitment_counts);
    }
    eprintln!(
        "every bit: proof ({} bytes) {proof_counts:?}, commitment ({} bytes) {commitment_counts:?}",
        case.proof_bytes.len(),
        case.commitment_bytes.len()
    );
}

/// Random flips of the shipped files, half in each, one file per thread. Each decoded
/// commitment costs its 528 point decompressions, so the commitment side checks the digest (what
/// a verifier given the published digest checks) rather than verifying a proof against it.
#[test]
fn random_bit_flips_of_the_golden_files_are_rejected() {
    const FLIPS: usize = 10_000;
    let case = Case::golden();
    let flips = |bytes: &[u8], seed: u64| -> Vec<Vec<u8>> {
        let mut rng = StdRng::seed_from_u64(seed);
        (0..FLIPS / 2)
            .map(|_| flip(bytes, rng.gen_range(0..bytes.len() * 8)))
            .collect()
    };
    let (proof_counts, commitment_counts) = std::thread::scope(|s| {
        let proofs = s.spawn(|| {
            let mut counts = Rejections::default();
            for bytes in flips(&case.proof_bytes, 13) {
                reject_proof(&case, &bytes, &mut counts);
            }
            counts
        });
        let mut counts = Rejections::default();
        for bytes in flips(&case.commitment_bytes, 14) {
            reject_commitment(&case, None, &bytes, &mut counts);
        }
        (proofs.join().unwrap(), counts)
    });
    eprintln!("golden: proof {proof_counts:?}, commitment {commitment_counts:?}");
}

/// The identity filler, inside a proof file: the proof reader names the byte.
#[test]
fn identity_filler_in_a_proof_file_is_non_canonical() {
    let case = Case::golden();
    let mut identity = [0u8; 32];
    identity[31] = 0x40;
    let at = case
        .proof_bytes
        .windows(32)
        .position(|w| w == identity)
        .expect("the golden proof commits an all-zero row");
    let mut filled = case.proof_bytes.clone();
    filled[at + 3] = 0x5a;
    assert_eq!(
        InferenceProof::from_bytes(&filled),
        Err(MlpError::NonCanonical {
            what: "proof",
            offset: at + 3
        })
    );
}
