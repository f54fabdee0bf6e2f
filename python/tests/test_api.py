"""The Python API: round trips over arrays, bytes and files; rejected proofs; bad inputs."""

import json
import os
import pathlib

import numpy as np
import pytest

import spazk


@pytest.fixture(scope="module")
def settings(classifier, samples) -> bytes:
    """Settings calibrated on the samples with ternarization 0.7."""
    return spazk.calibrate(classifier, samples, ternarize=0.7)


@pytest.fixture(scope="module")
def commitment(classifier, settings) -> bytes:
    """The classifier's transparent commitment with `settings`."""
    return spazk.commit(classifier, settings=settings, transparent=True)


@pytest.fixture(scope="module")
def proved(classifier, settings, samples):
    """Inputs, logits and transparent proof of a batch of 3."""
    x = samples[:3]
    logits, proof = spazk.prove(classifier, x, settings=settings)
    return x, logits, proof


def test_exceptions_mirror_exit_codes():
    assert issubclass(spazk.SpazkError, Exception)
    assert issubclass(spazk.ProofRejected, spazk.SpazkError)
    assert issubclass(spazk.BadInput, spazk.SpazkError)
    assert not issubclass(spazk.BadInput, spazk.ProofRejected)


def test_public_items_are_documented():
    for name in spazk.__all__:
        assert getattr(spazk, name).__doc__, name


def test_stubs_and_py_typed_ship_with_the_package():
    package = pathlib.Path(spazk.__file__).parent
    assert (package / "py.typed").exists()
    stub = (package / "__init__.pyi").read_text()
    for name in spazk.__all__:
        assert f"def {name}(" in stub or f"class {name}(" in stub, name


def test_calibrate_returns_settings(settings):
    parsed = json.loads(settings)
    assert parsed["format"] == "spazk-settings"
    assert parsed["calibration"]["argmax_agreement"] >= 0.99
    assert [t["factor"] for t in parsed["ternarize"]] == [0.7, 0.7]


def test_round_trip_arrays_and_bytes(commitment, proved):
    x, logits, proof = proved
    assert logits.dtype == np.int64 and logits.shape == (3, 10)
    assert isinstance(proof, bytes) and len(proof) > 0
    digest = spazk.digest(commitment)
    assert spazk.verify(commitment, x, logits, proof) == digest
    assert spazk.verify(commitment, x, logits.tolist(), proof, expect_digest=digest.upper()) == digest


def test_infer_gives_the_proved_logits(classifier, settings, proved):
    x, logits, _ = proved
    np.testing.assert_array_equal(spazk.infer(classifier, x, settings=settings), logits)
    # One row as a 1-D array, and uint8-range integers as a list.
    np.testing.assert_array_equal(spazk.infer(classifier, x[0], settings=settings), logits[:1])


def test_round_trip_files(classifier, samples, tmp_path):
    model = tmp_path / "model.onnx"
    model.write_bytes(classifier.read_bytes())
    settings = spazk.calibrate(str(model), samples[:100], ternarize=0.7, out=tmp_path / "s.json")
    assert (tmp_path / "s.json").read_bytes() == settings
    commitment = spazk.commit(model, settings=tmp_path / "s.json", out=tmp_path / "m.spzc",
                              transparent=True)
    assert (tmp_path / "m.spzc").read_bytes() == commitment
    (tmp_path / "input.json").write_text(json.dumps({"input_data": samples[:2].tolist()}))
    logits, proof = spazk.prove(
        model,
        tmp_path / "input.json",
        settings=settings,
        output=tmp_path / "output.json",
        proof=tmp_path / "p.spzp",
    )
    written = json.loads((tmp_path / "output.json").read_text())
    assert written["output_data"] == logits.tolist()
    assert written["model_digest"] == spazk.digest(commitment)
    assert (tmp_path / "p.spzp").read_bytes() == proof
    files = [tmp_path / n for n in ("m.spzc", "input.json", "output.json", "p.spzp")]
    assert spazk.verify(*map(os.fspath, files)) == spazk.digest(tmp_path / "m.spzc")
    assert spazk.verify(*files) == spazk.digest(commitment)


def test_forged_logit_is_rejected(commitment, proved):
    x, logits, proof = proved
    forged = logits.copy()
    forged[1, 2] += 1
    with pytest.raises(spazk.ProofRejected, match=r"^proof rejected: <proof bytes>: "):
        spazk.verify(commitment, x, forged, proof)


def test_other_inputs_are_rejected(commitment, proved):
    x, logits, proof = proved
    with pytest.raises(spazk.ProofRejected):
        spazk.verify(commitment, x[::-1].copy(), logits, proof)


def test_truncated_proof_is_rejected(commitment, proved):
    x, logits, proof = proved
    with pytest.raises(spazk.ProofRejected, match="proof rejected"):
        spazk.verify(commitment, x, logits, proof[:-7])


def test_wrong_digest_is_rejected(commitment, proved):
    x, logits, proof = proved
    with pytest.raises(spazk.ProofRejected, match="is not the expected 00"):
        spazk.verify(commitment, x, logits, proof, expect_digest="00")


def test_bad_inputs(classifier, settings, commitment, proved):
    x, logits, proof = proved
    with pytest.raises(spazk.BadInput, match=r"^<input array>: input 0 has 3 values, the model takes 64$"):
        spazk.infer(classifier, x[:, :3], settings=settings)
    with pytest.raises(spazk.BadInput, match=r"<input array>: input 1, value 5 = 2 is outside \[0, 1"):
        bad = x.copy()
        bad[1, 5] = 2.0
        spazk.prove(classifier, bad, settings=settings)
    with pytest.raises(spazk.BadInput, match="a 3-dimensional array"):
        spazk.infer(classifier, x[None], settings=settings)
    with pytest.raises(spazk.BadInput, match="not an array of numbers"):
        spazk.infer(classifier, [["a"] * 64], settings=settings)
    with pytest.raises(spazk.BadInput, match="integer logits"):
        spazk.verify(commitment, x, logits.astype(float), proof)
    with pytest.raises(spazk.BadInput, match=r"<output array>: 2 outputs for 3 inputs in <input array>"):
        spazk.verify(commitment, x, logits[:2], proof)
    with pytest.raises(spazk.BadInput, match=r"^/nonexistent/m\.onnx: cannot read model: "):
        spazk.commit("/nonexistent/m.onnx", transparent=True)
    with pytest.raises(spazk.BadInput, match=r"^<settings bytes>: not a settings file"):
        spazk.commit(classifier, settings=b"{}", transparent=True)
    with pytest.raises(spazk.BadInput, match="--ternarize -1 must be a non-negative number"):
        spazk.commit(classifier, ternarize=-1.0, transparent=True)
    with pytest.raises(spazk.BadInput, match="settings cannot be used with"):
        spazk.commit(classifier, settings=settings, ternarize=0.7, transparent=True)
    with pytest.raises(spazk.BadInput, match="^<commitment bytes>: "):
        spazk.verify(b"not a commitment", x, logits, proof)
    with pytest.raises(spazk.BadInput, match="^<model bytes>: "):
        spazk.commit(b"not onnx", transparent=True)
    with pytest.raises(TypeError):
        spazk.commit(12, transparent=True)


def test_float_weights_need_ternarization(classifier):
    with pytest.raises(spazk.BadInput) as info:
        spazk.commit(classifier, transparent=True)
    assert str(info.value).startswith(str(classifier) + ": ")
