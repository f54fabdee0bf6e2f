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
pub(super) struct FractionTree {
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
    pub(super) fn build(leaf_numerators: Vec<Fr>, leaf_denominators: Vec<Fr>) -> Self {
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

    pub(super) fn depth(&self) -> usize {
        self.denominators.len() - 1 + 2 * usize::from(self.leaves.is_some())
    }
}

/// Proves a fraction tree from its root down, consuming it: each level's memory goes on to
/// hold the bound tables of the layer below. Returns the proof, the leaf point and the claims
/// `(p̃(ρ), q̃(ρ))` on the leaves there.
pub(super) fn prove_tree(
    tree: FractionTree,
    transcript: &mut Transcript,
) -> (FractionTreeProof, Vec<Fr>, Fr, Fr) {
    let depth = tree.depth();
    let FractionTree {
        numerators,
        denominators,
        leaves,
    } = tree;
    // A single unit-numerator leaf is its own root.
    let root_p = numerators[0].first().copied().unwrap_or(Fr::one());
    let root_q = denominators[0][0];
    transcript.append_fields(label::ROOT, &[root_p, root_q]);
    let mut levels: Vec<Option<(Vec<Fr>, Vec<Fr>)>> =
        numerators.into_iter().zip(denominators).map(Some).collect();
    let mut point: Vec<Fr> = Vec::new();
    let (mut claim_p, mut claim_q) = (root_p, root_q);
    let mut layers = Vec::with_capacity(depth);
    // Memory the previous layer freed, for the next one's eq table and bound tables.
    let mut spare = (Vec::new(), Vec::new());
    for level in 1..=depth {
        let lambda: Fr = transcript.challenge_field(label::LAMBDA);
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
        let mut instance = FractionLayerInstance::new(tables, parent, point, lambda, spare);
        let (sumcheck, sub_claim) =
            prove_sumcheck(&mut instance, claim_p + lambda * claim_q, transcript);
        let (numerators, denominators) = instance.final_values();
        spare = instance.into_buffers();
        transcript.append_fields(
            label::CHILDREN,
            &[
                numerators[0],
                numerators[1],
                denominators[0],
                denominators[1],
            ],
        );
        let tau: Fr = transcript.challenge_field(label::TAU);
        claim_p = numerators[0] + tau * (numerators[1] - numerators[0]);
        claim_q = denominators[0] + tau * (denominators[1] - denominators[0]);
        point = sub_claim.point;
        point.push(tau);
        layers.push(FractionLayerProof {
            sumcheck,
            numerators,
            denominators,
        });
    }
    let proof = FractionTreeProof {
        numerator: root_p,
        denominator: root_q,
        layers,
    };
    (proof, point, claim_p, claim_q)
}
