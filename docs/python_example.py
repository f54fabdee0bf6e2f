"""SpaZK from Python, end to end: train, export, calibrate, commit, prove and verify a small MLP.

Run it after `pip install ./python onnx` (from the repository's root):

    python docs/python_example.py            # numpy training, PyTorch-style ONNX export
    python docs/python_example.py --sklearn  # scikit-learn training, skl2onnx export

The default path needs only numpy and the `onnx` package: it trains a 64-32-10 MLP on 500
labelled 8×8 digits (fixtures/exporters/sklearn_classifier.calib.json) and writes the graph
`torch.onnx.export` emits for an `nn.Sequential` MLP (Flatten, Gemm(transB=1), Relu, Gemm), the
same file your PyTorch code would give. With scikit-learn and skl2onnx installed, `--sklearn`
trains an MLPClassifier and exports it with skl2onnx instead. The test suite runs both
(python/tests/test_example.py; the second only where scikit-learn is installed).
"""

import json
import pathlib
import sys
import tempfile

import numpy as np

import spazk

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "exporters"


def load_digits():
    """(train_x, train_y, test_x, test_y): 500 training and 297 held-out digits, pixels in [0, 1]."""
    train = json.loads((FIXTURES / "sklearn_classifier.calib.json").read_text())
    test = json.loads((FIXTURES / "sklearn_classifier.heldout.json").read_text())
    return (
        np.array(train["input_data"]),
        np.array(train["labels"]),
        np.array(test["input_data"]),
        np.array(test["labels"]),
    )


def train_numpy(x, y, hidden=32, steps=400, seed=0):
    """A 64-hidden-10 ReLU MLP trained by full-batch Adam on softmax cross-entropy.

    Returns [(W1, b1), (W2, b2)] with W as (out, in), as torch.nn.Linear stores it."""
    rng = np.random.default_rng(seed)
    sizes = [x.shape[1], hidden, 10]
    params = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        params.append(rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_out, fan_in)))
        params.append(np.zeros(fan_out))
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    onehot = np.eye(10)[y]
    for step in range(1, steps + 1):
        w1, b1, w2, b2 = params
        h = np.maximum(x @ w1.T + b1, 0.0)
        logits = h @ w2.T + b2
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        d_logits = (p - onehot) / len(x)
        d_h = (d_logits @ w2) * (h > 0)
        grads = [d_h.T @ x, d_h.sum(axis=0), d_logits.T @ h, d_logits.sum(axis=0)]
        for i, (g, (m, v)) in enumerate(zip(grads, moments)):
            m[:] = 0.9 * m + 0.1 * g
            v[:] = 0.999 * v + 0.001 * g * g
            m_hat, v_hat = m / (1 - 0.9**step), v / (1 - 0.999**step)
            params[i] = params[i] - 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8)
    return [(params[0], params[1]), (params[2], params[3])]


def float_logits(layers, x):
    """The float model's logits (ReLU between layers)."""
    for i, (w, b) in enumerate(layers):
        x = x @ w.T + b
        if i + 1 < len(layers):
            x = np.maximum(x, 0.0)
    return x


def export_torch_style(layers, path):
    """Writes the ONNX graph torch.onnx.export (TorchScript exporter) emits for
    nn.Sequential(Flatten(), Linear, ReLU, Linear): weights named as torch names them."""
    from onnx import TensorProto, helper, numpy_helper

    nodes = [helper.make_node("Flatten", ["input"], ["/Flatten_output_0"], "/Flatten", axis=1)]
    inits, x = [], "/Flatten_output_0"
    for i, (w, b) in enumerate(layers, start=1):
        out = "logits" if i == len(layers) else f"/fc{i}/Gemm_output_0"
        nodes.append(
            helper.make_node(
                "Gemm", [x, f"fc{i}.weight", f"fc{i}.bias"], [out], f"/fc{i}/Gemm", transB=1
            )
        )
        inits += [
            numpy_helper.from_array(w.astype(np.float32), f"fc{i}.weight"),
            numpy_helper.from_array(b.astype(np.float32), f"fc{i}.bias"),
        ]
        x = out
        if i < len(layers):
            nodes.append(helper.make_node("Relu", [out], [f"/relu{i}_output_0"], f"/relu{i}/Relu"))
            x = f"/relu{i}_output_0"
    graph = helper.make_graph(
        nodes,
        "main_graph",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", layers[0][0].shape[1]])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", layers[-1][0].shape[0]])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="pytorch")
    path.write_bytes(model.SerializeToString())


def train_sklearn(x, y, path):
    """An MLPClassifier 64-32-10 exported by skl2onnx (ZipMap and all: spazk cuts it off)."""
    from skl2onnx import to_onnx
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=(32,), max_iter=300, random_state=0).fit(x, y)
    path.write_bytes(to_onnx(clf, x[:1].astype(np.float32)).SerializeToString())
    return [(w.T, b) for w, b in zip(clf.coefs_, clf.intercepts_)]


def main(trainer: str = "numpy") -> str:
    """The walk-through; returns the verified model digest."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="spazk-example-"))
    x, y, test_x, test_y = load_digits()

    # 1. Train a model and export it to ONNX, as your own training code would.
    model = work / "model.onnx"
    if trainer == "sklearn":
        layers = train_sklearn(x, y, model)
    else:
        layers = train_numpy(x, y)
        export_torch_style(layers, model)
    float_accuracy = np.mean(float_logits(layers, test_x).argmax(axis=1) == test_y)
    print(f"trained ({trainer}): held-out accuracy of the float model {float_accuracy:.3f}")

    # 2. Calibrate: ternarize the float weights (threshold 0.7·mean|w|) and choose each hidden
    #    layer's shift on the training samples. The settings (JSON bytes) go with the model.
    settings = spazk.calibrate(model, x, ternarize=0.7, out=work / "settings.json")
    agreement = json.loads(settings)["calibration"]["argmax_agreement"]
    print(f"calibration: argmax agreement with the ternarized float model {agreement:.3f}")

    # The integer model every proof is about, on the held-out digits (no proof needed for this).
    integer = spazk.infer(model, test_x, settings=settings)
    print(f"held-out accuracy of the proved (integer) model {np.mean(integer.argmax(axis=1) == test_y):.3f}")

    # 3. Commit to the weights once; the digest is what a verifier pins. The commitment hides
    #    the weights (zero-knowledge mode, the default); the owner's secret that opens it goes to
    #    model.spzc.secret (mode 0600, never overwritten) and stays with the model's owner.
    commitment = spazk.commit(model, settings=settings, out=work / "model.spzc")
    digest = spazk.digest(commitment)
    print("model digest:", digest)

    # 4. Prove inference on a batch of 4 held-out inputs with the owner's secret: integer logits
    #    and a zero-knowledge proof's bytes (nothing of the weights is revealed).
    batch = test_x[:4]
    logits, proof = spazk.prove(model, batch, settings=settings, commitment=work / "model.spzc",
                                secret=work / "model.spzc.secret", output=work / "output.json")
    print("predicted classes:", logits.argmax(axis=1), f"proof {len(proof)} bytes")

    # 5. Verify (the verifier needs only the commitment, the inputs, the logits and the proof).
    assert spazk.verify(commitment, batch, logits, proof, expect_digest=digest) == digest
    print("verified")

    # 6. A changed logit is caught.
    forged = logits.copy()
    forged[0, 0] += 1
    try:
        spazk.verify(commitment, batch, forged, proof)
        raise AssertionError("a forged output was accepted")
    except spazk.ProofRejected as e:
        print("forged output rejected:", str(e)[:60], "…")
    return digest


if __name__ == "__main__":
    main("sklearn" if "--sklearn" in sys.argv else "numpy")
