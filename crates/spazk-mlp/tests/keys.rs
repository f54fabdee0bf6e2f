//! Proving and verifying keys: a key made from a stored commitment proves the same bytes as one
//! that commits, a commitment or key of another model is named, and the proving-key file is read
//! in its canonical encoding only.

mod key_models;
mod verifying;

use key_models::{inputs, model, reweighted};
use spazk_mlp::{
    prove_inference, MlpError, Model, ModelMismatch, ProvingKey, VerifyingKey, PROVING_KEY_MAGIC,
};
use verifying::verify;

#[test]
fn a_key_from_the_stored_commitment_proves_the_same_bytes() {
    let committing = ProvingKey::commit(model(1), 1).unwrap();
    let stored = committing.commitment().clone();
    let from_stored = ProvingKey::from_commitment(model(1), stored, 1).unwrap();
    // It derives only the advice's generators, not the weights' 64.
    assert!(from_stored.params().generators().len() < committing.params().generators().len());
    let inputs = inputs(1);
    let (outputs, proof) = prove_inference(&committing, &inputs).unwrap();
    let (again, same) = prove_inference(&from_stored, &inputs).unwrap();
    assert_eq!((&again, &same), (&outputs, &proof));
    assert_eq!(
        verify(&from_stored.verifying_key(), &inputs, &outputs, &proof),
        Ok(())
    );
}

#[test]
fn batches_above_the_keys_maximum_prove_and_verify() {
    let key = ProvingKey::commit(model(2), 1).unwrap();
    let verifying = VerifyingKey::new(key.commitment().clone(), 1).unwrap();
    let inputs = inputs(5);
    let (outputs, proof) = prove_inference(&key, &inputs).unwrap();
    assert_eq!(verify(&verifying, &inputs, &outputs, &proof), Ok(()));
    assert!(matches!(
        ProvingKey::commit(model(2), 0),
        Err(MlpError::Shape { .. })
    ));
    assert!(matches!(
        VerifyingKey::new(key.commitment().clone(), (1 << 16) + 1),
        Err(MlpError::Shape { .. })
    ));
}

#[test]
fn another_models_commitment_is_named() {
    let other = ProvingKey::commit(model(5), 1)
        .unwrap()
        .commitment()
        .clone();
    assert!(matches!(
        ProvingKey::from_commitment(model(1), other.clone(), 1),
        Err(MlpError::ModelMismatch(ModelMismatch::WeightRow {
            layer: 0,
            ..
        }))
    ));
    let mut biased = model(1);
    biased.layers[1].bias[3] += 1;
    assert_eq!(
        ProvingKey::from_commitment(biased, other, 1).unwrap_err(),
        MlpError::ModelMismatch(ModelMismatch::Bias { layer: 1 })
    );
    // Same biases and activations, other weights: a recomputed row differs.
    let other = ProvingKey::commit(reweighted(), 1)
        .unwrap()
        .commitment()
        .clone();
    assert!(matches!(
        ProvingKey::from_commitment(model(1), other, 1),
        Err(MlpError::ModelMismatch(ModelMismatch::WeightRow {
            layer: 0,
            ..
        }))
    ));
    let narrower = ProvingKey::commit(Model::random(&[32, 32, 10], 0.25, 1).unwrap(), 1)
        .unwrap()
        .commitment()
        .clone();
    assert_eq!(
        ProvingKey::from_commitment(model(1), narrower, 1).unwrap_err(),
        MlpError::ModelMismatch(ModelMismatch::InputWidth {
            committed: 32,
            model: 64
        })
    );
    let own = ProvingKey::commit(model(1), 1).unwrap();
    assert_eq!(
        own.commitment()
            .check_scales_and_settings(1.0 / 255.0, 2.0, None),
        Err(ModelMismatch::OutputScale)
    );
    assert_eq!(
        own.commitment()
            .check_scales_and_settings(1.0 / 255.0, 1.0, Some([0; 32])),
        Err(ModelMismatch::SettingsDigest)
    );
}

#[test]
fn proving_key_file_round_trips_and_checks_the_model() {
    let key = ProvingKey::commit(model(1), 4).unwrap();
    let bytes = key.to_bytes();
    assert_eq!(&bytes[..8], PROVING_KEY_MAGIC);
    let read = ProvingKey::from_bytes(&bytes, model(1)).unwrap();
    assert_eq!(read.commitment(), key.commitment());
    assert_eq!(read.max_batch(), 4);
    assert_eq!(read.to_bytes(), bytes);
    let inputs = inputs(4);
    assert_eq!(
        prove_inference(&read, &inputs).unwrap(),
        prove_inference(&key, &inputs).unwrap()
    );
    // Other weights under the same clear fields: the weights digest names it first.
    assert_eq!(
        ProvingKey::from_bytes(&bytes, reweighted()).unwrap_err(),
        MlpError::ModelMismatch(ModelMismatch::WeightsDigest)
    );
}

#[test]
fn malformed_proving_key_files_are_refused() {
    let bytes = ProvingKey::commit(model(1), 1).unwrap().to_bytes();
    for cut in [0, 7, 12, 16, 48, 80, 84, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            matches!(
                ProvingKey::from_bytes(&bytes[..cut], model(1)),
                Err(MlpError::Malformed { .. })
            ),
            "cut at {cut}"
        );
    }
    let edited = |edit: &dyn Fn(&mut Vec<u8>)| {
        let mut edited = bytes.clone();
        edit(&mut edited);
        edited
    };
    let malformed = [
        ("longer", edited(&|b| b.push(0))),
        ("magic", edited(&|b| b[0] ^= 1)),
        ("version", edited(&|b| b[8] = 9)),
        ("digest", edited(&|b| b[20] ^= 1)),
    ];
    for (what, edited) in malformed {
        assert!(
            matches!(
                ProvingKey::from_bytes(&edited, model(1)),
                Err(MlpError::Malformed { .. })
            ),
            "{what}"
        );
    }
    let batch = edited(&|b| b[12..16].copy_from_slice(&0u32.to_le_bytes()));
    assert!(matches!(
        ProvingKey::from_bytes(&batch, model(1)),
        Err(MlpError::FieldOutOfRange { .. })
    ));
    // Every single-bit flip is refused by the reader or names the mismatch, never panics.
    for bit in 0..bytes.len() * 8 {
        let mut flipped = bytes.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        let Err(error) = ProvingKey::from_bytes(&flipped, model(1)) else {
            // The maximum batch is free within its bounds: a flip there is another valid key.
            assert!((96..128).contains(&bit), "bit {bit} accepted");
            continue;
        };
        assert!(!error.to_string().is_empty());
    }
}
