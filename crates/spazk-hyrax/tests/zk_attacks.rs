//! Attacks on the zero-knowledge core with the real commitment layer ([`ZkProver`] /
//! [`ZkVerifier`]): forging provers that exploit (or try to exploit) the Fiat–Shamir order, the
//! deferred relations and the caller's duties. Each test names the attack and asserts the exact
//! outcome. Randomness is seeded.

use ark_ff::{AdditiveGroup, Field, One, Zero};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use ark_std::UniformRand;
use spazk_field::{eq_table, Fr};
use spazk_hyrax::zk::{
    HidingCommittedMatrix, HidingMatrixCommitment, ZkProof, ZkProver, ZkVerifier,
};
use spazk_hyrax::{HyraxError, HyraxParams};
use spazk_matrix::{Matrix, MatrixShape, TernaryMatrix};
use spazk_sumcheck::hidden::{Claim, HiddenValue, HidingProver, Relations};
use spazk_sumcheck::{
    hidden_matvec_mask_len, prove_hidden_matvec, prove_hidden_matvec_claim, verify_hidden_matvec,
    HiddenMatVecProof, HidingWeightProver, MatVecStatement, PublicInput, HIDDEN_MATVEC_PROTOCOL,
};
use spazk_transcript::Transcript;

fn params() -> &'static HyraxParams {
    static PARAMS: std::sync::OnceLock<HyraxParams> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| HyraxParams::derive(b"spazk-hyrax-zk-attacks", 64))
}

fn random_vec(rng: &mut StdRng, n: usize) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

/// A stand-alone zero-knowledge mat-vec statement over a hiding-committed ternary matrix.
struct Setup {
    shape: MatrixShape,
    committed: HidingCommittedMatrix<TernaryMatrix>,
    inputs: Vec<Vec<Fr>>,
    outputs: Vec<Vec<Fr>>,
}

fn setup(seed: u64) -> Setup {
    let mut rng = StdRng::seed_from_u64(seed);
    let shape = MatrixShape::new(12, 20);
    let matrix = TernaryMatrix::random(shape, 0.4, seed).unwrap();
    let inputs: Vec<Vec<Fr>> = (0..2).map(|_| random_vec(&mut rng, shape.cols)).collect();
    let outputs = inputs.iter().map(|v| matrix.mul_vec(v)).collect();
    let committed = HidingCommittedMatrix::commit(matrix, params(), &mut rng).unwrap();
    Setup {
        shape,
        committed,
        inputs,
        outputs,
    }
}

/// The outputs with one entry off by one: a false statement.
fn false_outputs(setup: &Setup) -> Vec<Vec<Fr>> {
    let mut outputs = setup.outputs.clone();
    outputs[1][4] += Fr::one();
    outputs
}

/// `Ỹ(r_y, r_b)` of a batch of outputs.
fn output_mle(outputs: &[Vec<Fr>], row_point: &[Fr], batch_point: &[Fr]) -> Fr {
    let (rows, batch) = (eq_table(row_point), eq_table(batch_point));
    outputs
        .iter()
        .zip(&batch)
        .map(|(y, b)| *b * y.iter().zip(&rows).map(|(v, e)| *v * e).sum::<Fr>())
        .sum()
}

/// How a verifier's caller treats the mask commitment `C_M`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MaskBinding {
    /// Absorbed with the statement, as the module docs ask.
    Absorbed,
    /// Absorbed, but only after the mat-vec (after its masked sumcheck's challenges).
    Late,
    /// Never absorbed (a careless caller).
    Forgotten,
}

/// The stand-alone verifier, `C_M` treated as `binding` says.
fn verify(
    setup: &Setup,
    outputs: &[Vec<Fr>],
    proof: &HiddenMatVecProof<Fr>,
    zk: &ZkProof,
    binding: MaskBinding,
) -> Result<(), String> {
    let mask_len = hidden_matvec_mask_len(setup.shape);
    let mut verifier = ZkVerifier::new(params(), mask_len, zk).map_err(|e| format!("{e:?}"))?;
    let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
    if binding == MaskBinding::Absorbed {
        verifier.absorb_mask_commitment(&mut transcript);
    }
    let view = HidingMatrixCommitment::new(setup.shape, setup.committed.commitment(), params())
        .map_err(|e| format!("{e:?}"))?;
    let statement = MatVecStatement {
        inputs: &setup.inputs,
        outputs,
    };
    verify_hidden_matvec(&view, statement, proof, &mut verifier, &mut transcript)
        .map_err(|e| format!("{e:?}"))?;
    if binding == MaskBinding::Late {
        verifier.absorb_mask_commitment(&mut transcript);
    }
    verifier
        .finish(&mut transcript)
        .map_err(|e| format!("{e:?}"))
}

/// An honest proof, `C_M` absorbed.
fn prove_honest(setup: &Setup, seed: u64) -> (HiddenMatVecProof<Fr>, ZkProof) {
    let mask_len = hidden_matvec_mask_len(setup.shape);
    let mut prover = ZkProver::new(params(), mask_len, StdRng::seed_from_u64(seed)).unwrap();
    let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
    prover.absorb_mask_commitment(&mut transcript);
    let statement = MatVecStatement {
        inputs: &setup.inputs,
        outputs: &setup.outputs,
    };
    let proof =
        prove_hidden_matvec(&setup.committed, statement, &mut prover, &mut transcript).unwrap();
    (proof, prover.finish(&mut transcript))
}

// ---------------------------------------------------------------------------------------------
// A mask chosen after the challenges.
// ---------------------------------------------------------------------------------------------

/// A prover context that computes the round messages with one mask (`messages_mask`) while its
/// committed mask — the Σ-protocol's witness — is another, chosen later.
struct SplitMask<'p> {
    inner: ZkProver<'p, StdRng>,
    messages_mask: Vec<Fr>,
}

impl HidingProver<Fr> for SplitMask<'_> {
    fn relations(&mut self) -> &mut Relations<Fr> {
        HidingProver::relations(&mut self.inner)
    }

    fn mask(&self) -> &[Fr] {
        &self.messages_mask
    }

    fn hide_scalar(&mut self, value: Fr, transcript: &mut Transcript) -> HiddenValue {
        self.inner.hide_scalar(value, transcript)
    }
}

/// The hiding matrix, opened through the split context's real prover.
struct SplitWeights<'a>(&'a HidingCommittedMatrix<TernaryMatrix>);

impl<'p> HidingWeightProver<Fr, SplitMask<'p>> for SplitWeights<'_> {
    type Matrix = TernaryMatrix;

    fn matrix(&self) -> &TernaryMatrix {
        HidingWeightProver::<Fr, ZkProver<'p, StdRng>>::matrix(self.0)
    }

    fn absorb_identity(&self, transcript: &mut Transcript) {
        HidingWeightProver::<Fr, ZkProver<'p, StdRng>>::absorb_identity(self.0, transcript);
    }

    fn evaluation(
        &self,
        row_point: &[Fr],
        col_point: &[Fr],
        folded_rows: &[Fr],
        context: &mut SplitMask<'p>,
        transcript: &mut Transcript,
    ) -> Claim<Fr> {
        self.0
            .evaluation(row_point, col_point, folded_rows, &mut context.inner, transcript)
    }
}

/// Runs the mat-vec prover for the false `outputs` on the TRUE sum (so that every round is
/// consistent), messages masked by `messages_mask`, the real context `inner`; `C_M` absorbed
/// as `binding` says. Returns the proof, the context and the transcript.
fn run_split<'p>(
    setup: &Setup,
    outputs: &[Vec<Fr>],
    messages_mask: &[Fr],
    inner: ZkProver<'p, StdRng>,
    binding: MaskBinding,
) -> (HiddenMatVecProof<Fr>, ZkProver<'p, StdRng>, Transcript) {
    let mut context = SplitMask {
        inner,
        messages_mask: messages_mask.to_vec(),
    };
    let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
    if binding == MaskBinding::Absorbed {
        context.inner.absorb_mask_commitment(&mut transcript);
    }
    let weights = SplitWeights(&setup.committed);
    weights.absorb_identity(&mut transcript);
    let statement = MatVecStatement {
        inputs: &setup.inputs,
        outputs,
    };
    let claim = statement.absorb_and_draw_claim(setup.shape, &mut transcript);
    let true_sum = output_mle(&setup.outputs, &claim.row_point, &claim.batch_point);
    let proved = prove_hidden_matvec_claim(
        &weights,
        &setup.inputs,
        &PublicInput(&setup.inputs),
        &claim.into(),
        true_sum,
        &mut context,
        &mut transcript,
    )
    .unwrap();
    if binding == MaskBinding::Late {
        context.inner.absorb_mask_commitment(&mut transcript);
    }
    (proved.proof, context.inner, transcript)
}

/// The forger of a false mat-vec output who picks its committed mask `M′` after `ρ` and the
/// challenges. Messages are computed with a mask `M₀` on the true sum; after a dry run it reads
/// `ρ` and `r₀` from the relations (round 0's `claim + ρ·G = s₀(0) + s₀(1)`, and `g(r)`'s form)
/// and moves `a₀` and `c_{0,1}` so that `G(M′) = G(M₀) + (S_true − S_claim)/ρ` while
/// `g(r; M′) = g(r; M₀)`: both deferred relations then hold at `M′`, and the Σ-protocol is
/// honest for `M′`. This works exactly when `ρ` and the challenges do not depend on `C_M`.
fn forge_with_late_mask(
    setup: &Setup,
    outputs: &[Vec<Fr>],
    binding: MaskBinding,
) -> (HiddenMatVecProof<Fr>, ZkProof) {
    let mask_len = hidden_matvec_mask_len(setup.shape);
    let rounds = setup.shape.col_vars();
    let mut rng = StdRng::seed_from_u64(77);
    let messages_mask = random_vec(&mut rng, mask_len);

    // Dry run: learn ρ, r₀ and the claim.
    let dry = ZkProver::new(params(), mask_len, StdRng::seed_from_u64(78)).unwrap();
    let (_, mut dry, _) = run_split(setup, outputs, &messages_mask, dry, binding);
    let relations = HidingProver::relations(&mut dry);
    // Relation 0: S_claim + ρ·G − first_sum, G the first form.
    let round_zero = &relations.relations()[0];
    let rho = round_zero.linear.terms[0].0;
    let sum_gap = round_zero.linear.constant; // S_claim − first_sum
    // Form 1 is g(r): coefficients 1, r₀, r₀², r₁, …
    let r0 = relations.forms()[1].coefficients[1];

    // first_sum = S_true + ρ·G(M₀), so Δ = (S_true − S_claim)/ρ = −(sum_gap + ρ·G(M₀))/ρ.
    let half = Fr::from(2u64).pow([rounds as u64 - 1]);
    let g_total: Fr = messages_mask[0] * half.double()
        + messages_mask[1..].iter().map(|c| *c * half).sum::<Fr>();
    let delta = -(sum_gap + rho * g_total) * rho.inverse().unwrap();
    let dc = delta * (half * (Fr::one() - r0.double())).inverse().unwrap();
    let mut late_mask = messages_mask.clone();
    late_mask[0] -= r0 * dc;
    late_mask[1] += dc;

    let mut real = ZkProver::with_mask(params(), late_mask, StdRng::seed_from_u64(79)).unwrap();
    // Under a bound C_M the moved mask no longer satisfies the relations: let the forger send
    // its proof anyway.
    real.skip_self_check();
    let (proof, real, mut transcript) = run_split(setup, outputs, &messages_mask, real, binding);
    (proof, real.finish(&mut transcript))
}

/// If the caller never absorbs `C_M`, or absorbs it only after a masked sumcheck, nothing
/// binds the mask before `ρ` and the rounds' challenges, and a forger proves a false output
/// (the attack above; before the fix both verified). The verifier refuses such a transcript
/// itself rather than rely on every caller.
#[test]
fn a_mask_committed_after_the_challenges_cannot_prove_a_false_output() {
    let setup = setup(1);
    let outputs = false_outputs(&setup);
    let (proof, zk) = forge_with_late_mask(&setup, &outputs, MaskBinding::Forgotten);
    assert_eq!(
        verify(&setup, &outputs, &proof, &zk, MaskBinding::Forgotten),
        Err(format!("{:?}", HyraxError::MaskCommitmentNotAbsorbed))
    );
    // The careful verifier does not even reach the Σ-protocol: its challenges differ.
    assert!(verify(&setup, &outputs, &proof, &zk, MaskBinding::Absorbed).is_err());

    let (proof, zk) = forge_with_late_mask(&setup, &outputs, MaskBinding::Late);
    let reserved = hidden_matvec_mask_len(setup.shape);
    assert_eq!(
        verify(&setup, &outputs, &proof, &zk, MaskBinding::Late),
        Err(format!(
            "{:?}",
            HyraxError::MaskCommitmentAbsorbedLate { reserved }
        ))
    );

    // The same forger facing a C_M bound with the statement: its mask is fixed before ρ, so
    // moving it changes every challenge, and the Σ-protocol rejects.
    let (proof, zk) = forge_with_late_mask(&setup, &outputs, MaskBinding::Absorbed);
    assert_eq!(
        verify(&setup, &outputs, &proof, &zk, MaskBinding::Absorbed),
        Err(format!("{:?}", HyraxError::SigmaCheckFailed))
    );
    // Honest proofs are unaffected.
    let (proof, zk) = prove_honest(&setup, 5);
    assert_eq!(
        verify(&setup, &setup.outputs, &proof, &zk, MaskBinding::Absorbed),
        Ok(())
    );
}

#[allow(dead_code)]
fn unused() {
    let _ = Fr::zero();
}
