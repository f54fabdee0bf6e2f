//! The weight-extraction attack on transparent proofs: why issue 15 (zero-knowledge) exists.
//!
//! A transparent proof opens every layer's committed weights with the Hyrax vector
//! `u = eq(r_y, ·)ᵀ·W` (the mat-vec fold of `W` at the layer's row point `r_y`), and `r_y` is a
//! Fiat–Shamir challenge anyone can recompute from the public statement and the proof. So each
//! proof hands out one linear equation per column of `W`, and about `m` proofs of an `m`-row layer
//! give an invertible system `E·W = U` (row `i` of `E` is the table `eq(r_y^{(i)}, ·)`, row `i`
//! of `U` is proof `i`'s opening vector): the model its owner committed to, recovered exactly.
//!
//! This test plays the attacker with nothing but what a verifier holds — the published
//! commitment (read back from its bytes), each statement (inputs and outputs) and each proof
//! (read back from its bytes). It replays the verifier's transcript to learn every layer's `r_y`,
//! collects the opening vectors, solves `E·W = U` over `Fr` by Gaussian elimination and checks
//! that the solution is the model's ternary weights, entry for entry.
//!
//! The same solver runs on zero-knowledge proofs (design.md §8, "Tests that show it"): there a
//! weight opening is never sent; the only vectors of a layer's width a proof reveals are the
//! Σ-protocol's responses `z = u + e·d`, `d` a fresh nonce per proof. Solved as if `z` were `u`,
//! and solved allowing one nonce `d` shared by every proof (one more unknown row, its
//! coefficient `e` recomputed from the transcript), they recover nothing ternary; a control
//! with a shared nonce built in shows that the solver would find `W` if nonces were reused.

use ark_bn254::Fr;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use spazk_activation::verify_activation_deferred;
use spazk_field::{eq_table, evaluate_mle, log2_ceil, EvalClaim, One};
use spazk_hyrax::zk::extraction::{as_ternary, solve_linear, ternary};
use spazk_hyrax::zk::{label as zk_label, HidingMatrixCommitment, ZkVerifier};
use spazk_hyrax::{DeferredMatrixCommitment, Layout, OpeningChecks};
use spazk_mlp::claim::signed_to_field;
use spazk_mlp::hidden::hidden_mask_len;
use spazk_mlp::protocol::MLP_ZK_PROTOCOL;
use spazk_mlp::protocol::{draw_output_point, split_layer_point, MLP_PROTOCOL};
use spazk_mlp::{
    prove_hidden_inference, prove_inference, verify_hidden_inference, verify_inference,
    HiddenInferenceProof, HiddenStatement, HidingOptions, InferenceProof, InferenceStatement,
    InputVisibility, LayerBias, LayerWeights, Model, ModelCommitment, ProvingKey, StatementInput,
    VerifyingKey,
};
use spazk_sumcheck::hidden::Claim;
use spazk_sumcheck::{verify_hidden_matvec_claim, HiddenMatVecClaim, MatVecClaim, PublicInput};
use spazk_transcript::Transcript;

/// One published proof with its statement: what the attacker collects.
struct Published {
    inputs: Vec<Vec<u8>>,
    outputs: Vec<Vec<i64>>,
    /// The proof file's bytes.
    proof: Vec<u8>,
}

/// What one proof reveals about one layer's weights.
struct Revealed {
    /// The layer's row point `r_y`, recomputed from public data.
    row_point: Vec<Fr>,
    /// The weight opening `u = eq(r_y, ·)ᵀ·W`, one entry per padded column.
    opening: Vec<Fr>,
}

/// Replays `verify_inference` step for step (same transcript, same order: statement, advice
/// commitments, output point, then each layer's mat-vec and activation top-down) and records,
/// per layer (index = layer), the row point the verifier hands the weight opening and the
/// opening vector the proof carries. Uses only public inputs: the verifying key (made from the
/// published commitment), the statement and the proof. Ends with the verifier's own opening
/// check, so the recorded points are the ones the real verifier derives for an accepted proof.
fn replay_verifier(
    key: &VerifyingKey,
    inputs: &[Vec<u8>],
    outputs: &[Vec<i64>],
    proof: &InferenceProof,
) -> Vec<Revealed> {
    let model = key.commitment();
    let statement = InferenceStatement { inputs, outputs };
    statement
        .check(model)
        .expect("the statement fits the model");
    let n = model.layers.len();
    let batch = statement.padded_batch();
    let batch_vars = log2_ceil(batch);
    let activation_vars = |i: usize| (model.layers[i].shape.row_vars() + batch_vars) as u32;
    let spec = |i: usize| {
        model.layers[i]
            .activation
            .as_ref()
            .expect("hidden layers activate")
    };

    // The statement and every activation's advice commitments, before any challenge.
    let mut transcript = Transcript::new(MLP_PROTOCOL);
    statement.absorb_into(model, &mut transcript);
    for (i, activation) in proof.activations.iter().enumerate() {
        activation
            .absorb_commitments(spec(i), activation_vars(i), &mut transcript)
            .expect("advice layouts fit the model");
    }

    let params = key.params_for(inputs.len());
    let mut checks = OpeningChecks::new(&params);
    let (mut row_point, mut batch_point) = draw_output_point(
        model.layers[n - 1].shape.row_vars(),
        batch_vars,
        &mut transcript,
    );
    let mut value = statement.output_evaluation(&row_point, &batch_point);
    let mut revealed: Vec<Option<Revealed>> = (0..n).map(|_| None).collect();

    for i in (0..n).rev() {
        let layer = &model.layers[i];
        let linear = &proof.layers[i].linear;
        // The attacker's harvest: this layer's r_y and the opening vector u = eq(r_y)ᵀ·W.
        revealed[i] = Some(Revealed {
            row_point: row_point.clone(),
            opening: linear.weight_opening.u.clone(),
        });

        // The rest only advances the transcript exactly as the verifier does, to reach the
        // layer below's r_y (drawn inside the mat-vec sumcheck and the activation argument).
        let bias: Vec<Fr> = layer
            .bias
            .public()
            .unwrap()
            .iter()
            .map(|b| signed_to_field(*b))
            .collect();
        let claim = MatVecClaim {
            row_point: row_point.clone(),
            batch_point: batch_point.clone(),
            value: value - evaluate_mle(&bias, &row_point).expect("bias fits"),
        };
        let weights = DeferredMatrixCommitment::new(layer.shape, &layer.weights, &params)
            .expect("the commitment's layout is the matrix's");
        let input_claim = weights
            .verify_matvec_claim(&mut checks, batch, &claim, linear, &mut transcript)
            .expect("the honest mat-vec proof verifies");
        if i == 0 {
            assert_eq!(
                statement.input_evaluation(&input_claim.column_point, &input_claim.batch_point),
                input_claim.value
            );
            break;
        }
        let output = EvalClaim::concat(
            &input_claim.column_point,
            &input_claim.batch_point,
            input_claim.value,
        );
        let claims = verify_activation_deferred(
            spec(i - 1),
            activation_vars(i - 1),
            &proof.activations[i - 1],
            Some(&output),
            &mut checks,
            &mut transcript,
        )
        .expect("the honest activation proof verifies");
        (row_point, batch_point) =
            split_layer_point(&claims.point, model.layers[i - 1].shape.row_vars());
        value = claims.input_value;
    }
    checks
        .finish()
        .expect("the replay accepts the honest proof");
    revealed
        .into_iter()
        .map(|r| r.expect("every layer replayed"))
        .collect()
}

/// Layer `layer`'s weights over its padded shape (padding entries 0): the ground truth the
/// attacker's result is compared with (the attacker never reads it).
fn true_weights(model: &Model, layer: usize) -> Vec<Vec<i8>> {
    let shape = model.layers[layer].shape();
    let LayerWeights::Ternary(w) = &model.layers[layer].weights else {
        panic!("random models are ternary");
    };
    (0..shape.padded_rows())
        .map(|y| {
            (0..shape.padded_cols())
                .map(|x| {
                    if y < shape.rows && x < shape.cols {
                        w.get(y, x)
                    } else {
                        0
                    }
                })
                .collect()
        })
        .collect()
}

/// The attack on layer `layer` from the first `count` proofs' revealed values: `W` as ternary
/// weights, or `None` when the solve leaves it undetermined or yields a non-ternary entry.
fn extract(harvest: &[Vec<Revealed>], layer: usize, count: usize) -> Option<Vec<Vec<i8>>> {
    let e: Vec<Vec<Fr>> = harvest[..count]
        .iter()
        .map(|proof| eq_table(&proof[layer].row_point))
        .collect();
    let u: Vec<Vec<Fr>> = harvest[..count]
        .iter()
        .map(|proof| proof[layer].opening.clone())
        .collect();
    let solved = solve_linear(&e, &u)?;
    as_ternary(&solved, solved.len())
}

#[test]
fn transparent_proofs_reveal_every_weight() {
    // The owner's side: a seeded ternary 16-8-4 model, committed, and proofs of inferences on
    // different inputs (batch 1), published as bytes.
    let model = Model::random(&[16, 8, 4], 0.5, 15).unwrap();
    let proving_key = ProvingKey::commit(model.clone(), 1).unwrap();
    let published_commitment = proving_key.commitment().to_bytes();
    let first_rows = model.layers[0].shape().padded_rows();
    let proof_count = first_rows + 2; // a couple more than needed: the surplus checks consistency
    let mut rng = StdRng::seed_from_u64(0x5eed);
    let published: Vec<Published> = (0..proof_count)
        .map(|_| {
            let inputs = vec![(0..16).map(|_| rng.gen::<u8>()).collect::<Vec<u8>>()];
            let (outputs, proof) = prove_inference(&proving_key, &inputs).unwrap();
            Published {
                inputs,
                outputs,
                proof: proof.to_bytes(),
            }
        })
        .collect();
    drop(proving_key);

    // The attacker's side: the commitment, statements and proof files, nothing else.
    let commitment = ModelCommitment::from_bytes(&published_commitment).unwrap();
    let key = VerifyingKey::new(commitment, 1).unwrap();
    let harvest: Vec<Vec<Revealed>> = published
        .iter()
        .map(
            |Published {
                 inputs,
                 outputs,
                 proof,
             }| {
                let proof = InferenceProof::from_bytes(proof).unwrap();
                // Each proof is valid: the attack needs nothing a verifier would reject.
                let statement = InferenceStatement { inputs, outputs };
                verify_inference(&key, statement, &proof).unwrap();
                replay_verifier(&key, inputs, outputs, &proof)
            },
        )
        .collect();

    // The first layer: fewer proofs than its rows leave W undetermined ...
    assert_eq!(
        extract(&harvest, 0, first_rows - 1),
        None,
        "{} proofs cannot fix {first_rows} unknown rows",
        first_rows - 1
    );
    // ... as many as its rows recover it exactly, and the surplus proofs agree.
    for count in [first_rows, proof_count] {
        let recovered = extract(&harvest, 0, count)
            .unwrap_or_else(|| panic!("{count} transparent proofs determine layer 0"));
        assert_eq!(
            recovered,
            true_weights(&model, 0),
            "layer 0 from {count} proofs"
        );
    }
    // The same holds for every other layer: the whole model leaks.
    for layer in 1..model.layers.len() {
        assert_eq!(
            extract(&harvest, layer, proof_count),
            Some(true_weights(&model, layer)),
            "layer {layer}"
        );
    }
    // Not a degenerate model: the recovered first layer has weights of both signs and zeros.
    let flat: Vec<i8> = true_weights(&model, 0).concat();
    assert!([-1, 0, 1].iter().all(|w| flat.contains(w)));
}

#[test]
fn the_solver_rejects_what_does_not_determine_a_matrix() {
    // The negative controls the ZK test will rely on: an inconsistent overdetermined system and
    // a rank-deficient one both give `None`, and a solution with a non-ternary entry is no
    // ternary matrix.
    let f = |v: u64| Fr::from(v);
    let e = vec![vec![f(1), f(0)], vec![f(0), f(1)], vec![f(1), f(1)]];
    assert_eq!(
        solve_linear(&e, &[vec![f(1)], vec![f(2)], vec![f(3)]]),
        Some(vec![vec![f(1)], vec![f(2)]])
    );
    assert_eq!(
        solve_linear(&e, &[vec![f(1)], vec![f(2)], vec![f(4)]]),
        None
    );
    assert_eq!(solve_linear(&e[..1], &[vec![f(1)]]), None);
    assert_eq!(ternary(f(2)), None);
    assert_eq!(ternary(-Fr::one()), Some(-1));
}

/// What one zero-knowledge proof of a single-layer model reveals that could bear on its
/// weights: the weight opening's Hyrax row point (`(r_x[c..], r_y)` under the hiding layout's
/// split of the column variables) and the Σ-protocol's challenge `e` (both recomputed from
/// public data), and every response vector `z_k = w_k + e·d_k` (the mask, the bias opening,
/// the weight opening).
struct RevealedZk {
    row_point: Vec<Fr>,
    e: Fr,
    responses: Vec<Vec<Fr>>,
}

/// Replays `verify_hidden_inference` for a single-layer model and a public input, step for step
/// (statement, `C_M`, output point, bias opening, masked mat-vec), then draws the Σ-protocol's
/// `γ` and `e` as `ZkVerifier::finish` does, and lets the verifier finish (the replay accepts
/// the proof). Uses only the verifying key, the statement and the proof.
fn replay_hidden_verifier(
    key: &VerifyingKey,
    inputs: &[Vec<u8>],
    outputs: &[Vec<i64>],
    proof: &HiddenInferenceProof,
) -> RevealedZk {
    let model = key.commitment();
    assert_eq!(
        model.layers.len(),
        1,
        "the replay covers single-layer models"
    );
    let layer = &model.layers[0];
    let statement = HiddenStatement {
        input: StatementInput::Public(inputs),
        outputs,
    };
    let batch = statement.padded_batch();
    let params = key.params_for(inputs.len());
    let rows: Vec<Vec<Fr>> = (0..batch)
        .map(|b| {
            inputs[b.min(inputs.len() - 1)]
                .iter()
                .map(|v| Fr::from(*v as u64))
                .collect()
        })
        .collect();
    let mask_len = hidden_mask_len(model, inputs.len(), false);
    let mut verifier = ZkVerifier::new(&params, mask_len, &proof.zk).unwrap();
    let mut transcript = Transcript::new(MLP_ZK_PROTOCOL);
    statement.absorb_into(model, &mut transcript);
    verifier.absorb_mask_commitment(&mut transcript);
    let (row_point, batch_point) =
        draw_output_point(layer.shape.row_vars(), log2_ceil(batch), &mut transcript);
    let value = InferenceStatement { inputs, outputs }.output_evaluation(&row_point, &batch_point);
    let LayerBias::Hidden(bias) = &layer.bias else {
        panic!("a hiding commitment hides its biases");
    };
    let bias = verifier.open(&[bias], &row_point, &mut transcript).unwrap()[0];
    let claim = HiddenMatVecClaim {
        row_point: row_point.clone(),
        batch_point,
        value: Claim::public(value) - Claim::hidden(bias),
    };
    let weights = HidingMatrixCommitment::new(layer.shape, &layer.weights, &params).unwrap();
    let input_claim = verify_hidden_matvec_claim(
        &weights,
        &PublicInput(&rows),
        batch,
        &claim,
        &proof.layers[0],
        &mut verifier,
        &mut transcript,
    )
    .unwrap();
    // The challenges of the final Σ-protocol, drawn as the verifier draws them.
    let mut sigma = transcript.clone();
    let _gamma: Fr = sigma.challenge_field(zk_label::GAMMA);
    let first = &proof.zk.commitments;
    sigma.append_serializable(zk_label::SCALAR_NONCES, &first.scalar_nonces);
    sigma.append_serializable(zk_label::VECTOR_NONCES, &first.vector_nonces);
    sigma.append_serializable(zk_label::K1, &first.k1);
    sigma.append_serializable(zk_label::K2, &first.k2);
    let e: Fr = sigma.challenge_field(zk_label::CHALLENGE);
    verifier
        .finish(&mut transcript)
        .expect("the replay accepts the honest proof");
    // The weight opening's Hyrax row point: the column variables past the layout's columns,
    // then r_y.
    let low = layer.weights.layout.col_vars as usize;
    let row_point = input_claim.column_point[low..]
        .iter()
        .chain(&row_point)
        .copied()
        .collect();
    RevealedZk {
        row_point,
        e,
        responses: proof.zk.responses.vectors.clone(),
    }
}

/// The attack on response vector `k` of the first `count` proofs: `E·W = Z` with `E`'s rows
/// `eq` at the Hyrax row point and `W` the Hyrax rows of the weights — and, with
/// `shared_nonce`, one more unknown row `d` whose coefficient is each proof's `e`
/// (`z = Lᵀ·W + e·d`). `W` as ternary weights, or `None`.
fn extract_zk(
    harvest: &[RevealedZk],
    k: usize,
    count: usize,
    shared_nonce: bool,
) -> Option<Vec<Vec<i8>>> {
    let e: Vec<Vec<Fr>> = harvest[..count]
        .iter()
        .map(|p| {
            let mut row = eq_table(&p.row_point);
            if shared_nonce {
                row.push(p.e);
            }
            row
        })
        .collect();
    let z: Vec<Vec<Fr>> = harvest[..count]
        .iter()
        .map(|p| p.responses[k].clone())
        .collect();
    let solved = solve_linear(&e, &z)?;
    // With a shared nonce, the last unknown row is `d`.
    as_ternary(
        &solved,
        solved.len().saturating_sub(usize::from(shared_nonce)),
    )
}

#[test]
fn zero_knowledge_proofs_reveal_no_weight() {
    // The owner's side: a seeded ternary 16 → 8 layer, hiding-committed, proofs of inferences
    // on different public inputs, published as bytes.
    let model = Model::random(&[16, 8], 0.5, 15).unwrap();
    let mut rng = StdRng::seed_from_u64(0x5eed);
    let (proving_key, _secret) =
        ProvingKey::commit_hiding(model.clone(), &HidingOptions::new(8), 1, &mut rng).unwrap();
    let published_commitment = proving_key.commitment().to_bytes();
    // 8×16 under the hiding layout: 16 Hyrax rows of 8 columns.
    let layout = Layout::hiding_matrix(model.layers[0].shape());
    assert_eq!((layout.rows(), layout.cols()), (16, 8));
    let rows = layout.rows();
    let proof_count = rows + 3;
    let published: Vec<Published> = (0..proof_count)
        .map(|_| {
            let inputs = vec![(0..16).map(|_| rng.gen::<u8>()).collect::<Vec<u8>>()];
            let proved =
                prove_hidden_inference(&proving_key, &inputs, InputVisibility::Public, &mut rng)
                    .unwrap();
            Published {
                inputs,
                outputs: proved.outputs,
                proof: proved.proof.to_bytes(),
            }
        })
        .collect();
    drop(proving_key);

    // The attacker's side.
    let commitment = ModelCommitment::from_bytes(&published_commitment).unwrap();
    let key = VerifyingKey::new(commitment, 1).unwrap();
    let harvest: Vec<RevealedZk> = published
        .iter()
        .map(|p| {
            let proof = HiddenInferenceProof::from_bytes(&p.proof).unwrap();
            let statement = HiddenStatement {
                input: StatementInput::Public(&p.inputs),
                outputs: &p.outputs,
            };
            verify_hidden_inference(&key, statement, &proof).unwrap();
            replay_hidden_verifier(&key, &p.inputs, &p.outputs, &proof)
        })
        .collect();

    // Every revealed vector of the weight layout's width (the weight opening's response; the
    // mask's has another width, the bias opening's may share it), as a square system and
    // overdetermined, with and without a shared unknown nonce: nothing ternary.
    let width = layout.cols();
    let candidates: Vec<usize> = (0..harvest[0].responses.len())
        .filter(|k| harvest[0].responses[*k].len() == width)
        .collect();
    assert!(
        !candidates.is_empty(),
        "the weight opening's response is there"
    );
    for k in candidates {
        for (count, shared_nonce) in [
            (rows, false),
            (proof_count, false),
            (rows + 1, true),
            (proof_count, true),
        ] {
            assert_eq!(
                extract_zk(&harvest, k, count, shared_nonce),
                None,
                "response {k}, {count} proofs, shared nonce {shared_nonce}"
            );
        }
    }

    // The control: had every proof reused one nonce d, the same solver would recover W from
    // the same points and challenges. z = Lᵀ·W + e·d built from the true weights, whose Hyrax
    // rows are the padded table (index y·C_pad + x) cut into rows of the layout's width.
    let truth: Vec<Vec<i8>> = true_weights(&model, 0)
        .concat()
        .chunks(width)
        .map(<[i8]>::to_vec)
        .collect();
    let field = |w: i8| {
        if w < 0 {
            -Fr::from((-w) as u64)
        } else {
            Fr::from(w as u64)
        }
    };
    let d: Vec<Fr> = (0..width).map(|_| Fr::from(rng.gen::<u64>())).collect();
    let reused: Vec<RevealedZk> = harvest
        .iter()
        .map(|p| {
            let eq = eq_table(&p.row_point);
            let z = (0..width)
                .map(|x| {
                    let folded: Fr = eq
                        .iter()
                        .zip(&truth)
                        .map(|(l, row)| *l * field(row[x]))
                        .sum();
                    folded + p.e * d[x]
                })
                .collect();
            RevealedZk {
                row_point: p.row_point.clone(),
                e: p.e,
                responses: vec![z],
            }
        })
        .collect();
    assert_eq!(extract_zk(&reused, 0, proof_count, true), Some(truth));
}
