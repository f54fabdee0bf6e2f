//! Hyrax round trips: every commitment path, openings, batches, the committed mat-vec.

use proptest::prelude::*;
use spazk_field::{evaluate_mle, Fr, Zero};
use spazk_hyrax::{
    open_values, verify_opening, Commit, CommittedMatrix, HyraxCommitment, HyraxParams, Layout,
};
use spazk_matrix::{random_field_vectors, Matrix, MatrixShape, TernaryMatrix};
use spazk_sumcheck::{prove_matvec, verify_matvec, MatVecProof, MatVecStatement, MATVEC_PROTOCOL};
use spazk_transcript::Transcript;

mod opening_fixtures;
use opening_fixtures::batched_tables;

fn params() -> &'static HyraxParams {
    static PARAMS: std::sync::OnceLock<HyraxParams> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| HyraxParams::derive(b"spazk-hyrax-tests", 64))
}

/// The matrix as a row-major table padded to its layout (index y·C + x).
fn padded_table(matrix: &TernaryMatrix) -> Vec<Fr> {
    let layout = Layout::of_matrix(matrix.shape());
    let mut table = vec![Fr::from(0u64); layout.rows() * layout.cols()];
    matrix.for_each_signed(|y, x, positive| {
        table[y * layout.cols() + x] = if positive {
            Fr::from(1u64)
        } else {
            -Fr::from(1u64)
        }
    });
    table
}

#[test]
fn the_three_paths_agree_on_the_same_data() {
    let shape = MatrixShape::new(12, 20);
    let matrix = TernaryMatrix::random(shape, 0.4, 1).unwrap();
    let layout = Layout::of_matrix(shape);
    let table = padded_table(&matrix);
    let ternary = matrix.commit(params(), layout).unwrap();
    let field = table.commit(params(), layout).unwrap();
    let signed: Vec<i32> = table
        .iter()
        .map(|v| {
            if *v == Fr::from(1u64) {
                1
            } else if v.is_zero() {
                0
            } else {
                -1
            }
        })
        .collect();
    let small = signed.commit(params(), layout).unwrap();
    assert_eq!(ternary, field);
    assert_eq!(ternary, small);

    // Unsigned small values through u8, u16 and the field path.
    let values: Vec<u16> = (0..200u16).map(|i| i.wrapping_mul(337) % 251).collect();
    let layout = Layout::balanced(8);
    let as_field: Vec<Fr> = values.iter().map(|v| Fr::from(*v as u64)).collect();
    let as_u8: Vec<u8> = values.iter().map(|v| *v as u8).collect();
    let c16 = values.commit(params(), layout).unwrap();
    assert_eq!(c16, as_field.commit(params(), layout).unwrap());
    assert_eq!(c16, as_u8.commit(params(), layout).unwrap());
}

/// Unsigned columns choose among bit planes, byte buckets and a per-row MSM by estimated cost
/// (rows, width of the largest value); whichever runs, the commitment is the field one.
#[test]
fn every_unsigned_path_commits_as_the_field_path() {
    use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
    let mut rng = StdRng::seed_from_u64(21);
    for (row_vars, col_vars) in [(0, 6), (1, 5), (4, 4), (6, 2), (7, 3), (8, 0)] {
        let layout = Layout { row_vars, col_vars };
        let len = (1usize << (row_vars + col_vars)) - 3;
        for bits in [1u32, 7, 8, 12, 16, 17, 24, 32] {
            let values: Vec<u32> = (0..len).map(|_| rng.gen::<u32>() >> (32 - bits)).collect();
            let as_field: Vec<Fr> = values.iter().map(|v| Fr::from(*v as u64)).collect();
            let expected = as_field.commit(params(), layout).unwrap();
            assert_eq!(
                values.commit(params(), layout).unwrap(),
                expected,
                "u32, {bits} bits"
            );
            if bits <= 16 {
                let narrow: Vec<u16> = values.iter().map(|v| *v as u16).collect();
                assert_eq!(narrow.commit(params(), layout).unwrap(), expected, "u16");
            }
            if bits <= 8 {
                let narrow: Vec<u8> = values.iter().map(|v| *v as u8).collect();
                assert_eq!(narrow.commit(params(), layout).unwrap(), expected, "u8");
            }
        }
    }
}

#[test]
fn commitment_bytes_round_trip() {
    let values = random_field_vectors::<Fr>(1, 100, 2).pop().unwrap();
    let c = values.commit(params(), Layout::balanced(7)).unwrap();
    assert_eq!(HyraxCommitment::from_bytes(&c.to_bytes()).unwrap(), c);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Bit planes or byte buckets, any layout and width: the field path's commitment.
    #[test]
    fn unsigned_commitments_match_the_field_path(
        row_vars in 0u32..7,
        col_vars in 0u32..7,
        bits in 0u32..=32,
        fill in 1usize..=4,
        seed in any::<u64>(),
    ) {
        use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
        let mut rng = StdRng::seed_from_u64(seed);
        let layout = Layout { row_vars, col_vars };
        let len = ((1usize << (row_vars + col_vars)) * fill).div_ceil(4);
        let values: Vec<u32> = (0..len)
            .map(|_| if bits == 0 { 0 } else { rng.gen::<u32>() >> (32 - bits) })
            .collect();
        let as_field: Vec<Fr> = values.iter().map(|v| Fr::from(*v as u64)).collect();
        prop_assert_eq!(
            values.commit(params(), layout).unwrap(),
            as_field.commit(params(), layout).unwrap()
        );
    }

    #[test]
    fn openings_verify_and_give_the_mle(num_vars in 0u32..9, len_fraction in 1usize..=4, seed in any::<u64>()) {
        let layout = Layout::balanced(num_vars);
        let len = ((layout.rows() * layout.cols()) * len_fraction / 4).max(1);
        let values = random_field_vectors::<Fr>(1, len, seed).pop().unwrap();
        let commitment = values.commit(params(), layout).unwrap();
        let point = random_field_vectors::<Fr>(1, num_vars as usize, seed ^ 7).pop().unwrap();
        let (opening, value) = open_values(&values, layout, &point).unwrap();
        prop_assert_eq!(value, evaluate_mle(&values, &point).unwrap());
        prop_assert!(verify_opening(params(), &commitment, &point, value, &opening).is_ok());
    }
}

#[test]
fn batched_opening() {
    let b = batched_tables(params(), 3, (3, 4), b"batch", |_| ());
    for (t, v) in b.tables.iter().zip(&b.values) {
        assert_eq!(*v, evaluate_mle(t, &b.point).unwrap());
    }
    b.verify().unwrap();
}

#[test]
fn committed_matvec_round_trip() {
    for (rows, cols, batch) in [(32, 64, 1), (10, 50, 3), (1, 1, 1)] {
        let shape = MatrixShape::new(rows, cols);
        let matrix = TernaryMatrix::random(shape, 0.25, rows as u64).unwrap();
        let committed = CommittedMatrix::commit(matrix, params()).unwrap();
        let inputs = random_field_vectors::<Fr>(batch, cols, 5);
        let outputs: Vec<Vec<Fr>> = inputs
            .iter()
            .map(|v| committed.matrix_ref().mul_vec(v))
            .collect();
        let statement = MatVecStatement {
            inputs: &inputs,
            outputs: &outputs,
        };
        let proof =
            prove_matvec(&committed, statement, &mut Transcript::new(MATVEC_PROTOCOL)).unwrap();
        let bytes = proof.to_bytes();
        let decoded = MatVecProof::<Fr, spazk_hyrax::HyraxOpening>::from_bytes(&bytes).unwrap();
        let oracle = committed.verifier_view(params());
        verify_matvec(
            &oracle,
            statement,
            &decoded,
            &mut Transcript::new(MATVEC_PROTOCOL),
        )
        .unwrap();
    }
}

#[test]
fn matrix_kinds_commit_alike() {
    use spazk_matrix::{DenseMatrix, SparseMatrix};
    let shape = MatrixShape::new(9, 30);
    let matrix = TernaryMatrix::random(shape, 0.3, 8).unwrap();
    let layout = Layout::of_matrix(shape);
    let c = matrix.commit(params(), layout).unwrap();
    assert_eq!(
        c,
        DenseMatrix::<Fr>::from(&matrix)
            .commit(params(), layout)
            .unwrap()
    );
    assert_eq!(
        c,
        SparseMatrix::<Fr>::from(&matrix)
            .commit(params(), layout)
            .unwrap()
    );
    assert_eq!(c, padded_table(&matrix).commit(params(), layout).unwrap());
}
