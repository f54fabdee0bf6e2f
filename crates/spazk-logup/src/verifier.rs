//! The LogUp-GKR verifier. Every length is checked against the statement before it is used;
//! nothing here panics on prover data.

use crate::claim::{ColumnClaims, LookupStatement};
use crate::error::{LogUpError, Side};
use crate::proof::{FractionTreeProof, LookupProof};
use crate::prover::{draw_beta, label, multiplicity_layout};
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
) -> Result<(Vec<Fr>, Fr, Fr), LogUpError> {
    if proof.layers.len() != depth {
        return Err(LogUpError::WrongLayerCount {
            side,
            expected: depth,
            found: proof.layers.len(),
        });
    }
    if proof.denominator.is_zero() {
        return Err(LogUpError::ZeroDenominator(side));
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
        .map_err(|source| LogUpError::LayerSumcheck {
            side,
            layer,
            source,
        })?;
        let [p0, p1] = layer_proof.numerators;
        let [q0, q1] = layer_proof.denominators;
        let expected = eq_eval(&point, &sub_claim.point) * (p0 * q1 + p1 * q0 + lambda * q0 * q1);
        if sub_claim.value != expected {
            return Err(LogUpError::LayerFinalMismatch { side, layer });
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
/// transcript chooses, so columns the transcript does not bind could be picked after the proof. Checks, in order: the statement; the multiplicity
/// commitment (absorbed before `α`); the witness tree (every layer) and its leaves against the
/// claimed column values (numerators fixed by the statement); the table tree and its leaves
/// (denominators `α − t̃(ρ_t)` computed here, the numerator by opening the multiplicity
/// commitment); and that the two fraction sums are equal with nonzero denominators.
///
/// Returns the claims on the columns, which the caller must check.
pub fn verify_lookup(
    statement: &LookupStatement,
    proof: &LookupProof,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<ColumnClaims, LogUpError> {
    let mut checks = OpeningChecks::new(params);
    let claims = verify_lookup_deferred(statement, proof, &mut checks, transcript)?;
    checks.finish().map_err(LogUpError::Openings)?;
    Ok(claims)
}

/// [`verify_lookup`] with the multiplicity opening's group equation deferred to `checks`, so a
/// caller settles every opening of a larger proof with one MSM.
pub fn verify_lookup_deferred<'c>(
    statement: &LookupStatement,
    proof: &'c LookupProof,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<ColumnClaims, LogUpError> {
    verify_lookup_with_table_mle(statement, proof, checks, transcript, |point, beta| {
        statement.table.evaluate(point, beta)
    })
}

/// [`verify_lookup_deferred`] with the table's MLE computed by `table_mle(point, β)` (the
/// table's own [`crate::LookupTable::evaluate`] there; the tests pass a verifier that forgets a
/// term to show the term is load-bearing).
fn verify_lookup_with_table_mle<'c>(
    statement: &LookupStatement,
    proof: &'c LookupProof,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
    table_mle: impl FnOnce(&[Fr], Fr) -> Fr,
) -> Result<ColumnClaims, LogUpError> {
    statement.check()?;
    if proof.column_values.len() != statement.columns {
        return Err(LogUpError::Shape {
            what: "column values",
            expected: statement.columns,
            found: proof.column_values.len(),
        });
    }
    statement.absorb_into(transcript);
    let layout = multiplicity_layout(statement.table_bits());
    if proof.multiplicity_commitment.layout != layout {
        return Err(LogUpError::Multiplicity(
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
        return Err(LogUpError::WitnessNumeratorMismatch);
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
        return Err(LogUpError::WitnessDenominatorMismatch);
    }
    transcript.append_fields(label::COLUMN_VALUES, &proof.column_values);

    // Table side.
    let (table_point, leaf_m, leaf_t) = verify_tree(
        Side::Table,
        statement.table_bits() as usize,
        &proof.table_tree,
        transcript,
    )?;
    if leaf_t != alpha - table_mle(&table_point, beta) {
        return Err(LogUpError::TableDenominatorMismatch);
    }
    if leaf_m != proof.multiplicity_value {
        return Err(LogUpError::Multiplicity(
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
        .map_err(LogUpError::Multiplicity)?;

    // Σ 1/(α − w) = Σ m/(α − t), the witness root also counting one per padding leaf:
    // (P_w − pad·Q_w)·Q_t = P_t·Q_w (both Q nonzero, checked above).
    let (w, t) = (&proof.witness_tree, &proof.table_tree);
    let padding = Fr::from(statement.padding_leaves() as u64);
    if (w.numerator - padding * w.denominator) * t.denominator != t.numerator * w.denominator {
        return Err(LogUpError::UnequalFractionSums);
    }
    Ok(ColumnClaims {
        point: row_point.to_vec(),
        values: proof.column_values.clone(),
        beta,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prover::prove_lookup;
    use crate::table::{LookupTable, RequantizeTable};
    use ark_ff::Field;
    use spazk_hyrax::HyraxParams;

    /// The requantization table's half coordinate enters its MLE as `β²·ρ_H`. A verifier that
    /// drops the term rejects honest proofs: the term is what the table side proves, so without
    /// it the remainder half would be read without its tag (the forgery of a committed `a = 256`
    /// passing as a remainder entry relied on exactly that tag being reachable).
    #[test]
    fn the_half_tag_in_the_table_mle_is_load_bearing() {
        let table = RequantizeTable {
            quotient_bits: 9,
            remainder_bits: 4,
        };
        let rows = 64u32;
        let quotients: Vec<u32> = (0..rows)
            .map(|i| table.quotient_index(i as i64 * 7 % 250 - 20).unwrap())
            .collect();
        let remainders: Vec<u32> = (0..rows)
            .map(|i| table.remainder_index(i as u64 % 16).unwrap())
            .collect();
        let statement = LookupStatement {
            columns: 2,
            row_vars: rows.trailing_zeros(),
            table: LookupTable::Requantize(table),
        };
        let params = HyraxParams::with_default_seed(1 << 10);
        let mut transcript = Transcript::new(b"half-tag");
        let (proof, _) = prove_lookup(
            &statement,
            &[&quotients, &remainders],
            &params,
            &mut transcript,
        )
        .unwrap();
        let h = table.half_bits() as usize;
        let verify = |drop_tag: bool| {
            let mut checks = OpeningChecks::new(&params);
            let mut transcript = Transcript::new(b"half-tag");
            verify_lookup_with_table_mle(
                &statement,
                &proof,
                &mut checks,
                &mut transcript,
                |point, beta| {
                    let full = statement.table.evaluate(point, beta);
                    if drop_tag {
                        full - beta.square() * point[h]
                    } else {
                        full
                    }
                },
            )?;
            checks.finish().map_err(LogUpError::Openings)
        };
        assert_eq!(verify(false), Ok(()));
        assert_eq!(verify(true), Err(LogUpError::TableDenominatorMismatch));
    }
}
