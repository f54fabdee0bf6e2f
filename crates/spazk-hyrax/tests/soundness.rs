//! Named attacks on Hyrax openings and on the committed mat-vec. Exact errors, no panics.

use proptest::prelude::*;
use spazk_field::{Field, Fr};
use spazk_hyrax::{
    open_values, verify_opening, Commit, CommittedMatrix, HyraxCommitment, HyraxError,
    HyraxOpening, HyraxParams, Layout, MatrixCommitment,
};
use spazk_matrix::{random_field_vectors, MatrixShape, TernaryMatrix};
use spazk_sumcheck::{verify_matvec, MatVecProof, MatVecStatement, VerifyError, MATVEC_PROTOCOL};
use spazk_transcript::Transcript;

mod opening_fixtures;
use opening_fixtures::{
    batched_tables, commit_tables, committed_matvec, verify_tables, BatchedTables, CommittedMatVec,
};

fn params() -> &'static HyraxParams {
    static PARAMS: std::sync::OnceLock<HyraxParams> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| HyraxParams::derive(b"spazk-hyrax-soundness", 64))
}

struct Opened {
    layout: Layout,
    commitment: HyraxCommitment,
    point: Vec<Fr>,
    value: Fr,
    opening: HyraxOpening,
}

fn opened() -> Opened {
    let layout = Layout::balanced(8);
    let values = random_field_vectors::<Fr>(1, 256, 1).pop().unwrap();
    let commitment = values.commit(params(), layout).unwrap();
    let point = random_field_vectors::<Fr>(1, 8, 2).pop().unwrap();
    let (opening, value) = open_values(&values, layout, &point).unwrap();
    Opened {
        layout,
        commitment,
        point,
        value,
        opening,
    }
}

impl Opened {
    fn verify(&self) -> Result<(), HyraxError> {
        verify_opening(
            params(),
            &self.commitment,
            &self.point,
            self.value,
            &self.opening,
        )
    }
}

#[test]
fn honest_opening_verifies() {
    opened().verify().unwrap();
}

#[test]
fn wrong_value() {
    let mut o = opened();
    o.value += Fr::ONE;
    assert_eq!(o.verify(), Err(HyraxError::EvaluationMismatch));
}

#[test]
fn wrong_point() {
    let mut o = opened();
    o.point[7] += Fr::ONE; // a row variable: the commitment check sees it
    assert_eq!(o.verify(), Err(HyraxError::CommitmentCheckFailed));
    let mut o = opened();
    o.point[0] += Fr::ONE; // a column variable: the value check sees it
    assert_eq!(o.verify(), Err(HyraxError::EvaluationMismatch));
    let mut o = opened();
    o.point.pop();
    assert_eq!(
        o.verify(),
        Err(HyraxError::WrongPointLength {
            expected: 8,
            found: 7
        })
    );
}

#[test]
fn wrong_commitment() {
    let mut o = opened();
    let other = random_field_vectors::<Fr>(1, 256, 9).pop().unwrap();
    o.commitment = other.commit(params(), o.layout).unwrap();
    assert_eq!(o.verify(), Err(HyraxError::CommitmentCheckFailed));
    let mut o = opened();
    o.commitment.rows.pop();
    assert_eq!(
        o.verify(),
        Err(HyraxError::WrongRowCount {
            expected: 16,
            found: 15
        })
    );
}

#[test]
fn tampered_opening_vector() {
    // The opened value is checked first.
    let mut o = opened();
    o.opening.u[3] += Fr::ONE;
    assert_eq!(o.verify(), Err(HyraxError::EvaluationMismatch));
    // A change that keeps ⟨u, eq(r_col)⟩ is caught by the group equation.
    let mut o = opened();
    let eq = spazk_field::eq_table(&o.point[..o.layout.col_vars as usize]);
    let delta = Fr::from(5u64);
    o.opening.u[3] += delta;
    o.opening.u[4] -= delta * eq[3] * eq[4].inverse().unwrap();
    assert_eq!(o.verify(), Err(HyraxError::CommitmentCheckFailed));
    let mut o = opened();
    o.opening.u.push(Fr::ONE);
    assert_eq!(
        o.verify(),
        Err(HyraxError::WrongOpeningLength {
            expected: 16,
            found: 17
        })
    );
}

#[test]
fn commitment_under_other_generators() {
    let mut o = opened();
    let other_params = HyraxParams::derive(b"someone else's seed", 32);
    let values = random_field_vectors::<Fr>(1, 256, 1).pop().unwrap();
    o.commitment = values.commit(&other_params, o.layout).unwrap();
    assert_eq!(o.verify(), Err(HyraxError::GeneratorMismatch));
    // Relabelling the seed does not help: the points still do not open.
    o.commitment.seed = params().seed();
    assert_eq!(o.verify(), Err(HyraxError::CommitmentCheckFailed));
}

#[test]
fn batched_opening_with_a_wrong_value() {
    let mut b = batched_tables(params(), 2, (3, 4), b"b", |_| ());
    b.values[1] += Fr::ONE;
    assert_eq!(b.verify(), Err(HyraxError::EvaluationMismatch));
    b.values.truncate(1);
    assert_eq!(
        b.verify(),
        Err(HyraxError::BatchSizeMismatch {
            commitments: 2,
            values: 1
        })
    );
}

#[test]
fn malformed_commitment_bytes() {
    let o = opened();
    let bytes = o.commitment.to_bytes();
    assert!(matches!(
        HyraxCommitment::from_bytes(&bytes[..bytes.len() - 1]),
        Err(HyraxError::Malformed(_))
    ));
    let mut long = bytes.clone();
    long.push(0);
    assert!(matches!(
        HyraxCommitment::from_bytes(&long),
        Err(HyraxError::Malformed(_))
    ));
    // A layout of 2^60 rows is refused before anything is allocated for it.
    let mut huge = bytes.clone();
    huge[..4].copy_from_slice(&60u32.to_le_bytes());
    assert!(HyraxCommitment::from_bytes(&huge).is_err());
}

// --- the committed mat-vec ---

impl CommittedMatVec {
    fn verify_with(
        &self,
        oracle: &MatrixCommitment<'_>,
        proof: &MatVecProof<Fr, HyraxOpening>,
    ) -> Result<(), VerifyError<HyraxError>> {
        let statement = MatVecStatement {
            inputs: &self.inputs,
            outputs: &self.outputs,
        };
        verify_matvec(
            oracle,
            statement,
            proof,
            &mut Transcript::new(MATVEC_PROTOCOL),
        )
    }
}

#[test]
fn committed_matvec_wrong_weight_evaluation() {
    let c = committed_matvec(params());
    let oracle = c.committed.verifier_view(params());
    c.verify_with(&oracle, &c.proof).unwrap();
    let mut proof = c.proof.clone();
    let two = Fr::from(2u64);
    proof.weight_evaluation *= two;
    proof.input_evaluation *= two.inverse().unwrap();
    assert_eq!(
        c.verify_with(&oracle, &proof),
        Err(VerifyError::Weight(HyraxError::EvaluationMismatch))
    );
    let mut proof = c.proof.clone();
    proof.weight_opening.u[0] += Fr::ONE;
    assert_eq!(
        c.verify_with(&oracle, &proof),
        Err(VerifyError::Weight(HyraxError::EvaluationMismatch))
    );
}

#[test]
fn committed_matvec_swapped_model() {
    let c = committed_matvec(params());
    let other = CommittedMatrix::commit(
        TernaryMatrix::random(MatrixShape::new(32, 64), 0.3, 77).unwrap(),
        params(),
    )
    .unwrap();
    let oracle = other.verifier_view(params());
    assert_eq!(
        c.verify_with(&oracle, &c.proof),
        Err(VerifyError::Sumcheck(
            spazk_sumcheck::SumcheckError::RoundSumMismatch { round: 0 }
        ))
    );
    assert_eq!(
        MatrixCommitment::new(
            MatrixShape::new(16, 64),
            c.committed.commitment().clone(),
            params()
        )
        .unwrap_err(),
        HyraxError::LayoutMismatch
    );
}

fn shared() -> &'static CommittedMatVec {
    static C: std::sync::OnceLock<CommittedMatVec> = std::sync::OnceLock::new();
    C.get_or_init(|| committed_matvec(params()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn mutated_proof_bytes_never_verify(position in any::<prop::sample::Index>(), xor in 1u8..=255) {
        let c = shared();
        let oracle = c.committed.verifier_view(params());
        let mut bytes = c.proof.to_bytes();
        let i = position.index(bytes.len());
        bytes[i] ^= xor;
        if let Ok(proof) = MatVecProof::<Fr, HyraxOpening>::from_bytes(&bytes) {
            prop_assert!(c.verify_with(&oracle, &proof).is_err());
        }
    }

    #[test]
    fn mutated_commitment_bytes_never_open(position in any::<prop::sample::Index>(), xor in 1u8..=255) {
        let o = opened();
        let mut bytes = o.commitment.to_bytes();
        let i = position.index(bytes.len());
        bytes[i] ^= xor;
        if let Ok(commitment) = HyraxCommitment::from_bytes(&bytes) {
            prop_assert!(verify_opening(params(), &commitment, &o.point, o.value, &o.opening).is_err());
        }
    }
}

#[test]
fn deferred_openings_settle_with_one_msm() {
    use spazk_hyrax::OpeningChecks;
    let a = opened();
    // A second, smaller commitment under the same generators.
    let layout = Layout::balanced(6);
    let values = random_field_vectors::<Fr>(1, 64, 5).pop().unwrap();
    let commitment = values.commit(params(), layout).unwrap();
    let point = random_field_vectors::<Fr>(1, 6, 6).pop().unwrap();
    let (opening, value) = open_values(&values, layout, &point).unwrap();

    let mut checks = OpeningChecks::new(params());
    checks
        .add_opening(&a.commitment, &a.point, a.value, &a.opening)
        .unwrap();
    checks
        .add_opening(&commitment, &point, value, &opening)
        .unwrap();
    assert_eq!(checks.finish(), Ok(()));

    // The second opening against the first commitment's rows: values check, equation fails.
    let mut other = commitment.clone();
    other.rows.swap(0, 1);
    let mut checks = OpeningChecks::new(params());
    checks
        .add_opening(&a.commitment, &a.point, a.value, &a.opening)
        .unwrap();
    checks.add_opening(&other, &point, value, &opening).unwrap();
    assert_eq!(checks.finish(), Err(HyraxError::CommitmentCheckFailed));

    // A tampered opening vector is caught by its value check when added.
    let mut tampered = opening.clone();
    tampered.u[0] += Fr::ONE;
    let mut checks = OpeningChecks::new(params());
    assert_eq!(
        checks.add_opening(&commitment, &point, value, &tampered),
        Err(HyraxError::EvaluationMismatch)
    );
}

/// Two tables opened at one point, batched.
fn batched() -> BatchedTables {
    batched_with(|_| ())
}

/// A batched opening whose prover absorbed the commitments after `edit` (a cheater opening
/// tables against commitments that are not theirs).
fn batched_with(edit: impl FnOnce(&mut Vec<HyraxCommitment>)) -> BatchedTables {
    batched_tables(params(), 2, (13, 14), b"b", edit)
}

#[test]
fn batched_values_shifted_against_each_other_are_rejected() {
    // +δ on one value, −δ on the other: an unweighted sum would not see it; the coefficients,
    // drawn after the values are absorbed, do.
    let mut b = batched();
    assert_eq!(b.verify(), Ok(()));
    b.values[0] += Fr::from(3u64);
    b.values[1] -= Fr::from(3u64);
    assert_eq!(b.verify(), Err(HyraxError::EvaluationMismatch));
}

#[test]
fn batched_opening_against_another_commitment_is_rejected() {
    // One commitment's rows swapped (and absorbed so by the prover): the values still check,
    // the group equation does not.
    let b = batched_with(|c| c[1].rows.swap(2, 3));
    assert_eq!(b.verify(), Err(HyraxError::CommitmentCheckFailed));
}

#[test]
fn batched_commitments_of_different_layouts_are_rejected() {
    let mut b = batched();
    let other = Layout {
        row_vars: 4,
        col_vars: 2,
    };
    b.commitments[1] = random_field_vectors::<Fr>(1, 64, 15)
        .pop()
        .unwrap()
        .commit(params(), other)
        .unwrap();
    assert_eq!(b.verify(), Err(HyraxError::LayoutMismatch));
}

#[test]
fn errors_that_cancel_across_deferred_openings_are_rejected() {
    // Two openings at one point with opening vectors off by +e and −e, e ⟂ eq(r_col) so both
    // value checks pass: E_1 + E_2 = 0, and only the random weight γ_2 ≠ 1 rejects them.
    use spazk_hyrax::OpeningChecks;
    let a = opened();
    let values = random_field_vectors::<Fr>(1, 256, 16).pop().unwrap();
    let commitment = values.commit(params(), a.layout).unwrap();
    let (opening, value) = open_values(&values, a.layout, &a.point).unwrap();
    let eq = spazk_field::eq_table(&a.point[..a.layout.col_vars as usize]);
    let mut e = vec![Fr::from(0u64); eq.len()];
    e[3] = Fr::from(5u64);
    e[4] = -e[3] * eq[3] * eq[4].inverse().unwrap();
    let (mut first, mut second) = (a.opening.clone(), opening.clone());
    for ((f, g), e) in first.u.iter_mut().zip(second.u.iter_mut()).zip(&e) {
        *f += e;
        *g -= e;
    }
    let mut checks = OpeningChecks::new(params());
    checks
        .add_opening(&a.commitment, &a.point, a.value, &first)
        .unwrap();
    checks
        .add_opening(&commitment, &a.point, value, &second)
        .unwrap();
    assert_eq!(checks.finish(), Err(HyraxError::CommitmentCheckFailed));
}

/// ρ as a prover would probe it before choosing the rest: the coefficient of table `k` for
/// `commitments`, `point` and `values` (a unit opening vector picks it out).
fn probe_coefficient(
    commitments: &[&HyraxCommitment],
    point: &[Fr],
    values: &[Fr],
    k: usize,
) -> Fr {
    let mut vectors = vec![vec![Fr::from(0u64)]; values.len()];
    vectors[k][0] = Fr::ONE;
    spazk_hyrax::combine_openings(
        commitments,
        point,
        &vectors,
        values,
        &mut Transcript::new(b"b"),
    )
    .u[0]
}

/// The batch verifier on the opening vector `ρ_0·u_0 + ρ_1·u_1` of two single openings.
fn verify_folded(
    commitments: &[&HyraxCommitment],
    point: &[Fr],
    values: &[Fr],
    (rho0, rho1): (Fr, Fr),
    (o0, o1): (&HyraxOpening, &HyraxOpening),
) -> Result<(), HyraxError> {
    let u =
        o0.u.iter()
            .zip(&o1.u)
            .map(|(a, b)| rho0 * a + rho1 * b)
            .collect();
    let opening = spazk_hyrax::BatchedHyraxOpening { u };
    verify_tables(params(), commitments, point, values, &opening, b"b")
}

#[test]
fn batch_commitment_chosen_after_the_coefficients_is_rejected() {
    // False values fixed first; ρ probed with a placeholder second commitment; then the second
    // table is chosen so that Σ ρ_k·T̃_k(p) = Σ ρ_k·v_k. Accepted while only the values were
    // absorbed before ρ (found by an attack); the commitments are absorbed now, so ρ moves.
    let layout = Layout::balanced(6);
    let point = random_field_vectors::<Fr>(1, 6, 4).pop().unwrap();
    let values = vec![Fr::from(7u64), Fr::from(11u64)];
    let t0 = random_field_vectors::<Fr>(1, 64, 9).pop().unwrap();
    let c0 = t0.commit(params(), layout).unwrap();
    let placeholder = vec![Fr::ONE; 64].commit(params(), layout).unwrap();
    let rho = |k| probe_coefficient(&[&c0, &placeholder], &point, &values, k);
    let (rho0, rho1) = (rho(0), rho(1));
    let (o0, e0) = open_values(&t0, layout, &point).unwrap();
    let constant = (rho0 * values[0] + rho1 * values[1] - rho0 * e0) * rho1.inverse().unwrap();
    let t1 = vec![constant; 64];
    let (o1, _) = open_values(&t1, layout, &point).unwrap();
    let c1 = t1.commit(params(), layout).unwrap();
    assert_eq!(
        verify_folded(&[&c0, &c1], &point, &values, (rho0, rho1), (&o0, &o1)),
        Err(HyraxError::EvaluationMismatch)
    );
}

#[test]
fn batch_point_chosen_after_the_coefficients_is_rejected() {
    // Honest commitments, false values; ρ probed at one point, then one coordinate of the point
    // solved so that Σ ρ_k·T̃_k(p) = Σ ρ_k·v_k. The point is absorbed now, so ρ moves with it.
    let layout = Layout::balanced(6);
    let (tables, commitments) = commit_tables(params(), 2, 21, layout);
    let crefs: Vec<&HyraxCommitment> = commitments.iter().collect();
    let values = vec![Fr::from(123u64), Fr::from(456u64)];
    let mut point = random_field_vectors::<Fr>(1, 6, 22).pop().unwrap();
    let rho = |k| probe_coefficient(&crefs, &point, &values, k);
    let (rho0, rho1) = (rho(0), rho(1));
    let combined = |p: &[Fr]| {
        rho0 * open_values(&tables[0], layout, p).unwrap().1
            + rho1 * open_values(&tables[1], layout, p).unwrap().1
    };
    point[5] = Fr::from(0u64);
    let at_zero = combined(&point);
    point[5] = Fr::ONE;
    let slope = combined(&point) - at_zero;
    point[5] = (rho0 * values[0] + rho1 * values[1] - at_zero) * slope.inverse().unwrap();
    let (o0, _) = open_values(&tables[0], layout, &point).unwrap();
    let (o1, _) = open_values(&tables[1], layout, &point).unwrap();
    assert_eq!(
        verify_folded(&crefs, &point, &values, (rho0, rho1), (&o0, &o1)),
        Err(HyraxError::EvaluationMismatch)
    );
}
