//! Runs from the window: started on a thread of their own, followed frame by frame, cancelled
//! between nodes. A run that would write outside the pipeline's folder asks first.

use super::Session;
use crate::app::intent::Effect;
use crate::app::run_job::{RunJob, RunUpdate};
use crate::engine::{OutsideWrites, RunError, RunOptions, RunReport, RunStrategy};

impl Session {
    /// Starts a local run, unless one is going.
    pub(super) fn start_run(&mut self) -> Vec<Effect> {
        self.start_run_of(None)
    }

    /// Starts a run of `only` and what feeds it (a crawler: its crawl recorded), or of the whole
    /// pipeline.
    pub(super) fn start_run_of(&mut self, only: Option<String>) -> Vec<Effect> {
        if self.run.is_some() {
            self.tell("A run is already going; cancel it first (Shift+F5)", true);
            return Vec::new();
        }
        let notify = std::sync::Arc::clone(&self.notify);
        self.run_log.start();
        // Faults of nodes no longer in the pipeline are left out.
        let faults = self
            .faults
            .iter()
            .filter(|(node, _)| self.state.document().node(node).is_some())
            .map(|(node, fault)| (node.clone(), *fault))
            .collect();
        let stream = crate::engine::streams::run::StreamRunOptions {
            faults,
            ..Default::default()
        };
        self.stream_stop = Some(std::sync::Arc::clone(&stream.stop));
        self.stream_monitor = None;
        let options = RunOptions {
            strategy: RunStrategy::Auto,
            outside: OutsideWrites::Allow(self.allowed_outside.clone()),
            only,
            stream,
        };
        self.run = Some(RunJob::start(
            self.state.document().clone(),
            self.state.plan_site(),
            options,
            move || notify(),
        ));
        vec![Effect::RunStarted]
    }

    /// Stops the stream sources of the run going: every stream node flushes what it holds,
    /// then the batch nodes after the streams run.
    pub(super) fn stop_stream(&mut self) {
        let streaming = self.stream_monitor.as_ref().is_some_and(|m| m.is_running());
        match (&self.stream_stop, streaming) {
            (Some(stop), true) => {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
                self.tell(
                    "Stopping the stream: every node flushes what it holds…",
                    false,
                );
            }
            _ => self.tell("No stream is running", false),
        }
    }

    /// Samples the running stream's counters (a few times a second).
    pub(super) fn watch_stream(&mut self) {
        if self.stream_monitor.is_none()
            && let Some(live) = self.run_log.live()
        {
            self.stream_monitor = Some(crate::app::stream_monitor::StreamMonitor::new(
                std::sync::Arc::clone(live),
            ));
        }
        if let Some(monitor) = &mut self.stream_monitor {
            monitor.sample(self.state.focused_node());
        }
    }

    /// Asks the run to stop after the node it is running.
    pub(super) fn cancel_run(&mut self) {
        if let Some(run) = &self.run {
            run.cancel();
            self.tell("Cancelling after the node that is running…", false);
        }
    }

    /// The person answered whether the run may write outside the pipeline's folder.
    pub(super) fn answer_outside(&mut self, allow: bool) -> Vec<Effect> {
        let Some(paths) = self.outside_prompt.take() else {
            return Vec::new();
        };
        if !allow {
            self.tell(
                "Nothing was run: the outputs outside the folder were not agreed to",
                false,
            );
            return Vec::new();
        }
        for path in paths {
            if !self.allowed_outside.contains(&path) {
                self.allowed_outside.push(path);
            }
        }
        self.start_run()
    }

    /// Takes in run progress.
    pub(super) fn follow_run(&mut self) {
        let Some(run) = &mut self.run else {
            return;
        };
        let updates = run.poll();
        let finished = run.is_finished();
        for update in updates {
            match update {
                RunUpdate::Event(event) => {
                    self.run_log
                        .record(&event, &mut self.running, &mut self.row_counts);
                }
                RunUpdate::Finished(outcome) => self.finish_run(&outcome),
            }
        }
        if finished {
            self.run = None;
        }
    }

    fn finish_run(&mut self, outcome: &Result<RunReport, RunError>) {
        self.running.clear();
        let message = self.run_log.finish(outcome);
        let evidence = match outcome {
            Ok(_) => Some(crate::engine::lesson::RunEvidence::Succeeded),
            Err(RunError::Cancelled) => None,
            Err(error) => Some(crate::engine::lesson::RunEvidence::Failed(
                error.to_string(),
            )),
        };
        if let Some(evidence) = evidence {
            self.last_run = Some((self.state.content_generation(), evidence));
            self.lesson_evidence_changed();
        }
        match outcome {
            Err(RunError::OutsideFolder { paths }) => {
                // Asked once per document: the answer is kept for these paths.
                self.outside_prompt = Some(paths.clone());
                self.tell(message, false);
                return;
            }
            Err(RunError::NodeFailed { node, error }) => {
                self.run_failures
                    .insert(node.clone(), error.message.clone());
            }
            Ok(report) => {
                for stats in &report.nodes {
                    if let Some(rows) = stats.rows_out {
                        self.row_counts.insert(stats.node.clone(), rows);
                    }
                }
                // A recorded crawl changed the catalog file: crawlers and catalog sources are
                // planned again on it.
                if report.nodes.iter().any(|stats| stats.kind == "crawler") {
                    self.request_plan();
                }
            }
            Err(_) => {}
        }
        self.tell(message, outcome.is_err());
    }
}
