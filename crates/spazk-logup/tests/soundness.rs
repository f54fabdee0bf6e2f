//! Named attacks on the lookup argument and the committed range check; each must fail with the
//! exact error, none may panic the verifier. Randomness is seeded.

use ark_bn254::Fr;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use proptest::prelude::*;
use spazk_hyrax::{HyraxError, HyraxParams};
use spazk_logup::prover::prove_lookup_with_multiplicities;
use spazk_logup::range::prove_committed_ranges_with_scaled;
use spazk_logup::{
    multiplicities, prove_committed_range, prove_lookup, verify_committed_range, verify_lookup,
    CommittedRangeProof, DecodeError, LimbDecomposition, LookupError, LookupProof, LookupStatement,
    RangeError, RangeTable, Side, LOGUP_PROTOCOL,
};
use spazk_sumcheck::SumcheckError;
use spazk_transcript::Transcript;

const ROW_VARS: u32 = 6;
/// The first witness layer failing its first round: what a proof whose transcript has moved
/// (another commitment or statement absorbed) gives.
const FIRST_WITNESS_LAYER_FAILS: LookupError = LookupError::LayerSumcheck {
    side: Side::Witness,
    layer: 1,
    source: SumcheckError::RoundSumMismatch { round: 0 },
};
const BITS: u32 = 4;

fn params() -> HyraxParams {
    HyraxParams::with_default_seed(1 << 6)
}

fn statement(columns: usize) -> LookupStatement {
    LookupStatement {
        columns,
        row_vars: ROW_VARS,
        table: RangeTable { bits: BITS },
    }
}

fn columns(seed: u64, count: usize) -> Vec<Vec<u32>> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            (0..1 << ROW_VARS)
                .map(|_| rng.gen_range(0..1 << BITS))
                .collect()
        })
        .collect()
}

fn prove(columns: &[Vec<u32>]) -> LookupProof {
    let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    prove_lookup(&statement(columns.len()), &refs, &params(), &mut transcript)
        .unwrap()
        .0
}

fn verify(statement: &LookupStatement, proof: &LookupProof) -> Result<(), LookupError> {
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    verify_lookup(statement, proof, &params(), &mut transcript).map(|_| ())
}

/// The honest proof of `count` seeded columns, edited by `tamper`, then verified.
fn verify_tampered(
    seed: u64,
    count: usize,
    tamper: impl FnOnce(&mut LookupProof),
) -> Result<(), LookupError> {
    let mut proof = prove(&columns(seed, count));
    tamper(&mut proof);
    verify(&statement(count), &proof)
}

/// The honest multiplicities of `columns`.
fn counts_of(columns: &[Vec<u32>]) -> Vec<u32> {
    let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
    multiplicities(&refs, BITS).unwrap()
}

/// A proof made with multiplicities the prover chose.
fn prove_forged(columns: &[Vec<u32>], counts: &[u32]) -> LookupProof {
    let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    prove_lookup_with_multiplicities(
        &statement(columns.len()),
        &refs,
        counts,
        &params(),
        &mut transcript,
    )
    .unwrap()
    .0
}

/// A proof of `columns` made with the multiplicities `counts`, verified.
fn verify_forged(columns: &[Vec<u32>], counts: &[u32]) -> Result<(), LookupError> {
    verify(&statement(columns.len()), &prove_forged(columns, counts))
}

#[test]
fn honest_proof_verifies() {
    let data = columns(1, 3);
    assert_eq!(verify(&statement(3), &prove(&data)), Ok(()));
}

#[test]
fn honest_prover_refuses_an_out_of_range_value() {
    let mut data = columns(2, 1);
    data[0][7] = 1 << BITS;
    let refs: Vec<&[u32]> = data.iter().map(Vec::as_slice).collect();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    assert_eq!(
        prove_lookup(&statement(1), &refs, &params(), &mut transcript).unwrap_err(),
        LookupError::ValueOutOfRange {
            column: 0,
            row: 7,
            value: 16,
            bits: BITS
        }
    );
}

#[test]
fn out_of_range_value_is_rejected() {
    // The value 16 is counted as if it were 15: every other check passes, the sums differ.
    let mut data = columns(3, 1);
    data[0][7] = 1 << BITS;
    let mut honest = data.clone();
    honest[0][7] = (1 << BITS) - 1;
    let counts = counts_of(&honest);
    assert_eq!(
        verify_forged(&data, &counts),
        Err(LookupError::UnequalFractionSums)
    );
}

#[test]
fn wrong_multiplicity_is_rejected() {
    let data = columns(4, 2);
    let mut counts = counts_of(&data);
    counts[3] += 1;
    assert_eq!(
        verify_forged(&data, &counts),
        Err(LookupError::UnequalFractionSums)
    );
}

#[test]
fn unequal_fraction_sums_behind_a_tampered_root_are_rejected() {
    // Claiming a different table sum at the root breaks the first layer below it.
    assert_eq!(
        verify_tampered(5, 1, |proof| proof.table_tree.numerator += Fr::from(1u64)),
        Err(LookupError::LayerFinalMismatch {
            side: Side::Table,
            layer: 0
        })
    );
}

#[test]
fn zero_denominator_is_rejected() {
    assert_eq!(
        verify_tampered(6, 1, |proof| {
            proof.witness_tree.denominator = Fr::from(0u64);
        }),
        Err(LookupError::ZeroDenominator(Side::Witness))
    );
}

#[test]
fn tampered_round_polynomial_is_rejected() {
    assert_eq!(
        verify_tampered(7, 1, |proof| {
            proof.witness_tree.layers[4].sumcheck.round_polynomials[1].evaluations[2] +=
                Fr::from(1u64);
        }),
        Err(LookupError::LayerSumcheck {
            side: Side::Witness,
            layer: 4,
            source: SumcheckError::RoundSumMismatch { round: 2 }
        })
    );
}

#[test]
fn tampered_layer_values_are_rejected() {
    assert_eq!(
        verify_tampered(8, 1, |proof| {
            proof.witness_tree.layers[3].denominators[1] += Fr::from(1u64);
        }),
        Err(LookupError::LayerFinalMismatch {
            side: Side::Witness,
            layer: 3
        })
    );
}

#[test]
fn wrong_column_value_is_rejected() {
    assert_eq!(
        verify_tampered(9, 2, |proof| proof.column_values[1] += Fr::from(1u64)),
        Err(LookupError::WitnessDenominatorMismatch)
    );
}

#[test]
fn wrong_multiplicity_value_is_rejected() {
    assert_eq!(
        verify_tampered(10, 1, |proof| proof.multiplicity_value += Fr::from(1u64)),
        Err(LookupError::Multiplicity(HyraxError::EvaluationMismatch))
    );
}

#[test]
fn tampered_multiplicity_opening_is_rejected() {
    // The opened value is checked at once; the group equation would fail at the end.
    assert_eq!(
        verify_tampered(11, 1, |proof| {
            proof.multiplicity_opening.u[0] += Fr::from(1u64);
        }),
        Err(LookupError::Multiplicity(HyraxError::EvaluationMismatch))
    );
}

#[test]
fn swapped_multiplicity_commitment_is_rejected() {
    // Another witness's multiplicities: the challenges change, the first real layer fails.
    assert_eq!(
        verify_tampered(12, 1, |proof| {
            proof.multiplicity_commitment = prove(&columns(13, 1)).multiplicity_commitment;
        }),
        Err(FIRST_WITNESS_LAYER_FAILS)
    );
}

#[test]
fn proof_replayed_under_another_statement_is_rejected() {
    let proof = prove(&columns(14, 2));
    // Same column count, one more table bit: the table tree has the wrong depth.
    let wider = LookupStatement {
        table: RangeTable { bits: BITS + 1 },
        ..statement(2)
    };
    assert!(matches!(
        verify(&wider, &proof),
        Err(LookupError::Multiplicity(HyraxError::LayoutMismatch))
    ));
    // Same shapes, another transcript prefix (other column commitments absorbed first).
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    transcript.append_bytes(b"column", b"other columns");
    assert_eq!(
        verify_lookup(&statement(2), &proof, &params(), &mut transcript).map(|_| ()),
        Err(FIRST_WITNESS_LAYER_FAILS)
    );
}

#[test]
fn wrong_layer_count_is_rejected() {
    assert_eq!(
        verify_tampered(15, 1, |proof| {
            proof.witness_tree.layers.pop();
        }),
        Err(LookupError::WrongLayerCount {
            side: Side::Witness,
            expected: ROW_VARS as usize,
            found: ROW_VARS as usize - 1
        })
    );
}

#[test]
fn zero_table_root_denominator_is_rejected() {
    assert_eq!(
        verify_tampered(16, 1, |proof| proof.table_tree.denominator = Fr::from(0u64)),
        Err(LookupError::ZeroDenominator(Side::Table))
    );
}

#[test]
fn every_child_value_of_every_layer_is_pinned() {
    // p0, p1, q0, q1 of each layer, on both trees: moving one breaks that layer's final check.
    let honest = prove(&columns(17, 3));
    for side in [Side::Witness, Side::Table] {
        let depth = match side {
            Side::Witness => honest.witness_tree.layers.len(),
            Side::Table => honest.table_tree.layers.len(),
        };
        for layer in 0..depth {
            for child in 0..4 {
                let mut proof = honest.clone();
                let tree = match side {
                    Side::Witness => &mut proof.witness_tree,
                    Side::Table => &mut proof.table_tree,
                };
                let values = &mut tree.layers[layer];
                match child {
                    0 | 1 => values.numerators[child] += Fr::from(1u64),
                    _ => values.denominators[child - 2] += Fr::from(1u64),
                }
                assert_eq!(
                    verify(&statement(3), &proof),
                    Err(LookupError::LayerFinalMismatch { side, layer }),
                    "{side} layer {layer} child {child}"
                );
            }
        }
    }
}

#[test]
fn layer_round_count_and_degree_are_fixed_by_the_statement() {
    let honest = prove(&columns(18, 1));
    let mut proof = honest.clone();
    proof.table_tree.layers[3].sumcheck.round_polynomials.pop();
    assert_eq!(
        verify(&statement(1), &proof),
        Err(LookupError::LayerSumcheck {
            side: Side::Table,
            layer: 3,
            source: SumcheckError::WrongNumberOfRounds {
                expected: 3,
                found: 2
            }
        })
    );
    let mut proof = honest;
    proof.witness_tree.layers[2].sumcheck.round_polynomials[1]
        .evaluations
        .push(Fr::from(0u64));
    assert_eq!(
        verify(&statement(1), &proof),
        Err(LookupError::LayerSumcheck {
            side: Side::Witness,
            layer: 2,
            source: SumcheckError::WrongDegree {
                round: 1,
                degree: 3,
                found: 5
            }
        })
    );
}

#[test]
fn column_value_count_is_fixed_by_the_statement() {
    assert_eq!(
        verify_tampered(19, 2, |proof| {
            proof.column_values.pop();
        }),
        Err(LookupError::Shape {
            what: "column values",
            expected: 2,
            found: 1
        })
    );
}

fn range_values(seed: u64) -> Vec<u64> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..1 << ROW_VARS)
        .map(|_| rng.gen_range(0..1 << 10))
        .collect()
}

const UNEVEN: LimbDecomposition = LimbDecomposition {
    value_bits: 10,
    limb_bits: 4,
};

fn verify_range(proof: &CommittedRangeProof) -> Result<(), RangeError> {
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    verify_committed_range(&UNEVEN, ROW_VARS, proof, &params(), &mut transcript).map(|_| ())
}

fn prove_range(values: &[u64]) -> CommittedRangeProof {
    let committed = UNEVEN.commit(values, &params()).unwrap();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    prove_committed_range(&UNEVEN, &committed, &params(), &mut transcript)
        .unwrap()
        .0
}

/// The honest range proof of the values of `seed`, edited by `tamper`, then verified.
fn verify_range_tampered(
    seed: u64,
    tamper: impl FnOnce(&mut CommittedRangeProof),
) -> Result<(), RangeError> {
    let mut proof = prove_range(&range_values(seed));
    tamper(&mut proof);
    verify_range(&proof)
}

#[test]
fn committed_range_round_trip() {
    assert_eq!(verify_range(&prove_range(&range_values(20))), Ok(()));
}

#[test]
fn top_limb_above_its_width_is_rejected() {
    // 10 bits = 4 + 4 + 2: a top limb of 3 < 16 passes the 4-bit table, but its scaled copy
    // 3·4 = 12 must then be claimed; the cheater claims a copy in range that is not 4× the limb.
    let values = range_values(21);
    let mut committed = UNEVEN.commit(&values, &params()).unwrap();
    committed.limbs[2][0] = 9; // needs 4 bits, the top limb has 2
    let scaled: Vec<u32> = committed.limbs[2].iter().map(|l| (l * 4).min(15)).collect();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    let (proof, _) = prove_committed_ranges_with_scaled(
        &[(UNEVEN, &committed)],
        &[Some(&scaled)],
        &params(),
        &mut transcript,
    )
    .unwrap();
    assert_eq!(verify_range(&proof), Err(RangeError::ScaledLimbMismatch));
}

#[test]
fn limb_that_differs_from_its_commitment_is_rejected() {
    // The lookup runs on limbs other than the committed ones: the opening vector is consistent
    // with the claimed values, so only the merged group equation catches it.
    let values = range_values(22);
    let mut committed = UNEVEN.commit(&values, &params()).unwrap();
    committed.limbs[0][5] ^= 1;
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    let (proof, _) =
        prove_committed_range(&UNEVEN, &committed, &params(), &mut transcript).unwrap();
    assert_eq!(
        verify_range(&proof),
        Err(RangeError::Openings(HyraxError::CommitmentCheckFailed))
    );
}

#[test]
fn swapped_limb_commitment_is_rejected() {
    assert_eq!(
        verify_range_tampered(23, |proof| {
            proof.limb_commitments[1] = prove_range(&range_values(24)).limb_commitments[1].clone();
        }),
        Err(RangeError::Lookup(FIRST_WITNESS_LAYER_FAILS))
    );
}

#[test]
fn tampered_column_opening_is_rejected() {
    assert_eq!(
        verify_range_tampered(25, |proof| proof.column_opening.u[2] += Fr::from(1u64)),
        Err(RangeError::Column(HyraxError::EvaluationMismatch))
    );
}

#[test]
fn limb_commitment_count_and_layout_are_fixed_by_the_decomposition() {
    assert_eq!(
        verify_range_tampered(28, |proof| {
            proof.limb_commitments.pop();
        }),
        Err(RangeError::Shape {
            what: "limb commitments",
            expected: 3,
            found: 2
        })
    );
    // A limb committed under another layout (one row variable more, one column less).
    let relaid = |proof: &mut CommittedRangeProof| {
        let other = spazk_hyrax::Layout {
            row_vars: proof.limb_commitments[1].layout.row_vars + 1,
            col_vars: proof.limb_commitments[1].layout.col_vars - 1,
        };
        use spazk_hyrax::Commit;
        proof.limb_commitments[1] = [0u32; 1 << ROW_VARS].commit(&params(), other).unwrap();
    };
    assert_eq!(
        verify_range_tampered(28, relaid),
        Err(RangeError::Column(HyraxError::LayoutMismatch))
    );
}

#[test]
fn wrong_limb_value_in_the_lookup_is_rejected() {
    // The lookup's claimed value for a limb (what both the batched opening and the value claim
    // read) is pinned by the witness leaves.
    assert_eq!(
        verify_range_tampered(29, |proof| proof.lookup.column_values[1] += Fr::from(1u64)),
        Err(RangeError::Lookup(LookupError::WitnessDenominatorMismatch))
    );
}

#[test]
fn proof_for_a_wider_range_is_rejected_under_a_narrower_one() {
    // The widths come from the caller's decomposition and are absorbed: a proof that the values
    // have 10 bits does not show they have 9 (another scaled top, another transcript).
    let proof = prove_range(&range_values(30));
    let narrower = LimbDecomposition {
        value_bits: 9,
        ..UNEVEN
    };
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    assert_eq!(
        verify_committed_range(&narrower, ROW_VARS, &proof, &params(), &mut transcript).map(|_| ()),
        Err(RangeError::Lookup(FIRST_WITNESS_LAYER_FAILS))
    );
}

#[test]
fn truncated_proof_bytes_are_rejected() {
    let bytes = prove_range(&range_values(26)).to_bytes();
    for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
        assert!(matches!(
            CommittedRangeProof::from_bytes(&bytes[..cut]),
            Err(DecodeError::Undecodable)
        ));
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        CommittedRangeProof::from_bytes(&longer),
        Err(DecodeError::TrailingBytes(1))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn mutated_proof_bytes_never_panic_and_never_verify(
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let bytes = prove_range(&range_values(27)).to_bytes();
        let mut mutated = bytes.clone();
        let i = position.index(mutated.len());
        mutated[i] ^= flip;
        if let Ok(proof) = CommittedRangeProof::from_bytes(&mutated) {
            // A flip may land on a byte the encoding ignores (none here), so a decoded proof
            // must either be the original or be rejected.
            if proof.to_bytes() != bytes {
                prop_assert!(verify_range(&proof).is_err());
            }
        }
    }
}
