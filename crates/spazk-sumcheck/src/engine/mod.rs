//! Building blocks every sumcheck instance in the workspace shares.

pub mod split_eq;

pub use split_eq::SplitEq;
