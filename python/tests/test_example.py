"""docs/python_example.py runs end to end."""

import runpy

import pytest


def test_python_example(root, capsys):
    example = runpy.run_path(str(root / "docs" / "python_example.py"))
    digest = example["main"]()
    out = capsys.readouterr().out
    assert "verified" in out and "forged output rejected" in out
    assert len(digest) == 64


@pytest.mark.filterwarnings("ignore:Stochastic Optimizer")
def test_python_example_trains_with_sklearn(root, capsys):
    pytest.importorskip("sklearn")
    pytest.importorskip("skl2onnx")
    example = runpy.run_path(str(root / "docs" / "python_example.py"))
    example["main"](train=True)
    assert "verified" in capsys.readouterr().out
