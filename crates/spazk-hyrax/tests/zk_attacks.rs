//! Attacks on the zero-knowledge core with the real commitment layer ([`ZkProver`] /
//! [`ZkVerifier`]): forging provers that exploit (or try to exploit) the Fiat–Shamir order, the
//! deferred relations and the caller's duties. Each test names the attack and asserts the exact
//! outcome. Randomness is seeded.

use ark_ff::{AdditiveGroup, Field, One, Zero};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use ark_std::UniformRand;
use spazk_field::{eq_table, Fr};
use spazk_hyrax::zk::extraction::{as_ternary, solve_linear};
use spazk_hyrax::zk::{
    HidingCommittedMatrix, HidingMatrixCommitment, SigmaCommitments, ZkProof, ZkProver, ZkVerifier,
};
use spazk_hyrax::{HyraxError, HyraxParams};
use spazk_matrix::{Matrix, MatrixShape, TernaryMatrix};
use spazk_sumcheck::hidden::{Claim, HiddenValue, HidingProver, HidingVerifier, Relations};
use spazk_sumcheck::{
    hidden_matvec_mask_len, prove_hidden_matvec, prove_hidden_matvec_claim, verify_hidden_matvec,
    verify_hidden_matvec_claim, HiddenMatVecProof, HidingWeightProver, MatVecStatement,
    PublicInput, HIDDEN_MATVEC_PROTOCOL,
};
use spazk_transcript::Transcript;

mod zk_fixture;

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
        self.0.evaluation(
            row_point,
            col_point,
            folded_rows,
            &mut context.inner,
            transcript,
        )
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
    let g_total: Fr =
        messages_mask[0] * half.double() + messages_mask[1..].iter().map(|c| *c * half).sum::<Fr>();
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

// ---------------------------------------------------------------------------------------------
// Fiat–Shamir order of the Σ-protocol: γ after every X_j, e after K̂₁, K̂₂.
// ---------------------------------------------------------------------------------------------

/// A protocol of hidden scalars only: the statement is two public values `a`, `b`; the prover
/// sends `y₁`, `y₂` hidden and the relations are `y₁ = a`, `y₂ = b`.
const SCALARS_PROTOCOL: &[u8] = b"zk-attacks-scalars";

fn scalar_statement() -> (Fr, Fr) {
    (Fr::from(1234u64), Fr::from(5678u64))
}

/// The prover's side up to the Σ-protocol, sending `y₁`, `y₂`.
fn scalar_prover(y: [Fr; 2], seed: u64) -> (ZkProver<'static, StdRng>, Transcript) {
    let (a, b) = scalar_statement();
    let mut prover = ZkProver::new(params(), 0, StdRng::seed_from_u64(seed)).unwrap();
    prover.skip_self_check();
    let mut transcript = Transcript::new(SCALARS_PROTOCOL);
    transcript.append_fields(b"statement", &[a, b]);
    prover.absorb_mask_commitment(&mut transcript);
    let handles = y.map(|v| prover.hide_scalar(v, &mut transcript));
    let relations = HidingProver::relations(&mut prover);
    relations.require_equal(Claim::hidden(handles[0]), Claim::public(a));
    relations.require_equal(Claim::hidden(handles[1]), Claim::public(b));
    (prover, transcript)
}

/// The verifier's side up to the Σ-protocol.
fn scalar_verifier(zk: &ZkProof) -> (ZkVerifier<'_>, Transcript) {
    let (a, b) = scalar_statement();
    let mut verifier = ZkVerifier::new(params(), 0, zk).unwrap();
    let mut transcript = Transcript::new(SCALARS_PROTOCOL);
    transcript.append_fields(b"statement", &[a, b]);
    verifier.absorb_mask_commitment(&mut transcript);
    let y1 = verifier.receive_scalar(&mut transcript).unwrap();
    let y2 = verifier.receive_scalar(&mut transcript).unwrap();
    let relations = HidingVerifier::relations(&mut verifier);
    relations.require_equal(Claim::hidden(y1), Claim::public(a));
    relations.require_equal(Claim::hidden(y2), Claim::public(b));
    (verifier, transcript)
}

/// Two wrong relations whose errors cancel in `R = R₀ + γ·R₁` (`δ₁ = −γ·δ₂`): accepted when the
/// forger knows `γ` before its scalars are fixed (the interactive control), rejected under
/// Fiat–Shamir, where `γ` is drawn after every `X_j` — the forger's `γ` came from a transcript
/// with another `X₁`.
#[test]
fn errors_that_cancel_under_a_predicted_gamma_are_rejected() {
    let (a, b) = scalar_statement();
    let delta = Fr::from(99u64);
    // Interactive: γ known in advance.
    let gamma = Fr::from(31337u64);
    let (mut prover, _) = scalar_prover([a - gamma * delta, b + delta], 1);
    let (first, nonces) = prover.interactive_first_message(gamma);
    let e = Fr::from(4242u64);
    let responses = prover.interactive_respond(&nonces, e);
    let zk = ZkProof {
        mask_commitment: prover.mask_commitment(),
        scalar_commitments: prover.scalar_commitments().to_vec(),
        commitments: first.clone(),
        responses: responses.clone(),
    };
    let (verifier, _) = scalar_verifier(&zk);
    assert_eq!(
        verifier.check_interactive(gamma, &first, e, &responses),
        Ok(())
    );
    // Without the cancellation the same check fails: the control is a real forgery.
    let (mut prover, _) = scalar_prover([a - gamma * delta, b], 1);
    let (first, nonces) = prover.interactive_first_message(gamma);
    let responses = prover.interactive_respond(&nonces, e);
    let zk = ZkProof {
        mask_commitment: prover.mask_commitment(),
        scalar_commitments: prover.scalar_commitments().to_vec(),
        commitments: first.clone(),
        responses: responses.clone(),
    };
    let (verifier, _) = scalar_verifier(&zk);
    assert_eq!(
        verifier.check_interactive(gamma, &first, e, &responses),
        Err(HyraxError::SigmaCheckFailed)
    );

    // Fiat–Shamir: predict γ from a dry run with y₁ = a, then send y₁ = a − γ·δ.
    let (_, mut dry) = scalar_prover([a, b + delta], 2);
    let predicted: Fr = dry.challenge_field(spazk_hyrax::zk::label::GAMMA);
    let (prover, mut transcript) = scalar_prover([a - predicted * delta, b + delta], 2);
    let zk = prover.finish(&mut transcript);
    let (verifier, mut transcript) = scalar_verifier(&zk);
    assert_eq!(
        verifier.finish(&mut transcript),
        Err(HyraxError::SigmaCheckFailed)
    );
    // The honest scalars pass.
    let (prover, mut transcript) = scalar_prover([a, b], 3);
    let zk = prover.finish(&mut transcript);
    let (verifier, mut transcript) = scalar_verifier(&zk);
    assert_eq!(verifier.finish(&mut transcript), Ok(()));
}

/// Absorbs a first message exactly as the Σ-protocol does (the crate's own function is private;
/// the labels are public).
fn absorb_first(first: &SigmaCommitments, transcript: &mut Transcript) {
    use spazk_hyrax::zk::label;
    transcript.append_serializable(label::SCALAR_NONCES, &first.scalar_nonces);
    transcript.append_serializable(label::VECTOR_NONCES, &first.vector_nonces);
    transcript.append_serializable(label::K1, &first.k1);
    transcript.append_serializable(label::K2, &first.k2);
}

/// `k₀ = R(w)` of a prover's own witness: nonzero for a cheating one.
fn k0_of(prover: &mut ZkProver<'_, StdRng>, gamma: Fr) -> Fr {
    let relations = HidingProver::relations(prover).clone();
    let lens = relations.witness_lens();
    let used = relations.mask_len();
    let mut vectors: Vec<Vec<Fr>> = vec![prover.vector_witness(0)[..used].to_vec()];
    let scalars = prover.scalar_values().to_vec();
    for k in 1..lens.len() - 1 {
        vectors.push(prover.vector_witness(k).to_vec());
    }
    let mut witnesses: Vec<&[Fr]> = vec![&vectors[0], &scalars];
    witnesses.extend(vectors[1..].iter().map(Vec::as_slice));
    let values = relations.evaluate_forms(&witnesses).unwrap();
    relations.combined(gamma, &values)
}

/// A prover whose witness breaks a relation (`k₀ ≠ 0`) hides `k₀` in `K̂₁`: `K̂₁ + (k₀/e)·G₀`
/// answers the relation check for the one `e` it was made for. Interactive with `e` known
/// first: accepted (the control). Fiat–Shamir: `e` is drawn after `K̂₁` is absorbed, so the
/// forger's `e` is a guess from the untweaked message, and the Σ-protocol rejects.
#[test]
fn k0_folded_into_k1_for_a_guessed_challenge_is_rejected() {
    use zk_fixture::{params, run_prover, run_verifier, setup, Cheat, Proof};
    let (statement, witness) = setup(61);
    let g0 = params().value_base();

    // Interactive control.
    let (mut prover, _, sumcheck) = run_prover(
        &statement,
        &witness,
        params(),
        StdRng::seed_from_u64(62),
        Cheat::WrongScalar,
    );
    let (gamma, e) = (Fr::from(7u64), Fr::from(11u64));
    let k0 = k0_of(&mut prover, gamma);
    assert!(!k0.is_zero());
    let (mut first, nonces) = prover.interactive_first_message(gamma);
    first.k1 = (first.k1 + g0 * (k0 * e.inverse().unwrap())).into();
    let responses = prover.interactive_respond(&nonces, e);
    let proof = Proof {
        sumcheck: sumcheck.clone(),
        zk: ZkProof {
            mask_commitment: prover.mask_commitment(),
            scalar_commitments: prover.scalar_commitments().to_vec(),
            commitments: first.clone(),
            responses: responses.clone(),
        },
    };
    let (verifier, _) = run_verifier(&statement, &proof).unwrap();
    assert_eq!(
        verifier.check_interactive(gamma, &first, e, &responses),
        Ok(())
    );

    // Fiat–Shamir: the same trick with e guessed from the untweaked first message.
    let (mut prover, mut transcript, sumcheck) = run_prover(
        &statement,
        &witness,
        params(),
        StdRng::seed_from_u64(63),
        Cheat::WrongScalar,
    );
    let gamma: Fr = transcript.challenge_field(spazk_hyrax::zk::label::GAMMA);
    let k0 = k0_of(&mut prover, gamma);
    let (mut first, nonces) = prover.interactive_first_message(gamma);
    let mut guess = transcript.clone();
    absorb_first(&first, &mut guess);
    let e_guess: Fr = guess.challenge_field(spazk_hyrax::zk::label::CHALLENGE);
    first.k1 = (first.k1 + g0 * (k0 * e_guess.inverse().unwrap())).into();
    absorb_first(&first, &mut transcript);
    let e: Fr = transcript.challenge_field(spazk_hyrax::zk::label::CHALLENGE);
    assert_ne!(e, e_guess);
    // Answering with the guessed e fails the response equations; with the real e, the
    // relation check. Both are rejected.
    for answer in [e_guess, e] {
        let responses = prover.interactive_respond(&nonces, answer);
        let proof = Proof {
            sumcheck: sumcheck.clone(),
            zk: ZkProof {
                mask_commitment: prover.mask_commitment(),
                scalar_commitments: prover.scalar_commitments().to_vec(),
                commitments: first.clone(),
                responses,
            },
        };
        let (verifier, mut transcript) = run_verifier(&statement, &proof).unwrap();
        assert_eq!(
            verifier.finish(&mut transcript),
            Err(HyraxError::SigmaCheckFailed)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Zero knowledge: the weight-extraction attack on ZK mat-vec proofs.
// ---------------------------------------------------------------------------------------------

/// What one ZK mat-vec proof hands an attacker about the weights: the Hyrax row point of the
/// weight opening (`(r_x[c..], r_y)` under the hiding layout, from the statement and the
/// sumcheck's challenges), the Σ-protocol's challenge `e`, and the response `z = u + e·d` of
/// the weight opening (`u = Lᵀ·Z` over the Hyrax rows `Z` of `W`, as a transparent opening
/// would send it).
struct Harvest {
    row_point: Vec<Fr>,
    e: Fr,
    z: Vec<Fr>,
}

/// Replays the verifier on one accepted proof (public data only) and harvests it.
fn harvest(
    shape: MatrixShape,
    commitment: &spazk_hyrax::HyraxCommitment,
    inputs: &[Vec<Fr>],
    outputs: &[Vec<Fr>],
    proof: &HiddenMatVecProof<Fr>,
    zk: &ZkProof,
) -> Harvest {
    let mask_len = hidden_matvec_mask_len(shape);
    let view = HidingMatrixCommitment::new(shape, commitment, params()).unwrap();
    let statement = MatVecStatement { inputs, outputs };
    // The verifier's transcript, as `verify_hidden_matvec` runs it, keeping r_y and r_x.
    let mut verifier = ZkVerifier::new(params(), mask_len, zk).unwrap();
    let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
    verifier.absorb_mask_commitment(&mut transcript);
    spazk_sumcheck::HidingWeightOracle::<Fr, ZkVerifier<'_>>::absorb_identity(
        &view,
        &mut transcript,
    );
    let claim = statement.absorb_and_draw_claim(shape, &mut transcript);
    let input_claim = verify_hidden_matvec_claim(
        &view,
        &PublicInput(inputs),
        inputs.len(),
        &claim.clone().into(),
        proof,
        &mut verifier,
        &mut transcript,
    )
    .unwrap();
    // The weight opening's Hyrax row point: the column variables past the layout's columns
    // (the hiding layout's split), then r_y.
    let low = commitment.layout.col_vars as usize;
    let row_point: Vec<Fr> = input_claim.column_point[low..]
        .iter()
        .chain(&claim.row_point)
        .copied()
        .collect();
    // e: then γ, the first message, e.
    let mut replay = transcript.clone();
    verifier
        .finish(&mut transcript)
        .expect("the attacker harvests accepted proofs");
    let _: Fr = replay.challenge_field(spazk_hyrax::zk::label::GAMMA);
    absorb_first(&zk.commitments, &mut replay);
    let e = replay.challenge_field(spazk_hyrax::zk::label::CHALLENGE);
    Harvest {
        row_point,
        e,
        z: zk.responses.vectors[1].clone(),
    }
}

/// The two solvers on `harvests`: as if `z` were the transparent `u` (`E·W = Z`), and allowing
/// one unknown nonce shared by every proof (`[E | e]·[W; d] = Z`). Each returns the ternary
/// `W` it recovers, if any.
fn extract(harvests: &[Harvest], rows: usize) -> [Option<Vec<Vec<i8>>>; 2] {
    let e_rows: Vec<Vec<Fr>> = harvests.iter().map(|h| eq_table(&h.row_point)).collect();
    let z: Vec<Vec<Fr>> = harvests.iter().map(|h| h.z.clone()).collect();
    let transparent = solve_linear(&e_rows, &z).and_then(|w| as_ternary(&w, rows));
    let with_nonce: Vec<Vec<Fr>> = e_rows
        .iter()
        .zip(harvests)
        .map(|(row, h)| row.iter().copied().chain([h.e]).collect())
        .collect();
    let shared = solve_linear(&with_nonce, &z).and_then(|w| as_ternary(&w, rows));
    [transparent, shared]
}

/// The design's weight-extraction test on ZK proofs: many proofs over one hiding-committed
/// ternary matrix, the attacker solving linear systems on every opening response. Fresh
/// randomness per proof recovers nothing ternary, with or without a shared unknown nonce. The
/// control: a prover that reuses its random seed (so its nonce `d`) across proofs gives the
/// whole matrix away to the shared-nonce solve after `R + 1` proofs (`R` the Hyrax rows of the
/// hiding layout; a 4×64 matrix is 16 Hyrax rows of 16 columns) — fewer than the `cols`
/// statements that would determine it from the public outputs alone.
#[test]
fn weight_extraction_on_zk_proofs_recovers_nothing_unless_a_seed_is_reused() {
    let shape = MatrixShape::new(4, 64);
    let layout = spazk_hyrax::Layout::hiding_matrix(shape);
    assert_ne!(
        layout,
        spazk_hyrax::Layout::of_matrix(shape),
        "a split layout"
    );
    let matrix = TernaryMatrix::random(shape, 0.5, 91).unwrap();
    // W's Hyrax rows: matrix row y is the rows y·2^h + x_hi, each 2^c columns wide.
    let blocks = shape.padded_cols() / layout.cols();
    let truth: Vec<Vec<i8>> = (0..layout.rows())
        .map(|i| {
            let (y, start) = (i / blocks, (i % blocks) * layout.cols());
            (start..start + layout.cols())
                .map(|x| matrix.get(y, x))
                .collect()
        })
        .collect();
    let rows = layout.rows();
    let mut rng = StdRng::seed_from_u64(92);
    let committed = HidingCommittedMatrix::commit(matrix.clone(), params(), &mut rng).unwrap();
    let mask_len = hidden_matvec_mask_len(shape);
    let proof_count = rows + 3;
    assert!(
        proof_count < shape.cols,
        "the statements alone must not determine W"
    );

    let prove_one = |input: Vec<Fr>, seed: u64| {
        let inputs = vec![input];
        let outputs = vec![matrix.mul_vec(&inputs[0])];
        let mut prover = ZkProver::new(params(), mask_len, StdRng::seed_from_u64(seed)).unwrap();
        let mut transcript = Transcript::new(HIDDEN_MATVEC_PROTOCOL);
        prover.absorb_mask_commitment(&mut transcript);
        let statement = MatVecStatement {
            inputs: &inputs,
            outputs: &outputs,
        };
        let proof =
            prove_hidden_matvec(&committed, statement, &mut prover, &mut transcript).unwrap();
        let zk = prover.finish(&mut transcript);
        harvest(
            shape,
            committed.commitment(),
            &inputs,
            &outputs,
            &proof,
            &zk,
        )
    };
    let inputs: Vec<Vec<Fr>> = (0..proof_count)
        .map(|_| random_vec(&mut rng, shape.cols))
        .collect();

    // Fresh randomness: nothing, with any number of proofs up to the count.
    let fresh: Vec<Harvest> = inputs
        .iter()
        .enumerate()
        .map(|(i, v)| prove_one(v.clone(), 1000 + i as u64))
        .collect();
    for count in [rows, rows + 1, proof_count] {
        assert_eq!(
            extract(&fresh[..count], rows),
            [None, None],
            "{count} proofs"
        );
    }

    // The control: one seed for every proof.
    let reused: Vec<Harvest> = inputs.iter().map(|v| prove_one(v.clone(), 7)).collect();
    let [transparent, shared] = extract(&reused[..rows + 1], rows);
    assert_eq!(transparent, None);
    assert_eq!(shared.as_ref(), Some(&truth));
    assert!(truth.iter().flatten().any(|w| *w == 1) && truth.iter().flatten().any(|w| *w == -1));
}

// ---------------------------------------------------------------------------------------------
// Zero knowledge: a weight matrix whose "hiding" commitment is not blinded.
// ---------------------------------------------------------------------------------------------

/// Every ternary row of `cols` entries whose commitment `⟨row, G⟩` is one of `rows`: the
/// dictionary attack on an unblinded row commitment (here exhaustive, `3^cols` candidates).
fn brute_force_rows(rows: &[spazk_hyrax::G1Affine], cols: usize) -> Vec<Option<Vec<i8>>> {
    use ark_ec::CurveGroup;
    let generators = &params().generators()[..cols];
    let mut found = vec![None; rows.len()];
    let mut candidate = vec![-1i8; cols];
    loop {
        let point: spazk_hyrax::G1Projective = candidate
            .iter()
            .zip(generators)
            .map(|(w, g)| match w {
                1 => spazk_hyrax::G1Projective::from(*g),
                -1 => -spazk_hyrax::G1Projective::from(*g),
                _ => spazk_hyrax::G1Projective::zero(),
            })
            .sum();
        let point = point.into_affine();
        for (slot, row) in found.iter_mut().zip(rows) {
            if *row == point {
                *slot = Some(candidate.clone());
            }
        }
        // Next candidate in base 3 over {−1, 0, 1}.
        let Some(digit) = candidate.iter().position(|w| *w != 1) else {
            return found;
        };
        candidate[..digit].fill(-1);
        candidate[digit] += 1;
    }
}

/// A model file whose blinds are all zero (a transparent commitment dressed as a hiding one)
/// makes proofs that verify, while its public commitment gives every sparse or small row away
/// to a dictionary search — and lets anyone confirm a guessed model. `from_parts` must refuse
/// it; a really blinded commitment gives the same search nothing.
#[test]
fn a_hiding_matrix_with_zero_blinds_is_refused() {
    use spazk_hyrax::zk::BlindedCommitment;
    use spazk_hyrax::{Commit, Layout};
    // 4×8 is laid out as 8 Hyrax rows of 4 columns (hiding layout, split h = 1).
    let shape = MatrixShape::new(4, 8);
    let layout = Layout::hiding_matrix(shape);
    let width = layout.cols();
    let matrix = TernaryMatrix::random(shape, 0.5, 101).unwrap();
    let truth: Vec<Option<Vec<i8>>> = (0..layout.rows())
        .map(|i| {
            let (y, start) = (i * width / shape.cols, i * width % shape.cols);
            Some((start..start + width).map(|x| matrix.get(y, x)).collect())
        })
        .collect();
    let unblinded = BlindedCommitment {
        commitment: matrix.commit(params(), layout).unwrap(),
        blinds: vec![Fr::zero(); layout.rows()],
    };
    assert_eq!(
        brute_force_rows(&unblinded.commitment.rows, width),
        truth,
        "an unblinded commitment names its rows"
    );
    assert_eq!(
        HidingCommittedMatrix::from_parts(matrix.clone(), unblinded).map(|_| ()),
        Err(HyraxError::ZeroBlind { row: 0 })
    );

    // A really blinded commitment: the same search finds nothing.
    let mut rng = StdRng::seed_from_u64(102);
    let hiding = HidingCommittedMatrix::commit(matrix.clone(), params(), &mut rng).unwrap();
    assert_eq!(
        brute_force_rows(&hiding.commitment().rows, width),
        vec![None; layout.rows()]
    );
    assert!(HidingCommittedMatrix::from_parts(matrix, hiding.blinded().clone()).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Batched openings, encodings, bases.
// ---------------------------------------------------------------------------------------------

const BATCH_PROTOCOL: &[u8] = b"zk-attacks-batched-opening";

/// Two committed tables `f`, `g` opened together at a point drawn after their commitments;
/// the relation only asks `f(r) + g(r) = S` (public). A forger hands the prover opening vectors
/// shifted against each other (`u_f + δ·1₀`, `u_g − δ·1₀`): the values it sends keep their sum,
/// the combined witness no longer opens `c_f·T_f + c_g·T_g` — the coefficients are drawn after
/// the values, so the shift cannot be aimed at them.
#[test]
fn batched_values_shifted_against_each_other_are_rejected() {
    use spazk_hyrax::zk::{BlindedCommitment, OpeningColumn};
    use spazk_hyrax::{opening_vector, Layout};
    let layout = Layout::balanced(6);
    let mut rng = StdRng::seed_from_u64(111);
    let f = random_vec(&mut rng, 1 << 6);
    let g = random_vec(&mut rng, 1 << 6);
    let f_c = BlindedCommitment::commit(&f[..], params(), layout, &mut rng).unwrap();
    let g_c = BlindedCommitment::commit(&g[..], params(), layout, &mut rng).unwrap();
    let statement = |transcript: &mut Transcript| {
        f_c.commitment.absorb_into(b"f", transcript);
        g_c.commitment.absorb_into(b"g", transcript);
        let point: Vec<Fr> = transcript.challenge_fields(b"point", 6);
        point
    };
    let point = statement(&mut Transcript::new(BATCH_PROTOCOL));
    let sum = spazk_field::evaluate_mle(&f, &point).unwrap()
        + spazk_field::evaluate_mle(&g, &point).unwrap();

    let prove = |shift: Fr| {
        let mut prover = ZkProver::new(params(), 0, StdRng::seed_from_u64(112)).unwrap();
        prover.skip_self_check();
        // The point comes from the commitments alone (this protocol has no mask to bind).
        let mut transcript = Transcript::new(BATCH_PROTOCOL);
        let point = statement(&mut transcript);
        prover.absorb_mask_commitment(&mut transcript);
        let rows = eq_table(&point[layout.col_vars as usize..]);
        let mut u_f = opening_vector(&f, layout, &rows);
        let mut u_g = opening_vector(&g, layout, &rows);
        // ⟨u, eq(r_col)⟩ moves by shift·eq(r_col, 0) for both, in opposite directions.
        u_f[0] += shift;
        u_g[0] -= shift;
        let handles = prover.open(
            &[
                OpeningColumn {
                    commitment: &f_c,
                    opening: &u_f,
                },
                OpeningColumn {
                    commitment: &g_c,
                    opening: &u_g,
                },
            ],
            &point,
            &mut transcript,
        );
        HidingProver::relations(&mut prover).require_equal(
            Claim::hidden(handles[0]) + Claim::hidden(handles[1]),
            Claim::public(sum),
        );
        prover.finish(&mut transcript)
    };
    let verify = |zk: &ZkProof| {
        let mut verifier = ZkVerifier::new(params(), 0, zk).unwrap();
        let mut transcript = Transcript::new(BATCH_PROTOCOL);
        let point = statement(&mut transcript);
        verifier.absorb_mask_commitment(&mut transcript);
        let handles = verifier
            .open(&[&f_c.commitment, &g_c.commitment], &point, &mut transcript)
            .unwrap();
        HidingVerifier::relations(&mut verifier).require_equal(
            Claim::hidden(handles[0]) + Claim::hidden(handles[1]),
            Claim::public(sum),
        );
        verifier.finish(&mut transcript)
    };
    assert_eq!(verify(&prove(Fr::zero())), Ok(()));
    assert_eq!(
        verify(&prove(Fr::from(5u64))),
        Err(HyraxError::SigmaCheckFailed)
    );
}

/// A response encoded as its value plus the field's modulus (the same residue, another byte
/// string) is refused at decoding: one proof, one encoding.
#[test]
fn a_response_encoded_out_of_range_is_refused() {
    use ark_ff::{BigInteger, PrimeField};
    let setup = setup(121);
    let (_, zk) = prove_honest(&setup, 122);
    let bytes = zk.to_bytes();
    assert_eq!(ZkProof::from_bytes(&bytes).as_ref(), Ok(&zk));
    // κ is the last field element: add the modulus to it when that still fits 256 bits.
    let kappa = zk.responses.kappa.into_bigint();
    let mut shifted = kappa;
    let carry = shifted.add_with_carry(&Fr::MODULUS);
    assert!(!carry, "κ + p < 2^255: it always fits 256 bits");
    let mut forged = bytes.clone();
    let at = forged.len() - 32;
    forged[at..].copy_from_slice(&shifted.to_bytes_le());
    assert!(matches!(
        ZkProof::from_bytes(&forged),
        Err(HyraxError::Malformed(_) | HyraxError::NonCanonical { .. })
    ));
}

/// No known relation between `G₀`, `H` and the generators: none of them equals another or its
/// negation (what a coinciding or negated base would give a forger: a commitment opened two
/// ways).
#[test]
fn the_zero_knowledge_bases_are_independent_of_the_generators() {
    let p = params();
    let (g0, h) = (p.value_base(), p.blinding_base());
    let mut points: Vec<spazk_hyrax::G1Affine> = p.generators().to_vec();
    points.extend([g0, h]);
    let mut xs: Vec<_> = points.iter().map(|q| q.x).collect();
    xs.sort();
    xs.dedup();
    // Equal x-coordinates are exactly "equal or negated".
    assert_eq!(xs.len(), points.len());
}
