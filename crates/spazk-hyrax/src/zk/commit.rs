//! Hiding commitments: `C_i = ⟨Z_i, G⟩ + β_i·H`, one fresh blind per row.

use crate::commitment::{Commit, HyraxCommitment};
use crate::error::HyraxError;
use crate::layout::Layout;
use crate::params::HyraxParams;
use crate::zk::pool::BlindSource;
use ark_bn254::{Fr, G1Projective};
use ark_ec::CurveGroup;

/// A hiding commitment and the row blinds that open it: the prover's side (the blinds are
/// secret; publish [`Self::commitment`] only).
#[derive(Clone, PartialEq, Eq)]
pub struct BlindedCommitment {
    /// The rows `C_i = ⟨Z_i, G⟩ + β_i·H`.
    pub commitment: HyraxCommitment,
    /// `β_i`, one per row of the layout.
    pub blinds: Vec<Fr>,
}

impl BlindedCommitment {
    /// Commits to `data` under `layout` by the data's own fast path ([`Commit`]: ternary, small
    /// unsigned or signed, field elements), then blinds every row with a uniform `β_i` from
    /// `rng`. Every row is blinded, an all-zero row too: an identity row would tell the verifier
    /// that the row is zero.
    pub fn commit<T: Commit + ?Sized>(
        data: &T,
        params: &HyraxParams,
        layout: Layout,
        blinds: &mut (impl BlindSource + ?Sized),
    ) -> Result<Self, HyraxError> {
        let unblinded = data.commit(params, layout)?;
        Ok(Self::blind(unblinded, params, blinds))
    }

    /// Blinds a commitment made by [`Commit::commit`]. The extra normalization of the rows
    /// (one shared inversion) is negligible beside committing them, and it keeps every fast
    /// commitment path as it is.
    pub fn blind(
        unblinded: HyraxCommitment,
        params: &HyraxParams,
        source: &mut (impl BlindSource + ?Sized),
    ) -> Self {
        // One blind per row, in row order (an rng source draws them in the order it always
        // did, so seeded proofs keep their bytes).
        let (blinds, rows): (Vec<Fr>, Vec<G1Projective>) = unblinded
            .rows
            .iter()
            .map(|row| {
                let (beta, multiple) = source.next_blind(params);
                (beta, multiple + row)
            })
            .unzip();
        Self {
            commitment: HyraxCommitment {
                layout: unblinded.layout,
                seed: unblinded.seed,
                rows: G1Projective::normalize_batch(&rows),
            },
            blinds,
        }
    }

    /// `Σ_i L_i·β_i`: the blind of the combined row `Σ_i L_i·C_i` for row weights `L`.
    pub fn combined_blind(&self, row_weights: &[Fr]) -> Fr {
        self.blinds
            .iter()
            .zip(row_weights)
            .map(|(beta, l)| *beta * l)
            .sum()
    }
}

/// Prints the public commitment only: the blinds are the owner's secret (a log line must not
/// carry them).
impl core::fmt::Debug for BlindedCommitment {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BlindedCommitment")
            .field("commitment", &self.commitment)
            .field("blinds", &format_args!("<{} hidden>", self.blinds.len()))
            .finish()
    }
}
