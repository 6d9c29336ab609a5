//! The engine worker: plans and previews run on a thread of their own, so the window never waits
//! on disk or Polars. Requests carry the document's generation; the worker skips requests that a
//! newer one has replaced, and the window drops results older than its document.

use crate::engine::requirements::{RequirementCheck, check_requirements};
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;

use crate::engine::PlanSite;
use crate::engine::types::type_name;
use crate::engine::{
    ColumnStats, NodeError, NodeOutcome, PipelinePlan, Preview, SampleMethod, SourceCache,
    plan_with, preview_node,
};
use crate::model::file_format::SourceMap;
use crate::model::{Diagnostic, Pipeline};

/// What the window asks of the engine.
#[derive(Debug, Clone)]
pub enum JobRequest {
    /// Work out every node's schema and the pipeline's diagnostics.
    Plan {
        generation: u64,
        pipeline: Box<Pipeline>,
        /// The pipeline's folder and catalog file.
        site: PlanSite,
        source_map: Option<SourceMap>,
    },
    /// Sample a node's output (its first when `port` is `None`), using the plan of the same
    /// generation.
    Preview {
        generation: u64,
        node: String,
        port: Option<String>,
        rows: usize,
        method: SampleMethod,
    },
    /// Evaluate the quality nodes on their data and measure the requirements, on the plan of
    /// the same generation (the window's "Check requirements against data").
    Check { generation: u64 },
    /// Ask a recommend node what it answers a shopper (a customer id or product codes), on
    /// the plan of the same generation.
    Ask {
        generation: u64,
        node: String,
        query: String,
    },
    /// The Glue script of the job a node deploys in (its id and file name name the job), on
    /// the plan of the same generation.
    Script {
        generation: u64,
        node: String,
        pipeline_id: String,
        file_name: String,
    },
    /// Judge every step of a lesson on the plan of the same generation, with the diagnostics
    /// and requirements the window shows and what is known of the last run.
    Lesson {
        generation: u64,
        lesson: std::sync::Arc<crate::model::lesson::LessonFile>,
        diagnostics: Vec<Diagnostic>,
        requirements: Vec<RequirementCheck>,
        run: crate::engine::lesson::RunEvidence,
    },
}

/// How a node stands after planning.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeStatus {
    Ok,
    Error(String),
    Blocked(Vec<String>),
}

/// A column's name and type name, as the window shows them.
pub type ColumnInfo = (String, String);

/// The outcome of a plan request, in plain data the window can keep.
#[derive(Debug, Clone)]
pub struct PlanSummary {
    pub generation: u64,
    pub statuses: HashMap<String, NodeStatus>,
    /// Each ready node's outputs in port order, with their columns.
    pub schemas: HashMap<String, Vec<(String, Vec<ColumnInfo>)>>,
    /// Each crawler's catalog, by crawler node.
    pub catalogs: HashMap<String, super::catalog_summary::CatalogSummary>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every requirement checked statically, with measured durations from the run history.
    pub requirements: Vec<RequirementCheck>,
}

impl PlanSummary {
    /// The columns of output `port` of `node` (its first output when `port` is `None`).
    pub fn columns(&self, node: &str, port: Option<&str>) -> Option<&[ColumnInfo]> {
        let ports = self.schemas.get(node)?;
        let found = match port {
            Some(port) => ports.iter().find(|(name, _)| name == port),
            None => ports.first(),
        };
        found.map(|(_, columns)| columns.as_slice())
    }

    /// The names of `node`'s outputs, in port order.
    pub fn ports(&self, node: &str) -> Vec<&str> {
        self.schemas
            .get(node)
            .map(|ports| ports.iter().map(|(name, _)| name.as_str()).collect())
            .unwrap_or_default()
    }
}

/// A preview with its cells already turned into text and its statistics worked out, so the
/// window only lays them out.
#[derive(Debug, Clone)]
pub struct PreviewTable {
    pub preview: Preview,
    pub columns: Vec<ColumnStats>,
    /// Row by row, one text per column.
    pub cells: Vec<Vec<String>>,
    pub elapsed: std::time::Duration,
    /// For a data-quality node: each rule's result and failing rows.
    pub quality: Option<QualityLines>,
}

/// A data-quality node's preview: its rules' results, and why its output cannot be shown
/// (a blocking node whose rules failed).
#[derive(Debug, Clone, PartialEq)]
pub struct QualityLines {
    pub rules: Result<Vec<RuleLine>, String>,
    pub output_error: Option<String>,
}

/// One rule's result as the window shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleLine {
    pub index: usize,
    pub text: String,
    pub status: crate::engine::quality::RuleStatus,
    pub is_warning: bool,
    pub message: String,
    /// Column names, then up to ten failing rows as texts.
    pub failing_rows: Option<(Vec<String>, Vec<Vec<String>>)>,
}

/// The report's rules, with their failing rows turned into text.
fn rule_lines(report: &crate::engine::quality::QualityReport) -> Vec<RuleLine> {
    report
        .outcomes
        .iter()
        .map(|outcome| RuleLine {
            index: outcome.index,
            text: outcome.text.clone(),
            status: outcome.status,
            is_warning: outcome.severity == crate::model::dqdl::Severity::Warn,
            message: outcome.message.clone(),
            failing_rows: outcome
                .failing_rows
                .as_ref()
                .filter(|rows| rows.height() > 0)
                .map(|rows| {
                    let names = rows
                        .get_column_names()
                        .iter()
                        .map(|n| n.to_string())
                        .collect();
                    let preview = Preview {
                        frame: rows.clone(),
                        method: SampleMethod::Head,
                        total_rows: None,
                    };
                    (names, preview.cell_texts())
                }),
        })
        .collect()
}

/// What the engine sends back.
#[derive(Debug, Clone)]
pub enum JobResult {
    Planned(PlanSummary),
    Previewed {
        generation: u64,
        node: String,
        port: Option<String>,
        result: Result<PreviewTable, NodeError>,
    },
    Checked {
        generation: u64,
        result: Result<Vec<RequirementCheck>, String>,
    },
    Answered {
        generation: u64,
        node: String,
        query: String,
        result: Result<crate::engine::streams::ask::AskedAnswer, NodeError>,
    },
    Scripted {
        generation: u64,
        node: String,
        result: Result<crate::deploy::NodeScript, String>,
    },
    LessonJudged {
        generation: u64,
        results: Vec<crate::engine::lesson::StepResult>,
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

    /// Waits for the next result.
    #[cfg(feature = "testing")]
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
    let mut current: Option<(u64, PipelinePlan, Box<Pipeline>)> = None;
    // Sources whose settings and files are unchanged are not scanned again at the next plan.
    let mut sources = SourceCache::default();
    while let Ok(first) = inbox.recv() {
        let mut pending = vec![first];
        loop {
            match inbox.try_recv() {
                Ok(request) => pending.push(request),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        for request in newest_only(pending) {
            let result = match request {
                JobRequest::Plan {
                    generation,
                    pipeline,
                    site,
                    source_map,
                } => {
                    let plan = plan_with(&pipeline, &site, None, &mut sources);
                    let summary = summarise(generation, &pipeline, &plan, source_map.as_ref());
                    current = Some((generation, plan, pipeline));
                    JobResult::Planned(summary)
                }
                JobRequest::Ask {
                    generation,
                    node,
                    query,
                } => match &current {
                    Some((planned, plan, pipeline)) if *planned == generation => {
                        JobResult::Answered {
                            result: crate::engine::streams::ask::ask_recommender(
                                pipeline, plan, &node, &query,
                            ),
                            generation,
                            node,
                            query,
                        }
                    }
                    _ => continue,
                },
                JobRequest::Script {
                    generation,
                    node,
                    pipeline_id,
                    file_name,
                } => match &current {
                    Some((planned, plan, pipeline)) if *planned == generation => {
                        JobResult::Scripted {
                            result: crate::deploy::node_script(
                                pipeline,
                                plan,
                                &node,
                                &pipeline_id,
                                &file_name,
                            ),
                            generation,
                            node,
                        }
                    }
                    _ => continue,
                },
                JobRequest::Lesson {
                    generation,
                    lesson,
                    diagnostics,
                    requirements,
                    run,
                } => match &current {
                    Some((planned, plan, pipeline)) if *planned == generation => {
                        let evidence = crate::engine::lesson::Evidence {
                            pipeline,
                            plan,
                            diagnostics: &diagnostics,
                            requirements: &requirements,
                            run: &run,
                        };
                        JobResult::LessonJudged {
                            generation,
                            results: crate::engine::lesson::check_lesson(&lesson.lesson, &evidence),
                        }
                    }
                    _ => continue,
                },
                JobRequest::Check { generation } => match &current {
                    Some((planned, plan, pipeline)) if *planned == generation => {
                        JobResult::Checked {
                            generation,
                            result: check_against_data(pipeline, plan),
                        }
                    }
                    _ => continue,
                },
                JobRequest::Preview {
                    generation,
                    node,
                    port,
                    rows,
                    method,
                } => {
                    let started = std::time::Instant::now();
                    let result = match &current {
                        Some((planned, plan, pipeline)) if *planned == generation => {
                            let quality = pipeline
                                .node(&node)
                                .filter(|n| n.kind.id == crate::model::KindId::DataQuality)
                                .map(|n| QualityLines {
                                    rules: crate::engine::quality::check::evaluate_node(plan, n)
                                        .map(|report| rule_lines(&report)),
                                    output_error: None,
                                });
                            let previewed =
                                preview_node(plan, &node, port.as_deref(), rows, method);
                            match (previewed, quality) {
                                (Ok(preview), quality) => Ok(PreviewTable {
                                    cells: preview.cell_texts(),
                                    columns: preview.column_stats(),
                                    preview,
                                    elapsed: started.elapsed(),
                                    quality,
                                }),
                                // A blocking node whose rules failed: its rules still show.
                                (Err(error), Some(mut quality)) => {
                                    quality.output_error = Some(error.message);
                                    Ok(PreviewTable {
                                        preview: Preview {
                                            frame: polars::prelude::DataFrame::empty(),
                                            method,
                                            total_rows: None,
                                        },
                                        columns: Vec::new(),
                                        cells: Vec::new(),
                                        elapsed: started.elapsed(),
                                        quality: Some(quality),
                                    })
                                }
                                (Err(error), None) => Err(error),
                            }
                        }
                        _ => continue,
                    };
                    JobResult::Previewed {
                        generation,
                        node,
                        port,
                        result,
                    }
                }
            };
            if outbox.send(result).is_err() {
                return;
            }
            notify();
        }
    }
}

/// What `sluice check` does: the quality nodes evaluated (their values recorded for dynamic
/// rules) and every requirement measured against the data.
fn check_against_data(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
) -> Result<Vec<RequirementCheck>, String> {
    let history = crate::engine::requirements::plan_history(plan)?;
    let mut checks = check_requirements(pipeline, &history);
    crate::engine::requirements::measure_against_data(pipeline, plan, &history, true, &mut checks)?;
    Ok(checks)
}

/// The requests worth working on, in order: the newest plan, preview, script and lesson
/// judgement; older ones were replaced before the worker got to them.
fn newest_only(pending: Vec<JobRequest>) -> Vec<JobRequest> {
    let newest_plan = pending
        .iter()
        .rposition(|r| matches!(r, JobRequest::Plan { .. }));
    let newest_preview = pending
        .iter()
        .rposition(|r| matches!(r, JobRequest::Preview { .. }));
    let newest_script = pending
        .iter()
        .rposition(|r| matches!(r, JobRequest::Script { .. }));
    let newest_lesson = pending
        .iter()
        .rposition(|r| matches!(r, JobRequest::Lesson { .. }));
    pending
        .into_iter()
        .enumerate()
        .filter(|(index, request)| {
            Some(*index) == newest_plan
                || Some(*index) == newest_preview
                || Some(*index) == newest_script
                || Some(*index) == newest_lesson
                || matches!(request, JobRequest::Check { .. } | JobRequest::Ask { .. })
        })
        .map(|(_, request)| request)
        .collect()
}

fn summarise(
    generation: u64,
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    source_map: Option<&SourceMap>,
) -> PlanSummary {
    let mut statuses = HashMap::new();
    let mut schemas = HashMap::new();
    let mut catalogs = HashMap::new();
    for (id, outcome) in &plan.outcomes {
        let status = match outcome {
            NodeOutcome::Ready(outputs) => {
                for (_, value) in outputs.iter() {
                    if let Some(catalog) = value.as_catalog() {
                        catalogs.insert(
                            id.clone(),
                            super::catalog_summary::CatalogSummary::of(id, catalog),
                        );
                    }
                }
                let ports = outputs
                    .iter()
                    .filter_map(|(port, value)| {
                        let table = value.as_table()?;
                        let columns = table
                            .schema
                            .iter()
                            .map(|(name, dtype)| (name.to_string(), type_name(dtype)))
                            .collect();
                        Some((port.to_string(), columns))
                    })
                    .collect();
                schemas.insert(id.clone(), ports);
                NodeStatus::Ok
            }
            NodeOutcome::Failed(error) => NodeStatus::Error(error.message.clone()),
            NodeOutcome::Blocked { by } => NodeStatus::Blocked(by.iter().cloned().collect()),
        };
        statuses.insert(id.clone(), status);
    }
    let (diagnostics, requirements) = plan.diagnostics_and_requirements(pipeline, source_map);
    PlanSummary {
        generation,
        statuses,
        schemas,
        catalogs,
        diagnostics,
        requirements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(generation: u64) -> JobRequest {
        JobRequest::Plan {
            generation,
            pipeline: Box::default(),
            site: PlanSite::folder(std::path::Path::new(".")),
            source_map: None,
        }
    }

    fn preview(generation: u64) -> JobRequest {
        JobRequest::Preview {
            generation,
            node: "n".into(),
            port: None,
            rows: 1,
            method: SampleMethod::Head,
        }
    }

    fn generations(requests: &[JobRequest]) -> Vec<(char, u64)> {
        requests
            .iter()
            .map(|r| match r {
                JobRequest::Plan { generation, .. } => ('p', *generation),
                JobRequest::Preview { generation, .. } => ('v', *generation),
                JobRequest::Check { generation } => ('c', *generation),
                JobRequest::Ask { generation, .. } => ('a', *generation),
                JobRequest::Script { generation, .. } => ('s', *generation),
                JobRequest::Lesson { generation, .. } => ('l', *generation),
            })
            .collect()
    }

    #[test]
    fn replaced_requests_are_skipped_and_the_order_kept() {
        let kept = newest_only(vec![plan(1), preview(1), plan(2), plan(3), preview(3)]);
        assert_eq!(generations(&kept), [('p', 3), ('v', 3)]);
        let kept = newest_only(vec![preview(4), plan(5)]);
        assert_eq!(generations(&kept), [('v', 4), ('p', 5)]);
    }
}
