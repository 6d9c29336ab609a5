//! Requirements checked: before anything runs, by adding up the nodes' timing attributes along
//! every path (the arithmetic shown) and applying the platforms' limits; when checked against
//! data, by measuring what the pipeline holds (the newest record's age, how far a sink is behind
//! its sources, the quality nodes' rules, measured run durations).
//!
//! One file per requirement kind; `delay` says what each node adds to a path, `paths` finds the
//! worst path, `limits` holds the platform limits, `measured` the checks against data.

pub mod delay;
mod fallback;
mod freshness;
mod latency;
pub mod limits;
mod measured;
mod measured_stream;
mod paths;
mod quality;
pub mod schedule;
mod throughput;

use std::fmt;

use crate::model::duration::Seconds;
use crate::model::history::RunHistory;
use crate::model::requirement::RequirementSpec;
use crate::model::{Pipeline, Requirement};

pub use delay::{Context, Term, TermOrigin};
pub use measured::{measure_against_data, measure_requirements, plan_history};
pub use measured_stream::measure_stream_requirements;

/// A requirement's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RequirementStatus {
    Pass,
    /// Cannot be decided yet: measured only when the pipeline runs or is checked against data.
    Unmeasured,
    /// Met, but close to its budget, or estimated on missing facts.
    Warn,
    Fail,
}

impl RequirementStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Unmeasured => "not measured",
            Self::Warn => "warn",
            Self::Fail => "fail",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Pass => "✔",
            Self::Unmeasured => "…",
            Self::Warn => "⚠",
            Self::Fail => "✖",
        }
    }
}

impl fmt::Display for RequirementStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finding of one platform limit on one node.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitFinding {
    /// The limit's name, as listed in [`limits::PLATFORM_LIMITS`].
    pub limit: &'static str,
    pub node: String,
    pub message: String,
}

/// One requirement, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementCheck {
    pub id: String,
    pub kind: String,
    pub stakeholder: Option<String>,
    pub note: Option<String>,
    /// The nodes to highlight: the worst path and the nodes the requirement names.
    pub nodes: Vec<String>,
    /// The nodes the requirement names (`applies_to`, `from`, `primary`): where it shows a badge.
    pub named_nodes: Vec<String>,
    pub status: RequirementStatus,
    /// The budget as the requirement states it: "60 min", "1 s at p99", "5000 events/s".
    pub budget: Option<String>,
    /// The static estimate: "77 min".
    pub estimate: Option<String>,
    /// What was measured against data, when it was.
    pub measured: Option<String>,
    /// Why, one sentence each: the arithmetic, what is missing, the rule that decides.
    pub explanation: Vec<String>,
    pub limits: Vec<LimitFinding>,
}

impl RequirementCheck {
    fn new(requirement: &Requirement) -> Self {
        Self {
            id: requirement.id.to_string(),
            kind: requirement.kind.to_string(),
            stakeholder: requirement.stakeholder.clone(),
            note: requirement.note.clone(),
            nodes: requirement
                .applies_to
                .iter()
                .map(|n| n.to_string())
                .collect(),
            named_nodes: requirement
                .applies_to
                .iter()
                .map(|n| n.to_string())
                .chain(
                    ["from", "primary"]
                        .iter()
                        .filter_map(|key| requirement.params.get(*key))
                        .filter_map(|v| v.as_str().map(str::to_string)),
                )
                .collect(),
            status: RequirementStatus::Pass,
            budget: None,
            estimate: None,
            measured: None,
            explanation: Vec::new(),
            limits: Vec::new(),
        }
    }

    /// Lowers the verdict to `status` when that is worse.
    fn worsen(&mut self, status: RequirementStatus) {
        self.status = self.status.max(status);
    }

    fn add_nodes<'a>(&mut self, nodes: impl IntoIterator<Item = &'a str>) {
        for node in nodes {
            if !self.nodes.iter().any(|n| n == node) {
                self.nodes.push(node.to_string());
            }
        }
    }

    /// Takes in a worst path: its nodes to highlight, its unreadable schedules as failures.
    fn follow(&mut self, path: &paths::WorstPath) {
        self.add_nodes(path.nodes.iter().map(String::as_str));
        for bad in &path.bad_schedules {
            self.worsen(RequirementStatus::Fail);
            self.explain(bad);
        }
    }

    /// Facts an estimate missed: each a warning.
    fn note_missing(&mut self, missing: Vec<String>) {
        for sentence in missing {
            self.worsen(RequirementStatus::Warn);
            self.explain(sentence);
        }
    }

    fn explain(&mut self, sentence: impl AsRef<str>) {
        self.explanation.push(sentence.as_ref().to_string());
    }
}

/// Every requirement checked statically: no data read, nothing run. `history` supplies
/// measured durations in place of the nodes' expected ones.
pub fn check_requirements(pipeline: &Pipeline, history: &RunHistory) -> Vec<RequirementCheck> {
    check_in(&delay::Context::new(pipeline, history))
}

/// Every requirement checked statically, within `context`.
pub fn check_in(context: &delay::Context<'_>) -> Vec<RequirementCheck> {
    let pipeline = context.pipeline;
    pipeline
        .requirements
        .iter()
        .map(|requirement| {
            let mut check = RequirementCheck::new(requirement);
            match requirement.typed(pipeline) {
                Err(problems) => {
                    check.status = RequirementStatus::Fail;
                    check.explanation = problems.iter().map(|p| p.message.clone()).collect();
                }
                Ok(spec) => {
                    match &spec {
                        RequirementSpec::Freshness { max_age, meaning } => {
                            freshness::check(context, requirement, *max_age, meaning, &mut check)
                        }
                        RequirementSpec::Latency {
                            from,
                            budget,
                            percentile,
                        } => latency::check(
                            context,
                            requirement,
                            from.as_str(),
                            *budget,
                            percentile,
                            &mut check,
                        ),
                        RequirementSpec::Throughput(target) => {
                            throughput::check(context, requirement, target, &mut check)
                        }
                        RequirementSpec::Fallback { primary } => fallback::check(
                            pipeline,
                            requirement,
                            primary.as_ref().map(|p| p.as_str()),
                            &mut check,
                        ),
                        RequirementSpec::Quality => {
                            quality::check_static(pipeline, requirement, &mut check)
                        }
                    }
                    for finding in limits::findings_for(context, &spec, &check.nodes) {
                        check.worsen(RequirementStatus::Fail);
                        check.limits.push(finding);
                    }
                }
            }
            check
        })
        .collect()
}

/// `estimate` against `budget`: fail above it, warn within a fifth of it, else pass; with the
/// comparison in words: "77 min > 60 min budget, over by 17 min", "40 min ≤ 60 min budget".
fn verdict(estimate: Seconds, budget: Seconds) -> (RequirementStatus, String) {
    if estimate.0 > budget.0 {
        let over = Seconds(estimate.0 - budget.0);
        (
            RequirementStatus::Fail,
            format!("{estimate} > {budget} budget, over by {over}"),
        )
    } else {
        let status = if estimate.0 > budget.0 * 0.8 {
            RequirementStatus::Warn
        } else {
            RequirementStatus::Pass
        };
        (status, format!("{estimate} ≤ {budget} budget"))
    }
}

/// The terms as a sum: "schedule of `train` (…) 30 min + run of `train` 10 min". Measured runs
/// of several nodes are one term, "measured runs of 9 nodes 0.4 s", to keep the sum readable.
fn arithmetic(terms: &[Term]) -> String {
    let measured: Vec<&Term> = terms
        .iter()
        .filter(|t| matches!(t.origin, TermOrigin::Measured { .. }))
        .collect();
    let mut parts: Vec<String> = Vec::new();
    let mut measured_written = false;
    for term in terms {
        let is_measured = matches!(term.origin, TermOrigin::Measured { .. });
        if is_measured && measured.len() > 2 {
            if !measured_written {
                let total: Seconds = measured.iter().map(|t| t.seconds).sum();
                parts.push(format!("measured runs of {} nodes {total}", measured.len()));
                measured_written = true;
            }
        } else {
            parts.push(term.to_string());
        }
    }
    parts.join(" + ")
}

/// The checks' verdicts as one: the worst of them.
pub fn overall(checks: &[RequirementCheck]) -> RequirementStatus {
    checks
        .iter()
        .map(|c| c.status)
        .max()
        .unwrap_or(RequirementStatus::Pass)
}
