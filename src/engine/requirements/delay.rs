//! What one node adds to a path's delay, as terms of the arithmetic: its source's cadence, the
//! longest wait of its schedule, its run (measured when runs recorded it, else expected), its
//! delivery buffer, its micro-batch window, its platform's typical latency.

use std::collections::HashMap;
use std::fmt;

use super::schedule::{Schedule, parse_schedule};
use crate::model::duration::Seconds;
use crate::model::history::RunHistory;
use crate::model::timing::Platform;
use crate::model::{Node, Pipeline};

/// Firehose's default buffering interval.
pub const FIREHOSE_DEFAULT_BUFFER: Seconds = Seconds(300.0);
/// The micro-batch window Glue's generated streaming scripts use.
pub const GLUE_STREAMING_DEFAULT_WINDOW: Seconds = Seconds(100.0);
/// The least a Glue streaming micro-batch takes, whatever its window.
pub const GLUE_STREAMING_MIN_BATCH: Seconds = Seconds(1.0);
/// A Kinesis data stream's typical put-to-get delay (AWS: typically well under a second).
pub const KINESIS_PUT_TO_GET: Seconds = Seconds(0.2);
/// A warm Lambda invocation with a small handler, when no duration is given.
pub const LAMBDA_DEFAULT_INVOCATION: Seconds = Seconds(0.1);

/// What the checks read: the pipeline, what earlier runs measured, and each node's schedule,
/// read once (reading one walks a year of its runs).
pub struct Context<'a> {
    pub pipeline: &'a Pipeline,
    pub history: &'a RunHistory,
    schedules: HashMap<&'a str, Result<Schedule, String>>,
}

/// Where a term's figure comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TermOrigin {
    /// Written in the node's timing attributes.
    Declared,
    /// The longest of the runs the history recorded.
    Measured { runs: usize },
    /// The platform's default or typical figure.
    PlatformDefault,
}

/// One term of the arithmetic.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub node: String,
    /// What the figure is: "hourly schedule of `train`".
    pub label: String,
    pub seconds: Seconds,
    pub origin: TermOrigin,
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.label, self.seconds)?;
        match self.origin {
            TermOrigin::Declared => Ok(()),
            TermOrigin::Measured { runs: 1 } => f.write_str(" (measured, 1 run)"),
            TermOrigin::Measured { runs } => write!(f, " (measured, longest of {runs} runs)"),
            TermOrigin::PlatformDefault => f.write_str(" (platform default)"),
        }
    }
}

/// What a node's timing says about delays, and what it leaves out.
pub struct NodeDelays {
    pub terms: Vec<Term>,
    /// Whether something on this node bounds freshness: a schedule, or a stream that runs
    /// all the time.
    pub bounds_freshness: bool,
    /// Facts the estimate missed: "`train` is scheduled but has no expected duration".
    pub missing: Vec<String>,
    /// A schedule that could not be read.
    pub bad_schedule: Option<String>,
}

impl<'a> Context<'a> {
    pub fn new(pipeline: &'a Pipeline, history: &'a RunHistory) -> Self {
        let schedules = pipeline
            .nodes
            .iter()
            .filter_map(|node| {
                let text = node.timing.schedule.as_ref()?;
                Some((node.id.as_str(), parse_schedule(text)))
            })
            .collect();
        Self {
            pipeline,
            history,
            schedules,
        }
    }

    /// Node `id`'s schedule, read, or why it cannot be.
    pub fn schedule(&self, id: &str) -> Option<&Result<Schedule, String>> {
        self.schedules.get(id)
    }

    /// How long one run of `node` takes: measured if recorded (for nodes that run here, locally
    /// or on no named platform: a local run says nothing of a Glue job's time), else expected.
    pub fn run_duration(&self, node: &Node) -> Option<Term> {
        let id = node.id.as_str();
        let runs_here = matches!(node.timing.platform, None | Some(Platform::Local));
        if runs_here && let Some(measured) = self.history.measured_duration(id) {
            return Some(Term {
                node: id.to_string(),
                label: format!("run of `{id}`"),
                seconds: Seconds(measured.longest_seconds),
                origin: TermOrigin::Measured {
                    runs: measured.runs,
                },
            });
        }
        let expected = node.timing.expected_duration.as_ref()?;
        Some(Term {
            node: id.to_string(),
            label: format!("run of `{id}`"),
            seconds: expected.seconds,
            origin: TermOrigin::Declared,
        })
    }

    /// The delays `node` adds to data passing through it. `with_cadence` counts how often a
    /// source's data changes (the age of the newest record does; the lag behind the source
    /// does not).
    pub fn delays(&self, node: &Node, with_cadence: bool) -> NodeDelays {
        let id = node.id.as_str();
        let timing = &node.timing;
        let mut delays = NodeDelays {
            terms: Vec::new(),
            bounds_freshness: false,
            missing: Vec::new(),
            bad_schedule: None,
        };
        let term = |label: String, seconds: Seconds, origin: TermOrigin| Term {
            node: id.to_string(),
            label,
            seconds,
            origin,
        };
        if with_cadence && let Some(cadence) = &timing.cadence {
            delays.terms.push(term(
                format!("update cadence of `{id}`"),
                cadence.seconds,
                TermOrigin::Declared,
            ));
        }
        if let Some(read) = self.schedule(id) {
            match read {
                Ok(schedule) => {
                    delays.bounds_freshness = true;
                    delays.terms.push(term(
                        format!("schedule of `{id}` ({})", schedule.description),
                        schedule.longest_gap,
                        TermOrigin::Declared,
                    ));
                }
                Err(reason) => delays.bad_schedule = Some(format!("node `{id}`: {reason}")),
            }
        }
        let run = self.run_duration(node);
        match timing.platform {
            Some(Platform::Firehose) => {
                delays.bounds_freshness = true;
                match &timing.buffer_interval {
                    Some(interval) => delays.terms.push(term(
                        format!("delivery buffer of `{id}`"),
                        interval.seconds,
                        TermOrigin::Declared,
                    )),
                    None => delays.terms.push(term(
                        format!("delivery buffer of `{id}`"),
                        FIREHOSE_DEFAULT_BUFFER,
                        TermOrigin::PlatformDefault,
                    )),
                }
            }
            Some(Platform::GlueStreaming) => {
                delays.bounds_freshness = true;
                let (window, origin) = match &timing.micro_batch_window {
                    Some(window) => (window.seconds, TermOrigin::Declared),
                    None => (GLUE_STREAMING_DEFAULT_WINDOW, TermOrigin::PlatformDefault),
                };
                delays.terms.push(term(
                    format!("micro-batch window of `{id}`"),
                    window,
                    origin,
                ));
                delays.terms.push(term(
                    format!("micro-batch of `{id}` at least"),
                    GLUE_STREAMING_MIN_BATCH,
                    TermOrigin::PlatformDefault,
                ));
            }
            Some(Platform::Kinesis) => {
                delays.bounds_freshness = true;
                delays.terms.push(term(
                    format!("put-to-get of `{id}`"),
                    KINESIS_PUT_TO_GET,
                    TermOrigin::PlatformDefault,
                ));
            }
            Some(Platform::Lambda) => {
                delays.bounds_freshness = true;
                delays.terms.push(run.clone().unwrap_or_else(|| {
                    term(
                        format!("invocation of `{id}`"),
                        LAMBDA_DEFAULT_INVOCATION,
                        TermOrigin::PlatformDefault,
                    )
                }));
            }
            Some(Platform::Local | Platform::GlueJob) | None => {}
        }
        if !matches!(timing.platform, Some(Platform::Lambda)) {
            match run {
                Some(run) => delays.terms.push(run),
                None if timing.schedule.is_some() => delays.missing.push(format!(
                    "`{id}` is scheduled but has no expected_duration and no measured run"
                )),
                None => {}
            }
        }
        delays
    }
}
