//! Holder crate for the workspace benchmark suite (`cargo bench -p spazk-benches`): the benches
//! live beside this file and compare protocols on the same seeded inputs.
//!
//! May depend on: the facade `spazk` (and `criterion`, a dev-dependency). Nothing depends on it.
#![deny(unsafe_code)]
