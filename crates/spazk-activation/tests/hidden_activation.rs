//! Zero-knowledge activation steps over the real commitment layer (`spazk-hyrax`'s
//! `ZkProver` / `ZkVerifier`): round trips of both methods, with and without the next layer's
//! claim, finished by the final Σ-protocol; a dead ReLU layer's all-zero advice committed with
//! no identity row; the tamper suite with exact errors; mask equivocation of the zero-check
//! (degree 4) and of the pair reduction (degree 2) with their negative controls; mutated proof
//! bytes never panic the verifier. Randomness is seeded.

mod activation_fixture;

use activation_fixture::{ActivationFixture, LIMB_METHOD, PAIR_METHOD};
use ark_bn254::Fr;
use ark_ec::AffineRepr;
use ark_ff::{One, UniformRand};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::rand::{rngs::StdRng, SeedableRng};
use proptest::prelude::*;
use spazk_activation::{
    absorb_public_activation, commit_hidden_activation, equivocation, hidden_activation_mask_len,
    prove_hidden_activation, verify_hidden_activation, ActivationError, ActivationSpec,
    HiddenActivationProof, HiddenCommittedActivation,
};
use spazk_field::evaluate_mle;
use spazk_hyrax::zk::{ZkProof, ZkProver, ZkVerifier};
use spazk_hyrax::{HyraxCommitment, HyraxError, HyraxParams};
use spazk_logup::{LookupError, RangeError, Side};
use spazk_sumcheck::engine::masked::equivocation::{
    masked_round_polynomials, solve_equivocating_mask, EquivocationError,
};
use spazk_sumcheck::hidden::{Claim, HidingProver, HidingVerifier};
use spazk_sumcheck::{mask_len, SumcheckError, SumcheckInstance};
use spazk_transcript::Transcript;

const PROTOCOL: &[u8] = b"spazk-activation-zk-tests";
const NEXT_POINT: &[u8] = b"next-layer-point";

/// What the next layer claims about `a`, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Output {
    /// No claim carried.
    None,
    /// `ã(P) = v`, `v` public.
    Public,
    /// `ã(P) = v`, `v` a hidden scalar the test sends before the step.
    Hidden,
}

/// How the prover lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lie {
    Honest,
    /// The next layer's hidden `v` is `ã(P) + 1`.
    OutputValue,
}

/// Parameters for the fixture's advice and the mask.
fn params(fixture: &ActivationFixture, mask: usize) -> HyraxParams {
    let needed = fixture.spec.generators_needed(fixture.row_vars).max(mask);
    HyraxParams::with_default_seed(needed.next_power_of_two())
}

fn mask_of(fixture: &ActivationFixture, output: Output) -> usize {
    hidden_activation_mask_len(&fixture.spec, fixture.row_vars, output != Output::None)
}

fn field(z: i64) -> Fr {
    let magnitude = Fr::from(z.unsigned_abs());
    if z < 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// `z̃(point)`, `ã(point)` of the public statement.
fn public_mles(z: &[i64], a: &[u8], point: &[Fr]) -> (Fr, Fr) {
    let zf: Vec<Fr> = z.iter().map(|v| field(*v)).collect();
    let af: Vec<Fr> = a.iter().map(|v| Fr::from(*v as u64)).collect();
    (
        evaluate_mle(&zf, point).unwrap(),
        evaluate_mle(&af, point).unwrap(),
    )
}

/// A proof of the stand-alone statement `(z, a)`: the step's proof and the context's.
#[derive(Clone, Debug)]
struct Proved {
    proof: HiddenActivationProof,
    zk: ZkProof,
    /// What the prover returned as `z̃(point)`, and the point.
    input_value: Fr,
    point: Vec<Fr>,
}

/// The statement's transcript: the public columns, `C_M`, the advice commitments.
fn statement_transcript(z: &[i64], a: &[u8]) -> Transcript {
    let mut transcript = Transcript::new(PROTOCOL);
    absorb_public_activation(z, a, &mut transcript);
    transcript
}

/// Proves `z` (the advice committed from `advice` if given, honest otherwise), the stand-alone
/// statement's claims required equal to the public columns' MLEs as relations.
fn prove_with(
    fixture: &ActivationFixture,
    z: &[i64],
    output: Output,
    lie: Lie,
    seed: u64,
    advice: Option<HiddenCommittedActivation>,
) -> Proved {
    let a = fixture.outputs(z);
    let mask = mask_of(fixture, output);
    let params = params(fixture, mask);
    let mut rng = StdRng::seed_from_u64(seed);
    let advice = advice
        .unwrap_or_else(|| commit_hidden_activation(&fixture.spec, z, &params, &mut rng).unwrap());
    let mut prover = ZkProver::new(&params, mask, StdRng::seed_from_u64(seed ^ 0x5eed)).unwrap();
    prover.skip_self_check();
    let mut transcript = statement_transcript(z, &advice.activations());
    prover.absorb_mask_commitment(&mut transcript);
    advice.absorb_commitments(&mut transcript);
    let point: Vec<Fr> = transcript.challenge_fields(NEXT_POINT, fixture.row_vars as usize);
    let (_, a_at_point) = public_mles(z, &a, &point);
    let claim = match output {
        Output::None => None,
        Output::Public => Some(Claim::public(a_at_point)),
        Output::Hidden => {
            let lied = a_at_point
                + if lie == Lie::OutputValue {
                    Fr::one()
                } else {
                    Fr::from(0u64)
                };
            Some(Claim::hidden(prover.hide_scalar(lied, &mut transcript)))
        }
    };
    let carried = claim.as_ref().map(|c| (point.as_slice(), c));
    let (proof, claims, input_value) =
        prove_hidden_activation(&advice, carried, &mut prover, &mut transcript).unwrap();
    let (z_at, a_at) = public_mles(z, &a, &claims.point);
    prover
        .relations()
        .require_equal(claims.input.clone(), Claim::public(z_at));
    prover
        .relations()
        .require_equal(claims.output.clone(), Claim::public(a_at));
    let zk = prover.finish(&mut transcript);
    Proved {
        proof,
        zk,
        input_value,
        point: claims.point,
    }
}

fn prove(fixture: &ActivationFixture, z: &[i64], output: Output, seed: u64) -> Proved {
    prove_with(fixture, z, output, Lie::Honest, seed, None)
}

/// Why a proof was rejected: by the step's verifier, or by the final Σ-protocol.
#[derive(Debug, PartialEq, Eq)]
enum Rejected {
    Step(ActivationError),
    Sigma(HyraxError),
}

/// Verifies `proof` against the statement `(z, a)`; `public_output` overrides the next layer's
/// public value (a wrong output claim).
fn verify_with(
    fixture: &ActivationFixture,
    z: &[i64],
    a: &[u8],
    output: Output,
    proof: &HiddenActivationProof,
    zk: &ZkProof,
    public_output: Option<Fr>,
) -> Result<(), Rejected> {
    let mask = mask_of(fixture, output);
    let params = params(fixture, mask);
    let mut verifier = ZkVerifier::new(&params, mask, zk).map_err(Rejected::Sigma)?;
    let mut transcript = statement_transcript(z, a);
    verifier.absorb_mask_commitment(&mut transcript);
    proof
        .absorb_commitments(&fixture.spec, fixture.row_vars, &mut transcript)
        .map_err(Rejected::Step)?;
    let point: Vec<Fr> = transcript.challenge_fields(NEXT_POINT, fixture.row_vars as usize);
    let (_, a_at_point) = public_mles(z, a, &point);
    let claim = match output {
        Output::None => None,
        Output::Public => Some(Claim::public(public_output.unwrap_or(a_at_point))),
        Output::Hidden => Some(Claim::hidden(
            verifier
                .receive_scalar(&mut transcript)
                .map_err(|e| Rejected::Step(ActivationError::Hidden(e)))?,
        )),
    };
    let carried = claim.as_ref().map(|c| (point.as_slice(), c));
    let claims = verify_hidden_activation(
        &fixture.spec,
        fixture.row_vars,
        proof,
        carried,
        &mut verifier,
        &mut transcript,
    )
    .map_err(Rejected::Step)?;
    let (z_at, a_at) = public_mles(z, a, &claims.point);
    verifier
        .relations()
        .require_equal(claims.input, Claim::public(z_at));
    verifier
        .relations()
        .require_equal(claims.output, Claim::public(a_at));
    verifier.finish(&mut transcript).map_err(Rejected::Sigma)
}

fn verify(
    fixture: &ActivationFixture,
    z: &[i64],
    output: Output,
    proved: &Proved,
) -> Result<(), Rejected> {
    let a = fixture.outputs(z);
    verify_with(fixture, z, &a, output, &proved.proof, &proved.zk, None)
}

const OUTPUTS: [Output; 3] = [Output::None, Output::Public, Output::Hidden];

fn round_trip(fixture: &ActivationFixture, is_limbs: bool) {
    for (seed, output) in OUTPUTS.into_iter().enumerate() {
        let z = fixture.inputs(seed as u64 + 1);
        let proved = prove(fixture, &z, output, seed as u64 + 10);
        assert_eq!(
            matches!(proved.proof, HiddenActivationProof::Limbs(_)),
            is_limbs
        );
        assert_eq!(verify(fixture, &z, output, &proved), Ok(()), "{output:?}");
        let (z_at, _) = public_mles(&z, &fixture.outputs(&z), &proved.point);
        assert_eq!(proved.input_value, z_at);
        // Through the encodings too.
        let bytes = encode(&proved);
        let (proof, zk) = decode(&bytes).unwrap();
        let a = fixture.outputs(&z);
        assert_eq!(
            verify_with(fixture, &z, &a, output, &proof, &zk, None),
            Ok(())
        );
    }
}

#[test]
fn limb_method_round_trips_with_and_without_an_output_claim() {
    round_trip(&LIMB_METHOD, true);
}

#[test]
fn pair_method_round_trips_with_and_without_an_output_claim() {
    round_trip(&PAIR_METHOD, false);
}

/// Every commitment a proof sends.
fn commitments(proof: &HiddenActivationProof) -> Vec<&HyraxCommitment> {
    match proof {
        HiddenActivationProof::Limbs(p) => {
            let mut all = vec![
                &p.sign_commitment,
                &p.saturation_commitment,
                &p.multiplicity_commitment,
            ];
            all.extend(&p.limb_commitments);
            all
        }
        HiddenActivationProof::Pairs(p) => vec![
            &p.quotient_commitment,
            &p.remainder_commitment,
            &p.output_commitment,
            &p.multiplicity_commitment,
        ],
    }
}

#[test]
fn a_dead_relu_layer_commits_no_identity_row() {
    for fixture in [&LIMB_METHOD, &PAIR_METHOD] {
        let bound = 1i64 << fixture.spec.input_bits;
        let z: Vec<i64> = fixture
            .inputs(3)
            .iter()
            .map(|z| -(z.abs() % bound) - 1)
            .collect();
        assert!(fixture.outputs(&z).iter().all(|a| *a == 0));
        let proved = prove(fixture, &z, Output::Public, 4);
        assert_eq!(verify(fixture, &z, Output::Public, &proved), Ok(()));
        for commitment in commitments(&proved.proof) {
            assert!(commitment.rows.iter().all(|row| !row.is_zero()));
        }
    }
}

fn encode(proved: &Proved) -> Vec<u8> {
    let mut bytes = Vec::new();
    proved.proof.serialize_compressed(&mut bytes).unwrap();
    proved.zk.serialize_compressed(&mut bytes).unwrap();
    bytes
}

fn decode(mut bytes: &[u8]) -> Option<(HiddenActivationProof, ZkProof)> {
    let proof = HiddenActivationProof::deserialize_compressed(&mut bytes).ok()?;
    let zk = ZkProof::deserialize_compressed(&mut bytes).ok()?;
    bytes.is_empty().then_some((proof, zk))
}

/// The honest proof of the inputs of seed 5 with `output`, tampered, verified against the
/// honest statement.
fn tampered(
    fixture: &ActivationFixture,
    output: Output,
    tamper: impl FnOnce(&mut HiddenActivationProof, &HiddenActivationProof),
) -> Result<(), Rejected> {
    let z = fixture.inputs(5);
    let mut proved = prove(fixture, &z, output, 6);
    let other = prove(fixture, &fixture.inputs(7), output, 8);
    tamper(&mut proved.proof, &other.proof);
    verify(fixture, &z, output, &proved)
}

const SIGMA_FAILS: Result<(), Rejected> = Err(Rejected::Sigma(HyraxError::SigmaCheckFailed));

/// A swapped commitment, absorbed before every challenge, changes every challenge after it:
/// the first round the verifier checks in the clear is round 1 of the lookup's first witness
/// layer with two rounds (layer 2; layer 1's only round is a relation).
const SWAP_FAILS_AT: LookupError = LookupError::LayerSumcheck {
    side: Side::Witness,
    layer: 2,
    source: SumcheckError::RoundSumMismatch { round: 1 },
};

fn limbs(proof: &mut HiddenActivationProof) -> &mut spazk_activation::HiddenLimbActivationProof {
    match proof {
        HiddenActivationProof::Limbs(p) => p,
        HiddenActivationProof::Pairs(_) => panic!("a limb-method proof"),
    }
}

fn pairs(proof: &mut HiddenActivationProof) -> &mut spazk_activation::HiddenPairActivationProof {
    match proof {
        HiddenActivationProof::Pairs(p) => p,
        HiddenActivationProof::Limbs(_) => panic!("a pair-method proof"),
    }
}

fn other_limbs(proof: &HiddenActivationProof) -> &spazk_activation::HiddenLimbActivationProof {
    match proof {
        HiddenActivationProof::Limbs(p) => p,
        HiddenActivationProof::Pairs(_) => panic!("a limb-method proof"),
    }
}

fn other_pairs(proof: &HiddenActivationProof) -> &spazk_activation::HiddenPairActivationProof {
    match proof {
        HiddenActivationProof::Pairs(p) => p,
        HiddenActivationProof::Limbs(_) => panic!("a pair-method proof"),
    }
}

#[test]
fn limb_method_tamper_suite() {
    let f = &LIMB_METHOD;
    let range_swap = Err(Rejected::Step(ActivationError::Range(RangeError::Lookup(
        SWAP_FAILS_AT,
    ))));
    // Each advice commitment swapped for another proof's.
    assert_eq!(
        tampered(f, Output::Public, |p, o| limbs(p).sign_commitment =
            other_limbs(o).sign_commitment.clone()),
        range_swap
    );
    assert_eq!(
        tampered(f, Output::Public, |p, o| limbs(p).saturation_commitment =
            other_limbs(o).saturation_commitment.clone()),
        range_swap
    );
    let limb_count = other_limbs(&prove(f, &f.inputs(1), Output::None, 2).proof)
        .limb_commitments
        .len();
    for k in 0..limb_count {
        assert_eq!(
            tampered(f, Output::Public, |p, o| limbs(p).limb_commitments[k] =
                other_limbs(o).limb_commitments[k].clone()),
            range_swap,
            "limb {k}"
        );
    }
    assert_eq!(
        tampered(f, Output::Public, |p, o| limbs(p).multiplicity_commitment =
            other_limbs(o).multiplicity_commitment.clone()),
        range_swap
    );
    // The zero-check's rounds: round 0's sum is a relation, but its message also moves the
    // challenge, so round 1 fails in the clear; later rounds are checked in the clear.
    assert_eq!(
        tampered(f, Output::Public, |p, _| limbs(p)
            .zero_check
            .round_polynomials[0]
            .evaluations[1] += Fr::one()),
        Err(Rejected::Step(ActivationError::ZeroCheck(
            SumcheckError::RoundSumMismatch { round: 1 }
        )))
    );
    assert_eq!(
        tampered(f, Output::Public, |p, _| limbs(p)
            .zero_check
            .round_polynomials[2]
            .evaluations[0] += Fr::one()),
        Err(Rejected::Step(ActivationError::ZeroCheck(
            SumcheckError::RoundSumMismatch { round: 2 }
        )))
    );
    // The last round's value at the final point is a relation.
    assert_eq!(
        tampered(f, Output::Public, |p, _| {
            let last = limbs(p).zero_check.round_polynomials.last_mut().unwrap();
            last.evaluations[0] += Fr::one();
            last.evaluations[1] -= Fr::one();
        }),
        SIGMA_FAILS
    );
    // Shapes.
    assert_eq!(
        tampered(f, Output::Public, |p, _| {
            limbs(p).limb_commitments.pop();
        }),
        Err(Rejected::Step(ActivationError::Shape {
            what: "limb commitments",
            expected: limb_count,
            found: limb_count - 1,
        }))
    );
    assert_eq!(
        tampered(f, Output::Public, |p, _| limbs(p).sign_commitment =
            other_pairs(
                &prove(&PAIR_METHOD, &PAIR_METHOD.inputs(1), Output::None, 3).proof
            )
            .quotient_commitment
            .clone()),
        Err(Rejected::Step(ActivationError::Column(
            HyraxError::LayoutMismatch
        )))
    );
    assert_eq!(
        tampered(f, Output::Public, |p, _| {
            limbs(p).zero_check.round_polynomials.pop();
        }),
        Err(Rejected::Step(ActivationError::ZeroCheck(
            SumcheckError::WrongNumberOfRounds {
                expected: f.row_vars as usize,
                found: f.row_vars as usize - 1
            }
        )))
    );
}

#[test]
fn pair_method_tamper_suite() {
    let f = &PAIR_METHOD;
    let lookup_swap = Err(Rejected::Step(ActivationError::Lookup(SWAP_FAILS_AT)));
    assert_eq!(
        tampered(f, Output::Public, |p, o| pairs(p).quotient_commitment =
            other_pairs(o).quotient_commitment.clone()),
        lookup_swap
    );
    assert_eq!(
        tampered(f, Output::Public, |p, o| pairs(p).remainder_commitment =
            other_pairs(o).remainder_commitment.clone()),
        lookup_swap
    );
    assert_eq!(
        tampered(f, Output::Public, |p, o| pairs(p).output_commitment =
            other_pairs(o).output_commitment.clone()),
        lookup_swap
    );
    assert_eq!(
        tampered(f, Output::Public, |p, o| pairs(p).multiplicity_commitment =
            other_pairs(o).multiplicity_commitment.clone()),
        lookup_swap
    );
    // The reduction's rounds (round 0's message moves the next challenge); the last round's
    // value at the final point is a relation.
    assert_eq!(
        tampered(f, Output::Public, |p, _| pairs(p)
            .reduction
            .round_polynomials[0]
            .evaluations[0] += Fr::one()),
        Err(Rejected::Step(ActivationError::Reduction(
            SumcheckError::RoundSumMismatch { round: 1 }
        )))
    );
    assert_eq!(
        tampered(f, Output::Public, |p, _| {
            let last = pairs(p).reduction.round_polynomials.last_mut().unwrap();
            last.evaluations[0] += Fr::one();
            last.evaluations[1] -= Fr::one();
        }),
        SIGMA_FAILS
    );
    assert_eq!(
        tampered(f, Output::Public, |p, _| pairs(p)
            .reduction
            .round_polynomials[3]
            .evaluations[2] += Fr::one()),
        Err(Rejected::Step(ActivationError::Reduction(
            SumcheckError::RoundSumMismatch { round: 4 }
        )))
    );
    // A reduction where none is due.
    assert_eq!(
        tampered(f, Output::None, |p, o| {
            let _ = o;
            pairs(p).reduction = other_pairs(&prove(f, &f.inputs(1), Output::Public, 2).proof)
                .reduction
                .clone();
        }),
        Err(Rejected::Step(ActivationError::Shape {
            what: "reduction rounds",
            expected: 0,
            found: f.row_vars as usize + 1,
        }))
    );
    // A lookup layer's round.
    assert_eq!(
        tampered(f, Output::None, |p, _| pairs(p).lookup.table_tree.layers
            [3]
        .round_polynomials[1]
            .evaluations[0] += Fr::one()),
        Err(Rejected::Step(ActivationError::Lookup(
            LookupError::LayerSumcheck {
                side: Side::Table,
                layer: 4,
                source: SumcheckError::RoundSumMismatch { round: 1 },
            }
        )))
    );
}

#[test]
fn a_wrong_output_claim_is_rejected() {
    for fixture in [&LIMB_METHOD, &PAIR_METHOD] {
        let z = fixture.inputs(9);
        let a = fixture.outputs(&z);
        // The verifier holds another public value than the prover carried.
        let proved = prove(fixture, &z, Output::Public, 10);
        let point = {
            let mut t = statement_transcript(&z, &a);
            let mask = mask_of(fixture, Output::Public);
            let params = params(fixture, mask);
            let verifier = ZkVerifier::new(&params, mask, &proved.zk).unwrap();
            verifier.absorb_mask_commitment(&mut t);
            proved
                .proof
                .absorb_commitments(&fixture.spec, fixture.row_vars, &mut t)
                .unwrap();
            t.challenge_fields(NEXT_POINT, fixture.row_vars as usize)
        };
        let (_, honest) = public_mles(&z, &a, &point);
        assert_eq!(
            verify_with(
                fixture,
                &z,
                &a,
                Output::Public,
                &proved.proof,
                &proved.zk,
                Some(honest + Fr::one())
            ),
            SIGMA_FAILS
        );
        // The prover's hidden next-layer value is off by one.
        let lied = prove_with(fixture, &z, Output::Hidden, Lie::OutputValue, 11, None);
        assert_eq!(verify(fixture, &z, Output::Hidden, &lied), SIGMA_FAILS);
        // Another statement: an output flipped (absorbed first, every challenge changes).
        let honest = prove(fixture, &z, Output::None, 12);
        let flipped = fixture.outputs_flipped(&z, 3);
        let expected = if std::ptr::eq(fixture, &LIMB_METHOD) {
            ActivationError::Range(RangeError::Lookup(SWAP_FAILS_AT))
        } else {
            ActivationError::Lookup(SWAP_FAILS_AT)
        };
        assert_eq!(
            verify_with(
                fixture,
                &z,
                &flipped,
                Output::None,
                &honest.proof,
                &honest.zk,
                None
            ),
            Err(Rejected::Step(expected))
        );
    }
}

#[test]
fn out_of_range_inputs_have_no_honest_proof() {
    for fixture in [&LIMB_METHOD, &PAIR_METHOD] {
        let mut z = fixture.inputs(13);
        z[5] = 1 << fixture.spec.input_bits;
        let params = params(fixture, 0);
        let mut rng = StdRng::seed_from_u64(14);
        assert_eq!(
            commit_hidden_activation(&fixture.spec, &z, &params, &mut rng).err(),
            Some(ActivationError::InputOutOfRange {
                row: 5,
                value: 1 << fixture.spec.input_bits,
                bits: fixture.spec.input_bits,
            })
        );
    }
}

#[test]
fn forged_advice_is_rejected() {
    // Limbs: a wrong activation on one row, every column in its range.
    let f = &LIMB_METHOD;
    let z = f.inputs(15);
    let honest = f.outputs(&z);
    let limb_params = params(f, mask_of(f, Output::None));
    let mut rng = StdRng::seed_from_u64(16);
    let row = (0..z.len()).find(|i| honest[*i] < 200).unwrap();
    let (signs, saturations, mut values) = limb_advice(&f.spec, &z);
    values[2][row] += 1;
    let forged = spazk_activation::limbs::commit_hidden_advice(
        &f.spec,
        signs,
        saturations,
        values,
        &limb_params,
        &mut rng,
    )
    .unwrap();
    let mut lied_a = honest.clone();
    lied_a[row] += 1;
    let proved = prove_forged(f, &z, HiddenCommittedActivation::Limbs(forged), 17);
    assert_eq!(
        verify_with(
            f,
            &z,
            &lied_a,
            Output::None,
            &proved.proof,
            &proved.zk,
            None
        ),
        SIGMA_FAILS
    );

    // Pairs: the same lie, the quotient and remainder honest.
    let f = &PAIR_METHOD;
    let z = f.inputs(18);
    let table = f.spec.requantize_table().unwrap();
    let mut columns = spazk_activation::pairs::advice_columns(&f.spec, &table, &z).unwrap();
    let row = (0..z.len()).find(|i| columns[2][*i] < 200).unwrap();
    columns[2][row] += 1;
    let pair_params = params(f, mask_of(f, Output::None));
    let forged = spazk_activation::pairs::commit_hidden_advice(
        &f.spec,
        &table,
        columns,
        &pair_params,
        &mut rng,
    )
    .unwrap();
    let mut lied_a = f.outputs(&z);
    lied_a[row] += 1;
    let proved = prove_forged(f, &z, HiddenCommittedActivation::Pairs(forged), 19);
    assert_eq!(
        verify_with(
            f,
            &z,
            &lied_a,
            Output::None,
            &proved.proof,
            &proved.zk,
            None
        ),
        SIGMA_FAILS
    );
}

/// `s`, `c`, `[u, rem, a, d]` of `z` as the honest limb-method prover computes them.
fn limb_advice(spec: &ActivationSpec, z: &[i64]) -> (Vec<u8>, Vec<u8>, [Vec<u64>; 4]) {
    let l = spec.sign_bits();
    let half = 1u64 << (spec.shift - 1);
    let mut out: (Vec<u8>, Vec<u8>, [Vec<u64>; 4]) = Default::default();
    for z in z {
        let s = u8::from(*z < 0);
        let u = (*z as i128 + ((s as i128) << l)) as u64;
        let relu = if s == 0 { u } else { 0 };
        let q = (relu + half) >> spec.shift;
        let c = u8::from(q > 255);
        out.0.push(s);
        out.1.push(c);
        for (column, v) in out.2.iter_mut().zip([
            u,
            relu + half - (q << spec.shift),
            q.min(255),
            if c == 1 { q - 255 } else { 0 },
        ]) {
            column.push(v);
        }
    }
    out
}

/// Proves forged advice against the statement `(z, its activations)`.
fn prove_forged(
    fixture: &ActivationFixture,
    z: &[i64],
    advice: HiddenCommittedActivation,
    seed: u64,
) -> Proved {
    let a = advice.activations();
    let mask = mask_of(fixture, Output::None);
    let params = params(fixture, mask);
    let mut prover = ZkProver::new(&params, mask, StdRng::seed_from_u64(seed)).unwrap();
    prover.skip_self_check();
    let mut transcript = statement_transcript(z, &a);
    prover.absorb_mask_commitment(&mut transcript);
    advice.absorb_commitments(&mut transcript);
    let _: Vec<Fr> = transcript.challenge_fields(NEXT_POINT, fixture.row_vars as usize);
    let (proof, claims, input_value) =
        prove_hidden_activation(&advice, None, &mut prover, &mut transcript).unwrap();
    let (z_at, a_at) = public_mles(z, &a, &claims.point);
    prover
        .relations()
        .require_equal(claims.input, Claim::public(z_at));
    prover
        .relations()
        .require_equal(claims.output, Claim::public(a_at));
    let zk = prover.finish(&mut transcript);
    Proved {
        proof,
        zk,
        input_value,
        point: claims.point,
    }
}

fn random_point(rng: &mut StdRng, n: usize) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

/// With `ρ` and every challenge fixed, a second witness's instance reproduces the first's
/// masked messages under a solved mask of the instance's degree, and not under one of degree
/// `d − 1`.
fn equivocates<S: SumcheckInstance<Fr> + Clone>(
    (first, first_sum): (S, Fr),
    (second, second_sum): (S, Fr),
    rng: &mut StdRng,
) {
    let (rounds, degree) = (first.num_rounds(), first.degree());
    let mask = random_point(rng, mask_len(rounds, degree));
    let rho = Fr::rand(rng);
    let challenges = random_point(rng, rounds);
    let sent = masked_round_polynomials(&mut first.clone(), first_sum, &mask, rho, &challenges);
    let solved =
        solve_equivocating_mask(&second, second_sum, &sent, rho, &challenges, degree).unwrap();
    assert_ne!(solved, mask);
    assert_eq!(
        masked_round_polynomials(&mut second.clone(), second_sum, &solved, rho, &challenges),
        sent
    );
    // Negative control: a mask one degree short cannot carry the difference (from the first
    // round whose difference has a top coefficient: the witnesses decide which).
    let mut short = random_point(rng, mask_len(rounds, degree));
    for round in 0..rounds {
        short[round * degree + degree] = Fr::from(0u64);
    }
    let sent = masked_round_polynomials(&mut first.clone(), first_sum, &short, rho, &challenges);
    let control = solve_equivocating_mask(&second, second_sum, &sent, rho, &challenges, degree - 1);
    assert!(
        matches!(control, Err(EquivocationError::TopCoefficient { .. })),
        "{control:?}"
    );
}

#[test]
fn the_zero_check_equivocates_at_degree_four() {
    let f = &LIMB_METHOD;
    let mut rng = StdRng::seed_from_u64(20);
    let n = f.row_vars as usize;
    let (beta, rho, gamma) = (
        Fr::rand(&mut rng),
        random_point(&mut rng, n),
        Fr::rand(&mut rng),
    );
    let (range_point, output_point) = (random_point(&mut rng, n), random_point(&mut rng, n));
    let instance = |seed| {
        equivocation::zero_check(
            &f.spec,
            &f.inputs(seed),
            (beta, &rho, gamma),
            &range_point,
            Some(&output_point),
        )
        .unwrap()
    };
    let (first, second) = (instance(21), instance(22));
    assert_eq!(first.0.degree(), 4);
    equivocates(first, second, &mut rng);
}

#[test]
fn the_pair_reduction_equivocates_at_degree_two() {
    let f = &PAIR_METHOD;
    let mut rng = StdRng::seed_from_u64(23);
    let n = f.row_vars as usize;
    let (beta, gamma) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
    let (rho, output_point) = (random_point(&mut rng, n), random_point(&mut rng, n));
    let instance = |seed| {
        equivocation::reduction(&f.spec, &f.inputs(seed), (beta, gamma), &rho, &output_point)
            .unwrap()
    };
    let (first, second) = (instance(24), instance(25));
    assert_eq!(first.0.degree(), 2);
    equivocates(first, second, &mut rng);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Mutated proof bytes never panic the verifier (either method, with a hidden next-layer
    /// claim); a mutation that still decodes is rejected or, if it changed nothing the
    /// verifier reads, accepted.
    #[test]
    fn mutated_proof_bytes_never_panic(
        limbs in any::<bool>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let fixture = if limbs { &LIMB_METHOD } else { &PAIR_METHOD };
        let z = fixture.inputs(30);
        let proved = honest_cached(limbs, fixture, &z);
        let mut bytes = encode(&proved);
        for (index, value) in &edits {
            let i = index.index(bytes.len());
            bytes[i] ^= value | 1;
        }
        if let Some((proof, zk)) = decode(&bytes) {
            let a = fixture.outputs(&z);
            let _ = verify_with(fixture, &z, &a, Output::Hidden, &proof, &zk, None);
        }
    }
}

/// The honest proofs the property mutates, proved once per method.
fn honest_cached(limbs: bool, fixture: &ActivationFixture, z: &[i64]) -> Proved {
    use std::sync::OnceLock;
    static LIMBS: OnceLock<Proved> = OnceLock::new();
    static PAIRS: OnceLock<Proved> = OnceLock::new();
    let cell = if limbs { &LIMBS } else { &PAIRS };
    cell.get_or_init(|| prove(fixture, z, Output::Hidden, 31))
        .clone()
}
