//! Round trips of the lookup argument and the committed range check.

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use proptest::prelude::*;
use spazk_hyrax::HyraxParams;
use spazk_logup::{
    prove_committed_range, prove_lookup, verify_committed_range, verify_lookup, LimbDecomposition,
    LookupStatement, RangeTable, LOGUP_PROTOCOL,
};
use spazk_transcript::Transcript;

fn params() -> HyraxParams {
    HyraxParams::with_default_seed(1 << 10)
}

fn random_columns(rng: &mut StdRng, columns: usize, rows: usize, bits: u32) -> Vec<Vec<u32>> {
    (0..columns)
        .map(|_| (0..rows).map(|_| rng.gen_range(0..1u32 << bits)).collect())
        .collect()
}

fn lookup_round_trip(columns: &[Vec<u32>], row_vars: u32, table_bits: u32) {
    let params = params();
    let statement = LookupStatement {
        columns: columns.len(),
        row_vars,
        table: RangeTable { bits: table_bits },
    };
    let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
    // Public columns: both sides absorb them before any challenge, as `verify_lookup` requires
    // (its claims are MLE values at a point the transcript chooses).
    let transcript_with_columns = || {
        let mut transcript = Transcript::new(LOGUP_PROTOCOL);
        for column in columns {
            let bytes: Vec<u8> = column.iter().flat_map(|w| w.to_le_bytes()).collect();
            transcript.append_bytes(b"public-column", &bytes);
        }
        transcript
    };
    let (proof, claims) =
        prove_lookup(&statement, &refs, &params, &mut transcript_with_columns()).unwrap();
    let verified =
        verify_lookup(&statement, &proof, &params, &mut transcript_with_columns()).unwrap();
    assert_eq!(verified, claims);
    // The claims are the columns' MLEs at the point.
    for (column, value) in columns.iter().zip(&claims.values) {
        let table: Vec<_> = column
            .iter()
            .map(|w| spazk_field::Fr::from(*w as u64))
            .collect();
        assert_eq!(
            spazk_field::evaluate_mle(&table, &claims.point).unwrap(),
            *value
        );
    }
}

#[test]
fn one_column_round_trip() {
    let mut rng = StdRng::seed_from_u64(1);
    lookup_round_trip(&random_columns(&mut rng, 1, 1 << 10, 8), 10, 8);
}

#[test]
fn three_columns_round_trip() {
    let mut rng = StdRng::seed_from_u64(2);
    lookup_round_trip(&random_columns(&mut rng, 3, 1 << 6, 4), 6, 4);
}

#[test]
fn tiny_shapes_round_trip() {
    lookup_round_trip(&[vec![1]], 0, 1);
    lookup_round_trip(&[vec![0, 1], vec![1, 1]], 1, 1);
}

fn range_round_trip(values: &[u64], decomposition: LimbDecomposition) {
    let params = params();
    let committed = decomposition.commit(values, &params).unwrap();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    let (proof, claim) =
        prove_committed_range(&decomposition, &committed, &params, &mut transcript).unwrap();
    let bytes = proof.to_bytes();
    let decoded = spazk_logup::CommittedRangeProof::from_bytes(&bytes).unwrap();
    let row_vars = values.len().trailing_zeros();
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    let verified =
        verify_committed_range(&decomposition, row_vars, &decoded, &params, &mut transcript)
            .unwrap();
    assert_eq!(verified, claim);
    let table: Vec<_> = values.iter().map(|v| spazk_field::Fr::from(*v)).collect();
    assert_eq!(
        spazk_field::evaluate_mle(&table, &claim.point).unwrap(),
        claim.value
    );
}

#[test]
fn range_with_even_and_uneven_limbs() {
    let mut rng = StdRng::seed_from_u64(3);
    let values: Vec<u64> = (0..1 << 8).map(|_| rng.gen_range(0..1u64 << 16)).collect();
    for limb_bits in [8, 12, 16, 5] {
        range_round_trip(
            &values,
            LimbDecomposition {
                value_bits: 16,
                limb_bits,
            },
        );
    }
}

#[test]
fn value_commitment_is_the_homomorphic_sum() {
    use spazk_hyrax::Commit;
    let params = params();
    let values: Vec<u64> = (0..64u64).map(|i| i * 997 % 4096).collect();
    let decomposition = LimbDecomposition {
        value_bits: 12,
        limb_bits: 5,
    };
    let committed = decomposition.commit(&values, &params).unwrap();
    let direct: Vec<u16> = values.iter().map(|v| *v as u16).collect();
    let direct = direct
        .commit(&params, LimbDecomposition::layout(6))
        .unwrap();
    assert_eq!(
        decomposition
            .value_commitment(&committed.commitments)
            .unwrap(),
        direct
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn random_in_range_witnesses_verify(
        seed in any::<u64>(),
        row_vars in 0u32..7,
        columns in 1usize..4,
        bits in 1u32..7,
    ) {
        let mut rng = StdRng::seed_from_u64(seed);
        let data = random_columns(&mut rng, columns, 1 << row_vars, bits);
        lookup_round_trip(&data, row_vars, bits);
    }
}

/// The byte readers accept one encoding per proof: the filler beside an identity point's flag
/// (a multiplicity row of table entries nobody looks up) is rejected, not ignored.
#[test]
fn lookup_proof_reader_rejects_identity_filler() {
    let statement = LookupStatement {
        columns: 1,
        row_vars: 4,
        table: RangeTable { bits: 8 },
    };
    let zeros = vec![0u32; 16];
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    let (proof, _) = prove_lookup(&statement, &[&zeros], &params(), &mut transcript).unwrap();
    let bytes = proof.to_bytes();
    assert_eq!(spazk_logup::LookupProof::from_bytes(&bytes), Ok(proof));
    let mut identity = [0u8; 32];
    identity[31] = 0x40;
    let at = bytes
        .windows(32)
        .position(|w| w == identity)
        .expect("only table entry 0 is looked up: the other multiplicity rows are the identity");
    let mut filled = bytes.clone();
    filled[at] = 1;
    assert!(matches!(
        spazk_logup::LookupProof::from_bytes(&filled),
        Err(spazk_logup::DecodeError::NonCanonical { .. })
    ));
}
