//! MLPs of ternary layers, proved end to end.
//!
//! * [`model`]: the model (ternary or small-integer weights ([`weights`]), integer biases, ReLU + requantize between layers) and
//!   the quantized inference every proof proves — one code path for the numbers.
//! * [`onnx`]: loading what PyTorch exports for an MLP, recognising ternary weights, quantizing.
//! * [`calibrate`](mod@calibrate): choosing the hidden layers' shifts from sample data, against the float model.
//! * [`commitment`]: the model commitment, made once (O(nnz) per matrix), with a BLAKE3 digest
//!   users publish, and its file format (magic bytes and a version).
//! * [`keys`]: [`ProvingKey`] and [`VerifyingKey`], which own the committed weights and the Hyrax
//!   generators (sized there, from the model and a maximum batch), and the proving-key file.
//!   A proving key is made by committing, or from a stored commitment checked cheaply against
//!   the model, without committing again.
//! * [`prover`] / [`verifier`]: one proof for a whole inference on a batch. The prover commits
//!   every activation's advice first; the statement (model digest, batch, inputs, outputs) and
//!   those commitments are absorbed before any challenge. From a random point of the output
//!   table it walks down: each layer's linear step is the SpaZK mat-vec sumcheck against the
//!   committed weights (bias subtracted), leaving a claim on its input; a hidden input is an
//!   activation, whose argument ([`spazk_activation`]) carries that claim in its
//!   zero-check (no separate opening) and leaves a claim on the layer below's pre-activations;
//!   the first layer's claim is checked against the public input. Every Hyrax opening of the proof is settled with one MSM.
//!
//! * [`hidden`]: zero-knowledge proofs of the same inference over a hiding commitment
//!   ([`CommittedModel::commit_hiding`], the owner's [`ModelSecret`]): every round masked, every
//!   value hidden, the input public or committed ([`InputVisibility`]).
//! * [`secret`]: the owner's blinds of a hiding commitment and their file.
//! * [`protocol`]: the transcript labels and the order of the output claim's challenges, which
//!   the prover and the verifier both import.
//!
//! Table layout (design.md §1): a layer's values for a batch form one table of index
//! `b·m' + y` (batch in the high variables), batch padded to a power of two by repeating the
//! last element.
//!
//! May depend on: `spazk-field`, `spazk-matrix`, `spazk-transcript`, `spazk-sumcheck` (the
//! mat-vec protocol), `spazk-hyrax` (weight and advice commitments), `spazk-activation` (the
//! ReLU + requantize argument), `spazk-logup` (only the private input's range check; the
//! activations' lookups go through `spazk-activation`), arkworks, `blake3` (digests),
//! `prost` (the ONNX messages) and `tracing` (phase spans). Not on `spazk-gkr`; above it only the
//! facade, the command line and the Python package.
//!
//! # Soundness
//! The sum of the parts' errors: per layer the mat-vec's `(a + c + 2b)/|F|`, per activation the
//! LogUp and zero-check errors (`spazk-activation`, `spazk-logup`), `k/|F|` for the merged openings, and Hyrax
//! binding (discrete log in BN254 G1): far below `2^{−90}` for the models here.
//!
//! Transparent proofs are **not zero-knowledge**: they reveal folded weights and activations
//! (`tests/weight_extraction.rs` recovers every weight from a few of them). Proofs of
//! [`hidden`] are.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod calibrate;
pub mod claim;
pub mod commitment;
pub mod error;
pub mod hidden;
pub mod keys;
pub mod model;
pub mod onnx;
pub mod proof;
pub mod protocol;
pub mod prover;
pub mod secret;
pub mod verifier;
pub mod weights;

pub use calibrate::{calibrate, Calibration, Candidate, Score};
pub use claim::InferenceStatement;
pub use commitment::{
    settings_digest, CommitmentMode, CommittedModel, HidingOptions, LayerBias, LayerCommitment,
    ModelCommitment, COMMITMENT_MAGIC,
};
pub use error::{HiddenInputError, MlpError, Mode, ModelMismatch};
pub use hidden::{
    prove_hidden_inference, prove_hidden_inference_pooled, verify_hidden_inference,
    HiddenInferenceProof, HiddenStatement, InputCommitment, InputVisibility, ProvedHiddenInference,
    StatementInput,
};
pub use keys::{weights_digest, ProvingKey, VerifyingKey, PROVING_KEY_MAGIC};
pub use model::{
    parse_architecture, ActivationBound, DenseLayer, Model, Trace, DEFAULT_INPUT_SCALE, INPUT_MAX,
};
pub use onnx::{
    import_onnx, import_onnx_owned, CutNode, FloatDense, FloatModel, ImportOptions, OnnxError,
    QuantizedModel, ShiftSource, WeightReport,
};
pub use proof::{InferenceProof, LayerProof, PROOF_MAGIC};
pub use protocol::{MLP_PROTOCOL, MLP_ZK_PROTOCOL};
pub use prover::{prove_inference, ActivationProver};
#[cfg(feature = "test-util")]
pub use prover::{prove_inference_on, prove_with_advice};
pub use secret::{LayerSecret, ModelSecret};
pub use verifier::verify_inference;
pub use weights::{IntegerMatrix, LayerWeights};
