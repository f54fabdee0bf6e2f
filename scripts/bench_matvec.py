#!/usr/bin/env python3
"""Runs the four mat-vec protocols (dense, sparse, ternary SpaZK and the GKR baseline) on the
same seeded square matrices and writes docs/benchmarks.md (a table) and docs/benchmarks.svg
(prover time against size, log scale). Generated output: never edit it by hand.

Usage: python3 scripts/bench_matvec.py [--sizes 10,11,12,13] [--densities 1/16,1/4,1]
                                       [--threads 1] [--samples 3] [--out docs/benchmarks.md]
Needs only the Python standard library and cargo.
"""
import argparse
import datetime
import json
import math
import os
from machine_info import machine
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROTOCOLS = ["dense", "sparse", "ternary", "gkr"]
COLOURS = {"dense": "#d62728", "sparse": "#ff7f0e", "ternary": "#2ca02c", "gkr": "#1f77b4"}


def run(log_size, density, threads, samples):
    cmd = ["cargo", "run", "--quiet", "--release", "-p", "spazk-cli", "--", "bench", "matvec",
           f"--log-size={log_size}", f"--density={density}", f"--samples={samples}", "--json",
           "--protocols=" + ",".join(PROTOCOLS)]
    if threads:
        cmd.append(f"--threads={threads}")
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def svg_plot(rows, densities, sizes):
    width, height, margin = 760, 420, 70
    times = [r["prove_ms"] for r in rows if "prove_ms" in r and r["prove_ms"] > 0]
    lo = 10 ** math.floor(math.log10(min(times)))
    hi = 10 ** math.ceil(math.log10(max(times)))
    xs = {k: margin + i * (width - 2 * margin) / max(1, len(sizes) - 1) for i, k in enumerate(sizes)}

    def y(ms):
        return height - margin - (math.log10(ms) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * (height - 2 * margin)

    dashes = {d: ["", "6,3", "2,3"][i % 3] for i, d in enumerate(densities)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">Mat-vec prover time (log scale) vs matrix size 2^K × 2^K</text>']
    decade = lo
    while decade <= hi:
        parts.append(f'<line x1="{margin}" x2="{width - margin}" y1="{y(decade):.1f}" y2="{y(decade):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{margin - 6}" y="{y(decade) + 4:.1f}" text-anchor="end">{decade:g} ms</text>')
        decade *= 10
    for k, x in xs.items():
        parts.append(f'<text x="{x:.1f}" y="{height - margin + 18}" text-anchor="middle">K = {k}</text>')
    for d in densities:
        for p in PROTOCOLS:
            pts = [(xs[r["log_size"]], y(r["prove_ms"])) for r in rows
                   if r["protocol"] == p and r["density_label"] == d and r.get("prove_ms", 0) > 0]
            if not pts:
                continue
            path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in pts)
            dash = f' stroke-dasharray="{dashes[d]}"' if dashes[d] else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[p]}" stroke-width="2"{dash}/>')
            for x, yy in pts:
                parts.append(f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3" fill="{COLOURS[p]}"/>')
    ly = margin
    for p in PROTOCOLS:
        parts.append(f'<rect x="{width - margin + 8}" y="{ly - 9}" width="10" height="10" fill="{COLOURS[p]}"/><text x="{width - margin + 22}" y="{ly}">{p}</text>')
        ly += 16
    for d in densities:
        dash = f' stroke-dasharray="{dashes[d]}"' if dashes[d] else ""
        parts.append(f'<line x1="{width - margin + 8}" x2="{width - margin + 30}" y1="{ly - 4}" y2="{ly - 4}" stroke="black"{dash}/><text x="{width - margin + 34}" y="{ly}">d={d}</text>')
        ly += 16
    parts.append("</svg>")
    return "\n".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,11,12,13")
    ap.add_argument("--densities", default="1/16,1/4,1")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--samples", type=int, default=3)
    ap.add_argument("--out", default="docs/benchmarks.md")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    densities = args.densities.split(",")
    rows = []
    for d in densities:
        for k in sizes:
            for r in run(k, d, args.threads, args.samples):
                r["density_label"] = d
                rows.append(r)

    out = os.path.join(ROOT, args.out)
    svg_name = os.path.splitext(os.path.basename(out))[0] + ".svg"
    with open(os.path.join(os.path.dirname(out), svg_name), "w") as f:
        f.write(svg_plot(rows, densities, sizes))
    threads = rows[0].get("threads", "?") if rows else "?"
    lines = [
        "# Mat-vec benchmarks",
        "",
        "Generated by `python3 scripts/bench_matvec.py "
        + f"--sizes {args.sizes} --densities {args.densities} --threads {args.threads} --samples {args.samples}`"
        + f" on {datetime.date.today().isoformat()}. Do not edit by hand.",
        "",
        f"Machine: {machine()}. Threads per run: {threads}. Medians of {args.samples} samples; each protocol runs in its own process.",
        "",
        "`prove_ms` excludes generating the seeded matrix and computing the statement (for GKR: evaluating the circuit, shown as `witness_ms`).",
        "`verify_ms` includes evaluating W̃ from the public matrix (SpaZK) or the wiring predicates and input MLE (GKR).",
        "",
        f"![prover time](./{svg_name})",
        "",
        "| K | density | protocol | nnz | prove ms | verify ms | proof bytes | peak RSS MiB | ternary speed-up |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for d in densities:
        for k in sizes:
            group = [r for r in rows if r["log_size"] == k and r["density_label"] == d]
            ternary = next((r["prove_ms"] for r in group if r["protocol"] == "ternary" and "prove_ms" in r), None)
            for r in group:
                if "skipped" in r:
                    lines.append(f"| {k} | {d} | {r['protocol']} | | skipped: {r['skipped']} | | | | |")
                    continue
                speedup = f"{r['prove_ms'] / ternary:.0f}×" if ternary and r["protocol"] != "ternary" else ""
                lines.append(f"| {k} | {d} | {r['protocol']} | {r['nnz']} | {r['prove_ms']:.2f} | {r['verify_ms']:.2f} | "
                             f"{r['proof_bytes']} | {r['peak_rss_mib']:.0f} | {speedup} |")
    gkr = [r for r in rows if r["protocol"] == "gkr" and "layers" in r]
    if gkr:
        big = max(gkr, key=lambda r: r["log_size"])
        lines += ["", f"## Where GKR's prover time goes (K = {big['log_size']}, density {big['density_label']})", "",
                  "| layer | gates | width below | phase 1 ms | phase 2 ms |", "|---|---|---|---|---|"]
        for l in big["layers"]:
            lines.append(f"| {l['layer']} | {l['gates']} | {l['width_below']} | {l['phase1_ms']:.1f} | {l['phase2_ms']:.1f} |")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
