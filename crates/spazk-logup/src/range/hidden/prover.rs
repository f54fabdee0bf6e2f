//! The zero-knowledge range-check prover: the hidden lookup over the limbs and scaled tops, the
//! scaled tops' relations, and (stand-alone) the limbs' hidden opening at the lookup's point.

use super::{lookup_columns, require_scaled_tops, HiddenCommittedRanges, HiddenRangeProof};
use crate::claim::LookupStatement;
use crate::error::RangeError;
use crate::hidden::prove_hidden_committed_lookup;
use crate::proof::HiddenLookupProof;
use crate::range::{batch_statement, limb_values_of, LimbDecomposition};
use ark_bn254::Fr;
use ark_std::rand::{CryptoRng, RngCore};
use spazk_field::eq_table;
use spazk_hyrax::opening_vector_small;
use spazk_hyrax::zk::{OpeningColumn, ZkProver};
use spazk_sumcheck::hidden::{Claim, HiddenValue, HidingProver};
use spazk_transcript::Transcript;

/// What the zero-knowledge range argument leaves its prover before the limbs are opened.
#[derive(Clone, Debug)]
pub struct HiddenRangeClaims {
    /// The lookup's masked round polynomials.
    pub lookup: HiddenLookupProof,
    /// The lookup's row point.
    pub point: Vec<Fr>,
    /// Every limb's hidden value at `point` (the scaled tops left out), in the order of the
    /// limb commitments: the caller ties them to the commitments.
    pub limbs: Vec<HiddenValue>,
    /// The values behind `limbs`.
    pub limb_values: Vec<Fr>,
    /// One claim per value column at `point` (its limbs recomposed).
    pub value_claims: Vec<Claim<Fr>>,
}

/// The zero-knowledge range argument without the limbs' opening (a caller that folds the limb
/// claims into a later sumcheck opens them once, there). Absorbs the widths and the limb
/// commitments, then runs the hidden lookup over the limbs and scaled tops with the committed
/// multiplicities ([`prove_hidden_committed_lookup`]: their opening is done here) and requires
/// every scaled top to be its top limb scaled. `prover`'s mask must hold
/// [`super::hidden_range_mask_len`] free coefficients.
pub fn prove_hidden_range_claims<R: RngCore + CryptoRng>(
    committed: &HiddenCommittedRanges,
    prover: &mut ZkProver<'_, R>,
    transcript: &mut Transcript,
) -> Result<HiddenRangeClaims, RangeError> {
    let decompositions = &committed.decompositions;
    let row_vars = committed.row_vars;
    committed.absorb(transcript);
    let statement: LookupStatement = batch_statement(decompositions, row_vars);
    let columns = lookup_columns(&committed.columns, &committed.scaled);
    // Every lookup column's value at the row point: the honest values are the columns' own
    // MLEs (a cheating scaled copy shows in its relation).
    let evaluate = |row_point: &[Fr], _beta: Fr| {
        let eq = eq_table(row_point);
        columns
            .iter()
            .map(|c| crate::small_column::evaluate_small_column(c, &eq, statement.table.bits))
            .collect()
    };
    let proved = prove_hidden_committed_lookup(
        &statement,
        &columns,
        &committed.multiplicities,
        prover,
        transcript,
        evaluate,
    )?;
    let (limbs, value_claims) = require_scaled_tops(
        prover.relations(),
        decompositions,
        row_vars,
        &proved.claims.columns.values,
    );
    Ok(HiddenRangeClaims {
        lookup: proved.proof,
        point: proved.claims.columns.point,
        limbs,
        limb_values: limb_values_of(decompositions, row_vars, &proved.column_values),
        value_claims,
    })
}

/// What a stand-alone zero-knowledge range proof leaves its prover.
#[derive(Clone, Debug)]
pub struct ProvedHiddenRange {
    /// What is sent.
    pub proof: HiddenRangeProof,
    /// The lookup's row point, where the value claims are.
    pub point: Vec<Fr>,
    /// One claim per value column, as the verifier will hold it.
    pub value_claims: Vec<Claim<Fr>>,
    /// The values behind them.
    pub values: Vec<Fr>,
}

/// A stand-alone zero-knowledge range proof: [`prove_hidden_range_claims`], then one hidden
/// opening of every limb commitment at the lookup's point, each opening required equal to the
/// lookup's limb value.
pub fn prove_hidden_committed_ranges<R: RngCore + CryptoRng>(
    committed: &HiddenCommittedRanges,
    prover: &mut ZkProver<'_, R>,
    transcript: &mut Transcript,
) -> Result<ProvedHiddenRange, RangeError> {
    let claims = prove_hidden_range_claims(committed, prover, transcript)?;
    let layout = LimbDecomposition::layout(committed.row_vars);
    let row_weights = eq_table(&claims.point[layout.col_vars as usize..]);
    let vectors: Vec<Vec<Fr>> = committed
        .limbs()
        .map(|limb| opening_vector_small(limb, layout, &row_weights))
        .collect();
    let columns: Vec<OpeningColumn<'_>> = committed
        .limb_commitments()
        .zip(&vectors)
        .map(|(commitment, opening)| OpeningColumn {
            commitment,
            opening,
        })
        .collect();
    let opened = prover.open(&columns, &claims.point, transcript);
    super::require_opened_limbs(prover.relations(), &opened, &claims.limbs);
    let mut rest = claims.limb_values.as_slice();
    let values = committed
        .decompositions
        .iter()
        .map(|d| {
            let value = d.recompose(&rest[..d.limbs()]);
            rest = &rest[d.limbs()..];
            value
        })
        .collect();
    let proof = HiddenRangeProof {
        limb_commitments: committed
            .limb_commitments()
            .map(|c| c.commitment.clone())
            .collect(),
        multiplicity_commitment: committed.multiplicities.commitment.commitment.clone(),
        lookup: claims.lookup,
    };
    Ok(ProvedHiddenRange {
        proof,
        point: claims.point,
        value_claims: claims.value_claims,
        values,
    })
}
