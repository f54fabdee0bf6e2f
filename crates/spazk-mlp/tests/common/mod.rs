//! Files shared by the reader tests: a tiny model's proof and commitment (small enough to try
//! every bit), and the shipped golden ones. A test file using it also declares `mod verifying;`.
#![allow(dead_code)]

use super::verifying::verify_against;
use spazk_mlp::{
    prove_inference, InferenceProof, MlpError, Model, ModelCommitment, ProvingKey, VerifyingKey,
};

/// The shipped commitment, its published digest, a proof and the statement it proves.
pub const GOLDEN_COMMITMENT: &[u8] = include_bytes!("../../../../fixtures/model.spzc");
pub const GOLDEN_DIGEST: &str = include_str!("../../../../fixtures/model.digest");
pub const GOLDEN_PROOF: &[u8] = include_bytes!("../../../../fixtures/proof-0.spzp");
const GOLDEN_INPUT: &str = include_str!("../../../../fixtures/input-0.json");
const GOLDEN_OUTPUT: &str = include_str!("../../../../fixtures/proof-0.output.json");

/// A commitment file, a proof file, and the statement and key to verify them with.
pub struct Case {
    pub commitment_bytes: Vec<u8>,
    pub commitment: ModelCommitment,
    pub proof_bytes: Vec<u8>,
    pub key: VerifyingKey,
    pub inputs: Vec<Vec<u8>>,
    pub outputs: Vec<Vec<i64>>,
}

impl Case {
    /// 4-4-2, dense, 4-bit limbs: every part of a proof (mat-vec, limb activation, lookups,
    /// openings) in about 8 KB, verified in a few ms.
    pub fn tiny() -> Self {
        Self::tiny_with(1, vec![17, 200, 3, 96])
    }

    /// Another model and input of [`Self::tiny`]'s shapes.
    pub fn tiny_other() -> Self {
        Self::tiny_with(2, vec![250, 0, 31, 64])
    }

    fn tiny_with(seed: u64, input: Vec<u8>) -> Self {
        let mut model = Model::random(&[4, 4, 2], 1.0, seed).unwrap();
        model.layers[0].activation.as_mut().unwrap().limb_bits = 4;
        Self::proved(model, vec![input])
    }

    /// `model` committed (for batch 1) and its proof of `inputs`.
    pub fn proved(model: Model, inputs: Vec<Vec<u8>>) -> Self {
        let key = ProvingKey::commit(model, 1).unwrap();
        let (outputs, proof) = prove_inference(&key, &inputs).unwrap();
        Self {
            commitment_bytes: key.commitment().to_bytes(),
            commitment: key.commitment().clone(),
            proof_bytes: proof.to_bytes(),
            key: key.verifying_key(),
            inputs,
            outputs,
        }
    }

    /// The shipped MNIST commitment and the proof of `input-0.json`.
    pub fn golden() -> Self {
        let commitment = ModelCommitment::from_bytes(GOLDEN_COMMITMENT).unwrap();
        let inputs = vec![numbers(GOLDEN_INPUT)
            .iter()
            .map(|x| (x / commitment.input_scale).round() as u8)
            .collect()];
        // The integer logits: the text between "output_data" and "output_float" (the file also
        // holds the model digest, whose hex is no number).
        let data = GOLDEN_OUTPUT.split("output_data").nth(1).unwrap();
        let data = data.split("output_float").next().unwrap();
        let outputs = vec![numbers(data).iter().map(|v| *v as i64).collect()];
        Self {
            key: VerifyingKey::new(commitment.clone(), 1).unwrap(),
            commitment_bytes: GOLDEN_COMMITMENT.to_vec(),
            commitment,
            proof_bytes: GOLDEN_PROOF.to_vec(),
            inputs,
            outputs,
        }
    }

    /// Verifies a decoded proof against `commitment` and this case's statement (with this case's
    /// key when `commitment` is its own, else a key made from `commitment`, which checks it).
    pub fn verify(
        &self,
        commitment: &ModelCommitment,
        proof: &InferenceProof,
    ) -> Result<(), MlpError> {
        verify_against(&self.key, commitment, &self.inputs, &self.outputs, proof)
    }

    /// Verifies this case's own proof against `commitment` (see [`Self::verify`]).
    pub fn verify_own_proof(&self, commitment: &ModelCommitment) -> Result<(), MlpError> {
        self.verify(commitment, &InferenceProof::from_bytes(&self.proof_bytes)?)
    }

    /// Reads and verifies proof bytes against this case's commitment.
    pub fn check_proof(&self, bytes: &[u8]) -> Result<(), MlpError> {
        self.verify(&self.commitment, &InferenceProof::from_bytes(bytes)?)
    }
}

/// The numbers of a JSON text (the fixtures hold flat arrays of numbers).
fn numbers(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+')))
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().unwrap())
        .collect()
}

/// `bytes` with bit `bit` (of the whole file, low bit of byte 0 first) flipped.
pub fn flip(bytes: &[u8], bit: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[bit / 8] ^= 1 << (bit % 8);
    out
}
