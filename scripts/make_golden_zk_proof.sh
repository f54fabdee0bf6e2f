#!/usr/bin/env bash
# Regenerates the golden zero-knowledge fixtures from the shipped model and first input, under
# the fixed, public seed of crates/spazk-cli/tests/golden_zk.rs (a test-only generator built
# with the `insecure-deterministic` feature: these files hide nothing from whoever reads the
# seed, they pin the formats and the provers' use of randomness):
#   fixtures/zk-model.spzc           the hiding model commitment (digest in fixtures/zk-model.digest)
#   fixtures/zk-proof-0.spzp         the zero-knowledge proof of fixtures/input-0.json
#   fixtures/zk-proof-0.output.json  the outputs the proof is about
# The CLI tests check that today's verifier accepts them and that committing and proving again
# under the seed gives the same bytes. Run after a deliberate format or prover change, never
# edit the files by hand. The transparent fixtures are scripts/make_golden_proof.sh's.
set -euo pipefail
cd "$(dirname "$0")/.."
SPAZK_WRITE_GOLDEN_ZK=1 cargo test --quiet --release -p spazk-cli --test golden_zk -- \
  --ignored --exact write_golden_zk_fixtures
cargo run --quiet --release -p spazk-cli -- verify --commitment fixtures/zk-model.spzc \
  --input fixtures/input-0.json --output fixtures/zk-proof-0.output.json \
  --proof fixtures/zk-proof-0.spzp --expect-digest "$(cat fixtures/zk-model.digest)"
