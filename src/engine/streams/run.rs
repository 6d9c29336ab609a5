//! A pipeline's stream nodes run as one graph on the stream runtime: a stage per node, made
//! from the plan, wired as the canvas wires them, with faults put in where asked, bounded by
//! events or time, and reported per node; what collecting nodes kept becomes their tables.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use polars::prelude::*;

use super::StageOptions;
use crate::engine::plan::PipelinePlan;
use crate::model::Pipeline;
use crate::stream::collect::{Collected, collected_frame};
use crate::stream::fault::Fault;
use crate::stream::live::LiveRun;
use crate::stream::runtime::{RunSettings, Stage, StageReport, StreamError, run};

/// How a stream run goes.
#[derive(Debug, Clone)]
pub struct StreamRunOptions {
    /// Sources stop after this many events in all.
    pub max_events: Option<u64>,
    /// Sources stop after this long.
    pub duration: Option<Duration>,
    /// Faults put in on purpose, by node.
    pub faults: BTreeMap<String, Fault>,
    /// Set to stop the sources (Ctrl+C, the window's Stop); every stage then flushes.
    pub stop: Arc<AtomicBool>,
    pub batch_rows: usize,
    pub channel_batches: usize,
}

impl Default for StreamRunOptions {
    fn default() -> Self {
        let runtime = RunSettings::default();
        Self {
            max_events: None,
            duration: None,
            faults: BTreeMap::new(),
            stop: runtime.stop,
            batch_rows: runtime.batch_rows,
            channel_batches: runtime.channel_batches,
        }
    }
}

/// What one stream node did.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamNodeReport {
    pub node: String,
    pub kind: &'static str,
    pub stage: StageReport,
    pub fault: Option<Fault>,
}

impl StreamNodeReport {
    /// Events in = events out + counted drops (+ events taken into aggregates).
    pub fn conserved(&self) -> bool {
        self.stage.conserved()
    }
}

/// The outcome of a stream run.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamRunReport {
    pub nodes: Vec<StreamNodeReport>,
    pub elapsed: Duration,
}

/// A stream run's report, and the tables its collecting nodes (stream to table) kept, by node.
pub struct StreamRun {
    pub report: StreamRunReport,
    pub tables: Vec<(String, DataFrame)>,
}

impl StreamRunReport {
    /// The nodes whose events do not add up.
    pub fn unbalanced(&self) -> Vec<&str> {
        self.nodes
            .iter()
            .filter(|n| !n.conserved())
            .map(|n| n.node.as_str())
            .collect()
    }

    /// Events node `id` took in, per second of the run.
    pub fn events_per_second(&self, id: &str) -> f64 {
        let taken = self.node(id).map_or(0, |n| n.stage.events_in);
        taken as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn node(&self, id: &str) -> Option<&StreamNodeReport> {
        self.nodes.iter().find(|n| n.node == id)
    }
}

/// Why a stream run did not complete.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StreamRunError {
    #[error("stream node `{node}` cannot start: {message}")]
    Start { node: String, message: String },
    #[error("stream node `{node}` failed: {message}")]
    Failed { node: String, message: String },
    #[error("{0}")]
    Runtime(String),
    #[error("--fault names `{0}`, which is not a stream node of the pipeline")]
    UnknownFaultNode(String),
}

/// The stream nodes of `plan`, in evaluation order.
pub fn stream_nodes(plan: &PipelinePlan) -> Vec<String> {
    plan.order
        .iter()
        .filter(|id| plan.streams.contains_key(*id))
        .cloned()
        .collect()
}

/// The stage ids of a run of `plan`'s streams, for live counters made before it starts.
pub fn live_counters(plan: &PipelinePlan) -> Arc<LiveRun> {
    Arc::new(LiveRun::new(stream_nodes(plan)))
}

/// Runs every stream node of `plan` until its sources end, a bound is reached or `stop` is
/// set, and every stage has flushed.
pub fn run_streams(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    options: &StreamRunOptions,
    live: Option<Arc<LiveRun>>,
) -> Result<StreamRun, StreamRunError> {
    let ids = stream_nodes(plan);
    if let Some(unknown) = options.faults.keys().find(|node| !ids.contains(node)) {
        return Err(StreamRunError::UnknownFaultNode(unknown.clone()));
    }
    let index_of: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(index, id)| (id.as_str(), index))
        .collect();
    let mut stages = Vec::with_capacity(ids.len());
    let mut collected: Vec<(String, Collected)> = Vec::new();
    let mut runtime_faults = HashMap::new();
    for id in &ids {
        let Some(node) = plan.streams.get(id) else {
            continue;
        };
        let fault = options.faults.get(id).copied();
        let made = (node.make)(StageOptions {
            fault,
            sample: false,
        })
        .map_err(|message| StreamRunError::Start {
            node: id.clone(),
            message,
        })?;
        if let Some(frames) = made.collected {
            collected.push((id.clone(), frames));
        }
        if let Some(fault) = made.runtime_fault {
            runtime_faults.insert(id.clone(), fault);
        }
        stages.push(Stage {
            id: id.clone(),
            kind: made.kind,
            inputs: node
                .inputs
                .iter()
                .filter_map(|input| index_of.get(input.as_str()).copied())
                .collect(),
        });
    }
    let settings = RunSettings {
        channel_batches: options.channel_batches,
        batch_rows: options.batch_rows,
        max_events: options.max_events,
        max_duration: options.duration,
        stop: Arc::clone(&options.stop),
        faults: runtime_faults,
        live,
        ..RunSettings::default()
    };
    let started = Instant::now();
    let reports = run(stages, &settings).map_err(|error| match error {
        StreamError::Stage { stage, message } => StreamRunError::Failed {
            node: stage,
            message,
        },
        other => StreamRunError::Runtime(other.to_string()),
    })?;
    let elapsed = started.elapsed();
    let mut tables = Vec::new();
    for (id, frames) in &collected {
        let schema = plan
            .outcome(id)
            .and_then(|o| o.table(None))
            .map(|t| t.schema.clone())
            .unwrap_or_default();
        let frame = collected_frame(frames, &schema).map_err(|message| StreamRunError::Failed {
            node: id.clone(),
            message,
        })?;
        tables.push((id.clone(), frame));
    }
    let nodes = reports
        .into_iter()
        .map(|stage| StreamNodeReport {
            kind: pipeline.node(&stage.id).map_or("", |n| n.kind.name),
            fault: options.faults.get(&stage.id).copied(),
            node: stage.id.clone(),
            stage,
        })
        .collect();
    Ok(StreamRun {
        report: StreamRunReport { nodes, elapsed },
        tables,
    })
}
