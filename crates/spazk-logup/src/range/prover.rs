//! The range-check prover: limb columns (and scaled top limbs) looked up in one argument, the
//! limbs' opening vectors computed once for both the lookup's column values and the opening.

use super::{absorb_batch, batch_statement, check_limb_width, limb_values_of, row_vars_of};
use super::{CommittedLimbs, LimbDecomposition};
use crate::error::RangeError;
use crate::proof::{CommittedRangeProof, LookupProof};
use crate::prover::{multiplicities, prove_lookup_evaluated};
use ark_bn254::Fr;
use spazk_field::{eq_table, evaluate_mle_with_eq, EvalClaim};
use spazk_hyrax::{combine_openings, opening_vector_small, HyraxCommitment, HyraxParams};
use spazk_transcript::Transcript;

/// Proves that the committed limbs are each in `[0, 2^limb_bits)` (the top one in
/// `[0, 2^top_bits)`), so the value column they recompose has `value_bits` bits. Absorbs the
/// widths and the limb commitments first. Returns the proof and the claim on the value column.
pub fn prove_committed_range(
    decomposition: &LimbDecomposition,
    committed: &CommittedLimbs,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(CommittedRangeProof, EvalClaim<Fr>), RangeError> {
    let (proof, mut claims) =
        prove_committed_ranges(&[(*decomposition, committed)], params, transcript)?;
    Ok((proof, claims.remove(0)))
}

/// Range checks for several value columns of the same length and limb width, in **one** lookup
/// argument (one table, one witness tree) and one batched opening of all their limb
/// commitments. Returns the proof and one claim per value column, all at the same point.
pub fn prove_committed_ranges(
    columns: &[(LimbDecomposition, &CommittedLimbs)],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(CommittedRangeProof, Vec<EvalClaim<Fr>>), RangeError> {
    let scaled: Vec<Option<Vec<u32>>> = columns
        .iter()
        .map(|(d, c)| {
            d.check()?;
            if c.limbs.len() != d.limbs() || c.commitments.len() != d.limbs() {
                return Err(RangeError::Shape {
                    what: "limb columns",
                    expected: d.limbs(),
                    found: c.limbs.len(),
                });
            }
            Ok(d.scaled_top(c))
        })
        .collect::<Result<_, _>>()?;
    let scaled_refs: Vec<Option<&[u32]>> = scaled.iter().map(Option::as_deref).collect();
    prove_and_open_ranges(columns, &scaled_refs, params, transcript)
}

/// [`prove_committed_ranges`] with the scaled top limbs supplied by the caller: what a cheating
/// prover runs (the soundness tests' hook; honest callers use [`prove_committed_ranges`]).
#[cfg(feature = "test-util")]
pub fn prove_committed_ranges_with_scaled(
    columns: &[(LimbDecomposition, &CommittedLimbs)],
    scaled: &[Option<&[u32]>],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(CommittedRangeProof, Vec<EvalClaim<Fr>>), RangeError> {
    prove_and_open_ranges(columns, scaled, params, transcript)
}

/// The range argument over `columns` with the scaled top limbs `scaled`, then the batched
/// opening of every limb at its row point.
fn prove_and_open_ranges(
    columns: &[(LimbDecomposition, &CommittedLimbs)],
    scaled: &[Option<&[u32]>],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(CommittedRangeProof, Vec<EvalClaim<Fr>>), RangeError> {
    let claims = prove_range_claims(columns, scaled, params, transcript)?;
    let commitments: Vec<&HyraxCommitment> = claims.commitments.iter().collect();
    let column_opening = combine_openings(
        &commitments,
        &claims.point,
        &claims.vectors,
        &claims.limb_values,
        transcript,
    );
    let proof = CommittedRangeProof {
        limb_commitments: claims.commitments,
        lookup: claims.lookup,
        column_opening,
    };
    Ok((proof, claims.value_claims))
}

/// What the range argument leaves before any opening: the lookup, the limbs' values at its row
/// point (and their opening vectors there), and the value claims.
pub struct RangeClaims {
    /// Every limb commitment, in the order of the value columns, low limb first.
    pub commitments: Vec<HyraxCommitment>,
    /// The lookup argument over the limbs and scaled top limbs.
    pub lookup: LookupProof,
    /// The lookup's row point.
    pub point: Vec<Fr>,
    /// Every limb's value at `point` (the scaled tops left out), in the order of `commitments`.
    pub limb_values: Vec<Fr>,
    /// Every limb's opening vector at `point` (Hyrax's `Lᵀ·Z`), in the same order.
    pub vectors: Vec<Vec<Fr>>,
    /// One claim per value column, all at `point`.
    pub value_claims: Vec<EvalClaim<Fr>>,
}

/// The range argument without its opening (a caller that folds the limb claims into a later
/// sumcheck opens once, elsewhere). The scaled top limbs `scaled` are one entry per value
/// column ([`LimbDecomposition::scaled_top`]). Absorbs the widths and the limb commitments
/// first, as [`super::verify_range_claims`] does.
pub fn prove_range_claims(
    columns: &[(LimbDecomposition, &CommittedLimbs)],
    scaled: &[Option<&[u32]>],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<RangeClaims, RangeError> {
    prove_range_claims_routed(columns, scaled, None, params, transcript)
}

/// [`prove_range_claims`] with lookup column `routed.0` (an index among the lookup's columns),
/// when given, replaced by `routed.1`, whose values are also what is claimed for it, while the
/// limb's commitment and opening vector stay those of the committed limb. Honest callers use
/// [`prove_range_claims`] (no routing); the `test-util` feature exports this for a cheating
/// prover whose lookup disagrees with its commitments (the soundness tests' hook).
pub fn prove_range_claims_routed(
    columns: &[(LimbDecomposition, &CommittedLimbs)],
    scaled: &[Option<&[u32]>],
    routed: Option<(usize, &[u32])>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<RangeClaims, RangeError> {
    let decompositions: Vec<LimbDecomposition> = columns.iter().map(|(d, _)| *d).collect();
    check_limb_width(&decompositions)?;
    let rows = columns[0].1.limbs.first().map_or(0, Vec::len);
    let row_vars = row_vars_of(rows)?;
    let commitments: Vec<HyraxCommitment> = columns
        .iter()
        .flat_map(|(_, c)| c.commitments.iter().cloned())
        .collect();
    absorb_batch(&decompositions, &commitments, transcript);
    let mut lookup_columns: Vec<&[u32]> = Vec::new();
    for ((_, committed), scaled) in columns.iter().zip(scaled) {
        lookup_columns.extend(committed.limbs.iter().map(Vec::as_slice));
        if let Some(scaled) = scaled {
            lookup_columns.push(scaled);
        }
    }
    if let Some((index, column)) = routed {
        lookup_columns[index] = column;
    }
    let statement = batch_statement(&decompositions, row_vars);
    let counts = multiplicities(&lookup_columns, statement.table_bits())?;

    // The lookup needs every column's value at its row point, and the batched opening there
    // needs every limb's opening vector u_k = Lᵀ·Z_k, whose ⟨u_k, eq(r_col)⟩ is that value:
    // computed once, here, for both.
    let layout = LimbDecomposition::layout(row_vars);
    let mut vectors: Vec<Vec<Fr>> = Vec::new();
    let evaluate = |point: &[Fr], _beta: Fr| {
        let (col_point, row_point) = point.split_at(layout.col_vars as usize);
        let (rows, cols) = (eq_table(row_point), eq_table(col_point));
        let mut values = Vec::with_capacity(statement.columns);
        for ((d, committed), scaled) in columns.iter().zip(scaled) {
            for limb in &committed.limbs {
                let u = opening_vector_small(limb, layout, &rows);
                values.push(match routed {
                    Some((index, column)) if index == values.len() => {
                        evaluate_mle_with_eq(&opening_vector_small(column, layout, &rows), &cols)
                    }
                    _ => evaluate_mle_with_eq(&u, &cols),
                });
                vectors.push(u);
            }
            if let Some(scaled) = scaled {
                // The scaled copy's value, from its own entries (a cheating copy shows here).
                values.push(evaluate_mle_with_eq(
                    &opening_vector_small(scaled, layout, &rows),
                    &cols,
                ));
            }
            debug_assert_eq!(d.limbs(), committed.limbs.len());
        }
        values
    };
    let (lookup, claims) = prove_lookup_evaluated(
        &statement,
        &lookup_columns,
        &counts,
        params,
        transcript,
        evaluate,
    )?;
    let limb_values: Vec<Fr> = limb_values_of(&decompositions, row_vars, &claims.values);
    let mut values = claims.values.as_slice();
    let value_claims = decompositions
        .iter()
        .map(|d| {
            let value = d.recompose(&values[..d.limbs()]);
            values = &values[d.statement(row_vars).columns..];
            EvalClaim::new(claims.point.clone(), value)
        })
        .collect();
    Ok(RangeClaims {
        commitments,
        lookup,
        point: claims.point,
        limb_values,
        vectors,
        value_claims,
    })
}
