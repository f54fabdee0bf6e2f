//! Issue-14 review: the weight opening of a mat-vec inside a larger proof is now added to the
//! caller's `&mut OpeningChecks` by `DeferredMatrixCommitment::verify_matvec_claim` (it used to
//! be added through a `RefCell` by the oracle's `verify_evaluation`). The value check
//! `⟨u, eq(r_x)⟩ = w` runs at once, but the opening vector `u` is absorbed by no transcript the
//! prover sees, so a prover may change `u` by any `δ` with `⟨δ, eq(r_x)⟩ = 0` after the whole
//! proof is fixed: only the deferred group equation catches it. These tests pin that the
//! equation is really deferred (one equation per weight opening) and settled by `finish`.

use spazk_field::{eq_table, Fr};
use spazk_hyrax::{
    absorb_matrix_identity, DeferredMatrixCommitment, HyraxError, HyraxOpening, HyraxParams,
    OpeningChecks,
};
use spazk_sumcheck::{InputClaim, MatVecProof, MatVecStatement, VerifyError, MATVEC_PROTOCOL};
use spazk_transcript::Transcript;

mod opening_fixtures;
use opening_fixtures::{committed_matvec, CommittedMatVec};

fn params() -> &'static HyraxParams {
    static PARAMS: std::sync::OnceLock<HyraxParams> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| HyraxParams::with_default_seed(64))
}

impl CommittedMatVec {
    /// The stand-alone mat-vec verifier's transcript, with the opening deferred to `checks`.
    fn verify_deferred<'c>(
        &'c self,
        checks: &mut OpeningChecks<'_, 'c>,
        proof: &MatVecProof<Fr, HyraxOpening>,
    ) -> Result<InputClaim<Fr>, VerifyError<HyraxError>> {
        let shape = self.committed.matrix_ref().shape();
        let commitment = self.committed.commitment();
        let statement = MatVecStatement {
            inputs: &self.inputs,
            outputs: &self.outputs,
        };
        let mut transcript = Transcript::new(MATVEC_PROTOCOL);
        absorb_matrix_identity(shape, commitment, &mut transcript);
        let claim = statement.absorb_and_draw_claim(shape, &mut transcript);
        let weights = DeferredMatrixCommitment::new(shape, commitment, params()).unwrap();
        weights.verify_matvec_claim(checks, 1, &claim, proof, &mut transcript)
    }
}

#[test]
fn deferred_weight_opening_tampered_orthogonally_to_eq_is_rejected_by_finish() {
    let f = committed_matvec(params());
    // Honest: one deferred equation, settled.
    let mut checks = OpeningChecks::new(params());
    let input_claim = f.verify_deferred(&mut checks, &f.proof).unwrap();
    assert_eq!(checks.len(), 1, "the weight opening must be deferred");
    assert_eq!(checks.finish(), Ok(()));

    // δ on two coordinates with ⟨δ, eq(r_x)⟩ = 0: the value check cannot see it and no
    // challenge depends on `u`, so only the group equation can.
    let eq = eq_table(&input_claim.column_point);
    assert_eq!(eq.len(), f.proof.weight_opening.u.len());
    let mut forged = f.proof.clone();
    forged.weight_opening.u[0] += eq[1];
    forged.weight_opening.u[1] -= eq[0];
    let mut checks = OpeningChecks::new(params());
    let forged_claim = f
        .verify_deferred(&mut checks, &forged)
        .expect("the value check passes: u is absorbed by no transcript");
    assert_eq!(forged_claim, input_claim);
    assert_eq!(checks.len(), 1);
    assert_eq!(checks.finish(), Err(HyraxError::CommitmentCheckFailed));
}

#[test]
fn deferred_weight_opening_with_a_false_evaluation_fails_at_once() {
    let f = committed_matvec(params());
    let mut forged = f.proof.clone();
    forged.weight_opening.u[0] += Fr::from(1u64);
    let mut checks = OpeningChecks::new(params());
    assert_eq!(
        f.verify_deferred(&mut checks, &forged),
        Err(VerifyError::Weight(HyraxError::EvaluationMismatch))
    );
    // A short opening vector is an error, not a panic.
    let mut short = f.proof.clone();
    short.weight_opening.u.pop();
    let mut checks = OpeningChecks::new(params());
    assert!(matches!(
        f.verify_deferred(&mut checks, &short),
        Err(VerifyError::Weight(HyraxError::WrongOpeningLength { .. }))
    ));
}
