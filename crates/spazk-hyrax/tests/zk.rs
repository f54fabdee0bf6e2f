//! Zero-knowledge mode round trips: hiding commitments of every data kind, and a proof with
//! hidden scalars, a masked sumcheck, single and batched openings and a hiding weight matrix.

use ark_ec::{AffineRepr, CurveGroup};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use ark_std::UniformRand;
use spazk_field::Fr;
use spazk_hyrax::zk::{BlindedCommitment, ZkProof};
use spazk_hyrax::{Commit, HyraxCommitment, Layout};
use spazk_matrix::{DenseMatrix, Matrix, MatrixShape, TernaryMatrix};
use std::collections::HashSet;

mod zk_fixture;
use zk_fixture::{params, prove, setup, verify, Cheat};

/// `blinded` is `unblinded` plus `β_i·H` row by row, with no row left unblinded.
fn assert_blinds(unblinded: &HyraxCommitment, blinded: &BlindedCommitment) {
    let h = params().blinding_base();
    assert_eq!(blinded.blinds.len(), unblinded.rows.len());
    assert_eq!(blinded.commitment.layout, unblinded.layout);
    for ((c, b), beta) in unblinded
        .rows
        .iter()
        .zip(&blinded.commitment.rows)
        .zip(&blinded.blinds)
    {
        assert_eq!((*c + h * beta).into_affine(), *b);
        assert_ne!(c, b, "a row left unblinded");
        assert!(!b.is_zero());
    }
}

fn check_kind<T: Commit + ?Sized>(data: &T, layout: Layout, rng: &mut StdRng) {
    let unblinded = data.commit(params(), layout).unwrap();
    let blinded = BlindedCommitment::commit(data, params(), layout, rng).unwrap();
    assert_blinds(&unblinded, &blinded);
}

#[test]
fn every_data_kind_commits_hiding() {
    let mut rng = StdRng::seed_from_u64(1);
    let layout = Layout::balanced(6);
    let small: Vec<u8> = (0..40).map(|_| u8::rand(&mut rng)).collect();
    check_kind(&small[..], layout, &mut rng);
    let u16s: Vec<u16> = (0..64).map(|_| u16::rand(&mut rng)).collect();
    check_kind(&u16s[..], layout, &mut rng);
    let u32s: Vec<u32> = (0..50).map(|_| u32::rand(&mut rng)).collect();
    check_kind(&u32s[..], layout, &mut rng);
    let signed: Vec<i32> = (0..64).map(|_| i32::rand(&mut rng) >> 8).collect();
    check_kind(&signed[..], layout, &mut rng);
    let field: Vec<Fr> = (0..64).map(|_| Fr::rand(&mut rng)).collect();
    check_kind(&field[..], layout, &mut rng);
    let shape = MatrixShape::new(12, 20);
    let ternary = TernaryMatrix::random(shape, 0.3, 5).unwrap();
    check_kind(&ternary, Layout::of_matrix(shape), &mut rng);
    let dense = DenseMatrix::from_row_major(
        shape,
        (0..shape.len()).map(|_| Fr::rand(&mut rng)).collect(),
    )
    .unwrap();
    check_kind(&dense, Layout::of_matrix(dense.shape()), &mut rng);
}

#[test]
fn all_zero_rows_are_blinded_and_distinct() {
    let mut rng = StdRng::seed_from_u64(2);
    let zeros = [0u8; 64];
    let layout = Layout::balanced(6);
    let unblinded = zeros[..].commit(params(), layout).unwrap();
    assert!(unblinded.rows.iter().all(|r| r.is_zero()));
    let blinded = BlindedCommitment::commit(&zeros[..], params(), layout, &mut rng).unwrap();
    assert_blinds(&unblinded, &blinded);
    let distinct: HashSet<_> = blinded.commitment.rows.iter().collect();
    assert_eq!(distinct.len(), layout.rows());
    // Padding rows past the data too.
    let short = BlindedCommitment::commit(&zeros[..3], params(), layout, &mut rng).unwrap();
    assert!(short.commitment.rows.iter().all(|r| !r.is_zero()));
}

#[test]
fn honest_proof_verifies() {
    let (statement, witness) = setup(3);
    let proof = prove(&statement, &witness, 4, Cheat::None);
    assert_eq!(verify(&statement, &proof), Ok(()));
    // Through its encoding too.
    let decoded = ZkProof::from_bytes(&proof.zk.to_bytes()).unwrap();
    assert_eq!(decoded, proof.zk);
    // Shape of the proof: S, f(r), g(r), t's scalar, W's scalar; mask, three openings.
    assert_eq!(proof.zk.scalar_commitments.len(), 5);
    assert_eq!(proof.zk.commitments.vector_nonces.len(), 4);
}

#[test]
fn honest_proofs_verify_for_many_seeds() {
    for seed in 10..14 {
        let (statement, witness) = setup(seed);
        let proof = prove(&statement, &witness, seed + 100, Cheat::None);
        assert_eq!(verify(&statement, &proof), Ok(()), "seed {seed}");
    }
}

#[test]
fn fresh_randomness_shares_nothing() {
    let (statement, witness) = setup(5);
    let a = prove(&statement, &witness, 6, Cheat::None);
    let b = prove(&statement, &witness, 7, Cheat::None);
    assert_eq!(verify(&statement, &a), Ok(()));
    assert_eq!(verify(&statement, &b), Ok(()));
    let points = |p: &ZkProof| {
        let mut all = vec![p.mask_commitment, p.commitments.k1, p.commitments.k2];
        all.extend(&p.scalar_commitments);
        all.extend(&p.commitments.scalar_nonces);
        all.extend(&p.commitments.vector_nonces);
        all
    };
    let fields = |p: &ZkProof| {
        let r = &p.responses;
        let mut all = vec![r.kappa];
        all.extend(&r.scalars);
        all.extend(&r.scalar_blinds);
        all.extend(r.vectors.iter().flatten());
        all.extend(&r.vector_blinds);
        all
    };
    let a_points: HashSet<_> = points(&a.zk).into_iter().collect();
    assert!(points(&b.zk).iter().all(|p| !a_points.contains(p)));
    let a_fields: HashSet<_> = fields(&a.zk).into_iter().collect();
    assert!(fields(&b.zk).iter().all(|f| !a_fields.contains(f)));
    // The masked rounds differ in every value too.
    let rounds = |p: &zk_fixture::Proof| -> Vec<Fr> {
        p.sumcheck
            .round_polynomials
            .iter()
            .flat_map(|r| r.evaluations.clone())
            .collect()
    };
    let a_rounds: HashSet<_> = rounds(&a).into_iter().collect();
    assert!(rounds(&b).iter().all(|v| !a_rounds.contains(v)));
}
