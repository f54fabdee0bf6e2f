//! The final Σ-protocol in its interactive form (explicit `γ` and `e`): a simulator that knows
//! no witness produces accepted transcripts (honest-verifier zero knowledge), and three accepting
//! transcripts with one first message give back every witness, at which every relation holds
//! (3-special soundness).

use ark_bn254::{G1Affine, G1Projective};
use ark_ec::{CurveGroup, VariableBaseMSM};
use ark_ff::{Field, One, Zero};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use ark_std::UniformRand;
use spazk_field::Fr;
use spazk_hyrax::zk::{SigmaCommitments, SigmaResponses, ZkProof, ZkProver};
use spazk_hyrax::HyraxError;
use spazk_sumcheck::hidden::{HidingVerifier, Relations};
use spazk_sumcheck::SumcheckProof;

mod zk_fixture;
use zk_fixture::{params, prove, run_prover, run_verifier, setup, Cheat, Proof};

fn random_vec(rng: &mut StdRng, n: usize) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

/// `R(z, s) = Σ_r γ^r·R_r` at the responses, as the verifier computes it.
fn relation_at(relations: &Relations<Fr>, gamma: Fr, vectors: &[Vec<Fr>], scalars: &[Fr]) -> Fr {
    let used = relations.mask_len();
    let mut witnesses: Vec<&[Fr]> = vec![&vectors[0][..used], scalars];
    witnesses.extend(vectors[1..].iter().map(Vec::as_slice));
    let values = relations.evaluate_forms(&witnesses).unwrap();
    relations.combined(gamma, &values)
}

/// `⟨v, G⟩ + b·H`.
fn pedersen(v: &[Fr], b: Fr) -> G1Projective {
    let p = params();
    G1Projective::msm(&p.generators()[..v.len()], v).unwrap() + p.blinding_base() * b
}

/// `y·G₀ + b·H`.
fn scalar_commitment(y: Fr, b: Fr) -> G1Projective {
    let p = params();
    p.value_base() * y + p.blinding_base() * b
}

/// The envelope the verifier reads `C_M`, the `X_j` and the masked rounds from, around an
/// interactive transcript of `prover`.
fn envelope<R>(
    prover: &ZkProver<'_, R>,
    sumcheck: &SumcheckProof<Fr>,
    first: &SigmaCommitments,
    responses: &SigmaResponses,
) -> Proof
where
    R: ark_std::rand::RngCore + ark_std::rand::CryptoRng,
{
    Proof {
        sumcheck: sumcheck.clone(),
        zk: ZkProof {
            mask_commitment: prover.mask_commitment(),
            scalar_commitments: prover.scalar_commitments().to_vec(),
            commitments: first.clone(),
            responses: responses.clone(),
        },
    }
}

#[test]
fn the_simulator_is_accepted_without_a_witness() {
    let (statement, witness) = setup(31);
    // The statement-side messages (C_M, X_j, the masked rounds) are hiding commitments and
    // uniform rounds; the simulator replaces the Σ-protocol, the part that proves knowledge.
    let proof = prove(&statement, &witness, 32, Cheat::None);
    let simulate = |rng: &mut StdRng, break_k1: bool| {
        let (mut verifier, _) = run_verifier(&statement, &proof).unwrap();
        let relations = verifier.relations().clone();
        let (vector_commitments, scalar_commitments) = verifier.witness_commitments();
        let (gamma, e) = (Fr::rand(rng), Fr::rand(rng));
        let e_inv = e.inverse().unwrap();
        let lens = relations.witness_lens();
        let mut vector_lens = vec![verifier.mask_len()];
        vector_lens.extend(&lens[2..]);
        let scalars = relations.scalar_count();
        let responses = SigmaResponses {
            scalars: random_vec(rng, scalars),
            scalar_blinds: random_vec(rng, scalars),
            vectors: vector_lens.iter().map(|n| random_vec(rng, *n)).collect(),
            vector_blinds: random_vec(rng, vector_lens.len()),
            kappa: Fr::rand(rng),
        };
        // Solve the first message from the responses: D_k, A_j, then K̂₁ given a random K̂₂.
        let vector_nonces: Vec<G1Projective> = responses
            .vectors
            .iter()
            .zip(&responses.vector_blinds)
            .zip(&vector_commitments)
            .map(|((z, zeta), com)| (pedersen(z, *zeta) - com) * e_inv)
            .collect();
        let scalar_nonces: Vec<G1Projective> = responses
            .scalars
            .iter()
            .zip(&responses.scalar_blinds)
            .zip(&scalar_commitments)
            .map(|((s, sigma), x)| (scalar_commitment(*s, *sigma) - x) * e_inv)
            .collect();
        let k2 = scalar_commitment(Fr::rand(rng), Fr::rand(rng));
        let r = relation_at(&relations, gamma, &responses.vectors, &responses.scalars);
        let mut k1 = (scalar_commitment(r, responses.kappa) - k2 * (e * e)) * e_inv;
        if break_k1 {
            k1 += params().value_base();
        }
        let first = SigmaCommitments {
            scalar_nonces: G1Projective::normalize_batch(&scalar_nonces),
            vector_nonces: G1Projective::normalize_batch(&vector_nonces),
            k1: k1.into_affine(),
            k2: k2.into_affine(),
        };
        verifier.check_interactive(gamma, &first, e, &responses)
    };
    let mut rng = StdRng::seed_from_u64(33);
    for _ in 0..3 {
        assert_eq!(simulate(&mut rng, false), Ok(()));
    }
    // Control: the solved equations are what the verifier checks.
    assert_eq!(simulate(&mut rng, true), Err(HyraxError::SigmaCheckFailed));
}

/// `(x − y)/(a − b)` entrywise.
fn slope(x: &[Fr], y: &[Fr], a: Fr, b: Fr) -> Vec<Fr> {
    let inv = (a - b).inverse().unwrap();
    x.iter().zip(y).map(|(x, y)| (*x - y) * inv).collect()
}

/// `z − e·d` entrywise.
fn intercept(z: &[Fr], d: &[Fr], e: Fr) -> Vec<Fr> {
    z.iter().zip(d).map(|(z, d)| *z - e * d).collect()
}

#[test]
fn three_transcripts_extract_a_witness_satisfying_every_relation() {
    let seed = 41;
    let (statement, witness) = setup(seed);
    let rng = StdRng::seed_from_u64(42);
    let (mut prover, _, sumcheck) = run_prover(&statement, &witness, params(), rng, Cheat::None);
    let mut rng = StdRng::seed_from_u64(43);
    let gamma = Fr::rand(&mut rng);
    let (first, nonces) = prover.interactive_first_message(gamma);
    let es = [Fr::rand(&mut rng), Fr::rand(&mut rng), Fr::rand(&mut rng)];
    let transcripts: Vec<SigmaResponses> = es
        .iter()
        .map(|e| prover.interactive_respond(&nonces, *e))
        .collect();

    // Each is accepted, against the prover's own C_M and X_j.
    let mut relations = None;
    let mut commitments = None;
    for (e, responses) in es.iter().zip(&transcripts) {
        let proof = envelope(&prover, &sumcheck, &first, responses);
        let (mut verifier, _) = run_verifier(&statement, &proof).unwrap();
        relations = Some(verifier.relations().clone());
        commitments = Some(verifier.witness_commitments());
        assert_eq!(
            verifier.check_interactive(gamma, &first, *e, responses),
            Ok(())
        );
    }
    let relations = relations.unwrap();
    let (vector_commitments, x): (Vec<G1Projective>, Vec<G1Affine>) = commitments.unwrap();

    // Two transcripts give the nonce and the witness; the third agrees with them.
    let (a, b, c) = (&transcripts[0], &transcripts[1], &transcripts[2]);
    let d_vectors: Vec<Vec<Fr>> = a
        .vectors
        .iter()
        .zip(&b.vectors)
        .map(|(x, y)| slope(x, y, es[0], es[1]))
        .collect();
    let w_vectors: Vec<Vec<Fr>> = a
        .vectors
        .iter()
        .zip(&d_vectors)
        .map(|(z, d)| intercept(z, d, es[0]))
        .collect();
    let d_blinds = slope(&a.vector_blinds, &b.vector_blinds, es[0], es[1]);
    let w_blinds = intercept(&a.vector_blinds, &d_blinds, es[0]);
    let t = slope(&a.scalars, &b.scalars, es[0], es[1]);
    let y = intercept(&a.scalars, &t, es[0]);
    let tau = slope(&a.scalar_blinds, &b.scalar_blinds, es[0], es[1]);
    let blinds = intercept(&a.scalar_blinds, &tau, es[0]);
    for (k, (w, d)) in w_vectors.iter().zip(&d_vectors).enumerate() {
        let shifted: Vec<Fr> = w.iter().zip(d).map(|(w, d)| *w + es[2] * d).collect();
        assert_eq!(shifted, c.vectors[k]);
    }

    // The extracted witness opens every commitment: C_M, each T_k, each X_j …
    for (k, (w, beta)) in w_vectors.iter().zip(&w_blinds).enumerate() {
        assert_eq!(
            pedersen(w, *beta),
            vector_commitments[k],
            "witness vector {k}"
        );
        assert_eq!(w.as_slice(), prover.vector_witness(k));
    }
    for (j, (y, b)) in y.iter().zip(&blinds).enumerate() {
        assert_eq!(scalar_commitment(*y, *b), x[j], "scalar {j}");
    }
    assert_eq!(y, prover.scalar_values());
    // … and satisfies every relation.
    let used = relations.mask_len();
    let mut witnesses: Vec<&[Fr]> = vec![&w_vectors[0][..used], &y];
    witnesses.extend(w_vectors[1..].iter().map(Vec::as_slice));
    let values = relations.evaluate_forms(&witnesses).unwrap();
    assert_eq!(relations.first_unsatisfied(&values), None);
    assert!(!relations.relations().is_empty());

    // The three values R(z_i) lie on a quadratic in e whose constant term is R(w) = 0.
    let r: Vec<Fr> = transcripts
        .iter()
        .map(|t| relation_at(&relations, gamma, &t.vectors, &t.scalars))
        .collect();
    let at_zero: Fr = (0..3)
        .map(|i| {
            let mut weight = Fr::one();
            for j in (0..3).filter(|j| *j != i) {
                weight *= es[j] * (es[j] - es[i]).inverse().unwrap();
            }
            r[i] * weight
        })
        .sum();
    assert!(at_zero.is_zero());
}

#[test]
fn a_cheating_prover_cannot_answer() {
    let seed = 51;
    let (statement, witness) = setup(seed);
    let rng = StdRng::seed_from_u64(52);
    let (mut prover, _, sumcheck) =
        run_prover(&statement, &witness, params(), rng, Cheat::WrongScalar);
    let mut rng = StdRng::seed_from_u64(53);
    let gamma = Fr::rand(&mut rng);
    let (first, nonces) = prover.interactive_first_message(gamma);
    let e = Fr::rand(&mut rng);
    let responses = prover.interactive_respond(&nonces, e);
    let proof = envelope(&prover, &sumcheck, &first, &responses);
    let (verifier, _) = run_verifier(&statement, &proof).unwrap();
    assert_eq!(
        verifier.check_interactive(gamma, &first, e, &responses),
        Err(HyraxError::SigmaCheckFailed)
    );
}
