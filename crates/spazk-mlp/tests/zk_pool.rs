//! Zero-knowledge proofs with input-independent randomness computed ahead ([`NoncePool`]):
//! pooled proofs verify whatever the pool holds (all of the demand, part of it, nothing); an
//! empty pool changes nothing (same bytes as the plain prover from the same seed); every pooled
//! entry serves one proof (the pool is empty after a proof of the demand it was filled with, and
//! two proofs from two fills share no nonce commitment); a pool made under other parameters is
//! refused; advice and private-input rows take pooled blinds. All randomness is seeded.

use ark_ec::AffineRepr;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use spazk_activation::HiddenActivationProof;
use spazk_hyrax::zk::{NonceDemand, NoncePool};
use spazk_hyrax::{HyraxCommitment, HyraxError, HyraxParams};
use spazk_mlp::{
    prove_hidden_inference, prove_hidden_inference_pooled, verify_hidden_inference,
    HiddenInferenceProof, HiddenStatement, HidingOptions, InputVisibility, MlpError, Model,
    ProvingKey, StatementInput,
};
use std::collections::HashSet;

/// A key for a model with one hidden layer (an activation, its lookup and zero-check) and its
/// inputs.
fn setup() -> (ProvingKey, Vec<Vec<u8>>) {
    let model = Model::random(&[12, 8, 6], 0.5, 1).unwrap();
    let mut rng = StdRng::seed_from_u64(2);
    let (key, _) = ProvingKey::commit_hiding(model, &HidingOptions::new(10), 2, &mut rng).unwrap();
    let inputs = (0..2)
        .map(|_| (0..12).map(|_| rng.gen()).collect())
        .collect();
    (key, inputs)
}

fn prove(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
    pool: &mut NoncePool,
    seed: u64,
) -> (Vec<Vec<i64>>, HiddenInferenceProof) {
    let proved = prove_hidden_inference_pooled(
        key,
        inputs,
        InputVisibility::Public,
        pool,
        &mut StdRng::seed_from_u64(seed),
    )
    .unwrap();
    (proved.outputs, proved.proof)
}

fn verify(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
    outputs: &[Vec<i64>],
    proof: &HiddenInferenceProof,
) {
    let statement = HiddenStatement {
        input: StatementInput::Public(inputs),
        outputs,
    };
    verify_hidden_inference(&key.verifying_key(), statement, proof).unwrap();
}

/// What a proof of the fixture takes, recorded by a proof with an empty pool.
fn demand(key: &ProvingKey, inputs: &[Vec<u8>]) -> NonceDemand {
    let mut pool = NoncePool::new();
    prove(key, inputs, &mut pool, 3);
    let demand = pool.last_demand().clone();
    assert!(!demand.masks.is_empty() && !demand.vectors.is_empty());
    assert!(demand.scalars > 0 && demand.blinds >= demand.scalars);
    demand
}

#[test]
fn pooled_proofs_verify_with_a_full_partial_or_empty_pool() {
    let (key, inputs) = setup();
    let demand = demand(&key, &inputs);
    let params = key.params_for(inputs.len());
    let mut fill_rng = StdRng::seed_from_u64(4);

    let mut full = NoncePool::new();
    full.fill(&params, &demand, &mut fill_rng);
    assert_eq!(full.missing(&demand), NonceDemand::default());
    let (outputs, proof) = prove(&key, &inputs, &mut full, 5);
    verify(&key, &inputs, &outputs, &proof);
    assert_eq!(full.last_demand(), &demand, "the same shapes take the same");

    // Half of every kind: the rest is computed on the spot.
    let half = NonceDemand {
        masks: Vec::new(),
        vectors: demand.vectors[..demand.vectors.len() / 2].to_vec(),
        scalars: demand.scalars / 2,
        blinds: demand.blinds / 2,
        row_blinds: demand.row_blinds / 2,
    };
    let mut partial = NoncePool::new();
    partial.fill(&params, &half, &mut fill_rng);
    let (outputs, proof) = prove(&key, &inputs, &mut partial, 6);
    verify(&key, &inputs, &outputs, &proof);
    assert!(partial.is_empty());

    let (outputs, proof) = prove(&key, &inputs, &mut NoncePool::new(), 7);
    verify(&key, &inputs, &outputs, &proof);
}

#[test]
fn an_empty_pool_changes_nothing() {
    let (key, inputs) = setup();
    let plain = prove_hidden_inference(
        &key,
        &inputs,
        InputVisibility::Public,
        &mut StdRng::seed_from_u64(8),
    )
    .unwrap();
    let (_, pooled) = prove(&key, &inputs, &mut NoncePool::new(), 8);
    assert_eq!(plain.proof.to_bytes(), pooled.to_bytes());
}

#[test]
fn every_pooled_entry_serves_one_proof() {
    let (key, inputs) = setup();
    let demand = demand(&key, &inputs);
    let params = key.params_for(inputs.len());
    let mut pool = NoncePool::new();
    let mut fill_rng = StdRng::seed_from_u64(9);
    pool.fill(&params, &demand, &mut fill_rng);
    let (_, first) = prove(&key, &inputs, &mut pool, 10);
    assert!(
        pool.is_empty(),
        "a proof takes everything its demand filled"
    );
    assert_eq!(pool.missing(&demand), demand);

    // Refilled (with the same fill randomness stream continuing): nothing of the first proof's
    // first message comes back, even from a prover whose own randomness repeats.
    pool.refill(&params, &mut fill_rng);
    let (outputs, second) = prove(&key, &inputs, &mut pool, 10);
    verify(&key, &inputs, &outputs, &second);
    let points = |p: &HiddenInferenceProof| -> HashSet<Vec<u8>> {
        let first = &p.zk.commitments;
        first
            .vector_nonces
            .iter()
            .chain(&first.scalar_nonces)
            .chain([&p.zk.mask_commitment])
            .chain(&p.zk.scalar_commitments)
            .map(|point| point.to_string().into_bytes())
            .collect()
    };
    let (a, b) = (points(&first), points(&second));
    assert!(
        a.is_disjoint(&b),
        "a pooled nonce, mask or blind was reused"
    );
}

#[test]
fn a_pool_made_under_other_parameters_is_refused() {
    let (key, inputs) = setup();
    let demand = demand(&key, &inputs);
    let other = HyraxParams::derive(b"other-seed", 64);
    let mut pool = NoncePool::new();
    pool.fill(&other, &demand, &mut StdRng::seed_from_u64(11));
    let refused = prove_hidden_inference_pooled(
        &key,
        &inputs,
        InputVisibility::Public,
        &mut pool,
        &mut StdRng::seed_from_u64(12),
    );
    assert!(matches!(
        refused,
        Err(MlpError::Commitment(HyraxError::GeneratorMismatch))
    ));
}

/// Every row of every advice commitment (activation columns, limbs, multiplicities), encoded.
fn advice_rows(proof: &HiddenInferenceProof) -> Vec<Vec<u8>> {
    let commitments: Vec<&HyraxCommitment> = proof
        .activations
        .iter()
        .flat_map(|a| match a {
            HiddenActivationProof::Limbs(p) => [&p.sign_commitment, &p.saturation_commitment]
                .into_iter()
                .chain(&p.limb_commitments)
                .chain([&p.multiplicity_commitment])
                .collect::<Vec<_>>(),
            HiddenActivationProof::Pairs(p) => vec![
                &p.quotient_commitment,
                &p.remainder_commitment,
                &p.output_commitment,
                &p.multiplicity_commitment,
            ],
        })
        .collect();
    commitments
        .iter()
        .flat_map(|c| &c.rows)
        .map(|row| row.to_string().into_bytes())
        .collect()
}

#[test]
fn pooled_advice_blinds_verify_and_serve_one_proof() {
    let (key, inputs) = setup();
    let demand = demand(&key, &inputs);
    assert!(
        demand.row_blinds > 0,
        "the advice rows' blinds are recorded"
    );
    let params = key.params_for(inputs.len());
    // Row blinds only: every other secret comes from the prover's rng, which repeats below.
    let rows_only = NonceDemand {
        row_blinds: demand.row_blinds,
        ..NonceDemand::default()
    };
    let mut fill_rng = StdRng::seed_from_u64(13);
    let mut pool = NoncePool::new();
    pool.fill(&params, &rows_only, &mut fill_rng);
    let (outputs, first) = prove(&key, &inputs, &mut pool, 14);
    verify(&key, &inputs, &outputs, &first);
    assert!(pool.is_empty(), "every pooled row blind was taken");
    assert_eq!(pool.last_demand().row_blinds, demand.row_blinds);

    // The same prover seed with a bare rng commits the advice rows identically: the advice is
    // a function of the input and the blinds only (this is what makes the check below bite).
    let (_, plain_a) = prove(&key, &inputs, &mut NoncePool::new(), 14);
    let (_, plain_b) = prove(&key, &inputs, &mut NoncePool::new(), 14);
    assert_eq!(advice_rows(&plain_a), advice_rows(&plain_b));

    pool.refill(&params, &mut fill_rng);
    assert_eq!(pool.missing(&rows_only), NonceDemand::default());
    let (outputs, second) = prove(&key, &inputs, &mut pool, 14);
    verify(&key, &inputs, &outputs, &second);
    let rows = |p: &HiddenInferenceProof| advice_rows(p).into_iter().collect::<HashSet<_>>();
    let (a, b, plain) = (rows(&first), rows(&second), rows(&plain_a));
    assert_eq!(
        a.len(),
        advice_rows(&first).len(),
        "no blind twice in one proof"
    );
    assert!(a.is_disjoint(&b), "a pooled row blind served two proofs");
    assert!(
        a.is_disjoint(&plain) && b.is_disjoint(&plain),
        "pooled, not drawn"
    );
}

/// A private input's rows take their blinds from the pool too (as the advice rows do): the
/// proof verifies against its input commitment, every pooled row blind is taken, and two
/// commitments to the same input from two fills share no row (each pooled blind served one
/// proof).
#[test]
fn a_private_inputs_rows_take_pooled_blinds() {
    let (key, inputs) = setup();
    let prove_private = |pool: &mut NoncePool, seed| {
        prove_hidden_inference_pooled(
            &key,
            &inputs,
            InputVisibility::Private,
            pool,
            &mut StdRng::seed_from_u64(seed),
        )
        .unwrap()
    };
    let mut recorder = NoncePool::new();
    prove_private(&mut recorder, 20);
    let private = recorder.last_demand().clone();
    let public = demand(&key, &inputs);
    assert!(
        private.row_blinds > public.row_blinds,
        "the input's rows are recorded with the advice rows"
    );

    let params = key.params_for(inputs.len());
    let rows_only = NonceDemand {
        row_blinds: private.row_blinds,
        ..NonceDemand::default()
    };
    let mut fill_rng = StdRng::seed_from_u64(21);
    let mut commitments = Vec::new();
    for _ in 0..2 {
        let mut pool = NoncePool::new();
        pool.fill(&params, &rows_only, &mut fill_rng);
        // The same prover seed each time: only the pooled blinds differ.
        let proved = prove_private(&mut pool, 22);
        assert!(pool.is_empty(), "every pooled row blind was taken");
        let committed = proved
            .input_commitment
            .expect("a private input's commitment");
        let statement = HiddenStatement {
            input: StatementInput::Committed(&committed),
            outputs: &proved.outputs,
        };
        verify_hidden_inference(&key.verifying_key(), statement, &proved.proof).unwrap();
        commitments.push(committed);
    }
    let rows = |c: &spazk_mlp::InputCommitment| {
        c.commitment
            .rows
            .iter()
            .filter(|row| !row.is_zero())
            .map(|row| row.to_string())
            .collect::<HashSet<_>>()
    };
    let (a, b) = (rows(&commitments[0]), rows(&commitments[1]));
    assert!(!a.is_empty());
    assert!(
        a.is_disjoint(&b),
        "a pooled row blind served two input commitments"
    );
}
