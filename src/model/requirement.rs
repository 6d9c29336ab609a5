//! Requirement kinds and their keys, and a requirement read into its typed form: what the
//! static and measured checks work on.
//!
//! A file writes one `[[requirement]]` table per requirement: `id`, `kind`, `stakeholder`, `note`,
//! `applies_to` (the nodes it is about) and the keys of its kind.

use super::document::{Pipeline, Requirement};
use super::duration::Seconds;
use super::ident::Ident;
use super::kinds::KindId;
use super::param::ParamValue;

/// What a requirement asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RequirementKind {
    Freshness,
    Latency,
    Throughput,
    Fallback,
    Quality,
}

/// The type of a requirement key's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequirementKeyType {
    Duration,
    /// A node id, renamed with the node.
    Node,
    Number,
    Column,
    Choice(&'static [&'static str]),
}

/// One key a requirement kind reads.
#[derive(Debug, Clone, Copy)]
pub struct RequirementKey {
    pub name: &'static str,
    pub key_type: RequirementKeyType,
    pub help: &'static str,
}

/// A requirement kind: its name in files, what it means, and its keys.
#[derive(Debug, Clone, Copy)]
pub struct RequirementKindSpec {
    pub kind: RequirementKind,
    pub name: &'static str,
    /// What `applies_to` names for this kind.
    pub applies_to: &'static str,
    pub summary: &'static str,
    pub keys: &'static [RequirementKey],
}

/// The meanings freshness has in the field (see the kind's help).
pub const FRESHNESS_MEANINGS: &[&str] = &["newest_record", "source_lag"];
/// The percentiles a latency budget may name.
pub const PERCENTILES: &[&str] = &["p50", "p90", "p95", "p99", "max"];

/// Every requirement kind.
pub const REQUIREMENT_KINDS: &[RequirementKindSpec] = &[
    RequirementKindSpec {
        kind: RequirementKind::Freshness,
        name: "freshness",
        applies_to: "the sinks whose data must be fresh",
        summary: "The greatest age of the data at a sink. `newest_record`: the wall-clock age of the newest record by `column` (Glue's DataFreshness, dbt's loaded_at_field). `source_lag`: how far the sink is behind its sources (Dagster's lag).",
        keys: &[
            RequirementKey {
                name: "max_age",
                key_type: RequirementKeyType::Duration,
                help: "the budget: `1h`",
            },
            RequirementKey {
                name: "meaning",
                key_type: RequirementKeyType::Choice(FRESHNESS_MEANINGS),
                help: "newest_record (needs `column`) or source_lag; newest_record when a column is named",
            },
            RequirementKey {
                name: "column",
                key_type: RequirementKeyType::Column,
                help: "the time column whose newest value dates the data",
            },
        ],
    },
    RequirementKindSpec {
        kind: RequirementKind::Latency,
        name: "latency",
        applies_to: "the sinks or serving nodes the events must reach",
        summary: "How long an event takes from a source to a sink or serving node, at a percentile.",
        keys: &[
            RequirementKey {
                name: "from",
                key_type: RequirementKeyType::Node,
                help: "the node where the events enter",
            },
            RequirementKey {
                name: "budget",
                key_type: RequirementKeyType::Duration,
                help: "the budget: `1 s`",
            },
            RequirementKey {
                name: "percentile",
                key_type: RequirementKeyType::Choice(PERCENTILES),
                help: "p50, p90, p95, p99 (the default) or max",
            },
        ],
    },
    RequirementKindSpec {
        kind: RequirementKind::Throughput,
        name: "throughput",
        applies_to: "the nodes that must keep up",
        summary: "Events a second a stream must take, or rows a run must write within a time.",
        keys: &[
            RequirementKey {
                name: "events_per_second",
                key_type: RequirementKeyType::Number,
                help: "events a second the path must take",
            },
            RequirementKey {
                name: "rows",
                key_type: RequirementKeyType::Number,
                help: "rows one run must write…",
            },
            RequirementKey {
                name: "within",
                key_type: RequirementKeyType::Duration,
                help: "…within this time",
            },
        ],
    },
    RequirementKindSpec {
        kind: RequirementKind::Fallback,
        name: "fallback",
        applies_to: "the serving node, then the fallback it serves when the primary fails",
        summary: "A serving node must have a fallback path: if `primary` fails, something upstream of the serving node must still reach it without passing through `primary`.",
        keys: &[RequirementKey {
            name: "primary",
            key_type: RequirementKeyType::Node,
            help: "the node that may fail (the recommender)",
        }],
    },
    RequirementKindSpec {
        kind: RequirementKind::Quality,
        name: "quality",
        applies_to: "the data-quality nodes whose rules must pass",
        summary: "Every error-severity rule of the named data-quality nodes must pass; warn-severity failures warn.",
        keys: &[],
    },
];

/// The spec of the kind named `name`.
pub fn requirement_kind(name: &str) -> Option<&'static RequirementKindSpec> {
    REQUIREMENT_KINDS.iter().find(|k| k.name == name)
}

/// Which freshness a requirement means.
#[derive(Debug, Clone, PartialEq)]
pub enum FreshnessMeaning {
    /// The wall-clock age of the newest record, dated by `column`.
    NewestRecord { column: String },
    /// How far the sink is behind its sources.
    SourceLag,
}

/// What a throughput requirement asks.
#[derive(Debug, Clone, PartialEq)]
pub enum ThroughputTarget {
    EventsPerSecond(f64),
    RowsWithin { rows: f64, within: Seconds },
}

/// A requirement in typed form.
#[derive(Debug, Clone, PartialEq)]
pub enum RequirementSpec {
    Freshness {
        max_age: Seconds,
        meaning: FreshnessMeaning,
    },
    Latency {
        from: Ident,
        budget: Seconds,
        percentile: &'static str,
    },
    Throughput(ThroughputTarget),
    Fallback {
        primary: Option<Ident>,
    },
    Quality,
}

/// A problem with one requirement, naming the key it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementProblem {
    pub requirement: Ident,
    pub key: Option<String>,
    pub message: String,
}

impl Requirement {
    pub fn kind_spec(&self) -> Option<&'static RequirementKindSpec> {
        requirement_kind(self.kind.as_str())
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.params.get(key).and_then(ParamValue::as_str)
    }

    fn number(&self, key: &str) -> Option<f64> {
        match self.params.get(key) {
            Some(ParamValue::Int(n)) => Some(*n as f64),
            Some(ParamValue::Float(n)) => Some(*n),
            _ => None,
        }
    }

    /// The requirement in typed form, or what is missing or wrong, checked against `pipeline`
    /// (the nodes it names exist and are of the kinds it needs).
    pub fn typed(&self, pipeline: &Pipeline) -> Result<RequirementSpec, Vec<RequirementProblem>> {
        let mut problems = Vec::new();
        let mut problem = |key: Option<&str>, message: String| {
            problems.push(RequirementProblem {
                requirement: self.id.clone(),
                key: key.map(str::to_string),
                message,
            });
        };
        let Some(spec) = self.kind_spec() else {
            problem(
                Some("kind"),
                format!("`{}` is not a requirement kind", self.kind),
            );
            return Err(problems);
        };
        let id = &self.id;
        let duration = |key: &str, problem: &mut dyn FnMut(Option<&str>, String)| match self
            .text(key)
            .map(Seconds::parse)
        {
            Some(Ok(seconds)) if seconds.0 > 0.0 => Some(seconds),
            Some(Ok(_)) => {
                problem(
                    Some(key),
                    format!("requirement `{id}`: `{key}` must be more than 0"),
                );
                None
            }
            Some(Err(reason)) => {
                problem(Some(key), format!("requirement `{id}`, `{key}`: {reason}"));
                None
            }
            None => {
                problem(
                    Some(key),
                    format!("requirement `{id}` has no `{key}`; add e.g. `{key} = \"1h\"`"),
                );
                None
            }
        };
        let node_key = |key: &str, problem: &mut dyn FnMut(Option<&str>, String)| {
            let name = self.text(key)?;
            match pipeline.node(name) {
                Some(node) => Some(node.id.clone()),
                None => {
                    let hint = super::suggest::did_you_mean(
                        name,
                        pipeline.nodes.iter().map(|n| n.id.as_str()),
                    );
                    problem(
                        Some(key),
                        format!(
                            "requirement `{id}`: `{key}` names `{name}`, which is not a node{hint}"
                        ),
                    );
                    None
                }
            }
        };
        if self.applies_to.is_empty() {
            problem(
                Some("applies_to"),
                format!(
                    "requirement `{id}` applies to no node; `applies_to` lists {}",
                    spec.applies_to
                ),
            );
        }
        let typed = match spec.kind {
            RequirementKind::Freshness => {
                let max_age = duration("max_age", &mut problem);
                let column = self.text("column").map(str::to_string);
                let meaning = match (self.text("meaning"), column) {
                    (Some("source_lag"), _) | (None, None) => Some(FreshnessMeaning::SourceLag),
                    (Some("newest_record") | None, Some(column)) => {
                        Some(FreshnessMeaning::NewestRecord { column })
                    }
                    (Some("newest_record"), None) => {
                        problem(
                            Some("column"),
                            format!(
                                "requirement `{id}` measures the newest record's age but names no `column` to date it by"
                            ),
                        );
                        None
                    }
                    (Some(other), _) => {
                        problem(
                            Some("meaning"),
                            format!(
                                "requirement `{id}`: `meaning` is newest_record or source_lag, not `{other}`"
                            ),
                        );
                        None
                    }
                };
                max_age
                    .zip(meaning)
                    .map(|(max_age, meaning)| RequirementSpec::Freshness { max_age, meaning })
            }
            RequirementKind::Latency => {
                let from = match self.text("from") {
                    Some(_) => node_key("from", &mut problem),
                    None => {
                        problem(
                            Some("from"),
                            format!(
                                "requirement `{id}` has no `from`: the node where the events enter"
                            ),
                        );
                        None
                    }
                };
                let budget = duration("budget", &mut problem);
                let percentile = match self.text("percentile") {
                    None => Some("p99"),
                    Some(text) => match PERCENTILES.iter().find(|p| **p == text) {
                        Some(p) => Some(*p),
                        None => {
                            problem(
                                Some("percentile"),
                                format!(
                                    "requirement `{id}`: `percentile` is one of {}, not `{text}`",
                                    PERCENTILES.join(", ")
                                ),
                            );
                            None
                        }
                    },
                };
                match (from, budget, percentile) {
                    (Some(from), Some(budget), Some(percentile)) => {
                        Some(RequirementSpec::Latency {
                            from,
                            budget,
                            percentile,
                        })
                    }
                    _ => None,
                }
            }
            RequirementKind::Throughput => {
                match (self.number("events_per_second"), self.number("rows")) {
                    (Some(rate), None) if rate > 0.0 => Some(RequirementSpec::Throughput(
                        ThroughputTarget::EventsPerSecond(rate),
                    )),
                    (None, Some(rows)) if rows > 0.0 => {
                        duration("within", &mut problem).map(|within| {
                            RequirementSpec::Throughput(ThroughputTarget::RowsWithin {
                                rows,
                                within,
                            })
                        })
                    }
                    (Some(_), Some(_)) => {
                        problem(
                            None,
                            format!(
                                "requirement `{id}` names both `events_per_second` and `rows`; keep one"
                            ),
                        );
                        None
                    }
                    _ => {
                        problem(
                            None,
                            format!(
                                "requirement `{id}` needs `events_per_second`, or `rows` with `within`, as a number above 0"
                            ),
                        );
                        None
                    }
                }
            }
            RequirementKind::Fallback => {
                let primary = match self.text("primary") {
                    Some(_) => node_key("primary", &mut problem).map(Some),
                    None => Some(None),
                };
                primary.map(|primary| RequirementSpec::Fallback { primary })
            }
            RequirementKind::Quality => {
                for node in &self.applies_to {
                    let is_quality = pipeline
                        .node(node.as_str())
                        .is_some_and(|n| n.kind.id == KindId::DataQuality);
                    if !is_quality {
                        problem(
                            Some("applies_to"),
                            format!(
                                "requirement `{id}` applies to `{node}`, which is not a data-quality node"
                            ),
                        );
                    }
                }
                Some(RequirementSpec::Quality)
            }
        };
        match typed {
            Some(typed) if problems.is_empty() => Ok(typed),
            _ => Err(problems),
        }
    }
}
