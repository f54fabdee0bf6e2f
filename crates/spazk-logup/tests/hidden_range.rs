//! Zero-knowledge range checks over the real commitment layer (`spazk-hyrax`'s `ZkProver` /
//! `ZkVerifier`): round trips finished by the final Σ-protocol (a scaled top limb among the
//! columns), all-zero values committed with no identity row, the tamper suite with exact
//! errors, a forged scaled top limb, mutated proof bytes never panic the verifier. Randomness is
//! seeded.

use ark_bn254::Fr;
use ark_ec::AffineRepr;
use ark_ff::One;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use proptest::prelude::*;
use spazk_field::evaluate_mle;
use spazk_hyrax::zk::{ZkProof, ZkProver, ZkVerifier};
use spazk_hyrax::{HyraxError, HyraxParams, Layout};
use spazk_logup::{
    hidden_range_mask_len, prove_hidden_committed_ranges, verify_hidden_committed_ranges,
    HiddenCommittedRanges, HiddenRangeProof, LimbDecomposition, LookupError, RangeError, Side,
};
use spazk_sumcheck::hidden::{Claim, HidingProver, HidingVerifier};
use spazk_sumcheck::SumcheckError;
use spazk_transcript::Transcript;

const ROW_VARS: u32 = 6;
const PROTOCOL: &[u8] = b"spazk-logup-hidden-range-tests";

/// Three value columns, limbs of 6 bits: 16 bits (a scaled top of 4 bits), 12 bits, 5 bits
/// (one scaled limb).
fn decompositions() -> Vec<LimbDecomposition> {
    [16, 12, 5]
        .map(|value_bits| LimbDecomposition {
            value_bits,
            limb_bits: 6,
        })
        .to_vec()
}

fn params() -> &'static HyraxParams {
    static PARAMS: std::sync::OnceLock<HyraxParams> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| HyraxParams::with_default_seed(512))
}

fn mask() -> usize {
    hidden_range_mask_len(&decompositions(), ROW_VARS)
}

fn values(seed: u64) -> Vec<Vec<u64>> {
    let mut rng = StdRng::seed_from_u64(seed);
    decompositions()
        .iter()
        .map(|d| {
            (0..1 << ROW_VARS)
                .map(|_| rng.gen_range(0..1u64 << d.value_bits))
                .collect()
        })
        .collect()
}

fn commit(values: &[Vec<u64>], rng: &mut StdRng) -> HiddenCommittedRanges {
    let columns = decompositions()
        .into_iter()
        .zip(values)
        .map(|(d, v)| (d, d.commit_hidden(v, params(), rng).unwrap()))
        .collect();
    HiddenCommittedRanges::new(columns, params(), rng).unwrap()
}

/// Each value column's MLE at `point`.
fn mles(values: &[Vec<u64>], point: &[Fr]) -> Vec<Fr> {
    values
        .iter()
        .map(|v| {
            let field: Vec<Fr> = v.iter().map(|x| Fr::from(*x)).collect();
            evaluate_mle(&field, point).unwrap()
        })
        .collect()
}

/// Proves `committed`; the value claims required equal to the public `values`' MLEs (a
/// stand-alone statement that shows the claims are the values').
fn prove(
    committed: &HiddenCommittedRanges,
    values: &[Vec<u64>],
    seed: u64,
) -> (HiddenRangeProof, ZkProof) {
    let mut prover = ZkProver::new(params(), mask(), StdRng::seed_from_u64(seed)).unwrap();
    prover.skip_self_check();
    let mut transcript = Transcript::new(PROTOCOL);
    prover.absorb_mask_commitment(&mut transcript);
    let proved = prove_hidden_committed_ranges(committed, &mut prover, &mut transcript).unwrap();
    let expected = mles(values, &proved.point);
    let claims = proved.value_claims.into_iter().zip(proved.values);
    for ((claim, value), expected) in claims.zip(expected) {
        assert_eq!(value, expected, "the prover's value is the column's MLE");
        prover
            .relations()
            .require_equal(claim, Claim::public(expected));
    }
    (proved.proof, prover.finish(&mut transcript))
}

#[derive(Debug, PartialEq, Eq)]
enum Rejected {
    Range(RangeError),
    Sigma(HyraxError),
}

fn verify(proof: &HiddenRangeProof, zk: &ZkProof, values: &[Vec<u64>]) -> Result<(), Rejected> {
    let mut verifier = ZkVerifier::new(params(), mask(), zk).map_err(Rejected::Sigma)?;
    let mut transcript = Transcript::new(PROTOCOL);
    verifier.absorb_mask_commitment(&mut transcript);
    let range = verify_hidden_committed_ranges(
        &decompositions(),
        ROW_VARS,
        proof,
        &mut verifier,
        &mut transcript,
    )
    .map_err(Rejected::Range)?;
    for (claim, expected) in range
        .value_claims
        .into_iter()
        .zip(mles(values, &range.point))
    {
        verifier
            .relations()
            .require_equal(claim, Claim::public(expected));
    }
    verifier.finish(&mut transcript).map_err(Rejected::Sigma)
}

fn honest(seed: u64) -> (Vec<Vec<u64>>, HiddenRangeProof, ZkProof) {
    let values = values(seed);
    let mut rng = StdRng::seed_from_u64(seed + 100);
    let committed = commit(&values, &mut rng);
    let (proof, zk) = prove(&committed, &values, seed + 200);
    (values, proof, zk)
}

#[test]
fn honest_ranges_verify() {
    for seed in 1..4 {
        let (values, proof, zk) = honest(seed);
        assert_eq!(verify(&proof, &zk, &values), Ok(()), "seed {seed}");
        let bytes = proof.to_bytes();
        assert_eq!(HiddenRangeProof::from_bytes(&bytes).unwrap(), proof);
    }
}

#[test]
fn all_zero_values_commit_no_identity_row() {
    let values: Vec<Vec<u64>> = vec![vec![0; 1 << ROW_VARS]; 3];
    let mut rng = StdRng::seed_from_u64(5);
    let committed = commit(&values, &mut rng);
    let (proof, zk) = prove(&committed, &values, 6);
    assert_eq!(verify(&proof, &zk, &values), Ok(()));
    let rows = proof
        .limb_commitments
        .iter()
        .chain([&proof.multiplicity_commitment])
        .flat_map(|c| c.rows.iter());
    for row in rows {
        assert!(!row.is_zero());
    }
}

/// Changes every challenge after the lookup's statement: caught in the clear at the first
/// round checked there (round 1 of witness layer 2).
const DIVERGED: Result<(), Rejected> = Err(Rejected::Range(RangeError::Lookup(
    LookupError::LayerSumcheck {
        side: Side::Witness,
        layer: 2,
        source: SumcheckError::RoundSumMismatch { round: 1 },
    },
)));

#[test]
fn tamper_suite() {
    let (values, proof, zk) = honest(7);
    let (_, other, _) = honest(8);
    let check = |tamper: &dyn Fn(&mut HiddenRangeProof)| {
        let mut tampered = proof.clone();
        tamper(&mut tampered);
        verify(&tampered, &zk, &values)
    };
    for k in 0..proof.limb_commitments.len() {
        assert_eq!(
            check(&|p| p.limb_commitments[k] = other.limb_commitments[k].clone()),
            DIVERGED,
            "limb {k}"
        );
    }
    assert_eq!(
        check(&|p| p.multiplicity_commitment = other.multiplicity_commitment.clone()),
        DIVERGED
    );
    assert_eq!(
        check(&|p| p.multiplicity_commitment.layout = Layout::balanced(4)),
        Err(Rejected::Range(RangeError::Lookup(
            LookupError::Multiplicity(HyraxError::LayoutMismatch)
        )))
    );
    assert_eq!(
        check(&|p| {
            p.limb_commitments.pop();
        }),
        Err(Rejected::Range(RangeError::Shape {
            what: "limb commitments",
            expected: proof.limb_commitments.len(),
            found: proof.limb_commitments.len() - 1,
        }))
    );
    // A layer's round checked in the clear, and the table tree's very last round's value (a
    // relation: nothing after it is checked in the clear).
    assert_eq!(
        check(
            &|p| p.lookup.witness_tree.layers[2].round_polynomials[2].evaluations[0] += Fr::one()
        ),
        Err(Rejected::Range(RangeError::Lookup(
            LookupError::LayerSumcheck {
                side: Side::Witness,
                layer: 3,
                source: SumcheckError::RoundSumMismatch { round: 2 },
            }
        )))
    );
    assert_eq!(
        check(&|p| {
            let layer = p.lookup.table_tree.layers.last_mut().unwrap();
            let last = layer.round_polynomials.last_mut().unwrap();
            last.evaluations[0] += Fr::one();
            last.evaluations[1] -= Fr::one();
        }),
        Err(Rejected::Sigma(HyraxError::SigmaCheckFailed))
    );
    // Another statement's values.
    assert_eq!(
        verify(&proof, &zk, &values_changed(&values)),
        Err(Rejected::Sigma(HyraxError::SigmaCheckFailed))
    );
}

fn values_changed(values: &[Vec<u64>]) -> Vec<Vec<u64>> {
    let mut other = values.to_vec();
    other[1][3] ^= 1;
    other
}

/// A 16-bit column's top limb (4 bits) holding 5 bits: the honest scaled copy leaves the
/// table (no honest proof); a forged copy within the table breaks the scaled top's relation.
#[test]
fn a_too_wide_top_limb_is_rejected() {
    let mut values = values(9);
    let mut rng = StdRng::seed_from_u64(10);
    let decompositions = decompositions();
    let mut columns: Vec<_> = decompositions
        .iter()
        .zip(&values)
        .map(|(d, v)| (*d, d.commit_hidden(v, params(), &mut rng).unwrap()))
        .collect();
    // Top limb of column 0, row 0 set to 16 (5 bits), recommitted.
    let d0 = decompositions[0];
    let top = d0.limbs() - 1;
    columns[0].1.limbs[top][0] = 16;
    let wide: Vec<u64> = columns[0].1.limbs[top].iter().map(|l| *l as u64).collect();
    let recommitted = LimbDecomposition {
        value_bits: 6,
        limb_bits: 6,
    }
    .commit_hidden(&wide, params(), &mut rng)
    .unwrap();
    columns[0].1.commitments[top] = recommitted.commitments[0].clone();
    values[0][0] += (16 - (values[0][0] >> 12)) << 12;
    assert_eq!(
        HiddenCommittedRanges::new(columns.clone(), params(), &mut rng).err(),
        Some(RangeError::Lookup(LookupError::ValueOutOfRange {
            column: 3,
            row: 0,
            value: 64,
            bits: 6,
        }))
    );
    let scaled: Vec<Option<Vec<u32>>> = decompositions
        .iter()
        .zip(&columns)
        .map(|(d, (_, c))| {
            d.has_scaled_top().then(|| {
                c.limbs[d.limbs() - 1]
                    .iter()
                    .map(|l| (l * (1 << (d.limb_bits - d.top_bits()))).min(63))
                    .collect()
            })
        })
        .collect();
    let forged = HiddenCommittedRanges::with_scaled(columns, scaled, params(), &mut rng).unwrap();
    let (proof, zk) = prove(&forged, &values, 11);
    assert_eq!(
        verify(&proof, &zk, &values),
        Err(Rejected::Sigma(HyraxError::SigmaCheckFailed))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Mutated proof bytes never panic the verifier.
    #[test]
    fn mutated_proof_bytes_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        static HONEST: std::sync::OnceLock<(Vec<Vec<u64>>, HiddenRangeProof, ZkProof)> =
            std::sync::OnceLock::new();
        let (values, proof, zk) = HONEST.get_or_init(|| honest(12));
        let mut bytes = Vec::new();
        proof.serialize_compressed(&mut bytes).unwrap();
        zk.serialize_compressed(&mut bytes).unwrap();
        for (index, value) in &edits {
            let i = index.index(bytes.len());
            bytes[i] ^= value | 1;
        }
        let mut reader = bytes.as_slice();
        if let (Ok(proof), Ok(zk)) = (
            HiddenRangeProof::deserialize_compressed(&mut reader),
            ZkProof::deserialize_compressed(&mut reader),
        ) {
            let _ = verify(&proof, &zk, values);
        }
    }
}
