//! Holder crate for the workspace benchmark suite (`cargo bench -p spazk-benches`): the benches
//! live beside this file and compare protocols on the same seeded inputs.
#![deny(unsafe_code)]
