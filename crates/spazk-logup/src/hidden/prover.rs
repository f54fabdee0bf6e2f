//! The zero-knowledge lookup's prover: the transparent prover's trees and layer instances,
//! walked by [`prove_layers`] with every value hidden ([`HidingLayers`]).

use super::relations::{
    require_equal_sums, require_table_leaves, require_witness_leaves, Children, HiddenTree,
};
use super::{hidden_mask_len, HiddenColumnClaims, HiddenLookupClaims, HiddenMultiplicityClaim};
use crate::claim::LookupStatement;
use crate::error::LookupError;
use crate::proof::{HiddenLookupProof, HiddenTreeProof};
use crate::protocol::{draw_beta, label};
use crate::prover::fraction_tree::{prove_layers, FractionTree, LayerProtocol};
use crate::prover::layer_instance::FractionLayerInstance;
use crate::prover::{build_trees, check_witness, column_values, shape};
use crate::table::LookupTable;
use ark_bn254::Fr;
use ark_ff::Zero;
use spazk_sumcheck::hidden::{HiddenValue, HidingProver};
use spazk_sumcheck::{prove_masked_sumcheck, SumcheckProof};
use spazk_transcript::Transcript;

/// What the zero-knowledge lookup prover leaves its caller: the proof, the claims exactly as
/// the verifier will hold them, and the values behind their handles (for the caller's
/// openings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvedHiddenLookup {
    /// What is sent in the clear.
    pub proof: HiddenLookupProof,
    /// The claims on the columns and the multiplicities.
    pub claims: HiddenLookupClaims,
    /// `w̃_j(point)` behind `claims.columns.values`.
    pub column_values: Vec<Fr>,
    /// `m̃(point)` behind `claims.multiplicity.value`.
    pub multiplicity_value: Fr,
}

/// A tree's layers proved with hidden values: the root and every layer's children are hidden
/// scalars of `context`, the sumchecks masked, each check a relation in `context`.
struct HidingLayers<'c, C: ?Sized> {
    context: &'c mut C,
    tree: Option<HiddenTree>,
    sumchecks: Vec<SumcheckProof<Fr>>,
}

impl<C: HidingProver<Fr> + ?Sized> HidingLayers<'_, C> {
    /// Hides a layer's children in the order the verifier receives them.
    fn hide_children(
        &mut self,
        (numerators, denominators): ([Fr; 2], [Fr; 2]),
        transcript: &mut Transcript,
    ) -> Children {
        let values = [
            numerators[0],
            numerators[1],
            denominators[0],
            denominators[1],
        ];
        Children::from_sent(values.map(|v| self.context.hide_scalar(v, transcript)))
    }
}

/// The tree being walked: [`prove_layers`] sends the root before any layer.
fn walked(tree: &mut Option<HiddenTree>) -> &mut HiddenTree {
    tree.as_mut().expect("the walk sends the root first")
}

impl<C: HidingProver<Fr> + ?Sized> LayerProtocol for HidingLayers<'_, C> {
    fn root(&mut self, p: Fr, q: Fr, transcript: &mut Transcript) {
        let root = [p, q].map(|v| self.context.hide_scalar(v, transcript));
        self.tree = Some(HiddenTree::new(root));
    }

    /// Layer 0's relations are exact (no random combination), so it draws no `λ`.
    fn lambda(&mut self, level: usize, transcript: &mut Transcript) -> Fr {
        if level == 1 {
            Fr::zero()
        } else {
            transcript.challenge_field(label::LAMBDA)
        }
    }

    fn layer(
        &mut self,
        level: usize,
        rho: &[Fr],
        instance: &mut FractionLayerInstance<'_>,
        claim: Fr,
        lambda: Fr,
        transcript: &mut Transcript,
    ) -> Vec<Fr> {
        if level == 1 {
            // The root's children: no variables to sum over, no sumcheck.
            let children = self.hide_children(instance.final_values(), transcript);
            let Self { context, tree, .. } = self;
            walked(tree).top(context.relations(), children);
            return Vec::new();
        }
        let masked_claim = walked(&mut self.tree).claim(lambda);
        let (sumcheck, sub_claim, _) =
            prove_masked_sumcheck(instance, &masked_claim, claim, self.context, transcript);
        let children = self.hide_children(instance.final_values(), transcript);
        let Self { context, tree, .. } = self;
        walked(tree).layer(context.relations(), rho, &sub_claim, lambda, children);
        self.sumchecks.push(sumcheck);
        sub_claim.point
    }

    fn fold(&mut self, tau: Fr) {
        walked(&mut self.tree).fold(tau);
    }
}

/// Proves `tree` with hidden values. Returns its proof, its hidden walk (root and leaf claims),
/// the leaf point and the leaves' values `(p̃(ρ), q̃(ρ))`.
fn prove_hidden_tree<C: HidingProver<Fr> + ?Sized>(
    tree: FractionTree,
    context: &mut C,
    transcript: &mut Transcript,
) -> (HiddenTreeProof, HiddenTree, Vec<Fr>, Fr, Fr) {
    let mut layers = HidingLayers {
        context,
        tree: None,
        sumchecks: Vec::with_capacity(tree.depth().saturating_sub(1)),
    };
    let (point, p, q) = prove_layers(tree, &mut layers, transcript);
    let walked = layers.tree.expect("the walk sends the root first");
    let proof = HiddenTreeProof {
        layers: layers.sumchecks,
    };
    (proof, walked, point, p, q)
}

/// Proves, with zero knowledge, that every entry of `columns` (each `2^row_vars` long) is an
/// index into the statement's table, given their multiplicities `counts`
/// ([`crate::multiplicities`] of `columns`).
///
/// The caller has absorbed the columns' and the multiplicities' hiding commitments into
/// `transcript`, and `context`'s mask holds [`hidden_mask_len`] unused coefficients for this
/// lookup. This absorbs the statement, draws `α` (and `β`), proves both trees with hidden
/// values and registers every relation in `context` (see [`crate::hidden`]). Returns the proof
/// and the claims the caller must tie to the commitments' openings.
///
/// Wrong `counts`, or values outside the table, give a proof whose relations do not hold.
pub fn prove_hidden_lookup<T, C>(
    statement: &LookupStatement<T>,
    columns: &[&[u32]],
    counts: &[u32],
    context: &mut C,
    transcript: &mut Transcript,
) -> Result<ProvedHiddenLookup, LookupError>
where
    T: LookupTable,
    C: HidingProver<Fr> + ?Sized,
{
    let evaluate =
        |row_point: &[Fr], beta: Fr| column_values(&statement.table, columns, row_point, beta);
    prove_hidden_lookup_evaluated(statement, columns, counts, context, transcript, evaluate)
}

/// [`prove_hidden_lookup`] with the columns' values at the witness leaves' row point computed by
/// `evaluate(row_point, β)` (as [`crate::prove_lookup_evaluated`]: for claims on other columns
/// than the looked-up indices). `evaluate` must return one value per column.
pub fn prove_hidden_lookup_evaluated<T, C>(
    statement: &LookupStatement<T>,
    columns: &[&[u32]],
    counts: &[u32],
    context: &mut C,
    transcript: &mut Transcript,
    evaluate: impl FnOnce(&[Fr], Fr) -> Vec<Fr>,
) -> Result<ProvedHiddenLookup, LookupError>
where
    T: LookupTable,
    C: HidingProver<Fr> + ?Sized,
{
    check_witness(statement, columns, counts)?;
    context
        .check_free_mask(hidden_mask_len(statement))
        .map_err(|(expected, found)| LookupError::Shape {
            what: "mask coefficients (at least)",
            expected,
            found,
        })?;
    statement.absorb_into(transcript);
    let alpha: Fr = transcript.challenge_field(label::ALPHA);
    let beta = draw_beta(&statement.table, transcript);
    let (witness, table) = build_trees(statement, columns, counts, alpha, beta)?;
    prove_trees(
        statement,
        [witness, table],
        [alpha, beta],
        context,
        transcript,
        evaluate,
    )
}

/// Everything after `α`, `β` and the trees: both trees walked with hidden values, the leaves'
/// and the sums' relations. Split out so that the forged-leaf tests prove trees no honest
/// prover builds through the same code.
fn prove_trees<T, C>(
    statement: &LookupStatement<T>,
    [witness, table]: [FractionTree; 2],
    [alpha, beta]: [Fr; 2],
    context: &mut C,
    transcript: &mut Transcript,
    evaluate: impl FnOnce(&[Fr], Fr) -> Vec<Fr>,
) -> Result<ProvedHiddenLookup, LookupError>
where
    T: LookupTable,
    C: HidingProver<Fr> + ?Sized,
{
    let (witness_tree, witness_walk, witness_point, _, _) =
        prove_hidden_tree(witness, context, transcript);
    let (row_point, column_point) = witness_point.split_at(statement.row_vars as usize);
    let column_values = evaluate(row_point, beta);
    shape("column values", statement.columns, column_values.len())?;
    let column_handles: Vec<HiddenValue> = column_values
        .iter()
        .map(|v| context.hide_scalar(*v, transcript))
        .collect();
    require_witness_leaves(
        context.relations(),
        statement,
        alpha,
        column_point,
        witness_walk.leaves(),
        &column_handles,
    );

    let (table_tree, table_walk, table_point, multiplicity_value, _) =
        prove_hidden_tree(table, context, transcript);
    let multiplicity = context.hide_scalar(multiplicity_value, transcript);
    require_table_leaves(
        context.relations(),
        alpha - statement.table.evaluate(&table_point, beta),
        table_walk.leaves(),
        multiplicity,
    );
    require_equal_sums(
        context.relations(),
        Fr::from(statement.padding_leaves() as u64),
        witness_walk.root,
        table_walk.root,
    );

    Ok(ProvedHiddenLookup {
        proof: HiddenLookupProof {
            witness_tree,
            table_tree,
        },
        claims: HiddenLookupClaims {
            columns: HiddenColumnClaims {
                point: row_point.to_vec(),
                values: column_handles,
                beta,
            },
            multiplicity: HiddenMultiplicityClaim {
                point: table_point,
                value: multiplicity,
            },
        },
        column_values,
        multiplicity_value,
    })
}

#[cfg(test)]
mod forged_leaves;
