#!/usr/bin/env python3
"""SpaZK vs EZKL on the same ONNX models, same inputs, same machine, one run.

For each architecture it builds one MLP with seeded ternary weights at a density (Gemm + Relu, as
PyTorch exports), one input.json, and then runs
* EZKL 23.0.5 with its documented defaults: gen-settings (public input and output, fixed weights),
  calibrate-settings for "resources", compile, local SRS generation (gen_srs), setup, witness,
  prove, verify;
* `spazk commit`, `spazk prove`, `spazk verify` on the same files.
Every step runs in a child process whose wall time and peak RSS are measured here (os.wait4).
Both systems' outputs are checked against plain inference (EZKL's dequantized outputs against the
float model, ours against `spazk infer`). Architectures EZKL cannot fit in memory are estimated
from its settings (2^logrows rows) and skipped with the reason.

Writes docs/compare-ezkl.md (table + SVG bar chart, generated: never edit by hand) and
docs/compare-ezkl.json (raw figures).

Usage: python3 scripts/compare_ezkl.py [--quick] [--archs 784-512-10,...] [--density 0.0625]
It creates its own virtualenv (target/compare-venv) from scripts/requirements-compare.txt.
"""
import argparse
import datetime
import json
import os
from machine_info import machine
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "compare-venv")
DEFAULT_ARCHS = ["784-512-10", "784-1024-10", "784-2048-10", "784-1024-1024-10", "784-4096-10"]
# EZKL's peak memory per circuit row before anything is measured (784-512-10 here: 2.4 GiB at
# 2^18 rows); once an architecture has run, its measured peak is scaled instead.
BYTES_PER_ROW = 9700


def ensure_venv():
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print(f"creating {VENV}", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "-r",
                        os.path.join(ROOT, "scripts", "requirements-compare.txt")], check=True)
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


def available_gib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 2**20
    return 0.0




def run_child(cmd, cwd=None):
    """Runs cmd; returns (seconds, the child's own peak RSS in MiB from wait4, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read pipes to the end, then reap with wait4 for this child's rusage.
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, out.decode()


def build_model(arch, density, seed, path):
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    widths = [int(w) for w in arch.split("-")]
    rng = np.random.default_rng(seed)
    nodes, inits, prev, shifts = [], [], "input", {}
    weights = []
    for i, (n_in, n_out) in enumerate(zip(widths, widths[1:])):
        t = np.zeros((n_out, n_in), np.float32)
        mask = rng.random((n_out, n_in)) < density
        t[mask] = rng.choice([-1.0, 1.0], size=mask.sum())
        scale = np.float32(1.0 / max(1.0, np.sqrt(density * n_in)))
        w = (t * scale).astype(np.float32)
        b = np.zeros(n_out, np.float32)
        weights.append((w, b))
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        out = f"z{i}" if i + 2 < len(widths) else "logits"
        nodes.append(helper.make_node("Gemm", [prev, f"w{i}", f"b{i}"], [out], name=f"fc{i}", transB=1))
        if i + 2 < len(widths):
            nodes.append(helper.make_node("Relu", [out], [f"a{i}"], name=f"relu{i}"))
            prev = f"a{i}"
            typical = max(1.0, np.sqrt(density * n_in)) * 128 * 2
            shifts[f"spazk.shift.{i}"] = str(max(1, int(np.ceil(np.log2(typical))) - 8))
    graph = helper.make_graph(
        nodes, "mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, widths[0]])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, widths[-1]])],
        initializer=inits)
    model = helper.make_model(graph, producer_name="spazk compare_ezkl.py",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    helper.set_model_props(model, shifts)
    onnx.save(model, path)
    pixels = rng.integers(0, 256, widths[0])
    x = (pixels / 255.0).astype(np.float64)
    h = x.astype(np.float32)
    for i, (w, b) in enumerate(weights):
        h = h @ w.T + b
        if i + 1 < len(weights):
            h = np.maximum(h, 0)
    return [float(v) for v in x], [float(v) for v in h]


EZKL_STEPS = ["gen_settings", "calibrate", "compile", "gen_srs", "setup", "witness", "prove", "verify"]


def ezkl_worker(directory, step):
    """One EZKL step in this process (run as a child so that its memory is measured alone)."""
    import asyncio
    import ezkl

    def p(name):
        return os.path.join(directory, name)

    def wait(value):
        return asyncio.run(value) if asyncio.iscoroutine(value) else value

    if step == "gen_settings":
        args = ezkl.PyRunArgs()
        args.input_visibility = "public"
        args.output_visibility = "public"
        args.param_visibility = "fixed"
        assert wait(ezkl.gen_settings(p("model.onnx"), p("settings.json"), py_run_args=args))
    elif step == "calibrate":
        assert wait(ezkl.calibrate_settings(p("input.json"), p("model.onnx"), p("settings.json"), "resources"))
    elif step == "compile":
        assert wait(ezkl.compile_circuit(p("model.onnx"), p("model.compiled"), p("settings.json")))
    elif step == "gen_srs":
        with open(p("settings.json")) as f:
            logrows = json.load(f)["run_args"]["logrows"]
        wait(ezkl.gen_srs(p("kzg.srs"), logrows))
    elif step == "setup":
        assert wait(ezkl.setup(p("model.compiled"), p("vk.key"), p("pk.key"), p("kzg.srs")))
    elif step == "witness":
        wait(ezkl.gen_witness(p("input.json"), p("model.compiled"), p("witness.json")))
    elif step == "prove":
        wait(ezkl.prove(p("witness.json"), p("model.compiled"), p("pk.key"), p("proof.json"), p("kzg.srs")))
    elif step == "verify":
        assert wait(ezkl.verify(p("proof.json"), p("settings.json"), p("vk.key"), p("kzg.srs")))


def ezkl_outputs(directory):
    import ezkl
    with open(os.path.join(directory, "witness.json")) as f:
        witness = json.load(f)
    with open(os.path.join(directory, "settings.json")) as f:
        settings = json.load(f)
    scale = settings["model_output_scales"][0]
    return [ezkl.felt_to_float(v, scale) for v in witness["outputs"][0]]


def run_ezkl(directory, memory_limit_gib, measured_peaks):
    row = {"steps_s": {}, "peak_rss_mib": 0.0}
    me = os.path.abspath(__file__)
    for step in EZKL_STEPS:
        if step == "setup":
            with open(os.path.join(directory, "settings.json")) as f:
                logrows = json.load(f)["run_args"]["logrows"]
            row["logrows"] = logrows
            if measured_peaks:
                rows_seen, peak_mib = max(measured_peaks)
                estimate = peak_mib / 1024 * 2 ** (logrows - rows_seen)
            else:
                estimate = (2 ** logrows) * BYTES_PER_ROW / 2**30
            row["estimated_gib"] = estimate
            if estimate > memory_limit_gib:
                row["skipped"] = (f"2^{logrows} rows need about {estimate:.1f} GiB, "
                                  f"{memory_limit_gib:.1f} GiB available")
                return row
        seconds, rss, _ = run_child([sys.executable, me, "--ezkl-worker", directory, step])
        row["steps_s"][step] = seconds
        row["peak_rss_mib"] = max(row["peak_rss_mib"], rss)
        print(f"    ezkl {step}: {seconds:.1f} s, {rss:.0f} MiB", file=sys.stderr, flush=True)
    for name in ["proof.json", "pk.key", "vk.key"]:
        row[f"{name.split('.')[0]}_bytes"] = os.path.getsize(os.path.join(directory, name))
    row["outputs"] = ezkl_outputs(directory)
    return row


def run_spazk(directory, spazk):
    row = {"steps_s": {}, "peak_rss_mib": 0.0}
    p = lambda name: os.path.join(directory, name)
    steps = {
        "commit": [spazk, "commit", "--model", p("model.onnx"), "--out", p("model.spzc"),
                   "--transparent", "--json"],
        "prove": [spazk, "prove", "--model", p("model.onnx"), "--input", p("input.json"),
                  "--output", p("output.json"), "--proof", p("proof.spzp"), "--json"],
        "verify": [spazk, "verify", "--commitment", p("model.spzc"), "--input", p("input.json"),
                   "--output", p("output.json"), "--proof", p("proof.spzp"), "--json"],
    }
    for step, cmd in steps.items():
        seconds, rss, out = run_child(cmd)
        row["steps_s"][step] = seconds
        row["peak_rss_mib"] = max(row["peak_rss_mib"], rss)
        row[f"{step}_json"] = json.loads(out.strip().splitlines()[-1])
        print(f"    spazk {step}: {seconds * 1e3:.0f} ms, {rss:.0f} MiB", file=sys.stderr, flush=True)
    row["proof_bytes"] = os.path.getsize(p("proof.spzp"))
    row["commitment_bytes"] = os.path.getsize(p("model.spzc"))
    with open(p("output.json")) as f:
        row["outputs"] = json.load(f)["output_data"][0]
    _, _, inferred = run_child([spazk, "infer", "--model", p("model.onnx"), "--input", p("input.json")])
    row["matches_plain_inference"] = json.loads(inferred)["output_data"][0] == row["outputs"]
    return row


def svg_chart(rows):
    width, height, left, bottom = 720, 360, 150, 40
    items = [r for r in rows if "ezkl_prove_s" in r]
    if not items:
        return "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"
    import math
    top = max(r["ezkl_prove_s"] for r in items)
    low = min(r["spazk_prove_s"] for r in items)
    lo, hi = math.floor(math.log10(low)), math.ceil(math.log10(top))
    scale = (width - left - 20) / (hi - lo)
    bar = 12
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' font-family='sans-serif' font-size='12'>",
             f"<text x='{left}' y='16'>prover time per model, log scale (seconds)</text>"]
    for k in range(lo, hi + 1):
        x = left + (k - lo) * scale
        parts.append(f"<line x1='{x:.0f}' y1='24' x2='{x:.0f}' y2='{height - bottom}' stroke='#ddd'/>")
        parts.append(f"<text x='{x:.0f}' y='{height - bottom + 14}' text-anchor='middle'>1e{k}</text>")
    for i, r in enumerate(items):
        y = 34 + i * (3 * bar + 8)
        parts.append(f"<text x='{left - 6}' y='{y + bar + 4}' text-anchor='end'>{r['arch']}</text>")
        for j, (key, colour) in enumerate([("ezkl_prove_s", "#1f77b4"), ("spazk_prove_s", "#2ca02c")]):
            w = max(1.0, (math.log10(r[key]) - lo) * scale)
            parts.append(f"<rect x='{left}' y='{y + j * (bar + 2)}' width='{w:.1f}' height='{bar}' fill='{colour}'/>")
    parts.append(f"<rect x='{width - 170}' y='{height - 30}' width='10' height='10' fill='#1f77b4'/><text x='{width - 155}' y='{height - 21}'>EZKL prove</text>")
    parts.append(f"<rect x='{width - 80}' y='{height - 30}' width='10' height='10' fill='#2ca02c'/><text x='{width - 65}' y='{height - 21}'>SpaZK prove</text>")
    parts.append("</svg>")
    return "\n".join(parts)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--ezkl-worker":
        ezkl_worker(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="only 784-512-10")
    ap.add_argument("--archs", default=",".join(DEFAULT_ARCHS))
    ap.add_argument("--density", type=float, default=1 / 16)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--workdir", default=os.path.join(ROOT, "target", "compare-ezkl"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "compare-ezkl.md"))
    args = ap.parse_args()
    ensure_venv()
    archs = ["784-512-10"] if args.quick else args.archs.split(",")

    print("+ building spazk (release)", file=sys.stderr, flush=True)
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "spazk-cli"], cwd=ROOT, check=True)
    spazk = os.path.join(ROOT, "target", "release", "spazk")
    import ezkl  # noqa: F401  (fail early if the venv lacks it)

    rows, peaks = [], []
    for arch in archs:
        print(f"+ {arch}", file=sys.stderr, flush=True)
        directory = os.path.join(args.workdir, arch)
        os.makedirs(directory, exist_ok=True)
        x, float_out = build_model(arch, args.density, args.seed, os.path.join(directory, "model.onnx"))
        with open(os.path.join(directory, "input.json"), "w") as f:
            json.dump({"input_data": [x]}, f)
        row = {"arch": arch, "density": args.density, "float_outputs": float_out}
        row["spazk"] = run_spazk(directory, spazk)
        row["spazk_prove_s"] = row["spazk"]["steps_s"]["prove"]
        try:
            row["ezkl"] = run_ezkl(directory, available_gib() * 0.9, peaks)
        except RuntimeError as e:
            row["ezkl"] = {"error": str(e)[-500:]}
        ez = row["ezkl"]
        if "prove" in ez.get("steps_s", {}):
            row["ezkl_prove_s"] = ez["steps_s"]["prove"]
            import numpy as np
            row["ezkl_matches_float"] = bool(np.argmax(ez["outputs"]) == np.argmax(float_out))
            row["speedup"] = row["ezkl_prove_s"] / row["spazk_prove_s"]
            peaks.append((ez["logrows"], ez["peak_rss_mib"]))
        rows.append(row)

    raw = {"generated": datetime.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
           "ezkl_version": "23.0.5", "rows": rows}
    json_path = os.path.splitext(args.out)[0] + ".json"
    with open(json_path, "w") as f:
        json.dump(raw, f, indent=1)
    svg_path = os.path.splitext(args.out)[0] + ".svg"
    with open(svg_path, "w") as f:
        f.write(svg_chart(rows))

    cmd = "python3 scripts/compare_ezkl.py" + (" --quick" if args.quick else f" --archs {','.join(archs)}")
    lines = [
        "# SpaZK vs EZKL",
        "",
        f"Generated by `{cmd}` on {raw['generated'][:10]}. Do not edit by hand; raw figures in "
        f"[`{os.path.basename(json_path)}`]({os.path.basename(json_path)}).",
        "",
        f"Machine: {raw['machine']}. Both systems use their default thread counts; every step runs in "
        "its own process, wall time and peak RSS measured by the script.",
        "",
        "Visibility: **EZKL** 23.0.5 defaults — public input and output, weights fixed in the circuit, "
        "blinded (zero-knowledge) proof, KZG with a locally generated SRS, calibrated for resources. "
        "**SpaZK** — public input and output, committed weights (Hyrax), proofs **not** zero-knowledge.",
        "",
        f"Models: seeded ternary weights at density {args.density:g} (one scale per tensor), zero "
        "biases, Gemm + Relu; one input of random pixels.",
        "",
        f"![prover time]({os.path.basename(svg_path)})",
        "",
        "| model | EZKL setup s | EZKL prove s | EZKL verify s | EZKL peak RSS MiB | EZKL proof B | EZKL pk B "
        "| SpaZK commit ms | SpaZK prove ms | SpaZK verify ms | SpaZK peak RSS MiB | SpaZK proof B | commitment B "
        "| prove speed-up | memory ratio | outputs agree |",
        "|" + "---|" * 16,
    ]
    for r in rows:
        sp, ez = r["spazk"], r["ezkl"]
        s = sp["steps_s"]
        ours = (f"{s['commit'] * 1e3:.0f} | {s['prove'] * 1e3:.0f} | {s['verify'] * 1e3:.0f} | "
                f"{sp['peak_rss_mib']:.0f} | {sp['proof_bytes']} | {sp['commitment_bytes']}")
        agree = "spazk " + ("yes" if sp["matches_plain_inference"] else "NO")
        if "prove" in ez.get("steps_s", {}):
            e = ez["steps_s"]
            theirs = (f"{e['setup']:.1f} | {e['prove']:.1f} | {e['verify']:.2f} | {ez['peak_rss_mib']:.0f} | "
                      f"{ez['proof_bytes']} | {ez['pk_bytes']}")
            extra = f"{r['speedup']:.0f}× | {ez['peak_rss_mib'] / sp['peak_rss_mib']:.0f}×"
            agree += ", ezkl " + ("yes" if r["ezkl_matches_float"] else "NO")
        else:
            reason = ez.get("skipped") or ez.get("error", "not run")
            theirs = f"skipped: {reason} | | | | | "
            extra = " | "
        lines.append(f"| {r['arch']} | {theirs} | {ours} | {extra} | {agree} |")
    lines += ["", "EZKL's proof size is its `proof.json` file (hex-encoded proof and instances); its proving key "
              "is `pk.key`. SpaZK's sizes are the binary proof and commitment files.", "",
              "Prove times include everything after the one-time setup/commitment: EZKL's `prove` step "
              "(witness generation listed separately in the JSON), SpaZK's `prove` command (inference, "
              "advice commitments, proof; it re-commits the weights, counted in its wall time).", ""]
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
