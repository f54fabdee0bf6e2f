//! Calibration on the skl2onnx digits classifier (fixtures/exporters/sklearn_classifier.*,
//! written by scripts/make_exporter_fixtures.py): calibrated on 500 training images, the integer
//! model must agree with onnxruntime's argmax on the same ternarized model on ≥ 99 % of the 297
//! held-out images. The same holds for a two-hidden-layer classifier (sklearn_deep.*), whose
//! shifts are searched layer by layer.

mod exporter_fixtures;

use exporter_fixtures::{argmax, fixture, float_rows as rows, json};
use spazk_mlp::{calibrate, import_onnx, ImportOptions, ShiftSource};

/// Rows of floats: images, or logits.
type Rows = Vec<Vec<f64>>;

/// The 500 calibration images, and the held-out images of `heldout` with onnxruntime's float
/// logits for them.
fn calibration_and_held_out(heldout: &str) -> [Rows; 3] {
    let calib = json("sklearn_classifier.calib.json");
    let held = json(heldout);
    [
        rows(&calib, "input_data"),
        rows(&held, "input_data"),
        rows(&held, "float_logits"),
    ]
}

/// The import options the classifiers are calibrated with: ternarized at factor 0.7.
fn ternarize_07() -> ImportOptions {
    ImportOptions {
        ternarize: Some(0.7),
        ..ImportOptions::default()
    }
}

/// Fraction of `inputs` whose integer argmax on `options`' import is onnxruntime's.
fn agreement(onnx: &str, options: &ImportOptions, inputs: &[Vec<f64>], float: &[Vec<f64>]) -> f64 {
    let model = import_onnx(&fixture(onnx), options).unwrap();
    let q: Vec<Vec<u8>> = inputs
        .iter()
        .map(|x| model.quantize_input(x).unwrap())
        .collect();
    let trace = model.model.infer(&q).unwrap();
    let agree = trace
        .outputs()
        .iter()
        .zip(float)
        .filter(|(i, f)| argmax(i) == argmax(f))
        .count();
    agree as f64 / inputs.len() as f64
}

/// [`agreement`] with `options`' worst-case shifts and with the calibrated `shifts`.
fn agreements(
    onnx: &str,
    options: &ImportOptions,
    shifts: &[u32],
    inputs: &[Vec<f64>],
    float: &[Vec<f64>],
) -> (f64, f64) {
    let calibrated = ImportOptions {
        shifts: Some(shifts.to_vec()),
        ..options.clone()
    };
    (
        agreement(onnx, options, inputs, float),
        agreement(onnx, &calibrated, inputs, float),
    )
}

#[test]
fn calibrated_shifts_agree_with_onnxruntime_on_held_out_digits() {
    let [calib, inputs, float] = calibration_and_held_out("sklearn_classifier.heldout.json");
    assert_eq!((calib.len(), inputs.len()), (500, 297));
    let options = ternarize_07();
    let result = calibrate(&fixture("sklearn_classifier.onnx"), &options, &calib).unwrap();
    assert_eq!(result.shifts.len(), 1);
    assert_eq!(result.model.shift_sources, vec![ShiftSource::Settings]);
    // Every shift from 1 to L − 8 was tried and reported.
    let bits = result.model.model.layers[0].activation.unwrap().input_bits;
    assert_eq!(result.candidates.len() as u32, bits - 8);
    assert!(result.chosen.argmax_agreement >= result.uncalibrated.argmax_agreement);

    // The Rust float model is onnxruntime's (same ternarized weights): same argmax throughout.
    let base = import_onnx(&fixture("sklearn_classifier.onnx"), &options).unwrap();
    assert_eq!(base.shift_sources, vec![ShiftSource::WorstCase]);
    let float_model = base.float_model();
    for (x, f) in inputs.iter().zip(&float) {
        let ours = float_model.logits(x);
        assert_eq!(argmax(&ours), argmax(f));
        for (a, b) in ours.iter().zip(f) {
            assert!((a - b).abs() < 1e-3 * b.abs().max(1.0), "{a} vs {b}");
        }
    }

    let (before, after) = agreements(
        "sklearn_classifier.onnx",
        &options,
        &result.shifts,
        &inputs,
        &float,
    );
    eprintln!(
        "held-out argmax agreement with onnxruntime: worst-case shifts {:.1} %, calibrated \
         shifts {:?} {:.1} % (calibration set {:.1} % → {:.1} %)",
        100.0 * before,
        result.shifts,
        100.0 * after,
        100.0 * result.uncalibrated.argmax_agreement,
        100.0 * result.chosen.argmax_agreement
    );
    assert!(after >= 0.99, "held-out agreement {after}");
}

#[test]
fn calibration_of_a_two_hidden_layer_model_agrees_with_onnxruntime_on_held_out_digits() {
    let [calib, inputs, float] = calibration_and_held_out("sklearn_deep.heldout.json");
    let options = ternarize_07();
    let result = calibrate(&fixture("sklearn_deep.onnx"), &options, &calib).unwrap();
    assert_eq!(result.shifts.len(), 2);
    assert_eq!(
        result.model.shift_sources,
        vec![ShiftSource::Settings, ShiftSource::Settings]
    );
    // Both layers' shifts were searched: every shift from 1 to L − 8 of each.
    for layer in 0..2 {
        let bits = result.model.model.layers[layer]
            .activation
            .unwrap()
            .input_bits;
        let tried = result
            .candidates
            .iter()
            .filter(|c| c.layer == layer)
            .count();
        assert_eq!(tried as u32, bits - 8, "layer {layer}");
    }
    assert!(result.chosen.argmax_agreement >= result.uncalibrated.argmax_agreement);

    let (before, after) = agreements(
        "sklearn_deep.onnx",
        &options,
        &result.shifts,
        &inputs,
        &float,
    );
    eprintln!(
        "two hidden layers, held-out argmax agreement with onnxruntime: worst-case shifts \
         {:.1} %, calibrated shifts {:?} {:.1} %",
        100.0 * before,
        result.shifts,
        100.0 * after
    );
    assert!(after >= 0.99, "held-out agreement {after}");
}

#[test]
fn calibration_refuses_bad_samples() {
    let options = ternarize_07();
    let model = fixture("sklearn_classifier.onnx");
    let err = calibrate(&model, &options, &[]).unwrap_err().to_string();
    assert!(err.contains("no calibration samples"), "{err}");
    let err = calibrate(&model, &options, &[vec![0.0; 3]])
        .unwrap_err()
        .to_string();
    assert!(err.contains("sample 0 has 3 values"), "{err}");
    let err = calibrate(&model, &options, &[vec![0.0; 64], vec![2.0; 64]])
        .unwrap_err()
        .to_string();
    assert!(err.contains("sample 1") && err.contains("outside"), "{err}");
}

#[test]
fn shifts_from_options_are_checked() {
    let model = fixture("sklearn_classifier.onnx");
    let with = |shifts: Vec<u32>| ImportOptions {
        shifts: Some(shifts),
        ..ternarize_07()
    };
    let err = import_onnx(&model, &with(vec![3, 4]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("2 shifts given for 1 hidden layers"), "{err}");
    let err = import_onnx(&model, &with(vec![0])).unwrap_err().to_string();
    assert!(err.contains("shift 0 of hidden layer 0"), "{err}");
    let ok = import_onnx(&model, &with(vec![5])).unwrap();
    assert_eq!(ok.model.layers[0].activation.unwrap().shift, 5);
    let err = import_onnx(
        &model,
        &ImportOptions {
            tensor_ternarize: vec![("nope".into(), 0.7)],
            ..with(vec![5])
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("no weight tensor named 'nope'"), "{err}");
}

/// The commitment records the settings digest (covered by the model digest), canonically.
#[test]
fn the_commitment_records_the_settings_digest() {
    use spazk_hyrax::HyraxParams;
    use spazk_mlp::{settings_digest, CommittedModel, MlpError, ModelCommitment};
    let model = import_onnx(
        &fixture("sklearn_classifier.onnx"),
        &ImportOptions {
            shifts: Some(vec![4]),
            ..ternarize_07()
        },
    )
    .unwrap();
    let params = HyraxParams::with_default_seed(64);
    let commit = |digest| {
        CommittedModel::commit_with_scales(
            model.model.clone(),
            model.input_scale,
            model.output_scale,
            &params,
        )
        .unwrap()
        .with_settings_digest(digest)
        .commitment
    };
    let digest = settings_digest(b"{\"format\": \"spazk-settings\"}");
    let (with, without) = (commit(Some(digest)), commit(None));
    assert_ne!(with.digest(), without.digest());
    let bytes = with.to_bytes();
    assert_eq!(bytes.len(), without.to_bytes().len() + 32);
    assert_eq!(
        &bytes[bytes.len() - 33..],
        &[&[1u8][..], &digest[..]].concat()[..]
    );
    assert_eq!(ModelCommitment::from_bytes(&bytes).unwrap(), with);
    let mut flag = bytes.clone();
    let at = bytes.len() - 33;
    flag[at] = 2;
    assert!(matches!(
        ModelCommitment::from_bytes(&flag),
        Err(MlpError::FieldOutOfRange { ref field, found: 2, .. }) if field == "settings flag"
    ));
    assert!(ModelCommitment::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    let mut trailing = without.to_bytes();
    trailing.push(0);
    assert!(ModelCommitment::from_bytes(&trailing).is_err());
}
