"""The same failures give the same messages as the `spazk` command, and the two interoperate."""

import json
import subprocess

import numpy as np
import pytest

import spazk


def cli(spazk_bin, *args):
    """Runs `spazk`; returns (exit code, stderr's `spazk: ` message or '')."""
    run = subprocess.run([spazk_bin, *map(str, args)], capture_output=True, text=True)
    last = [line for line in run.stderr.splitlines() if line.startswith("spazk: ")]
    return run.returncode, (last[-1][len("spazk: "):] if last else "")


@pytest.fixture(scope="module")
def files(classifier, samples, tmp_path_factory):
    """Settings, transparent commitment, input, output and proof files written by Python."""
    d = tmp_path_factory.mktemp("parity")
    (d / "calib.json").write_text(json.dumps({"input_data": samples.tolist()}))
    spazk.calibrate(classifier, d / "calib.json", ternarize=0.7, out=d / "settings.json")
    spazk.commit(classifier, settings=d / "settings.json", out=d / "m.spzc", transparent=True)
    (d / "input.json").write_text(json.dumps({"input_data": samples[:2].tolist()}))
    spazk.prove(classifier, d / "input.json", settings=d / "settings.json",
                output=d / "output.json", proof=d / "p.spzp")
    return d


def test_cli_verifies_what_python_proved(spazk_bin, files):
    d = files
    code, message = cli(spazk_bin, "verify", "--commitment", d / "m.spzc", "--input",
                        d / "input.json", "--output", d / "output.json", "--proof", d / "p.spzp")
    assert (code, message) == (0, "")


def test_python_verifies_what_the_cli_proved(spazk_bin, classifier, files, tmp_path):
    d = files
    code, _ = cli(spazk_bin, "prove", "--model", classifier, "--settings", d / "settings.json",
                  "--input", d / "input.json", "--output", tmp_path / "o.json",
                  "--proof", tmp_path / "p.spzp")
    assert code == 0
    assert spazk.verify(d / "m.spzc", d / "input.json", tmp_path / "o.json", tmp_path / "p.spzp")


def same_failure(spazk_bin, exc_type, call, *args):
    """`call()` raises `exc_type` with the message `spazk args…` prints, and the exit code fits."""
    code, message = cli(spazk_bin, *args)
    assert code == (1 if exc_type is spazk.ProofRejected else 2)
    with pytest.raises(exc_type) as info:
        call()
    assert str(info.value) == message


def test_same_messages(spazk_bin, classifier, files, tmp_path):
    d = files
    forged = json.loads((d / "output.json").read_text())
    forged["output_data"][0][0] += 1
    del forged["output_float"]
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    verify = ["verify", "--commitment", d / "m.spzc", "--input", d / "input.json"]
    same_failure(spazk_bin, spazk.ProofRejected,
                 lambda: spazk.verify(d / "m.spzc", d / "input.json", tmp_path / "forged.json",
                                      d / "p.spzp"),
                 *verify, "--output", tmp_path / "forged.json", "--proof", d / "p.spzp")
    same_failure(spazk_bin, spazk.ProofRejected,
                 lambda: spazk.verify(d / "m.spzc", d / "input.json", d / "output.json",
                                      tmp_path / "missing.spzp"),
                 *verify, "--output", d / "output.json", "--proof", tmp_path / "missing.spzp")
    same_failure(spazk_bin, spazk.ProofRejected,
                 lambda: spazk.verify(d / "m.spzc", d / "input.json", d / "output.json",
                                      d / "p.spzp", expect_digest="abc"),
                 *verify, "--output", d / "output.json", "--proof", d / "p.spzp",
                 "--expect-digest", "abc")
    (tmp_path / "wide.json").write_text(json.dumps({"input_data": [[0.0] * 63]}))
    same_failure(spazk_bin, spazk.BadInput,
                 lambda: spazk.infer(classifier, tmp_path / "wide.json",
                                     settings=d / "settings.json"),
                 "infer", "--model", classifier, "--settings", d / "settings.json",
                 "--input", tmp_path / "wide.json")
    same_failure(spazk_bin, spazk.BadInput,
                 lambda: spazk.commit(classifier, out=tmp_path / "x.spzc"),
                 "commit", "--model", classifier, "--out", tmp_path / "x.spzc")
    (tmp_path / "bad-settings.json").write_text('{"format": "other"}')
    same_failure(spazk_bin, spazk.BadInput,
                 lambda: spazk.commit(classifier, settings=tmp_path / "bad-settings.json",
                                      out=tmp_path / "x.spzc"),
                 "commit", "--model", classifier, "--settings", tmp_path / "bad-settings.json",
                 "--out", tmp_path / "x.spzc")
    same_failure(spazk_bin, spazk.BadInput,
                 lambda: spazk.calibrate(classifier, tmp_path / "missing.json"),
                 "calibrate", "--model", classifier, "--data", tmp_path / "missing.json",
                 "--out", tmp_path / "s.json")
