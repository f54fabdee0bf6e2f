//! Mat-vec round trips: every matrix kind, padded shapes, batches, and the claim-level API.

use proptest::prelude::*;
use spazk_field::Fr;
use spazk_matrix::{
    random_field_vectors, DenseMatrix, Matrix, MatrixShape, SparseMatrix, TernaryMatrix,
};
use spazk_sumcheck::{
    prove_matvec, prove_matvec_claim, verify_matvec, verify_matvec_claim, MatVecClaim, MatVecProof,
    MatVecStatement, PublicMatrix, MATVEC_PROTOCOL,
};
use spazk_transcript::Transcript;

fn outputs_of<M: Matrix<Fr>>(matrix: &M, inputs: &[Vec<Fr>]) -> Vec<Vec<Fr>> {
    inputs.iter().map(|v| matrix.mul_vec(v)).collect()
}

fn prove_and_verify<M: Matrix<Fr>>(matrix: M, batch: usize, seed: u64) -> Vec<u8> {
    let shape = matrix.shape();
    let public = PublicMatrix::new(matrix);
    let inputs = random_field_vectors::<Fr>(batch, shape.cols, seed);
    let outputs = outputs_of(public.inner(), &inputs);
    let statement = MatVecStatement {
        inputs: &inputs,
        outputs: &outputs,
    };
    let proof = prove_matvec(&public, statement, &mut Transcript::new(MATVEC_PROTOCOL)).unwrap();
    verify_matvec(
        &public,
        statement,
        &proof,
        &mut Transcript::new(MATVEC_PROTOCOL),
    )
    .unwrap();
    let bytes = proof.to_bytes();
    let decoded = MatVecProof::<Fr, ()>::from_bytes(&bytes).unwrap();
    assert_eq!(decoded, proof);
    bytes
}

#[test]
fn ternary_square_power_of_two() {
    let m = TernaryMatrix::random(MatrixShape::new(256, 256), 1.0 / 16.0, 1).unwrap();
    let bytes = prove_and_verify(m, 1, 2);
    // 8 rounds × 3 evaluations + 2 evaluations, 32 bytes each, plus 2 length prefixes per round.
    assert_eq!(bytes.len(), 8 + 8 * (8 + 3 * 32) + 2 * 32);
}

#[test]
fn every_kind_on_non_power_of_two_shapes() {
    let shape = MatrixShape::new(10, 784);
    let t = TernaryMatrix::random(shape, 0.1, 3).unwrap();
    prove_and_verify(SparseMatrix::<Fr>::from(&t), 1, 4);
    prove_and_verify(DenseMatrix::<Fr>::from(&t), 1, 4);
    prove_and_verify(t, 1, 4);
    prove_and_verify(
        SparseMatrix::<Fr>::random(MatrixShape::new(33, 17), 0.3, 5).unwrap(),
        2,
        6,
    );
    prove_and_verify(DenseMatrix::<Fr>::random(MatrixShape::new(7, 9), 7), 3, 8);
}

#[test]
fn degenerate_shapes() {
    for (rows, cols) in [(1, 1), (1, 8), (8, 1), (3, 2)] {
        let t = TernaryMatrix::random(MatrixShape::new(rows, cols), 1.0, 9).unwrap();
        prove_and_verify(t, 1, 10);
    }
}

#[test]
fn batches_including_non_power_of_two() {
    for batch in [2, 3, 4, 16] {
        let t = TernaryMatrix::random(MatrixShape::new(64, 32), 0.25, batch as u64).unwrap();
        prove_and_verify(t, batch, 11);
    }
}

/// The claim on the output `y` (of 16 rows) at a point drawn from `transcript`.
fn output_claim(y: &[Fr], transcript: &mut Transcript) -> MatVecClaim<Fr> {
    let r: Vec<Fr> = transcript.challenge_fields(b"r", 4);
    let c = spazk_field::evaluate_mle(y, &r).unwrap();
    MatVecClaim {
        row_point: r,
        batch_point: vec![],
        value: c,
    }
}

#[test]
fn claim_level_api_hands_the_input_claim_on() {
    // Two layers: W2 · (W1 · v). The second layer's input claim is the first layer's output claim.
    let w1 =
        PublicMatrix::new::<Fr>(TernaryMatrix::random(MatrixShape::new(32, 64), 0.3, 12).unwrap());
    let w2 =
        PublicMatrix::new::<Fr>(TernaryMatrix::random(MatrixShape::new(16, 32), 0.3, 13).unwrap());
    let v = random_field_vectors::<Fr>(1, 64, 14);
    let h = outputs_of(w1.inner(), &v);
    let y = outputs_of(w2.inner(), &h);

    let mut pt = Transcript::new(b"two-layers");
    let claim2 = output_claim(&y[0], &mut pt);
    let (proof2, input2) = prove_matvec_claim(&w2, &h, &claim2, &mut pt).unwrap();
    let claim1 = MatVecClaim {
        row_point: input2.column_point,
        batch_point: vec![],
        value: input2.value,
    };
    let (proof1, input1) = prove_matvec_claim(&w1, &v, &claim1, &mut pt).unwrap();

    let mut vt = Transcript::new(b"two-layers");
    let claim2 = output_claim(&y[0], &mut vt);
    let got2 = verify_matvec_claim(&w2, 1, &claim2, &proof2, &mut vt).unwrap();
    let claim1 = MatVecClaim {
        row_point: got2.column_point,
        batch_point: vec![],
        value: got2.value,
    };
    let got1 = verify_matvec_claim(&w1, 1, &claim1, &proof1, &mut vt).unwrap();
    assert_eq!(got1, input1);
    assert_eq!(
        spazk_field::evaluate_mle(&v[0], &got1.column_point).unwrap(),
        got1.value
    );
}

fn small_shape() -> impl Strategy<Value = (usize, usize)> {
    (1usize..40, 1usize..40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Dense, sparse and ternary storage of one matrix produce byte-identical proofs.
    #[test]
    fn the_three_kinds_agree((rows, cols) in small_shape(), density in 0.05f64..1.0, seed in any::<u64>(), batch in 1usize..4) {
        let t = TernaryMatrix::random(MatrixShape::new(rows, cols), density, seed).unwrap();
        let dense = prove_and_verify(DenseMatrix::<Fr>::from(&t), batch, seed ^ 1);
        let sparse = prove_and_verify(SparseMatrix::<Fr>::from(&t), batch, seed ^ 1);
        let ternary = prove_and_verify(t, batch, seed ^ 1);
        prop_assert_eq!(&dense, &sparse);
        prop_assert_eq!(&dense, &ternary);
    }

    /// W̃ evaluated through each kind's fold matches the MLE of the row-major table.
    #[test]
    fn weight_evaluation_matches_the_mle((rows, cols) in small_shape(), seed in any::<u64>()) {
        let shape = MatrixShape::new(rows, cols);
        let t = TernaryMatrix::random(shape, 0.5, seed).unwrap();
        let dense = DenseMatrix::<Fr>::from(&t);
        let row_point = random_field_vectors::<Fr>(1, shape.row_vars(), seed ^ 2).pop().unwrap();
        let col_point = random_field_vectors::<Fr>(1, shape.col_vars(), seed ^ 3).pop().unwrap();
        // Row-major table padded to 2^a × 2^b: index y·2^b + x.
        let mut table = vec![Fr::from(0u64); shape.padded_rows() * shape.padded_cols()];
        for y in 0..rows {
            for x in 0..cols {
                table[y * shape.padded_cols() + x] = dense.get(y, x);
            }
        }
        let mut point = col_point.clone();
        point.extend(&row_point);
        let expected = spazk_field::evaluate_mle(&table, &point).unwrap();
        prop_assert_eq!(Matrix::<Fr>::evaluate(&t, &row_point, &col_point), Some(expected));
        prop_assert_eq!(dense.evaluate(&row_point, &col_point), Some(expected));
        prop_assert_eq!(SparseMatrix::<Fr>::from(&t).evaluate(&row_point, &col_point), Some(expected));
    }
}
