//! Both modes behind one interface: commit in hiding mode, prove in the mode of the key's
//! commitment, verify in the mode of the verifier's commitment (issue 15; design.md §8).
//!
//! The mode is never a separate choice at proving or verifying time: it is the commitment's
//! ([`spazk_mlp::CommitmentMode`], covered by the digest users publish). A hiding commitment
//! hides the weights and the biases, and its proofs are zero-knowledge: they reveal the
//! statement (digest, batch size, the public input or a commitment to a private one, the
//! outputs), the shapes and the commitment's public parameters (shifts, limb widths, scales,
//! the declared bias bound and activation bounds `L`, [`spazk_mlp::ActivationBound`]), and
//! nothing else of the weights, biases or hidden activations. A transparent commitment's proofs reveal folded weights and
//! activations. A proof of the other mode is refused ([`MlpError::ModeMismatch`]).
//!
//! Every hiding commitment and zero-knowledge proof made here draws its blinds, masks and
//! nonces from a [`ZkRng`] ([`crate::os_rng`]).

use crate::randomness::ZkRng;
pub use spazk_hyrax::zk::NoncePool;
use spazk_mlp::hidden::HIDDEN_PROOF_MAGIC;
use spazk_mlp::{
    prove_hidden_inference, prove_hidden_inference_pooled, prove_inference,
    verify_hidden_inference, verify_inference, HiddenInferenceProof, HiddenStatement,
    HidingOptions, InferenceProof, InferenceStatement, InputCommitment, InputVisibility, MlpError,
    Mode, Model, ModelSecret, ProvingKey, StatementInput, VerifyingKey, PROOF_MAGIC,
};

/// A proof of either mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Proof {
    /// Against a transparent commitment (not zero-knowledge).
    Transparent(InferenceProof),
    /// Against a hiding commitment (zero-knowledge); boxed, as it is ten times the other's
    /// size on the stack.
    ZeroKnowledge(Box<HiddenInferenceProof>),
}

impl Proof {
    /// The mode of the commitment the proof is for.
    pub fn mode(&self) -> Mode {
        match self {
            Proof::Transparent(_) => Mode::Transparent,
            Proof::ZeroKnowledge(_) => Mode::Hiding,
        }
    }

    /// The file encoding: each mode's own magic bytes, version and body.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            Proof::Transparent(p) => p.to_bytes(),
            Proof::ZeroKnowledge(p) => p.to_bytes(),
        }
    }

    /// Refuses a proof file of the other mode than `mode`, known by its magic bytes
    /// ([`MlpError::ModeMismatch`]), before anything is decoded; any other file passes (its
    /// reader decides).
    pub fn check_mode(bytes: &[u8], mode: Mode) -> Result<(), MlpError> {
        let other = match bytes.get(..8) {
            Some(magic) if magic == PROOF_MAGIC && mode == Mode::Hiding => Some(Mode::Transparent),
            Some(magic) if magic == HIDDEN_PROOF_MAGIC && mode == Mode::Transparent => {
                Some(Mode::Hiding)
            }
            _ => None,
        };
        match other {
            Some(proof) => Err(MlpError::ModeMismatch {
                commitment: mode,
                proof,
            }),
            None => Ok(()),
        }
    }

    /// Decodes a proof for a commitment of mode `mode` (the verifier's, never the file's
    /// choice): a file of the other mode is [`MlpError::ModeMismatch`] ([`Self::check_mode`]);
    /// anything else is decoded by that mode's reader.
    pub fn from_bytes(bytes: &[u8], mode: Mode) -> Result<Self, MlpError> {
        Self::check_mode(bytes, mode)?;
        match mode {
            Mode::Transparent => InferenceProof::from_bytes(bytes).map(Proof::Transparent),
            Mode::Hiding => {
                HiddenInferenceProof::from_bytes(bytes).map(|p| Proof::ZeroKnowledge(Box::new(p)))
            }
        }
    }
}

/// What [`prove`] returns: the outputs, a private input's commitment (published instead of the
/// input; `None` for a public input) and the proof.
#[derive(Clone, Debug)]
pub struct Proved {
    /// The logits, one row per input.
    pub outputs: Vec<Vec<i64>>,
    /// The private input's commitment.
    pub input_commitment: Option<InputCommitment>,
    /// The proof, in the mode of the key's commitment.
    pub proof: Proof,
}

/// Commits `model` in hiding mode for batches of up to `max_batch`, every blind from `rng`:
/// the proving key (which keeps a copy of the secret) and the owner's secret, to store with the
/// model and never publish ([`ProvingKey::commit_hiding`]).
pub fn commit_hiding(
    model: Model,
    options: &HidingOptions,
    max_batch: usize,
    rng: &mut ZkRng,
) -> Result<(ProvingKey, ModelSecret), MlpError> {
    ProvingKey::commit_hiding(model, options, max_batch, rng)
}

/// Runs the model on `inputs` and proves it in the mode of `key`'s commitment: a
/// zero-knowledge proof with a hiding key (masks, blinds and nonces from `rng`), a transparent
/// one otherwise. A private input needs a hiding key: a transparent proof reveals its input
/// ([`MlpError::ModeMismatch`]).
pub fn prove(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
    visibility: InputVisibility,
    rng: &mut ZkRng,
) -> Result<Proved, MlpError> {
    match key.mode() {
        Mode::Hiding => {
            let proved = prove_hidden_inference(key, inputs, visibility, rng)?;
            Ok(Proved {
                outputs: proved.outputs,
                input_commitment: proved.input_commitment,
                proof: Proof::ZeroKnowledge(Box::new(proved.proof)),
            })
        }
        Mode::Transparent => {
            if visibility == InputVisibility::Private {
                return Err(MlpError::ModeMismatch {
                    commitment: Mode::Transparent,
                    proof: Mode::Hiding,
                });
            }
            let (outputs, proof) = prove_inference(key, inputs)?;
            Ok(Proved {
                outputs,
                input_commitment: None,
                proof: Proof::Transparent(proof),
            })
        }
    }
}

/// [`prove`] with a hiding key, taking the input-independent randomness (the mask, the
/// Σ-protocol's nonces, blinds and their commitments) from `pool` — filled ahead of the input
/// ([`NoncePool::fill`] / [`NoncePool::refill`]), each entry used once — and computing whatever
/// it lacks on the spot. A transparent key needs no pool: it proves as [`prove`] does.
pub fn prove_pooled(
    key: &ProvingKey,
    inputs: &[Vec<u8>],
    visibility: InputVisibility,
    pool: &mut NoncePool,
    rng: &mut ZkRng,
) -> Result<Proved, MlpError> {
    if key.mode() == Mode::Transparent {
        return prove(key, inputs, visibility, rng);
    }
    let proved = prove_hidden_inference_pooled(key, inputs, visibility, pool, rng)?;
    Ok(Proved {
        outputs: proved.outputs,
        input_commitment: proved.input_commitment,
        proof: Proof::ZeroKnowledge(Box::new(proved.proof)),
    })
}

/// Verifies `proof` of `outputs` on `input` in the mode of `key`'s commitment: a proof of the
/// other mode, or a committed input against a transparent commitment, is
/// [`MlpError::ModeMismatch`]; then that mode's verifier decides.
pub fn verify(
    key: &VerifyingKey,
    input: StatementInput<'_>,
    outputs: &[Vec<i64>],
    proof: &Proof,
) -> Result<(), MlpError> {
    let mode = key.commitment().proof_mode();
    if proof.mode() != mode {
        return Err(MlpError::ModeMismatch {
            commitment: mode,
            proof: proof.mode(),
        });
    }
    match (proof, input) {
        (Proof::ZeroKnowledge(proof), input) => {
            verify_hidden_inference(key, HiddenStatement { input, outputs }, proof)
        }
        (Proof::Transparent(proof), StatementInput::Public(inputs)) => {
            verify_inference(key, InferenceStatement { inputs, outputs }, proof)
        }
        (Proof::Transparent(_), StatementInput::Committed(_)) => Err(MlpError::ModeMismatch {
            commitment: Mode::Transparent,
            proof: Mode::Hiding,
        }),
    }
}
