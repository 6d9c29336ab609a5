//! Running a pipeline locally: every sink written, with rows and time per node.
//!
//! Two strategies. Node by node materialises each node's output once, in memory, so every node
//! reports exact rows in and out and its own time; it suits the small and medium inputs of
//! design and teaching. Streaming hands each sink's whole query to Polars' streaming engine,
//! which reads large inputs in batches with bounded memory; nodes are fused into their sink's
//! query, so rows and time are reported per sink.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use polars::prelude::*;

use super::error::{NodeError, data_error, reading_suffix};
use super::kinds::{Role, role};
use super::plan::{NodeOutcome, PipelinePlan, PlanSite, plan_node, plan_pipeline, plan_upstream};
use super::reach::outside_folder;
use super::sinks::write_sink;
use super::sources::discover_files;
use super::streams::run::{
    StreamRun, StreamRunError, StreamRunOptions, StreamRunReport, live_counters, run_streams,
    stream_nodes,
};
use super::value::{NodeOutputs, PortValue, Table};
use crate::model::graph::topological_order;
use crate::model::{Code, Diagnostic, Pipeline};
use crate::stream::live::LiveRun;

/// Inputs larger than this, in all, are streamed by `RunStrategy::Auto`.
pub const AUTO_STREAMING_MIN_BYTES: u64 = 256 * 1024 * 1024;

/// How a run executes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStrategy {
    /// Streaming for large inputs, node by node otherwise.
    Auto,
    Streaming,
    NodeByNode,
}

/// Which outputs outside the pipeline's folder the person agreed to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OutsideWrites {
    /// None: a run that would write outside stops before it starts.
    #[default]
    Refuse,
    /// These paths (as the refusal listed them).
    Allow(Vec<PathBuf>),
    /// Any (`sluice run --allow-outside`).
    AllowAll,
}

/// How to run, and what the person agreed to.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub strategy: RunStrategy,
    pub outside: OutsideWrites,
    /// Run only this node and what feeds it (`sluice run --node`); every sink when `None`.
    pub only: Option<String>,
    /// How the stream nodes run: bounds, faults, the stop that flushes them.
    pub stream: StreamRunOptions,
}

impl RunOptions {
    /// `strategy`, writing only inside the pipeline's folder.
    pub fn new(strategy: RunStrategy) -> Self {
        Self {
            strategy,
            outside: OutsideWrites::Refuse,
            only: None,
            stream: StreamRunOptions::default(),
        }
    }
}

/// What happened to one node in a run.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRunStats {
    pub node: String,
    pub kind: &'static str,
    pub rows_in: Option<u64>,
    pub rows_out: Option<u64>,
    pub elapsed: Duration,
    /// For fused nodes: which sink's query they ran in.
    pub note: Option<String>,
}

/// The outcome of a whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    pub strategy: RunStrategy,
    pub nodes: Vec<NodeRunStats>,
    pub elapsed: Duration,
    /// What the stream nodes did, when the pipeline has any.
    pub stream: Option<StreamRunReport>,
}

/// A running stream's live counters, as a run event hands them out.
#[derive(Debug, Clone)]
pub struct LiveHandle(pub Arc<LiveRun>);

impl PartialEq for LiveHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Progress, reported as the run goes.
#[derive(Debug, Clone, PartialEq)]
pub enum RunEvent {
    Started {
        steps: usize,
    },
    NodeStarted {
        node: String,
    },
    NodeFinished(NodeRunStats),
    /// The stream nodes started; their counters move while they run.
    StreamStarted(LiveHandle),
    /// The stream nodes ended and flushed (the batch nodes after them run next).
    StreamFinished(StreamRunReport),
}

/// Why a run did not complete.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    #[error("the pipeline has errors; nothing was run")]
    Invalid(Vec<Diagnostic>),
    #[error(
        "the pipeline writes outside its folder ({}); nothing was run. Check the paths, then run with --allow-outside (or agree in the window)",
        paths.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", ")
    )]
    OutsideFolder { paths: Vec<PathBuf> },
    #[error("node `{node}` failed: {error}")]
    NodeFailed { node: String, error: NodeError },
    #[error("the run was cancelled")]
    Cancelled,
    #[error("there is no node `{0}` to run")]
    UnknownNode(String),
    #[error(transparent)]
    Stream(#[from] StreamRunError),
}

/// Runs every sink of `pipeline`. `cancel` is checked between nodes. Nothing is written when a
/// node has an error, or when an output lies outside the pipeline's folder and the options do
/// not allow it.
pub fn run_pipeline(
    pipeline: &Pipeline,
    site: impl Into<PlanSite>,
    options: RunOptions,
    cancel: &Arc<AtomicBool>,
    on_event: &mut dyn FnMut(RunEvent),
) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let site: PlanSite = site.into();
    let base_dir = site.base_dir.as_path();
    if let Some(only) = &options.only
        && pipeline.node(only).is_none()
    {
        return Err(RunError::UnknownNode(only.clone()));
    }
    let refused: Vec<PathBuf> = outside_folder(pipeline, base_dir)
        .into_iter()
        .map(|write| write.path)
        .filter(|path| match &options.outside {
            OutsideWrites::Refuse => true,
            OutsideWrites::Allow(allowed) => !allowed.contains(path),
            OutsideWrites::AllowAll => false,
        })
        .collect();
    if !refused.is_empty() {
        return Err(RunError::OutsideFolder { paths: refused });
    }
    let strategy = options.strategy;
    let plan = match &options.only {
        Some(only) => plan_upstream(pipeline, &site, &[only.as_str()]),
        None => plan_pipeline(pipeline, &site),
    };
    let errors: Vec<Diagnostic> = plan
        .diagnostics(pipeline, None)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(RunError::Invalid(errors));
    }
    let has_streams = !stream_nodes(&plan).is_empty();
    let strategy = match strategy {
        // Stream nodes hand their tables to the batch nodes after them, node by node.
        _ if has_streams => RunStrategy::NodeByNode,
        RunStrategy::Auto if input_bytes(pipeline, base_dir) >= AUTO_STREAMING_MIN_BYTES => {
            RunStrategy::Streaming
        }
        RunStrategy::Auto => RunStrategy::NodeByNode,
        chosen => chosen,
    };
    // Crawls are recorded first: what the catalog sources planned on is what the catalog
    // file then holds.
    let mut nodes = super::record::record_crawls(pipeline, &plan, on_event)?;
    let streamed = if has_streams {
        let live = live_counters(&plan);
        on_event(RunEvent::StreamStarted(LiveHandle(Arc::clone(&live))));
        let streamed = run_streams(pipeline, &plan, &options.stream, Some(live))?;
        on_event(RunEvent::StreamFinished(streamed.report.clone()));
        Some(streamed)
    } else {
        None
    };
    let nodes_run = match strategy {
        RunStrategy::Streaming => run_streaming(pipeline, &plan, cancel, on_event),
        _ => run_node_by_node(pipeline, &plan, &site, streamed.as_ref(), cancel, on_event),
    };
    // What the data-quality nodes measured is kept for dynamic rules, whether the run passed
    // or a blocking rule stopped it; a whole run's durations are kept for the estimates.
    let elapsed = started.elapsed();
    let completed = nodes_run.as_ref().ok().filter(|_| options.only.is_none());
    record_history(&plan, completed.map(|run| (run.as_slice(), elapsed)))?;
    nodes.extend(nodes_run?);
    Ok(RunReport {
        strategy,
        nodes,
        elapsed,
        stream: streamed.map(|run| run.report),
    })
}

/// Appends to the run history the values of the data-quality nodes evaluated in the run and,
/// for a whole run that completed, each node's duration.
fn record_history(
    plan: &PipelinePlan,
    completed: Option<(&[NodeRunStats], Duration)>,
) -> Result<(), RunError> {
    let Some(path) = &plan.history_file else {
        return Ok(());
    };
    let reports = match plan.quality_reports.lock() {
        Ok(reports) => reports.clone(),
        Err(_) => return Ok(()),
    };
    if reports.is_empty() && completed.is_none() {
        return Ok(());
    }
    let failed = |message: String| RunError::NodeFailed {
        node: reports.keys().next().cloned().unwrap_or_default(),
        error: NodeError::new(Code::BadHistory, message),
    };
    let mut history =
        crate::model::history::load_history(path).map_err(|e| failed(e.to_string()))?;
    for (node, report) in &reports {
        history.record(node, &report.metrics());
    }
    if let Some((nodes, elapsed)) = completed {
        // A stream node's time is how long the stream ran, not a delay it adds to a path.
        let node_seconds = nodes
            .iter()
            .filter(|n| {
                crate::model::kind_spec(n.kind)
                    .is_none_or(|kind| !matches!(role(kind.id), Role::Stream(_)))
            })
            .map(|n| (n.node.clone(), n.elapsed.as_secs_f64()))
            .collect();
        history.record_run(&node_seconds, elapsed.as_secs_f64());
    }
    crate::model::history::save_history(path, &history).map_err(|e| failed(e.to_string()))
}

/// Adds the file at fault to a sink's write error, whose cause may lie anywhere upstream.
fn with_file_at_fault(mut error: NodeError, plan: &PipelinePlan, sink: &str) -> NodeError {
    if error.code == Code::WriteFailed {
        error
            .message
            .push_str(&reading_suffix(plan.file_at_fault(sink).as_deref()));
    }
    error
}

/// The bytes of every source file, to choose a strategy.
fn input_bytes(pipeline: &Pipeline, base_dir: &Path) -> u64 {
    pipeline
        .nodes
        .iter()
        .filter_map(|node| match role(node.kind.id) {
            Role::Source(format) => discover_files(format, node, base_dir).ok(),
            Role::Transform(_)
            | Role::Sink(_)
            | Role::Crawler
            | Role::CatalogSource
            | Role::Quality
            | Role::Train
            | Role::Stream(_) => None,
        })
        .flat_map(|found| found.files)
        .filter_map(|file| std::fs::metadata(file).ok())
        .map(|m| m.len())
        .sum()
}

fn run_streaming(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    cancel: &Arc<AtomicBool>,
    on_event: &mut dyn FnMut(RunEvent),
) -> Result<Vec<NodeRunStats>, RunError> {
    let sinks: Vec<&str> = plan
        .order
        .iter()
        .filter(|id| pipeline.node(id).is_some_and(|n| n.kind.is_sink()))
        .map(String::as_str)
        .collect();
    on_event(RunEvent::Started { steps: sinks.len() });
    let mut stats = Vec::new();
    for sink_id in sinks {
        if cancel.load(Ordering::Relaxed) {
            return Err(RunError::Cancelled);
        }
        let Some(node) = pipeline.node(sink_id) else {
            continue;
        };
        let (Role::Sink(format), Some(table)) = (
            role(node.kind.id),
            plan.outcome(sink_id).and_then(|o| o.table(None)),
        ) else {
            continue;
        };
        on_event(RunEvent::NodeStarted {
            node: sink_id.to_string(),
        });
        let started = Instant::now();
        let output = write_sink(
            node,
            format,
            table.frame.clone(),
            &plan.base_dir,
            Engine::Streaming,
        )
        .map_err(|error| RunError::NodeFailed {
            node: sink_id.to_string(),
            error: with_file_at_fault(error, plan, sink_id),
        })?;
        let upstream = crate::model::graph::upstream_of(pipeline, sink_id);
        for id in plan.order.iter().filter(|id| upstream.contains(*id)) {
            if stats.iter().any(|s: &NodeRunStats| &s.node == id) {
                continue;
            }
            let kind = pipeline.node(id).map_or("", |n| n.kind.name);
            stats.push(NodeRunStats {
                node: id.clone(),
                kind,
                rows_in: None,
                rows_out: None,
                elapsed: Duration::ZERO,
                note: Some(format!("streamed into `{sink_id}`")),
            });
        }
        let sink_stats = NodeRunStats {
            node: sink_id.to_string(),
            kind: node.kind.name,
            rows_in: Some(output.rows),
            rows_out: Some(output.rows),
            elapsed: started.elapsed(),
            note: Some(format!("wrote {}", output.path.display())),
        };
        on_event(RunEvent::NodeFinished(sink_stats.clone()));
        stats.push(sink_stats);
    }
    Ok(stats)
}

fn run_node_by_node(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    site: &PlanSite,
    streamed: Option<&StreamRun>,
    cancel: &Arc<AtomicBool>,
    on_event: &mut dyn FnMut(RunEvent),
) -> Result<Vec<NodeRunStats>, RunError> {
    let base_dir = site.base_dir.as_path();
    let order: Vec<usize> = topological_order(pipeline)
        .map_err(|_| RunError::Invalid(Vec::new()))?
        .into_iter()
        .filter(|&index| plan.outcome(pipeline.nodes[index].id.as_str()).is_some())
        .collect();
    on_event(RunEvent::Started { steps: order.len() });
    let mut materialised = PipelinePlan::empty(site);
    materialised.quality_reports = std::sync::Arc::clone(&plan.quality_reports);
    // Rows of each output, by (node, port).
    let mut rows_out: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut stats = Vec::new();
    for index in order {
        if cancel.load(Ordering::Relaxed) {
            return Err(RunError::Cancelled);
        }
        let node = &pipeline.nodes[index];
        let id = node.id.to_string();
        if let (Role::Stream(_), Some(streamed)) = (role(node.kind.id), streamed) {
            let node_stats = stream_node_stats(node, plan, streamed, &mut materialised);
            on_event(RunEvent::NodeFinished(node_stats.clone()));
            stats.push(node_stats);
            materialised.order.push(id);
            continue;
        }
        if matches!(role(node.kind.id), Role::Crawler) {
            // Crawled and recorded already: its catalog is the plan's.
            if let Some(NodeOutcome::Ready(outputs)) = plan.outcome(&id) {
                materialised.set_outputs(&id, outputs.clone());
                materialised.order.push(id);
            }
            continue;
        }
        on_event(RunEvent::NodeStarted { node: id.clone() });
        let started = Instant::now();
        let rows_in: u64 = node
            .input_refs()
            .filter_map(|(_, s)| rows_out.get(&(s.node.to_string(), s.port.to_string())))
            .sum();
        let failed = |error: NodeError| RunError::NodeFailed {
            node: id.clone(),
            error,
        };
        let outputs = match plan_node(node, &mut materialised) {
            NodeOutcome::Ready(outputs) => outputs,
            NodeOutcome::Failed(error) => return Err(failed(error)),
            NodeOutcome::Blocked { .. } => {
                return Err(failed(NodeError::new(Code::Blocked, "an input failed")));
            }
        };
        let role = role(node.kind.id);
        let (rows, note) = if let Role::Sink(format) = role {
            let frame = outputs
                .iter()
                .find_map(|(_, value)| value.as_table())
                .map(|table| table.frame.clone())
                .unwrap_or_default();
            let output = write_sink(node, format, frame, base_dir, Engine::InMemory)
                .map_err(|e| failed(with_file_at_fault(e, &materialised, &id)))?;
            (
                output.rows,
                Some(format!("wrote {}", output.path.display())),
            )
        } else {
            // Each output is computed once and kept in memory for the nodes that read it.
            let mut kept = Vec::new();
            let mut rows = 0;
            let mut per_port = Vec::new();
            for (port, value) in outputs.iter() {
                let Some(table) = value.as_table() else {
                    kept.push((port.to_string(), value.clone()));
                    continue;
                };
                let data = table.frame.clone().collect().map_err(|e| {
                    failed(data_error(
                        "the node failed",
                        &e,
                        materialised.file_at_fault(&id).as_deref(),
                    ))
                })?;
                let height = data.height() as u64;
                rows += height;
                rows_out.insert((id.clone(), port.to_string()), height);
                per_port.push(format!("{port}: {height}"));
                let schema = data.schema().clone();
                kept.push((
                    port.to_string(),
                    PortValue::Table(Table {
                        frame: data.lazy(),
                        schema,
                    }),
                ));
            }
            materialised.set_outputs(&id, NodeOutputs::new(kept));
            let quality = materialised
                .quality_reports
                .lock()
                .ok()
                .and_then(|reports| reports.get(&id).map(|r| r.summary()));
            let note = quality.or_else(|| {
                (per_port.len() > 1).then(|| format!("rows by output: {}", per_port.join(", ")))
            });
            (rows, note)
        };
        let is_source = matches!(role, Role::Source(_) | Role::CatalogSource);
        let node_stats = NodeRunStats {
            node: id.clone(),
            kind: node.kind.name,
            rows_in: (!is_source).then_some(rows_in),
            rows_out: Some(rows),
            elapsed: started.elapsed(),
            note,
        };
        on_event(RunEvent::NodeFinished(node_stats.clone()));
        stats.push(node_stats);
        materialised.order.push(id);
    }
    Ok(stats)
}

/// A stream node after the stream run: its outputs for the batch nodes after it (a collecting
/// node's table is what it kept), and its events in and out with what it dropped and counted.
fn stream_node_stats(
    node: &crate::model::Node,
    plan: &PipelinePlan,
    streamed: &StreamRun,
    materialised: &mut PipelinePlan,
) -> NodeRunStats {
    let id = node.id.as_str();
    match streamed
        .tables
        .iter()
        .find(|(table_node, _)| table_node == id)
    {
        Some((_, frame)) => {
            let port = node
                .default_output()
                .map(|p| p.name.to_string())
                .unwrap_or_default();
            let table = Table {
                frame: frame.clone().lazy(),
                schema: frame.schema().clone(),
            };
            materialised.set_outputs(id, NodeOutputs::new(vec![(port, PortValue::Table(table))]));
        }
        None => {
            if let Some(NodeOutcome::Ready(outputs)) = plan.outcome(id) {
                materialised.set_outputs(id, outputs.clone());
            }
        }
    }
    let report = streamed.report.node(id);
    let is_source = node
        .kind
        .inputs
        .fixed_names()
        .iter()
        .all(|port| node.kind.inputs.port_type(port) != Some(crate::model::PortType::Stream));
    NodeRunStats {
        node: id.to_string(),
        kind: node.kind.name,
        rows_in: report.filter(|_| !is_source).map(|r| r.stage.events_in),
        rows_out: report.map(|r| r.stage.events_out + r.stage.results_out),
        elapsed: streamed.report.elapsed,
        note: report.map(stream_note).filter(|note| !note.is_empty()),
    }
}

/// What a stream node dropped, counted and measured, in a few words.
pub fn stream_note(report: &super::streams::run::StreamNodeReport) -> String {
    let stage = &report.stage;
    let mut parts: Vec<String> = stage
        .drops
        .iter()
        .map(|(reason, events)| format!("{reason}: {events}"))
        .collect();
    if stage.aggregated > 0 {
        parts.push(format!(
            "{} events into {} results",
            stage.aggregated, stage.results_out
        ));
    }
    parts.extend(
        stage
            .counters
            .iter()
            .map(|(name, count)| format!("{name}: {count}")),
    );
    if let Some(latency) = stage.latency.filter(|l| l.count > 0) {
        parts.push(format!(
            "latency p50 {} p99 {}",
            micros_text(latency.p50_micros),
            micros_text(latency.p99_micros)
        ));
    }
    if let Some(fault) = report.fault {
        parts.push(format!("fault {fault}"));
    }
    parts.join(", ")
}

/// Microseconds as a short text: 850 µs, 12.4 ms, 1.20 s.
pub fn micros_text(micros: u64) -> String {
    if micros < 1_000 {
        format!("{micros} µs")
    } else if micros < 1_000_000 {
        format!("{:.1} ms", micros as f64 / 1_000.0)
    } else {
        format!("{:.2} s", micros as f64 / 1_000_000.0)
    }
}
