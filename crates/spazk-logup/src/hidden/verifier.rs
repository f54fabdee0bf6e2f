//! The zero-knowledge lookup's verifier. Every length comes from the statement and is checked
//! before use; nothing here panics on prover data. The checks on hidden values are relations
//! in the hiding context, settled by its final Σ-protocol.

use super::relations::{
    require_equal_sums, require_table_leaves, require_witness_leaves, Children, HiddenTree,
};
use super::{HiddenColumnClaims, HiddenLookupClaims, HiddenMultiplicityClaim, LAYER_DEGREE};
use crate::claim::LookupStatement;
use crate::error::{LookupError, Side};
use crate::proof::{HiddenLookupProof, HiddenTreeProof};
use crate::protocol::{draw_beta, label};
use crate::table::LookupTable;
use ark_bn254::Fr;
use spazk_sumcheck::hidden::{HiddenValue, HidingVerifier};
use spazk_sumcheck::verify_masked_sumcheck;
use spazk_transcript::Transcript;

/// The proof's next hidden scalar.
fn receive<C: HidingVerifier<Fr> + ?Sized>(
    context: &mut C,
    transcript: &mut Transcript,
) -> Result<HiddenValue, LookupError> {
    context
        .receive_scalar(transcript)
        .map_err(LookupError::Hidden)
}

/// A layer's four children, in the order the prover hides them.
fn receive_children<C: HidingVerifier<Fr> + ?Sized>(
    context: &mut C,
    transcript: &mut Transcript,
) -> Result<Children, LookupError> {
    // An array's elements are evaluated in order: p₀, p₁, q₀, q₁.
    Ok(Children::from_sent([
        receive(context, transcript)?,
        receive(context, transcript)?,
        receive(context, transcript)?,
        receive(context, transcript)?,
    ]))
}

/// Verifies a hidden tree of `depth` layers: layer 0 (the root's children) against the hidden
/// root, layers `1 … depth − 1` by their masked sumchecks. Returns the leaf point and the walk
/// (root and leaf claims), whose checks are now relations in `context`.
fn verify_hidden_tree<C: HidingVerifier<Fr> + ?Sized>(
    side: Side,
    depth: usize,
    proof: &HiddenTreeProof,
    context: &mut C,
    transcript: &mut Transcript,
) -> Result<(Vec<Fr>, HiddenTree), LookupError> {
    let expected = depth.saturating_sub(1);
    if proof.layers.len() != expected {
        return Err(LookupError::WrongLayerCount {
            side,
            expected,
            found: proof.layers.len(),
        });
    }
    let root = [receive(context, transcript)?, receive(context, transcript)?];
    let mut tree = HiddenTree::new(root);
    let mut point: Vec<Fr> = Vec::new();
    for layer in 0..depth {
        if layer == 0 {
            let children = receive_children(context, transcript)?;
            tree.top(context.relations(), children);
        } else {
            let lambda: Fr = transcript.challenge_field(label::LAMBDA);
            let sub_claim = verify_masked_sumcheck(
                &proof.layers[layer - 1],
                &tree.claim(lambda),
                layer,
                LAYER_DEGREE,
                context,
                transcript,
            )
            .map_err(|source| LookupError::LayerSumcheck {
                side,
                layer,
                source,
            })?;
            let children = receive_children(context, transcript)?;
            tree.layer(context.relations(), &point, &sub_claim, lambda, children);
            point = sub_claim.point;
        }
        let tau: Fr = transcript.challenge_field(label::TAU);
        tree.fold(tau);
        point.push(tau);
    }
    Ok((point, tree))
}

/// Verifies a zero-knowledge lookup proof for `statement`. The caller has absorbed what
/// identifies the columns and the multiplicities (their hiding commitments), exactly as the
/// prover did, before calling; the proof's hidden scalars and relations go to `context`, whose
/// final Σ-protocol settles them.
///
/// Checks, in order: the statement; the witness tree (every layer's masked sumcheck in the
/// clear, the rest as relations) and its leaves against the hidden column values (numerators
/// one); the table tree and its leaves (denominators `α − t̃(ρ_t)` computed here from the
/// statement's table, numerators the hidden multiplicity value); that the two fraction sums
/// are equal. Nonzero denominators need no check (see [`crate::hidden`]).
///
/// Returns the claims on the columns and the multiplicities, which the caller must tie to the
/// commitments' openings.
pub fn verify_hidden_lookup<T, C>(
    statement: &LookupStatement<T>,
    proof: &HiddenLookupProof,
    context: &mut C,
    transcript: &mut Transcript,
) -> Result<HiddenLookupClaims, LookupError>
where
    T: LookupTable,
    C: HidingVerifier<Fr> + ?Sized,
{
    statement.check()?;
    statement.absorb_into(transcript);
    let alpha: Fr = transcript.challenge_field(label::ALPHA);
    let beta = draw_beta(&statement.table, transcript);

    // Witness side.
    let (witness_point, witness_walk) = verify_hidden_tree(
        Side::Witness,
        statement.witness_vars(),
        &proof.witness_tree,
        context,
        transcript,
    )?;
    let (row_point, column_point) = witness_point.split_at(statement.row_vars as usize);
    let columns = (0..statement.columns)
        .map(|_| receive(context, transcript))
        .collect::<Result<Vec<_>, _>>()?;
    require_witness_leaves(
        context.relations(),
        statement,
        alpha,
        column_point,
        witness_walk.leaves(),
        &columns,
    );

    // Table side.
    let (table_point, table_walk) = verify_hidden_tree(
        Side::Table,
        statement.table_bits() as usize,
        &proof.table_tree,
        context,
        transcript,
    )?;
    let multiplicity = receive(context, transcript)?;
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
    Ok(HiddenLookupClaims {
        columns: HiddenColumnClaims {
            point: row_point.to_vec(),
            values: columns,
            beta,
        },
        multiplicity: HiddenMultiplicityClaim {
            point: table_point,
            value: multiplicity,
        },
    })
}
