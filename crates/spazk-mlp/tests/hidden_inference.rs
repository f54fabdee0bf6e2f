//! Zero-knowledge inference proofs over hiding commitments: round trips (public and private
//! input, batches with padding), the hiding commitment's, secret's and input commitment's files,
//! keys made from a stored commitment and secret, and the tamper suite with exact errors. All
//! randomness is seeded.

mod hiding;

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use hiding::{hiding_key, inputs, model_with_biases, BIAS_BITS};
use spazk_hyrax::HyraxError;
use spazk_mlp::commitment::{bias_layout, HIDING_COMMITMENT_VERSION};
use spazk_mlp::{
    prove_hidden_inference, prove_inference, verify_hidden_inference, verify_inference,
    ActivationBound, CommitmentMode, HiddenInferenceProof, HiddenStatement, HidingOptions,
    InferenceProof, InferenceStatement, InputCommitment, InputVisibility, LayerBias, MlpError,
    Mode, Model, ModelCommitment, ModelMismatch, ModelSecret, ProvedHiddenInference, ProvingKey,
    StatementInput, VerifyingKey,
};

/// Bias bound every test commits with.
/// A single-layer model `cols → rows` (rows not a power of two: padded rows are checked to be
/// the identity), with nonzero biases within [`BIAS_BITS`].
fn model(rows: usize, cols: usize, seed: u64) -> Model {
    model_of(&[cols, rows], seed)
}

/// A model of the given widths, density 1/2, with nonzero biases within [`BIAS_BITS`].
fn model_of(widths: &[usize], seed: u64) -> Model {
    model_with_biases(widths, 0.5, seed)
}

/// A hiding key, inputs and an honest proof of them.
struct Fixture {
    key: ProvingKey,
    secret: ModelSecret,
    inputs: Vec<Vec<u8>>,
    proved: ProvedHiddenInference,
}

fn fixture(batch: usize, visibility: InputVisibility) -> Fixture {
    fixture_of(&[12, 10], batch, visibility)
}

fn fixture_of(widths: &[usize], batch: usize, visibility: InputVisibility) -> Fixture {
    let (key, secret) = hiding_key(model_of(widths, 1), batch, 2);
    let inputs = inputs(batch, widths[0], 3);
    let proved =
        prove_hidden_inference(&key, &inputs, visibility, &mut StdRng::seed_from_u64(4)).unwrap();
    Fixture {
        key,
        secret,
        inputs,
        proved,
    }
}

impl Fixture {
    fn statement(&self) -> HiddenStatement<'_> {
        HiddenStatement {
            input: match &self.proved.input_commitment {
                Some(c) => StatementInput::Committed(c),
                None => StatementInput::Public(&self.inputs),
            },
            outputs: &self.proved.outputs,
        }
    }

    fn verify(&self, proof: &HiddenInferenceProof) -> Result<(), MlpError> {
        verify_hidden_inference(&self.key.verifying_key(), self.statement(), proof)
    }
}

fn sigma_failed() -> Result<(), MlpError> {
    Err(MlpError::Sigma(HyraxError::SigmaCheckFailed))
}

/// What a changed statement gives: the statement is absorbed before every challenge, so the
/// masked sumcheck's first clear check (round 1's sum against round 0 at the new challenge)
/// fails.
fn first_round_failed() -> Result<(), MlpError> {
    first_round_failed_at(0)
}

/// [`first_round_failed`] for a model whose last layer (verified first) is `layer`.
fn first_round_failed_at(layer: usize) -> Result<(), MlpError> {
    Err(MlpError::HiddenLinear {
        layer,
        source: spazk_sumcheck::HiddenVerifyError::Sumcheck(
            spazk_sumcheck::SumcheckError::RoundSumMismatch { round: 1 },
        ),
    })
}

#[test]
fn public_input_proofs_verify_single_and_batched() {
    for batch in [1, 3] {
        let f = fixture(batch, InputVisibility::Public);
        assert_eq!(
            f.proved.outputs,
            f.key.model().infer(&f.inputs).unwrap().outputs()
        );
        assert!(f.proved.input_commitment.is_none());
        assert!(f.proved.proof.input_range.is_none());
        assert_eq!(f.verify(&f.proved.proof), Ok(()), "batch {batch}");
        // Through the proof file.
        let bytes = f.proved.proof.to_bytes();
        let decoded = HiddenInferenceProof::from_bytes(&bytes).unwrap();
        assert_eq!(decoded, f.proved.proof);
        assert_eq!(f.verify(&decoded), Ok(()));
    }
}

#[test]
fn private_input_proofs_verify_single_and_batched() {
    for batch in [1, 3] {
        let f = fixture(batch, InputVisibility::Private);
        let input = f.proved.input_commitment.as_ref().unwrap();
        assert_eq!(input.batch, batch);
        assert!(f.proved.proof.input_range.is_some());
        assert_eq!(f.verify(&f.proved.proof), Ok(()), "batch {batch}");
        // The input commitment's file: canonical round trip.
        let bytes = input.to_bytes();
        assert_eq!(&InputCommitment::from_bytes(&bytes).unwrap(), input);
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(
            InputCommitment::from_bytes(&longer),
            Err(MlpError::Malformed { .. })
        ));
    }
}

#[test]
fn hiding_commitment_file_round_trip() {
    let (key, _) = hiding_key(model(10, 12, 5), 1, 6);
    let commitment = key.commitment();
    assert_eq!(
        commitment.mode,
        CommitmentMode::Hiding {
            bias_bits: BIAS_BITS
        }
    );
    let bytes = commitment.to_bytes();
    assert_eq!(&bytes[8..12], &HIDING_COMMITMENT_VERSION.to_le_bytes());
    let decoded = ModelCommitment::from_bytes(&bytes).unwrap();
    assert_eq!(&decoded, commitment);
    assert_eq!(decoded.digest(), commitment.digest());
    // Biases are hidden, under the padding-aligned layout, padded rows the identity.
    let LayerBias::Hidden(bias) = &decoded.layers[0].bias else {
        panic!("a hiding commitment hides its biases");
    };
    assert_eq!(bias.layout, bias_layout(10));
    assert_eq!(bias_layout(10).cols(), 2);
    // The bound L of a hidden layer is declared: the weights' worst case by default, the shape
    // rule's on request, anything in between when given, nothing outside. Here the model has
    // no hidden layer, so the rules are checked on a model that has one.
    let two_layers = Model::random(&[12, 6, 4], 0.5, 7).unwrap();
    let worst = two_layers.layers[0].worst_case_bits();
    let ceiling = spazk_mlp::model::hiding_input_bits(two_layers.layers[0].shape(), 0, BIAS_BITS);
    assert!(worst < ceiling);
    let bits = |model: Model| model.layers[0].activation.unwrap().input_bits;
    let tight = two_layers
        .clone()
        .with_hiding_bounds(BIAS_BITS, ActivationBound::WorstCase)
        .unwrap();
    assert_eq!(bits(tight), worst);
    let shape = two_layers
        .clone()
        .with_hiding_bounds(BIAS_BITS, ActivationBound::Shape)
        .unwrap();
    assert_eq!(bits(shape), ceiling);
    for outside in [worst - 1, ceiling + 1] {
        let error = two_layers
            .clone()
            .with_declared_bounds(BIAS_BITS, &[outside])
            .unwrap_err();
        assert_eq!(
            error,
            MlpError::Model(format!(
                "layer 0: declared activation bound 2^{outside} is outside [2^{worst}, \
                 2^{ceiling}] (the weights' worst case, the shape's)"
            ))
        );
    }
    // A different transparent bound in a hiding commitment is refused.
    let mut bad = decoded.clone();
    bad.mode = CommitmentMode::Hiding { bias_bits: 41 };
    assert!(matches!(bad.validate(), Err(MlpError::Model(_))));
}

#[test]
fn hiding_commitment_refuses_a_nonzero_padded_bias_row() {
    let (key, _) = hiding_key(model(10, 12, 8), 1, 9);
    let mut commitment = key.commitment().clone();
    let LayerBias::Hidden(bias) = &mut commitment.layers[0].bias else {
        panic!("hidden");
    };
    // Row 5 of 8 holds bias entries 10 and 11: padding.
    bias.rows[5] = bias.rows[0];
    let error = commitment.validate().unwrap_err();
    assert!(
        matches!(&error, MlpError::Model(m) if m.contains("padded bias row 5")),
        "{error:?}"
    );
    // And so does the file reader.
    assert!(ModelCommitment::from_bytes(&commitment.to_bytes()).is_err());
}

#[test]
fn secret_file_round_trip_and_checks() {
    let (key, secret) = hiding_key(model(10, 12, 10), 1, 11);
    assert_eq!(key.secret(), Some(&secret));
    let bytes = secret.to_bytes();
    assert_eq!(&bytes[..8], b"SPAZKSEC");
    assert_eq!(ModelSecret::from_bytes(&bytes).unwrap(), secret);
    assert!(!format!("{secret:?}").contains("weight_blinds"));
    // A blind at or above the modulus is not canonical.
    let mut high = bytes.clone();
    let first_blind = 8 + 4 + 32 + 4 + 4;
    high[first_blind..first_blind + 32].fill(0xff);
    assert!(ModelSecret::from_bytes(&high).is_err());
    // Truncated, trailing.
    assert!(ModelSecret::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(ModelSecret::from_bytes(&longer).is_err());
}

#[test]
fn a_key_from_a_stored_commitment_and_secret_proves() {
    let m = model(10, 12, 12);
    let (key, secret) = hiding_key(m.clone(), 2, 13);
    let commitment = ModelCommitment::from_bytes(&key.commitment().to_bytes()).unwrap();
    let secret = ModelSecret::from_bytes(&secret.to_bytes()).unwrap();
    let stored =
        ProvingKey::from_hiding_commitment(m.clone(), commitment, secret.clone(), 2).unwrap();
    let inputs = inputs(2, 12, 14);
    let proved = prove_hidden_inference(
        &stored,
        &inputs,
        InputVisibility::Public,
        &mut StdRng::seed_from_u64(15),
    )
    .unwrap();
    let statement = HiddenStatement {
        input: StatementInput::Public(&inputs),
        outputs: &proved.outputs,
    };
    assert_eq!(
        verify_hidden_inference(&key.verifying_key(), statement, &proved.proof),
        Ok(())
    );
    // The proving-key file of a hiding key, read back with the secret.
    let from_file = ProvingKey::from_bytes_hiding(&key.to_bytes(), m.clone(), secret).unwrap();
    assert_eq!(from_file.commitment(), key.commitment());
    // Without the secret, the transparent reader refuses it.
    assert_eq!(
        ProvingKey::from_bytes(&key.to_bytes(), m).unwrap_err(),
        MlpError::ModeMismatch {
            commitment: Mode::Hiding,
            proof: Mode::Transparent
        }
    );
}

#[test]
fn a_wrong_secret_is_refused() {
    let m = model(10, 12, 16);
    let (key, secret) = hiding_key(m.clone(), 1, 17);
    let commitment = key.commitment().clone();
    let from = |secret: ModelSecret| {
        ProvingKey::from_hiding_commitment(m.clone(), commitment.clone(), secret, 1).unwrap_err()
    };
    // Another commitment's secret (the same model committed again).
    let (_, other) = hiding_key(m.clone(), 1, 18);
    assert_eq!(from(other), ModelMismatch::SecretDigest.into());
    // Every weight blind changed: the spot-checked rows fail.
    let mut layers = secret.layers().to_vec();
    layers[0]
        .weight_blinds
        .iter_mut()
        .for_each(|b| *b += spazk_field::Fr::from(1u64));
    let error = from(ModelSecret::new(*secret.model_digest(), layers));
    assert!(
        matches!(
            error,
            MlpError::ModelMismatch(ModelMismatch::WeightRow { layer: 0, .. })
        ),
        "{error:?}"
    );
    // One bias blind changed.
    let mut layers = secret.layers().to_vec();
    layers[0].bias_blinds[3] += spazk_field::Fr::from(1u64);
    assert_eq!(
        from(ModelSecret::new(*secret.model_digest(), layers)),
        ModelMismatch::BiasRow { layer: 0, row: 3 }.into()
    );
    // A blind missing.
    let mut layers = secret.layers().to_vec();
    layers[0].weight_blinds.pop();
    assert_eq!(
        from(ModelSecret::new(*secret.model_digest(), layers)),
        ModelMismatch::SecretShape {
            layer: 0,
            what: "weight",
            expected: 10,
            found: 9
        }
        .into()
    );
    // Another model's biases.
    let mut other_model = m.clone();
    other_model.layers[0].bias[7] += 1;
    assert_eq!(
        ProvingKey::from_hiding_commitment(other_model, commitment.clone(), secret, 1).unwrap_err(),
        ModelMismatch::BiasRow { layer: 0, row: 3 }.into()
    );
}

#[test]
fn wrong_outputs_are_rejected_by_the_sigma_protocol() {
    for visibility in [InputVisibility::Public, InputVisibility::Private] {
        let f = fixture(1, visibility);
        let mut outputs = f.proved.outputs.clone();
        outputs[0][2] += 1;
        let statement = HiddenStatement {
            outputs: &outputs,
            ..f.statement()
        };
        assert_eq!(
            verify_hidden_inference(&f.key.verifying_key(), statement, &f.proved.proof),
            first_round_failed()
        );
    }
}

#[test]
fn wrong_inputs_are_rejected() {
    // A public input changed.
    let f = fixture(2, InputVisibility::Public);
    let mut other = f.inputs.clone();
    other[1][0] ^= 1;
    let statement = HiddenStatement {
        input: StatementInput::Public(&other),
        outputs: &f.proved.outputs,
    };
    assert_eq!(
        verify_hidden_inference(&f.key.verifying_key(), statement, &f.proved.proof),
        first_round_failed()
    );
    // A committed input replaced by another input's commitment.
    let f = fixture(2, InputVisibility::Private);
    let other = prove_hidden_inference(
        &f.key,
        &inputs(2, 12, 99),
        InputVisibility::Private,
        &mut StdRng::seed_from_u64(98),
    )
    .unwrap();
    let statement = HiddenStatement {
        input: StatementInput::Committed(other.input_commitment.as_ref().unwrap()),
        outputs: &f.proved.outputs,
    };
    assert_eq!(
        verify_hidden_inference(&f.key.verifying_key(), statement, &f.proved.proof),
        first_round_failed()
    );
    // A public-input proof presented for a committed input, and the reverse.
    let public = fixture(2, InputVisibility::Public);
    let statement = HiddenStatement {
        input: StatementInput::Committed(f.proved.input_commitment.as_ref().unwrap()),
        outputs: &public.proved.outputs,
    };
    assert_eq!(
        verify_hidden_inference(&public.key.verifying_key(), statement, &public.proved.proof),
        Err(MlpError::Shape {
            what: "input range proofs",
            expected: 1,
            found: 0
        })
    );
}

#[test]
fn a_proof_replayed_under_another_statement_or_model_is_rejected() {
    let f = fixture(1, InputVisibility::Public);
    // Another proof's statement (other inputs, their true outputs).
    let other_inputs = inputs(1, 12, 20);
    let other = prove_hidden_inference(
        &f.key,
        &other_inputs,
        InputVisibility::Public,
        &mut StdRng::seed_from_u64(21),
    )
    .unwrap();
    let statement = HiddenStatement {
        input: StatementInput::Public(&other_inputs),
        outputs: &other.outputs,
    };
    assert_eq!(
        verify_hidden_inference(&f.key.verifying_key(), statement, &f.proved.proof),
        first_round_failed()
    );
    // The same model committed again (other blinds, another digest): the proof is bound to the
    // first commitment.
    let (again, _) = hiding_key(f.key.model().clone(), 1, 22);
    assert_eq!(
        verify_hidden_inference(&again.verifying_key(), f.statement(), &f.proved.proof),
        first_round_failed()
    );
}

#[test]
fn proofs_of_the_other_mode_are_rejected() {
    let f = fixture(1, InputVisibility::Public);
    let transparent = ProvingKey::commit(f.key.model().clone(), 1).unwrap();
    let (outputs, proof) = prove_inference(&transparent, &f.inputs).unwrap();
    // A transparent proof against the hiding commitment.
    let statement = InferenceStatement {
        inputs: &f.inputs,
        outputs: &outputs,
    };
    assert_eq!(
        verify_inference(&f.key.verifying_key(), statement, &proof),
        Err(MlpError::ModeMismatch {
            commitment: Mode::Hiding,
            proof: Mode::Transparent
        })
    );
    // A zero-knowledge proof against the transparent commitment.
    assert_eq!(
        verify_hidden_inference(&transparent.verifying_key(), f.statement(), &f.proved.proof),
        Err(MlpError::ModeMismatch {
            commitment: Mode::Transparent,
            proof: Mode::Hiding
        })
    );
    // Each prover refuses the other mode's key.
    assert_eq!(
        prove_inference(&f.key, &f.inputs).unwrap_err(),
        MlpError::ModeMismatch {
            commitment: Mode::Hiding,
            proof: Mode::Transparent
        }
    );
    assert_eq!(
        prove_hidden_inference(
            &transparent,
            &f.inputs,
            InputVisibility::Public,
            &mut StdRng::seed_from_u64(1)
        )
        .unwrap_err(),
        MlpError::ModeMismatch {
            commitment: Mode::Transparent,
            proof: Mode::Hiding
        }
    );
    // Each proof file reader names the other kind.
    let named = |e: MlpError, what: &str| matches!(e, MlpError::Malformed { detail, .. } if detail.contains(what));
    assert!(named(
        InferenceProof::from_bytes(&f.proved.proof.to_bytes()).unwrap_err(),
        "a zero-knowledge proof"
    ));
    assert!(named(
        HiddenInferenceProof::from_bytes(&proof.to_bytes()).unwrap_err(),
        "a transparent proof"
    ));
    // And a transparent key made from the hiding commitment is refused.
    assert_eq!(
        ProvingKey::from_commitment(f.key.model().clone(), f.key.commitment().clone(), 1)
            .unwrap_err(),
        MlpError::ModeMismatch {
            commitment: Mode::Hiding,
            proof: Mode::Transparent
        }
    );
}

#[test]
fn tampered_proof_parts_are_rejected() {
    let f = fixture(1, InputVisibility::Private);
    let verify = |p: &HiddenInferenceProof| f.verify(p);
    // A round polynomial value.
    let mut p = f.proved.proof.clone();
    p.layers[0].sumcheck.round_polynomials[1].evaluations[0] += spazk_field::Fr::from(1u64);
    assert!(verify(&p).is_err());
    // A missing layer proof.
    let mut p = f.proved.proof.clone();
    p.layers.clear();
    assert_eq!(
        verify(&p),
        Err(MlpError::Shape {
            what: "layer proofs",
            expected: 1,
            found: 0
        })
    );
    // The multiplicity commitment replaced by another proof's of the same input (the same
    // counts, other blinds): it is absorbed with the statement, so the first round fails.
    let other = prove_hidden_inference(
        &f.key,
        &f.inputs,
        InputVisibility::Private,
        &mut StdRng::seed_from_u64(31),
    )
    .unwrap();
    let mut p = f.proved.proof.clone();
    p.input_range.as_mut().unwrap().multiplicities =
        other.proof.input_range.unwrap().multiplicities;
    assert_eq!(verify(&p), first_round_failed());
    // A hidden scalar's commitment dropped.
    let mut p = f.proved.proof.clone();
    p.zk.scalar_commitments.pop();
    assert!(verify(&p).is_err());
    // The Σ-protocol's responses.
    let mut p = f.proved.proof.clone();
    p.zk.responses.kappa += spazk_field::Fr::from(1u64);
    assert_eq!(verify(&p), sigma_failed());
}

#[test]
fn mutated_proof_bytes_never_panic_and_never_verify() {
    let f = fixture(1, InputVisibility::Private);
    let key = f.key.verifying_key();
    let bytes = f.proved.proof.to_bytes();
    let mut rng = StdRng::seed_from_u64(30);
    for _ in 0..200 {
        let mut mutated = bytes.clone();
        let bit = rng.gen_range(0..bytes.len() * 8);
        mutated[bit / 8] ^= 1 << (bit % 8);
        if let Ok(proof) = HiddenInferenceProof::from_bytes(&mutated) {
            assert!(verify_hidden_inference(&key, f.statement(), &proof).is_err());
        }
    }
    // Truncations too.
    for len in [0, 8, 12, 100, bytes.len() / 2, bytes.len() - 1] {
        assert!(HiddenInferenceProof::from_bytes(&bytes[..len]).is_err());
    }
}

#[test]
fn a_verifying_key_from_the_published_commitment_verifies() {
    let f = fixture(2, InputVisibility::Private);
    let published = ModelCommitment::from_bytes(&f.key.commitment().to_bytes()).unwrap();
    let key = VerifyingKey::new(published, 1).unwrap();
    let input =
        InputCommitment::from_bytes(&f.proved.input_commitment.as_ref().unwrap().to_bytes())
            .unwrap();
    let proof = HiddenInferenceProof::from_bytes(&f.proved.proof.to_bytes()).unwrap();
    let statement = HiddenStatement {
        input: StatementInput::Committed(&input),
        outputs: &f.proved.outputs,
    };
    assert_eq!(verify_hidden_inference(&key, statement, &proof), Ok(()));
    drop(f.secret);
}

/// Every value of a zero-knowledge proof that is not fixed by the statement: round
/// polynomials, the Σ-protocol's field elements; and every point: commitments of the mask, the
/// scalars, the nonces, the private input's and multiplicities' rows (padding rows excepted:
/// they are the identity by design).
fn non_public_values(
    proved: &ProvedHiddenInference,
) -> (Vec<spazk_field::Fr>, Vec<spazk_hyrax::G1Affine>) {
    use ark_ec::AffineRepr;
    let proof = &proved.proof;
    let mut fields: Vec<spazk_field::Fr> = proof
        .layers
        .iter()
        .flat_map(|l| l.sumcheck.round_polynomials.iter())
        .flat_map(|r| r.evaluations.clone())
        .collect();
    if let Some(range) = &proof.input_range {
        for tree in [&range.lookup.witness_tree, &range.lookup.table_tree] {
            for layer in &tree.layers {
                fields.extend(
                    layer
                        .round_polynomials
                        .iter()
                        .flat_map(|r| r.evaluations.clone()),
                );
            }
        }
    }
    let r = &proof.zk.responses;
    fields.push(r.kappa);
    fields.extend(&r.scalars);
    fields.extend(&r.scalar_blinds);
    fields.extend(r.vectors.iter().flatten());
    fields.extend(&r.vector_blinds);
    let zk = &proof.zk;
    let mut points = vec![zk.mask_commitment, zk.commitments.k1, zk.commitments.k2];
    points.extend(&zk.scalar_commitments);
    points.extend(&zk.commitments.scalar_nonces);
    points.extend(&zk.commitments.vector_nonces);
    if let (Some(input), Some(range)) = (&proved.input_commitment, &proof.input_range) {
        points.extend(input.commitment.rows.iter().filter(|p| !p.is_zero()));
        points.extend(&range.multiplicities.rows);
    }
    (fields, points)
}

#[test]
fn the_same_statement_proved_twice_shares_no_hidden_value() {
    let cases = [
        (&[12, 10][..], InputVisibility::Public),
        (&[12, 10][..], InputVisibility::Private),
        (&[12, 10, 6][..], InputVisibility::Private),
    ];
    for (widths, visibility) in cases {
        let f = fixture_of(widths, 2, visibility);
        let again = prove_hidden_inference(
            &f.key,
            &f.inputs,
            visibility,
            &mut StdRng::seed_from_u64(40),
        )
        .unwrap();
        assert_eq!(again.outputs, f.proved.outputs);
        let (fields_a, points_a) = non_public_values(&f.proved);
        let (fields_b, points_b) = non_public_values(&again);
        assert!(fields_a.len() > 20 && points_a.len() >= 6);
        let fields_a: std::collections::HashSet<_> = fields_a.into_iter().collect();
        let points_a: std::collections::HashSet<_> = points_a.into_iter().collect();
        assert!(
            fields_b.iter().all(|v| !fields_a.contains(v)),
            "a field element repeats ({visibility:?})"
        );
        assert!(
            points_b.iter().all(|p| !points_a.contains(p)),
            "a point repeats ({visibility:?})"
        );
    }
}

#[test]
fn models_with_hidden_layers_prove_and_verify() {
    for (widths, batch) in [
        (&[12, 10, 6][..], 1),
        (&[12, 10, 6][..], 3),
        (&[16, 12, 8, 4][..], 2),
    ] {
        for visibility in [InputVisibility::Public, InputVisibility::Private] {
            let f = fixture_of(widths, batch, visibility);
            assert_eq!(
                f.proved.proof.activations.len(),
                widths.len() - 2,
                "one activation proof per hidden layer"
            );
            assert_eq!(
                f.verify(&f.proved.proof),
                Ok(()),
                "{widths:?}, batch {batch}, {visibility:?}"
            );
            let decoded = HiddenInferenceProof::from_bytes(&f.proved.proof.to_bytes()).unwrap();
            assert_eq!(f.verify(&decoded), Ok(()));
        }
    }
}

#[test]
fn hidden_layer_tampering_is_rejected() {
    let f = fixture_of(&[12, 10, 6], 1, InputVisibility::Public);
    // Wrong outputs: the statement changed, the last layer's first round fails.
    let mut outputs = f.proved.outputs.clone();
    outputs[0][0] -= 1;
    let statement = HiddenStatement {
        outputs: &outputs,
        ..f.statement()
    };
    assert_eq!(
        verify_hidden_inference(&f.key.verifying_key(), statement, &f.proved.proof),
        first_round_failed_at(1)
    );
    // Another proof's activation (same shapes, its own advice commitments): absorbed with the
    // statement, so the first round fails.
    let other = prove_hidden_inference(
        &f.key,
        &inputs(1, 12, 50),
        InputVisibility::Public,
        &mut StdRng::seed_from_u64(51),
    )
    .unwrap();
    let mut p = f.proved.proof.clone();
    p.activations[0] = other.proof.activations[0].clone();
    assert_eq!(f.verify(&p), first_round_failed_at(1));
    // A missing activation proof.
    let mut p = f.proved.proof.clone();
    p.activations.clear();
    assert_eq!(
        f.verify(&p),
        Err(MlpError::Shape {
            what: "activation proofs",
            expected: 1,
            found: 0
        })
    );
    // Mutated bytes never panic and never verify.
    let bytes = f.proved.proof.to_bytes();
    let mut rng = StdRng::seed_from_u64(52);
    for _ in 0..100 {
        let mut mutated = bytes.clone();
        let bit = rng.gen_range(0..bytes.len() * 8);
        mutated[bit / 8] ^= 1 << (bit % 8);
        if let Ok(proof) = HiddenInferenceProof::from_bytes(&mutated) {
            assert!(f.verify(&proof).is_err());
        }
    }
}

#[test]
fn a_settings_digest_binds_the_hiding_commitment_and_its_secret() {
    let m = model(10, 12, 60);
    let mut options = HidingOptions::new(BIAS_BITS);
    options.settings_digest = Some([7; 32]);
    let (key, secret) =
        ProvingKey::commit_hiding(m.clone(), &options, 1, &mut StdRng::seed_from_u64(61)).unwrap();
    assert_eq!(key.commitment().settings_digest, Some([7; 32]));
    assert_eq!(secret.model_digest(), &key.commitment().digest());
    // Set afterwards, the key's secret follows the new digest.
    let (plain, _) = hiding_key(m.clone(), 1, 62);
    let later = plain.with_settings_digest(Some([7; 32]));
    let secret = later.secret().unwrap().clone();
    assert_eq!(secret.model_digest(), &later.commitment().digest());
    ProvingKey::from_hiding_commitment(m, later.commitment().clone(), secret, 1).unwrap();
}
