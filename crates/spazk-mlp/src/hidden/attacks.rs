//! Model-level attacks on the private input that need the prover's internals (the rest are in
//! `tests/zk_attacks.rs`): a forging prover for a one-layer model that commits an input table of
//! its choosing, proves the layer on it honestly, and runs the 8-bit range check on a table of
//! its choosing — the committed one with out-of-range multiplicities, or an in-range one. The
//! question: does the range check's column claim really tie to the commitment, and the point,
//! that the first layer opens? Each forgery fails the final Σ-protocol; the control (the same
//! forging prover on an honest table) verifies, so the forger is faithful.

use super::input::{CommittedInput, InputCommitment, ProverInput};
use super::proof::{HiddenInferenceProof, InputRangeProof};
use super::prover::{hiding_weights, open_hidden_bias};
use super::statement::{HiddenStatement, StatementInput};
use super::{hidden_mask_len, input_range_statement, verify_hidden_inference};
use crate::claim::output_evaluation;
use crate::commitment::{HidingOptions, LayerBias};
use crate::error::MlpError;
use crate::keys::ProvingKey;
use crate::model::Model;
use crate::protocol::{draw_output_point, label, MLP_ZK_PROTOCOL};
use ark_bn254::Fr;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use spazk_activation::ACTIVATION_BITS;
use spazk_field::eq_table;
use spazk_hyrax::zk::{BlindedCommitment, OpeningColumn, ZkProver};
use spazk_hyrax::{opening_vector_small, HyraxError};
use spazk_logup::{multiplicities, multiplicity_layout, prove_hidden_lookup};
use spazk_sumcheck::hidden::{Claim, HidingProver};
use spazk_sumcheck::{prove_hidden_matvec_claim, HiddenMatVecClaim};
use spazk_transcript::Transcript;

/// Input width of the attacked model (padded to 16: one padding row of 4 per element).
const WIDTH: usize = 12;

/// The tables a forging prover works with, each padded to `16` entries (batch of one).
struct Forgery {
    /// Committed as the private input, and read by the first layer.
    committed: Vec<u32>,
    /// What the range check's lookup runs on.
    looked_up: Vec<u32>,
    /// What the multiplicities count.
    counted: Vec<u32>,
}

/// A hiding key of a one-layer `12 → 10` model with biases.
fn key() -> ProvingKey {
    let mut model = Model::random(&[WIDTH, 10], 0.5, 1).expect("a valid shape");
    let mut rng = StdRng::seed_from_u64(2);
    for b in &mut model.layers[0].bias {
        *b = rng.gen_range(-500..500);
    }
    ProvingKey::commit_hiding(model, &HidingOptions::new(10), 1, &mut rng)
        .expect("a valid model")
        .0
}

/// A padded input table: random bytes, padding zero.
fn table(seed: u64) -> Vec<u32> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut t: Vec<u32> = (0..WIDTH).map(|_| rng.gen_range(0..256)).collect();
    t.resize(WIDTH.next_power_of_two(), 0);
    t
}

/// The honest prover's steps for a one-layer model on a private input of one element, with
/// the three tables of `forgery` in place of the one honest table. Returns the statement's
/// input commitment and outputs, and the proof.
fn forge(
    key: &ProvingKey,
    forgery: &Forgery,
) -> (InputCommitment, Vec<Vec<i64>>, HiddenInferenceProof) {
    let commitment = key.commitment();
    let secret = key.secret().expect("a hiding key");
    let layer = &key.model().layers[0];
    let shape = layer.shape();
    let params = key.params_for(1);
    let params = params.as_ref();
    let mut rng = StdRng::seed_from_u64(3);

    let input = CommittedInput::commit_table(WIDTH, 1, forgery.committed.clone(), params, &mut rng);
    let outputs = vec![layer.forward(&forgery.committed[..WIDTH])];
    let counts = multiplicities(&[&forgery.counted], ACTIVATION_BITS).expect("counted in range");
    let range = BlindedCommitment::commit(
        &counts[..],
        params,
        multiplicity_layout(ACTIVATION_BITS),
        &mut rng,
    )
    .expect("the generators suffice");
    let mask_len = hidden_mask_len(commitment, 1, true);
    let mut prover = ZkProver::new(params, mask_len, &mut rng).expect("the generators suffice");
    prover.skip_self_check();

    let statement = HiddenStatement {
        input: StatementInput::Committed(input.commitment()),
        outputs: &outputs,
    };
    let mut transcript = Transcript::new(MLP_ZK_PROTOCOL);
    statement.absorb_into(commitment, &mut transcript);
    range
        .commitment
        .absorb_into(label::INPUT_MULTIPLICITIES, &mut transcript);
    prover.absorb_mask_commitment(&mut transcript);

    let (row_point, batch_point) = draw_output_point(shape.row_vars(), 0, &mut transcript);
    let value = output_evaluation(&outputs, &row_point, &batch_point);
    let LayerBias::Hidden(bias_commitment) = &commitment.layers[0].bias else {
        unreachable!("a hiding commitment")
    };
    let (bias_handle, bias_value) = open_hidden_bias(
        &layer.bias,
        bias_commitment,
        &secret.layers()[0].bias_blinds,
        &row_point,
        &mut prover,
        &mut transcript,
    );
    let claim = HiddenMatVecClaim {
        row_point,
        batch_point,
        value: Claim::public(value) - Claim::hidden(bias_handle),
    };
    let weights = hiding_weights(
        layer,
        &commitment.layers[0].weights,
        &secret.layers()[0].weight_blinds,
    )
    .expect("the owner's blinds");
    let rows = vec![forgery.committed[..WIDTH]
        .iter()
        .map(|v| Fr::from(*v as u64))
        .collect::<Vec<Fr>>()];
    let proved = prove_hidden_matvec_claim(
        &weights,
        &rows,
        &ProverInput::Committed(&input),
        &claim,
        value - bias_value,
        &mut prover,
        &mut transcript,
    )
    .expect("shapes fit");

    // The range check, tied as the honest prover ties it: the lookup's column value to the
    // input commitment's opening at the lookup's point, its multiplicity value to the
    // multiplicity commitment's.
    let lookup = prove_hidden_lookup(
        &input_range_statement(WIDTH, 1),
        &[&forgery.looked_up],
        &counts,
        &mut prover,
        &mut transcript,
    )
    .expect("shapes fit");
    let opened = input.open(&lookup.claims.columns.point, &mut prover, &mut transcript);
    let column_value = lookup.claims.columns.values[0];
    prover
        .relations()
        .require_equal(opened, Claim::hidden(column_value));
    let layout = range.commitment.layout;
    let point = &lookup.claims.multiplicity.point;
    let opening = opening_vector_small(
        &counts,
        layout,
        &eq_table(&point[layout.col_vars as usize..]),
    );
    let column = OpeningColumn {
        commitment: &range,
        opening: &opening,
    };
    let counted = prover.open(&[column], point, &mut transcript)[0];
    prover.relations().require_equal(
        Claim::hidden(counted),
        Claim::hidden(lookup.claims.multiplicity.value),
    );
    let zk = prover.finish(&mut transcript);
    let proof = HiddenInferenceProof {
        layers: vec![proved.proof],
        activations: Vec::new(),
        input_range: Some(InputRangeProof {
            multiplicities: range.commitment,
            lookup: lookup.proof,
        }),
        zk,
    };
    (input.commitment().clone(), outputs, proof)
}

fn verify(
    key: &ProvingKey,
    forged: &(InputCommitment, Vec<Vec<i64>>, HiddenInferenceProof),
) -> Result<(), MlpError> {
    let statement = HiddenStatement {
        input: StatementInput::Committed(&forged.0),
        outputs: &forged.1,
    };
    verify_hidden_inference(&key.verifying_key(), statement, &forged.2)
}

/// The control: the forging prover on one honest table verifies (and gives the model's
/// outputs), so every failure below is the forgery's.
#[test]
fn the_forging_prover_is_faithful_on_an_honest_input() {
    let key = key();
    let honest = table(4);
    let forged = forge(
        &key,
        &Forgery {
            committed: honest.clone(),
            looked_up: honest.clone(),
            counted: honest.clone(),
        },
    );
    let bytes: Vec<u8> = honest[..WIDTH].iter().map(|v| *v as u8).collect();
    assert_eq!(forged.1, key.model().infer(&[bytes]).unwrap().outputs());
    assert_eq!(verify(&key, &forged), Ok(()));
}

/// Attack: an input entry of 300 (and one of `2^32 − 1`) committed and read by the first
/// layer, the range check run on that same table with the multiplicities counted as if the
/// entries were 255. Every layer of the lookup holds; its fraction sums do not, and the final
/// Σ-protocol rejects.
#[test]
fn an_out_of_range_input_entry_fails_the_range_check() {
    let key = key();
    for wide in [300, u32::MAX] {
        let mut forged_table = table(5);
        forged_table[3] = wide;
        let mut clamped = forged_table.clone();
        clamped[3] = 255;
        let forged = forge(
            &key,
            &Forgery {
                committed: forged_table.clone(),
                looked_up: forged_table,
                counted: clamped,
            },
        );
        assert_eq!(
            verify(&key, &forged),
            Err(MlpError::Sigma(HyraxError::SigmaCheckFailed)),
            "entry {wide}"
        );
    }
}

/// Attack: the range check split from the input. The first layer reads a committed table with
/// an entry of 300; the lookup runs, honestly and with honest multiplicities, on an in-range
/// table (the entry as 255). Only the tie between the lookup's column value and the input
/// commitment's opening at the lookup's point catches it: the final Σ-protocol rejects.
#[test]
fn a_range_check_of_another_table_than_the_committed_one_is_rejected() {
    let key = key();
    let mut forged_table = table(6);
    forged_table[3] = 300;
    let mut clamped = forged_table.clone();
    clamped[3] = 255;
    let forged = forge(
        &key,
        &Forgery {
            committed: forged_table,
            looked_up: clamped.clone(),
            counted: clamped,
        },
    );
    assert_eq!(
        verify(&key, &forged),
        Err(MlpError::Sigma(HyraxError::SigmaCheckFailed))
    );
}
