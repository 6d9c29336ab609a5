//! The engine worker: plans and previews run on a thread of their own, so the window never waits
//! on disk or Polars. Requests carry the document's generation; the worker skips requests that a
//! newer one has replaced, and the window drops results older than its document.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;

use crate::engine::types::type_name;
use crate::engine::{
    NodeError, NodeOutcome, PipelinePlan, Preview, SampleMethod, plan_pipeline, preview_node,
};
use crate::model::file_format::SourceMap;
use crate::model::{Diagnostic, Pipeline};

/// What the window asks of the engine.
#[derive(Debug, Clone)]
pub enum JobRequest {
    /// Work out every node's schema and the pipeline's diagnostics.
    Plan {
        generation: u64,
        pipeline: Pipeline,
        base_dir: PathBuf,
        source_map: Option<SourceMap>,
    },
    /// Sample a node's output, using the plan of the same generation.
    Preview {
        generation: u64,
        node: String,
        rows: usize,
        method: SampleMethod,
    },
}

/// How a node stands after planning.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeStatus {
    Ok,
    Error(String),
    Blocked(Vec<String>),
}

/// The outcome of a plan request, in plain data the window can keep.
#[derive(Debug, Clone)]
pub struct PlanSummary {
    pub generation: u64,
    pub statuses: HashMap<String, NodeStatus>,
    /// Output columns and type names of each node that has them.
    pub schemas: HashMap<String, Vec<(String, String)>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A preview with its cells already turned into text, so the window only lays them out.
#[derive(Debug, Clone)]
pub struct PreviewTable {
    pub preview: Preview,
    /// Row by row, one text per column.
    pub cells: Vec<Vec<String>>,
    pub elapsed: std::time::Duration,
}

/// What the engine sends back.
#[derive(Debug, Clone)]
pub enum JobResult {
    Planned(PlanSummary),
    Previewed {
        generation: u64,
        node: String,
        result: Result<PreviewTable, NodeError>,
    },
}

/// The handle the window keeps: send requests, poll results.
pub struct EngineWorker {
    requests: Sender<JobRequest>,
    results: Receiver<JobResult>,
    thread: Option<JoinHandle<()>>,
}

impl EngineWorker {
    /// Starts the worker; `notify` is called after each result (the window asks for a repaint).
    pub fn start(notify: impl Fn() + Send + 'static) -> Self {
        let (requests, inbox) = channel::<JobRequest>();
        let (outbox, results) = channel::<JobResult>();
        let thread = std::thread::Builder::new()
            .name("sluice-engine".into())
            .spawn(move || serve(&inbox, &outbox, &notify))
            .ok();
        Self {
            requests,
            results,
            thread,
        }
    }

    pub fn send(&self, request: JobRequest) {
        let _ = self.requests.send(request);
    }

    /// Every result that has arrived, without waiting.
    pub fn poll(&self) -> Vec<JobResult> {
        self.results.try_iter().collect()
    }

    /// Waits for the next result (for tests and headless use).
    pub fn wait(&self, timeout: std::time::Duration) -> Option<JobResult> {
        self.results.recv_timeout(timeout).ok()
    }
}

impl Drop for EngineWorker {
    fn drop(&mut self) {
        // Closing the request channel ends the worker's loop; it is not joined, so a long
        // Polars query never holds the window open.
        let (closed, _) = channel();
        self.requests = closed;
        drop(self.thread.take());
    }
}

fn serve(inbox: &Receiver<JobRequest>, outbox: &Sender<JobResult>, notify: &dyn Fn()) {
    let mut current: Option<(u64, PipelinePlan)> = None;
    while let Ok(first) = inbox.recv() {
        let mut pending = vec![first];
        loop {
            match inbox.try_recv() {
                Ok(request) => pending.push(request),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        // Only the newest plan and the newest preview matter.
        let newest_plan = pending
            .iter()
            .rposition(|r| matches!(r, JobRequest::Plan { .. }));
        let newest_preview = pending
            .iter()
            .rposition(|r| matches!(r, JobRequest::Preview { .. }));
        for (index, request) in pending.into_iter().enumerate() {
            let result = match request {
                JobRequest::Plan {
                    generation,
                    pipeline,
                    base_dir,
                    source_map,
                } if Some(index) == newest_plan => {
                    let plan = plan_pipeline(&pipeline, &base_dir);
                    let summary = summarise(generation, &pipeline, &plan, source_map.as_ref());
                    current = Some((generation, plan));
                    JobResult::Planned(summary)
                }
                JobRequest::Preview {
                    generation,
                    node,
                    rows,
                    method,
                } if Some(index) == newest_preview => {
                    let started = std::time::Instant::now();
                    let result = match &current {
                        Some((planned, plan)) if *planned == generation => {
                            preview_node(plan, &node, rows, method).map(|preview| PreviewTable {
                                cells: preview.cell_texts(),
                                preview,
                                elapsed: started.elapsed(),
                            })
                        }
                        _ => continue,
                    };
                    JobResult::Previewed {
                        generation,
                        node,
                        result,
                    }
                }
                _ => continue,
            };
            if outbox.send(result).is_err() {
                return;
            }
            notify();
        }
    }
}

fn summarise(
    generation: u64,
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    source_map: Option<&SourceMap>,
) -> PlanSummary {
    let mut statuses = HashMap::new();
    let mut schemas = HashMap::new();
    for (id, outcome) in &plan.outcomes {
        let status = match outcome {
            NodeOutcome::Ready { schema, .. } => {
                let columns = schema
                    .iter()
                    .map(|(name, dtype)| (name.to_string(), type_name(dtype)))
                    .collect();
                schemas.insert(id.clone(), columns);
                NodeStatus::Ok
            }
            NodeOutcome::Failed(error) => NodeStatus::Error(error.message.clone()),
            NodeOutcome::Blocked { by } => NodeStatus::Blocked(by.iter().cloned().collect()),
        };
        statuses.insert(id.clone(), status);
    }
    PlanSummary {
        generation,
        statuses,
        schemas,
        diagnostics: plan.diagnostics(pipeline, source_map),
    }
}
