//! Attacks on zero-knowledge whole-model proofs at the model level (the ZK core's are in
//! `spazk-hyrax/tests/zk_attacks.rs`): statement re-labelling (a padded batch presented as a
//! real one, a declared bias bound or a version changed in the commitment file), padding rows
//! made to carry values on every reader path, the owner's secret misused, what a proof's shape
//! depends on, and mutated files. Each test names the attack and asserts the exact error. All
//! randomness is seeded.

mod exporter_fixtures;
mod hiding;

use ark_bn254::G1Affine;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use hiding::{hiding_key, hiding_key_under, inputs, model_with_biases, BIAS_BITS};
use spazk_field::Fr;
use spazk_hyrax::HyraxError;
use spazk_mlp::commitment::{bias_data_rows, bias_layout, COMMITMENT_VERSION};
use spazk_mlp::model::hiding_input_bits;
use spazk_mlp::{
    import_onnx, prove_hidden_inference, verify_hidden_inference, ActivationBound, CommitmentMode,
    HiddenStatement, HidingOptions, ImportOptions, InputCommitment, InputVisibility, LayerBias,
    LayerSecret, MlpError, Model, ModelCommitment, ModelMismatch, ModelSecret,
    ProvedHiddenInference, ProvingKey, StatementInput, VerifyingKey,
};

/// A model of the given widths, ternary at `density`, nonzero biases within [`BIAS_BITS`],
/// every hidden layer's shift `shift` (so that two models differ in their weights only).
fn model_of(widths: &[usize], density: f64, shift: u32, seed: u64) -> Model {
    let mut model = model_with_biases(widths, density, seed);
    for spec in model
        .layers
        .iter_mut()
        .filter_map(|l| l.activation.as_mut())
    {
        spec.shift = shift;
    }
    model
}

/// `forged` (an edited commitment of `key`'s model) is refused with `error` by `validate`, the
/// file reader, a verifying key and a hiding proving key made with `secret`.
fn refused_on_every_reader_path(
    key: &ProvingKey,
    secret: &ModelSecret,
    forged: ModelCommitment,
    error: MlpError,
) {
    assert_eq!(forged.validate(), Err(error.clone()));
    assert_eq!(
        ModelCommitment::from_bytes(&forged.to_bytes()),
        Err(error.clone())
    );
    assert_eq!(VerifyingKey::new(forged.clone(), 1).unwrap_err(), error);
    assert_eq!(
        ProvingKey::from_hiding_commitment(key.model().clone(), forged, secret.clone(), 1)
            .unwrap_err(),
        error
    );
}

fn prove(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
    visibility: InputVisibility,
    seed: u64,
) -> ProvedHiddenInference {
    prove_hidden_inference(key, inputs, visibility, &mut StdRng::seed_from_u64(seed)).unwrap()
}

fn statement<'a>(proved: &'a ProvedHiddenInference, inputs: &'a [Vec<u8>]) -> HiddenStatement<'a> {
    HiddenStatement {
        input: match &proved.input_commitment {
            Some(c) => StatementInput::Committed(c),
            None => StatementInput::Public(inputs),
        },
        outputs: &proved.outputs,
    }
}

/// What a changed statement gives when the model's last layer is `layer`: the statement is
/// absorbed before every challenge, so the first clear check of the last layer's masked
/// sumcheck fails.
fn first_round_failed_at(layer: usize) -> Result<(), MlpError> {
    Err(MlpError::HiddenLinear {
        layer,
        source: spazk_sumcheck::HiddenVerifyError::Sumcheck(
            spazk_sumcheck::SumcheckError::RoundSumMismatch { round: 1 },
        ),
    })
}

/// A point that is not the identity (a generator of the key's).
fn some_point(key: &ProvingKey) -> G1Affine {
    key.params().generators()[0]
}

/// Attack: a batch of 3 (padded to 4 by repeating the last element) presented as a batch of 4
/// whose last element is that repetition — the same tables, so every opening would agree. The
/// batch size is absorbed with the statement (and a committed input's `batch` must equal it),
/// so the proof is rejected at the first round, for public and for committed inputs.
#[test]
fn a_padded_batch_presented_as_a_real_batch_is_rejected() {
    let (key, _) = hiding_key(model_of(&[12, 10, 6], 0.5, 4, 1), 4, 2);
    let inputs = inputs(3, 12, 3);
    let mut padded_inputs = inputs.clone();
    padded_inputs.push(inputs[2].clone());
    for visibility in [InputVisibility::Public, InputVisibility::Private] {
        let proved = prove(&key, &inputs, visibility, 4);
        let vk = key.verifying_key();
        assert_eq!(
            verify_hidden_inference(&vk, statement(&proved, &inputs), &proved.proof),
            Ok(())
        );
        let mut outputs = proved.outputs.clone();
        outputs.push(outputs[2].clone());
        let mut relabelled = proved.input_commitment.clone();
        let input = match &mut relabelled {
            Some(c) => {
                // The commitment's layout is the padded batch's either way: only the label moves.
                c.batch = 4;
                StatementInput::Committed(c)
            }
            None => StatementInput::Public(&padded_inputs),
        };
        let forged = HiddenStatement {
            input,
            outputs: &outputs,
        };
        assert_eq!(
            verify_hidden_inference(&vk, forged, &proved.proof),
            first_round_failed_at(1),
            "{visibility:?}"
        );
        // The label moved on a committed input alone (outputs kept) is a shape error.
        if let Some(c) = &relabelled {
            let forged = HiddenStatement {
                input: StatementInput::Committed(c),
                outputs: &proved.outputs,
            };
            assert_eq!(
                verify_hidden_inference(&vk, forged, &proved.proof),
                Err(MlpError::Shape {
                    what: "number of outputs",
                    expected: 4,
                    found: 3
                })
            );
        }
    }
}

/// Attack on the declared bounds: a version-3 file whose `bias_bits` or activation bound `L` is
/// changed. An `L` above the shape rule's ceiling is refused by the reader and by `validate`;
/// a bias bound or an `L` changed within the rule is another commitment (another digest): a
/// proof made for the original fails at the first round, or, when `L` changes the activation's
/// columns, at their shape. The version changed to the transparent one makes the bias
/// commitment unreadable as `i64` biases.
#[test]
fn a_relabelled_bound_or_version_is_rejected() {
    let (key, _) = hiding_key(model_of(&[12, 10, 6], 0.2, 4, 5), 1, 6);
    let inputs = inputs(1, 12, 7);
    let proved = prove(&key, &inputs, InputVisibility::Public, 8);
    let original = key.commitment().clone();
    let declared = original.layers[0].activation.unwrap().input_bits;
    let ceiling = hiding_input_bits(original.layers[0].shape, 0, BIAS_BITS);
    // The default bound is the weights' worst case, below the shape rule's here.
    assert_eq!(
        original.activation_bounds(),
        vec![key.model().layers[0].worst_case_bits()]
    );
    assert!(declared < ceiling);

    // L above the ceiling: never needed, refused on every reader path.
    let mut above = original.clone();
    above.layers[0].activation.as_mut().unwrap().input_bits = ceiling + 1;
    let expected = MlpError::Model(format!(
        "layer 0: activation bound 2^{} is above the shape rule's 2^{ceiling} (from the shape, \
         the weight kind and the bias bound)",
        ceiling + 1
    ));
    assert_eq!(above.validate(), Err(expected.clone()));
    assert_eq!(
        ModelCommitment::from_bytes(&above.to_bytes()),
        Err(expected.clone())
    );
    assert_eq!(VerifyingKey::new(above, 1).unwrap_err(), expected);

    // A larger bias bound, L kept: a valid commitment with another digest.
    let mut relabelled = original.clone();
    relabelled.mode = CommitmentMode::Hiding {
        bias_bits: BIAS_BITS + 6,
    };
    let read = ModelCommitment::from_bytes(&relabelled.to_bytes()).unwrap();
    assert_ne!(read.digest(), original.digest());
    let vk = VerifyingKey::new(read, 1).unwrap();
    assert_eq!(
        verify_hidden_inference(&vk, statement(&proved, &inputs), &proved.proof),
        first_round_failed_at(1)
    );

    // L moved past a limb boundary within the larger ceiling: other activation shapes (the limb
    // method's columns follow L), so the proof's advice no longer fits it.
    let wider = (declared.div_ceil(8) * 8) + 1;
    assert!(wider <= hiding_input_bits(original.layers[0].shape, 0, BIAS_BITS + 6));
    relabelled.layers[0].activation.as_mut().unwrap().input_bits = wider;
    let vk = VerifyingKey::new(
        ModelCommitment::from_bytes(&relabelled.to_bytes()).unwrap(),
        1,
    )
    .unwrap();
    assert!(matches!(
        verify_hidden_inference(&vk, statement(&proved, &inputs), &proved.proof),
        Err(MlpError::Activation {
            layer: 0,
            source: spazk_activation::ActivationError::Shape {
                what: "limb commitments",
                ..
            }
        })
    ));

    // The version byte set to the transparent one: the file no longer parses as a commitment.
    let mut bytes = original.to_bytes();
    bytes[8..12].copy_from_slice(&COMMITMENT_VERSION.to_le_bytes());
    assert!(ModelCommitment::from_bytes(&bytes).is_err());
}

/// Attack: hidden units in the padding. A committer puts values in padded weight rows, padded
/// bias rows or a private input's padded rows (the padded columns of the next layer's weights,
/// hidden too, would read them). Every padding row must stay the identity: refused by the file
/// reader, by `validate` (so by every verifying key), by the hiding key's constructor, and, for
/// an input commitment, by its reader and by the verifier.
#[test]
fn padding_rows_carrying_values_are_refused_on_every_path() {
    let (key, secret) = hiding_key(model_of(&[12, 10, 6], 0.5, 4, 9), 1, 10);
    let original = key.commitment().clone();
    let point = some_point(&key);

    // Layer 0 has 10 rows, padded to 16: weight row 12 is padding.
    let mut weights = original.clone();
    weights.layers[0].weights.rows[12] = point;
    let weight_error = MlpError::Model("layer 0: padded weight row 12 is not zero".into());
    // A bias of 10 rows is laid out 2 wide: rows 5..8 are padding.
    assert_eq!(bias_layout(10).cols(), 2);
    assert_eq!(bias_data_rows(10), 5);
    let mut bias = original.clone();
    let LayerBias::Hidden(c) = &mut bias.layers[0].bias else {
        panic!("a hiding commitment hides its biases")
    };
    c.rows[6] = point;
    let bias_error = MlpError::Model("layer 0: padded bias row 6 is not the identity".into());

    for (forged, error) in [(weights, weight_error), (bias, bias_error)] {
        refused_on_every_reader_path(&key, &secret, forged, error);
    }

    // A private input of width 12 (padded to 16) is laid out 4 wide per element: row 3 of
    // each element is padding.
    let inputs = inputs(1, 12, 11);
    let proved = prove(&key, &inputs, InputVisibility::Private, 12);
    let mut input = proved.input_commitment.clone().unwrap();
    assert_eq!(input.commitment.layout.cols(), 4);
    input.commitment.rows[3] = point;
    let error = MlpError::InputCommitment("padding row 3 is not the identity".into());
    assert_eq!(
        InputCommitment::from_bytes(&input.to_bytes()),
        Err(error.clone())
    );
    let forged = HiddenStatement {
        input: StatementInput::Committed(&input),
        outputs: &proved.outputs,
    };
    assert_eq!(
        verify_hidden_inference(&key.verifying_key(), forged, &proved.proof),
        Err(error)
    );
}

/// Attack on the hiding weight layout: a version-3 commitment whose wide layer holds its
/// weights under the natural layout (one Hyrax row per matrix row: a 4096-wide opening
/// response per proof, and not the layout the format fixes) is refused on every path with the
/// layout error; and under the hiding layout, the padded matrix rows are the Hyrax rows from
/// `m·2^h` on, each refused when it is not the identity (the rows before, holding real matrix
/// rows even where their columns are padding, are blinded).
#[test]
fn a_wide_layer_under_the_natural_layout_is_refused_on_every_path() {
    use spazk_hyrax::zk::BlindedCommitment;
    use spazk_hyrax::Layout;
    use spazk_mlp::commitment::{weight_data_rows, weight_layout};
    use spazk_mlp::Mode;
    // Layer 0: 10×64, padded 16×64, laid out 32×32 (h = 1); layer 1: 6×10, padded 8×16,
    // laid out 16×8 (h = 1).
    let (key, secret) = hiding_key(model_of(&[64, 10, 6], 0.5, 4, 11), 2, 12);
    let original = key.commitment().clone();
    let shapes: Vec<_> = original.layers.iter().map(|l| l.shape).collect();
    for (layer, shape) in original.layers.iter().zip(&shapes) {
        assert_eq!(layer.weights.layout, Layout::hiding_matrix(*shape));
        assert_eq!(layer.weights.layout, weight_layout(*shape, Mode::Hiding));
    }
    assert_eq!(Layout::hiding_matrix(shapes[0]).rows(), 32);
    assert_eq!(weight_data_rows(shapes[0]), 20);
    assert_eq!(weight_data_rows(shapes[1]), 12);
    assert_eq!(secret.layers()[0].weight_blinds.len(), 20);
    // The honest model proves and verifies, a private input too.
    let batch = inputs(2, 64, 14);
    for visibility in [InputVisibility::Public, InputVisibility::Private] {
        let proved = prove(&key, &batch, visibility, 15);
        let verifying = VerifyingKey::new(original.clone(), 2).unwrap();
        assert_eq!(
            verify_hidden_inference(&verifying, statement(&proved, &batch), &proved.proof),
            Ok(())
        );
    }

    let mut rng = StdRng::seed_from_u64(13);
    let mut natural = original.clone();
    natural.layers[0].weights = BlindedCommitment::commit(
        &key.model().layers[0].weights,
        key.params(),
        Layout::of_matrix(shapes[0]),
        &mut rng,
    )
    .unwrap()
    .commitment;
    let layout_error = MlpError::Model(
        "layer 0: weight commitment layout 4×6 variables is not the hiding (few columns) layout \
         of the layer shape"
            .into(),
    );
    // Padded matrix rows 6, 7 of layer 1 are its Hyrax rows 12..16.
    let mut padded = original.clone();
    padded.layers[1].weights.rows[13] = some_point(&key);
    let padded_error = MlpError::Model("layer 1: padded weight row 13 is not zero".into());
    for (forged, error) in [(natural, layout_error), (padded, padded_error)] {
        refused_on_every_reader_path(&key, &secret, forged, error);
    }

    // A secret with one blind per matrix row (the natural layout's count) is not this
    // commitment's.
    let mut layers = secret.layers().to_vec();
    layers[0].weight_blinds.truncate(shapes[0].rows);
    let short = ModelSecret::new(*secret.model_digest(), layers);
    assert_eq!(
        ProvingKey::from_hiding_commitment(key.model().clone(), original, short, 1).unwrap_err(),
        MlpError::ModelMismatch(ModelMismatch::SecretShape {
            layer: 0,
            what: "weight",
            expected: 20,
            found: 10,
        })
    );
}

/// The owner's secret misused: another model's secret (its digest), the right digest with zero
/// blinds (a transparent commitment's "blinds": the spot rows and every bias row recomputed),
/// a zero blind hidden in a row the spot check does not draw (the key is made, but proving
/// refuses the zero blind: no proof, no panic), and truncated or extended files.
#[test]
fn a_misused_secret_is_refused_without_panicking() {
    let model = model_of(&[12, 10, 6], 0.5, 4, 13);
    let (key, secret) = hiding_key(model.clone(), 1, 14);
    let (other_key, other_secret) = hiding_key(model.clone(), 1, 15);
    let commitment = key.commitment().clone();
    let from = |secret: ModelSecret| {
        ProvingKey::from_hiding_commitment(model.clone(), commitment.clone(), secret, 1)
    };

    assert_eq!(
        from(other_secret.clone()).unwrap_err(),
        ModelMismatch::SecretDigest.into()
    );
    // Another model's secret re-labelled with this digest: the blinds are wrong.
    let relabelled = ModelSecret::new(commitment.digest(), other_secret.layers().to_vec());
    assert!(matches!(
        from(relabelled).unwrap_err(),
        MlpError::ModelMismatch(ModelMismatch::WeightRow { .. } | ModelMismatch::BiasRow { .. })
    ));
    drop(other_key);

    // Every blind zero.
    let zero = Fr::from(0u64);
    let zeros: Vec<LayerSecret> = secret
        .layers()
        .iter()
        .map(|l| LayerSecret {
            weight_blinds: vec![zero; l.weight_blinds.len()],
            bias_blinds: vec![zero; l.bias_blinds.len()],
        })
        .collect();
    assert!(matches!(
        from(ModelSecret::new(commitment.digest(), zeros)).unwrap_err(),
        MlpError::ModelMismatch(ModelMismatch::WeightRow { .. } | ModelMismatch::BiasRow { .. })
    ));

    // A zero blind in every weight row of layer 1 but the spot-checked ones: find a row the
    // key accepts zeroed, then prove.
    let mut accepted = None;
    for row in 0..6 {
        let mut layers = secret.layers().to_vec();
        layers[1].weight_blinds[row] = zero;
        if let Ok(k) = from(ModelSecret::new(commitment.digest(), layers)) {
            accepted = Some((k, row));
            break;
        }
    }
    let (k, row) = accepted.expect("the spot check draws at most two rows of six");
    let inputs = inputs(1, 12, 16);
    assert_eq!(
        prove_hidden_inference(
            &k,
            &inputs,
            InputVisibility::Public,
            &mut StdRng::seed_from_u64(17)
        )
        .unwrap_err(),
        MlpError::Commitment(HyraxError::ZeroBlind { row })
    );

    // Files: truncated at every length, extended, another secret's bytes.
    let bytes = secret.to_bytes();
    for len in 0..bytes.len() {
        assert!(
            ModelSecret::from_bytes(&bytes[..len]).is_err(),
            "length {len}"
        );
    }
    let mut extended = bytes.clone();
    extended.push(0);
    assert!(ModelSecret::from_bytes(&extended).is_err());
    // A blind ≥ the modulus.
    let mut big = bytes.clone();
    let first_blind = 8 + 4 + 32 + 4 + 4;
    big[first_blind..first_blind + 32].fill(0xff);
    assert!(ModelSecret::from_bytes(&big).is_err());
}

/// What a proof reveals through its shape: two models of the same widths, weight kinds, shifts
/// and bias bound but very different weights (densities 0.2 and 0.9: row norms, hence the
/// worst-case `L`, far apart), committed under the shape rule ([`ActivationBound::Shape`]),
/// publish the same header — every `L` from the shapes, hence the same activation methods — and
/// give proofs of the same length for any input, public or private. The control: the default
/// rule ([`ActivationBound::WorstCase`]) publishes the worst case's bit length, as documented.
#[test]
fn nothing_in_a_proofs_shape_depends_on_the_weights() {
    let widths = [12, 10, 6];
    let sparse = model_of(&widths, 0.2, 4, 18);
    let dense = model_of(&widths, 0.9, 4, 19);
    // The control: the transparent bound follows the row norms.
    assert_ne!(
        sparse.layers[0].worst_case_bits(),
        dense.layers[0].worst_case_bits()
    );
    let default_bounds = |model: &Model, seed| {
        hiding_key(model.clone(), 1, seed)
            .0
            .commitment()
            .activation_bounds()
    };
    assert_eq!(
        default_bounds(&sparse, 20),
        vec![sparse.layers[0].worst_case_bits()]
    );
    assert_ne!(default_bounds(&sparse, 20), default_bounds(&dense, 21));
    let (a, _) = hiding_key_under(sparse, 2, 20, ActivationBound::Shape);
    let (b, _) = hiding_key_under(dense, 2, 21, ActivationBound::Shape);
    let header = |c: &ModelCommitment| {
        c.layers
            .iter()
            .map(|l| (l.shape, l.weight_kind, l.activation, l.weights.layout))
            .collect::<Vec<_>>()
    };
    assert_eq!(header(a.commitment()), header(b.commitment()));
    assert_eq!(
        a.commitment().to_bytes().len(),
        b.commitment().to_bytes().len()
    );
    for batch in [1, 2] {
        for visibility in [InputVisibility::Public, InputVisibility::Private] {
            let lengths: Vec<(usize, usize)> = [(&a, 22), (&b, 23), (&a, 24)]
                .iter()
                .map(|(key, seed)| {
                    let x = inputs(batch, 12, *seed);
                    let proved = prove(key, &x, visibility, *seed);
                    let zk = &proved.proof.zk;
                    (proved.proof.to_bytes().len(), zk.scalar_commitments.len())
                })
                .collect();
            assert!(
                lengths.iter().all(|l| *l == lengths[0]),
                "batch {batch}, {visibility:?}: {lengths:?}"
            );
        }
    }
}

/// Mutated files never panic: every bit of a private input's commitment, bits of the owner's
/// secret, and random bits of a hiding commitment. What still decodes is another statement or
/// another model: the proof is rejected (a mutated secret that still makes a key — a blind of a
/// row the spot check does not draw — makes a proof that fails).
#[test]
fn mutated_commitment_secret_and_input_files_never_panic() {
    let (key, secret) = hiding_key(model_of(&[12, 10, 6], 0.5, 4, 25), 1, 26);
    let inputs = inputs(1, 12, 27);
    let proved = prove(&key, &inputs, InputVisibility::Private, 28);
    let vk = key.verifying_key();

    let input_bytes = proved.input_commitment.as_ref().unwrap().to_bytes();
    for bit in 0..input_bytes.len() * 8 {
        let mut mutated = input_bytes.clone();
        mutated[bit / 8] ^= 1 << (bit % 8);
        if let Ok(input) = InputCommitment::from_bytes(&mutated) {
            let forged = HiddenStatement {
                input: StatementInput::Committed(&input),
                outputs: &proved.outputs,
            };
            assert!(
                verify_hidden_inference(&vk, forged, &proved.proof).is_err(),
                "bit {bit}"
            );
        }
    }

    // Every bit of the header and counts, and of the first bytes of each blind (one bit per
    // byte elsewhere: a key per decodable mutation costs its generators).
    let secret_bytes = secret.to_bytes();
    let mut keys_made = 0;
    let bits = (0..secret_bytes.len() * 8).filter(|bit| bit / 8 < 60 || bit % 8 == bit / 8 % 8);
    for bit in bits {
        let mut mutated = secret_bytes.clone();
        mutated[bit / 8] ^= 1 << (bit % 8);
        let Ok(s) = ModelSecret::from_bytes(&mutated) else {
            continue;
        };
        let Ok(k) =
            ProvingKey::from_hiding_commitment(key.model().clone(), key.commitment().clone(), s, 1)
        else {
            continue;
        };
        // Proving every such key is slow: a few suffice to show the proofs fail.
        keys_made += 1;
        if keys_made % 64 != 1 {
            continue;
        }
        let forged = prove(&k, &inputs, InputVisibility::Private, 29);
        assert_eq!(
            verify_hidden_inference(&vk, statement(&forged, &inputs), &forged.proof),
            Err(MlpError::Sigma(HyraxError::SigmaCheckFailed)),
            "bit {bit}"
        );
    }
    assert!(keys_made > 0, "some blinds are not spot-checked");

    let commitment_bytes = key.commitment().to_bytes();
    let mut rng = StdRng::seed_from_u64(30);
    for _ in 0..600 {
        let bit = rng.gen_range(0..commitment_bytes.len() * 8);
        let mut mutated = commitment_bytes.clone();
        mutated[bit / 8] ^= 1 << (bit % 8);
        if let Ok(c) = ModelCommitment::from_bytes(&mutated) {
            if let Ok(vk) = VerifyingKey::new(c, 1) {
                assert!(
                    verify_hidden_inference(&vk, statement(&proved, &inputs), &proved.proof)
                        .is_err(),
                    "bit {bit}"
                );
            }
        }
    }
}

/// ZK leak at import: the ONNX importer's worst-case default shift is `max(1, L − 12)` with `L`
/// from the row norms, and a hiding commitment publishes every shift. The digits classifier
/// ternarized at two thresholds (same shapes and kinds, other weights) gets other default
/// shifts (the leak, shown on the imports); [`spazk_mlp::QuantizedModel::hiding_shifts`] gives
/// both the same shifts, from the shapes and the declared bias bound, and imported with them
/// the two hiding commitments publish the same header under the shape rule for `L`.
#[test]
fn hiding_imports_take_no_shift_from_the_row_norms() {
    let onnx = exporter_fixtures::fixture("sklearn_classifier.onnx");
    let bias_bits = 30;
    let import = |factor: f64, shifts: Option<Vec<u32>>| {
        import_onnx(
            &onnx,
            &ImportOptions {
                ternarize: Some(factor),
                shifts,
                ..ImportOptions::default()
            },
        )
        .unwrap()
    };
    let (loose, tight) = (import(0.5, None), import(2.0, None));
    let shift = |q: &spazk_mlp::QuantizedModel| q.model.layers[0].activation.unwrap().shift;
    // The leak: the default shift follows the weights.
    assert_ne!(shift(&loose), shift(&tight));
    assert_eq!(
        loose.hiding_shifts(bias_bits),
        tight.hiding_shifts(bias_bits)
    );

    let header = |q: spazk_mlp::QuantizedModel, seed: u64| {
        let options = HidingOptions {
            activation_bound: ActivationBound::Shape,
            ..HidingOptions::new(bias_bits)
        };
        let (key, _) =
            ProvingKey::commit_hiding(q.model, &options, 1, &mut StdRng::seed_from_u64(seed))
                .unwrap();
        key.commitment()
            .layers
            .iter()
            .map(|l| (l.shape, l.weight_kind, l.activation))
            .collect::<Vec<_>>()
    };
    let shifts = loose.hiding_shifts(bias_bits);
    assert_eq!(
        header(import(0.5, Some(shifts.clone())), 31),
        header(import(2.0, Some(shifts)), 32)
    );
    // Shifts the committer chose (a settings file) are kept.
    let chosen = import(0.5, Some(vec![7]));
    assert_eq!(chosen.hiding_shifts(bias_bits), vec![7]);
}

/// Attack: the shape rule under the widest declared bias bound (`spazk commit --shape-bounds
/// --bias-bits 40`). The rule gives `L = 41` for every shape, above the activation's
/// `MAX_INPUT_BITS = 40`: refused when committing, with a message naming the bound and the way
/// out (before: the activation's width check, "input bits is 41, expected 40"), never a panic
/// and never a commitment that no reader accepts. One bit less commits.
#[test]
fn shape_bounds_under_the_widest_bias_bound_are_refused_by_name() {
    let model = model_of(&[12, 10, 6], 0.5, 4, 1);
    let layer = &model.layers[0];
    assert_eq!(
        hiding_input_bits(layer.shape(), layer.weights.kind(), 40),
        41
    );
    let options = |bias_bits| HidingOptions {
        activation_bound: ActivationBound::Shape,
        ..HidingOptions::new(bias_bits)
    };
    let result = ProvingKey::commit_hiding(
        model.clone(),
        &options(40),
        1,
        &mut StdRng::seed_from_u64(2),
    );
    assert_eq!(
        result.err(),
        Some(MlpError::Model(
            "layer 0: declared activation bound 2^41 is above the largest an activation \
             proves, 2^40 (declare a smaller bias bound)"
                .into()
        ))
    );
    let (key, _) =
        ProvingKey::commit_hiding(model, &options(39), 1, &mut StdRng::seed_from_u64(2)).unwrap();
    assert_eq!(key.commitment().activation_bounds(), vec![40]);
}
