#!/usr/bin/env bash
# Regenerates the golden proof fixtures from the shipped model and first input:
#   fixtures/model.spzc          the model commitment (its digest in fixtures/model.digest)
#   fixtures/proof-0.spzp        the proof of fixtures/input-0.json
#   fixtures/proof-0.output.json the outputs the proof is about
# The CLI tests check that today's verifier accepts them and that proving again gives the same
# bytes (the proof format is stable and the prover deterministic). Run after a deliberate format
# change, never edit the files by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
spazk=(cargo run --quiet --release -p spazk-cli --)
"${spazk[@]}" commit --transparent --model fixtures/mnist-784-512-10.onnx --out fixtures/model.spzc > fixtures/model.digest
"${spazk[@]}" prove --model fixtures/mnist-784-512-10.onnx --input fixtures/input-0.json \
  --output fixtures/proof-0.output.json --proof fixtures/proof-0.spzp
"${spazk[@]}" verify --commitment fixtures/model.spzc --input fixtures/input-0.json \
  --output fixtures/proof-0.output.json --proof fixtures/proof-0.spzp \
  --expect-digest "$(cat fixtures/model.digest)"
