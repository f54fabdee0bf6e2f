//! The zero-knowledge mat-vec protocol with hiding in the clear (`hidden::clear`): round trips
//! for every matrix kind, a hidden matrix, batches, hidden and public inputs; each cheat breaks
//! exactly its check; mutated proof bytes never panic the verifier. All randomness is seeded.

use ark_ff::{One, UniformRand, Zero};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use proptest::prelude::*;
use spazk_field::{eq_table, evaluate_mle, log2_ceil, Fr};
use spazk_matrix::{
    random_field_vectors, DenseMatrix, Matrix, MatrixShape, SparseMatrix, TernaryMatrix,
};
use spazk_sumcheck::hidden::clear::{ClearCheckError, ClearProver, ClearVerifier, Revealed};
use spazk_sumcheck::hidden::{Claim, HiddenError, HidingProver, HidingVerifier, LinearForm};
use spazk_sumcheck::{
    hidden_matvec_mask_len, prove_hidden_matvec, prove_hidden_matvec_claim, verify_hidden_matvec,
    verify_hidden_matvec_claim, HiddenInput, HiddenInputClaim, HiddenMatVecClaim,
    HiddenMatVecProof, HiddenVerifyError, HidingInputOracle, HidingInputProver, HidingWeightOracle,
    HidingWeightProver, MatVecStatement, ProofDecodeError, PublicInput, PublicMatrix,
    PublicMatrixError, ShapeError, SumcheckError, HIDDEN_MATVEC_PROTOCOL,
};
use spazk_transcript::Transcript;

const LABEL: &[u8] = b"hidden-matvec-test";

type Proof = HiddenMatVecProof<Fr>;

/// A committed matrix as the clear contexts see it: the prover registers the fold `A` as a
/// revealed opening vector and names `⟨A, eq(r_x)⟩`; the verifier knows only the shape.
struct HiddenMatrix<M>(M);

/// The verifier's side of [`HiddenMatrix`].
struct HiddenShape(MatrixShape);

impl<M: Matrix<Fr>> HidingWeightProver<Fr, ClearProver<Fr>> for HiddenMatrix<M> {
    type Matrix = M;

    fn matrix(&self) -> &M {
        &self.0
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        transcript.append_u64(b"hidden-matrix-cols", self.0.shape().cols as u64);
    }

    fn evaluation(
        &self,
        _: &[Fr],
        col_point: &[Fr],
        folded_rows: &[Fr],
        context: &mut ClearProver<Fr>,
        _: &mut Transcript,
    ) -> Claim<Fr> {
        let witness = context.add_witness(folded_rows.to_vec());
        Claim::hidden(context.relations().hide(LinearForm {
            witness,
            offset: 0,
            coefficients: eq_table(col_point),
        }))
    }
}

impl HidingWeightOracle<Fr, ClearVerifier<Fr>> for HiddenShape {
    type Error = PublicMatrixError;

    fn shape(&self) -> MatrixShape {
        self.0
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        transcript.append_u64(b"hidden-matrix-cols", self.0.cols as u64);
    }

    fn evaluation(
        &self,
        _: &[Fr],
        col_point: &[Fr],
        context: &mut ClearVerifier<Fr>,
        _: &mut Transcript,
    ) -> Result<Claim<Fr>, PublicMatrixError> {
        if col_point.len() != self.0.col_vars() {
            return Err(PublicMatrixError::WrongPointLength);
        }
        let witness = context.add_witness(self.0.padded_cols());
        Ok(Claim::hidden(context.relations().hide(LinearForm {
            witness,
            offset: 0,
            coefficients: eq_table(col_point),
        })))
    }
}

/// How the output claim's value is named.
#[derive(Clone, Copy, Debug)]
enum ClaimKind {
    /// One hidden scalar `z̃(r_y, r_b)` (a hidden layer's activation claim).
    HiddenScalar,
    /// The public output's MLE minus a hidden bias evaluation `b̃(r_y)` (the last layer).
    PublicMinusHiddenBias,
}

/// A layer `out_b = W·in_b + bias` as both parties see it (the verifier uses `inputs` only
/// through a [`PublicInput`], `bias` never).
struct Layer {
    inputs: Vec<Vec<Fr>>,
    bias: Vec<Fr>,
    outputs: Vec<Vec<Fr>>,
}

impl Layer {
    fn new<M: Matrix<Fr>>(matrix: &M, batch: usize, seed: u64) -> Self {
        let shape = matrix.shape();
        let inputs = random_field_vectors::<Fr>(batch, shape.cols, seed);
        let bias = random_field_vectors::<Fr>(1, shape.rows, seed + 1).remove(0);
        let outputs = inputs
            .iter()
            .map(|v| {
                let mut out = matrix.mul_vec(v);
                out.iter_mut().zip(&bias).for_each(|(o, b)| *o += b);
                out
            })
            .collect();
        Self {
            inputs,
            bias,
            outputs,
        }
    }
}

/// The test's statement: the points are drawn from the transcript (the inputs are not
/// absorbed, so that a verifier with another public input reaches the final relation).
fn draw_points(shape: MatrixShape, batch: usize, t: &mut Transcript) -> (Vec<Fr>, Vec<Fr>) {
    (
        t.challenge_fields(b"row", shape.row_vars()),
        t.challenge_fields(b"batch", log2_ceil(batch)),
    )
}

/// `Σ_b eq(r_b, b)·õut_b(r_y)`.
fn output_at(outputs: &[Vec<Fr>], row_point: &[Fr], batch_point: &[Fr]) -> Fr {
    outputs
        .iter()
        .zip(eq_table(batch_point))
        .map(|(out, w)| w * evaluate_mle(out, row_point).unwrap())
        .sum()
}

/// `Σ_{b < B} eq(r_b, b)`: the bias is added to the real batch elements only, so its share of
/// `õut(r_y, r_b)` is `b̃(r_y)` times this (one unless the batch is padded).
fn bias_weight(batch: usize, batch_point: &[Fr]) -> Fr {
    eq_table(batch_point).into_iter().take(batch).sum()
}

/// What a test changes in the honest prover.
#[derive(Clone, Copy, Debug)]
struct Options {
    claim: ClaimKind,
    hidden_input: bool,
    /// Added to the claim's value through its hidden part (the rounds stay the honest ones).
    claim_shift: u64,
}

const HIDDEN: Options = Options {
    claim: ClaimKind::HiddenScalar,
    hidden_input: true,
    claim_shift: 0,
};

const PUBLIC_INPUT: Options = Options {
    claim: ClaimKind::PublicMinusHiddenBias,
    hidden_input: false,
    claim_shift: 0,
};

fn prove<P: HidingWeightProver<Fr, ClearProver<Fr>>>(
    weights: &P,
    layer: &Layer,
    options: Options,
) -> (Proof, Revealed<Fr>, HiddenInputClaim<Fr>) {
    let shape = weights.matrix().shape();
    let mut rng = StdRng::seed_from_u64(7);
    let mask = (0..hidden_matvec_mask_len(shape))
        .map(|_| Fr::rand(&mut rng))
        .collect();
    let mut context = ClearProver::new(mask);
    let mut t = Transcript::new(LABEL);
    let (row_point, batch_point) = draw_points(shape, layer.inputs.len(), &mut t);
    let public = output_at(&layer.outputs, &row_point, &batch_point);
    let bias_at = evaluate_mle(&layer.bias, &row_point).unwrap();
    let weight = bias_weight(layer.inputs.len(), &batch_point);
    let value = public - weight * bias_at;
    let shift = Fr::from(options.claim_shift);
    let claim_value = match options.claim {
        ClaimKind::HiddenScalar => Claim::hidden(context.hide_scalar(value + shift, &mut t)),
        ClaimKind::PublicMinusHiddenBias => {
            let bias = context.hide_scalar(bias_at - shift, &mut t);
            Claim::public(public) - Claim::hidden(bias) * weight
        }
    };
    let claim = HiddenMatVecClaim {
        row_point,
        batch_point,
        value: claim_value,
    };
    let input: &dyn HidingInputProver<Fr, ClearProver<Fr>> = if options.hidden_input {
        &HiddenInput
    } else {
        &PublicInput(&layer.inputs)
    };
    let proved = prove_hidden_matvec_claim(
        weights,
        &layer.inputs,
        &DynInput(input),
        &claim,
        value,
        &mut context,
        &mut t,
    )
    .unwrap();
    let (proof, input_claim) = (proved.proof, proved.input_claim);
    if options.hidden_input {
        assert_eq!(
            input_claim.value.as_public(),
            None,
            "a hidden input stays hidden"
        );
    } else {
        assert_eq!(input_claim.value.as_public(), Some(proved.input_value));
    }
    (proof, context.reveal(), input_claim)
}

/// Lets a test pick the input's prover at run time.
struct DynInput<'a>(&'a dyn HidingInputProver<Fr, ClearProver<Fr>>);

impl HidingInputProver<Fr, ClearProver<Fr>> for DynInput<'_> {
    fn evaluation(
        &self,
        column_point: &[Fr],
        batch_point: &[Fr],
        value: Fr,
        context: &mut ClearProver<Fr>,
        transcript: &mut Transcript,
    ) -> Claim<Fr> {
        self.0
            .evaluation(column_point, batch_point, value, context, transcript)
    }
}

/// Why a proof was rejected: by the verifier, by a missing claim scalar, or when the clear
/// context checked the relations.
#[derive(Debug, PartialEq)]
enum Rejection<W, I> {
    Verify(HiddenVerifyError<W, I>),
    ClaimScalar(HiddenError),
    Check(ClearCheckError),
}

/// The verifier's half: `outputs` public (for the bias claim), the input through `input`.
fn verify_with<O, I>(
    oracle: &O,
    input: &I,
    outputs: &[Vec<Fr>],
    batch_size: usize,
    claim_kind: ClaimKind,
    proof: &Proof,
    revealed: Revealed<Fr>,
) -> Result<HiddenInputClaim<Fr>, Rejection<O::Error, I::Error>>
where
    O: HidingWeightOracle<Fr, ClearVerifier<Fr>>,
    I: HidingInputOracle<Fr, ClearVerifier<Fr>>,
{
    let shape = oracle.shape();
    let mut context = ClearVerifier::new(revealed);
    let mut t = Transcript::new(LABEL);
    let (row_point, batch_point) = draw_points(shape, batch_size.max(1), &mut t);
    let scalar = context
        .receive_scalar(&mut t)
        .map_err(Rejection::ClaimScalar)?;
    let value = match claim_kind {
        ClaimKind::HiddenScalar => Claim::hidden(scalar),
        ClaimKind::PublicMinusHiddenBias => {
            let weight = bias_weight(batch_size, &batch_point);
            Claim::public(output_at(outputs, &row_point, &batch_point))
                - Claim::hidden(scalar) * weight
        }
    };
    let claim = HiddenMatVecClaim {
        row_point,
        batch_point,
        value,
    };
    let input_claim = verify_hidden_matvec_claim(
        oracle,
        input,
        batch_size,
        &claim,
        proof,
        &mut context,
        &mut t,
    )
    .map_err(Rejection::Verify)?;
    context.check().map_err(Rejection::Check)?;
    Ok(input_claim)
}

/// Verifies with the input named as `options` says (the verifier's public input is `layer`'s).
fn verify<O: HidingWeightOracle<Fr, ClearVerifier<Fr>>>(
    oracle: &O,
    layer: &Layer,
    options: Options,
    proof: &Proof,
    revealed: Revealed<Fr>,
) -> Result<HiddenInputClaim<Fr>, String> {
    let batch = layer.inputs.len();
    let (claim, outputs) = (options.claim, &layer.outputs);
    if options.hidden_input {
        verify_with(oracle, &HiddenInput, outputs, batch, claim, proof, revealed)
            .map_err(|e| format!("{e:?}"))
    } else {
        let input = PublicInput(&layer.inputs);
        verify_with(oracle, &input, outputs, batch, claim, proof, revealed)
            .map_err(|e| format!("{e:?}"))
    }
}

/// Proves and verifies with a public matrix; checks the encoding and the proof's size.
fn round_trip_public<M: Matrix<Fr> + Clone>(matrix: M, batch: usize, options: Options) {
    let shape = matrix.shape();
    let layer = Layer::new(&matrix, batch, 3);
    let public = PublicMatrix::new(matrix);
    let (proof, revealed, input_claim) = prove(&public, &layer, options);
    assert_eq!(
        verify(&public, &layer, options, &proof, revealed),
        Ok(input_claim)
    );
    let bytes = proof.to_bytes();
    let rounds = shape.col_vars();
    assert_eq!(bytes.len(), 8 + rounds * (8 + 3 * 32));
    assert_eq!(Proof::from_bytes(&bytes).unwrap(), proof);
}

fn round_trip_hidden<M: Matrix<Fr>>(matrix: M, batch: usize, options: Options) {
    let shape = matrix.shape();
    let layer = Layer::new(&matrix, batch, 5);
    let (proof, revealed, input_claim) = prove(&HiddenMatrix(matrix), &layer, options);
    assert_eq!(
        verify(&HiddenShape(shape), &layer, options, &proof, revealed),
        Ok(input_claim)
    );
}

#[test]
fn every_public_kind_with_hidden_and_public_inputs() {
    let shape = MatrixShape::new(10, 50);
    let t = TernaryMatrix::random(shape, 0.2, 1).unwrap();
    for options in [HIDDEN, PUBLIC_INPUT] {
        round_trip_public(SparseMatrix::<Fr>::from(&t), 1, options);
        round_trip_public(DenseMatrix::<Fr>::from(&t), 2, options);
        round_trip_public(t.clone(), 3, options);
    }
}

#[test]
fn hidden_matrix_with_batches() {
    for batch in [1, 2, 3, 4] {
        let t = TernaryMatrix::random(MatrixShape::new(16, 32), 0.25, batch as u64).unwrap();
        round_trip_hidden(t.clone(), batch, HIDDEN);
        round_trip_hidden(t, batch, PUBLIC_INPUT);
    }
    round_trip_hidden(
        DenseMatrix::<Fr>::random(MatrixShape::new(7, 9), 8),
        2,
        HIDDEN,
    );
}

#[test]
fn degenerate_shapes_including_no_rounds() {
    // One column: the sumcheck has no rounds and takes no mask; the claim itself meets W·V.
    for (rows, cols) in [(1, 1), (4, 1), (1, 2), (3, 2)] {
        let t = TernaryMatrix::random(MatrixShape::new(rows, cols), 1.0, 9).unwrap();
        round_trip_hidden(t.clone(), 1, HIDDEN);
        round_trip_public(t, 2, PUBLIC_INPUT);
    }
}

#[test]
fn mask_length_from_the_shape() {
    assert_eq!(
        hidden_matvec_mask_len(MatrixShape::new(10, 784)),
        1 + 10 * 2
    );
    assert_eq!(hidden_matvec_mask_len(MatrixShape::new(10, 1)), 0);
}

#[test]
fn stand_alone_statement_with_a_hidden_matrix() {
    let t = TernaryMatrix::random(MatrixShape::new(12, 40), 0.3, 11).unwrap();
    let shape = t.shape();
    let inputs = random_field_vectors::<Fr>(3, shape.cols, 12);
    let outputs: Vec<Vec<Fr>> = inputs.iter().map(|v| t.mul_vec(v)).collect();
    let statement = MatVecStatement {
        inputs: &inputs,
        outputs: &outputs,
    };
    let mut rng = StdRng::seed_from_u64(13);
    let mask = (0..hidden_matvec_mask_len(shape))
        .map(|_| Fr::rand(&mut rng))
        .collect();
    let mut prover = ClearProver::new(mask);
    let proof = prove_hidden_matvec(
        &HiddenMatrix(t),
        statement,
        &mut prover,
        &mut Transcript::new(HIDDEN_MATVEC_PROTOCOL),
    )
    .unwrap();
    let revealed = prover.reveal();
    let verify_outputs = |outputs: &[Vec<Fr>]| {
        let mut verifier = ClearVerifier::new(revealed.clone());
        let statement = MatVecStatement {
            inputs: &inputs,
            outputs,
        };
        verify_hidden_matvec(
            &HiddenShape(shape),
            statement,
            &proof,
            &mut verifier,
            &mut Transcript::new(HIDDEN_MATVEC_PROTOCOL),
        )
        .map_err(|e| format!("{e:?}"))?;
        verifier.check().map_err(|e| format!("{e:?}"))
    };
    assert_eq!(verify_outputs(&outputs), Ok(()));
    // Another output changes the transcript from the statement on: a later round fails.
    let mut wrong = outputs.clone();
    wrong[1][4] += Fr::one();
    assert!(verify_outputs(&wrong).is_err());
    assert_eq!(
        verify_outputs(&outputs[..2]),
        Err(format!(
            "{:?}",
            HiddenVerifyError::<PublicMatrixError, ShapeError>::Shape(ShapeError::Length {
                what: "output batch size",
                expected: 3,
                found: 2
            })
        ))
    );
}

// ---- Soundness: each cheat breaks exactly its check. ----

type HiddenErr = HiddenVerifyError<PublicMatrixError, HiddenError>;

/// A hidden-matrix, hidden-input proof over 64 × 128 (7 rounds), batch 2.
fn hidden_setup(options: Options) -> (TernaryMatrix, Layer, Proof, Revealed<Fr>) {
    let t = TernaryMatrix::random(MatrixShape::new(64, 128), 0.2, 42).unwrap();
    let layer = Layer::new(&t, 2, 43);
    let (proof, revealed, _) = prove(&HiddenMatrix(t.clone()), &layer, options);
    (t, layer, proof, revealed)
}

fn verify_hidden(
    t: &TernaryMatrix,
    layer: &Layer,
    options: Options,
    proof: &Proof,
    revealed: Revealed<Fr>,
) -> Result<HiddenInputClaim<Fr>, String> {
    verify(&HiddenShape(t.shape()), layer, options, proof, revealed)
}

fn relation_fails(index: usize) -> Result<HiddenInputClaim<Fr>, String> {
    Err(format!(
        "{:?}",
        Rejection::<(), ()>::Check(ClearCheckError::Unsatisfied(index))
    ))
}

fn verifier_fails(error: HiddenErr) -> Result<HiddenInputClaim<Fr>, String> {
    Err(format!("{:?}", Rejection::Verify(error)))
}

#[test]
fn tampered_later_round_fails_in_the_clear() {
    let (t, layer, mut proof, revealed) = hidden_setup(HIDDEN);
    proof.sumcheck.round_polynomials[3].evaluations[1] += Fr::one();
    assert_eq!(
        verify_hidden(&t, &layer, HIDDEN, &proof, revealed),
        verifier_fails(HiddenErr::Sumcheck(SumcheckError::RoundSumMismatch {
            round: 3
        }))
    );
}

#[test]
fn tampered_first_round_breaks_round_zeros_relation() {
    // With one round, round 0's sum is checked only as relation 0.
    let t = TernaryMatrix::random(MatrixShape::new(8, 2), 1.0, 50).unwrap();
    let layer = Layer::new(&t, 1, 51);
    let (mut proof, revealed, _) = prove(&HiddenMatrix(t.clone()), &layer, HIDDEN);
    proof.sumcheck.round_polynomials[0].evaluations[0] += Fr::one();
    assert_eq!(
        verify_hidden(&t, &layer, HIDDEN, &proof, revealed),
        relation_fails(0)
    );
    // With more rounds the new challenge moves round 0's value: round 1 fails in the clear.
    let (t, layer, mut proof, revealed) = hidden_setup(HIDDEN);
    proof.sumcheck.round_polynomials[0].evaluations[0] += Fr::one();
    assert_eq!(
        verify_hidden(&t, &layer, HIDDEN, &proof, revealed),
        verifier_fails(HiddenErr::Sumcheck(SumcheckError::RoundSumMismatch {
            round: 1
        }))
    );
}

#[test]
fn wrong_claimed_output_breaks_relation_zero() {
    for claim in [ClaimKind::HiddenScalar, ClaimKind::PublicMinusHiddenBias] {
        let options = Options {
            claim,
            hidden_input: true,
            claim_shift: 1,
        };
        let (t, layer, proof, revealed) = hidden_setup(options);
        assert_eq!(
            verify_hidden(&t, &layer, options, &proof, revealed),
            relation_fails(0),
            "{claim:?}"
        );
    }
    // The verifier's public output off by one, the proof honest: the claim's public part is
    // absorbed before the rounds, so the challenges move and round 1 fails in the clear.
    let (t, mut layer, proof, revealed) = hidden_setup(PUBLIC_INPUT);
    layer.outputs[1][7] += Fr::one();
    assert_eq!(
        verify_hidden(&t, &layer, PUBLIC_INPUT, &proof, revealed),
        verifier_fails(HiddenErr::Sumcheck(SumcheckError::RoundSumMismatch {
            round: 1
        }))
    );
}

#[test]
fn wrong_input_evaluation_breaks_the_final_relation() {
    // Hidden input: the revealed scalar (after the claim's) off by one.
    let (t, layer, proof, mut revealed) = hidden_setup(HIDDEN);
    revealed.witnesses[1][1] += Fr::one();
    assert_eq!(
        verify_hidden(&t, &layer, HIDDEN, &proof, revealed),
        relation_fails(1)
    );
    // Public input: the verifier's input differs from the prover's.
    let (t, mut layer, proof, revealed) = hidden_setup(PUBLIC_INPUT);
    layer.inputs[0][100] += Fr::one();
    assert_eq!(
        verify_hidden(&t, &layer, PUBLIC_INPUT, &proof, revealed),
        relation_fails(1)
    );
}

#[test]
fn wrong_weight_evaluation_breaks_the_final_relation() {
    // Hidden matrix: the revealed opening vector (witness 2, after M and the scalars) changed.
    let (t, layer, proof, mut revealed) = hidden_setup(HIDDEN);
    revealed.witnesses[2][5] += Fr::one();
    assert_eq!(
        verify_hidden(&t, &layer, HIDDEN, &proof, revealed),
        relation_fails(1)
    );
    // Public matrix: the verifier holds another matrix than the prover used (the claim-level
    // API does not absorb the identity, so the rounds pass and the product does not).
    let t = TernaryMatrix::random(MatrixShape::new(16, 32), 0.3, 60).unwrap();
    let other = TernaryMatrix::random(MatrixShape::new(16, 32), 0.3, 61).unwrap();
    let layer = Layer::new(&t, 1, 62);
    let (proof, revealed, _) = prove(&PublicMatrix::new::<Fr>(t), &layer, HIDDEN);
    assert_eq!(
        verify(
            &PublicMatrix::new::<Fr>(other),
            &layer,
            HIDDEN,
            &proof,
            revealed
        ),
        relation_fails(1)
    );
}

#[test]
fn wrong_mask_breaks_a_relation() {
    let (t, layer, proof, mut revealed) = hidden_setup(HIDDEN);
    revealed.witnesses[0][0] += Fr::one();
    // a₀ enters G (relation 0) and g(r) (relation 1): the first to fail is round 0's.
    assert_eq!(
        verify_hidden(&t, &layer, HIDDEN, &proof, revealed),
        relation_fails(0)
    );
}

#[test]
fn wrong_shapes_are_refused_with_their_error() {
    let (t, layer, proof, revealed) = hidden_setup(HIDDEN);
    let shape = t.shape();
    // Rounds: one missing, one of the wrong degree.
    let mut short = proof.clone();
    short.sumcheck.round_polynomials.pop();
    assert_eq!(
        verify_hidden(&t, &layer, HIDDEN, &short, revealed.clone()),
        verifier_fails(HiddenErr::Sumcheck(SumcheckError::WrongNumberOfRounds {
            expected: 7,
            found: 6
        }))
    );
    let mut wide = proof.clone();
    wide.sumcheck.round_polynomials[2]
        .evaluations
        .push(Fr::zero());
    assert_eq!(
        verify_hidden(&t, &layer, HIDDEN, &wide, revealed.clone()),
        verifier_fails(HiddenErr::Sumcheck(SumcheckError::WrongDegree {
            round: 2,
            degree: 2,
            found: 4
        }))
    );
    // The input's hidden scalar missing.
    let mut missing = revealed.clone();
    missing.witnesses[1].truncate(1);
    assert_eq!(
        verify_hidden(&t, &layer, HIDDEN, &proof, missing),
        verifier_fails(HiddenErr::Input(HiddenError::MissingScalar { found: 1 }))
    );
    // A claim whose points do not fit the matrix or the batch.
    let oracle = HiddenShape(shape);
    let claim = |rows: usize, batch: usize| HiddenMatVecClaim {
        row_point: vec![Fr::one(); rows],
        batch_point: vec![Fr::one(); batch],
        value: Claim::public(Fr::zero()),
    };
    let run = |claim: HiddenMatVecClaim<Fr>, batch_size: usize| {
        let mut context = ClearVerifier::new(revealed.clone());
        verify_hidden_matvec_claim(
            &oracle,
            &HiddenInput,
            batch_size,
            &claim,
            &proof,
            &mut context,
            &mut Transcript::new(LABEL),
        )
    };
    assert_eq!(
        run(claim(5, 1), 2),
        Err(HiddenErr::Shape(ShapeError::Length {
            what: "claim row point",
            expected: 6,
            found: 5
        }))
    );
    assert_eq!(
        run(claim(6, 0), 2),
        Err(HiddenErr::Shape(ShapeError::Length {
            what: "claim batch point",
            expected: 1,
            found: 0
        }))
    );
    assert_eq!(
        run(claim(6, 0), 0),
        Err(HiddenErr::Shape(ShapeError::EmptyBatch))
    );
    // A public input that does not fit the points.
    let wide_input = vec![vec![Fr::one(); 129]; 2];
    let input = PublicInput(&wide_input);
    let result = verify_with(
        &oracle,
        &input,
        &layer.outputs,
        2,
        ClaimKind::HiddenScalar,
        &proof,
        revealed.clone(),
    );
    assert_eq!(
        result,
        Err(Rejection::Verify(HiddenVerifyError::Input(
            ShapeError::Length {
                what: "public input length",
                expected: 128,
                found: 129
            }
        )))
    );
}

#[test]
fn truncated_and_padded_proof_bytes() {
    let (_, _, proof, _) = hidden_setup(HIDDEN);
    let bytes = proof.to_bytes();
    for cut in [0, 1, 8, 17, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            matches!(
                Proof::from_bytes(&bytes[..cut]),
                Err(ProofDecodeError::Malformed(_))
            ),
            "cut at {cut}"
        );
    }
    let mut padded = bytes;
    padded.push(0);
    assert!(matches!(
        Proof::from_bytes(&padded),
        Err(ProofDecodeError::TrailingBytes(1))
    ));
}

/// One honest proof shared by every proptest case.
fn shared() -> &'static (TernaryMatrix, Layer, Proof, Revealed<Fr>) {
    static SETUP: std::sync::OnceLock<(TernaryMatrix, Layer, Proof, Revealed<Fr>)> =
        std::sync::OnceLock::new();
    SETUP.get_or_init(|| hidden_setup(HIDDEN))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any mutation of the proof bytes is refused by the decoder, the verifier or the
    /// relations — never accepted, never a panic.
    #[test]
    fn mutated_proof_bytes_never_verify(
        position in any::<prop::sample::Index>(),
        xor in 1u8..=255,
        extra in prop::collection::vec(any::<u8>(), 0..3),
    ) {
        let (t, layer, proof, revealed) = shared();
        let mut bytes = proof.to_bytes();
        let i = position.index(bytes.len());
        bytes[i] ^= xor;
        bytes.extend(&extra);
        if let Ok(mutated) = Proof::from_bytes(&bytes) {
            prop_assert!(verify_hidden(t, layer, HIDDEN, &mutated, revealed.clone()).is_err());
        }
    }
}
