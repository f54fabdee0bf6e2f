//! Proving and verifying keys: a model's committed weights with the Hyrax generators its proofs
//! need, sized here once (from the model's shapes and a maximum batch) so that no caller counts
//! generators.
//!
//! A [`ProvingKey`] is made by committing a model ([`ProvingKey::commit`], a sum of generators per
//! weight row), or from a commitment made earlier ([`ProvingKey::from_commitment`], checked
//! cheaply against the model), or from a proving-key file ([`ProvingKey::from_bytes`]). The prover
//! never opens a weight commitment with generators (a weight opening is its own fold), so a key
//! that did not commit holds only the generators of the activations' advice: for a 784-4096-10
//! model a few hundred instead of 4096.
//!
//! A hiding commitment's key ([`ProvingKey::commit_hiding`], [`ProvingKey::from_hiding_commitment`],
//! [`ProvingKey::from_bytes_hiding`]) also holds the owner's secret ([`ModelSecret`]) and every
//! generator a zero-knowledge proof needs (its Σ-protocol commits nonces for the weight openings
//! and the mask as well as the advice).
//!
//! Spans (`tracing`, target `spazk_mlp::keys`): `derive_generators`, `commit_weights`, and
//! `check_commitment` (the spot check of a stored commitment).
//!
//! Proving-key file (`.spzk`): magic `SPAZKPKY`, format version (u32 LE), the maximum batch (u32,
//! `1..=65536`), the model digest ([`ModelCommitment::digest`], 32 bytes: what users publish, and
//! a checksum of the commitment that follows), the weights digest ([`weights_digest`], 32 bytes),
//! and the commitment in the commitment file's format but with its points uncompressed (read
//! without a square root per point). Generators are re-derived from the default seed, never
//! read. Readers accept the canonical encoding only.

use crate::commitment::{
    bias_layout, padded_bias, require_canonical, weight_layout, CommitmentMode, CommittedModel,
    HidingOptions, LayerBias, ModelCommitment, Points, Reader,
};
use crate::error::{MlpError, Mode, ModelMismatch};
use crate::model::{Model, DEFAULT_INPUT_SCALE};
use crate::secret::ModelSecret;
use ark_bn254::G1Projective;
use ark_ec::CurveGroup;
use ark_std::rand::{CryptoRng, RngCore};
use spazk_activation::ActivationSpec;
use spazk_hyrax::{Commit, CommittedMatrix, HyraxCommitment, HyraxParams};
use spazk_matrix::MatrixShape;
use std::borrow::Cow;
use tracing::info_span;

/// Magic bytes of a proving-key file.
pub const PROVING_KEY_MAGIC: &[u8; 8] = b"SPAZKPKY";
/// Proving-key format version.
pub const PROVING_KEY_VERSION: u32 = 1;
/// The largest batch a statement may have (and so a key's maximum batch).
pub const MAX_BATCH: usize = 1 << 16;

/// Rows of each layer [`ProvingKey::from_commitment`] draws to recompute.
const SPOT_ROWS: usize = 2;
/// Generators the spot check may derive, each alone (about 60 µs apiece on one core): rows are
/// recomputed cheapest first (fewest nonzeros) within this budget, at least one. For a
/// 784-4096-10 model at density 1/16, the two drawn rows of the first layer (about 49 nonzeros
/// each); a row of the 4096-wide head (about 256) would cost more than proving.
const SPOT_GENERATORS: usize = 128;

/// Generators committing weights of these shapes needs: the widest padded layer input.
fn weight_generators(shapes: impl Iterator<Item = MatrixShape>) -> usize {
    shapes.map(|s| s.padded_cols()).max().unwrap_or(1)
}

/// Generators the activations' advice of a proof on `batch` inputs needs (the widest committed
/// advice row of any hidden layer).
fn advice_generators(
    layers: impl Iterator<Item = (MatrixShape, Option<ActivationSpec>)>,
    batch: usize,
) -> usize {
    let batch = batch.max(1).next_power_of_two();
    layers
        .filter_map(|(shape, activation)| {
            let activation_vars = (shape.padded_rows() * batch).trailing_zeros();
            activation.map(|spec| spec.generators_needed(activation_vars))
        })
        .max()
        .unwrap_or(1)
}

/// Generators verifying a proof on `batch` inputs needs: weight openings and advice; in hiding
/// mode also the mask, the bias openings and a private input's commitment and range check
/// ([`crate::hidden::extra_generators`]).
pub(crate) fn generators_needed(commitment: &ModelCommitment, batch: usize) -> usize {
    let layers = || commitment.layers.iter();
    let transparent = weight_generators(layers().map(|l| l.shape)).max(advice_generators(
        layers().map(|l| (l.shape, l.activation)),
        batch,
    ));
    match commitment.mode {
        CommitmentMode::Transparent => transparent,
        CommitmentMode::Hiding { .. } => {
            transparent.max(crate::hidden::extra_generators(commitment, batch))
        }
    }
}

/// `params` when they hold `needed` generators, else the default seed's first `needed`
/// (generator `j` depends only on the seed and `j`, so these extend `params`).
fn enough(params: &HyraxParams, needed: usize) -> Cow<'_, HyraxParams> {
    if params.generators().len() >= needed {
        Cow::Borrowed(params)
    } else {
        Cow::Owned(HyraxParams::with_default_seed(needed))
    }
}

fn check_max_batch(max_batch: usize) -> Result<(), MlpError> {
    if (1..=MAX_BATCH).contains(&max_batch) {
        Ok(())
    } else {
        Err(MlpError::Shape {
            what: "maximum batch (1 to 65536)",
            expected: 1,
            found: max_batch,
        })
    }
}

/// Bytes [`weights_digest`] hashes per nonzero weight: column, row (u32), weight (i64).
const WEIGHT_ENTRY_BYTES: usize = 16;
/// Bytes [`weights_digest`] gathers before hashing them.
const DIGEST_BUFFER_BYTES: usize = 1 << 16;

/// BLAKE3 (key-derivation mode, context `spazk model weights v1`) of everything the prover takes
/// from a model: the input width, and per layer its shape, weight kind, every nonzero weight (by
/// column, then row), biases and activation. A proving-key file records it, so that reading the
/// key checks the model is the one it was made for (O(nnz) hashing, no group operation).
pub fn weights_digest(model: &Model) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new_derive_key("spazk model weights v1");
    hasher.update(&(model.input_dim as u64).to_le_bytes());
    hasher.update(&(model.layers.len() as u64).to_le_bytes());
    for layer in &model.layers {
        let shape = layer.shape();
        hasher.update(&(shape.rows as u64).to_le_bytes());
        hasher.update(&(shape.cols as u64).to_le_bytes());
        hasher.update(&[layer.weights.kind()]);
        // The entries' byte length, then the entries (x, y as u32, w as i64), streamed through
        // a small buffer: hashing does not depend on how the input is split into updates.
        let mut nonzeros = 0usize;
        for x in 0..shape.cols {
            layer.weights.for_each_in_column(x, |_, _| nonzeros += 1);
        }
        hasher.update(&((nonzeros * WEIGHT_ENTRY_BYTES) as u64).to_le_bytes());
        let mut entries = Vec::with_capacity(DIGEST_BUFFER_BYTES);
        for x in 0..shape.cols {
            layer.weights.for_each_in_column(x, |y, w| {
                entries.extend_from_slice(&(x as u32).to_le_bytes());
                entries.extend_from_slice(&(y as u32).to_le_bytes());
                entries.extend_from_slice(&w.to_le_bytes());
            });
            if entries.len() >= DIGEST_BUFFER_BYTES {
                hasher.update(&entries);
                entries.clear();
            }
        }
        hasher.update(&entries);
        for b in &layer.bias {
            hasher.update(&b.to_le_bytes());
        }
        match &layer.activation {
            Some(spec) => {
                hasher.update(&[1]);
                for v in [spec.input_bits, spec.shift, spec.limb_bits] {
                    hasher.update(&v.to_le_bytes());
                }
            }
            None => {
                hasher.update(&[0]);
            }
        }
    }
    *hasher.finalize().as_bytes()
}

/// Rows of layer `layer` (of `rows` rows) the spot check recomputes: drawn from the commitment's
/// digest, so a check is reproducible, and a different commitment draws different rows.
fn spot_rows(digest: &[u8; 32], layer: usize, rows: usize) -> Vec<usize> {
    let mut xof = blake3::Hasher::new_derive_key("spazk commitment spot rows v1")
        .update(digest)
        .update(&(layer as u64).to_le_bytes())
        .finalize_xof();
    let mut picked = Vec::with_capacity(SPOT_ROWS);
    for _ in 0..SPOT_ROWS.min(rows) {
        let mut word = [0u8; 8];
        xof.fill(&mut word);
        let row = (u64::from_le_bytes(word) % rows as u64) as usize;
        if !picked.contains(&row) {
            picked.push(row);
        }
    }
    picked
}

/// Per layer, the rows the spot check recomputes: of the rows drawn ([`spot_rows`]), the
/// cheapest (fewest nonzeros, so fewest generators) within [`SPOT_GENERATORS`], at least one.
fn spot_check(model: &Model, digest: &[u8; 32]) -> Vec<Vec<usize>> {
    let mut candidates = Vec::new();
    for (i, layer) in model.layers.iter().enumerate() {
        let shape = layer.shape();
        let mut counts = vec![0usize; shape.rows];
        for x in 0..shape.cols {
            layer.weights.for_each_in_column(x, |y, _| counts[y] += 1);
        }
        for row in spot_rows(digest, i, shape.rows) {
            candidates.push((counts[row], i, row));
        }
    }
    candidates.sort_unstable();
    let mut chosen = vec![Vec::new(); model.layers.len()];
    let mut spent = 0;
    for (k, (cost, layer, row)) in candidates.into_iter().enumerate() {
        if k > 0 && spent + cost > SPOT_GENERATORS {
            break;
        }
        spent += cost;
        chosen[layer].push(row);
    }
    chosen
}

/// What proving needs: the model, its committed weights and generators for the activations'
/// advice of a batch of up to [`Self::max_batch`] inputs (a larger batch derives more when
/// proved).
#[derive(Clone, Debug)]
pub struct ProvingKey {
    committed: CommittedModel,
    params: HyraxParams,
    max_batch: usize,
    /// The owner's blinds, for a hiding commitment.
    secret: Option<ModelSecret>,
}

impl ProvingKey {
    /// Commits `model` (input scale `1/255`, output scale 1) for batches of up to `max_batch`.
    pub fn commit(model: Model, max_batch: usize) -> Result<Self, MlpError> {
        Self::commit_with_scales(model, DEFAULT_INPUT_SCALE, 1.0, max_batch)
    }

    /// [`Self::commit`] recording the float scales of the inputs and outputs. Derives the
    /// generators the weights and the advice need, then commits every layer (a sum of generators
    /// per row for ternary weights).
    pub fn commit_with_scales(
        model: Model,
        input_scale: f64,
        output_scale: f64,
        max_batch: usize,
    ) -> Result<Self, MlpError> {
        check_max_batch(max_batch)?;
        model.validate()?;
        let layers = || model.layers.iter();
        let count = weight_generators(layers().map(|l| l.shape())).max(advice_generators(
            layers().map(|l| (l.shape(), l.activation)),
            max_batch,
        ));
        let params =
            info_span!("derive_generators").in_scope(|| HyraxParams::with_default_seed(count));
        let committed = info_span!("commit_weights").in_scope(|| {
            CommittedModel::commit_with_scales(model, input_scale, output_scale, &params)
        })?;
        Ok(Self {
            committed,
            params,
            max_batch,
            secret: None,
        })
    }

    /// Records the digest of the settings file the shifts came from
    /// ([`crate::settings_digest`]). It changes the model digest: a hiding key's copy of the
    /// secret is bound to the new one (take it again from [`Self::secret`]; better, pass the
    /// digest when committing, [`HidingOptions::settings_digest`]).
    pub fn with_settings_digest(mut self, digest: Option<[u8; 32]>) -> Self {
        self.committed = self.committed.with_settings_digest(digest);
        if let Some(secret) = self.secret.take() {
            let rebound = ModelSecret::new(self.commitment().digest(), secret.layers().to_vec());
            self.secret = Some(rebound);
        }
        self
    }

    /// A key from a commitment made earlier (a `spazk commit` file) and the model it commits to,
    /// without committing again: the prover needs the weights (from `model`) and the commitment
    /// the proof is bound to, and a weight opening is the prover's own fold, so only the
    /// advice's generators are derived.
    ///
    /// Checks that `commitment` is `model`'s, cheaply ([`ModelMismatch`] names the first
    /// difference): every field in the clear (input width, shapes, weight kinds, biases,
    /// activations), the generators' seed, and a few rows of the weight commitments, recomputed
    /// from their nonzeros alone (rows drawn from the commitment's digest, the cheapest within a
    /// budget of 128 generators, derived only at those rows' columns). Recomputing every row is exactly the cost a stored
    /// commitment saves. A mix-up — another model, another ternarization threshold or settings
    /// file — changes nearly every row (and usually the biases), so it is caught; a commitment
    /// that differs in only a few rows may not be, and then makes proofs that fail to verify:
    /// never a false proof, since the verifier checks every opening against the commitment. The
    /// check is for users' mistakes, not for soundness. The scales and the settings digest are
    /// the commitment's ([`ModelCommitment::check_scales_and_settings`] compares them with the
    /// caller's).
    pub fn from_commitment(
        model: Model,
        commitment: ModelCommitment,
        max_batch: usize,
    ) -> Result<Self, MlpError> {
        check_max_batch(max_batch)?;
        model.validate()?;
        commitment.validate()?;
        commitment.require_mode(Mode::Transparent)?;
        commitment.check_describes(&model)?;
        let count = advice_generators(
            commitment.layers.iter().map(|l| (l.shape, l.activation)),
            max_batch,
        );
        let params =
            info_span!("derive_generators").in_scope(|| HyraxParams::with_default_seed(count));
        let _span = info_span!("check_commitment").entered();
        let digest = commitment.digest();
        let mut matrices = Vec::with_capacity(model.layers.len());
        for (i, (layer, committed)) in model.layers.iter().zip(&commitment.layers).enumerate() {
            if committed.weights.seed != params.seed() {
                return Err(ModelMismatch::Generators { layer: i }.into());
            }
            let matrix =
                CommittedMatrix::from_parts(layer.weights.clone(), committed.weights.clone())
                    .map_err(MlpError::Commitment)?;
            matrices.push(matrix);
        }
        for (i, rows) in spot_check(&model, &digest).into_iter().enumerate() {
            if let Some(row) = matrices[i].first_mismatched_row(&rows) {
                return Err(ModelMismatch::WeightRow { layer: i, row }.into());
            }
        }
        Ok(Self {
            committed: CommittedModel {
                model,
                matrices,
                commitment,
            },
            params,
            max_batch,
            secret: None,
        })
    }

    /// Commits `model` in hiding mode ([`CommittedModel::commit_hiding`]: the model takes its
    /// hiding bounds, every weight and bias row a fresh blind from `rng`) for batches of up to
    /// `max_batch`, deriving every generator a zero-knowledge proof needs. Returns the key and
    /// the owner's secret (the key keeps a copy; store the secret with the model, never publish
    /// it).
    pub fn commit_hiding(
        model: Model,
        options: &HidingOptions,
        max_batch: usize,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(Self, ModelSecret), MlpError> {
        check_max_batch(max_batch)?;
        let model = model.with_hiding_bounds(options.bias_bits, options.activation_bound)?;
        let count = hiding_generators(&model, options.bias_bits, max_batch);
        let params =
            info_span!("derive_generators").in_scope(|| HyraxParams::with_default_seed(count));
        let (committed, secret) = info_span!("commit_weights")
            .in_scope(|| CommittedModel::commit_hiding(model, options, &params, rng))?;
        Ok((
            Self {
                committed,
                params,
                max_batch,
                secret: Some(secret.clone()),
            },
            secret,
        ))
    }

    /// A key from a hiding commitment made earlier, the model it commits to and the owner's
    /// secret, without committing again. The model takes the commitment's declared bounds
    /// ([`Model::with_declared_bounds`]); then, as [`Self::from_commitment`] for a transparent
    /// commitment, what is in the clear must match ([`ModelCommitment::check_describes`]), the
    /// secret must be this commitment's ([`ModelSecret::check_shape`]), and rows are
    /// recomputed: a few weight rows (drawn from the digest, within the same budget of
    /// generators) as `⟨W_y, G⟩ + β_y·H`, and every bias row (a bias vector is one row of the
    /// weights' size, cheap). A mismatch is [`ModelMismatch::WeightRow`] or
    /// [`ModelMismatch::BiasRow`]: other weights or other blinds. As there, the check is for
    /// users' mistakes: other blinds in unchecked rows make proofs that fail to verify, never
    /// false ones.
    pub fn from_hiding_commitment(
        model: Model,
        commitment: ModelCommitment,
        secret: ModelSecret,
        max_batch: usize,
    ) -> Result<Self, MlpError> {
        check_max_batch(max_batch)?;
        commitment.validate()?;
        let CommitmentMode::Hiding { bias_bits } = commitment.mode else {
            return Err(MlpError::ModeMismatch {
                commitment: Mode::Transparent,
                proof: Mode::Hiding,
            });
        };
        let model = model.with_declared_bounds(bias_bits, &commitment.activation_bounds())?;
        commitment.check_describes(&model)?;
        secret.check_shape(&commitment)?;
        let count = generators_needed(&commitment, max_batch);
        let params =
            info_span!("derive_generators").in_scope(|| HyraxParams::with_default_seed(count));
        let _span = info_span!("check_commitment").entered();
        let digest = commitment.digest();
        let spots = spot_check(&model, &digest);
        let blinding = params.blinding_base();
        let mut matrices = Vec::with_capacity(model.layers.len());
        for (i, ((layer, committed), blinds)) in model
            .layers
            .iter()
            .zip(&commitment.layers)
            .zip(secret.layers())
            .enumerate()
        {
            if committed.weights.seed != params.seed() {
                return Err(ModelMismatch::Generators { layer: i }.into());
            }
            // The spot rows' Hyrax rows (matrix row y is rows y·2^h .. (y+1)·2^h of the hiding
            // layout: the same nonzeros, so the same generator budget) with their blinds taken
            // off: what the weights alone commit to.
            let split = weight_layout(layer.shape(), Mode::Hiding)
                .matrix_split(layer.shape())
                .expect("the hiding layout lays out its matrix");
            let hyrax_rows: Vec<usize> = spots[i]
                .iter()
                .flat_map(|y| (y << split)..((y + 1) << split))
                .collect();
            let mut unblinded = committed.weights.clone();
            for r in &hyrax_rows {
                let row =
                    G1Projective::from(unblinded.rows[*r]) - blinding * blinds.weight_blinds[*r];
                unblinded.rows[*r] = row.into_affine();
            }
            let check = CommittedMatrix::from_parts(layer.weights.clone(), unblinded)
                .map_err(MlpError::Commitment)?;
            if let Some(row) = check.first_mismatched_row(&hyrax_rows) {
                return Err(ModelMismatch::WeightRow { layer: i, row }.into());
            }
            let LayerBias::Hidden(bias) = &committed.bias else {
                return Err(MlpError::Model(format!("layer {i}: biases in the clear")));
            };
            if let Some(row) =
                first_mismatched_bias_row(&layer.bias, bias, &blinds.bias_blinds, &params)?
            {
                return Err(ModelMismatch::BiasRow { layer: i, row }.into());
            }
            matrices.push(
                CommittedMatrix::from_parts(layer.weights.clone(), committed.weights.clone())
                    .map_err(MlpError::Commitment)?,
            );
        }
        drop(_span);
        Ok(Self {
            committed: CommittedModel {
                model,
                matrices,
                commitment,
            },
            params,
            max_batch,
            secret: Some(secret),
        })
    }

    /// A key around a model committed by the caller, with generators for the advice of batches
    /// of up to `max_batch`. Nothing checks that the commitment is the model's: what the
    /// soundness tests' cheating provers use (a `test-util` hook; honest callers use
    /// [`Self::commit`] or [`Self::from_commitment`]). The commitment is validated
    /// ([`ModelCommitment::validate`]) as every other key's is, so that [`Self::verifying_key`]
    /// never hands a verifier an unchecked commitment.
    #[cfg(feature = "test-util")]
    pub fn from_committed(committed: CommittedModel, max_batch: usize) -> Result<Self, MlpError> {
        check_max_batch(max_batch)?;
        committed.commitment.validate()?;
        let params = HyraxParams::with_default_seed(advice_generators(
            committed
                .commitment
                .layers
                .iter()
                .map(|l| (l.shape, l.activation)),
            max_batch,
        ));
        Ok(Self {
            committed,
            params,
            max_batch,
            secret: None,
        })
    }

    /// The owner's secret, for a hiding key.
    pub fn secret(&self) -> Option<&ModelSecret> {
        self.secret.as_ref()
    }

    /// Transparent or hiding: the commitment's mode.
    pub fn mode(&self) -> Mode {
        self.commitment().proof_mode()
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.committed.model
    }

    /// The public commitment proofs are bound to.
    pub fn commitment(&self) -> &ModelCommitment {
        &self.committed.commitment
    }

    /// The model with its committed weight matrices.
    pub fn committed(&self) -> &CommittedModel {
        &self.committed
    }

    /// The key's generators: enough for the advice of [`Self::max_batch`] inputs.
    pub fn params(&self) -> &HyraxParams {
        &self.params
    }

    /// The batch the key's generators are sized for.
    pub fn max_batch(&self) -> usize {
        self.max_batch
    }

    /// Generators for a proof on `batch` inputs: the key's, or more when the batch is larger
    /// than the key's maximum.
    pub fn params_for(&self, batch: usize) -> Cow<'_, HyraxParams> {
        let needed = match self.commitment().mode {
            CommitmentMode::Transparent => advice_generators(
                self.commitment()
                    .layers
                    .iter()
                    .map(|l| (l.shape, l.activation)),
                batch,
            ),
            // The zero-knowledge prover's Σ-protocol commits nonces for the weight openings
            // too, so it needs every generator the verifier does.
            CommitmentMode::Hiding { .. } => generators_needed(self.commitment(), batch),
        };
        enough(&self.params, needed)
    }

    /// The verifying key of the same commitment and maximum batch (deriving the generators the
    /// weight openings need, if this key has not).
    pub fn verifying_key(&self) -> VerifyingKey {
        let commitment = self.commitment().clone();
        let params = enough(&self.params, generators_needed(&commitment, self.max_batch));
        VerifyingKey {
            params: params.into_owned(),
            commitment,
            max_batch: self.max_batch,
        }
    }

    /// The proving-key file (module docs): what [`Self::from_bytes`] needs, with the model, to
    /// make this key again without committing.
    pub fn to_bytes(&self) -> Vec<u8> {
        encode_proving_key(
            self.max_batch,
            &self.commitment().digest(),
            &weights_digest(self.model()),
            &self.commitment().encode(Points::Uncompressed),
        )
    }

    /// Reads a proving-key file for `model`: every field bounded as it is read, the commitment
    /// read as a commitment file is and its digest the recorded one, the bytes the canonical
    /// encoding; then the model's
    /// [`weights_digest`] must be the recorded one ([`ModelMismatch::WeightsDigest`]), and the
    /// key is made as [`Self::from_commitment`] makes it.
    pub fn from_bytes(bytes: &[u8], model: Model) -> Result<Self, MlpError> {
        let (commitment, max_batch, recorded) = decode_proving_key(bytes)?;
        if weights_digest(&model) != recorded {
            return Err(ModelMismatch::WeightsDigest.into());
        }
        Self::from_commitment(model, commitment, max_batch)
    }

    /// [`Self::from_bytes`] for the key of a hiding commitment: read and checked the same way
    /// (the weights digest is of the model with the commitment's declared bounds, as the key
    /// holds it), then made as [`Self::from_hiding_commitment`] makes it with `secret`.
    pub fn from_bytes_hiding(
        bytes: &[u8],
        model: Model,
        secret: ModelSecret,
    ) -> Result<Self, MlpError> {
        let (commitment, max_batch, recorded) = decode_proving_key(bytes)?;
        let CommitmentMode::Hiding { bias_bits } = commitment.mode else {
            return Err(MlpError::ModeMismatch {
                commitment: Mode::Transparent,
                proof: Mode::Hiding,
            });
        };
        let model = model.with_declared_bounds(bias_bits, &commitment.activation_bounds())?;
        if weights_digest(&model) != recorded {
            return Err(ModelMismatch::WeightsDigest.into());
        }
        Self::from_hiding_commitment(model, commitment, secret, max_batch)
    }
}

/// Reads a proving-key file ([`ProvingKey::from_bytes`]): the commitment, the maximum batch and
/// the recorded weights digest, every check but the model's.
fn decode_proving_key(bytes: &[u8]) -> Result<(ModelCommitment, usize, [u8; 32]), MlpError> {
    let mut r = Reader::new(bytes, "proving key");
    if r.take(8)? != PROVING_KEY_MAGIC {
        return Err(r.error("not a SpaZK proving key (bad magic bytes)"));
    }
    let version = r.u32()?;
    if version != PROVING_KEY_VERSION {
        return Err(r.error(&format!(
            "format version {version}, this build reads {PROVING_KEY_VERSION}"
        )));
    }
    let max_batch = r.bounded("maximum batch".into(), 1, MAX_BATCH as u64)? as usize;
    let model_digest: [u8; 32] = r.take(32)?.try_into().expect("32 bytes");
    let recorded: [u8; 32] = r.take(32)?.try_into().expect("32 bytes");
    let commitment_bytes = r.rest();
    let commitment =
        ModelCommitment::decode(commitment_bytes, "proving key", Points::Uncompressed)?;
    // A changed commitment inside the key may still decode (a point's coordinate is as
    // likely as not on the curve); the recorded digest catches it.
    if commitment.digest() != model_digest {
        return Err(r.error("the commitment's digest is not the recorded model digest"));
    }
    require_canonical(
        "proving key",
        bytes,
        &encode_proving_key(max_batch, &commitment.digest(), &recorded, commitment_bytes),
    )?;
    Ok((commitment, max_batch, recorded))
}

/// Generators a hiding key for `model` (already with its hiding bounds) and batches of up to
/// `max_batch` needs: those of the commitment it will make, computed from a commitment of the
/// same shapes with empty rows (shapes are all [`generators_needed`] reads).
fn hiding_generators(model: &Model, bias_bits: u32, max_batch: usize) -> usize {
    let layout_only = |layout| HyraxCommitment {
        layout,
        seed: [0; 32],
        rows: Vec::new(),
    };
    let shapes = ModelCommitment {
        input_dim: model.input_dim,
        input_scale: DEFAULT_INPUT_SCALE,
        output_scale: 1.0,
        mode: CommitmentMode::Hiding { bias_bits },
        layers: model
            .layers
            .iter()
            .map(|l| crate::commitment::LayerCommitment {
                shape: l.shape(),
                weight_kind: l.weights.kind(),
                weights: layout_only(weight_layout(l.shape(), Mode::Hiding)),
                bias: LayerBias::Hidden(layout_only(bias_layout(l.shape().rows))),
                activation: l.activation,
            })
            .collect(),
        settings_digest: None,
    };
    generators_needed(&shapes, max_batch)
}

/// The first row of the hiding bias commitment `committed` that is not `bias` (padded) committed
/// with its blind from `blinds` (data rows; padded rows are checked to be the identity by
/// [`ModelCommitment::validate`]).
fn first_mismatched_bias_row(
    bias: &[i64],
    committed: &HyraxCommitment,
    blinds: &[spazk_field::Fr],
    params: &HyraxParams,
) -> Result<Option<usize>, MlpError> {
    let unblinded = padded_bias(bias)[..]
        .commit(params, committed.layout)
        .map_err(MlpError::Commitment)?;
    let blinding = params.blinding_base();
    Ok(blinds
        .iter()
        .enumerate()
        .find(|(y, beta)| {
            let row = G1Projective::from(unblinded.rows[*y]) + blinding * **beta;
            row.into_affine() != committed.rows[*y]
        })
        .map(|(y, _)| y))
}

fn encode_proving_key(
    max_batch: usize,
    model_digest: &[u8; 32],
    weights: &[u8; 32],
    commitment: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(80 + commitment.len());
    out.extend_from_slice(PROVING_KEY_MAGIC);
    out.extend_from_slice(&PROVING_KEY_VERSION.to_le_bytes());
    out.extend_from_slice(&(max_batch as u32).to_le_bytes());
    out.extend_from_slice(model_digest);
    out.extend_from_slice(weights);
    out.extend_from_slice(commitment);
    out
}

/// What verifying needs: a checked model commitment and the generators of proofs on up to
/// [`Self::max_batch`] inputs (a proof on a larger batch derives more when verified, so any
/// batch a statement may have verifies).
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    commitment: ModelCommitment,
    params: HyraxParams,
    max_batch: usize,
}

impl VerifyingKey {
    /// Checks `commitment` ([`ModelCommitment::validate`]: one built in memory has not been
    /// through the file reader's checks) and derives the generators a proof on `max_batch`
    /// inputs needs.
    pub fn new(commitment: ModelCommitment, max_batch: usize) -> Result<Self, MlpError> {
        check_max_batch(max_batch)?;
        commitment.validate()?;
        let params = HyraxParams::with_default_seed(generators_needed(&commitment, max_batch));
        Ok(Self {
            commitment,
            params,
            max_batch,
        })
    }

    /// The model commitment.
    pub fn commitment(&self) -> &ModelCommitment {
        &self.commitment
    }

    /// The key's generators.
    pub fn params(&self) -> &HyraxParams {
        &self.params
    }

    /// The batch the key's generators are sized for.
    pub fn max_batch(&self) -> usize {
        self.max_batch
    }

    /// Generators for verifying a proof on `batch` inputs.
    pub fn params_for(&self, batch: usize) -> Cow<'_, HyraxParams> {
        enough(&self.params, generators_needed(&self.commitment, batch))
    }
}
