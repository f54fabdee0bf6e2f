//! The zero-knowledge lookup with hiding in the clear (`spazk_sumcheck::hidden::clear`): honest
//! proofs satisfy every relation and return the true claims, and each cheat is caught by exactly
//! its own check — the named relation, or the named verifier error. Randomness is seeded.

use ark_bn254::Fr;
use ark_ff::{One, UniformRand};
use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use proptest::prelude::*;
use spazk_field::evaluate_mle;
use spazk_logup::{
    hidden_mask_len, multiplicities, prove_hidden_lookup, verify_hidden_lookup, HiddenLookupClaims,
    HiddenLookupProof, LookupError, LookupStatement, ProvedHiddenLookup, RangeTable, Side,
    LOGUP_PROTOCOL,
};
use spazk_sumcheck::hidden::clear::{ClearCheckError, ClearProver, ClearVerifier, Revealed};
use spazk_sumcheck::hidden::{
    HiddenError, HiddenValue, HidingProver, HidingVerifier, Relations, WitnessId,
};
use spazk_sumcheck::SumcheckError;
use spazk_transcript::Transcript;

fn statement(columns: usize, row_vars: u32, bits: u32) -> LookupStatement {
    LookupStatement {
        columns,
        row_vars,
        table: RangeTable { bits },
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

fn refs(columns: &[Vec<u32>]) -> Vec<&[u32]> {
    columns.iter().map(Vec::as_slice).collect()
}

/// The caller's part of the transcript: here the columns and the multiplicities are public and
/// absorbed as bytes, standing in for their hiding commitments (absorbed before `α`).
fn transcript(columns: &[Vec<u32>], counts: &[u32]) -> Transcript {
    let mut transcript = Transcript::new(LOGUP_PROTOCOL);
    for column in columns {
        let bytes: Vec<u8> = column.iter().flat_map(|w| w.to_le_bytes()).collect();
        transcript.append_bytes(b"column", &bytes);
    }
    let bytes: Vec<u8> = counts.iter().flat_map(|m| m.to_le_bytes()).collect();
    transcript.append_bytes(b"multiplicities", &bytes);
    transcript
}

fn random_mask(seed: u64, len: usize) -> Vec<Fr> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x6d61_736b);
    (0..len).map(|_| Fr::rand(&mut rng)).collect()
}

/// A clear prover that adds one to the hidden scalar number `target` before hiding it, and is
/// honest otherwise: a prover that sends one wrong value and carries on.
struct Perturbing {
    inner: ClearProver<Fr>,
    target: usize,
}

impl HidingProver<Fr> for Perturbing {
    fn relations(&mut self) -> &mut Relations<Fr> {
        self.inner.relations()
    }

    fn mask(&self) -> &[Fr] {
        self.inner.mask()
    }

    fn hide_scalar(&mut self, value: Fr, transcript: &mut Transcript) -> HiddenValue {
        let slot = self.inner.relations().scalar_count();
        let value = if slot == self.target {
            value + Fr::one()
        } else {
            value
        };
        self.inner.hide_scalar(value, transcript)
    }
}

/// A proof of `columns` with multiplicities `counts`, the scalar `perturb` (if any) sent off by
/// one; returns what the prover hands on and what the clear verifier reads.
fn prove_perturbed(
    statement: &LookupStatement,
    columns: &[Vec<u32>],
    counts: &[u32],
    seed: u64,
    perturb: Option<usize>,
) -> (ProvedHiddenLookup, Revealed<Fr>) {
    let mut context = Perturbing {
        inner: ClearProver::new(random_mask(seed, hidden_mask_len(statement))),
        target: perturb.unwrap_or(usize::MAX),
    };
    let proved = prove_hidden_lookup(
        statement,
        &refs(columns),
        counts,
        &mut context,
        &mut transcript(columns, counts),
    )
    .unwrap();
    (proved, context.inner.reveal())
}

fn prove_honest(
    statement: &LookupStatement,
    columns: &[Vec<u32>],
    seed: u64,
) -> (ProvedHiddenLookup, Revealed<Fr>) {
    let counts = multiplicities(&refs(columns), statement.table.bits).unwrap();
    prove_perturbed(statement, columns, &counts, seed, None)
}

/// Why a proof was rejected: by the verifier in the clear, or by a relation.
#[derive(Debug, PartialEq, Eq)]
enum Rejected {
    Verifier(LookupError),
    Relation(ClearCheckError),
}

fn verify(
    statement: &LookupStatement,
    columns: &[Vec<u32>],
    counts: &[u32],
    proof: &HiddenLookupProof,
    revealed: Revealed<Fr>,
) -> Result<HiddenLookupClaims, Rejected> {
    let mut context = ClearVerifier::new(revealed);
    let claims = verify_hidden_lookup(
        statement,
        proof,
        &mut context,
        &mut transcript(columns, counts),
    )
    .map_err(Rejected::Verifier)?;
    context.check().map_err(Rejected::Relation)?;
    Ok(claims)
}

/// Where each hidden scalar and each relation of a lookup sits, from the statement (the order
/// the module docs of `spazk_logup::hidden` give).
struct Layout {
    witness_depth: usize,
    table_depth: usize,
    columns: usize,
}

impl Layout {
    fn of(statement: &LookupStatement) -> Self {
        Self {
            witness_depth: statement.witness_vars(),
            table_depth: statement.table.bits as usize,
            columns: statement.columns,
        }
    }

    /// Scalars of a tree: root, then four per layer.
    fn tree_scalars(depth: usize) -> usize {
        2 + 4 * depth
    }

    /// Relations of a tree: two for layer 0, two per later layer (the masked sumcheck's sum,
    /// the layer's final check).
    fn tree_relations(depth: usize) -> usize {
        2 * depth
    }

    /// The scalar `which` (0..4: p₀, p₁, q₀, q₁) of layer `layer`'s children.
    fn child_scalar(&self, side: Side, layer: usize, which: usize) -> usize {
        self.tree_scalar_base(side) + 2 + 4 * layer + which
    }

    fn tree_scalar_base(&self, side: Side) -> usize {
        match side {
            Side::Witness => 0,
            Side::Table => Self::tree_scalars(self.witness_depth) + self.columns,
        }
    }

    fn column_scalar(&self, j: usize) -> usize {
        Self::tree_scalars(self.witness_depth) + j
    }

    fn multiplicity_scalar(&self) -> usize {
        self.tree_scalar_base(Side::Table) + Self::tree_scalars(self.table_depth)
    }

    fn tree_relation_base(&self, side: Side) -> usize {
        match side {
            Side::Witness => 0,
            Side::Table => Self::tree_relations(self.witness_depth) + 2,
        }
    }

    /// Layer 0's `P = p₀q₁ + p₁q₀` (`Q = q₀q₁` is the next one).
    fn root_relation(&self, side: Side) -> usize {
        self.tree_relation_base(side)
    }

    /// Layer `layer ≥ 1`'s masked sumcheck's first sum.
    fn first_sum_relation(&self, side: Side, layer: usize) -> usize {
        self.tree_relation_base(side) + 2 * layer
    }

    /// Layer `layer ≥ 1`'s final check.
    fn layer_relation(&self, side: Side, layer: usize) -> usize {
        self.first_sum_relation(side, layer) + 1
    }

    fn witness_denominator_relation(&self) -> usize {
        Self::tree_relations(self.witness_depth) + 1
    }

    fn multiplicity_relation(&self) -> usize {
        self.tree_relation_base(Side::Table) + Self::tree_relations(self.table_depth) + 1
    }

    fn sums_relation(&self) -> usize {
        self.multiplicity_relation() + 1
    }

    /// The first relation a wrong value of scalar `slot` breaks.
    fn relation_of_scalar(&self, slot: usize) -> usize {
        for side in [Side::Witness, Side::Table] {
            let depth = match side {
                Side::Witness => self.witness_depth,
                Side::Table => self.table_depth,
            };
            let base = self.tree_scalar_base(side);
            if (base..base + Self::tree_scalars(depth)).contains(&slot) {
                return match slot - base {
                    // P and Q each in their own relation.
                    root @ 0..=1 => self.root_relation(side) + root,
                    // Every child of layer 0 appears in P's relation.
                    2..=5 => self.root_relation(side),
                    child => self.layer_relation(side, (child - 2) / 4),
                };
            }
        }
        if slot == self.multiplicity_scalar() {
            self.multiplicity_relation()
        } else {
            self.witness_denominator_relation()
        }
    }
}

/// Proves and verifies honestly, and checks the claims against the witness.
fn round_trip(statement: &LookupStatement, seed: u64) {
    let columns = random_columns(seed, statement);
    let counts = multiplicities(&refs(&columns), statement.table.bits).unwrap();
    let (proved, revealed) = prove_honest(statement, &columns, seed);
    assert_eq!(
        revealed.witnesses[WitnessId::MASK.index()].len(),
        hidden_mask_len(statement),
        "the lookup uses exactly the mask it asks for"
    );
    let bytes = proved.proof.to_bytes();
    let decoded = HiddenLookupProof::from_bytes(&bytes).unwrap();
    let claims = verify(statement, &columns, &counts, &decoded, revealed.clone()).unwrap();
    assert_eq!(claims, proved.claims);

    // The handles name the witness's true MLE values.
    let mut relations_of = ClearVerifier::new(revealed.clone());
    verify_hidden_lookup(
        statement,
        &decoded,
        &mut relations_of,
        &mut transcript(&columns, &counts),
    )
    .unwrap();
    let witnesses: Vec<&[Fr]> = revealed.witnesses.iter().map(Vec::as_slice).collect();
    let values = relations_of.relations().evaluate_forms(&witnesses).unwrap();
    for (j, column) in columns.iter().enumerate() {
        let table: Vec<Fr> = column.iter().map(|w| Fr::from(*w as u64)).collect();
        let expected = evaluate_mle(&table, &claims.columns.point).unwrap();
        assert_eq!(values[claims.columns.values[j].index()], expected);
        assert_eq!(proved.column_values[j], expected);
    }
    let counts_field: Vec<Fr> = counts.iter().map(|m| Fr::from(*m as u64)).collect();
    let expected = evaluate_mle(&counts_field, &claims.multiplicity.point).unwrap();
    assert_eq!(values[claims.multiplicity.value.index()], expected);
    assert_eq!(proved.multiplicity_value, expected);
}

#[test]
fn range_tables_round_trip() {
    // One column of 2^8 entries (the integer-leaf fast path), and a table wider than the column.
    round_trip(&statement(1, 8, 8), 1);
    round_trip(&statement(2, 3, 6), 2);
    round_trip(&statement(4, 4, 4), 3);
}

#[test]
fn multi_column_statement_with_padding_round_trips() {
    // Three columns pad to four: 2^5 padding leaves of 1/1 in the witness sum.
    let statement = statement(3, 5, 4);
    assert_eq!(statement.padding_leaves(), 1 << 5);
    round_trip(&statement, 4);
    round_trip(&self::statement(5, 2, 3), 5);
}

#[test]
fn tiny_shapes_round_trip() {
    // Trees of no layers (the root is the leaf) and of one layer (no sumcheck at all).
    round_trip(&statement(1, 0, 0), 6);
    round_trip(&statement(1, 0, 1), 7);
    round_trip(&statement(2, 0, 1), 8);
    round_trip(&statement(1, 1, 2), 9);
}

const SHAPE: (usize, u32, u32) = (3, 4, 4);

fn shape() -> LookupStatement {
    statement(SHAPE.0, SHAPE.1, SHAPE.2)
}

/// The honest witness of [`shape`], with one wrong hidden scalar.
fn verify_perturbed(seed: u64, slot: usize) -> Result<HiddenLookupClaims, Rejected> {
    let statement = shape();
    let columns = random_columns(seed, &statement);
    let counts = multiplicities(&refs(&columns), statement.table.bits).unwrap();
    let (proved, revealed) = prove_perturbed(&statement, &columns, &counts, seed, Some(slot));
    verify(&statement, &columns, &counts, &proved.proof, revealed)
}

#[test]
fn out_of_range_value_breaks_the_sums_relation() {
    // The honest algorithm on a witness with 16 outside [0, 16), its multiplicities counted
    // as if it were 15: every layer and every leaf holds, the fraction sums differ.
    let statement = shape();
    let mut columns = random_columns(10, &statement);
    let mut in_range = columns.clone();
    columns[1][5] = 1 << statement.table.bits;
    in_range[1][5] = (1 << statement.table.bits) - 1;
    let counts = multiplicities(&refs(&in_range), statement.table.bits).unwrap();
    let (proved, revealed) = prove_perturbed(&statement, &columns, &counts, 10, None);
    assert_eq!(
        verify(&statement, &columns, &counts, &proved.proof, revealed),
        Err(Rejected::Relation(ClearCheckError::Unsatisfied(
            Layout::of(&statement).sums_relation()
        )))
    );
}

#[test]
fn wrong_multiplicities_break_the_sums_relation() {
    let statement = shape();
    let columns = random_columns(11, &statement);
    let mut counts = multiplicities(&refs(&columns), statement.table.bits).unwrap();
    counts[3] += 1;
    let (proved, revealed) = prove_perturbed(&statement, &columns, &counts, 11, None);
    assert_eq!(
        verify(&statement, &columns, &counts, &proved.proof, revealed),
        Err(Rejected::Relation(ClearCheckError::Unsatisfied(
            Layout::of(&statement).sums_relation()
        )))
    );
}

#[test]
fn wrong_layer_value_breaks_its_layer_relation() {
    let layout = Layout::of(&shape());
    // q₁ of the witness tree's layer 3, p₀ of the table tree's layer 2.
    assert_eq!(
        verify_perturbed(12, layout.child_scalar(Side::Witness, 3, 3)),
        Err(Rejected::Relation(ClearCheckError::Unsatisfied(
            layout.layer_relation(Side::Witness, 3)
        )))
    );
    assert_eq!(
        verify_perturbed(13, layout.child_scalar(Side::Table, 2, 0)),
        Err(Rejected::Relation(ClearCheckError::Unsatisfied(
            layout.layer_relation(Side::Table, 2)
        )))
    );
}

#[test]
fn wrong_root_or_root_child_breaks_the_root_relations() {
    let layout = Layout::of(&shape());
    // The table root's Q, then the witness root's child q₀.
    assert_eq!(
        verify_perturbed(14, layout.tree_scalar_base(Side::Table) + 1),
        Err(Rejected::Relation(ClearCheckError::Unsatisfied(
            layout.root_relation(Side::Table) + 1
        )))
    );
    assert_eq!(
        verify_perturbed(15, layout.child_scalar(Side::Witness, 0, 2)),
        Err(Rejected::Relation(ClearCheckError::Unsatisfied(
            layout.root_relation(Side::Witness)
        )))
    );
}

#[test]
fn wrong_column_value_breaks_the_witness_denominator_relation() {
    let layout = Layout::of(&shape());
    assert_eq!(
        verify_perturbed(16, layout.column_scalar(2)),
        Err(Rejected::Relation(ClearCheckError::Unsatisfied(
            layout.witness_denominator_relation()
        )))
    );
}

#[test]
fn wrong_multiplicity_value_breaks_the_multiplicity_relation() {
    let layout = Layout::of(&shape());
    assert_eq!(
        verify_perturbed(17, layout.multiplicity_scalar()),
        Err(Rejected::Relation(ClearCheckError::Unsatisfied(
            layout.multiplicity_relation()
        )))
    );
}

#[test]
fn every_hidden_scalar_is_pinned_by_its_relation() {
    let statement = shape();
    let layout = Layout::of(&statement);
    let total = layout.multiplicity_scalar() + 1;
    for slot in 0..total {
        assert_eq!(
            verify_perturbed(18, slot),
            Err(Rejected::Relation(ClearCheckError::Unsatisfied(
                layout.relation_of_scalar(slot)
            ))),
            "scalar {slot}"
        );
    }
}

/// The honest proof of [`shape`], edited by `tamper`, verified with the honest scalars.
fn verify_tampered(
    seed: u64,
    tamper: impl FnOnce(&mut HiddenLookupProof),
) -> Result<HiddenLookupClaims, Rejected> {
    let statement = shape();
    let columns = random_columns(seed, &statement);
    let counts = multiplicities(&refs(&columns), statement.table.bits).unwrap();
    let (mut proved, revealed) = prove_honest(&statement, &columns, seed);
    tamper(&mut proved.proof);
    verify(&statement, &columns, &counts, &proved.proof, revealed)
}

#[test]
fn tampered_round_is_rejected_in_the_clear() {
    assert_eq!(
        verify_tampered(20, |proof| {
            proof.witness_tree.layers[3].round_polynomials[2].evaluations[1] += Fr::one()
        }),
        Err(Rejected::Verifier(LookupError::LayerSumcheck {
            side: Side::Witness,
            layer: 4,
            source: SumcheckError::RoundSumMismatch { round: 2 },
        }))
    );
}

#[test]
fn tampered_first_round_breaks_its_deferred_sum() {
    // Two-layer trees: the only sumchecks have one round, whose sum is a relation; the change
    // moves every later challenge, but no later round is checked in the clear.
    let statement = statement(1, 2, 2);
    let layout = Layout::of(&statement);
    let columns = random_columns(21, &statement);
    let counts = multiplicities(&refs(&columns), statement.table.bits).unwrap();
    let (mut proved, revealed) = prove_honest(&statement, &columns, 21);
    proved.proof.witness_tree.layers[0].round_polynomials[0].evaluations[0] += Fr::one();
    assert_eq!(
        verify(&statement, &columns, &counts, &proved.proof, revealed),
        Err(Rejected::Relation(ClearCheckError::Unsatisfied(
            layout.first_sum_relation(Side::Witness, 1)
        )))
    );
}

#[test]
fn wrong_number_of_layers_is_rejected() {
    let statement = shape();
    assert_eq!(
        verify_tampered(22, |proof| {
            proof.witness_tree.layers.pop();
        }),
        Err(Rejected::Verifier(LookupError::WrongLayerCount {
            side: Side::Witness,
            expected: statement.witness_vars() - 1,
            found: statement.witness_vars() - 2,
        }))
    );
    assert_eq!(
        verify_tampered(23, |proof| {
            let extra = proof.table_tree.layers[0].clone();
            proof.table_tree.layers.push(extra);
        }),
        Err(Rejected::Verifier(LookupError::WrongLayerCount {
            side: Side::Table,
            expected: statement.table.bits as usize - 1,
            found: statement.table.bits as usize,
        }))
    );
}

#[test]
fn layer_round_count_and_degree_are_fixed_by_the_statement() {
    assert_eq!(
        verify_tampered(24, |proof| {
            proof.table_tree.layers[1].round_polynomials.pop();
        }),
        Err(Rejected::Verifier(LookupError::LayerSumcheck {
            side: Side::Table,
            layer: 2,
            source: SumcheckError::WrongNumberOfRounds {
                expected: 2,
                found: 1
            },
        }))
    );
    assert_eq!(
        verify_tampered(25, |proof| {
            proof.witness_tree.layers[0].round_polynomials[0]
                .evaluations
                .push(Fr::one());
        }),
        Err(Rejected::Verifier(LookupError::LayerSumcheck {
            side: Side::Witness,
            layer: 1,
            source: SumcheckError::WrongDegree {
                round: 0,
                degree: 3,
                found: 5
            },
        }))
    );
}

#[test]
fn missing_hidden_scalars_are_rejected() {
    let statement = shape();
    let columns = random_columns(26, &statement);
    let counts = multiplicities(&refs(&columns), statement.table.bits).unwrap();
    let (proved, mut revealed) = prove_honest(&statement, &columns, 26);
    let scalars = &mut revealed.witnesses[WitnessId::SCALARS.index()];
    scalars.pop();
    let found = scalars.len();
    assert_eq!(
        verify(&statement, &columns, &counts, &proved.proof, revealed),
        Err(Rejected::Verifier(LookupError::Hidden(
            HiddenError::MissingScalar { found }
        )))
    );
}

#[test]
fn proof_replayed_under_another_statement_is_rejected() {
    // The same columns claimed in a wider table: the statement is absorbed, so every challenge
    // moves and the first round checked in the clear fails.
    let statement = shape();
    let wider = self::statement(SHAPE.0, SHAPE.1, SHAPE.2 + 1);
    let columns = random_columns(27, &statement);
    let counts = multiplicities(&refs(&columns), statement.table.bits).unwrap();
    let (proved, revealed) = prove_honest(&statement, &columns, 27);
    assert_eq!(
        verify(&wider, &columns, &counts, &proved.proof, revealed),
        Err(Rejected::Verifier(LookupError::LayerSumcheck {
            side: Side::Witness,
            layer: 2,
            source: SumcheckError::RoundSumMismatch { round: 1 },
        }))
    );
}

#[test]
fn short_mask_is_refused_by_the_prover() {
    let statement = shape();
    let columns = random_columns(28, &statement);
    let counts = multiplicities(&refs(&columns), statement.table.bits).unwrap();
    let needed = hidden_mask_len(&statement);
    let mut context = ClearProver::new(random_mask(28, needed - 1));
    assert_eq!(
        prove_hidden_lookup(
            &statement,
            &refs(&columns),
            &counts,
            &mut context,
            &mut transcript(&columns, &counts),
        )
        .unwrap_err(),
        LookupError::Shape {
            what: "mask coefficients (at least)",
            expected: needed,
            found: needed - 1,
        }
    );
}

#[test]
fn fresh_masks_change_every_round_polynomial() {
    // The same witness under two masks: no round polynomial sent in the clear repeats.
    let statement = shape();
    let columns = random_columns(29, &statement);
    let (first, _) = prove_honest(&statement, &columns, 29);
    let (second, _) = prove_honest(&statement, &columns, 30);
    let rounds = |proof: &HiddenLookupProof| {
        [&proof.witness_tree, &proof.table_tree]
            .into_iter()
            .flat_map(|tree| tree.layers.iter())
            .flat_map(|layer| layer.round_polynomials.iter())
            .map(|round| round.evaluations.clone())
            .collect::<Vec<_>>()
    };
    let (a, b) = (rounds(&first.proof), rounds(&second.proof));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert!(x.iter().zip(y).all(|(u, v)| u != v));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn mutated_proof_bytes_never_panic_and_never_verify(
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let statement = shape();
        let columns = random_columns(31, &statement);
        let counts = multiplicities(&refs(&columns), statement.table.bits).unwrap();
        let (proved, revealed) = prove_honest(&statement, &columns, 31);
        let bytes = proved.proof.to_bytes();
        let mut mutated = bytes.clone();
        let i = position.index(mutated.len());
        mutated[i] ^= flip;
        if let Ok(proof) = HiddenLookupProof::from_bytes(&mutated) {
            prop_assert_ne!(proof.to_bytes(), bytes);
            prop_assert!(verify(&statement, &columns, &counts, &proof, revealed).is_err());
        }
    }
}
