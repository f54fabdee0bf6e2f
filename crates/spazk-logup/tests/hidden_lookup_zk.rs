//! The zero-knowledge lookup with the real commitment layer (`spazk_hyrax::zk`): the columns and
//! the multiplicities under hiding commitments absorbed before `α`, the lookup's claims tied to
//! their hiding openings, every relation settled by the final Σ-protocol. Honest proofs verify;
//! an out-of-range value, wrong multiplicities or a wrong hidden value are rejected by the
//! Σ-protocol; the proof's length does not depend on the witness. Randomness is seeded.

use ark_bn254::Fr;
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use spazk_field::eq_table;
use spazk_hyrax::zk::{BlindedCommitment, OpeningColumn, ZkProof, ZkProver, ZkVerifier};
use spazk_hyrax::{opening_vector_small, HyraxError, HyraxParams, Layout};
use spazk_logup::{
    hidden_mask_len, limb_layout, multiplicities, multiplicity_layout, prove_hidden_lookup,
    verify_hidden_lookup, HiddenLookupProof, LookupStatement, RangeTable, LOGUP_PROTOCOL,
};
use spazk_sumcheck::engine::encode_proof;
use spazk_sumcheck::hidden::{Claim, HiddenValue, HidingProver, HidingVerifier, Relations};
use spazk_transcript::Transcript;

fn params() -> &'static HyraxParams {
    static PARAMS: std::sync::OnceLock<HyraxParams> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| HyraxParams::derive(b"spazk-logup-zk-tests", 128))
}

/// Three columns of 16 entries in `[0, 16)`: one padding column.
fn statement() -> LookupStatement {
    LookupStatement {
        columns: 3,
        row_vars: 4,
        table: RangeTable { bits: 4 },
    }
}

fn random_columns(seed: u64, statement: &LookupStatement) -> Vec<Vec<u32>> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..statement.columns)
        .map(|_| {
            (0..1usize << statement.row_vars)
                .map(|_| rng.gen_range(0..1u32 << statement.table.bits))
                .collect()
        })
        .collect()
}

/// The public side: hiding commitments to the columns and the multiplicities.
struct Commitments {
    columns: Vec<BlindedCommitment>,
    counts: BlindedCommitment,
}

fn commit(
    statement: &LookupStatement,
    columns: &[Vec<u32>],
    counts: &[u32],
    seed: u64,
) -> Commitments {
    let mut rng = StdRng::seed_from_u64(seed);
    let layout = limb_layout(statement.row_vars);
    Commitments {
        columns: columns
            .iter()
            .map(|c| BlindedCommitment::commit(&c[..], params(), layout, &mut rng).unwrap())
            .collect(),
        counts: BlindedCommitment::commit(
            counts,
            params(),
            multiplicity_layout(statement.table.bits),
            &mut rng,
        )
        .unwrap(),
    }
}

/// The caller's part before the lookup: `C_M` with the statement, then the commitments.
fn start(mask_commitment: impl FnOnce(&mut Transcript), commitments: &Commitments) -> Transcript {
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    mask_commitment(&mut transcript);
    for c in &commitments.columns {
        c.commitment.absorb_into(b"column", &mut transcript);
    }
    commitments
        .counts
        .commitment
        .absorb_into(b"multiplicities", &mut transcript);
    transcript
}

/// The opening vector of `values` (committed under `layout`) at `point`.
fn opening(values: &[u32], layout: Layout, point: &[Fr]) -> Vec<Fr> {
    opening_vector_small(
        values,
        layout,
        &eq_table(&point[layout.col_vars as usize..]),
    )
}

/// A prover context that adds one to hidden scalar number `target` (and is honest otherwise).
struct Perturbing<'p> {
    inner: ZkProver<'p, StdRng>,
    target: Option<usize>,
}

impl HidingProver<Fr> for Perturbing<'_> {
    fn relations(&mut self) -> &mut Relations<Fr> {
        HidingProver::relations(&mut self.inner)
    }

    fn mask(&self) -> &[Fr] {
        self.inner.mask()
    }

    fn hide_scalar(&mut self, value: Fr, transcript: &mut Transcript) -> HiddenValue {
        let slot = HidingProver::relations(&mut self.inner).scalar_count();
        let value = if Some(slot) == self.target {
            value + Fr::from(1u64)
        } else {
            value
        };
        self.inner.hide_scalar(value, transcript)
    }
}

/// A whole proof: the lookup, then its claims tied to the hiding openings.
fn prove(
    statement: &LookupStatement,
    columns: &[Vec<u32>],
    counts: &[u32],
    commitments: &Commitments,
    seed: u64,
    perturb: Option<usize>,
) -> (HiddenLookupProof, ZkProof) {
    let mut inner = ZkProver::new(
        params(),
        hidden_mask_len(statement),
        StdRng::seed_from_u64(seed),
    )
    .unwrap();
    inner.skip_self_check();
    let mut transcript = start(|t| inner.absorb_mask_commitment(t), commitments);
    let mut context = Perturbing {
        inner,
        target: perturb,
    };
    let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
    let proved =
        prove_hidden_lookup(statement, &refs, counts, &mut context, &mut transcript).unwrap();
    let mut prover = context.inner;

    let point = &proved.claims.columns.point;
    let layout = limb_layout(statement.row_vars);
    let vectors: Vec<Vec<Fr>> = columns.iter().map(|c| opening(c, layout, point)).collect();
    let opened: Vec<OpeningColumn<'_>> = commitments
        .columns
        .iter()
        .zip(&vectors)
        .map(|(commitment, u)| OpeningColumn {
            commitment,
            opening: u,
        })
        .collect();
    let handles = prover.open(&opened, point, &mut transcript);
    for (opened, claimed) in handles.iter().zip(&proved.claims.columns.values) {
        HidingProver::relations(&mut prover)
            .require_equal(Claim::hidden(*opened), Claim::hidden(*claimed));
    }

    let point = &proved.claims.multiplicity.point;
    let u = opening(counts, multiplicity_layout(statement.table.bits), point);
    let handle = prover.open(
        &[OpeningColumn {
            commitment: &commitments.counts,
            opening: &u,
        }],
        point,
        &mut transcript,
    )[0];
    HidingProver::relations(&mut prover).require_equal(
        Claim::hidden(handle),
        Claim::hidden(proved.claims.multiplicity.value),
    );
    (proved.proof, prover.finish(&mut transcript))
}

/// Why a proof was rejected.
#[derive(Debug, PartialEq, Eq)]
enum Rejected {
    Lookup(spazk_logup::LookupError),
    Hyrax(HyraxError),
}

fn verify(
    statement: &LookupStatement,
    commitments: &Commitments,
    proof: &HiddenLookupProof,
    zk: &ZkProof,
) -> Result<(), Rejected> {
    let mut verifier =
        ZkVerifier::new(params(), hidden_mask_len(statement), zk).map_err(Rejected::Hyrax)?;
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    verifier.absorb_mask_commitment(&mut transcript);
    for c in &commitments.columns {
        c.commitment.absorb_into(b"column", &mut transcript);
    }
    commitments
        .counts
        .commitment
        .absorb_into(b"multiplicities", &mut transcript);
    let claims = verify_hidden_lookup(statement, proof, &mut verifier, &mut transcript)
        .map_err(Rejected::Lookup)?;
    let columns: Vec<_> = commitments.columns.iter().map(|c| &c.commitment).collect();
    let handles = verifier
        .open(&columns, &claims.columns.point, &mut transcript)
        .map_err(Rejected::Hyrax)?;
    for (opened, claimed) in handles.iter().zip(&claims.columns.values) {
        HidingVerifier::relations(&mut verifier)
            .require_equal(Claim::hidden(*opened), Claim::hidden(*claimed));
    }
    let handle = verifier
        .open(
            &[&commitments.counts.commitment],
            &claims.multiplicity.point,
            &mut transcript,
        )
        .map_err(Rejected::Hyrax)?[0];
    HidingVerifier::relations(&mut verifier).require_equal(
        Claim::hidden(handle),
        Claim::hidden(claims.multiplicity.value),
    );
    verifier.finish(&mut transcript).map_err(Rejected::Hyrax)
}

#[test]
fn honest_lookup_over_hiding_commitments_verifies() {
    let statement = statement();
    for seed in 0..3 {
        let columns = random_columns(seed, &statement);
        let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
        let counts = multiplicities(&refs, statement.table.bits).unwrap();
        let commitments = commit(&statement, &columns, &counts, seed + 100);
        let (proof, zk) = prove(
            &statement,
            &columns,
            &counts,
            &commitments,
            seed + 200,
            None,
        );
        assert_eq!(verify(&statement, &commitments, &proof, &zk), Ok(()));
    }
}

/// A value outside the table, committed and counted as its in-range neighbour: the honest
/// algorithm makes every layer consistent and only the sums relation fails — inside the
/// Σ-protocol.
#[test]
fn an_out_of_range_value_is_rejected_by_the_sigma_protocol() {
    let statement = statement();
    let mut columns = random_columns(10, &statement);
    let mut in_range = columns.clone();
    columns[1][5] = 1 << statement.table.bits;
    in_range[1][5] = (1 << statement.table.bits) - 1;
    let refs: Vec<&[u32]> = in_range.iter().map(Vec::as_slice).collect();
    let counts = multiplicities(&refs, statement.table.bits).unwrap();
    let commitments = commit(&statement, &columns, &counts, 11);
    let (proof, zk) = prove(&statement, &columns, &counts, &commitments, 12, None);
    assert_eq!(
        verify(&statement, &commitments, &proof, &zk),
        Err(Rejected::Hyrax(HyraxError::SigmaCheckFailed))
    );
    // A large out-of-range value (a field element no table entry can cancel) too.
    columns[1][5] = u32::MAX;
    let commitments = commit(&statement, &columns, &counts, 13);
    let (proof, zk) = prove(&statement, &columns, &counts, &commitments, 14, None);
    assert_eq!(
        verify(&statement, &commitments, &proof, &zk),
        Err(Rejected::Hyrax(HyraxError::SigmaCheckFailed))
    );
}

#[test]
fn wrong_multiplicities_are_rejected_by_the_sigma_protocol() {
    let statement = statement();
    let columns = random_columns(20, &statement);
    let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
    let mut counts = multiplicities(&refs, statement.table.bits).unwrap();
    counts[3] += 1;
    counts[4] = counts[4].wrapping_sub(1);
    let commitments = commit(&statement, &columns, &counts, 21);
    let (proof, zk) = prove(&statement, &columns, &counts, &commitments, 22, None);
    assert_eq!(
        verify(&statement, &commitments, &proof, &zk),
        Err(Rejected::Hyrax(HyraxError::SigmaCheckFailed))
    );
}

/// Every hidden scalar the lookup sends (roots, children, column and multiplicity values),
/// sent off by one in turn: each is pinned by a relation the Σ-protocol checks.
#[test]
fn every_wrong_hidden_scalar_is_rejected_by_the_sigma_protocol() {
    let statement = statement();
    let columns = random_columns(30, &statement);
    let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
    let counts = multiplicities(&refs, statement.table.bits).unwrap();
    let commitments = commit(&statement, &columns, &counts, 31);
    let (_, honest) = prove(&statement, &columns, &counts, &commitments, 32, None);
    // The lookup's scalars; the batched opening's own come after them, sent by the prover
    // itself (not through the perturbing context).
    let sent = honest.scalar_commitments.len() - statement.columns;
    assert_eq!(sent, 48);
    for slot in 0..sent {
        let (proof, zk) = prove(&statement, &columns, &counts, &commitments, 32, Some(slot));
        assert_eq!(
            verify(&statement, &commitments, &proof, &zk),
            Err(Rejected::Hyrax(HyraxError::SigmaCheckFailed)),
            "scalar {slot}"
        );
    }
}

/// Nothing about the witness changes a length: two witnesses of one statement give proofs of
/// the same size, field for field.
#[test]
fn proof_lengths_do_not_depend_on_the_witness() {
    let statement = statement();
    let sizes = |seed: u64| {
        let mut columns = random_columns(seed, &statement);
        if seed == 41 {
            // An extreme witness: every entry the same.
            columns.iter_mut().for_each(|c| c.fill(0));
        }
        let refs: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
        let counts = multiplicities(&refs, statement.table.bits).unwrap();
        let commitments = commit(&statement, &columns, &counts, seed + 1);
        let (proof, zk) = prove(&statement, &columns, &counts, &commitments, seed + 2, None);
        assert_eq!(verify(&statement, &commitments, &proof, &zk), Ok(()));
        (encode_proof(&proof).len(), zk.to_bytes().len())
    };
    assert_eq!(sizes(40), sizes(41));
}
