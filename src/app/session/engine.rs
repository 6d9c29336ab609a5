//! The session's exchange with the engine worker: results in, new plan and preview requests
//! out. A plan is asked for when the nodes change (not when they move); a preview when the
//! focused node, its output, the sampling or the plan changes.

use std::time::Instant;

use super::{PREVIEW_ROWS, PreviewKey, Session};
use crate::app::jobs::{JobRequest, JobResult};
use crate::engine::SampleMethod;
use crate::model::Severity;

impl Session {
    pub(super) fn exchange_with_engine(&mut self) {
        for result in self.worker.poll() {
            match result {
                JobResult::Planned(summary) if summary.generation == self.plan_generation => {
                    self.warnings = summary
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Warning)
                        .filter_map(|d| d.node.clone())
                        .collect();
                    self.plan = Some(summary);
                    self.plan_requested_at = None;
                }
                JobResult::Planned(_) => {}
                JobResult::Answered {
                    generation,
                    node,
                    query,
                    result,
                } => {
                    if generation == self.plan_generation {
                        self.answer = Some(super::AskedShopper {
                            node,
                            query,
                            result: result.map_err(|e| e.message),
                        });
                    }
                }
                JobResult::Scripted {
                    generation,
                    node,
                    result,
                } => {
                    if generation == self.plan_generation {
                        self.script = Some(super::ShownScript {
                            generation,
                            node,
                            result,
                        });
                    }
                }
                JobResult::Checked { generation, result } => {
                    self.measured = Some((generation, result));
                    self.check_requested_at = None;
                    self.lesson_evidence_changed();
                }
                JobResult::LessonJudged {
                    generation,
                    results,
                } => self.lesson_judged(generation, results),
                JobResult::Previewed {
                    generation,
                    node,
                    port,
                    result,
                } => {
                    let current = self.preview.requested.as_ref().filter(|key| {
                        key.node == node
                            && key.port == port
                            && key.generation == generation
                            && generation == self.plan_generation
                    });
                    if let Some(key) = current.cloned() {
                        if let Ok(table) = &result
                            && let Some(total) = table.preview.total_rows
                            && port.is_none()
                        {
                            self.row_counts.insert(node.clone(), total);
                        }
                        self.preview.shown = Some((key, result));
                        self.preview.requested_at = None;
                    }
                }
            }
        }
        let generation = self.state.generation();
        if generation != self.last_generation_seen {
            self.last_generation_seen = generation;
            self.last_change = Instant::now();
            let content = self.state.content_generation();
            if self.planned_content != Some(content) {
                self.request_plan();
                self.row_counts.clear();
                self.run_failures.clear();
            }
        }
        self.request_preview_if_needed();
    }

    /// Asks the worker to plan the document as it is now (after an edit, or after a run wrote
    /// the catalog file that crawlers and catalog sources plan on).
    /// Asks the worker what recommend node `node` answers `query`, on the current plan.
    pub(super) fn ask_recommender(&mut self, node: String, query: String) {
        self.answer = None;
        self.worker.send(JobRequest::Ask {
            generation: self.plan_generation,
            node,
            query,
        });
    }

    /// Asks the worker for the Glue script of the job `node` deploys in, on the current plan.
    pub(super) fn request_script(&mut self, node: String) {
        if self.script_is_current(&node) || !self.is_planned() {
            return;
        }
        let file = self.state.file().map(std::path::Path::to_path_buf);
        let file_name = file
            .as_deref()
            .and_then(std::path::Path::file_name)
            .map_or_else(
                || "untitled.sluice.toml".to_string(),
                |n| n.to_string_lossy().to_string(),
            );
        let pipeline_id = crate::deploy::pipeline_id(std::path::Path::new(&file_name));
        self.script_requested = Some((self.plan_generation, node.clone()));
        self.worker.send(JobRequest::Script {
            generation: self.plan_generation,
            node,
            pipeline_id,
            file_name,
        });
    }

    /// Asks the worker to check the requirements against the data, on the current plan.
    pub(super) fn request_check(&mut self) {
        self.check_requested_at = Some(Instant::now());
        self.worker.send(JobRequest::Check {
            generation: self.plan_generation,
        });
    }

    pub(super) fn request_plan(&mut self) {
        let generation = self.state.generation();
        self.plan_generation = generation;
        self.planned_content = Some(self.state.content_generation());
        self.plan_requested_at = Some(Instant::now());
        self.worker.send(JobRequest::Plan {
            generation,
            pipeline: Box::new(self.state.document().clone()),
            site: self.state.plan_site(),
            source_map: None,
        });
    }

    fn request_preview_if_needed(&mut self) {
        let Some(node) = self.state.focused_node().map(str::to_string) else {
            return;
        };
        if !self.is_planned() {
            return;
        }
        let method = if self.preview.random {
            SampleMethod::Random {
                seed: self.preview.seed,
            }
        } else {
            SampleMethod::Head
        };
        // An output the node no longer has means its first.
        let port = self
            .preview
            .port_for(&node)
            .filter(|port| {
                self.plan
                    .as_ref()
                    .is_some_and(|plan| plan.ports(&node).contains(port))
            })
            .map(str::to_string);
        let wanted = PreviewKey {
            node: node.clone(),
            port: port.clone(),
            generation: self.plan_generation,
            method,
        };
        if self.preview.requested.as_ref() == Some(&wanted) {
            return;
        }
        self.preview.requested = Some(wanted);
        self.preview.requested_at = Some(Instant::now());
        self.worker.send(JobRequest::Preview {
            generation: self.plan_generation,
            node,
            port,
            rows: PREVIEW_ROWS,
            method,
        });
    }
}
