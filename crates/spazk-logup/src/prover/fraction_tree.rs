//! The fraction trees of LogUp-GKR: built bottom-up from their leaves, proved top-down, one
//! sumcheck per layer ([`super::layer_instance`]).

use super::layer_instance::{FractionLayerInstance, LayerTables, Parent};
use super::range_leaves::RangeLeaves;
use super::PARALLEL_PAIRS;
use crate::proof::{FractionLayerProof, FractionTreeProof};
use crate::protocol::label;
use ark_bn254::Fr;
use ark_ff::One;
use spazk_field::parallel::unzip_into;
use spazk_sumcheck::prove_sumcheck;
use spazk_transcript::Transcript;

/// Every level of a tree of fractions `p/q`: level `k` has `2^k` entries and entry `i` is the
/// sum of level `k + 1`'s entries `i` and `i + 2^k` (the top variable is summed out first, so
/// halves stay contiguous). Level 0 is the root. An empty numerator level means all ones (the
/// witness leaves `1/(α − w)`), which halves the work on the widest level.
pub(crate) struct FractionTree {
    /// Levels `0..=depth` in field elements, or `0..depth − 1` when the leaves are
    /// [`RangeLeaves`] (which stand for the last two levels).
    pub(super) numerators: Vec<Vec<Fr>>,
    pub(super) denominators: Vec<Vec<Fr>>,
    pub(super) leaves: Option<RangeLeaves>,
}

/// Maps `0..len` through `f` into two vectors, on several threads when large.
pub(super) fn map_pairs(
    len: usize,
    f: impl Fn(usize) -> (Fr, Fr) + Sync + Send,
) -> (Vec<Fr>, Vec<Fr>) {
    let (mut firsts, mut seconds) = (Vec::new(), Vec::new());
    unzip_into(len, PARALLEL_PAIRS, f, &mut firsts, &mut seconds);
    (firsts, seconds)
}

impl FractionTree {
    /// `leaf_numerators` empty means every leaf numerator is one.
    pub(crate) fn build(leaf_numerators: Vec<Fr>, leaf_denominators: Vec<Fr>) -> Self {
        debug_assert!(leaf_denominators.len().is_power_of_two());
        Self::build_from(vec![leaf_numerators], vec![leaf_denominators], None)
    }

    /// The witness tree of range-table leaves kept as indices.
    pub(super) fn build_range(leaves: RangeLeaves) -> Self {
        let (p, q) = leaves.grandparent_level();
        Self::build_from(vec![p], vec![q], Some(leaves))
    }

    /// Completes the tree above its widest field level.
    fn build_from(
        mut numerators: Vec<Vec<Fr>>,
        mut denominators: Vec<Vec<Fr>>,
        leaves: Option<RangeLeaves>,
    ) -> Self {
        while denominators.last().map_or(0, Vec::len) > 1 {
            let (p, q) = (numerators.last().unwrap(), denominators.last().unwrap());
            let half = q.len() / 2;
            // p/q = p0/q0 + p1/q1 = (p0·q1 + p1·q0) / (q0·q1).
            let (up_p, up_q) = if p.is_empty() {
                map_pairs(half, |i| (q[i] + q[i + half], q[i] * q[i + half]))
            } else {
                map_pairs(half, |i| {
                    (p[i] * q[i + half] + p[i + half] * q[i], q[i] * q[i + half])
                })
            };
            numerators.push(up_p);
            denominators.push(up_q);
        }
        numerators.reverse();
        denominators.reverse();
        Self {
            numerators,
            denominators,
            leaves,
        }
    }

    pub(crate) fn depth(&self) -> usize {
        self.denominators.len() - 1 + 2 * usize::from(self.leaves.is_some())
    }
}

/// How the layers of a fraction tree are proved: in the clear ([`ClearLayers`], the
/// transparent proof) or with every value hidden (`crate::hidden`'s prover). The walk over the
/// tree — which level is a layer's parent, which memory its bound tables reuse, when `τ` is
/// drawn — is [`prove_layers`], written once for both.
pub(crate) trait LayerProtocol {
    /// Sends (or hides) the root `(p, q)`, before the first layer.
    fn root(&mut self, p: Fr, q: Fr, transcript: &mut Transcript);

    /// `λ` for layer `level` (1 = the root's children), drawn before its instance is built.
    fn lambda(&mut self, level: usize, transcript: &mut Transcript) -> Fr;

    /// Reduces layer `level`: runs its sumcheck on `instance`, whose sum is `claim` (the value
    /// `p̃'(ρ) + λ·q̃'(ρ)` of the layer above at `rho`), then sends the children's values
    /// ([`FractionLayerInstance::final_values`]). Returns the sumcheck's point (variable order).
    fn layer(
        &mut self,
        level: usize,
        rho: &[Fr],
        instance: &mut FractionLayerInstance<'_>,
        claim: Fr,
        lambda: Fr,
        transcript: &mut Transcript,
    ) -> Vec<Fr>;

    /// The fold challenge `τ` of the layer just reduced (the children's claims become
    /// `x_0 + τ·(x_1 − x_0)`).
    fn fold(&mut self, tau: Fr);
}

/// Proves a fraction tree from its root down through `protocol`, consuming it: each level's
/// memory goes on to hold the bound tables of the layer below. Returns the leaf point and the
/// values `(p̃(ρ), q̃(ρ))` of the leaves there.
pub(crate) fn prove_layers(
    tree: FractionTree,
    protocol: &mut impl LayerProtocol,
    transcript: &mut Transcript,
) -> (Vec<Fr>, Fr, Fr) {
    let depth = tree.depth();
    let FractionTree {
        numerators,
        denominators,
        leaves,
    } = tree;
    // A single unit-numerator leaf is its own root.
    let root_p = numerators[0].first().copied().unwrap_or(Fr::one());
    let root_q = denominators[0][0];
    protocol.root(root_p, root_q, transcript);
    let mut levels: Vec<Option<(Vec<Fr>, Vec<Fr>)>> =
        numerators.into_iter().zip(denominators).map(Some).collect();
    let mut point: Vec<Fr> = Vec::new();
    let (mut claim_p, mut claim_q) = (root_p, root_q);
    // Memory the previous layer freed, for the next one's eq table and bound tables.
    let mut spare = (Vec::new(), Vec::new());
    for level in 1..=depth {
        let lambda = protocol.lambda(level, transcript);
        let parent = match (levels.get_mut(level - 1), &leaves) {
            (Some(parent), _) => {
                let (p, q) = parent.take().expect("each level is a parent once");
                Parent::Field(p, q)
            }
            (None, Some(leaves)) => Parent::RangePairs(leaves),
            (None, None) => unreachable!("a tree's levels run to its depth"),
        };
        let tables = match (levels.get(level), &leaves) {
            (Some(Some((p, q))), _) => LayerTables::Field(p, q),
            (None, Some(leaves)) if level + 1 == depth => LayerTables::RangePairs(leaves),
            (None, Some(leaves)) => LayerTables::RangeLeaves(leaves),
            _ => unreachable!("a tree's levels run to its depth"),
        };
        // The instance takes the point; the protocol's final relation still needs it (at most
        // a few dozen coordinates).
        let rho = point.clone();
        let mut instance = FractionLayerInstance::new(tables, parent, point, lambda, spare);
        let sub_point = protocol.layer(
            level,
            &rho,
            &mut instance,
            claim_p + lambda * claim_q,
            lambda,
            transcript,
        );
        let (numerators, denominators) = instance.final_values();
        spare = instance.into_buffers();
        let tau: Fr = transcript.challenge_field(label::TAU);
        protocol.fold(tau);
        claim_p = numerators[0] + tau * (numerators[1] - numerators[0]);
        claim_q = denominators[0] + tau * (denominators[1] - denominators[0]);
        point = sub_point;
        point.push(tau);
    }
    (point, claim_p, claim_q)
}

/// The transparent proof of a tree: root and children values in the clear, plain sumchecks.
#[derive(Default)]
struct ClearLayers {
    root: (Fr, Fr),
    layers: Vec<FractionLayerProof>,
}

impl LayerProtocol for ClearLayers {
    fn root(&mut self, p: Fr, q: Fr, transcript: &mut Transcript) {
        transcript.append_fields(label::ROOT, &[p, q]);
        self.root = (p, q);
    }

    fn lambda(&mut self, _: usize, transcript: &mut Transcript) -> Fr {
        transcript.challenge_field(label::LAMBDA)
    }

    fn layer(
        &mut self,
        _: usize,
        _: &[Fr],
        instance: &mut FractionLayerInstance<'_>,
        claim: Fr,
        _: Fr,
        transcript: &mut Transcript,
    ) -> Vec<Fr> {
        let (sumcheck, sub_claim) = prove_sumcheck(instance, claim, transcript);
        let (numerators, denominators) = instance.final_values();
        transcript.append_fields(
            label::CHILDREN,
            &[
                numerators[0],
                numerators[1],
                denominators[0],
                denominators[1],
            ],
        );
        self.layers.push(FractionLayerProof {
            sumcheck,
            numerators,
            denominators,
        });
        sub_claim.point
    }

    fn fold(&mut self, _: Fr) {}
}

/// Proves a fraction tree in the clear ([`prove_layers`] with root and children values sent as
/// they are). Returns the proof, the leaf point and the claims `(p̃(ρ), q̃(ρ))` on the leaves
/// there.
pub(super) fn prove_tree(
    tree: FractionTree,
    transcript: &mut Transcript,
) -> (FractionTreeProof, Vec<Fr>, Fr, Fr) {
    let mut protocol = ClearLayers {
        layers: Vec::with_capacity(tree.depth()),
        ..ClearLayers::default()
    };
    let (point, claim_p, claim_q) = prove_layers(tree, &mut protocol, transcript);
    let proof = FractionTreeProof {
        numerator: protocol.root.0,
        denominator: protocol.root.1,
        layers: protocol.layers,
    };
    (proof, point, claim_p, claim_q)
}
