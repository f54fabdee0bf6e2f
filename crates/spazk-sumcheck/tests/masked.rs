//! The masked sumcheck on the product instance, with hiding in the clear: honest proofs satisfy
//! every relation, and each tampering breaks exactly the check it should.

use ark_bn254::Fr;
use ark_ff::{One, UniformRand};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use spazk_sumcheck::hidden::clear::{ClearCheckError, ClearProver, ClearVerifier, Revealed};
use spazk_sumcheck::hidden::{Claim, HidingProver, HidingVerifier};
use spazk_sumcheck::{
    mask_len, prove_masked_sumcheck, verify_masked_sumcheck, ProductInstance, SumcheckError,
    SumcheckProof,
};
use spazk_transcript::Transcript;

const VARS: usize = 5;

fn random_vec(rng: &mut StdRng, n: usize) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

/// Proves `Σ f·g = S` with `S` hidden as a scalar, then requires the final `f(r)·g(r)` with
/// both factors hidden. Returns the proof and what the clear verifier reads.
fn prove(seed: u64) -> (SumcheckProof<Fr>, Revealed<Fr>) {
    prove_shifted(seed, Fr::from(0u64))
}

/// [`prove`] with the hidden sum moved by `shift` (the rounds stay the honest ones).
fn prove_shifted(seed: u64, shift: Fr) -> (SumcheckProof<Fr>, Revealed<Fr>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let f = random_vec(&mut rng, 1 << VARS);
    let g = random_vec(&mut rng, 1 << VARS);
    let sum: Fr = f.iter().zip(&g).map(|(a, b)| *a * b).sum();
    let mut prover = ClearProver::new(random_vec(&mut rng, mask_len(VARS, 2)));
    let mut transcript = Transcript::new(b"masked-test");
    let s = prover.hide_scalar(sum + shift, &mut transcript);
    let mut instance = ProductInstance::new(f, g);
    let (proof, sub_claim, h_value) = prove_masked_sumcheck(
        &mut instance,
        &Claim::hidden(s),
        sum,
        &mut prover,
        &mut transcript,
    );
    let (fr, gr) = instance.final_values();
    assert_eq!(h_value, fr * gr);
    let hf = prover.hide_scalar(fr, &mut transcript);
    let hg = prover.hide_scalar(gr, &mut transcript);
    let product = Claim::hidden(hf).product(&Claim::hidden(hg));
    prover.relations().require_zero(product - sub_claim.value);
    (proof, prover.reveal())
}

fn verify(proof: &SumcheckProof<Fr>, revealed: Revealed<Fr>) -> Result<(), String> {
    let mut verifier = ClearVerifier::new(revealed);
    let mut transcript = Transcript::new(b"masked-test");
    let s = verifier
        .receive_scalar(&mut transcript)
        .map_err(|e| e.to_string())?;
    let sub_claim = verify_masked_sumcheck(
        proof,
        &Claim::hidden(s),
        VARS,
        2,
        &mut verifier,
        &mut transcript,
    )
    .map_err(|e| format!("{e:?}"))?;
    let hf = verifier
        .receive_scalar(&mut transcript)
        .map_err(|e| e.to_string())?;
    let hg = verifier
        .receive_scalar(&mut transcript)
        .map_err(|e| e.to_string())?;
    let product = Claim::hidden(hf).product(&Claim::hidden(hg));
    verifier.relations().require_zero(product - sub_claim.value);
    verifier.check().map_err(|e| format!("{e:?}"))
}

#[test]
fn honest_masked_sumcheck_satisfies_every_relation() {
    let (proof, revealed) = prove(1);
    assert_eq!(verify(&proof, revealed), Ok(()));
}

#[test]
fn tampered_later_round_fails_in_the_clear() {
    let (mut proof, revealed) = prove(2);
    proof.round_polynomials[2].evaluations[0] += Fr::one();
    assert_eq!(
        verify(&proof, revealed),
        Err(format!(
            "{:?}",
            SumcheckError::RoundSumMismatch { round: 2 }
        ))
    );
}

#[test]
fn tampered_first_round_breaks_the_first_relation() {
    let (mut proof, revealed) = prove(3);
    // Round 0's sum is deferred; the change also moves every later challenge, so keep it
    // consistent by shifting both values (the sum moves by 2·δ, the point evaluation stays
    // a line through them).
    proof.round_polynomials[0].evaluations[0] += Fr::one();
    let err = verify(&proof, revealed).unwrap_err();
    // Round 1 now disagrees with round 0's value at the new challenge, or the first relation
    // fails: either way the proof is rejected.
    assert!(
        err == format!("{:?}", SumcheckError::RoundSumMismatch { round: 1 })
            || err == format!("{:?}", ClearCheckError::Unsatisfied(0)),
        "{err}"
    );
}

#[test]
fn wrong_hidden_sum_breaks_the_first_relation() {
    let (proof, revealed) = prove_shifted(4, Fr::one());
    assert_eq!(
        verify(&proof, revealed),
        Err(format!("{:?}", ClearCheckError::Unsatisfied(0)))
    );
}

#[test]
fn wrong_final_factor_breaks_the_final_relation() {
    let (proof, mut revealed) = prove(5);
    revealed.witnesses[1][1] += Fr::one();
    assert_eq!(
        verify(&proof, revealed),
        Err(format!("{:?}", ClearCheckError::Unsatisfied(1)))
    );
}

#[test]
fn wrong_mask_breaks_a_relation() {
    let (proof, mut revealed) = prove(6);
    revealed.witnesses[0][3] += Fr::one();
    assert!(verify(&proof, revealed).is_err());
}
