//! The zero-knowledge pair-method prover.

use super::{
    require_openings, statement, HiddenCommittedPairActivation, HiddenPairActivationProof,
    OpeningCheck,
};
use crate::error::ActivationError;
use crate::hidden::{check_output_point, HiddenActivationClaims};
use crate::pairs::{input_value, lookup_values, reduction_claim, reduction_instance, widths};
use crate::protocol::{advice_layout, label};
use ark_bn254::Fr;
use ark_std::rand::{CryptoRng, RngCore};
use spazk_field::{eq_eval, eq_table, evaluate_mle_with_eq};
use spazk_hyrax::opening_vector_small;
use spazk_hyrax::zk::{OpeningColumn, ZkProver};
use spazk_logup::{evaluate_small_column, prove_hidden_committed_lookup, small_values_to_field};
use spazk_sumcheck::hidden::{Claim, HidingProver};
use spazk_sumcheck::{prove_masked_sumcheck, SumcheckProof};
use spazk_transcript::Transcript;

/// Proves hidden pair-method advice whose commitments the caller has absorbed
/// ([`HiddenCommittedPairActivation::absorb_commitments`]); `prover`'s mask holds the
/// method's coefficients ([`crate::hidden_activation_mask_len`]). Returns the proof, the claims
/// on `z` and `a` as the verifier will hold them, and `z̃` at their point.
pub fn prove_hidden<R: RngCore + CryptoRng>(
    committed: &HiddenCommittedPairActivation,
    output_claim: Option<(&[Fr], &Claim<Fr>)>,
    prover: &mut ZkProver<'_, R>,
    transcript: &mut Transcript,
) -> Result<(HiddenPairActivationProof, HiddenActivationClaims, Fr), ActivationError> {
    let (spec, table, row_vars) = (&committed.spec, &committed.table, committed.row_vars);
    check_output_point(output_claim, row_vars)?;
    let columns = &committed.columns;
    let evaluate = |rho: &[Fr], beta: Fr| lookup_values(columns, table, rho, beta);
    let proved = prove_hidden_committed_lookup(
        &statement(table, row_vars),
        &[&columns[0], &committed.tagged],
        &committed.multiplicities,
        prover,
        transcript,
        evaluate,
    )?;
    let gamma: Fr = transcript.challenge_field(label::pairs::GAMMA);
    let lookup = &proved.claims.columns;
    let (beta, rho) = (lookup.beta, &lookup.point);
    let [w0, w1] = [lookup.values[0], lookup.values[1]];
    let (reduction, r, sub_claim) = match output_claim {
        // The columns are needed at ρ only: opened there, no reduction.
        None => (SumcheckProof::default(), rho.clone(), None),
        Some((point, value)) => {
            let claim = reduction_claim(
                table,
                [Claim::hidden(w0), Claim::hidden(w1)],
                beta,
                gamma,
                Some(value.clone()),
            );
            let bits = widths(table);
            let a_at_point = evaluate_small_column(&columns[2], &eq_table(point), bits[2]);
            let claim_value = reduction_claim(
                table,
                [proved.column_values[0], proved.column_values[1]],
                beta,
                gamma,
                Some(a_at_point),
            );
            let fields: [Vec<Fr>; 3] =
                [0, 1, 2].map(|k| small_values_to_field(&columns[k], bits[k]));
            let mut instance =
                reduction_instance(columns, &fields, bits, (beta, gamma), rho, point);
            let (reduction, sub_claim, _) =
                prove_masked_sumcheck(&mut instance, &claim, claim_value, prover, transcript);
            let r = sub_claim.point[..row_vars as usize].to_vec();
            (reduction, r, Some((sub_claim, point)))
        }
    };

    let layout = advice_layout(row_vars);
    let row_weights = eq_table(&r[layout.col_vars as usize..]);
    let vectors: [Vec<Fr>; 3] =
        [0, 1, 2].map(|k| opening_vector_small(&columns[k], layout, &row_weights));
    let opening_columns: Vec<OpeningColumn<'_>> = committed
        .commitments
        .iter()
        .zip(&vectors)
        .map(|(commitment, opening)| OpeningColumn {
            commitment,
            opening,
        })
        .collect();
    let opened = prover.open(&opening_columns, &r, transcript);
    let check = match &sub_claim {
        None => OpeningCheck::LookupPoint([w0, w1]),
        Some((sub_claim, point)) => OpeningCheck::Reduction {
            sub_claim,
            gamma,
            eq_lookup: eq_eval(rho, &r),
            eq_output: eq_eval(point, &r),
        },
    };
    let claims = require_openings(
        prover.relations(),
        spec,
        table,
        beta,
        check,
        r.clone(),
        [opened[0], opened[1], opened[2]],
    );
    let col_weights = eq_table(&r[..layout.col_vars as usize]);
    let [j, rem] = [0, 1].map(|k| evaluate_mle_with_eq(&vectors[k], &col_weights));
    let input = input_value(spec, table, [j, rem]);
    let [quotient, remainder, output] = &committed.commitments;
    let proof = HiddenPairActivationProof {
        quotient_commitment: quotient.commitment.clone(),
        remainder_commitment: remainder.commitment.clone(),
        output_commitment: output.commitment.clone(),
        multiplicity_commitment: committed.multiplicities.commitment.commitment.clone(),
        lookup: proved.proof,
        reduction,
    };
    Ok((proof, claims, input))
}
