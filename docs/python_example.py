"""SpaZK from Python, end to end: calibrate, commit, prove and verify a small MLP.

Run it after `pip install ./python` (from the repository's root):

    python docs/python_example.py

The model is a scikit-learn MLPClassifier on the 8×8 digits, exported by skl2onnx
(fixtures/exporters/sklearn_classifier.onnx), so neither scikit-learn nor skl2onnx is needed.
With them installed, `python docs/python_example.py --train` trains and exports a new one first.
The test suite runs this script (python/tests/test_example.py).
"""

import json
import pathlib
import sys
import tempfile

import numpy as np

import spazk

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "exporters"


def train_model(path: pathlib.Path) -> np.ndarray:
    """Trains an MLP on the digits, writes its ONNX export to `path`; returns samples in [0, 1]."""
    from skl2onnx import to_onnx
    from sklearn.datasets import load_digits
    from sklearn.neural_network import MLPClassifier

    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32)
    clf = MLPClassifier(hidden_layer_sizes=(16,), max_iter=300, random_state=0).fit(x, y)
    path.write_bytes(to_onnx(clf, x[:1], options={"zipmap": False}).SerializeToString())
    return x.astype(np.float64)


def main(train: bool = False) -> str:
    """The walk-through; returns the verified model digest."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="spazk-example-"))

    # 1. A model and sample data: 500 held-back digits, each 64 pixels in [0, 1].
    if train:
        model = work / "model.onnx"
        samples = train_model(model)[:500]
    else:
        model = FIXTURES / "sklearn_classifier.onnx"
        calib = json.loads((FIXTURES / "sklearn_classifier.calib.json").read_text())
        samples = np.array(calib["input_data"])
    print(f"model {model.name}, samples {samples.shape}")

    # 2. Calibrate: ternarize the float weights (threshold 0.7·mean|w|) and choose each hidden
    #    layer's shift on the samples. The settings (JSON bytes) go with the model from now on.
    settings = spazk.calibrate(model, samples, ternarize=0.7, out=work / "settings.json")
    print("calibration:", json.loads(settings)["calibration"]["argmax_agreement"])

    # 3. Commit to the weights once; the digest is what a verifier pins.
    commitment = spazk.commit(model, settings=settings, out=work / "model.spzc")
    digest = spazk.digest(commitment)
    print("model digest:", digest)

    # 4. Prove inference on a batch of 4 inputs: integer logits and the proof's bytes.
    x = samples[:4]
    logits, proof = spazk.prove(model, x, settings=settings, output=work / "output.json")
    print("predicted classes:", logits.argmax(axis=1), f"proof {len(proof)} bytes")

    # 5. Verify (the verifier needs only the commitment, the inputs, the logits and the proof).
    assert spazk.verify(commitment, x, logits, proof, expect_digest=digest) == digest
    print("verified")

    # 6. A changed logit is caught.
    forged = logits.copy()
    forged[0, 0] += 1
    try:
        spazk.verify(commitment, x, forged, proof)
        raise AssertionError("a forged output was accepted")
    except spazk.ProofRejected as e:
        print("forged output rejected:", str(e)[:60], "…")
    return digest


if __name__ == "__main__":
    main(train="--train" in sys.argv)
