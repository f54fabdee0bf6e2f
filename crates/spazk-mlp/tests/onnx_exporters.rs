//! The importer on every exporter's graph shape: fixtures/exporters/*.onnx, written with the
//! logits they must give by scripts/make_exporter_fixtures.py (skl2onnx for real, PyTorch's two
//! exporters and tf2onnx mirrored node by node).

mod exporter_fixtures;

use exporter_fixtures::{argmax, fixture, float_rows, json, rows};
use spazk_mlp::{import_onnx, ImportOptions, OnnxError, QuantizedModel};

/// What the script recorded beside a model.
struct Expected {
    ternarize: Option<f64>,
    widths: Vec<usize>,
    cut: Vec<(String, String)>,
    inputs: Vec<Vec<f64>>,
    float_logits: Vec<Vec<f64>>,
    integer_logits: Vec<Vec<i64>>,
    output_scale: f64,
    argmax_agreement: f64,
}

fn expected(name: &str) -> Expected {
    let json = json(&format!("{name}.json"));
    Expected {
        ternarize: json["ternarize"].as_f64(),
        widths: json["widths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_u64().unwrap() as usize)
            .collect(),
        cut: json["cut"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c[0].as_str().unwrap().into(), c[1].as_str().unwrap().into()))
            .collect(),
        inputs: float_rows(&json, "inputs"),
        float_logits: float_rows(&json, "float_logits"),
        integer_logits: rows(&json, "integer_logits", serde_json::Value::as_i64),
        output_scale: json["output_scale"].as_f64().unwrap(),
        argmax_agreement: json["argmax_agreement"].as_f64().unwrap(),
    }
}

/// Imports a fixture with the options its JSON names and checks the cut nodes, the widths, the
/// integer logits (exactly) and the float logits' argmax (as often as the script found).
fn check(name: &str) -> QuantizedModel {
    let want = expected(name);
    let options = ImportOptions {
        ternarize: want.ternarize,
        ..ImportOptions::default()
    };
    let q = import_onnx(&fixture(&format!("{name}.onnx")), &options)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let cut: Vec<(String, String)> = q
        .cut_nodes
        .iter()
        .map(|c| (c.op.clone(), c.name.clone()))
        .collect();
    assert_eq!(cut, want.cut, "{name}: cut nodes");
    let mut widths = vec![q.model.input_dim];
    widths.extend(q.model.layers.iter().map(|l| l.shape().rows));
    assert_eq!(widths, want.widths, "{name}: widths");
    let inputs: Vec<Vec<u8>> = want
        .inputs
        .iter()
        .map(|x| q.quantize_input(x).unwrap())
        .collect();
    let trace = q.model.infer(&inputs).unwrap();
    assert_eq!(
        trace.outputs(),
        want.integer_logits.as_slice(),
        "{name}: integer logits"
    );
    assert!(
        (q.output_scale - want.output_scale).abs() <= 1e-9 * want.output_scale.abs(),
        "{name}: output scale {} vs {}",
        q.output_scale,
        want.output_scale
    );
    let agreeing = trace
        .outputs()
        .iter()
        .zip(&want.float_logits)
        .filter(|(ints, floats)| argmax(ints) == argmax(floats))
        .count();
    assert!(
        agreeing as f64 >= want.argmax_agreement * want.inputs.len() as f64 - 1e-9,
        "{name}: argmax agrees with onnxruntime on {agreeing} of {}",
        want.inputs.len()
    );
    q
}

#[test]
fn skl2onnx_classifier_with_zipmap() {
    let q = check("sklearn_classifier");
    // Floats ternarized: every tensor reports its threshold and keeps some weights.
    for report in &q.weight_reports {
        assert!(report.threshold.is_some(), "{report:?}");
        assert!(report.kept_fraction > 0.0 && report.kept_fraction < 1.0);
    }
    assert_eq!(q.weight_reports[0].tensor, "coefficient");
}

#[test]
fn skl2onnx_classifier_without_zipmap() {
    check("sklearn_classifier_nozipmap");
}

#[test]
fn skl2onnx_regressor() {
    check("sklearn_regressor");
}

#[test]
fn skl2onnx_binary_classifier_sigmoid_sub_concat_are_cut() {
    let q = check("sklearn_binary");
    assert_eq!(q.model.layers.last().unwrap().shape().rows, 1);
}

#[test]
fn torch_script_exporter_gemm_trans_b_opset_9() {
    let q = check("torch_script");
    // Ternary already: nothing thresholded.
    assert!(q.weight_reports.iter().all(|r| r.threshold.is_none()));
}

#[test]
fn torch_script_exporter_dynamic_view_shape_arithmetic_is_folded() {
    check("torch_script_view");
}

#[test]
fn torch_dynamo_exporter_reshape_transpose_matmul_add() {
    check("torch_dynamo");
}

#[test]
fn tf2onnx_keras_matmul_add_softmax_identity() {
    check("tf2onnx_keras");
}

#[test]
fn gemm_alpha_beta_are_folded_into_the_scales() {
    check("gemm_alpha_beta");
}

#[test]
fn every_unsupported_operator_is_listed_in_one_message() {
    let err = import_onnx(&fixture("unsupported_ops.onnx"), &ImportOptions::default())
        .err()
        .unwrap();
    assert_eq!(
        err,
        OnnxError::Unsupported(vec![
            ("Tanh".into(), vec!["tanh_1".into(), "tanh_3".into()]),
            ("LeakyRelu".into(), vec!["leaky_2".into()]),
        ])
    );
    let message = err.to_string();
    assert!(
        message.contains("'Tanh' (nodes 'tanh_1', 'tanh_3'), 'LeakyRelu' (node 'leaky_2')"),
        "{message}"
    );
}

#[test]
fn ternarizing_every_weight_away_is_refused_naming_the_tensor() {
    let options = ImportOptions {
        ternarize: Some(1e9),
        ..ImportOptions::default()
    };
    let err = import_onnx(&fixture("sklearn_classifier.onnx"), &options)
        .err()
        .unwrap();
    assert!(matches!(&err, OnnxError::AllZero { tensor, .. } if tensor == "coefficient"));
    assert!(
        err.to_string()
            .contains("all weights of tensor 'coefficient' are zero after ternarization"),
        "{err}"
    );
}

#[test]
fn float_weights_without_ternarize_name_the_tensor() {
    let err = import_onnx(&fixture("tf2onnx_keras.onnx"), &ImportOptions::default())
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("'sequential/dense/MatMul/ReadVariableOp:0'"),
        "{err}"
    );
}
