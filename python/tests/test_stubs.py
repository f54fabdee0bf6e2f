"""The type stubs match the extension (mypy's stubtest; skipped without mypy)."""

import subprocess
import sys

import pytest


def test_stubtest():
    pytest.importorskip("mypy")
    run = subprocess.run([sys.executable, "-m", "mypy.stubtest", "spazk"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
