//! The provers' phase times, read from their `tracing` spans (`spazk_mlp::prover`: `inference`,
//! `advice_commit`, and per layer `linear` and `activation`; `spazk_mlp::hidden::prover`:
//! `hidden_inference`, `hidden_commit`, per layer `hidden_linear` and `hidden_activation`,
//! `input_range` and `sigma`; `spazk_mlp::keys`:
//! `derive_generators`, `commit_weights`; `spazk_gkr::prover`: per layer `phase1` and `phase2`)
//! by a small subscriber layer that adds up the time each span name is entered, in all and per
//! value of the span's `layer` field. Installed only around a call that reports phases
//! (`--json`), on the calling thread: the spans are opened there, and without a subscriber they
//! cost nothing measurable.

use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// Where proving time went, in milliseconds (the `phases_ms` of `spazk prove --json` and
/// `spazk bench mlp --json`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Phases {
    /// Plain inference and the statement's checks.
    pub inference: f64,
    /// Computing and committing every activation's advice.
    pub advice_commit: f64,
    /// The mat-vec sumchecks (folds and weight openings), all layers.
    pub linear: f64,
    /// The activation arguments (lookups and zero-checks), all layers.
    pub activation: f64,
}

/// Where zero-knowledge proving time went, in milliseconds (`phases_ms` of a zero-knowledge
/// `spazk prove --json` or `spazk bench mlp --zk --json`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ZkPhases {
    /// Plain inference and the statement's checks.
    pub inference: f64,
    /// Committing a private input, its multiplicities, the mask and every activation's advice,
    /// each with fresh blinds.
    pub commit: f64,
    /// The masked mat-vec sumchecks and hidden openings, all layers.
    pub linear: f64,
    /// The masked activation arguments, all layers.
    pub activation: f64,
    /// A private input's range check.
    pub input_range: f64,
    /// The final Σ-protocol over every relation.
    pub sigma: f64,
}

/// The phases of a proof of either mode.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ProverPhases {
    /// A transparent proof's.
    Transparent(Phases),
    /// A zero-knowledge proof's.
    ZeroKnowledge(ZkPhases),
}

/// The time spent in each span name of the provers during [`record`], in all and per layer.
#[derive(Clone, Debug, Default)]
pub struct SpanTotals {
    by_name: HashMap<&'static str, Duration>,
    by_layer: HashMap<(&'static str, u64), Duration>,
}

impl SpanTotals {
    /// Milliseconds spent in spans named `name` (0 if none ran).
    pub fn ms(&self, name: &str) -> f64 {
        self.by_name
            .get(name)
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    }

    /// Milliseconds spent in spans named `name` whose `layer` field is `layer` (0 if none ran).
    pub fn layer_ms(&self, name: &'static str, layer: u64) -> f64 {
        self.by_layer
            .get(&(name, layer))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    }

    /// The prover's phases.
    pub fn phases(&self) -> Phases {
        Phases {
            inference: self.ms("inference"),
            advice_commit: self.ms("advice_commit"),
            linear: self.ms("linear"),
            activation: self.ms("activation"),
        }
    }

    /// The zero-knowledge prover's phases.
    pub fn zk_phases(&self) -> ZkPhases {
        ZkPhases {
            inference: self.ms("hidden_inference"),
            commit: self.ms("hidden_commit"),
            linear: self.ms("hidden_linear"),
            activation: self.ms("hidden_activation"),
            input_range: self.ms("input_range"),
            sigma: self.ms("sigma"),
        }
    }

    /// The phases of a proof of `zk`'s mode.
    pub fn prover_phases(&self, zk: bool) -> ProverPhases {
        if zk {
            ProverPhases::ZeroKnowledge(self.zk_phases())
        } else {
            ProverPhases::Transparent(self.phases())
        }
    }
}

/// Runs `f` with a subscriber that times the spans of `spazk-mlp` (the prover's phases; the
/// key's `derive_generators` and `commit_weights`) and `spazk-gkr` (each layer's phases);
/// returns its result and the times.
pub fn record<R>(f: impl FnOnce() -> R) -> (R, SpanTotals) {
    let totals = Arc::new(Mutex::new(SpanTotals::default()));
    let subscriber = tracing_subscriber::registry().with(SpanTimes {
        totals: totals.clone(),
    });
    let result = tracing::subscriber::with_default(subscriber, f);
    let totals = totals.lock().unwrap_or_else(|e| e.into_inner()).clone();
    (result, totals)
}

/// The crates whose spans are timed.
const TIMED_TARGETS: [&str; 2] = ["spazk_mlp", "spazk_gkr"];

/// Adds up, per span name (and per layer), the time the provers' spans are entered.
struct SpanTimes {
    totals: Arc<Mutex<SpanTotals>>,
}

/// When the span was last entered (kept in the span's extensions).
struct Entered(Instant);

/// The span's `layer` field (kept in the span's extensions).
struct LayerIndex(u64);

/// Reads a span's `layer` field.
#[derive(Default)]
struct LayerField(Option<u64>);

impl Visit for LayerField {
    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "layer" {
            self.0 = Some(value);
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        if field.name() == "layer" {
            self.0 = u64::try_from(value).ok();
        }
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

fn timed(span_target: &str) -> bool {
    TIMED_TARGETS.iter().any(|t| span_target.starts_with(t))
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> tracing_subscriber::Layer<S> for SpanTimes {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        if !timed(span.metadata().target()) {
            return;
        }
        let mut layer = LayerField::default();
        attrs.record(&mut layer);
        if let Some(layer) = layer.0 {
            span.extensions_mut().insert(LayerIndex(layer));
        }
    }

    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if timed(span.metadata().target()) {
                span.extensions_mut().insert(Entered(Instant::now()));
            }
        }
    }

    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        let Some(Entered(start)) = extensions.remove::<Entered>() else {
            return;
        };
        let elapsed = start.elapsed();
        let layer = extensions.get_mut::<LayerIndex>().map(|l| l.0);
        let mut totals = self.totals.lock().unwrap_or_else(|e| e.into_inner());
        *totals.by_name.entry(span.name()).or_default() += elapsed;
        if let Some(layer) = layer {
            *totals.by_layer.entry((span.name(), layer)).or_default() += elapsed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spazk::field::Fr;
    use spazk::gkr::matvec::{matvec_circuit, matvec_inputs};
    use spazk::gkr::{prove_gkr, GateOp, GKR_PROTOCOL};
    use spazk::matrix::{random_field_vectors, MatrixShape, TernaryMatrix};
    use spazk::transcript::Transcript;

    #[test]
    fn every_gkr_layer_reports_its_phases() {
        let matrix = TernaryMatrix::random(MatrixShape::new(8, 8), 0.5, 3).unwrap();
        let v = random_field_vectors::<Fr>(1, 8, 4).pop().unwrap();
        let circuit = matvec_circuit(8, 8).unwrap();
        let inputs = matvec_inputs(&matrix, &v);
        let values = circuit.evaluate(&inputs).unwrap();
        let (_, spans) = record(|| {
            prove_gkr(
                &circuit,
                &inputs,
                &values,
                &mut Transcript::new(GKR_PROTOCOL),
            )
        });
        for (i, gates) in circuit.layers().iter().enumerate() {
            let layer = i as u64 + 1;
            assert!(spans.layer_ms("phase1", layer) > 0.0, "layer {layer}");
            let has_mul = gates.iter().any(|g| g.op == GateOp::Mul);
            assert_eq!(
                spans.layer_ms("phase2", layer) > 0.0,
                has_mul,
                "layer {layer}"
            );
        }
        assert!(spans.ms("phase1") > 0.0);
    }
}
