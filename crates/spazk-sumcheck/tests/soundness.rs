//! Named attacks on the mat-vec protocol. Each asserts the exact error; none may panic.
//! All randomness is seeded.

use proptest::prelude::*;
use spazk_field::{Field, Fr};
use spazk_matrix::{random_field_vectors, Matrix, MatrixShape, TernaryMatrix};
use spazk_sumcheck::{
    prove_matvec, prove_matvec_claim, verify_matvec, MatVecProof, MatVecStatement,
    ProofDecodeError, PublicMatrix, PublicMatrixError, ShapeError, SumcheckError, VerifyError,
    WeightProver, MATVEC_PROTOCOL,
};
use spazk_transcript::Transcript;

type Proof = MatVecProof<Fr, ()>;
type Public = PublicMatrix<TernaryMatrix>;
type Error = VerifyError<PublicMatrixError>;

const SHAPE: MatrixShape = MatrixShape::new(64, 128);

struct Setup {
    weights: Public,
    inputs: Vec<Vec<Fr>>,
    outputs: Vec<Vec<Fr>>,
    proof: Proof,
}

fn setup(batch: usize) -> Setup {
    let weights = PublicMatrix::new::<Fr>(TernaryMatrix::random(SHAPE, 0.2, 42).unwrap());
    let inputs = random_field_vectors::<Fr>(batch, SHAPE.cols, 43);
    let outputs: Vec<Vec<Fr>> = inputs.iter().map(|v| weights.inner().mul_vec(v)).collect();
    let statement = MatVecStatement {
        inputs: &inputs,
        outputs: &outputs,
    };
    let proof = prove_matvec(&weights, statement, &mut Transcript::new(MATVEC_PROTOCOL)).unwrap();
    Setup {
        weights,
        inputs,
        outputs,
        proof,
    }
}

fn verify(
    weights: &Public,
    inputs: &[Vec<Fr>],
    outputs: &[Vec<Fr>],
    proof: &Proof,
) -> Result<(), Error> {
    let statement = MatVecStatement { inputs, outputs };
    verify_matvec(
        weights,
        statement,
        proof,
        &mut Transcript::new(MATVEC_PROTOCOL),
    )
}

/// The honest proof for a batch of `batch`, edited by `tamper`, then verified.
fn verify_tampered(batch: usize, tamper: impl FnOnce(&mut Proof)) -> Result<(), Error> {
    let s = setup(batch);
    let mut proof = s.proof.clone();
    tamper(&mut proof);
    s.verify_proof(&proof)
}

/// The sumcheck failing at round `round`.
fn round_fails(round: usize) -> Result<(), Error> {
    Err(Error::Sumcheck(SumcheckError::RoundSumMismatch { round }))
}

/// Round `round`'s polynomial of degree `found` where the product's degree 2 belongs.
fn degree_fails(round: usize, found: usize) -> Result<(), Error> {
    Err(Error::Sumcheck(SumcheckError::WrongDegree {
        round,
        degree: 2,
        found,
    }))
}

impl Setup {
    fn verify_proof(&self, proof: &Proof) -> Result<(), Error> {
        verify(&self.weights, &self.inputs, &self.outputs, proof)
    }
}

#[test]
fn honest_proof_verifies() {
    let s = setup(2);
    s.verify_proof(&s.proof).unwrap();
}

#[test]
fn wrong_claimed_output() {
    let s = setup(1);
    let mut outputs = s.outputs.clone();
    outputs[0][5] += Fr::ONE;
    assert_eq!(
        verify(&s.weights, &s.inputs, &outputs, &s.proof),
        round_fails(0)
    );
}

#[test]
fn tampered_round_polynomial_sum_and_off_the_hypercube() {
    // p(0) enters round 3's own sum. p(2) does not, but it moves p(r) and so round 4's claim.
    for (evaluation, round) in [(0, 3), (2, 4)] {
        assert_eq!(
            verify_tampered(1, |proof| {
                proof.sumcheck.round_polynomials[3].evaluations[evaluation] += Fr::ONE;
            }),
            round_fails(round),
            "p({evaluation}) tampered"
        );
    }
}

#[test]
fn tampered_last_round() {
    assert_eq!(
        verify_tampered(1, |proof| {
            let last = proof.sumcheck.round_polynomials.len() - 1;
            proof.sumcheck.round_polynomials[last].evaluations[2] += Fr::ONE;
        }),
        Err(Error::FinalEvaluationMismatch)
    );
}

#[test]
fn wrong_final_claim() {
    assert_eq!(
        verify_tampered(1, |proof| proof.weight_evaluation += Fr::ONE),
        Err(Error::FinalEvaluationMismatch)
    );
}

#[test]
fn wrong_weight_evaluation_with_matching_product() {
    // Scale one factor up and the other down: the product check passes, the weights do not.
    assert_eq!(
        verify_tampered(1, |proof| {
            let two = Fr::from(2u64);
            proof.weight_evaluation *= two;
            proof.input_evaluation *= two.inverse().unwrap();
        }),
        Err(Error::Weight(PublicMatrixError::EvaluationMismatch))
    );
}

#[test]
fn wrong_input() {
    // The transcript absorbs the claimed input v', but the sumcheck runs on the real v (whose
    // product really is the output): every round passes and only the input check can catch it.
    let s = setup(1);
    let mut fake_inputs = s.inputs.clone();
    fake_inputs[0][7] += Fr::ONE;
    let statement = MatVecStatement {
        inputs: &fake_inputs,
        outputs: &s.outputs,
    };
    let mut t = Transcript::new(MATVEC_PROTOCOL);
    WeightProver::<Fr>::absorb_identity(&s.weights, &mut t);
    let claim = statement.absorb_and_draw_claim(SHAPE, &mut t);
    let (proof, _) = prove_matvec_claim(&s.weights, &s.inputs, &claim, &mut t).unwrap();
    assert_eq!(
        verify(&s.weights, &fake_inputs, &s.outputs, &proof),
        Err(Error::InputEvaluationMismatch)
    );
    // Replaying the honest proof with the changed input fails at once.
    assert_eq!(
        verify(&s.weights, &fake_inputs, &s.outputs, &s.proof),
        round_fails(0)
    );
}

/// Claims the identity of one matrix while folding another.
struct Impostor<'a> {
    claimed: &'a Public,
    real: &'a Public,
}

impl WeightProver<Fr> for Impostor<'_> {
    type Matrix = TernaryMatrix;
    type Opening = ();
    fn matrix(&self) -> &TernaryMatrix {
        self.real.inner()
    }
    fn absorb_identity(&self, transcript: &mut Transcript) {
        WeightProver::<Fr>::absorb_identity(self.claimed, transcript);
    }
    fn open(&self, _: &[Fr], _: &[Fr], _: &[Fr], _: &mut Transcript) {}
}

#[test]
fn swapped_model() {
    let s = setup(1);
    let other = PublicMatrix::new::<Fr>(TernaryMatrix::random(SHAPE, 0.2, 7).unwrap());
    // The honest proof for W, checked against W' of the same shape.
    assert_eq!(
        verify(&other, &s.inputs, &s.outputs, &s.proof),
        round_fails(0)
    );
    // A prover that absorbs W' but proves with W (whose product the outputs are).
    let impostor = Impostor {
        claimed: &other,
        real: &s.weights,
    };
    let statement = MatVecStatement {
        inputs: &s.inputs,
        outputs: &s.outputs,
    };
    let proof = prove_matvec(&impostor, statement, &mut Transcript::new(MATVEC_PROTOCOL)).unwrap();
    assert_eq!(
        verify(&other, &s.inputs, &s.outputs, &proof),
        Err(Error::Weight(PublicMatrixError::EvaluationMismatch))
    );
}

#[test]
fn proof_replayed_under_another_statement() {
    // Another true statement (other inputs, their real outputs) must not accept this proof.
    let s = setup(1);
    let inputs = random_field_vectors::<Fr>(1, SHAPE.cols, 99);
    let outputs: Vec<Vec<Fr>> = inputs
        .iter()
        .map(|v| s.weights.inner().mul_vec(v))
        .collect();
    assert_eq!(
        verify(&s.weights, &inputs, &outputs, &s.proof),
        round_fails(0)
    );
    // Nor under another protocol's transcript.
    let statement = MatVecStatement {
        inputs: &s.inputs,
        outputs: &s.outputs,
    };
    assert_eq!(
        verify_matvec(
            &s.weights,
            statement,
            &s.proof,
            &mut Transcript::new(b"other-protocol")
        ),
        round_fails(0)
    );
}

#[test]
fn batch_elements_swapped() {
    let s = setup(2);
    let inputs = vec![s.inputs[1].clone(), s.inputs[0].clone()];
    let outputs = vec![s.outputs[1].clone(), s.outputs[0].clone()];
    assert_eq!(
        verify(&s.weights, &inputs, &outputs, &s.proof),
        round_fails(0)
    );
}

#[test]
fn wrong_number_of_rounds_and_degree() {
    let s = setup(1);
    let mut short = s.proof.clone();
    short.sumcheck.round_polynomials.pop();
    assert_eq!(
        s.verify_proof(&short),
        Err(Error::Sumcheck(SumcheckError::WrongNumberOfRounds {
            expected: 7,
            found: 6
        }))
    );
    let mut high = s.proof.clone();
    high.sumcheck.round_polynomials[2].evaluations.push(Fr::ONE);
    assert_eq!(s.verify_proof(&high), degree_fails(2, 4));
    let mut empty = s.proof.clone();
    empty.sumcheck.round_polynomials[0].evaluations.clear();
    assert_eq!(s.verify_proof(&empty), degree_fails(0, 0));
}

#[test]
fn statement_of_the_wrong_shape() {
    let s = setup(1);
    let mut long_input = s.inputs.clone();
    long_input[0].push(Fr::ONE);
    assert_eq!(
        verify(&s.weights, &long_input, &s.outputs, &s.proof),
        Err(Error::Shape(ShapeError::Length {
            what: "input length",
            expected: 128,
            found: 129
        }))
    );
    assert_eq!(
        verify(&s.weights, &s.inputs, &[], &s.proof),
        Err(Error::Shape(ShapeError::Length {
            what: "output batch size",
            expected: 1,
            found: 0
        }))
    );
    assert_eq!(
        verify(&s.weights, &[], &[], &s.proof),
        Err(Error::Shape(ShapeError::EmptyBatch))
    );
}

#[test]
fn truncated_and_padded_proof_bytes() {
    let s = setup(1);
    let bytes = s.proof.to_bytes();
    for cut in [0, 1, 8, 17, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            matches!(
                Proof::from_bytes(&bytes[..cut]),
                Err(ProofDecodeError::Malformed(_))
            ),
            "cut at {cut}"
        );
    }
    let mut padded = bytes.clone();
    padded.push(0);
    assert!(matches!(
        Proof::from_bytes(&padded),
        Err(ProofDecodeError::TrailingBytes(1))
    ));
}

#[test]
fn hostile_length_prefix_does_not_allocate() {
    let s = setup(1);
    let mut bytes = s.proof.to_bytes();
    bytes[..8].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(
        Proof::from_bytes(&bytes),
        Err(ProofDecodeError::Malformed(_))
    ));
    bytes[..8].copy_from_slice(&(1u64 << 40).to_le_bytes());
    assert!(matches!(
        Proof::from_bytes(&bytes),
        Err(ProofDecodeError::Malformed(_))
    ));
}

#[test]
fn mutated_first_evaluation_byte() {
    // Byte 16 is the lowest byte of round 0's p(0) (after two 8-byte length prefixes).
    let s = setup(1);
    let mut bytes = s.proof.to_bytes();
    bytes[16] ^= 0x01;
    let proof = Proof::from_bytes(&bytes).unwrap();
    assert_eq!(s.verify_proof(&proof), round_fails(0));
    // A non-canonical field element (all ones is above the modulus) is refused by the decoder.
    let mut bytes = s.proof.to_bytes();
    bytes[16..48].fill(0xff);
    assert!(matches!(
        Proof::from_bytes(&bytes),
        Err(ProofDecodeError::Malformed(_))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any mutation of the proof bytes is refused by the decoder or the verifier, never
    /// accepted and never a panic.
    #[test]
    fn mutated_proof_bytes_never_verify(position in any::<prop::sample::Index>(), xor in 1u8..=255, extra in prop::collection::vec(any::<u8>(), 0..3)) {
        let s = shared_setup();
        let mut bytes = s.proof.to_bytes();
        let i = position.index(bytes.len());
        bytes[i] ^= xor;
        bytes.extend(&extra);
        if let Ok(proof) = Proof::from_bytes(&bytes) {
            prop_assert!(s.verify_proof(&proof).is_err());
        }
    }
}

/// One setup shared by every proptest case.
fn shared_setup() -> &'static Setup {
    static SETUP: std::sync::OnceLock<Setup> = std::sync::OnceLock::new();
    SETUP.get_or_init(|| setup(2))
}

#[test]
fn claim_point_chosen_after_the_rounds_is_rejected() {
    // A false claim c; round polynomials summing to it, the final point r_x read off a
    // transcript, then one coordinate of r_y solved so that W̃(r_y, r_x)·Ṽ(r_x) fits the final
    // value. Accepted while `verify_matvec_claim` did not absorb its claim (found by an attack);
    // the claim is absorbed before the first round now, so the rounds' challenges move with it.
    use spazk_field::{evaluate_mle, Field, RoundPolynomial};
    use spazk_matrix::DenseMatrix;
    use spazk_sumcheck::{
        verify_matvec_claim, verify_sumcheck, MatVecClaim, PublicMatrix, SumcheckError,
        SumcheckProof,
    };
    let shape = MatrixShape::new(4, 4);
    let entries: Vec<Fr> = (1..=16u64).map(|v| Fr::from(v * v + 3)).collect();
    let w = DenseMatrix::from_row_major(shape, entries).unwrap();
    let oracle = PublicMatrix::new::<Fr>(w.clone());
    let input: Vec<Fr> = [5u64, 7, 11, 13].iter().map(|v| Fr::from(*v)).collect();
    let c = Fr::from(424242u64);
    let fresh = || Transcript::new(b"caller");
    let first = RoundPolynomial {
        evaluations: vec![c, Fr::from(0u64), Fr::from(9u64)],
    };
    let after_first = verify_sumcheck(
        &SumcheckProof {
            round_polynomials: vec![first.clone()],
        },
        c,
        1,
        2,
        &mut fresh(),
    )
    .unwrap();
    let second = RoundPolynomial {
        evaluations: vec![after_first.value, Fr::from(0u64), Fr::from(1u64)],
    };
    let sumcheck = SumcheckProof {
        round_polynomials: vec![first, second],
    };
    let end = verify_sumcheck(&sumcheck, c, 2, 2, &mut fresh()).unwrap();
    let v = evaluate_mle(&input, &end.point).unwrap();
    let wanted = end.value * v.inverse().unwrap();
    let at = |y1: Fr| Matrix::<Fr>::evaluate(&w, &[Fr::from(77u64), y1], &end.point).unwrap();
    let (at_zero, slope) = (at(Fr::from(0u64)), at(Fr::ONE) - at(Fr::from(0u64)));
    let row_point = vec![
        Fr::from(77u64),
        (wanted - at_zero) * slope.inverse().unwrap(),
    ];
    let proof = MatVecProof {
        sumcheck,
        weight_evaluation: wanted,
        input_evaluation: v,
        weight_opening: (),
    };
    let claim = MatVecClaim {
        row_point,
        batch_point: vec![],
        value: c,
    };
    assert_eq!(
        verify_matvec_claim(&oracle, 1, &claim, &proof, &mut fresh()),
        Err(VerifyError::Sumcheck(SumcheckError::RoundSumMismatch {
            round: 1
        }))
    );
}
