#!/usr/bin/env python3
"""Measures zero-knowledge proofs against transparent ones with the same binary in the same run
(`spazk bench mlp`, with and without `--zk`, alternating) and writes the table into README.md
between the markers `<!-- zk-figures:begin -->` and `<!-- zk-figures:end -->`. Generated output:
never edit the table by hand.

Usage: python3 scripts/zk_figures.py [--configs 784-4096-10:1,784-4096-10:16,784-4096-4096-10:1]
                                     [--rounds 3] [--samples 3] [--readme README.md]
Needs only the Python standard library and cargo. Each (model, batch, threads) configuration is
measured `rounds` times, transparent and ZK alternating, and the medians are reported.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

from machine_info import machine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = "<!-- zk-figures:begin -->"
END = "<!-- zk-figures:end -->"


def bench(binary, arch, batch, threads, samples, zk):
    cmd = [binary, "bench", "mlp", f"--arch={arch}", f"--batch={batch}",
           f"--samples={samples}", "--json"]
    if threads:
        cmd.append(f"--threads={threads}")
    if zk:
        cmd.append("--zk")
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    (row,) = rows
    if row.get("zk") is not zk:
        sys.exit(f"bench row has zk={row.get('zk')!r}, expected {zk}")
    if not row.get("verified"):
        sys.exit(f"proof did not verify: {row}")
    return row


def measure(binary, arch, batch, threads, rounds, samples):
    runs = {False: [], True: []}
    for _ in range(rounds):
        for zk in (False, True):
            runs[zk].append(bench(binary, arch, batch, threads, samples, zk))

    def median(zk, key):
        return statistics.median(r[key] for r in runs[zk])

    return {
        "arch": arch,
        "batch": batch,
        "threads": runs[False][0]["threads"],
        "prove": (median(False, "prove_ms"), median(True, "prove_ms")),
        "precompute": median(True, "precompute_ms"),
        "verify": (median(False, "verify_ms"), median(True, "verify_ms")),
        "proof": (median(False, "proof_bytes"), median(True, "proof_bytes")),
    }


def table(results):
    lines = [
        f"Measured by `scripts/zk_figures.py` on {machine()}: `spazk bench mlp` (seeded ternary weights, "
        "density 1/16), transparent and zero-knowledge alternating in one run, medians. "
        "`prove_ms` excludes the one-time weight commitment and includes every advice commitment "
        "and, for ZK, everything that depends on the input; the input-independent part (the "
        "mask, the Σ-protocol's nonces, blinds and their commitments: `precompute_ms`, a nonce "
        "pool filled before the input arrives, each entry used once) is listed apart.",
        "",
        "| model | batch | threads | prove: transparent → ZK (ratio) | ZK precomputed | verify: transparent → ZK (ratio) | proof: transparent → ZK |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        (pt, pz), (vt, vz), (bt, bz) = r["prove"], r["verify"], r["proof"]
        lines.append(
            f"| {r['arch']} | {r['batch']} | {r['threads']} | {pt:.1f} → {pz:.1f} ms ({pz / pt:.2f}×) "
            f"| {r['precompute']:.1f} ms "
            f"| {vt:.1f} → {vz:.1f} ms ({vz / vt:.2f}×) | {bt / 1024:.0f} → {bz / 1024:.0f} KiB |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", default="784-4096-10:1,784-4096-10:16,784-4096-4096-10:1")
    parser.add_argument("--threads", default="1,0", help="thread counts; 0 = one per core")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "spazk-cli"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "spazk")
    results = []
    for config in args.configs.split(","):
        arch, batch = config.split(":")
        for threads in (int(t) for t in args.threads.split(",")):
            results.append(measure(binary, arch, int(batch), threads or None, args.rounds, args.samples))

    with open(args.readme) as f:
        readme = f.read()
    if BEGIN not in readme or END not in readme:
        sys.exit(f"{args.readme} has no {BEGIN} … {END} block")
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(args.readme, "w") as f:
        f.write(head + BEGIN + "\n" + table(results) + "\n" + END + tail)
    print(table(results))


if __name__ == "__main__":
    main()
