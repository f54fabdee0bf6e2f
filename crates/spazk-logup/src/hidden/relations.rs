//! The hidden lookup's relations, written once for the prover and the verifier: both build
//! them in the same order from the same handles, which is what makes a handle mean the same
//! value on both sides. Each constraint is written as a comment above the code that requires it.

use crate::claim::LookupStatement;
use crate::table::LookupTable;
use ark_bn254::Fr;
use ark_ff::One;
use spazk_field::{eq_eval, eq_table};
use spazk_sumcheck::hidden::{Claim, HiddenValue, Quadratic, Relations};
use spazk_sumcheck::MaskedSubClaim;

/// `a·b`, one product of hidden values.
fn product(a: HiddenValue, b: HiddenValue) -> Quadratic<Fr> {
    Claim::hidden(a).product(&Claim::hidden(b))
}

/// A layer's four children values at its sumcheck point, in the order they are sent:
/// `p₀, p₁, q₀, q₁`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Children {
    numerators: [HiddenValue; 2],
    denominators: [HiddenValue; 2],
}

impl Children {
    /// From the four handles in the order sent.
    pub(crate) fn from_sent([p0, p1, q0, q1]: [HiddenValue; 4]) -> Self {
        Self {
            numerators: [p0, p1],
            denominators: [q0, q1],
        }
    }

    /// `p₀q₁ + p₁q₀`: the numerator of `p₀/q₀ + p₁/q₁`.
    fn numerator(&self) -> Quadratic<Fr> {
        let ([p0, p1], [q0, q1]) = (self.numerators, self.denominators);
        product(p0, q1) + product(p1, q0)
    }

    /// `q₀q₁`: its denominator.
    fn denominator(&self) -> Quadratic<Fr> {
        product(self.denominators[0], self.denominators[1])
    }
}

/// One hidden tree as both sides walk it: its root and the running claims `(p̃(ρ), q̃(ρ))` on
/// the layer reached, affine in hidden values.
#[derive(Clone, Debug)]
pub(crate) struct HiddenTree {
    /// `(P, Q)`.
    pub(crate) root: [HiddenValue; 2],
    claims: [Claim<Fr>; 2],
    children: Option<Children>,
}

impl HiddenTree {
    /// A tree whose claims start at its root.
    pub(crate) fn new(root: [HiddenValue; 2]) -> Self {
        Self {
            root,
            claims: root.map(Claim::hidden),
            children: None,
        }
    }

    /// `p̃(ρ) + λ·q̃(ρ)`: the next layer sumcheck's claim.
    pub(crate) fn claim(&self, lambda: Fr) -> Claim<Fr> {
        self.claims[0].clone() + self.claims[1].clone() * lambda
    }

    /// The root's children, layer 0.
    pub(crate) fn top(&mut self, relations: &mut Relations<Fr>, children: Children) {
        let [root_p, root_q] = self.root;
        // P = p₀q₁ + p₁q₀
        relations.require_zero(children.numerator() - Claim::hidden(root_p));
        // Q = q₀q₁
        relations.require_zero(children.denominator() - Claim::hidden(root_q));
        self.children = Some(children);
    }

    /// Layer `k ≥ 1`: its masked sumcheck over the variables of `rho` ended on `sub_claim`.
    pub(crate) fn layer(
        &mut self,
        relations: &mut Relations<Fr>,
        rho: &[Fr],
        sub_claim: &MaskedSubClaim<Fr>,
        lambda: Fr,
        children: Children,
    ) {
        let eq = eq_eval(rho, &sub_claim.point);
        let body = children.numerator() + children.denominator() * lambda;
        // eq(ρ, r)·(p₀q₁ + p₁q₀ + λ·q₀q₁) = h(r)
        relations.require_zero(body * eq - sub_claim.value.clone());
        self.children = Some(children);
    }

    /// Folds the last children into the claims on the layer below: `x₀ + τ(x₁ − x₀)`.
    ///
    /// # Panics
    /// Before any layer (a bug of the walk: the loops fold only after a layer).
    pub(crate) fn fold(&mut self, tau: Fr) {
        let children = self
            .children
            .expect("a layer is reduced before it is folded");
        let fold = |[x0, x1]: [HiddenValue; 2]| {
            Claim::hidden(x0) * (Fr::one() - tau) + Claim::hidden(x1) * tau
        };
        self.claims = [fold(children.numerators), fold(children.denominators)];
    }

    /// The claims `(p̃(ρ), q̃(ρ))` on the leaves, once every layer is folded.
    pub(crate) fn leaves(&self) -> &[Claim<Fr>; 2] {
        &self.claims
    }
}

/// The witness leaves at `(row point, column_point)`: numerators one, denominators from the
/// hidden column values `columns` (padding columns `1/1`).
pub(crate) fn require_witness_leaves<T: LookupTable>(
    relations: &mut Relations<Fr>,
    statement: &LookupStatement<T>,
    alpha: Fr,
    column_point: &[Fr],
    leaves: &[Claim<Fr>; 2],
    columns: &[HiddenValue],
) {
    let [numerator, denominator] = leaves;
    // p̃(ρ) = 1
    relations.require_equal(numerator.clone(), Claim::public(Fr::one()));
    let weights = eq_table(column_point);
    let real = &weights[..statement.columns];
    let real_share: Fr = real.iter().sum();
    // q̃(ρ) = Σ_j e_j·(α − w̃_j(ρ)) + (1 − Σ_j e_j)
    let expected = Claim {
        constant: alpha * real_share + Fr::one() - real_share,
        terms: real.iter().zip(columns).map(|(e, w)| (-*e, *w)).collect(),
    };
    relations.require_equal(denominator.clone(), expected);
}

/// The table leaves: denominators `α − t̃(ρ_t)` (computed from the statement's table),
/// numerators the hidden multiplicity value.
pub(crate) fn require_table_leaves(
    relations: &mut Relations<Fr>,
    table_denominator: Fr,
    leaves: &[Claim<Fr>; 2],
    multiplicity: HiddenValue,
) {
    let [numerator, denominator] = leaves;
    // q̃_t(ρ_t) = α − t̃(ρ_t)
    relations.require_equal(denominator.clone(), Claim::public(table_denominator));
    // p̃_t(ρ_t) = m̃(ρ_t)
    relations.require_equal(numerator.clone(), Claim::hidden(multiplicity));
}

/// `Σ 1/(α − w) = Σ m/(α − t)` on the roots, the witness root also counting one per padding
/// leaf. Both denominators are nonzero except with the probability stated in the module docs,
/// so the cross-multiplied form is the identity.
pub(crate) fn require_equal_sums(
    relations: &mut Relations<Fr>,
    padding: Fr,
    witness_root: [HiddenValue; 2],
    table_root: [HiddenValue; 2],
) {
    let ([p_w, q_w], [p_t, q_t]) = (witness_root, table_root);
    let witness_sum = Claim::hidden(p_w) - Claim::hidden(q_w) * padding;
    // (P_w − pad·Q_w)·Q_t − P_t·Q_w = 0
    relations
        .require_zero(witness_sum.product(&Claim::hidden(q_t)) + product(p_t, q_w) * -Fr::one());
}
