//! The zero-knowledge lookup over the real commitment layer: the multiplicities committed with
//! hiding rows (fresh blinds), absorbed before `α`, and opened at the table point with
//! [`ZkProver::open`] / [`ZkVerifier::open`], the opening required equal to the lookup's hidden
//! multiplicity value. What is left to the caller is only the columns' claims.

use super::{prove_hidden_lookup_evaluated, verify_hidden_lookup};
use super::{HiddenColumnClaims, ProvedHiddenLookup};
use crate::claim::LookupStatement;
use crate::error::LookupError;
use crate::proof::HiddenLookupProof;
use crate::protocol::{label, multiplicity_layout};
use crate::prover::multiplicities;
use crate::table::LookupTable;
use ark_bn254::Fr;
use ark_std::rand::{CryptoRng, RngCore};
use spazk_field::eq_table;
use spazk_hyrax::zk::{BlindSource, BlindedCommitment, OpeningColumn, ZkProver, ZkVerifier};
use spazk_hyrax::{opening_vector_small, HyraxCommitment, HyraxError, HyraxParams};
use spazk_sumcheck::hidden::{Claim, HiddenValue, HidingProver, HidingVerifier, Relations};
use spazk_transcript::Transcript;

/// A lookup's multiplicities and their hiding commitment (every row blinded, an all-zero row
/// too), under [`multiplicity_layout`] of the table's width. Committed from the witness alone,
/// so a caller may commit them with the rest of its advice, before any challenge.
#[derive(Clone, Debug)]
pub struct HiddenMultiplicities {
    /// How often each table entry occurs in the looked-up columns.
    pub counts: Vec<u32>,
    /// Their hiding commitment and its row blinds.
    pub commitment: BlindedCommitment,
}

impl HiddenMultiplicities {
    /// Counts how often each entry of `statement`'s table occurs in `columns` (refusing a value
    /// outside the table: no honest proof exists) and commits the counts with fresh blinds.
    pub fn commit<T: LookupTable>(
        statement: &LookupStatement<T>,
        columns: &[&[u32]],
        params: &HyraxParams,
        blinds: &mut (impl BlindSource + ?Sized),
    ) -> Result<Self, LookupError> {
        statement.check()?;
        let counts = multiplicities(columns, statement.table_bits())?;
        let layout = multiplicity_layout(statement.table_bits());
        let commitment = BlindedCommitment::commit(&counts[..], params, layout, blinds)
            .map_err(LookupError::Commitment)?;
        Ok(Self { counts, commitment })
    }
}

/// `m̃(ρ_t)` opened from the multiplicities' hiding commitment must be the lookup's hidden
/// multiplicity value (written once for both sides).
fn require_multiplicity(relations: &mut Relations<Fr>, opened: HiddenValue, claimed: HiddenValue) {
    // ⟨u_m, eq(r_col)⟩ = m̃(ρ_t)
    relations.require_equal(Claim::hidden(opened), Claim::hidden(claimed));
}

/// Proves, with zero knowledge, that every entry of `columns` is an index into the statement's
/// table, with the committed `multiplicities` (of these columns): absorbs the multiplicities'
/// commitment, runs [`prove_hidden_lookup_evaluated`] (its mask, [`super::hidden_mask_len`],
/// must be free in `prover`), then opens the multiplicities at the table point and requires the
/// opening to equal the lookup's hidden value. The caller has absorbed what identifies the
/// columns, and ties the returned column claims to their commitments.
pub fn prove_hidden_committed_lookup<T, R>(
    statement: &LookupStatement<T>,
    columns: &[&[u32]],
    multiplicities: &HiddenMultiplicities,
    prover: &mut ZkProver<'_, R>,
    transcript: &mut Transcript,
    evaluate: impl FnOnce(&[Fr], Fr) -> Vec<Fr>,
) -> Result<ProvedHiddenLookup, LookupError>
where
    T: LookupTable,
    R: RngCore + CryptoRng,
{
    statement.check()?;
    let layout = multiplicity_layout(statement.table_bits());
    // `ZkProver::open` panics on a caller's layout bug: refused here as an error instead.
    if multiplicities.commitment.commitment.layout != layout {
        return Err(LookupError::Multiplicity(HyraxError::LayoutMismatch));
    }
    let commitment = &multiplicities.commitment;
    commitment
        .commitment
        .absorb_into(label::MULTIPLICITIES, transcript);
    let proved = prove_hidden_lookup_evaluated(
        statement,
        columns,
        &multiplicities.counts,
        prover,
        transcript,
        evaluate,
    )?;
    let point = &proved.claims.multiplicity.point;
    let row_weights = eq_table(&point[layout.col_vars as usize..]);
    let opening = opening_vector_small(&multiplicities.counts, layout, &row_weights);
    let opened = prover.open(
        &[OpeningColumn {
            commitment,
            opening: &opening,
        }],
        point,
        transcript,
    );
    require_multiplicity(
        prover.relations(),
        opened[0],
        proved.claims.multiplicity.value,
    );
    Ok(proved)
}

/// Verifies [`prove_hidden_committed_lookup`]: the multiplicity commitment's layout, then
/// [`verify_hidden_lookup`] after absorbing it, then the multiplicities' hidden opening at the
/// table point, required equal to the lookup's hidden multiplicity value. Returns the columns'
/// claims, which the caller must tie to the columns' commitments.
pub fn verify_hidden_committed_lookup<'a, T: LookupTable>(
    statement: &LookupStatement<T>,
    proof: &HiddenLookupProof,
    multiplicity_commitment: &'a HyraxCommitment,
    verifier: &mut ZkVerifier<'a>,
    transcript: &mut Transcript,
) -> Result<HiddenColumnClaims, LookupError> {
    statement.check()?;
    if multiplicity_commitment.layout != multiplicity_layout(statement.table_bits()) {
        return Err(LookupError::Multiplicity(HyraxError::LayoutMismatch));
    }
    multiplicity_commitment.absorb_into(label::MULTIPLICITIES, transcript);
    let claims = verify_hidden_lookup(statement, proof, verifier, transcript)?;
    let point = &claims.multiplicity.point;
    let opened = verifier
        .open(&[multiplicity_commitment], point, transcript)
        .map_err(LookupError::Multiplicity)?;
    require_multiplicity(verifier.relations(), opened[0], claims.multiplicity.value);
    Ok(claims.columns)
}
