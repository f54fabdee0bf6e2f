#!/usr/bin/env python3
"""Writes fixtures/exporters/: small MLPs in the graph shapes each ONNX exporter emits, with the
logits they must give, so that the Rust tests (crates/spazk-mlp/tests/onnx_exporters.rs, the CLI
test) check the importer on every exporter's graph without Python.

Real exporters where they install cheaply from PyPI (scikit-learn + skl2onnx + onnx +
onnxruntime, about 100 MB of wheels):

* sklearn_classifier.onnx          - MLPClassifier 64-16-10 on sklearn's digits, exported by
  skl2onnx with its default ZipMap: Cast, MatMul+Add, Relu, MatMul+Add, Softmax, then ArgMax,
  ArrayFeatureExtractor, Reshape, Cast, Cast (the label) and ZipMap (the probabilities);
* sklearn_classifier_nozipmap.onnx - the same model with `zipmap: False` (Identity instead);
* sklearn_regressor.onnx           - MLPRegressor 64-16-2 (trailing Reshape);
* sklearn_binary.onnx              - MLPClassifier 64-8-1 for even/odd digits: its Sigmoid output
  becomes two probabilities by Sub and Concat, then ArgMax, the label lookup and ZipMap.

PyTorch and TensorFlow are too heavy to install here (GBs), so these graphs are built with the
onnx package's helper API, mirroring the node sequences, attributes and naming those exporters
emit for an nn.Sequential / keras.Sequential MLP (torch 2.5, tf2onnx 1.16):

* torch_script.onnx  - torch.onnx.export (TorchScript), opset 9: Flatten, Gemm(transB=1), Relu,
  Gemm(transB=1); weights `fc1.weight` as out x in;
* torch_script_view.onnx - the same exporter on `x.view(x.size(0), -1)`, opset 11: Shape,
  Gather, Unsqueeze, Concat (the dynamic shape), Reshape, then Gemm(transB=1) layers;
* torch_dynamo.onnx  - torch.onnx.export(dynamo=True) before its optimizer folds constants,
  opset 18: Reshape by a Constant shape, Transpose of each weight, MatMul, Add;
* tf2onnx_keras.onnx - tf2onnx of a Keras Sequential (Flatten, Dense relu, Dense softmax),
  opset 13: Reshape, MatMul (in x out weights `.../ReadVariableOp:0`), Add (BiasAdd), Relu,
  MatMul, Add, Softmax, Identity to the output;
* gemm_alpha_beta.onnx - Gemm with transB=0, alpha and beta != 1, opset 21, leading Cast,
  trailing LogSoftmax and ArgMax (two outputs), `ai.onnx.ml` in the opset list;
* unsupported_ops.onnx - Tanh and LeakyRelu hidden activations: the importer must list both
  operators with their node names in one message.

Beside each model, <name>.json holds: the fixed inputs (multiples of 1/255 in [0, 1]), the
ternarization factor the tests pass (null when the weights are ternary already), the logits
tensor's float values from onnxruntime running the same model with the weights ternarized as
the importer does, the integer logits of spazk-mlp's quantized inference (mirrored here exactly:
q = round(x * 255); threshold 0.7 * mean|w|, scale = mean of kept |w|; bias round(b / (s_w * s_x))
half away from zero; shift max(1, L - 12) with 2^L the worst-case bound; a = min((max(z, 0) +
2^(sh-1)) >> sh, 255)), the output scale, the layer widths, the nodes the importer must cut, and
how often the integer logits' argmax agrees with the float logits'.

For calibration (`spazk calibrate`, item 2 of issue 16), the digits classifier also gets
sklearn_classifier.calib.json (`{"input_data": …, "labels": …}`: 500 training images and their
digits, the calibration set)
and sklearn_classifier.heldout.json (the 297 images never used in training, with onnxruntime's
float logits of the ternarized model and the true labels): the Rust test calibrates on the
first and measures argmax agreement with onnxruntime on the second. sklearn_deep.onnx (64-64-32-10,
two hidden layers, no ZipMap) with sklearn_deep.heldout.json does the same for a deeper model.

Usage: python3 -m venv .venv && .venv/bin/pip install -r scripts/requirements-exporters.txt
       .venv/bin/python scripts/make_exporter_fixtures.py
Deterministic (seeded); rerun it to regenerate, never edit the fixtures by hand.
"""
import json
import os
import warnings

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from skl2onnx import to_onnx
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "exporters")
SEED = 16
TERNARIZE = 0.7
INPUT_SCALE = 1.0 / 255.0
SAMPLES = 8


# ---------------------------------------------------------------- the importer's arithmetic


def ternarized(w, factor):
    """(signs, scale) as spazk-mlp's importer computes them (f32 weights, f64 arithmetic)."""
    w = np.asarray(w, dtype=np.float32).astype(np.float64)
    mags = np.abs(w[w != 0])
    if len(mags) and np.all(np.abs(mags - mags[0]) <= 1e-6 * mags[0]):
        return np.sign(w).astype(np.int64), float(mags[0])
    threshold = factor * np.abs(w).mean()
    kept = np.abs(w) > threshold
    return (np.sign(w) * kept).astype(np.int64), float(np.abs(w)[kept].mean())


def round_half_away(x):
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def integer_logits(layers, inputs, factor):
    """spazk-mlp's quantized inference. `layers`: [(W out x in, b)] as floats; ReLU between."""
    a = np.rint(np.asarray(inputs) / INPUT_SCALE).astype(np.int64)
    s_x = INPUT_SCALE
    for i, (w, b) in enumerate(layers):
        signs, s_w = ternarized(w, factor)
        unit = s_w * s_x
        bias = round_half_away(np.asarray(b, dtype=np.float32).astype(np.float64) / unit)
        bias = bias.astype(np.int64)
        z = a @ signs.T + bias
        if i + 1 == len(layers):
            return z, unit
        worst = int((np.abs(signs).sum(axis=1) * 255 + np.abs(bias)).max())
        shift = max(1, max(worst.bit_length(), 1) - 12)
        a = np.minimum((np.maximum(z, 0) + (1 << (shift - 1))) >> shift, 255)
        s_x = unit * 2.0**shift
    raise ValueError("no layers")


def ternary_weights(w, factor):
    signs, scale = ternarized(w, factor)
    return (signs * scale).astype(np.float32)


# ---------------------------------------------------------------- writing a fixture


def with_ternary_initializers(model, weight_names, factor):
    """A copy whose named weights are ternarized as the importer does (biases unchanged)."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    for init in model.graph.initializer:
        if init.name in weight_names:
            t = ternary_weights(numpy_helper.to_array(init), factor)
            init.CopyFrom(numpy_helper.from_array(t, init.name))
    return model


def float_logits(model, logits_name, inputs, input_dtype):
    """onnxruntime's values of the logits tensor (added as an output if it is not one)."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    if logits_name not in [o.name for o in model.graph.output]:
        model.graph.output.append(helper.make_tensor_value_info(logits_name, TensorProto.FLOAT, None))
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    feed = {session.get_inputs()[0].name: np.asarray(inputs, dtype=input_dtype)}
    return session.run([logits_name], feed)[0]


def write(name, model, layers, weight_names, logits_name, inputs, factor, cut, input_dtype=np.float32):
    onnx.checker.check_model(model)
    path = os.path.join(OUT, f"{name}.onnx")
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    effective = factor if factor is not None else TERNARIZE
    floats = float_logits(with_ternary_initializers(model, weight_names, effective), logits_name, inputs, input_dtype)
    ints, output_scale = integer_logits(layers, inputs, effective)
    agree = float(np.mean(floats.argmax(axis=1) == ints.argmax(axis=1)))
    error = float(np.abs(floats - ints * output_scale).max() / np.abs(floats).max())
    record = {
        "model": f"{name}.onnx",
        "ternarize": factor,
        "input_scale": INPUT_SCALE,
        "widths": [layers[0][0].shape[1]] + [w.shape[0] for w, _ in layers],
        "cut": [[op, node] for op, node in cut],
        "inputs": np.asarray(inputs).tolist(),
        "float_logits": floats.astype(np.float64).tolist(),
        "integer_logits": ints.tolist(),
        "output_scale": output_scale,
        # Of the float model: how often the integer logits' argmax agrees (without calibration,
        # item 2 of issue 16, the worst-case shifts lose precision on some inputs).
        "argmax_agreement": agree,
    }
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    print(f"{name}: {os.path.getsize(path)} bytes, argmax agreement {agree:.2f}, max relative logit error {error:.3f}")


def pixel_inputs(rng, n, width):
    return rng.integers(0, 256, size=(n, width)) / 255.0


# ---------------------------------------------------------------- skl2onnx (real exporter)


def digits():
    x, y = load_digits(return_X_y=True)
    # Pixels 0..16 to multiples of 1/255 in [0, 1], as the importer quantizes them exactly.
    return np.round(x / 16.0 * 255.0) / 255.0, y


def sklearn_fixtures(rng):
    x, y = digits()
    train, test = x[:1500], x[1500:1500 + SAMPLES]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(16,), max_iter=300, random_state=SEED).fit(train, y[:1500])
        reg = MLPRegressor(hidden_layer_sizes=(16,), max_iter=300, random_state=SEED).fit(
            train, np.stack([y[:1500] / 9.0, train.mean(axis=1)], axis=1)
        )
    layers = [(w.T, b) for w, b in zip(clf.coefs_, clf.intercepts_)]
    sample = train[:1].astype(np.float32)
    opset = {"": 17, "ai.onnx.ml": 3}
    names = {"coefficient", "coefficient1"}
    cut = [("Softmax", "Relu1"), ("ArgMax", "ArgMax"), ("ZipMap", "ZipMap"),
           ("ArrayFeatureExtractor", "ArrayFeatureExtractor"), ("Reshape", "Reshape"),
           ("Cast", "Cast1"), ("Cast", "Cast2")]
    model = to_onnx(clf, sample, target_opset=opset)
    write("sklearn_classifier", model, layers, names, "add_result1", test, TERNARIZE, cut)
    model = to_onnx(clf, sample, target_opset=opset, options={id(clf): {"zipmap": False}})
    cut = [("Softmax", "Relu1"), ("Identity", "Identity"), ("ArgMax", "ArgMax"),
           ("ArrayFeatureExtractor", "ArrayFeatureExtractor"), ("Reshape", "Reshape"), ("Cast", "Cast1")]
    write("sklearn_classifier_nozipmap", model, layers, names, "add_result1", test, TERNARIZE, cut)
    model = to_onnx(reg, sample, target_opset=opset)
    layers = [(w.T, b) for w, b in zip(reg.coefs_, reg.intercepts_)]
    write("sklearn_regressor", model, layers, names, "add_result1", test, TERNARIZE, [("Reshape", "Reshape")])


def sklearn_calibration_sets():
    """Calibration and held-out sets for the digits classifier (same model as above)."""
    x, y = digits()
    train = x[:1500]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(16,), max_iter=300, random_state=SEED).fit(train, y[:1500])
    model = to_onnx(clf, train[:1].astype(np.float32), target_opset={"": 17, "ai.onnx.ml": 3})
    names = {"coefficient", "coefficient1"}
    calib, held, labels = x[:500], x[1500:], y[1500:]
    with open(os.path.join(OUT, "sklearn_classifier.calib.json"), "w") as f:
        # The labels let docs/python_example.py train a model on these samples with numpy alone.
        json.dump({"input_data": calib.tolist(), "labels": y[:500].tolist()}, f)
        f.write("\n")
    floats = float_logits(with_ternary_initializers(model, names, TERNARIZE), "add_result1", held, np.float32)
    record = {
        "input_data": held.tolist(),
        "float_logits": floats.astype(np.float64).tolist(),
        "labels": labels.tolist(),
    }
    with open(os.path.join(OUT, "sklearn_classifier.heldout.json"), "w") as f:
        json.dump(record, f)
        f.write("\n")
    accuracy = float(np.mean(floats.argmax(axis=1) == labels))
    print(f"sklearn_classifier calibration: {len(calib)} samples; held out {len(held)}, "
          f"onnxruntime accuracy of the ternarized model {accuracy:.3f}")


def sklearn_deep():
    """A two-hidden-layer MLPClassifier 64-64-32-10 on the digits (calibration of deeper models),
    exported by skl2onnx without ZipMap; calibrated on sklearn_classifier.calib.json, held-out
    float logits (onnxruntime, ternarized weights) in sklearn_deep.heldout.json."""
    x, y = digits()
    train = x[:1500]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(64, 32), max_iter=300, random_state=SEED).fit(train, y[:1500])
    model = to_onnx(clf, train[:1].astype(np.float32), target_opset={"": 17, "ai.onnx.ml": 3},
                    options={id(clf): {"zipmap": False}})
    onnx.checker.check_model(model)
    with open(os.path.join(OUT, "sklearn_deep.onnx"), "wb") as f:
        f.write(model.SerializeToString())
    names = {"coefficient", "coefficient1", "coefficient2"}
    held, labels = x[1500:], y[1500:]
    floats = float_logits(with_ternary_initializers(model, names, TERNARIZE), "add_result2", held, np.float32)
    with open(os.path.join(OUT, "sklearn_deep.heldout.json"), "w") as f:
        json.dump({"input_data": held.tolist(), "float_logits": floats.astype(np.float64).tolist(),
                   "labels": labels.tolist()}, f)
        f.write("\n")
    accuracy = float(np.mean(floats.argmax(axis=1) == labels))
    print(f"sklearn_deep: held out {len(held)}, onnxruntime accuracy of the ternarized model {accuracy:.3f}")


def sklearn_binary():
    x, y = digits()
    train, test = x[:1500], x[1500:1500 + SAMPLES]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(8,), max_iter=300, random_state=SEED).fit(train, y[:1500] % 2)
    layers = [(w.T, b) for w, b in zip(clf.coefs_, clf.intercepts_)]
    model = to_onnx(clf, train[:1].astype(np.float32), target_opset={"": 17, "ai.onnx.ml": 3})
    # Everything after the last layer's Add, in the exporter's order.
    names = [n.name for n in model.graph.node]
    cut = [(n.op_type, n.name) for n in model.graph.node[names.index("Add1") + 1:]]
    write("sklearn_binary", model, layers, {"coefficient", "coefficient1"}, "add_result1", test, TERNARIZE, cut)


# ---------------------------------------------------------------- hand-built exporter graphs


def random_layers(rng, widths, ternary):
    """Float layers (W out x in, b); ternary ones are exactly {-s, 0, s} per tensor."""
    layers = []
    for n_in, n_out in zip(widths, widths[1:]):
        w = rng.normal(0, 1 / np.sqrt(n_in), size=(n_out, n_in)).astype(np.float32)
        if ternary:
            w = ternary_weights(w, TERNARIZE)
        b = rng.normal(0, 0.1, size=n_out).astype(np.float32)
        layers.append((w, b))
    return layers


def init(array, name):
    return numpy_helper.from_array(np.asarray(array), name)


def make(nodes, inits, inputs, outputs, opsets, producer):
    graph = helper.make_graph(nodes, "main_graph", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid(d, v) for d, v in opsets],
                              producer_name=producer)
    model.ir_version = 8 if max(v for _, v in opsets) <= 17 else 10
    return model


def float_input(name, width, dtype=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, dtype, ["batch", width])


def torch_script(rng):
    layers = random_layers(rng, [16, 8, 4], ternary=True)
    (w1, b1), (w2, b2) = layers
    nodes = [
        helper.make_node("Flatten", ["input"], ["/Flatten_output_0"], "/Flatten", axis=1),
        helper.make_node("Gemm", ["/Flatten_output_0", "fc1.weight", "fc1.bias"], ["/fc1/Gemm_output_0"],
                         "/fc1/Gemm", alpha=1.0, beta=1.0, transB=1),
        helper.make_node("Relu", ["/fc1/Gemm_output_0"], ["/relu/Relu_output_0"], "/relu/Relu"),
        helper.make_node("Gemm", ["/relu/Relu_output_0", "fc2.weight", "fc2.bias"], ["logits"],
                         "/fc2/Gemm", alpha=1.0, beta=1.0, transB=1),
    ]
    inits = [init(w1, "fc1.weight"), init(b1, "fc1.bias"), init(w2, "fc2.weight"), init(b2, "fc2.bias")]
    model = make(nodes, inits, [float_input("input", 16)],
                 [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 4])],
                 [("", 9)], "pytorch")
    write("torch_script", model, layers, {"fc1.weight", "fc2.weight"}, "logits",
          pixel_inputs(rng, SAMPLES, 16), None, [])


def torch_script_view(rng):
    layers = random_layers(rng, [16, 8, 4], ternary=True)
    (w1, b1), (w2, b2) = layers
    nodes = [
        helper.make_node("Shape", ["input"], ["/Shape_output_0"], "/Shape"),
        helper.make_node("Constant", [], ["/Constant_output_0"], "/Constant",
                         value=helper.make_tensor("c0", TensorProto.INT64, [], [0])),
        helper.make_node("Gather", ["/Shape_output_0", "/Constant_output_0"], ["/Gather_output_0"], "/Gather",
                         axis=0),
        helper.make_node("Unsqueeze", ["/Gather_output_0"], ["/Unsqueeze_output_0"], "/Unsqueeze", axes=[0]),
        helper.make_node("Concat", ["/Unsqueeze_output_0", "/Constant_1_output_0"], ["/Concat_output_0"],
                         "/Concat", axis=0),
        helper.make_node("Reshape", ["input", "/Concat_output_0"], ["/Reshape_output_0"], "/Reshape"),
        helper.make_node("Gemm", ["/Reshape_output_0", "fc1.weight", "fc1.bias"], ["/fc1/Gemm_output_0"],
                         "/fc1/Gemm", alpha=1.0, beta=1.0, transB=1),
        helper.make_node("Relu", ["/fc1/Gemm_output_0"], ["/relu/Relu_output_0"], "/relu/Relu"),
        helper.make_node("Gemm", ["/relu/Relu_output_0", "fc2.weight", "fc2.bias"], ["output"],
                         "/fc2/Gemm", alpha=1.0, beta=1.0, transB=1),
    ]
    inits = [init(np.array([-1], dtype=np.int64), "/Constant_1_output_0"),
             init(w1, "fc1.weight"), init(b1, "fc1.bias"), init(w2, "fc2.weight"), init(b2, "fc2.bias")]
    model = make(nodes, inits, [float_input("input", 16)],
                 [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 4])],
                 [("", 11)], "pytorch")
    write("torch_script_view", model, layers, {"fc1.weight", "fc2.weight"}, "output",
          pixel_inputs(rng, SAMPLES, 16), None, [])


def torch_dynamo(rng):
    layers = random_layers(rng, [16, 8, 4], ternary=True)
    (w1, b1), (w2, b2) = layers
    shape = helper.make_tensor("val_0", TensorProto.INT64, [2], [-1, 16])
    nodes = [
        helper.make_node("Constant", [], ["val_0"], "node_Constant_0", value=shape),
        helper.make_node("Reshape", ["x", "val_0"], ["view"], "node_view"),
        helper.make_node("Transpose", ["fc1.weight"], ["permute"], "node_permute", perm=[1, 0]),
        helper.make_node("MatMul", ["view", "permute"], ["matmul"], "node_matmul"),
        helper.make_node("Add", ["matmul", "fc1.bias"], ["linear"], "node_linear"),
        helper.make_node("Relu", ["linear"], ["relu"], "node_relu"),
        helper.make_node("Transpose", ["fc2.weight"], ["permute_1"], "node_permute_1", perm=[1, 0]),
        helper.make_node("MatMul", ["relu", "permute_1"], ["matmul_1"], "node_matmul_1"),
        helper.make_node("Add", ["matmul_1", "fc2.bias"], ["linear_1"], "node_linear_1"),
    ]
    inits = [init(w1, "fc1.weight"), init(b1, "fc1.bias"), init(w2, "fc2.weight"), init(b2, "fc2.bias")]
    model = make(nodes, inits, [float_input("x", 16)],
                 [helper.make_tensor_value_info("linear_1", TensorProto.FLOAT, ["batch", 4])],
                 [("", 18)], "pytorch")
    write("torch_dynamo", model, layers, {"fc1.weight", "fc2.weight"}, "linear_1",
          pixel_inputs(rng, SAMPLES, 16), None, [])


def tf2onnx_keras(rng):
    layers = random_layers(rng, [16, 8, 4], ternary=False)
    (w1, b1), (w2, b2) = layers
    d0, d1 = "sequential/dense", "sequential/dense_1"
    nodes = [
        helper.make_node("Reshape", ["input_1", "const_fold_opt__9"], ["sequential/flatten/Reshape:0"],
                         "sequential/flatten/Reshape"),
        helper.make_node("MatMul", ["sequential/flatten/Reshape:0", f"{d0}/MatMul/ReadVariableOp:0"],
                         [f"{d0}/MatMul:0"], f"{d0}/MatMul"),
        helper.make_node("Add", [f"{d0}/MatMul:0", f"{d0}/BiasAdd/ReadVariableOp:0"], [f"{d0}/BiasAdd:0"],
                         f"{d0}/BiasAdd"),
        helper.make_node("Relu", [f"{d0}/BiasAdd:0"], [f"{d0}/Relu:0"], f"{d0}/Relu"),
        helper.make_node("MatMul", [f"{d0}/Relu:0", f"{d1}/MatMul/ReadVariableOp:0"], [f"{d1}/MatMul:0"],
                         f"{d1}/MatMul"),
        helper.make_node("Add", [f"{d1}/MatMul:0", f"{d1}/BiasAdd/ReadVariableOp:0"], [f"{d1}/BiasAdd:0"],
                         f"{d1}/BiasAdd"),
        helper.make_node("Softmax", [f"{d1}/BiasAdd:0"], [f"{d1}/Softmax:0"], f"{d1}/Softmax", axis=-1),
        helper.make_node("Identity", [f"{d1}/Softmax:0"], ["dense_1"], "Identity"),
    ]
    inits = [
        init(np.array([-1, 16], dtype=np.int64), "const_fold_opt__9"),
        init(w1.T, f"{d0}/MatMul/ReadVariableOp:0"), init(b1, f"{d0}/BiasAdd/ReadVariableOp:0"),
        init(w2.T, f"{d1}/MatMul/ReadVariableOp:0"), init(b2, f"{d1}/BiasAdd/ReadVariableOp:0"),
    ]
    model = make(nodes, inits, [float_input("input_1", 16)],
                 [helper.make_tensor_value_info("dense_1", TensorProto.FLOAT, ["unk__10", 4])],
                 [("", 13)], "tf2onnx")
    write("tf2onnx_keras", model, layers, {f"{d0}/MatMul/ReadVariableOp:0", f"{d1}/MatMul/ReadVariableOp:0"},
          f"{d1}/BiasAdd:0", pixel_inputs(rng, SAMPLES, 16), TERNARIZE,
          [("Softmax", f"{d1}/Softmax"), ("Identity", "Identity")])


def gemm_alpha_beta(rng):
    layers = random_layers(rng, [16, 8, 4], ternary=True)
    alpha, beta = 0.5, 2.0
    nodes, inits = [helper.make_node("Cast", ["X"], ["x32"], "cast_in", to=TensorProto.FLOAT)], []
    current = "x32"
    for i, (w, b) in enumerate(layers):
        # The graph stores in x out weights and pre-scaled values: alpha * W^T x + beta * c
        # equals the float layer (w, b).
        inits += [init(w.T / alpha, f"W{i}"), init(b / beta, f"C{i}")]
        out = f"gemm{i}"
        nodes.append(helper.make_node("Gemm", [current, f"W{i}", f"C{i}"], [out], f"gemm_{i}",
                                      alpha=alpha, beta=beta, transA=0, transB=0))
        current = out
        if i + 1 < len(layers):
            nodes.append(helper.make_node("Relu", [out], [f"relu{i}"], f"relu_{i}"))
            current = f"relu{i}"
    nodes += [
        helper.make_node("LogSoftmax", [current], ["log_probabilities"], "log_softmax", axis=1),
        helper.make_node("ArgMax", [current], ["label"], "argmax", axis=1, keepdims=0),
    ]
    model = make(nodes, inits, [float_input("X", 16, TensorProto.DOUBLE)],
                 [helper.make_tensor_value_info("log_probabilities", TensorProto.FLOAT, ["batch", 4]),
                  helper.make_tensor_value_info("label", TensorProto.INT64, ["batch"])],
                 [("", 21), ("ai.onnx.ml", 3)], "spazk-fixtures")
    write("gemm_alpha_beta", model, layers, {"W0", "W1"}, "gemm1", pixel_inputs(rng, SAMPLES, 16), None,
          [("LogSoftmax", "log_softmax"), ("ArgMax", "argmax")], input_dtype=np.float64)


def unsupported_ops(rng):
    (w1, b1), (w2, b2), (w3, b3) = random_layers(rng, [16, 8, 8, 4], ternary=True)
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h1"], "dense_1", transB=1),
        helper.make_node("Tanh", ["h1"], ["a1"], "tanh_1"),
        helper.make_node("Gemm", ["a1", "w2", "b2"], ["h2"], "dense_2", transB=1),
        helper.make_node("LeakyRelu", ["h2"], ["a2"], "leaky_2", alpha=0.01),
        helper.make_node("Tanh", ["a2"], ["a3"], "tanh_3"),
        helper.make_node("Gemm", ["a3", "w3", "b3"], ["y"], "dense_3", transB=1),
    ]
    inits = [init(w1, "w1"), init(b1, "b1"), init(w2, "w2"), init(b2, "b2"), init(w3, "w3"), init(b3, "b3")]
    model = make(nodes, inits, [float_input("x", 16)],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4])], [("", 17)], "spazk-fixtures")
    onnx.checker.check_model(model)
    with open(os.path.join(OUT, "unsupported_ops.onnx"), "wb") as f:
        f.write(model.SerializeToString())


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(SEED)
    sklearn_fixtures(rng)
    torch_script(rng)
    torch_dynamo(rng)
    tf2onnx_keras(rng)
    gemm_alpha_beta(rng)
    unsupported_ops(rng)
    # Last, so that adding it left the other fixtures' random draws unchanged.
    torch_script_view(rng)
    sklearn_binary()
    sklearn_calibration_sets()
    sklearn_deep()


if __name__ == "__main__":
    main()
