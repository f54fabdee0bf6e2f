//! The sumcheck engine's prover and the mat-vec prover built on it.

use crate::claim::{check_batch, InputClaim, MatVecClaim, MatVecStatement, SubClaim};
use crate::error::ShapeError;
use crate::matrix::Matrix;
use crate::oracle::WeightProver;
use crate::product::ProductInstance;
use crate::proof::{MatVecProof, SumcheckProof};
use ark_ff::PrimeField;
#[cfg(feature = "parallel")]
use rayon::prelude::*;
use spazk_field::{eq_table, LagrangeInterpolator, RoundPolynomial};
use spazk_transcript::Transcript;

/// Transcript labels shared by the engine's prover and verifier.
pub(crate) mod label {
    pub const ROUND: &[u8] = b"sumcheck-round";
    pub const CHALLENGE: &[u8] = b"sumcheck-challenge";
    pub const WEIGHT_EVALUATION: &[u8] = b"weight-evaluation";
    pub const INPUT_EVALUATION: &[u8] = b"input-evaluation";
}

/// One sumcheck statement `Σ_{x ∈ {0,1}^k} g(x) = claim`, seen from the prover.
///
/// The engine calls [`Self::round_polynomial`] then [`Self::bind`] once per round. Round `j`
/// binds variable `k − 1 − j`: instances fold their tables from the top.
pub trait SumcheckInstance<F: PrimeField> {
    /// `k`, the number of variables.
    fn num_rounds(&self) -> usize;

    /// Degree of every round polynomial.
    fn degree(&self) -> usize;

    /// Values at `0, 1, …, degree` of this round's polynomial
    /// `p(t) = Σ_{x'} g(x', t, bound…)`. `claim` is the running claim `p(0) + p(1)`, which lets
    /// an instance skip computing `p(1)`.
    fn round_polynomial(&self, claim: F) -> Vec<F>;

    /// Fixes the current top variable to `challenge`.
    fn bind(&mut self, challenge: F);
}

/// Runs the sumcheck for `instance`, appending every round polynomial to `transcript` before
/// drawing its challenge. Returns the proof and the point (in variable order) with the value the
/// summed polynomial takes there.
pub fn prove_sumcheck<F: PrimeField, S: SumcheckInstance<F> + ?Sized>(
    instance: &mut S,
    claim: F,
    transcript: &mut Transcript,
) -> (SumcheckProof<F>, SubClaim<F>) {
    let rounds = instance.num_rounds();
    let interpolator = LagrangeInterpolator::new(instance.degree());
    let mut round_polynomials = Vec::with_capacity(rounds);
    let mut challenges = Vec::with_capacity(rounds);
    let mut claim = claim;
    for _ in 0..rounds {
        let evaluations = instance.round_polynomial(claim);
        debug_assert_eq!(evaluations.len(), instance.degree() + 1);
        transcript.append_fields(label::ROUND, &evaluations);
        let r: F = transcript.challenge_field(label::CHALLENGE);
        claim = interpolator.evaluate(&evaluations, r);
        instance.bind(r);
        challenges.push(r);
        round_polynomials.push(RoundPolynomial::from_evaluations(evaluations));
    }
    challenges.reverse();
    (
        SumcheckProof { round_polynomials },
        SubClaim {
            point: challenges,
            value: claim,
        },
    )
}

/// `V'(x) = Σ_b eq(batch_point, b) · V_b(x)`, padded with zeros to `padded_len`.
fn combine_batch<F: PrimeField>(inputs: &[Vec<F>], batch_point: &[F], padded_len: usize) -> Vec<F> {
    if let [single] = inputs {
        let mut combined = single.clone();
        combined.resize(padded_len, F::zero());
        return combined;
    }
    let weights = eq_table(batch_point);
    let mut combined = vec![F::zero(); padded_len];
    for (input, weight) in inputs.iter().zip(&weights) {
        #[cfg(feature = "parallel")]
        let iter = combined.par_iter_mut().zip(input.par_iter());
        #[cfg(not(feature = "parallel"))]
        let iter = combined.iter_mut().zip(input.iter());
        iter.for_each(|(acc, v)| *acc += *weight * v);
    }
    combined
}

/// A mat-vec proof and the claim it leaves on the layer's input.
pub type ProvedClaim<F, O> = (MatVecProof<F, O>, InputClaim<F>);

/// Proves a claim `Ỹ(r_y, r_b) = c` on the outputs of `W · V`, where `inputs` are the batch
/// `V`. Returns the proof and the claim it leaves on the input, `Ṽ(r_x, r_b)`.
///
/// Cost: the matrix fold (the only matrix-dependent step) plus `O(n·B)` for the batch and
/// `O(n)` multiplications for the sumcheck.
pub fn prove_matvec_claim<F: PrimeField, P: WeightProver<F>>(
    weights: &P,
    inputs: &[Vec<F>],
    claim: &MatVecClaim<F>,
    transcript: &mut Transcript,
) -> Result<ProvedClaim<F, P::Opening>, ShapeError> {
    let matrix = weights.matrix();
    let shape = matrix.shape();
    check_batch("input length", inputs, shape.cols)?;
    claim.check_shape(shape, inputs.len())?;
    claim.absorb_into(transcript);

    let folded = matrix.fold_rows(&eq_table(&claim.row_point));
    let combined = combine_batch(inputs, &claim.batch_point, shape.padded_cols());
    let mut instance = ProductInstance::new(folded.clone(), combined);
    let (sumcheck, sub_claim) = prove_sumcheck(&mut instance, claim.value, transcript);
    let (weight_evaluation, input_evaluation) = instance.final_values();
    transcript.append_field(label::WEIGHT_EVALUATION, &weight_evaluation);
    transcript.append_field(label::INPUT_EVALUATION, &input_evaluation);
    let weight_opening = weights.open(&claim.row_point, &sub_claim.point, &folded, transcript);

    let proof = MatVecProof {
        sumcheck,
        weight_evaluation,
        input_evaluation,
        weight_opening,
    };
    let input_claim = InputClaim {
        column_point: sub_claim.point,
        batch_point: claim.batch_point.clone(),
        value: input_evaluation,
    };
    Ok((proof, input_claim))
}

/// Proves the stand-alone statement `outputs[b] = W · inputs[b]`: absorbs the matrix identity
/// and the statement, draws the output point, and proves the claim there. A fresh transcript
/// for this starts with [`crate::MATVEC_PROTOCOL`].
///
/// The prover does not check that the outputs are right: if they are not, the proof fails.
pub fn prove_matvec<F: PrimeField, P: WeightProver<F>>(
    weights: &P,
    statement: MatVecStatement<'_, F>,
    transcript: &mut Transcript,
) -> Result<MatVecProof<F, P::Opening>, ShapeError> {
    let shape = weights.matrix().shape();
    statement.check_shape(shape)?;
    weights.absorb_identity(transcript);
    let claim = statement.absorb_and_draw_claim(shape, transcript);
    prove_matvec_claim(weights, statement.inputs, &claim, transcript).map(|(proof, _)| proof)
}
