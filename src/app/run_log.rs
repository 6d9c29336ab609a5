//! The log of the newest run from the window: node by node, with rows and times, and how it
//! ended.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::engine::run::LiveHandle;
use crate::engine::{RunError, RunEvent, RunReport};

/// One line of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct RunLogLine {
    pub node: String,
    pub kind: String,
    pub rows_in: Option<u64>,
    pub rows_out: Option<u64>,
    pub elapsed: Option<Duration>,
    pub note: String,
}

/// The log of the newest run.
#[derive(Debug, Default)]
pub struct RunLog {
    lines: Vec<RunLogLine>,
    steps: usize,
    started: Option<Instant>,
    /// The closing sentence: "Run finished in 45 ms" or why it failed.
    outcome: Option<String>,
    /// The stream nodes' live counters, once they started.
    live: Option<LiveHandle>,
}

impl RunLog {
    /// Starts a new log, forgetting the last run's.
    pub fn start(&mut self) {
        *self = Self {
            started: Some(Instant::now()),
            ..Self::default()
        };
    }

    pub fn lines(&self) -> &[RunLogLine] {
        &self.lines
    }

    /// How many steps the run has in all.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// How long the run has been going.
    pub fn elapsed(&self) -> Option<Duration> {
        self.started.map(|s| s.elapsed())
    }

    /// The stream nodes' counters of this run, moving while it goes.
    pub fn live(&self) -> Option<&std::sync::Arc<crate::stream::live::LiveRun>> {
        self.live.as_ref().map(|handle| &handle.0)
    }

    /// The closing sentence, once the run has ended.
    pub fn outcome(&self) -> Option<&str> {
        self.outcome.as_deref()
    }

    /// Takes in one progress event; marks running nodes and known row counts.
    pub fn record(
        &mut self,
        event: &RunEvent,
        running: &mut HashSet<String>,
        row_counts: &mut HashMap<String, u64>,
    ) {
        match event {
            RunEvent::Started { steps } => self.steps = *steps,
            RunEvent::StreamStarted(handle) => {
                running.extend(handle.0.stage_ids.iter().cloned());
                self.live = Some(handle.clone());
            }
            RunEvent::StreamFinished(report) => {
                for node in &report.nodes {
                    running.remove(&node.node);
                }
            }
            RunEvent::NodeStarted { node } => {
                running.insert(node.clone());
            }
            RunEvent::NodeFinished(stats) => {
                running.remove(&stats.node);
                if let Some(rows) = stats.rows_out {
                    row_counts.insert(stats.node.clone(), rows);
                }
                self.lines.push(RunLogLine {
                    node: stats.node.clone(),
                    kind: stats.kind.to_string(),
                    rows_in: stats.rows_in,
                    rows_out: stats.rows_out,
                    elapsed: Some(stats.elapsed),
                    note: stats.note.clone().unwrap_or_default(),
                });
            }
        }
    }

    /// Closes the log with the run's outcome and returns the sentence for the status bar.
    pub fn finish(&mut self, outcome: &Result<RunReport, RunError>) -> String {
        let sentence = match outcome {
            Ok(report) => format!(
                "Run finished in {} ms ({} nodes)",
                report.elapsed.as_millis(),
                report.nodes.len()
            ),
            Err(RunError::Invalid(errors)) => {
                let first = errors.first().map(ToString::to_string).unwrap_or_default();
                format!(
                    "Nothing was run: the pipeline has {} error(s); first: {first}",
                    errors.len()
                )
            }
            Err(RunError::OutsideFolder { .. }) => {
                "Nothing was run: the pipeline writes outside its folder".to_string()
            }
            Err(error) => format!("Run stopped: {error}"),
        };
        self.outcome = Some(sentence.clone());
        sentence
    }

    /// Progress from 0 to 1.
    pub fn progress(&self) -> f32 {
        if self.steps == 0 {
            0.0
        } else {
            (self.lines.len() as f32 / self.steps as f32).min(1.0)
        }
    }
}
