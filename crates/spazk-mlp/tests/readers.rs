//! Hostile commitment files and commitments built in memory: every field is checked before any
//! arithmetic on it, each error names the field, and nothing panics (issue 13, item 2).

mod common;
mod verifying;

use common::Case;
use spazk_activation::ActivationSpec;
use spazk_mlp::{MlpError, Model, ModelCommitment, ProvingKey};

/// A three-layer model: two hidden activations and an output layer.
fn fixture() -> Case {
    let model = Model::random(&[16, 8, 8, 4], 0.5, 3).unwrap();
    Case::proved(model, vec![(0..16).map(|i| (i * 29 % 256) as u8).collect()])
}

/// The error of reading `commitment`'s encoding.
fn read_error(commitment: &ModelCommitment) -> MlpError {
    ModelCommitment::from_bytes(&commitment.to_bytes()).unwrap_err()
}

fn assert_field(error: MlpError, expected_field: &str, expected_found: u64) {
    match error {
        MlpError::FieldOutOfRange {
            what: "commitment",
            field,
            found,
            ..
        } => {
            assert_eq!(field, expected_field);
            assert_eq!(found, expected_found);
        }
        other => panic!("expected {expected_field} out of range, got {other:?}"),
    }
}

fn with_spec(f: &Case, layer: usize, edit: impl Fn(&mut ActivationSpec)) -> ModelCommitment {
    let mut c = f.commitment.clone();
    edit(c.layers[layer].activation.as_mut().unwrap());
    c
}

#[test]
fn limb_width_zero_is_named_not_a_division_by_zero() {
    let f = fixture();
    let hostile = with_spec(&f, 1, |s| s.limb_bits = 0);
    let error = read_error(&hostile);
    assert_field(error.clone(), "layer 1 limb_bits", 0);
    assert!(error.to_string().contains("limb_bits"), "{error}");
    // The library check and the verifier reject it too (no panic).
    assert!(hostile.layers[1].activation.unwrap().check().is_err());
    assert!(
        matches!(f.verify_own_proof(&hostile), Err(MlpError::Model(m)) if m.contains("limb bits"))
    );
}

#[test]
fn every_activation_width_is_bounded_by_name() {
    let f = fixture();
    type SetWidth = fn(&mut ActivationSpec, u32);
    let cases: [(&str, u32, SetWidth); 3] = [
        ("input_bits", ActivationSpec::MAX_INPUT_BITS, |s, v| {
            s.input_bits = v
        }),
        ("shift", ActivationSpec::MAX_SHIFT, |s, v| s.shift = v),
        ("limb_bits", ActivationSpec::MAX_LIMB_BITS, |s, v| {
            s.limb_bits = v
        }),
    ];
    for (name, max, set) in cases {
        for bad in [0, max + 1, u32::MAX] {
            let hostile = with_spec(&f, 0, |s| set(s, bad));
            assert_field(read_error(&hostile), &format!("layer 0 {name}"), bad as u64);
            assert!(f.verify_own_proof(&hostile).is_err());
        }
    }
}

#[test]
fn header_and_shape_fields_are_bounded_by_name() {
    let f = fixture();
    let bytes = f.commitment.to_bytes();
    // Offsets of the format in commitment.rs: magic 8, version 4, input width 4, scales 2 × 8,
    // layer count 4; then layer 0: rows 4, columns 4, weight kind 1, activation flag 1.
    let cases: [(usize, &[u8], &str, u64); 8] = [
        (12, &0u32.to_le_bytes(), "input width", 0),
        (12, &(1u32 << 21).to_le_bytes(), "input width", 1 << 21),
        (32, &0u32.to_le_bytes(), "layer count", 0),
        (36, &0u32.to_le_bytes(), "layer 0 rows", 0),
        (40, &15u32.to_le_bytes(), "layer 0 columns", 15),
        (
            40,
            &u32::MAX.to_le_bytes(),
            "layer 0 columns",
            u32::MAX as u64,
        ),
        (44, &[2], "layer 0 weight kind", 2),
        (45, &[7], "layer 0 activation flag", 7),
    ];
    for (offset, patch, field, found) in cases {
        let mut hostile = bytes.clone();
        hostile[offset..offset + patch.len()].copy_from_slice(patch);
        assert_field(
            ModelCommitment::from_bytes(&hostile).unwrap_err(),
            field,
            found,
        );
    }
}

#[test]
fn scales_must_be_finite() {
    let f = fixture();
    for (input_scale, output_scale) in [
        (f64::NAN, 1.0),
        (f64::INFINITY, 1.0),
        (0.0, 1.0),
        (-1.0, 1.0),
        (1.0, f64::NAN),
        (1.0, f64::NEG_INFINITY),
    ] {
        let mut hostile = f.commitment.clone();
        hostile.input_scale = input_scale;
        hostile.output_scale = output_scale;
        let message = read_error(&hostile).to_string();
        assert!(message.contains("scale"), "{message}");
        assert!(matches!(
            f.verify_own_proof(&hostile),
            Err(MlpError::Model(_))
        ));
    }
}

/// Reading `hostile`'s encoding and verifying against it both give a model error that says
/// both of `says`.
fn assert_read_and_verify_say(f: &Case, hostile: &ModelCommitment, says: [&str; 2]) {
    for error in [
        read_error(hostile),
        f.verify_own_proof(hostile).unwrap_err(),
    ] {
        assert!(
            matches!(&error, MlpError::Model(m) if m.contains(says[0]) && m.contains(says[1])),
            "{error}"
        );
    }
}

#[test]
fn activations_sit_on_hidden_layers_only() {
    let f = fixture();
    // No layers: an error, not an index out of bounds or an underflow.
    let mut empty = f.commitment.clone();
    empty.layers.clear();
    assert!(matches!(
        f.verify_own_proof(&empty),
        Err(MlpError::Model(_))
    ));
    assert!(
        matches!(read_error(&empty), MlpError::FieldOutOfRange { field, .. } if field == "layer count")
    );

    // An activation on the output layer would be silently ignored: an error.
    let mut output_activates = f.commitment.clone();
    output_activates.layers[2].activation = f.commitment.layers[0].activation;
    assert_read_and_verify_say(&f, &output_activates, ["layer 2", "output layer"]);

    // A hidden layer without one.
    let mut hidden_plain = f.commitment.clone();
    hidden_plain.layers[1].activation = None;
    assert_read_and_verify_say(&f, &hidden_plain, ["layer 1", "no activation"]);
}

#[test]
fn in_memory_shapes_are_checked_before_use() {
    let f = fixture();
    let mut short_bias = f.commitment.clone();
    short_bias.layers[0].bias.public_mut().unwrap().pop();
    assert!(
        matches!(f.verify_own_proof(&short_bias), Err(MlpError::Model(m)) if m.contains("biases"))
    );
    let mut unchained = f.commitment.clone();
    unchained.input_dim = 8;
    assert!(matches!(
        f.verify_own_proof(&unchained),
        Err(MlpError::Model(_))
    ));
    let mut bad_kind = f.commitment.clone();
    bad_kind.layers[1].weight_kind = 9;
    assert!(
        matches!(f.verify_own_proof(&bad_kind), Err(MlpError::Model(m)) if m.contains("weight kind"))
    );
    let mut swapped_weights = f.commitment.clone();
    swapped_weights.layers[0].weights = f.commitment.layers[2].weights.clone();
    assert!(matches!(
        f.verify_own_proof(&swapped_weights),
        Err(MlpError::Model(_))
    ));
    // The untouched commitment still verifies.
    assert_eq!(f.verify_own_proof(&f.commitment), Ok(()));
}

#[test]
fn padded_weight_rows_must_commit_zero() {
    // 6 hidden units padded to 8: a committer hiding two more units in rows 6 and 7 is refused
    // by the reader and by the verifier.
    let model = Model::random(&[16, 6, 4], 0.5, 5).unwrap();
    let honest = ProvingKey::commit(model, 1).unwrap().commitment().clone();
    assert_eq!(honest.validate(), Ok(()));
    let mut hidden_units = honest.clone();
    hidden_units.layers[0].weights.rows[6] = honest.layers[0].weights.rows[0];
    let error = read_error(&hidden_units);
    assert!(
        matches!(&error, MlpError::Model(m) if m.contains("layer 0") && m.contains("padded weight row 6")),
        "{error:?}"
    );
    assert_eq!(hidden_units.validate(), Err(error));
}
