//! `spazk demo`: the shipped ternary MNIST model (fixtures/, trained by
//! scripts/train_mnist_ternary.py) committed, run on the held-out digits, and proved and
//! verified on the shipped inputs, one at a time and as a batch, in both modes: transparent
//! (commitment binding only) and zero-knowledge (hiding commitment, blinds, masks and nonces
//! from the OS).

use crate::files::{commit, commit_hiding};
use crate::Failure;
use spazk::mlp::{
    import_onnx, ActivationBound, ImportOptions, ProvingKey, ShiftSource, VerifyingKey,
};
use spazk::ZkRng;
use spazk_cli::phases::record;

const MODEL: &[u8] = include_bytes!("../../../fixtures/mnist-784-512-10.onnx");
const TEST_SET: &[u8] = include_bytes!("../../../fixtures/mnist-test.bin");
const INPUTS: [&str; 4] = [
    include_str!("../../../fixtures/input-0.json"),
    include_str!("../../../fixtures/input-1.json"),
    include_str!("../../../fixtures/input-2.json"),
    include_str!("../../../fixtures/input-3.json"),
];

fn argmax(logits: &[i64]) -> usize {
    (0..logits.len())
        .max_by_key(|i| (logits[*i], -(*i as i64)))
        .unwrap_or(0)
}

/// Runs the demo.
pub fn run() -> Result<(), Failure> {
    let internal = |e: String| Failure::Usage(format!("shipped fixture: {e}"));
    let mut steps = crate::progress::Steps::new(6);
    steps.step("loading fixtures/mnist-784-512-10.onnx (ternary weights, 8-bit activations)");
    let model =
        import_onnx(MODEL, &ImportOptions::default()).map_err(|e| internal(e.to_string()))?;
    // Both modes prove the same model: its shifts come from its metadata, never from the row
    // norms a hiding commitment must not reveal.
    if model.shift_sources.contains(&ShiftSource::WorstCase) {
        return Err(internal(
            "the shipped model has no spazk.shift metadata".into(),
        ));
    }
    let mut rng = spazk::os_rng().map_err(|e| Failure::Usage(e.to_string()))?;

    steps.step("committing the weights once (Hyrax, additions of generators only)");
    // Sized for the batch of four proved below; the commit figure is the weights' alone.
    let (key, spans) = record(|| commit(&model, None, INPUTS.len()));
    let key = key?;
    let commit_ms = spans.ms("commit_weights");

    steps.step("committing them again in hiding mode (every weight and bias row blinded)");
    let bias_bits = model.model.shape_bias_bits();
    let (hiding, spans) = record(|| {
        commit_hiding(
            &model,
            None,
            bias_bits,
            ActivationBound::WorstCase,
            INPUTS.len(),
            &mut rng,
        )
    });
    // The secret stays in memory: the demo proves with the key, which holds a copy.
    let (zk_key, _secret) = hiding?;
    let zk_commit_ms = spans.ms("commit_weights");

    steps.step("quantized inference on the 1000 held-out MNIST digits");
    let images: Vec<Vec<u8>> = TEST_SET
        .chunks_exact(785)
        .map(|c| c[1..].to_vec())
        .collect();
    let labels: Vec<usize> = TEST_SET.chunks_exact(785).map(|c| c[0] as usize).collect();
    let trace = model
        .model
        .infer(&images)
        .map_err(|e| internal(e.to_string()))?;
    let correct = trace
        .outputs()
        .iter()
        .zip(&labels)
        .filter(|(logits, label)| argmax(logits) == **label)
        .count();

    let inputs: Vec<Vec<u8>> = INPUTS
        .iter()
        .map(|text| {
            let file: crate::files::InputFile =
                serde_json::from_str(text).map_err(|e| internal(e.to_string()))?;
            model.quantize_input(&file.input_data[0]).map_err(internal)
        })
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for (mode, key) in [("transparent", &key), ("zero-knowledge", &zk_key)] {
        steps.step(&format!(
            "{mode}: proving and verifying each shipped input, then all four as one batch"
        ));
        let verifying = key.verifying_key();
        let mut prover = DemoProver::new(key, &verifying, mode);
        for (k, input) in inputs.iter().enumerate() {
            let name = format!("input-{k}");
            rows.push(prover.prove_and_verify(std::slice::from_ref(input), &name, &mut rng)?);
        }
        rows.push(prover.prove_and_verify(&inputs, "batch of 4", &mut rng)?);
    }

    drop(steps);
    println!(
        "SpaZK demo: MNIST 784-512-10, ternary weights ({} of {} nonzero)",
        model.model.nnz(),
        model.model.parameters()
    );
    println!(
        "  model digest        {} (transparent)",
        key.commitment().digest_hex()
    );
    println!(
        "  model digest        {} (zero-knowledge)",
        zk_key.commitment().digest_hex()
    );
    println!("  commit (once)       {commit_ms:.1} ms transparent, {zk_commit_ms:.1} ms hiding");
    println!(
        "  test accuracy       {:.1}% on 1000 held-out digits (quantized, as proved)",
        100.0 * correct as f64 / labels.len() as f64
    );
    for row in &rows {
        println!(
            "  {:<14} {:<12} predicted {:?}: prove {:.1} ms{}, verify {:.1} ms, proof {} bytes",
            row.mode,
            row.name,
            row.predicted,
            row.prove_ms,
            row.precompute_ms
                .map_or(String::new(), |ms| format!(" (+ {ms:.1} ms precomputed)")),
            row.verify_ms,
            row.proof_bytes
        );
    }
    println!(
        "  (zero-knowledge: the input-independent randomness — mask, nonces, blinds and their \
         commitments — is precomputed while waiting for the input, each entry used once)"
    );
    println!(
        "  transparent proofs are sound but NOT zero-knowledge: they reveal folded weights and \
         activations"
    );
    println!(
        "  zero-knowledge proofs hide the weights, the biases and every hidden activation (and \
         a private input); they reveal the shapes, shifts, declared bounds (biases within \
         2^{bias_bits}, hidden layers' pre-activations within 2^L for L = {:?}), the public \
         input and the output",
        zk_key.commitment().activation_bounds()
    );
    Ok(())
}

struct Row {
    mode: &'static str,
    name: String,
    predicted: Vec<usize>,
    prove_ms: f64,
    /// Zero knowledge: filling the nonce pool before the input arrived.
    precompute_ms: Option<f64>,
    verify_ms: f64,
    proof_bytes: usize,
}

/// Proves and verifies in one mode. In zero-knowledge mode, as `bench mlp --zk` does: a first,
/// untimed proof of each batch size records what such a proof takes, and before each timed
/// proof the nonce pool is filled again (timed apart), as a prover does while it waits.
struct DemoProver<'a> {
    key: &'a ProvingKey,
    verifying: &'a VerifyingKey,
    mode: &'static str,
    pool: spazk::zk::NoncePool,
    warmed: Vec<usize>,
}

impl<'a> DemoProver<'a> {
    fn new(key: &'a ProvingKey, verifying: &'a VerifyingKey, mode: &'static str) -> Self {
        Self {
            key,
            verifying,
            mode,
            pool: spazk::zk::NoncePool::new(),
            warmed: Vec::new(),
        }
    }

    fn prove_and_verify(
        &mut self,
        inputs: &[Vec<u8>],
        name: &str,
        rng: &mut ZkRng,
    ) -> Result<Row, Failure> {
        let (mode, key, verifying) = (self.mode, self.key, self.verifying);
        let named = |f| match f {
            Failure::Rejected(m) => Failure::Rejected(format!("{mode} {name}: {m}")),
            Failure::Usage(m) => Failure::Usage(format!("{mode} {name}: {m}")),
        };
        let precompute_ms = if key.mode() == spazk::mlp::Mode::Hiding {
            if !self.warmed.contains(&inputs.len()) {
                crate::files::prove_and_verify(key, verifying, inputs, &mut self.pool, rng)
                    .map_err(named)?;
                self.warmed.push(inputs.len());
            }
            let params = key.params_for(inputs.len());
            let start = std::time::Instant::now();
            self.pool.refill(&params, rng);
            Some(start.elapsed().as_secs_f64() * 1e3)
        } else {
            None
        };
        let run = crate::files::prove_and_verify(key, verifying, inputs, &mut self.pool, rng)
            .map_err(named)?;
        Ok(Row {
            mode,
            name: name.to_string(),
            predicted: run.outputs.iter().map(|o| argmax(o)).collect(),
            prove_ms: run.prove_ms,
            precompute_ms,
            verify_ms: run.verify_ms,
            proof_bytes: run.proof_bytes,
        })
    }
}
