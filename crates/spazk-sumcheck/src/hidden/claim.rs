//! Values a zero-knowledge verifier reasons about without seeing them: handles to hidden values,
//! affine claims over them, and degree-2 expressions (the most a deferred relation may have).

use ark_ff::{Field, PrimeField};
use core::ops::{Add, Mul, Neg, Sub};
use spazk_transcript::Transcript;

/// A hidden value: one linear form of one hidden witness vector, registered in
/// [`super::Relations`] (its index there). Both parties register the same forms in the same
/// order, so a handle means the same value to the prover and the verifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HiddenValue(pub(crate) u32);

impl HiddenValue {
    /// The handle's index in its [`super::Relations`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// `constant + Σ_j coefficient_j · hidden_j`: what a zero-knowledge verifier knows of a value.
/// With no terms the value is public ([`Claim::as_public`]); transparent protocols only ever
/// hold public claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim<F> {
    /// The public part.
    pub constant: F,
    /// The hidden part, as `(coefficient, handle)` pairs.
    pub terms: Vec<(F, HiddenValue)>,
}

impl<F: Field> Claim<F> {
    /// A public value.
    pub fn public(value: F) -> Self {
        Self {
            constant: value,
            terms: Vec::new(),
        }
    }

    /// One hidden value, coefficient one.
    pub fn hidden(value: HiddenValue) -> Self {
        Self {
            constant: F::zero(),
            terms: vec![(F::one(), value)],
        }
    }

    /// The value, when no part of it is hidden.
    pub fn as_public(&self) -> Option<F> {
        self.terms.is_empty().then_some(self.constant)
    }

    /// `self · other`, a degree-2 expression.
    pub fn product(&self, other: &Self) -> Quadratic<F> {
        let mut linear = Claim::public(self.constant * other.constant);
        linear
            .terms
            .extend(other.terms.iter().map(|(c, h)| (*c * self.constant, *h)));
        linear
            .terms
            .extend(self.terms.iter().map(|(c, h)| (*c * other.constant, *h)));
        let mut products = Vec::with_capacity(self.terms.len() * other.terms.len());
        for (a, h) in &self.terms {
            for (b, g) in &other.terms {
                products.push((*a * b, *h, *g));
            }
        }
        Quadratic { linear, products }
    }

    /// The value given every hidden value (indexed by handle).
    pub fn evaluate(&self, values: &[F]) -> F {
        self.terms
            .iter()
            .fold(self.constant, |acc, (c, h)| acc + *c * values[h.index()])
    }
}

impl<F: PrimeField> Claim<F> {
    /// Absorbs the claim as the verifier knows it: the constant, the number of terms, and each
    /// term's coefficient and handle. The hidden values themselves were bound when they were
    /// named (a scalar's commitment, a committed vector's opening); this binds which affine
    /// form of them is claimed.
    pub fn absorb_into(&self, label: &[u8], transcript: &mut Transcript) {
        transcript.append_field(label, &self.constant);
        transcript.append_u64(label, self.terms.len() as u64);
        for (coefficient, handle) in &self.terms {
            transcript.append_field(label, coefficient);
            transcript.append_u64(label, handle.index() as u64);
        }
    }
}

impl<F: Field> From<HiddenValue> for Claim<F> {
    fn from(value: HiddenValue) -> Self {
        Self::hidden(value)
    }
}

impl<F: Field> Add for Claim<F> {
    type Output = Self;
    fn add(mut self, other: Self) -> Self {
        self.constant += other.constant;
        self.terms.extend(other.terms);
        self
    }
}

impl<F: Field> Add<F> for Claim<F> {
    type Output = Self;
    fn add(mut self, other: F) -> Self {
        self.constant += other;
        self
    }
}

impl<F: Field> Neg for Claim<F> {
    type Output = Self;
    fn neg(mut self) -> Self {
        self.constant = -self.constant;
        for (c, _) in &mut self.terms {
            *c = -*c;
        }
        self
    }
}

impl<F: Field> Sub for Claim<F> {
    type Output = Self;
    fn sub(self, other: Self) -> Self {
        self + (-other)
    }
}

impl<F: Field> Sub<F> for Claim<F> {
    type Output = Self;
    fn sub(mut self, other: F) -> Self {
        self.constant -= other;
        self
    }
}

impl<F: Field> Mul<F> for Claim<F> {
    type Output = Self;
    fn mul(mut self, scale: F) -> Self {
        self.constant *= scale;
        for (c, _) in &mut self.terms {
            *c *= scale;
        }
        self
    }
}

/// `linear + Σ c · h_a · h_b`: an expression of degree at most 2 in hidden values, the form of
/// every deferred relation (`= 0`) the final Σ-protocol proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quadratic<F> {
    /// The affine part.
    pub linear: Claim<F>,
    /// The products, as `(coefficient, h_a, h_b)`.
    pub products: Vec<(F, HiddenValue, HiddenValue)>,
}

impl<F: Field> Quadratic<F> {
    /// The value given every hidden value (indexed by handle).
    pub fn evaluate(&self, values: &[F]) -> F {
        self.products
            .iter()
            .fold(self.linear.evaluate(values), |acc, (c, a, b)| {
                acc + *c * values[a.index()] * values[b.index()]
            })
    }

    /// The coefficients `[k₀, k₁, k₂]` of `e ↦ Q(w + e·d)`, where `at_witness` are the hidden
    /// values at `w` and `at_nonce` the same linear forms at `d` (no constants: forms are
    /// linear).
    pub fn expand(&self, at_witness: &[F], at_nonce: &[F]) -> [F; 3] {
        let mut k = [self.linear.evaluate(at_witness), F::zero(), F::zero()];
        for (c, h) in &self.linear.terms {
            k[1] += *c * at_nonce[h.index()];
        }
        for (c, a, b) in &self.products {
            let (wa, wb) = (at_witness[a.index()], at_witness[b.index()]);
            let (da, db) = (at_nonce[a.index()], at_nonce[b.index()]);
            k[0] += *c * wa * wb;
            k[1] += *c * (wa * db + da * wb);
            k[2] += *c * da * db;
        }
        k
    }
}

impl<F: Field> From<Claim<F>> for Quadratic<F> {
    fn from(linear: Claim<F>) -> Self {
        Self {
            linear,
            products: Vec::new(),
        }
    }
}

impl<F: Field> Add<Claim<F>> for Quadratic<F> {
    type Output = Self;
    fn add(mut self, other: Claim<F>) -> Self {
        self.linear = self.linear + other;
        self
    }
}

impl<F: Field> Sub<Claim<F>> for Quadratic<F> {
    type Output = Self;
    fn sub(self, other: Claim<F>) -> Self {
        self + (-other)
    }
}

impl<F: Field> Add for Quadratic<F> {
    type Output = Self;
    fn add(mut self, other: Self) -> Self {
        self.linear = self.linear + other.linear;
        self.products.extend(other.products);
        self
    }
}

impl<F: Field> Mul<F> for Quadratic<F> {
    type Output = Self;
    fn mul(mut self, scale: F) -> Self {
        self.linear = self.linear * scale;
        for (c, _, _) in &mut self.products {
            *c *= scale;
        }
        self
    }
}
