"""Shared fixtures: the repository's files and the `spazk` binary, when built."""

import json
import os
import pathlib
import shutil

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
EXPORTERS = FIXTURES / "exporters"


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    """The repository's root."""
    return ROOT


@pytest.fixture(scope="session")
def classifier() -> pathlib.Path:
    """A skl2onnx export of an MLPClassifier on the 8×8 digits (64 → 16 → 10, float weights)."""
    return EXPORTERS / "sklearn_classifier.onnx"


@pytest.fixture(scope="session")
def samples() -> np.ndarray:
    """500 calibration samples for `classifier`, shape (500, 64), in [0, 1]."""
    data = json.loads((EXPORTERS / "sklearn_classifier.calib.json").read_text())
    return np.array(data["input_data"], dtype=np.float64)


@pytest.fixture(scope="session")
def spazk_bin():
    """The `spazk` binary (SPAZK_BIN, else target/release/spazk, else on PATH); skips without."""
    for candidate in (
        os.environ.get("SPAZK_BIN"),
        str(ROOT / "target" / "release" / "spazk"),
        shutil.which("spazk"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    if os.environ.get("SPAZK_REQUIRE_BIN"):
        pytest.fail("SPAZK_REQUIRE_BIN is set but no spazk binary was found")
    pytest.skip("no spazk binary (cargo build --release -p spazk-cli)")
