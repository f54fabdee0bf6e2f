//! Range checks of committed unsigned values through limbs: `z = Σ_k 2^{w·k}·l_k`, each limb
//! looked up in `[0, 2^w)`. When `w` does not divide the value width the top limb is narrower;
//! it is looked up twice, once as itself and once scaled by `2^{w − r}` (a column the verifier
//! derives from the top limb's claim, never committed), which bounds it by `2^r`.

use crate::claim::{ColumnClaims, LookupStatement, MAX_TABLE_BITS};
use crate::error::LogUpError;
use crate::proof::CommittedRangeProof;
use crate::prover::{multiplicities, prove_lookup_evaluated};
use crate::table::LookupTable;
use crate::verifier::verify_lookup_deferred;
use ark_bn254::{Fr, G1Projective};
use ark_ec::CurveGroup;
use ark_ff::Zero;
use spazk_field::{eq_table, evaluate_mle_with_eq};
use spazk_hyrax::{
    combine_openings, opening_vector_small, Commit, HyraxCommitment, HyraxParams, Layout,
    OpeningChecks,
};
use spazk_transcript::Transcript;

/// Commits a column of small unsigned values: Hyrax picks bit planes or byte buckets from the
/// largest value, so the column's width costs nothing beyond its set bits.
pub(crate) fn commit_small_column(
    values: &[u32],
    params: &HyraxParams,
    layout: Layout,
) -> Result<HyraxCommitment, LogUpError> {
    values
        .commit(params, layout)
        .map_err(LogUpError::Commitment)
}

/// How unsigned values of `value_bits` bits are split into limbs of `limb_bits` bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimbDecomposition {
    /// Width of the values.
    pub value_bits: u32,
    /// Width of a limb (the lookup table is `[0, 2^limb_bits)`).
    pub limb_bits: u32,
}

/// What a verified range proof leaves: the MLE of the value column `Σ_k 2^{w·k}·l̃_k` at
/// `point` is `value`. The caller ties it to wherever the values come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueClaim {
    /// The row point.
    pub point: Vec<Fr>,
    /// The claimed value.
    pub value: Fr,
}

/// Limb columns and their commitments.
#[derive(Clone, Debug)]
pub struct CommittedLimbs {
    /// One column per limb, low limb first.
    pub limbs: Vec<Vec<u32>>,
    /// One commitment per limb, under [`LimbDecomposition::layout`].
    pub commitments: Vec<HyraxCommitment>,
}

impl LimbDecomposition {
    /// Checks the widths: `1 ≤ limb_bits ≤ 20` (the table is proved over `2^limb_bits` entries)
    /// and `1 ≤ value_bits ≤ 64`.
    pub fn check(&self) -> Result<(), LogUpError> {
        let in_range = |what, value: u32, max: u32| {
            if (1..=max).contains(&value) {
                Ok(())
            } else {
                Err(LogUpError::Shape {
                    what,
                    expected: max as usize,
                    found: value as usize,
                })
            }
        };
        in_range("limb bits", self.limb_bits, MAX_TABLE_BITS.min(20))?;
        in_range("value bits", self.value_bits, 64)
    }

    /// Number of limbs, `⌈value_bits / limb_bits⌉`.
    pub fn limbs(&self) -> usize {
        self.value_bits.div_ceil(self.limb_bits) as usize
    }

    /// Width of the top limb.
    pub fn top_bits(&self) -> u32 {
        self.value_bits - (self.limbs() as u32 - 1) * self.limb_bits
    }

    /// Whether the top limb is narrower than the table and needs its scaled copy.
    pub fn has_scaled_top(&self) -> bool {
        self.top_bits() < self.limb_bits
    }

    /// The lookup statement for columns of `2^row_vars` values.
    pub fn statement(&self, row_vars: u32) -> LookupStatement {
        LookupStatement {
            columns: self.limbs() + usize::from(self.has_scaled_top()),
            row_vars,
            table: LookupTable::Range {
                bits: self.limb_bits,
            },
        }
    }

    /// The layout limb columns of `2^row_vars` values are committed under.
    pub fn layout(row_vars: u32) -> Layout {
        Layout::balanced(row_vars)
    }

    /// Splits `values` into limb columns; rejects a value wider than `value_bits`.
    pub fn decompose(&self, values: &[u64]) -> Result<Vec<Vec<u32>>, LogUpError> {
        self.check()?;
        let mask = (1u64 << self.limb_bits) - 1;
        let mut limbs = vec![Vec::with_capacity(values.len()); self.limbs()];
        for (row, v) in values.iter().enumerate() {
            if self.value_bits < 64 && *v >> self.value_bits != 0 {
                return Err(LogUpError::ValueOutOfRange {
                    column: 0,
                    row,
                    value: *v,
                    bits: self.value_bits,
                });
            }
            for (k, limb) in limbs.iter_mut().enumerate() {
                limb.push(((*v >> (k as u32 * self.limb_bits)) & mask) as u32);
            }
        }
        Ok(limbs)
    }

    /// Decomposes and commits `values` (a power-of-two count), each limb through Hyrax's
    /// unsigned-value path.
    pub fn commit(
        &self,
        values: &[u64],
        params: &HyraxParams,
    ) -> Result<CommittedLimbs, LogUpError> {
        let row_vars = row_vars_of(values.len())?;
        let limbs = self.decompose(values)?;
        let layout = Self::layout(row_vars);
        let commitments = limbs
            .iter()
            .map(|limb| commit_small_column(limb, params, layout))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CommittedLimbs { limbs, commitments })
    }

    /// `2^{w − r}`, the factor of the scaled top limb.
    fn top_scale(&self) -> u32 {
        1 << (self.limb_bits - self.top_bits())
    }

    fn absorb_into(&self, commitments: &[HyraxCommitment], transcript: &mut Transcript) {
        transcript.append_u64(b"range-value-bits", self.value_bits as u64);
        transcript.append_u64(b"range-limb-bits", self.limb_bits as u64);
        for commitment in commitments {
            commitment.absorb_into(b"range-limb", transcript);
        }
    }

    /// `Σ_k 2^{w·k}·v_k`.
    fn recompose(&self, limb_values: &[Fr]) -> Fr {
        let base = Fr::from(1u64 << self.limb_bits);
        limb_values
            .iter()
            .rev()
            .fold(Fr::zero(), |acc, v| acc * base + v)
    }

    /// The commitment to the value column, `Σ_k 2^{w·k}·C_k` row by row (Hyrax is additively
    /// homomorphic), for a caller that holds the values' own commitment.
    pub fn value_commitment(
        &self,
        limb_commitments: &[HyraxCommitment],
    ) -> Result<HyraxCommitment, LogUpError> {
        let first = limb_commitments.first().ok_or(LogUpError::Shape {
            what: "limb commitments",
            expected: self.limbs(),
            found: 0,
        })?;
        let mut rows: Vec<G1Projective> = vec![G1Projective::zero(); first.rows.len()];
        for (k, commitment) in limb_commitments.iter().enumerate() {
            if commitment.layout != first.layout || commitment.rows.len() != rows.len() {
                return Err(LogUpError::Column(spazk_hyrax::HyraxError::LayoutMismatch));
            }
            let scale = Fr::from(2u64).pow([k as u64 * self.limb_bits as u64]);
            for (acc, row) in rows.iter_mut().zip(&commitment.rows) {
                *acc += *row * scale;
            }
        }
        Ok(HyraxCommitment {
            layout: first.layout,
            seed: first.seed,
            rows: G1Projective::normalize_batch(&rows),
        })
    }
}

use ark_ff::Field;

fn row_vars_of(len: usize) -> Result<u32, LogUpError> {
    if !len.is_power_of_two() {
        return Err(LogUpError::Shape {
            what: "column length (a power of two)",
            expected: len.next_power_of_two(),
            found: len,
        });
    }
    Ok(len.trailing_zeros())
}

/// Proves that the committed limbs are each in `[0, 2^limb_bits)` (the top one in
/// `[0, 2^top_bits)`), so the value column they recompose has `value_bits` bits. Absorbs the
/// widths and the limb commitments first. Returns the proof and the claim on the value column.
pub fn prove_committed_range(
    decomposition: &LimbDecomposition,
    committed: &CommittedLimbs,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(CommittedRangeProof, ValueClaim), LogUpError> {
    let (proof, mut claims) =
        prove_committed_ranges(&[(*decomposition, committed)], params, transcript)?;
    Ok((proof, claims.remove(0)))
}

/// Verifies a committed range proof for `2^row_vars` values. Checks the limb commitments'
/// count and layout, the lookup argument, the scaled top limb, and the limb commitments' opening
/// at the lookup's point. Returns the claim on the value column.
pub fn verify_committed_range(
    decomposition: &LimbDecomposition,
    row_vars: u32,
    proof: &CommittedRangeProof,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<ValueClaim, LogUpError> {
    verify_committed_ranges(&[*decomposition], row_vars, proof, params, transcript)
        .map(|mut claims| claims.remove(0))
}

/// The scaled copy of a decomposition's top limb, if it needs one.
pub(crate) fn scaled_top(
    decomposition: &LimbDecomposition,
    committed: &CommittedLimbs,
) -> Option<Vec<u32>> {
    decomposition.has_scaled_top().then(|| {
        let scale = decomposition.top_scale();
        committed.limbs[committed.limbs.len() - 1]
            .iter()
            .map(|l| l.saturating_mul(scale))
            .collect()
    })
}

/// Range checks for several value columns of the same length and limb width, in **one** lookup
/// argument (one table, one witness tree) and one batched opening of all their limb
/// commitments. Returns the proof and one claim per value column, all at the same point.
pub fn prove_committed_ranges(
    columns: &[(LimbDecomposition, &CommittedLimbs)],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(CommittedRangeProof, Vec<ValueClaim>), LogUpError> {
    let scaled: Vec<Option<Vec<u32>>> = columns
        .iter()
        .map(|(d, c)| {
            d.check()?;
            if c.limbs.len() != d.limbs() || c.commitments.len() != d.limbs() {
                return Err(LogUpError::Shape {
                    what: "limb columns",
                    expected: d.limbs(),
                    found: c.limbs.len(),
                });
            }
            Ok(scaled_top(d, c))
        })
        .collect::<Result<_, _>>()?;
    let scaled_refs: Vec<Option<&[u32]>> = scaled.iter().map(Option::as_deref).collect();
    prove_committed_ranges_with_scaled(columns, &scaled_refs, params, transcript)
}

fn check_limb_width(decompositions: &[LimbDecomposition]) -> Result<u32, LogUpError> {
    let first = decompositions.first().ok_or(LogUpError::Shape {
        what: "value columns",
        expected: 1,
        found: 0,
    })?;
    for d in decompositions {
        d.check()?;
        if d.limb_bits != first.limb_bits {
            return Err(LogUpError::Shape {
                what: "limb bits",
                expected: first.limb_bits as usize,
                found: d.limb_bits as usize,
            });
        }
    }
    Ok(first.limb_bits)
}

/// The limbs' values among a lookup's column values (the scaled tops dropped).
fn limb_values_of(decompositions: &[LimbDecomposition], row_vars: u32, values: &[Fr]) -> Vec<Fr> {
    let mut rest = values;
    let mut limbs = Vec::new();
    for d in decompositions {
        limbs.extend_from_slice(&rest[..d.limbs()]);
        rest = &rest[d.statement(row_vars).columns..];
    }
    limbs
}

fn batch_statement(decompositions: &[LimbDecomposition], row_vars: u32) -> LookupStatement {
    LookupStatement {
        columns: decompositions
            .iter()
            .map(|d| d.statement(row_vars).columns)
            .sum(),
        row_vars,
        table: LookupTable::Range {
            bits: decompositions[0].limb_bits,
        },
    }
}

fn absorb_batch(
    decompositions: &[LimbDecomposition],
    commitments: &[HyraxCommitment],
    transcript: &mut Transcript,
) {
    transcript.append_u64(b"range-value-columns", decompositions.len() as u64);
    let mut rest = commitments;
    for d in decompositions {
        let (mine, tail) = rest.split_at(d.limbs().min(rest.len()));
        d.absorb_into(mine, transcript);
        rest = tail;
    }
}

/// [`prove_committed_ranges`] with the scaled top limbs supplied by the caller: what a cheating
/// prover runs. Public for the soundness tests.
#[doc(hidden)]
pub fn prove_committed_ranges_with_scaled(
    columns: &[(LimbDecomposition, &CommittedLimbs)],
    scaled: &[Option<&[u32]>],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(CommittedRangeProof, Vec<ValueClaim>), LogUpError> {
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
pub(crate) struct RangeClaims {
    pub commitments: Vec<HyraxCommitment>,
    pub lookup: crate::proof::LookupProof,
    /// The lookup's row point.
    pub point: Vec<Fr>,
    pub limb_values: Vec<Fr>,
    pub vectors: Vec<Vec<Fr>>,
    pub value_claims: Vec<ValueClaim>,
}

/// The range argument without its opening (a caller that folds the limb claims into a later
/// sumcheck opens once, elsewhere).
pub(crate) fn prove_range_claims(
    columns: &[(LimbDecomposition, &CommittedLimbs)],
    scaled: &[Option<&[u32]>],
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<RangeClaims, LogUpError> {
    prove_range_claims_routed(columns, scaled, None, params, transcript)
}

/// [`prove_range_claims`] with lookup column `routed.0` (an index among the lookup's columns)
/// replaced by `routed.1`, whose values are also what is claimed for it, while the limb's
/// commitment and opening vector stay those of the committed limb: what a cheating prover whose
/// lookup disagrees with its commitments runs (the soundness tests).
pub(crate) fn prove_range_claims_routed(
    columns: &[(LimbDecomposition, &CommittedLimbs)],
    scaled: &[Option<&[u32]>],
    routed: Option<(usize, &[u32])>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<RangeClaims, LogUpError> {
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
            ValueClaim {
                point: claims.point.clone(),
                value,
            }
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

/// Verifies [`prove_committed_ranges`] for value columns of `2^row_vars` entries: limb
/// commitments' count and layout, the lookup, every scaled top limb, and one batched opening of
/// all limb commitments at the lookup's point. Returns one claim per value column.
pub fn verify_committed_ranges(
    decompositions: &[LimbDecomposition],
    row_vars: u32,
    proof: &CommittedRangeProof,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<Vec<ValueClaim>, LogUpError> {
    let mut checks = OpeningChecks::new(params);
    let claims =
        verify_committed_ranges_deferred(decompositions, row_vars, proof, &mut checks, transcript)?;
    checks.finish().map_err(LogUpError::Openings)?;
    Ok(claims)
}

/// [`verify_committed_ranges`] with both openings' group equations deferred to `checks`.
pub fn verify_committed_ranges_deferred<'c>(
    decompositions: &[LimbDecomposition],
    row_vars: u32,
    proof: &'c CommittedRangeProof,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<Vec<ValueClaim>, LogUpError> {
    let VerifiedRange {
        point,
        limb_values,
        value_claims,
    } = verify_range_claims(
        decompositions,
        row_vars,
        &proof.limb_commitments,
        &proof.lookup,
        checks,
        transcript,
    )?;
    let commitments: Vec<&HyraxCommitment> = proof.limb_commitments.iter().collect();
    checks
        .add_batch(
            &commitments,
            &point,
            &limb_values,
            &proof.column_opening,
            transcript,
        )
        .map_err(LogUpError::Column)?;
    Ok(value_claims)
}

/// The range argument's checks short of opening the limbs: commitments' count and layout, the
/// lookup (its multiplicity opening deferred to `checks`), every scaled top limb. Returns the
/// lookup's row point, the limbs' values there and one claim per value column.
pub(crate) fn verify_range_claims<'c>(
    decompositions: &[LimbDecomposition],
    row_vars: u32,
    limb_commitments: &[HyraxCommitment],
    lookup: &'c crate::proof::LookupProof,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<VerifiedRange, LogUpError> {
    check_limb_width(decompositions)?;
    let limbs: usize = decompositions.iter().map(LimbDecomposition::limbs).sum();
    if limb_commitments.len() != limbs {
        return Err(LogUpError::Shape {
            what: "limb commitments",
            expected: limbs,
            found: limb_commitments.len(),
        });
    }
    let layout = LimbDecomposition::layout(row_vars);
    if limb_commitments.iter().any(|c| c.layout != layout) {
        return Err(LogUpError::Column(spazk_hyrax::HyraxError::LayoutMismatch));
    }
    absorb_batch(decompositions, limb_commitments, transcript);
    let statement = batch_statement(decompositions, row_vars);
    let ColumnClaims { point, values, .. } =
        verify_lookup_deferred(&statement, lookup, checks, transcript)?;
    // Split the lookup's column values into limbs (opened) and scaled tops (derived).
    let mut limb_values = Vec::with_capacity(limbs);
    let mut value_claims = Vec::with_capacity(decompositions.len());
    let mut rest = values.as_slice();
    for d in decompositions {
        let mine = &rest[..d.limbs()];
        if d.has_scaled_top() {
            let scaled = rest[d.limbs()];
            if scaled != mine[d.limbs() - 1] * Fr::from(d.top_scale() as u64) {
                return Err(LogUpError::ScaledLimbMismatch);
            }
        }
        limb_values.extend_from_slice(mine);
        value_claims.push(ValueClaim {
            point: point.clone(),
            value: d.recompose(mine),
        });
        rest = &rest[d.statement(row_vars).columns..];
    }
    Ok(VerifiedRange {
        point,
        limb_values,
        value_claims,
    })
}

/// What [`verify_range_claims`] leaves: the lookup's row point, the limbs' values there, and one
/// claim per value column.
pub(crate) struct VerifiedRange {
    pub point: Vec<Fr>,
    pub limb_values: Vec<Fr>,
    pub value_claims: Vec<ValueClaim>,
}
