//! One small zero-knowledge protocol run end to end over hiding commitments, shared by the
//! zero-knowledge tests: a masked sumcheck `Σ f·g = S` with `S` hidden, whose final value is
//! `f(r)·g(r)` from a batched opening of the hiding commitments to `f` (8-bit values, an
//! all-zero row) and `g` (32-bit values); a single opening of a field table `t` whose value is
//! also sent as a hidden scalar and related to it; and a ternary weight matrix opened through
//! the hiding weight traits, related to a hidden scalar too. Degree-2 and linear relations,
//! scalars, a mask, single and batched openings.
#![allow(dead_code)]

use ark_std::rand::{rngs::StdRng, SeedableRng};
use ark_std::UniformRand;
use spazk_field::{eq_table, evaluate_mle, Fr};
use spazk_hyrax::zk::{
    BlindedCommitment, HidingCommittedMatrix, HidingMatrixCommitment, OpeningColumn, ZkProof,
    ZkProver, ZkVerifier,
};
use spazk_hyrax::{
    opening_vector, opening_vector_small, HyraxCommitment, HyraxError, HyraxParams, Layout,
};
use spazk_matrix::{Matrix, MatrixShape, TernaryMatrix};
use spazk_sumcheck::hidden::{Claim, HiddenError, HidingProver, HidingVerifier};
use spazk_sumcheck::{
    mask_len, prove_masked_sumcheck, verify_masked_sumcheck, HidingWeightOracle,
    HidingWeightProver, ProductInstance, SumcheckError, SumcheckProof,
};
use spazk_transcript::Transcript;

/// Variables of `f`, `g` (and of `t`).
pub const VARS: usize = 6;
/// Degree of the product sumcheck's round polynomials.
const DEGREE: usize = 2;
const PROTOCOL: &[u8] = b"spazk-hyrax-zk-fixture";

/// The parameters every zero-knowledge test uses.
pub fn params() -> &'static HyraxParams {
    static PARAMS: std::sync::OnceLock<HyraxParams> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| HyraxParams::derive(b"spazk-hyrax-zk-tests", 64))
}

/// What the verifier knows.
pub struct Statement {
    /// The mask's length.
    pub mask_len: usize,
    /// Hiding commitments to `f`, `g`, `t`.
    pub f: HyraxCommitment,
    /// `g`.
    pub g: HyraxCommitment,
    /// `t`.
    pub t: HyraxCommitment,
    /// The weight matrix's shape.
    pub shape: MatrixShape,
    /// Its hiding commitment.
    pub matrix: HyraxCommitment,
}

/// What the prover knows.
pub struct Witness {
    /// `f`'s values (row 0 all zero).
    pub f: Vec<u8>,
    /// `g`'s values.
    pub g: Vec<u32>,
    /// `t`'s values.
    pub t: Vec<Fr>,
    /// Commitments with blinds.
    pub f_blinded: BlindedCommitment,
    /// `g`'s.
    pub g_blinded: BlindedCommitment,
    /// `t`'s.
    pub t_blinded: BlindedCommitment,
    /// The hiding weight matrix.
    pub matrix: HidingCommittedMatrix<TernaryMatrix>,
}

/// The layout of `f`, `g`, `t`.
pub fn layout() -> Layout {
    Layout::balanced(VARS as u32)
}

/// Random data and its hiding commitments, all from `seed`.
pub fn setup(seed: u64) -> (Statement, Witness) {
    let mut rng = StdRng::seed_from_u64(seed);
    let n = 1 << VARS;
    let mut f: Vec<u8> = (0..n).map(|_| u8::rand(&mut rng)).collect();
    let cols = layout().cols();
    f[..cols].fill(0);
    let g: Vec<u32> = (0..n).map(|_| u32::rand(&mut rng)).collect();
    let t: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
    let f_blinded = BlindedCommitment::commit(&f[..], params(), layout(), &mut rng).unwrap();
    let g_blinded = BlindedCommitment::commit(&g[..], params(), layout(), &mut rng).unwrap();
    let t_blinded = BlindedCommitment::commit(&t[..], params(), layout(), &mut rng).unwrap();
    let shape = MatrixShape::new(12, 20);
    let ternary = TernaryMatrix::random(shape, 0.4, seed).unwrap();
    let matrix = HidingCommittedMatrix::commit(ternary, params(), &mut rng).unwrap();
    let statement = Statement {
        mask_len: mask_len(VARS, DEGREE),
        f: f_blinded.commitment.clone(),
        g: g_blinded.commitment.clone(),
        t: t_blinded.commitment.clone(),
        shape,
        matrix: matrix.commitment().clone(),
    };
    let witness = Witness {
        f,
        g,
        t,
        f_blinded,
        g_blinded,
        t_blinded,
        matrix,
    };
    (statement, witness)
}

/// A proof of the fixture's protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proof {
    /// The masked sumcheck's rounds.
    pub sumcheck: SumcheckProof<Fr>,
    /// The commitment side.
    pub zk: ZkProof,
}

/// How the prover cheats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cheat {
    /// Honest.
    None,
    /// Sends `t(r₂) + 1` as the hidden scalar that must equal `t`'s opening (`k₀ ≠ 0`), with
    /// the prover's self-check off.
    WrongScalar,
    /// The same lie, the self-check left on (it panics under `debug_assertions`).
    WrongScalarSelfChecked,
}

fn statement_transcript(statement: &Statement) -> Transcript {
    let mut transcript = Transcript::new(PROTOCOL);
    for c in [&statement.f, &statement.g, &statement.t] {
        c.absorb_into(b"table", &mut transcript);
    }
    transcript
}

fn to_field(values: impl IntoIterator<Item = u64>) -> Vec<Fr> {
    values.into_iter().map(Fr::from).collect()
}

/// Runs the prover up to the final Σ-protocol: returns the context, the transcript and the
/// sumcheck's rounds.
pub fn run_prover<'p>(
    statement: &Statement,
    witness: &Witness,
    params: &'p HyraxParams,
    rng: StdRng,
    cheat: Cheat,
) -> (ZkProver<'p, StdRng>, Transcript, SumcheckProof<Fr>) {
    let mut prover = ZkProver::new(params, statement.mask_len, rng).unwrap();
    if cheat == Cheat::WrongScalar {
        prover.skip_self_check();
    }
    let mut transcript = statement_transcript(statement);
    prover.absorb_mask_commitment(&mut transcript);
    HidingWeightProver::<Fr, ZkProver<'p, StdRng>>::absorb_identity(
        &witness.matrix,
        &mut transcript,
    );

    // Σ f·g = S, S hidden.
    let f = to_field(witness.f.iter().map(|v| *v as u64));
    let g = to_field(witness.g.iter().map(|v| *v as u64));
    let sum: Fr = f.iter().zip(&g).map(|(a, b)| *a * b).sum();
    let s = prover.hide_scalar(sum, &mut transcript);
    let mut instance = ProductInstance::new(f.clone(), g.clone());
    let (sumcheck, sub_claim, _) = prove_masked_sumcheck(
        &mut instance,
        &Claim::hidden(s),
        sum,
        &mut prover,
        &mut transcript,
    );
    let (fr, gr) = instance.final_values();
    let point = sub_claim.point.clone();
    assert_eq!(evaluate_mle(&f, &point), Some(fr), "point order");

    // f(r), g(r) by one batched opening.
    let row_weights = eq_table(&point[layout().col_vars as usize..]);
    let small = |v: &[u32]| opening_vector_small(v, layout(), &row_weights);
    let f_u = small(&witness.f.iter().map(|v| *v as u32).collect::<Vec<_>>());
    let g_u = small(&witness.g);
    let handles = prover.open(
        &[
            OpeningColumn {
                commitment: &witness.f_blinded,
                opening: &f_u,
            },
            OpeningColumn {
                commitment: &witness.g_blinded,
                opening: &g_u,
            },
        ],
        &point,
        &mut transcript,
    );
    let product = Claim::hidden(handles[0]).product(&Claim::hidden(handles[1]));
    prover.relations().require_zero(product - sub_claim.value);
    assert_eq!(evaluate_mle(&g, &point), Some(gr));

    // t at a fresh point: one opening, and the same value as a hidden scalar.
    let t_point: Vec<Fr> = transcript.challenge_fields(b"t-point", VARS);
    let t_row_weights = eq_table(&t_point[layout().col_vars as usize..]);
    let t_u = opening_vector(&witness.t, layout(), &t_row_weights);
    let opened = prover.open(
        &[OpeningColumn {
            commitment: &witness.t_blinded,
            opening: &t_u,
        }],
        &t_point,
        &mut transcript,
    );
    let mut t_value = evaluate_mle(&witness.t, &t_point).unwrap();
    if cheat != Cheat::None {
        t_value += Fr::from(1u64);
    }
    let sent = prover.hide_scalar(t_value, &mut transcript);
    prover
        .relations()
        .require_equal(Claim::hidden(opened[0]), Claim::hidden(sent));

    // W̃(r_y, r_x) through the hiding weight traits, equal to a hidden scalar.
    let shape = statement.shape;
    let row_point: Vec<Fr> = transcript.challenge_fields(b"w-row", shape.row_vars());
    let col_point: Vec<Fr> = transcript.challenge_fields(b"w-col", shape.col_vars());
    let matrix: &TernaryMatrix =
        HidingWeightProver::<Fr, ZkProver<'p, StdRng>>::matrix(&witness.matrix);
    let folded = Matrix::<Fr>::fold_rows(matrix, &eq_table(&row_point));
    let w = witness.matrix.evaluation(
        &row_point,
        &col_point,
        &folded,
        &mut prover,
        &mut transcript,
    );
    let w_value = Matrix::<Fr>::evaluate(matrix, &row_point, &col_point).unwrap();
    let w_sent = prover.hide_scalar(w_value, &mut transcript);
    prover.relations().require_equal(w, Claim::hidden(w_sent));
    (prover, transcript, sumcheck)
}

/// A whole proof, every secret drawn from `seed`.
pub fn prove(statement: &Statement, witness: &Witness, seed: u64, cheat: Cheat) -> Proof {
    let rng = StdRng::seed_from_u64(seed);
    let (prover, mut transcript, sumcheck) = run_prover(statement, witness, params(), rng, cheat);
    let zk = prover.finish(&mut transcript);
    Proof { sumcheck, zk }
}

/// Why the fixture's verifier rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// The masked sumcheck's clear checks.
    Sumcheck(SumcheckError),
    /// The commitment layer.
    Hyrax(HyraxError),
}

impl From<HiddenError> for Rejected {
    fn from(HiddenError::MissingScalar { found }: HiddenError) -> Self {
        Rejected::Hyrax(HyraxError::MissingScalar { found })
    }
}

impl From<HyraxError> for Rejected {
    fn from(error: HyraxError) -> Self {
        Rejected::Hyrax(error)
    }
}

/// Runs the verifier up to the final Σ-protocol.
pub fn run_verifier<'a>(
    statement: &'a Statement,
    proof: &'a Proof,
) -> Result<(ZkVerifier<'a>, Transcript), Rejected> {
    run_verifier_opening_t_as(statement, proof, &statement.t)
}

/// [`run_verifier`], opening `t_opened` where the protocol opens `t` (the statement still
/// absorbs `t`): an opening against another commitment.
pub fn run_verifier_opening_t_as<'a>(
    statement: &'a Statement,
    proof: &'a Proof,
    t_opened: &'a HyraxCommitment,
) -> Result<(ZkVerifier<'a>, Transcript), Rejected> {
    let params = params();
    let mut verifier = ZkVerifier::new(params, statement.mask_len, &proof.zk)?;
    let mut transcript = statement_transcript(statement);
    verifier.absorb_mask_commitment(&mut transcript);
    let matrix = HidingMatrixCommitment::new(statement.shape, &statement.matrix, params)?;
    HidingWeightOracle::absorb_identity(&matrix, &mut transcript);

    let s = verifier.receive_scalar(&mut transcript)?;
    let sub_claim = verify_masked_sumcheck(
        &proof.sumcheck,
        &Claim::hidden(s),
        VARS,
        DEGREE,
        &mut verifier,
        &mut transcript,
    )
    .map_err(Rejected::Sumcheck)?;
    let handles = verifier.open(
        &[&statement.f, &statement.g],
        &sub_claim.point,
        &mut transcript,
    )?;
    let product = Claim::hidden(handles[0]).product(&Claim::hidden(handles[1]));
    verifier.relations().require_zero(product - sub_claim.value);

    let t_point: Vec<Fr> = transcript.challenge_fields(b"t-point", VARS);
    let opened = verifier.open(&[t_opened], &t_point, &mut transcript)?;
    let sent = verifier.receive_scalar(&mut transcript)?;
    verifier
        .relations()
        .require_equal(Claim::hidden(opened[0]), Claim::hidden(sent));

    let row_point: Vec<Fr> = transcript.challenge_fields(b"w-row", statement.shape.row_vars());
    let col_point: Vec<Fr> = transcript.challenge_fields(b"w-col", statement.shape.col_vars());
    let w = matrix.evaluation(&row_point, &col_point, &mut verifier, &mut transcript)?;
    let w_sent = verifier.receive_scalar(&mut transcript)?;
    verifier.relations().require_equal(w, Claim::hidden(w_sent));
    Ok((verifier, transcript))
}

/// Verifies a whole proof.
pub fn verify(statement: &Statement, proof: &Proof) -> Result<(), Rejected> {
    let (verifier, mut transcript) = run_verifier(statement, proof)?;
    verifier.finish(&mut transcript)?;
    Ok(())
}
