//! The LogUp-GKR verifier. Every length is checked against the statement before it is used;
//! nothing here panics on prover data.

use crate::claim::{ColumnClaims, LookupStatement};
use crate::error::{LookupError, Side};
use crate::proof::{FractionTreeProof, LookupProof};
use crate::protocol::{draw_beta, label, multiplicity_layout};
use crate::table::LookupTable;
use ark_bn254::Fr;
use ark_ff::{One, Zero};
use spazk_field::{eq_eval, eq_table};
use spazk_hyrax::{HyraxParams, OpeningChecks};
use spazk_sumcheck::verify_sumcheck;
use spazk_transcript::Transcript;

/// Verifies a fraction tree of `depth` layers. Returns the root `(p, q)`, the leaf point and the
/// claims `(p̃(ρ), q̃(ρ))` the caller must check against the leaves.
fn verify_tree(
    side: Side,
    depth: usize,
    proof: &FractionTreeProof,
    transcript: &mut Transcript,
) -> Result<(Vec<Fr>, Fr, Fr), LookupError> {
    if proof.layers.len() != depth {
        return Err(LookupError::WrongLayerCount {
            side,
            expected: depth,
            found: proof.layers.len(),
        });
    }
    if proof.denominator.is_zero() {
        return Err(LookupError::ZeroDenominator(side));
    }
    transcript.append_fields(label::ROOT, &[proof.numerator, proof.denominator]);
    let mut point: Vec<Fr> = Vec::new();
    let (mut claim_p, mut claim_q) = (proof.numerator, proof.denominator);
    for (layer, layer_proof) in proof.layers.iter().enumerate() {
        let lambda: Fr = transcript.challenge_field(label::LAMBDA);
        let sub_claim = verify_sumcheck(
            &layer_proof.sumcheck,
            claim_p + lambda * claim_q,
            point.len(),
            3,
            transcript,
        )
        .map_err(|source| LookupError::LayerSumcheck {
            side,
            layer,
            source,
        })?;
        let [p0, p1] = layer_proof.numerators;
        let [q0, q1] = layer_proof.denominators;
        let expected = eq_eval(&point, &sub_claim.point) * (p0 * q1 + p1 * q0 + lambda * q0 * q1);
        if sub_claim.value != expected {
            return Err(LookupError::LayerFinalMismatch { side, layer });
        }
        transcript.append_fields(label::CHILDREN, &[p0, p1, q0, q1]);
        let tau: Fr = transcript.challenge_field(label::TAU);
        claim_p = p0 + tau * (p1 - p0);
        claim_q = q0 + tau * (q1 - q0);
        point = sub_claim.point;
        point.push(tau);
    }
    Ok((point, claim_p, claim_q))
}

/// Verifies a lookup proof for `statement`, settling its one opening at the end. The caller has
/// absorbed what identifies the columns (their commitments, or public columns themselves),
/// exactly as the prover did, before calling: the returned claims are MLE values at a point the
/// transcript chooses, so columns the transcript does not bind could be picked after the proof.
/// Checks, in order: the statement; the multiplicity commitment (absorbed before `α`); the
/// witness tree (every layer) and its leaves against the claimed column values (numerators
/// fixed by the statement); the table tree and its leaves (denominators `α − t̃(ρ_t)` computed
/// here from the statement's table, the numerator by opening the multiplicity commitment); and
/// that the two fraction sums are equal with nonzero denominators.
///
/// Returns the claims on the columns, which the caller must check.
pub fn verify_lookup<T: LookupTable>(
    statement: &LookupStatement<T>,
    proof: &LookupProof,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<ColumnClaims, LookupError> {
    let mut checks = OpeningChecks::new(params);
    let claims = verify_lookup_deferred(statement, proof, &mut checks, transcript)?;
    checks.finish().map_err(LookupError::Openings)?;
    Ok(claims)
}

/// [`verify_lookup`] with the multiplicity opening's group equation deferred to `checks`, so a
/// caller settles every opening of a larger proof with one MSM.
pub fn verify_lookup_deferred<'c, T: LookupTable>(
    statement: &LookupStatement<T>,
    proof: &'c LookupProof,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<ColumnClaims, LookupError> {
    statement.check()?;
    if proof.column_values.len() != statement.columns {
        return Err(LookupError::Shape {
            what: "column values",
            expected: statement.columns,
            found: proof.column_values.len(),
        });
    }
    statement.absorb_into(transcript);
    let layout = multiplicity_layout(statement.table_bits());
    if proof.multiplicity_commitment.layout != layout {
        return Err(LookupError::Multiplicity(
            spazk_hyrax::HyraxError::LayoutMismatch,
        ));
    }
    proof
        .multiplicity_commitment
        .absorb_into(label::MULTIPLICITIES, transcript);
    let alpha: Fr = transcript.challenge_field(label::ALPHA);
    let beta = draw_beta(&statement.table, transcript);

    // Witness side.
    let (witness_point, leaf_p, leaf_q) = verify_tree(
        Side::Witness,
        statement.witness_vars(),
        &proof.witness_tree,
        transcript,
    )?;
    let (row_point, column_point) = witness_point.split_at(statement.row_vars as usize);
    // Every leaf numerator is one; real columns have denominators α − w̃_j(ρ_rows), padding
    // columns 1.
    if leaf_p != Fr::one() {
        return Err(LookupError::WitnessNumeratorMismatch);
    }
    let column_weights = eq_table(column_point);
    let real_weights = &column_weights[..statement.columns];
    let real_share: Fr = real_weights.iter().sum();
    let denominator = real_weights
        .iter()
        .zip(&proof.column_values)
        .map(|(e, v)| *e * (alpha - v))
        .sum::<Fr>()
        + (Fr::one() - real_share);
    if leaf_q != denominator {
        return Err(LookupError::WitnessDenominatorMismatch);
    }
    transcript.append_fields(label::COLUMN_VALUES, &proof.column_values);

    // Table side.
    let (table_point, leaf_m, leaf_t) = verify_tree(
        Side::Table,
        statement.table_bits() as usize,
        &proof.table_tree,
        transcript,
    )?;
    if leaf_t != alpha - statement.table.evaluate(&table_point, beta) {
        return Err(LookupError::TableDenominatorMismatch);
    }
    if leaf_m != proof.multiplicity_value {
        return Err(LookupError::Multiplicity(
            spazk_hyrax::HyraxError::EvaluationMismatch,
        ));
    }
    transcript.append_field(label::MULTIPLICITY_VALUE, &proof.multiplicity_value);
    checks
        .add_opening(
            &proof.multiplicity_commitment,
            &table_point,
            proof.multiplicity_value,
            &proof.multiplicity_opening,
        )
        .map_err(LookupError::Multiplicity)?;

    // Σ 1/(α − w) = Σ m/(α − t), the witness root also counting one per padding leaf:
    // (P_w − pad·Q_w)·Q_t = P_t·Q_w (both Q nonzero, checked above).
    let (w, t) = (&proof.witness_tree, &proof.table_tree);
    let padding = Fr::from(statement.padding_leaves() as u64);
    if (w.numerator - padding * w.denominator) * t.denominator != t.numerator * w.denominator {
        return Err(LookupError::UnequalFractionSums);
    }
    Ok(ColumnClaims {
        point: row_point.to_vec(),
        values: proof.column_values.clone(),
        beta,
    })
}
