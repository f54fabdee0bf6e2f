//! The zero-knowledge limb-method prover: the hidden range checks, the masked zero-check on
//! the transparent prover's instance, one hidden opening of every advice column and `π`.

use super::{
    carried_claim, require_final, HiddenCommittedLimbActivation, HiddenLimbActivationProof,
    ZeroCheckContext,
};
use crate::error::ActivationError;
use crate::hidden::{check_output_point, HiddenActivationClaims};
use crate::limbs::prover::{zero_check_instance, AdviceColumns, ZeroCheckChallenges};
use crate::protocol::power_of_two;
use ark_bn254::Fr;
use ark_ff::One;
use ark_std::rand::{CryptoRng, RngCore};
use spazk_field::{eq_table, evaluate_mle_with_eq};
use spazk_hyrax::opening_vector_small;
use spazk_hyrax::zk::{OpeningColumn, ZkProver};
use spazk_logup::{prove_hidden_range_claims, LimbDecomposition};
use spazk_sumcheck::hidden::{Claim, HidingProver};
use spazk_sumcheck::prove_masked_sumcheck;
use spazk_transcript::Transcript;

/// Proves hidden limb-method advice whose commitments the caller has absorbed
/// ([`HiddenCommittedLimbActivation::absorb_commitments`]); `prover`'s mask holds the
/// method's coefficients ([`crate::hidden_activation_mask_len`]). Returns the proof, the claims
/// on `z` and `a` as the verifier will hold them, and `z̃` at their point.
pub fn prove_hidden<R: RngCore + CryptoRng>(
    committed: &HiddenCommittedLimbActivation,
    output_claim: Option<(&[Fr], &Claim<Fr>)>,
    prover: &mut ZkProver<'_, R>,
    transcript: &mut Transcript,
) -> Result<(HiddenLimbActivationProof, HiddenActivationClaims, Fr), ActivationError> {
    let (spec, row_vars) = (&committed.spec, committed.row_vars);
    check_output_point(output_claim, row_vars)?;
    let ranges = prove_hidden_range_claims(&committed.ranges, prover, transcript)?;

    let challenges = ZeroCheckChallenges::draw(row_vars, transcript);
    let advice = AdviceColumns {
        spec,
        signs: &committed.signs,
        saturations: &committed.saturations,
        values: &committed.values,
        limbs: committed.ranges.limbs().map(Vec::as_slice).collect(),
    };
    let output_value = output_claim.map(|(point, _)| {
        let eq = eq_table(point);
        let a = &committed.values[2];
        (
            point,
            a.iter().zip(&eq).map(|(a, e)| *e * Fr::from(*a)).sum(),
        )
    });
    let (mut instance, carried) = zero_check_instance(
        &advice,
        &challenges,
        &ranges.point,
        &ranges.limb_values,
        output_value,
    );
    let claim = carried_claim(
        challenges.gamma,
        &ranges.limbs,
        output_claim.map(|(_, v)| v),
    );
    let (zero_check, sub_claim, _) =
        prove_masked_sumcheck(&mut instance, &claim, carried, prover, transcript);
    let r = &sub_claim.point;

    // s, c and every limb opened at r, together.
    let layout = LimbDecomposition::layout(row_vars);
    let row_weights = eq_table(&r[layout.col_vars as usize..]);
    let widen = |bits: &[u8]| bits.iter().map(|b| u32::from(*b)).collect::<Vec<u32>>();
    let mut vectors = vec![
        opening_vector_small(&widen(&committed.signs), layout, &row_weights),
        opening_vector_small(&widen(&committed.saturations), layout, &row_weights),
    ];
    vectors.extend(
        committed
            .ranges
            .limbs()
            .map(|limb| opening_vector_small(limb, layout, &row_weights)),
    );
    let commitments = [&committed.sign_commitment, &committed.saturation_commitment]
        .into_iter()
        .chain(committed.ranges.limb_commitments());
    let columns: Vec<OpeningColumn<'_>> = commitments
        .zip(&vectors)
        .map(|(commitment, opening)| OpeningColumn {
            commitment,
            opening,
        })
        .collect();
    let opened = prover.open(&columns, r, transcript);

    // The folded tables hold s̃(r) and ũ(r).
    let col_weights = eq_table(&r[..layout.col_vars as usize]);
    let s = evaluate_mle_with_eq(&vectors[0], &col_weights);
    let u = instance.final_value(2);
    debug_assert_eq!(s, instance.final_value(0));
    let pi = prover.hide_scalar((Fr::one() - s) * u, transcript);
    let context = ZeroCheckContext {
        spec,
        challenges: &challenges,
        range_point: &ranges.point,
        output_point: output_claim.map(|(point, _)| point),
    };
    let claims = require_final(prover.relations(), context, &sub_claim, &opened, pi);
    let proof = HiddenLimbActivationProof {
        sign_commitment: committed.sign_commitment.commitment.clone(),
        saturation_commitment: committed.saturation_commitment.commitment.clone(),
        limb_commitments: committed
            .ranges
            .limb_commitments()
            .map(|c| c.commitment.clone())
            .collect(),
        multiplicity_commitment: committed
            .ranges
            .multiplicities()
            .commitment
            .commitment
            .clone(),
        lookup: ranges.lookup,
        zero_check,
    };
    Ok((proof, claims, u - power_of_two(spec.sign_bits()) * s))
}
