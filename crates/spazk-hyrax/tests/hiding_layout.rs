//! The hiding weight layout ([`Layout::hiding_matrix`]): few columns, the same table. Matrices of
//! every kind commit under split layouts exactly as their padded table does through the generic
//! vector path, open through the mat-vec fold ([`matrix_opening_vector`]), and prove a
//! zero-knowledge mat-vec over a wide matrix whose opening response is the narrow layout's
//! width. A hiding commitment under the natural layout of a wide matrix is refused.

use ark_std::rand::{rngs::StdRng, SeedableRng};
use ark_std::UniformRand;
use spazk_field::{eq_table, evaluate_mle, Fr};
use spazk_hyrax::zk::{
    BlindedCommitment, HidingCommittedMatrix, HidingMatrixCommitment, ZkProver, ZkVerifier,
};
use spazk_hyrax::{
    matrix_opening_vector, opening_vector, verify_opening, Commit, CommittedMatrix, HyraxError,
    HyraxOpening, HyraxParams, Layout, MatrixCommitment,
};
use spazk_matrix::{DenseMatrix, Matrix, MatrixShape, SparseMatrix, TernaryMatrix};
use spazk_sumcheck::{
    hidden_matvec_mask_len, prove_hidden_matvec, verify_hidden_matvec, MatVecStatement,
    HIDDEN_MATVEC_PROTOCOL,
};
use spazk_transcript::Transcript;

fn params() -> &'static HyraxParams {
    static PARAMS: std::sync::OnceLock<HyraxParams> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| HyraxParams::derive(b"spazk-hyrax-hiding-layout", 512))
}

fn layout(row_vars: u32, col_vars: u32) -> Layout {
    Layout { row_vars, col_vars }
}

#[test]
fn the_hiding_layout_halves_wide_matrices_only() {
    let cases = [
        // (shape, expected layout, split h)
        (MatrixShape::new(4096, 1024), layout(12, 10), 0),
        (MatrixShape::new(4096, 784), layout(12, 10), 0),
        (MatrixShape::new(16, 4096), layout(8, 8), 4),
        (MatrixShape::new(10, 4096), layout(8, 8), 4),
        (MatrixShape::new(4096, 4096), layout(12, 12), 0),
        (MatrixShape::new(1, 1), layout(0, 0), 0),
        (MatrixShape::new(3, 40), layout(4, 4), 2),
        (MatrixShape::new(12, 20), layout(5, 4), 1),
    ];
    for (shape, expected, split) in cases {
        let hiding = Layout::hiding_matrix(shape);
        assert_eq!(hiding, expected, "{shape:?}");
        assert_eq!(hiding.num_vars(), Layout::of_matrix(shape).num_vars());
        assert_eq!(hiding.matrix_split(shape), Some(split), "{shape:?}");
        assert_eq!(hiding.matrix_data_rows(shape), Some(shape.rows << split));
        assert_eq!(Layout::of_matrix(shape).matrix_split(shape), Some(0));
    }
    // Layouts of another table, or wider than the matrix, lay out no matrix of this shape.
    let shape = MatrixShape::new(16, 4096);
    assert_eq!(layout(3, 13).matrix_split(shape), None);
    assert_eq!(layout(8, 9).matrix_split(shape), None);
    assert_eq!(layout(u32::MAX, 1).matrix_split(shape), None);
}

/// The padded table of `matrix` (index `y·C_pad + x`), row-major.
fn padded_table(matrix: &impl Matrix<Fr>) -> Vec<Fr> {
    let shape = matrix.shape();
    let mut table = vec![Fr::from(0u64); shape.padded_rows() * shape.padded_cols()];
    matrix.for_each_nonzero(&mut |y, x, w| table[y * shape.padded_cols() + x] = w);
    table
}

/// Every kind of `shape`, from one ternary pattern (dense and sparse carry random field values
/// on its nonzeros, so the three differ).
fn three_kinds(
    shape: MatrixShape,
    seed: u64,
) -> (TernaryMatrix, DenseMatrix<Fr>, SparseMatrix<Fr>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let ternary = TernaryMatrix::random(shape, 0.4, seed).unwrap();
    let mut dense = vec![Fr::from(0u64); shape.len()];
    let mut triples = Vec::new();
    Matrix::<Fr>::for_each_nonzero(&ternary, &mut |y, x, _| {
        let v = Fr::rand(&mut rng);
        dense[y * shape.cols + x] = v;
        triples.push((y, x, v));
    });
    let dense = DenseMatrix::from_row_major(shape, dense).unwrap();
    let sparse = SparseMatrix::from_triples(shape, triples).unwrap();
    (ternary, dense, sparse)
}

/// Commits `matrix` under `layout`, compares with its padded table committed through the generic
/// vector path, and opens it at a random point from the mat-vec fold.
fn check_commit_and_open<M: Matrix<Fr> + Commit + Clone>(matrix: &M, layout: Layout, seed: u64) {
    let shape = matrix.shape();
    let table = padded_table(matrix);
    let committed = matrix.commit(params(), layout).unwrap();
    assert_eq!(
        committed,
        table[..].commit(params(), layout).unwrap(),
        "{shape:?} under {layout:?}"
    );
    // An opening at (r_y, r_x): u from the fold equals Lᵀ·Z of the table, and it verifies.
    let mut rng = StdRng::seed_from_u64(seed);
    let row_point: Vec<Fr> = (0..shape.row_vars()).map(|_| Fr::rand(&mut rng)).collect();
    let col_point: Vec<Fr> = (0..shape.col_vars()).map(|_| Fr::rand(&mut rng)).collect();
    let folded = matrix.fold_rows(&eq_table(&row_point));
    let u = matrix_opening_vector(layout, &col_point, &folded);
    let point: Vec<Fr> = col_point.iter().chain(&row_point).copied().collect();
    let hyrax_rows = eq_table(&point[layout.col_vars as usize..]);
    assert_eq!(u, opening_vector(&table, layout, &hyrax_rows));
    let value = evaluate_mle(&table, &point).unwrap();
    let opening = HyraxOpening { u };
    assert_eq!(
        verify_opening(params(), &committed, &point, value, &opening),
        Ok(())
    );
    // The prover's CommittedMatrix opens the same way under the split layout.
    let prover = CommittedMatrix::from_parts(matrix.clone(), committed.clone()).unwrap();
    let via_trait = spazk_sumcheck::WeightProver::open(
        &prover,
        &row_point,
        &col_point,
        &folded,
        &mut Transcript::new(b"unused"),
    );
    assert_eq!(via_trait, opening);
}

#[test]
fn every_matrix_kind_commits_and_opens_under_split_layouts() {
    // Padded 4×64 (h = 2, Hyrax rows past the 40 real columns are empty), padded 16×32
    // (h = 1), and a layout narrower than the hiding one (h = 3).
    let cases = [
        (
            MatrixShape::new(3, 40),
            Layout::hiding_matrix(MatrixShape::new(3, 40)),
        ),
        (
            MatrixShape::new(12, 20),
            Layout::hiding_matrix(MatrixShape::new(12, 20)),
        ),
        (MatrixShape::new(12, 20), layout(7, 2)),
        (
            MatrixShape::new(12, 20),
            Layout::of_matrix(MatrixShape::new(12, 20)),
        ),
    ];
    for (seed, (shape, layout)) in cases.into_iter().enumerate() {
        let (ternary, dense, sparse) = three_kinds(shape, seed as u64 + 10);
        check_commit_and_open(&ternary, layout, seed as u64);
        check_commit_and_open(&dense, layout, seed as u64);
        check_commit_and_open(&sparse, layout, seed as u64);
    }
}

#[test]
fn a_matrix_under_a_layout_of_another_table_is_refused() {
    let shape = MatrixShape::new(12, 20);
    let (ternary, dense, sparse) = three_kinds(shape, 1);
    for wrong in [layout(4, 6), layout(6, 4), layout(3, 5)] {
        assert_eq!(
            ternary.commit(params(), wrong),
            Err(HyraxError::LayoutMismatch)
        );
        assert_eq!(
            dense.commit(params(), wrong),
            Err(HyraxError::LayoutMismatch)
        );
        assert_eq!(
            sparse.commit(params(), wrong),
            Err(HyraxError::LayoutMismatch)
        );
    }
}

#[test]
fn the_spot_check_names_a_changed_hyrax_row() {
    let shape = MatrixShape::new(3, 40);
    let layout = Layout::hiding_matrix(shape);
    let (ternary, _, _) = three_kinds(shape, 5);
    let mut committed = ternary.commit(params(), layout).unwrap();
    let data_rows = layout.matrix_data_rows(shape).unwrap();
    let all: Vec<usize> = (0..data_rows).collect();
    let matrix = CommittedMatrix::from_parts(ternary.clone(), committed.clone()).unwrap();
    assert_eq!(matrix.first_mismatched_row(&all), None);
    // Row 5 = matrix row 1, columns 16..32: swapped with its neighbour.
    committed.rows.swap(5, 6);
    assert_ne!(committed.rows[5], committed.rows[6]);
    let matrix = CommittedMatrix::from_parts(ternary, committed).unwrap();
    assert_eq!(matrix.first_mismatched_row(&all), Some(5));
}

/// A zero-knowledge mat-vec over a wide 16×4096 ternary matrix (256×256 Hyrax rows and
/// columns): accepted, and the weight opening's response has 256 entries, not 4096.
#[test]
fn hidden_matvec_over_a_wide_matrix_verifies_with_narrow_responses() {
    let shape = MatrixShape::new(10, 4096);
    let layout = Layout::hiding_matrix(shape);
    assert_eq!(layout.cols(), 256);
    let mut rng = StdRng::seed_from_u64(7);
    let matrix = TernaryMatrix::random(shape, 0.3, 7).unwrap();
    let inputs: Vec<Vec<Fr>> = vec![(0..shape.cols).map(|_| Fr::rand(&mut rng)).collect()];
    let outputs: Vec<Vec<Fr>> = inputs.iter().map(|v| matrix.mul_vec(v)).collect();
    let committed = HidingCommittedMatrix::commit(matrix, params(), &mut rng).unwrap();
    assert_eq!(committed.commitment().layout, layout);
    let statement = MatVecStatement {
        inputs: &inputs,
        outputs: &outputs,
    };
    let mask_len = hidden_matvec_mask_len(shape);

    let mut prover = ZkProver::new(params(), mask_len, StdRng::seed_from_u64(8)).unwrap();
    let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
    prover.absorb_mask_commitment(&mut transcript);
    let proof = prove_hidden_matvec(&committed, statement, &mut prover, &mut transcript).unwrap();
    let zk = prover.finish(&mut transcript);
    assert_eq!(zk.responses.vectors[1].len(), 256);

    let mut verifier = ZkVerifier::new(params(), mask_len, &zk).unwrap();
    let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
    verifier.absorb_mask_commitment(&mut transcript);
    let view = HidingMatrixCommitment::new(shape, committed.commitment(), params()).unwrap();
    verify_hidden_matvec(&view, statement, &proof, &mut verifier, &mut transcript).unwrap();
    assert_eq!(verifier.finish(&mut transcript), Ok(()));
}

/// A hiding commitment under the natural layout of a wide matrix (what version-3 files held
/// before the hiding layout) is refused by both sides, with the layout error; the transparent
/// verifier views keep the natural layout and refuse the hiding one.
#[test]
fn a_wide_natural_layout_hiding_commitment_is_refused() {
    let shape = MatrixShape::new(4, 64);
    let natural = Layout::of_matrix(shape);
    assert_ne!(natural, Layout::hiding_matrix(shape));
    let matrix = TernaryMatrix::random(shape, 0.5, 3).unwrap();
    let mut rng = StdRng::seed_from_u64(4);
    let wide = BlindedCommitment::commit(&matrix, params(), natural, &mut rng).unwrap();
    assert_eq!(
        HidingMatrixCommitment::new(shape, &wide.commitment, params()).map(|_| ()),
        Err(HyraxError::LayoutMismatch)
    );
    assert_eq!(
        HidingCommittedMatrix::from_parts(matrix.clone(), wide).map(|_| ()),
        Err(HyraxError::LayoutMismatch)
    );
    let hiding = matrix
        .commit(params(), Layout::hiding_matrix(shape))
        .unwrap();
    assert_eq!(
        MatrixCommitment::new(shape, hiding, params()).map(|_| ()),
        Err(HyraxError::LayoutMismatch)
    );
}
