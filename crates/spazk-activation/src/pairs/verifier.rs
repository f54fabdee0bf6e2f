//! The pair-method verifier: the lookup into the requantization table, the reduction, and the
//! advice's batched opening.

use super::{input_value, reduction_claim, reduction_final, PairActivationProof};
use crate::error::ActivationError;
use crate::proof::{check_output_claim, ActivationClaims};
use crate::protocol::label;
use crate::spec::ActivationSpec;
use crate::table::RequantizeTable;
use ark_bn254::Fr;
use spazk_field::{eq_eval, EvalClaim};
use spazk_hyrax::OpeningChecks;
use spazk_logup::{verify_lookup_deferred, LookupStatement};
use spazk_sumcheck::verify_sumcheck;
use spazk_transcript::Transcript;

/// Verifies a pair-method proof over `2^row_vars` rows whose commitments the caller has absorbed
/// ([`crate::ActivationProof::absorb_commitments`]). Checks, in order: the commitments'
/// layouts; the lookup (every layer of both trees, the table's MLE evaluated here, the
/// multiplicities' opening, equal fraction sums); the reduction sumcheck (every round, and its
/// final value recomputed from the three claimed column values); one batched opening of the
/// three columns at its point, deferred to `checks`. Returns the claims on `z` and `a`.
pub fn verify_deferred<'c>(
    spec: &ActivationSpec,
    table: &RequantizeTable,
    row_vars: u32,
    proof: &'c PairActivationProof,
    output_claim: Option<&EvalClaim<Fr>>,
    checks: &mut OpeningChecks<'_, 'c>,
    transcript: &mut Transcript,
) -> Result<ActivationClaims, ActivationError> {
    proof.check_commitments(spec, table, row_vars)?;
    check_output_claim(output_claim, row_vars)?;
    let statement = LookupStatement {
        columns: 2,
        row_vars,
        table: *table,
    };
    let claims = verify_lookup_deferred(&statement, &proof.lookup, checks, transcript)?;
    let gamma: Fr = transcript.challenge_field(label::pairs::GAMMA);
    let beta = claims.beta;
    let claim = reduction_claim(
        table,
        [claims.values[0], claims.values[1]],
        beta,
        gamma,
        output_claim.map(|o| o.value),
    );
    // Without the next layer's claim the columns are opened at ρ: a reduction of no rounds.
    let vars = output_claim.map_or(0, |_| row_vars as usize + 1);
    let sub_claim = verify_sumcheck(&proof.reduction, claim, vars, 2, transcript)
        .map_err(ActivationError::Reduction)?;
    let [j, rem, a] = proof.values;
    let (r, expected) = match output_claim {
        None => (claims.point.clone(), j + beta * a + gamma * rem),
        Some(output) => {
            let r = sub_claim.point[..row_vars as usize].to_vec();
            // Both stacked tables bound at the stack variable `b`.
            let b = sub_claim.point[row_vars as usize];
            let eq_lookup = eq_eval(&claims.point, &r);
            let eq_output = eq_eval(&output.point, &r);
            let expected = reduction_final(proof.values, beta, gamma, b, eq_lookup, eq_output);
            (r, expected)
        }
    };
    if sub_claim.value != expected {
        return Err(ActivationError::ReductionFinalMismatch);
    }
    checks
        .add_batch(
            &proof.commitments(),
            &r,
            &proof.values,
            &proof.opening,
            transcript,
        )
        .map_err(ActivationError::Column)?;
    Ok(ActivationClaims {
        point: r,
        input_value: input_value(spec, table, [j, rem]),
        output_value: a,
    })
}
