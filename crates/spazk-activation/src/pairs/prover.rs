//! The pair-method prover: the lookup of the advice's quotient and remainder entries, and the
//! reduction of every claim on the advice to one point, where it is opened.

use super::{
    input_value, lookup_values, reduction_claim, reduction_instance, widths,
    CommittedPairActivation, PairActivationProof,
};
use crate::error::ActivationError;
use crate::proof::{check_output_claim, ActivationClaims};
use crate::protocol::{advice_layout, label};
use ark_bn254::Fr;
use spazk_field::EvalClaim;
use spazk_hyrax::{open_batch, HyraxParams};
use spazk_logup::{multiplicities, prove_lookup_evaluated, small_values_to_field, LookupStatement};
use spazk_sumcheck::{prove_sumcheck, SumcheckProof};
use spazk_transcript::Transcript;

/// Proves committed advice whose commitments the caller has absorbed.
pub fn prove_committed(
    committed: &CommittedPairActivation,
    output_claim: Option<&EvalClaim<Fr>>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(PairActivationProof, ActivationClaims), ActivationError> {
    // The remainder column looks up the table's remainder half; a value outside it (only a
    // cheating prover has one) stays out of the table and is refused by `multiplicities`.
    let tagged: Vec<u32> = committed.columns[1]
        .iter()
        .map(|r| {
            committed
                .table
                .remainder_index(*r as u64)
                .unwrap_or(u32::MAX)
        })
        .collect();
    prove_committed_routed(
        committed,
        [&committed.columns[0], &tagged],
        output_claim,
        params,
        transcript,
    )
}

/// [`prove_committed`] with the quotient and remainder columns looking up the table indices
/// `lookups` (the honest prover passes the committed `j` and the tagged `rem`; the column claims
/// always come from the committed columns). Honest callers use [`prove_committed`]; the
/// `test-util` feature exports this for a cheating prover that routes rows to another table
/// entry or half (the soundness tests' hook).
pub fn prove_committed_routed(
    committed: &CommittedPairActivation,
    lookups: [&[u32]; 2],
    output_claim: Option<&EvalClaim<Fr>>,
    params: &HyraxParams,
    transcript: &mut Transcript,
) -> Result<(PairActivationProof, ActivationClaims), ActivationError> {
    let (spec, table, row_vars) = (&committed.spec, &committed.table, committed.row_vars);
    check_output_claim(output_claim, row_vars)?;
    let [indices, tagged] = lookups;
    let bits = widths(table);
    let statement = LookupStatement {
        columns: 2,
        row_vars,
        table: *table,
    };
    let counts = multiplicities(&[indices, tagged], statement.table_bits())?;
    let evaluate = |rho: &[Fr], beta: Fr| lookup_values(&committed.columns, table, rho, beta);
    let (lookup, claims) = prove_lookup_evaluated(
        &statement,
        &[indices, tagged],
        &counts,
        params,
        transcript,
        evaluate,
    )?;

    let gamma: Fr = transcript.challenge_field(label::pairs::GAMMA);
    let beta = claims.beta;
    let fields: [Vec<Fr>; 3] =
        [0, 1, 2].map(|k| small_values_to_field(&committed.columns[k], bits[k]));
    let (reduction, r) = match output_claim {
        // The columns are needed at ρ only: opened there, no reduction.
        None => (
            SumcheckProof {
                round_polynomials: Vec::new(),
            },
            claims.point.clone(),
        ),
        Some(output) => {
            let [w0, w1] = [claims.values[0], claims.values[1]];
            let claim = reduction_claim(table, [w0, w1], beta, gamma, Some(output.value));
            let mut instance = reduction_instance(
                &committed.columns,
                &fields,
                bits,
                (beta, gamma),
                &claims.point,
                &output.point,
            );
            let (reduction, sub_claim) = prove_sumcheck(&mut instance, claim, transcript);
            (reduction, sub_claim.point[..row_vars as usize].to_vec())
        }
    };
    let tables: Vec<&[Fr]> = fields.iter().map(Vec::as_slice).collect();
    let (opening, values) = open_batch(
        &committed.commitments.each_ref(),
        &tables,
        advice_layout(row_vars),
        &r,
        transcript,
    )
    .map_err(ActivationError::Column)?;
    let values: [Fr; 3] = [values[0], values[1], values[2]];
    let claims = ActivationClaims {
        point: r,
        input_value: input_value(spec, table, [values[0], values[1]]),
        output_value: values[2],
    };
    let [quotient_commitment, remainder_commitment, output_commitment] =
        committed.commitments.clone();
    Ok((
        PairActivationProof {
            quotient_commitment,
            remainder_commitment,
            output_commitment,
            lookup,
            reduction,
            values,
            opening,
        },
        claims,
    ))
}
