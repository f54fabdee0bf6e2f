//! The shipped MNIST model: import, quantized accuracy against the model card, and outputs
//! against those the training script computed independently.

use spazk_mlp::{import_onnx, ImportOptions};

const ONNX: &[u8] = include_bytes!("../../../fixtures/mnist-784-512-10.onnx");
const TEST_SET: &[u8] = include_bytes!("../../../fixtures/mnist-test.bin");
const CARD: &str = include_str!("../../../fixtures/model-card.json");

fn card_number(key: &str) -> f64 {
    let at = CARD
        .find(&format!("\"{key}\""))
        .expect("key in the model card");
    let rest = &CARD[at..];
    let value = rest[rest.find(':').unwrap() + 1..]
        .trim_start()
        .split([',', '\n'])
        .next()
        .unwrap();
    value.trim().parse().unwrap()
}

fn json_ints(text: &str) -> Vec<i64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().unwrap())
        .collect()
}

#[test]
fn quantized_accuracy_matches_the_model_card() {
    let q = import_onnx(ONNX, &ImportOptions::default()).unwrap();
    let images: Vec<Vec<u8>> = TEST_SET
        .chunks_exact(785)
        .map(|c| c[1..].to_vec())
        .collect();
    let labels: Vec<u8> = TEST_SET.chunks_exact(785).map(|c| c[0]).collect();
    let outputs = q.model.infer(&images).unwrap();
    let correct = outputs
        .outputs()
        .iter()
        .zip(&labels)
        .filter(|(logits, label)| {
            let best = (0..logits.len())
                .max_by_key(|i| (logits[*i], -(*i as i64)))
                .unwrap();
            best == **label as usize
        })
        .count();
    let accuracy = correct as f64 / labels.len() as f64;
    assert!((accuracy - card_number("quantized_test_accuracy")).abs() < 1e-9);
    assert!(accuracy >= card_number("float_ternary_test_accuracy") - 0.02);
    assert_eq!(
        q.model.layers[0].activation.unwrap().shift as f64,
        card_number("shift")
    );
}

#[test]
fn outputs_match_the_training_scripts() {
    let q = import_onnx(ONNX, &ImportOptions::default()).unwrap();
    let inputs = [
        include_str!("../../../fixtures/input-0.json"),
        include_str!("../../../fixtures/input-1.json"),
        include_str!("../../../fixtures/input-2.json"),
        include_str!("../../../fixtures/input-3.json"),
    ];
    let outputs = [
        include_str!("../../../fixtures/output-0.json"),
        include_str!("../../../fixtures/output-1.json"),
        include_str!("../../../fixtures/output-2.json"),
        include_str!("../../../fixtures/output-3.json"),
    ];
    for (input, output) in inputs.iter().zip(outputs) {
        let floats: Vec<f64> = input
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-'))
            .filter(|t| !t.is_empty())
            .map(|t| t.parse().unwrap())
            .collect();
        let quantized = q.quantize_input(&floats).unwrap();
        let trace = q.model.infer(&[quantized]).unwrap();
        assert_eq!(trace.outputs()[0], json_ints(output));
    }
}
