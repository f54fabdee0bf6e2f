//! The prover's phase times, read from its `tracing` spans (`spazk_mlp::prover`: `inference`,
//! `advice_commit`, and per layer `linear` and `activation`; `spazk_mlp::keys`:
//! `derive_generators`, `commit_weights`) by a small subscriber layer that adds up the time each
//! span name is entered. Installed only around a call that reports phases
//! (`--json`), on the calling thread: the spans are opened there, and without a subscriber they
//! cost nothing measurable.

use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tracing::span::Id;
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

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

/// The time spent in each span name of `spazk-mlp` during [`record`].
#[derive(Clone, Debug, Default)]
pub struct SpanTotals(HashMap<&'static str, Duration>);

impl SpanTotals {
    /// Milliseconds spent in spans named `name` (0 if none ran).
    pub fn ms(&self, name: &str) -> f64 {
        self.0.get(name).map_or(0.0, |d| d.as_secs_f64() * 1e3)
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
}

/// Runs `f` with a subscriber that times `spazk-mlp`'s spans (the prover's phases; the key's
/// `derive_generators` and `commit_weights`); returns its result and the times.
pub fn record<R>(f: impl FnOnce() -> R) -> (R, SpanTotals) {
    let totals = Arc::new(Mutex::new(HashMap::new()));
    let subscriber = tracing_subscriber::registry().with(SpanTimes {
        totals: totals.clone(),
    });
    let result = tracing::subscriber::with_default(subscriber, f);
    let totals = totals.lock().unwrap_or_else(|e| e.into_inner()).clone();
    (result, SpanTotals(totals))
}

/// Adds up, per span name, the time the prover's spans are entered.
struct SpanTimes {
    totals: Arc<Mutex<HashMap<&'static str, Duration>>>,
}

/// When the span was last entered (kept in the span's extensions).
struct Entered(Instant);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for SpanTimes {
    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if span.metadata().target().starts_with("spazk_mlp") {
                span.extensions_mut().insert(Entered(Instant::now()));
            }
        }
    }

    fn on_exit(&self, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let Some(Entered(start)) = span.extensions_mut().remove::<Entered>() else {
            return;
        };
        let mut totals = self.totals.lock().unwrap_or_else(|e| e.into_inner());
        *totals.entry(span.name()).or_default() += start.elapsed();
    }
}
