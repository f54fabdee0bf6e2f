//! The arithmetic the activation's checks are written in, for field values (the transparent
//! verifier, the prover's rows) and for claims over hidden values (the zero-knowledge
//! verifier and prover, whose products become degree-2 relations): each check is written once,
//! generic over [`Linear`] / [`WithProducts`].

use ark_bn254::Fr;
use ark_ff::One;
use core::ops::{Add, Mul, Sub};
use spazk_sumcheck::hidden::{Claim, Quadratic};

/// Affine combinations: what a value known as a field element or as a [`Claim`] supports.
pub(crate) trait Linear:
    Clone
    + Add<Output = Self>
    + Sub<Output = Self>
    + Add<Fr, Output = Self>
    + Sub<Fr, Output = Self>
    + Mul<Fr, Output = Self>
{
    /// `1 − self`.
    fn one_minus(&self) -> Self;
}

/// Values that can also be multiplied, into a degree-2 [`Self::Product`].
pub(crate) trait WithProducts: Linear {
    /// A degree-2 expression (a field element, or a [`Quadratic`] over hidden values).
    type Product: Add<Output = Self::Product> + Mul<Fr, Output = Self::Product>;

    /// `self − a·b`.
    fn minus_product(self, a: &Self, b: &Self) -> Self::Product;
}

impl Linear for Fr {
    fn one_minus(&self) -> Self {
        Fr::one() - self
    }
}

impl WithProducts for Fr {
    type Product = Fr;

    fn minus_product(self, a: &Self, b: &Self) -> Fr {
        self - *a * b
    }
}

impl Linear for Claim<Fr> {
    fn one_minus(&self) -> Self {
        Claim::public(Fr::one()) - self.clone()
    }
}

impl WithProducts for Claim<Fr> {
    type Product = Quadratic<Fr>;

    fn minus_product(self, a: &Self, b: &Self) -> Quadratic<Fr> {
        a.product(b) * -Fr::one() + self
    }
}
