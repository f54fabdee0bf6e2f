"""docs/python_example.py runs end to end: trains, exports, calibrates, commits, proves, verifies."""

import runpy

import pytest


def test_python_example_trains_with_numpy_and_exports_torch_style_onnx(root, capsys):
    # CI installs onnx (.ci/run), so this never skips there.
    pytest.importorskip("onnx")
    example = runpy.run_path(str(root / "docs" / "python_example.py"))
    digest = example["main"]()
    out = capsys.readouterr().out
    assert "trained (numpy)" in out
    assert "verified" in out and "forged output rejected" in out
    assert len(digest) == 64


@pytest.mark.filterwarnings("ignore:Stochastic Optimizer")
def test_python_example_trains_with_sklearn(root, capsys):
    pytest.importorskip("sklearn")
    pytest.importorskip("skl2onnx")
    example = runpy.run_path(str(root / "docs" / "python_example.py"))
    example["main"]("sklearn")
    out = capsys.readouterr().out
    assert "trained (sklearn)" in out and "verified" in out
