//! Running a pipeline locally: every sink written, with rows and time per node.
//!
//! Two strategies. Node by node materialises each node's output once, in memory, so every node
//! reports exact rows in and out and its own time; it suits the small and medium inputs of
//! design and teaching. Streaming hands each sink's whole query to Polars' streaming engine,
//! which reads large inputs in batches with bounded memory; nodes are fused into their sink's
//! query, so rows and time are reported per sink.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use polars::prelude::*;

use super::error::{NodeError, data_error, reading_suffix};
use super::paths::discover;
use super::plan::{NodeOutcome, PipelinePlan, plan_pipeline};
use super::sinks::write_sink;
use crate::model::graph::topological_order;
use crate::model::kinds::Category;
use crate::model::{Diagnostic, Pipeline};

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
}

/// Progress, reported as the run goes.
#[derive(Debug, Clone, PartialEq)]
pub enum RunEvent {
    Started { steps: usize },
    NodeStarted { node: String },
    NodeFinished(NodeRunStats),
}

/// Why a run did not complete.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    #[error("the pipeline has errors; nothing was run")]
    Invalid(Vec<Diagnostic>),
    #[error("node `{node}` failed: {error}")]
    NodeFailed { node: String, error: NodeError },
    #[error("the run was cancelled")]
    Cancelled,
}

/// Runs every sink of `pipeline`. `cancel` is checked between nodes.
pub fn run_pipeline(
    pipeline: &Pipeline,
    base_dir: &Path,
    strategy: RunStrategy,
    cancel: &Arc<AtomicBool>,
    on_event: &mut dyn FnMut(RunEvent),
) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let plan = plan_pipeline(pipeline, base_dir);
    let errors: Vec<Diagnostic> = plan
        .diagnostics(pipeline, None)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        return Err(RunError::Invalid(errors));
    }
    let strategy = match strategy {
        RunStrategy::Auto if input_bytes(pipeline, base_dir) >= AUTO_STREAMING_MIN_BYTES => {
            RunStrategy::Streaming
        }
        RunStrategy::Auto => RunStrategy::NodeByNode,
        chosen => chosen,
    };
    let nodes = match strategy {
        RunStrategy::Streaming => run_streaming(pipeline, &plan, cancel, on_event)?,
        _ => run_node_by_node(pipeline, base_dir, cancel, on_event)?,
    };
    Ok(RunReport {
        strategy,
        nodes,
        elapsed: started.elapsed(),
    })
}

/// Adds the source files to a sink's write error, whose cause may lie anywhere upstream.
fn with_reading(mut error: NodeError, reading: &[String]) -> NodeError {
    if error.code == "write-failed" {
        error.message.push_str(&reading_suffix(reading));
    }
    error
}

/// The bytes of every source file, to choose a strategy.
fn input_bytes(pipeline: &Pipeline, base_dir: &Path) -> u64 {
    pipeline
        .nodes
        .iter()
        .filter(|n| n.kind.category == Category::Source)
        .filter_map(|n| n.param("path").and_then(|p| p.as_str().map(str::to_string)))
        .filter_map(|path| discover(base_dir, &path, &[], false).ok())
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
        let Some(NodeOutcome::Ready { frame, .. }) = plan.outcome(sink_id) else {
            continue;
        };
        on_event(RunEvent::NodeStarted {
            node: sink_id.to_string(),
        });
        let started = Instant::now();
        let output = write_sink(node, frame.clone(), &plan.base_dir, Engine::Streaming).map_err(
            |error| RunError::NodeFailed {
                node: sink_id.to_string(),
                error: with_reading(error, plan.reading(sink_id)),
            },
        )?;
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
    base_dir: &Path,
    cancel: &Arc<AtomicBool>,
    on_event: &mut dyn FnMut(RunEvent),
) -> Result<Vec<NodeRunStats>, RunError> {
    let order = topological_order(pipeline).map_err(|_| RunError::Invalid(Vec::new()))?;
    on_event(RunEvent::Started { steps: order.len() });
    let mut materialised = PipelinePlan::empty(pipeline, base_dir);
    let mut rows_out: BTreeMap<String, u64> = BTreeMap::new();
    let mut stats = Vec::new();
    for index in order {
        if cancel.load(Ordering::Relaxed) {
            return Err(RunError::Cancelled);
        }
        let node = &pipeline.nodes[index];
        let id = node.id.to_string();
        on_event(RunEvent::NodeStarted { node: id.clone() });
        let started = Instant::now();
        let rows_in: u64 = node
            .input_refs()
            .filter_map(|(_, s)| rows_out.get(s.node.as_str()))
            .sum();
        let failed = |error: NodeError| RunError::NodeFailed {
            node: id.clone(),
            error,
        };
        let outcome = super::plan::plan_node(node, &materialised, base_dir);
        let frame = match outcome {
            NodeOutcome::Ready { frame, .. } => frame,
            NodeOutcome::Failed(error) => return Err(failed(error)),
            NodeOutcome::Blocked { .. } => {
                return Err(failed(NodeError::new("blocked", "an input failed")));
            }
        };
        let (rows, note) = if node.kind.is_sink() {
            let output = write_sink(node, frame, base_dir, Engine::InMemory)
                .map_err(|e| failed(with_reading(e, materialised.reading(&id))))?;
            (
                output.rows,
                Some(format!("wrote {}", output.path.display())),
            )
        } else {
            let data = frame.collect().map_err(|e| {
                failed(data_error("the node failed", &e, materialised.reading(&id)))
            })?;
            let rows = data.height() as u64;
            let schema = data.schema().clone();
            materialised.outcomes.insert(
                id.clone(),
                NodeOutcome::Ready {
                    frame: data.lazy(),
                    schema,
                },
            );
            (rows, None)
        };
        rows_out.insert(id.clone(), rows);
        let is_source = node.kind.category == Category::Source;
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
