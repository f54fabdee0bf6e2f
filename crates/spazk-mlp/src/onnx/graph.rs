//! Reading the chain of dense layers out of an exported graph.
//!
//! Exporters wrap the layers in nodes that do no arithmetic on the values: PyTorch starts with
//! `Flatten` or `Reshape`, skl2onnx with a `Cast`, tf2onnx with `Identity` / `Reshape`; and they
//! end with post-processing of the logits (`Softmax`, `ArgMax`, skl2onnx's label lookup by
//! `ArrayFeatureExtractor` and its `ZipMap`). The first kind is skipped; the second is cut off and
//! reported, since the proof is of the logits and the verifier can apply it to the public logits.
//! Every node the importer cannot handle is found in one pass, so that a user sees all of them in
//! one message.

use super::proto::{self, GraphProto, NodeProto, TensorProto};
use super::tensor::{tensor_values, FloatValues};
use super::OnnxError;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Nodes that only reshape, retype or pass the values on: skipped inside the chain, cut after
/// the last layer.
const PASS_THROUGH: &[&str] = &[
    "Cast",
    "Reshape",
    "Flatten",
    "Identity",
    "Dropout",
    "Squeeze",
    "Unsqueeze",
];

/// Post-processing of the logits: allowed only after the last layer, and cut.
const POST_PROCESSING: &[&str] = &[
    "Softmax",
    "LogSoftmax",
    "ArgMax",
    "ZipMap",
    "ArrayFeatureExtractor",
    "Sigmoid",
];

/// The arithmetic the proof covers.
const LAYER_OPS: &[&str] = &["Gemm", "MatMul", "Add", "Relu"];

/// Nodes whose output depends on the data's shape only (the batch size in a dynamic `Reshape`),
/// never on its values: what is computed from them is treated like a constant.
const SHAPE_OF: &[&str] = &["Shape", "Size"];

/// The supported operators, as the error message lists them.
pub(super) const SUPPORTED: &str = "Gemm, MatMul, Add (bias), Relu; Cast, Reshape, Flatten, \
    Identity, Dropout, Squeeze, Unsqueeze (no arithmetic); after the last layer Softmax, \
    LogSoftmax, ArgMax, ZipMap, ArrayFeatureExtractor, Sigmoid and any node reading only their \
    results (cut: post-processing)";

/// A node cut from the end of the graph: it post-processes the logits, which are what is proved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CutNode {
    /// The operator (`Softmax`, `ArgMax`, …).
    pub op: String,
    /// The node's name (its first output's name if it has none).
    pub name: String,
}

/// A dense layer as floats, `out × in` row-major (weights read where they lie in the model's
/// bytes when stored that way).
pub(super) struct FloatLayer<'g> {
    pub name: String,
    pub rows: usize,
    pub cols: usize,
    pub weights: FloatValues<'g>,
    pub bias: Vec<f32>,
    pub relu: bool,
    pub has_bias: bool,
}

/// The dense layers of a graph and the nodes cut after them.
pub(super) struct FloatChain<'g> {
    pub input_dim: usize,
    pub layers: Vec<FloatLayer<'g>>,
    pub cut: Vec<CutNode>,
}

fn node_name(node: &NodeProto) -> String {
    if node.name.is_empty() {
        node.output.first().cloned().unwrap_or_default()
    } else {
        node.name.clone()
    }
}

fn is(list: &[&str], op: &str) -> bool {
    list.contains(&op)
}

fn attribute_i(node: &NodeProto, name: &str, default: i64) -> i64 {
    node.attribute
        .iter()
        .find(|a| a.name == name)
        .map_or(default, |a| a.i)
}

fn attribute_f(node: &NodeProto, name: &str, default: f32) -> f32 {
    node.attribute
        .iter()
        .find(|a| a.name == name)
        .map_or(default, |a| a.f)
}

/// The graph input that carries the data (the first one that is not an initializer: old
/// exporters list the weights among the inputs too).
fn data_input(graph: &GraphProto) -> Result<String, OnnxError> {
    let initializers: HashSet<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
    graph
        .input
        .iter()
        .map(|i| i.name.as_str())
        .find(|name| !initializers.contains(name))
        .map(str::to_string)
        .ok_or_else(|| OnnxError::Structure("the graph has no data input".into()))
}

/// The tensors computed from the data's values, grown node by node (the graph is topologically
/// sorted, as ONNX requires).
struct DataFlow {
    derived: HashSet<String>,
}

impl DataFlow {
    fn new(input: &str) -> Self {
        Self {
            derived: HashSet::from([input.to_string()]),
        }
    }

    /// Whether `node` reads the data; records its outputs as data if so.
    fn reads_data(&mut self, node: &NodeProto) -> bool {
        let reads = node.input.iter().any(|i| self.derived.contains(i));
        if reads && !is(SHAPE_OF, &node.op_type) {
            self.derived.extend(node.output.iter().cloned());
        }
        reads
    }
}

/// Every node on the data's path whose operator is not handled, grouped by operator in the
/// order first seen: `[(op, [node names])]`. Nodes that read only what post-processing computed
/// are post-processing too, whatever their operator (skl2onnx's binary classifier turns its
/// sigmoid into two probabilities by `Sub` and `Concat`): they are cut, never proved.
fn unsupported_operators(graph: &GraphProto, input: &str) -> Vec<(String, Vec<String>)> {
    let mut flow = DataFlow::new(input);
    let mut post: HashSet<String> = HashSet::new();
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    for node in &graph.node {
        let op = node.op_type.as_str();
        let known = [PASS_THROUGH, POST_PROCESSING, LAYER_OPS, SHAPE_OF]
            .iter()
            .any(|list| is(list, op));
        let data_inputs: Vec<&String> = node
            .input
            .iter()
            .filter(|i| flow.derived.contains(*i))
            .collect();
        if !flow.reads_data(node) {
            continue;
        }
        let post_only = data_inputs.iter().all(|i| post.contains(*i));
        if is(POST_PROCESSING, op) || post_only {
            post.extend(node.output.iter().cloned());
        }
        if known || post_only {
            continue;
        }
        let op = if node.domain.is_empty() || node.domain == "ai.onnx" {
            op.to_string()
        } else {
            format!("{}:{op}", node.domain)
        };
        match found.iter_mut().find(|(o, _)| *o == op) {
            Some((_, names)) => names.push(node_name(node)),
            None => found.push((op, vec![node_name(node)])),
        }
    }
    found
}

/// The message listing unsupported operators: `'Tanh' (nodes 'a', 'b'), 'Sin' (node 'c')`.
pub(super) fn describe_unsupported(found: &[(String, Vec<String>)]) -> String {
    found
        .iter()
        .map(|(op, names)| {
            let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
            let noun = if names.len() == 1 { "node" } else { "nodes" };
            format!("'{op}' ({noun} {})", quoted.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Constant tensors by name: initializers, `Constant` nodes, and 2-D transposes of either (an
/// exporter may transpose a weight in the graph rather than store it transposed). Initializers
/// are borrowed from the graph: copying them copied every weight once more.
struct Constants<'g> {
    tensors: HashMap<String, Cow<'g, TensorProto>>,
}

impl<'g> Constants<'g> {
    fn new(graph: &'g GraphProto) -> Self {
        Self {
            tensors: graph
                .initializer
                .iter()
                .map(|t| (t.name.clone(), Cow::Borrowed(t)))
                .collect(),
        }
    }

    /// Records what a node computes from constants alone, when it is a form layers use.
    fn fold(&mut self, node: &NodeProto) -> Result<(), OnnxError> {
        let Some(output) = node.output.first() else {
            return Ok(());
        };
        match node.op_type.as_str() {
            "Constant" => {
                if let Some(t) = node.attribute.iter().find_map(|a| a.t.as_ref()) {
                    let mut t = t.clone();
                    t.name = output.clone();
                    self.tensors.insert(output.clone(), Cow::Owned(t));
                }
            }
            "Transpose" | "Identity" => {
                let Some(source) = node.input.first().and_then(|i| self.tensors.get(i)) else {
                    return Ok(());
                };
                let folded = if node.op_type == "Identity" {
                    source.clone()
                } else {
                    Cow::Owned(transposed(source)?)
                };
                self.tensors.insert(output.clone(), folded);
            }
            _ => {}
        }
        Ok(())
    }

    /// A constant's values (an initializer's borrowed from the graph); the error names what is
    /// missing.
    fn values(&self, name: &str) -> Result<(&TensorProto, FloatValues<'g>), OnnxError> {
        let t = self.tensors.get(name).ok_or_else(|| {
            OnnxError::Structure(format!(
                "'{name}' is not a constant tensor (initializer or Constant)"
            ))
        })?;
        let values = match t {
            Cow::Borrowed(t) => tensor_values(t)?,
            Cow::Owned(t) => FloatValues::Decoded(tensor_values(t)?.into_vec()),
        };
        Ok((t, values))
    }
}

/// A 2-D float tensor transposed, keeping its name (the one users know from their model).
fn transposed(t: &TensorProto) -> Result<TensorProto, OnnxError> {
    if t.dims.len() != 2 {
        return Err(OnnxError::Structure(format!(
            "Transpose of '{}', which is not a matrix",
            t.name
        )));
    }
    let values = tensor_values(t)?.into_vec();
    let (rows, cols) = (t.dims[0] as usize, t.dims[1] as usize);
    let mut out = vec![0f32; values.len()];
    for r in 0..rows {
        for c in 0..cols {
            out[c * rows + r] = values[r * cols + c];
        }
    }
    Ok(TensorProto {
        dims: vec![t.dims[1], t.dims[0]],
        data_type: proto::FLOAT,
        float_data: out,
        name: t.name.clone(),
        ..TensorProto::default()
    })
}

/// Walks the data's path through the graph, building layers.
struct ChainReader<'g> {
    constants: Constants<'g>,
    flow: DataFlow,
    /// The tensor the next layer must read.
    current: String,
    layers: Vec<FloatLayer<'g>>,
    /// Pass-through nodes on the chain since the last layer node: cut if no layer follows.
    pending: Vec<CutNode>,
    /// Tensors computed by post-processing.
    post: HashSet<String>,
    /// The first post-processing node, for the message when a layer follows it.
    first_post: Option<CutNode>,
    cut: Vec<CutNode>,
}

impl<'g> ChainReader<'g> {
    fn visit(&mut self, node: &NodeProto) -> Result<(), OnnxError> {
        let reads_post = node.input.iter().any(|i| self.post.contains(i));
        if !self.flow.reads_data(node) || is(SHAPE_OF, &node.op_type) {
            return self.constants.fold(node);
        }
        let op = node.op_type.as_str();
        let cut = CutNode {
            op: op.to_string(),
            name: node_name(node),
        };
        let output = node.output.first().cloned().unwrap_or_default();
        let after_post = is(LAYER_OPS, op) && self.first_post.is_some();
        if reads_post
            || after_post
            || (is(POST_PROCESSING, op) && node.input.contains(&self.current))
        {
            // A layer after post-processing (on its output, or on the logits it read) means the
            // "post-processing" was a hidden activation the proof cannot cover.
            if is(LAYER_OPS, op) {
                let first = self.first_post.as_ref().unwrap_or(&cut);
                return Err(OnnxError::Structure(format!(
                    "node '{}' ({op}) comes after the post-processing node '{}' ({}); only \
                     ReLU hidden layers are supported",
                    cut.name, first.name, first.op
                )));
            }
            self.first_post.get_or_insert_with(|| cut.clone());
            self.post.extend(node.output.iter().cloned());
            self.cut.push(cut);
            return Ok(());
        }
        let reads_current = node.input.first() == Some(&self.current);
        match op {
            _ if is(PASS_THROUGH, op) && reads_current => self.pending.push(cut),
            "Gemm" | "MatMul" if reads_current => self.layer(node)?,
            "Add" if node.input.contains(&self.current) => self.bias(node)?,
            "Relu" if reads_current => self.relu(node)?,
            _ => {
                return Err(OnnxError::Structure(format!(
                    "node '{}' ({op}) does not read the previous layer's output '{}'",
                    cut.name, self.current
                )))
            }
        }
        self.current = output;
        Ok(())
    }

    /// A `Gemm` or `MatMul` node: a new layer, weights in our `out × in` layout, Gemm's
    /// `alpha` folded into the weights and `beta` into the bias (their scales absorb both).
    fn layer(&mut self, node: &NodeProto) -> Result<(), OnnxError> {
        self.pending.clear();
        let (t, values) = self
            .constants
            .values(node.input.get(1).map_or("", String::as_str))?;
        let gemm = node.op_type == "Gemm";
        if gemm && attribute_i(node, "transA", 0) != 0 {
            return Err(OnnxError::Structure(format!(
                "Gemm node '{}' uses transA = 1 (the data must be the left operand as is)",
                node_name(node)
            )));
        }
        if t.dims.len() != 2 {
            return Err(OnnxError::Structure(format!(
                "weight '{}' is not a matrix (dimensions {:?})",
                t.name, t.dims
            )));
        }
        let name = t.name.clone();
        let (d0, d1) = (t.dims[0] as usize, t.dims[1] as usize);
        let trans_b = gemm && attribute_i(node, "transB", 0) != 0;
        let (alpha, beta) = if gemm {
            (
                attribute_f(node, "alpha", 1.0),
                attribute_f(node, "beta", 1.0),
            )
        } else {
            (1.0, 1.0)
        };
        // Our layout is out × in; MatMul and Gemm without transB store in × out.
        let (rows, cols) = if trans_b { (d0, d1) } else { (d1, d0) };
        let mut weights = if trans_b {
            values
        } else {
            let values = values.into_vec();
            let mut w = vec![0f32; rows * cols];
            for i in 0..cols {
                for o in 0..rows {
                    w[o * cols + i] = values[i * rows + o];
                }
            }
            FloatValues::Decoded(w)
        };
        if alpha != 1.0 {
            let mut scaled = weights.into_vec();
            scaled.iter_mut().for_each(|v| *v *= alpha);
            weights = FloatValues::Decoded(scaled);
        }
        let mut layer = FloatLayer {
            name,
            rows,
            cols,
            weights,
            bias: vec![0.0; rows],
            relu: false,
            has_bias: false,
        };
        if let Some(c) = node.input.get(2).filter(|c| !c.is_empty()) {
            let (_, bias) = self.constants.values(c)?;
            layer.bias = bias_of_width(c, bias.into_vec(), rows)?;
            layer.bias.iter_mut().for_each(|b| *b *= beta);
            layer.has_bias = true;
        }
        self.layers.push(layer);
        Ok(())
    }

    /// An `Add` right after a `MatMul`: the layer's bias.
    fn bias(&mut self, node: &NodeProto) -> Result<(), OnnxError> {
        self.pending.clear();
        let other = node
            .input
            .iter()
            .find(|i| **i != self.current)
            .ok_or_else(|| OnnxError::Structure("Add of a value to itself".into()))?;
        let (_, bias) = self.constants.values(other)?;
        let layer = self
            .layers
            .last_mut()
            .filter(|l| !l.relu && !l.has_bias)
            .ok_or_else(|| {
                OnnxError::Structure(format!(
                    "Add node '{}' is not a bias right after a MatMul",
                    node_name(node)
                ))
            })?;
        layer.bias = bias_of_width(other, bias.into_vec(), layer.rows)?;
        layer.has_bias = true;
        Ok(())
    }

    fn relu(&mut self, node: &NodeProto) -> Result<(), OnnxError> {
        self.pending.clear();
        let layer = self.layers.last_mut().filter(|l| !l.relu).ok_or_else(|| {
            OnnxError::Structure(format!(
                "Relu node '{}' does not follow a dense layer",
                node_name(node)
            ))
        })?;
        layer.relu = true;
        Ok(())
    }
}

/// A bias of `width` values (a single value broadcasts, as ONNX's `Add` and `Gemm` allow).
fn bias_of_width(name: &str, bias: Vec<f32>, width: usize) -> Result<Vec<f32>, OnnxError> {
    match bias.len() {
        n if n == width => Ok(bias),
        1 => Ok(vec![bias[0]; width]),
        n => Err(OnnxError::Structure(format!(
            "bias '{name}' has {n} values for {width} outputs"
        ))),
    }
}

/// Reads the chain of dense layers out of the graph; cuts post-processing after the last one.
pub(super) fn float_layers(graph: &GraphProto) -> Result<FloatChain<'_>, OnnxError> {
    let input = data_input(graph)?;
    let unsupported = unsupported_operators(graph, &input);
    if !unsupported.is_empty() {
        return Err(OnnxError::Unsupported(unsupported));
    }
    let mut reader = ChainReader {
        constants: Constants::new(graph),
        flow: DataFlow::new(&input),
        current: input,
        layers: Vec::new(),
        pending: Vec::new(),
        post: HashSet::new(),
        first_post: None,
        cut: Vec::new(),
    };
    for node in &graph.node {
        reader.visit(node)?;
    }
    // Pass-through nodes after the last layer (skl2onnx's `Reshape` of a regressor's output,
    // tf2onnx's `Identity`) come before any post-processing in the graph's order.
    let mut cut = std::mem::take(&mut reader.pending);
    cut.append(&mut reader.cut);
    check_outputs(graph, &reader)?;
    let layers = reader.layers;
    check_layers(&layers)?;
    Ok(FloatChain {
        input_dim: layers[0].cols,
        layers,
        cut,
    })
}

/// Every graph output is the logits (perhaps reshaped) or computed from them by post-processing
/// (a probability, a label): an output of a hidden layer would not be proved.
fn check_outputs(graph: &GraphProto, reader: &ChainReader<'_>) -> Result<(), OnnxError> {
    for output in &graph.output {
        let name = output.name.as_str();
        if name != reader.current && !reader.post.contains(name) {
            return Err(OnnxError::Structure(format!(
                "graph output '{name}' is neither the last layer's output nor computed from it"
            )));
        }
    }
    Ok(())
}

/// Widths chain up, and every layer but the last ends in a ReLU.
fn check_layers(layers: &[FloatLayer<'_>]) -> Result<(), OnnxError> {
    if layers.is_empty() {
        return Err(OnnxError::Structure("no dense layer found".into()));
    }
    for (i, pair) in layers.windows(2).enumerate() {
        if pair[1].cols != pair[0].rows {
            return Err(OnnxError::Structure(format!(
                "layer {} reads {} values, layer {i} gives {}",
                i + 1,
                pair[1].cols,
                pair[0].rows
            )));
        }
    }
    for (i, layer) in layers.iter().enumerate() {
        let last = i + 1 == layers.len();
        if layer.relu == last {
            return Err(OnnxError::Structure(if last {
                "a ReLU after the output layer is not supported".into()
            } else {
                format!("layer {i} ('{}') is not followed by a ReLU", layer.name)
            }));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::onnx::proto::{AttributeProto, ValueInfoProto};

    fn node(op: &str, inputs: &[&str], output: &str) -> NodeProto {
        NodeProto {
            input: inputs.iter().map(|i| i.to_string()).collect(),
            output: vec![output.into()],
            name: format!("{op}_{output}"),
            op_type: op.into(),
            ..NodeProto::default()
        }
    }

    fn with_int(mut n: NodeProto, name: &str, i: i64) -> NodeProto {
        n.attribute.push(AttributeProto {
            name: name.into(),
            i,
            ..AttributeProto::default()
        });
        n
    }

    fn tensor(name: &str, dims: &[i64]) -> TensorProto {
        let count = dims.iter().product::<i64>() as usize;
        TensorProto {
            dims: dims.to_vec(),
            data_type: proto::FLOAT,
            float_data: (0..count).map(|i| [1.0, -1.0, 0.0][i % 3]).collect(),
            name: name.into(),
            ..TensorProto::default()
        }
    }

    fn value(name: &str) -> ValueInfoProto {
        ValueInfoProto { name: name.into() }
    }

    /// x (4) → Gemm w1 (3×4, transB) → `hidden` → Gemm w2 (2×3, transB) → y, with `hidden`'s
    /// activation node and the outputs chosen by the test.
    fn graph(activation: NodeProto, outputs: &[&str]) -> GraphProto {
        GraphProto {
            node: vec![
                with_int(node("Gemm", &["x", "w1"], "h"), "transB", 1),
                activation,
                with_int(node("Gemm", &["a", "w2"], "y"), "transB", 1),
            ],
            initializer: vec![tensor("w1", &[3, 4]), tensor("w2", &[2, 3])],
            input: vec![value("x")],
            output: outputs.iter().map(|o| value(o)).collect(),
            ..GraphProto::default()
        }
    }

    fn structure_error(graph: &GraphProto) -> String {
        match float_layers(graph) {
            Err(OnnxError::Structure(m)) => m,
            Err(e) => panic!("not a structure error: {e}"),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn relu_chain_is_read() {
        let g = graph(node("Relu", &["h"], "a"), &["y"]);
        let chain = float_layers(&g).unwrap();
        assert_eq!(chain.input_dim, 4);
        assert_eq!(chain.layers.len(), 2);
        assert!(chain.cut.is_empty());
    }

    #[test]
    fn a_sigmoid_hidden_activation_is_not_cut_as_post_processing() {
        let m = structure_error(&graph(node("Sigmoid", &["h"], "a"), &["y"]));
        assert!(
            m.contains("after the post-processing node 'Sigmoid_a'"),
            "{m}"
        );
    }

    #[test]
    fn a_hidden_layer_as_graph_output_is_refused() {
        let m = structure_error(&graph(node("Relu", &["h"], "a"), &["y", "a"]));
        assert!(m.contains("graph output 'a'"), "{m}");
    }

    #[test]
    fn gemm_trans_a_is_refused() {
        let mut g = graph(node("Relu", &["h"], "a"), &["y"]);
        g.node[0] = with_int(g.node[0].clone(), "transA", 1);
        let m = structure_error(&g);
        assert!(m.contains("transA"), "{m}");
    }

    #[test]
    fn a_missing_weight_is_named() {
        let mut g = graph(node("Relu", &["h"], "a"), &["y"]);
        g.initializer.remove(1);
        let m = structure_error(&g);
        assert!(m.contains("'w2' is not a constant tensor"), "{m}");
    }
}
