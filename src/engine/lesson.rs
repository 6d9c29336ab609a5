//! A lesson's checks evaluated against a learner's pipeline: its nodes and wires, its
//! parameters, its plan's outputs (rows and columns), its requirements and its last run. The
//! command line and the window's lesson panel both judge through [`check_lesson`].

use serde::Serialize;

use super::plan::PipelinePlan;
use super::preview::{count_node_rows, shown_frame};
use super::requirements::{RequirementCheck, RequirementStatus};
use super::types::type_name;
use crate::model::file_format::{param_value_text, parse_param_value};
use crate::model::lesson::{CheckKind, Expected, ExpectedStatus, Lesson, Step, article};
use crate::model::{Diagnostic, Pipeline, Severity};

/// What is known of the learner's last run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunEvidence {
    /// No run of this version of the pipeline.
    NotRun,
    Succeeded,
    Failed(String),
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
pub enum CheckStatus {
    Passed,
    /// Not met, and why.
    Failed(String),
    /// Not known yet (the pipeline has not been run), and what would tell.
    Waiting(String),
}

impl CheckStatus {
    pub fn passed(&self) -> bool {
        matches!(self, Self::Passed)
    }

    pub fn symbol(&self) -> &'static str {
        match self {
            Self::Passed => "✔",
            Self::Failed(_) => "✖",
            Self::Waiting(_) => "…",
        }
    }
}

/// One check of a step, described and judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub check: String,
    #[serde(flatten)]
    pub status: CheckStatus,
}

/// A step's checks, judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepResult {
    pub title: String,
    pub checks: Vec<CheckResult>,
}

impl StepResult {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.status.passed())
    }
}

/// What the checks look at: the learner's pipeline and what was worked out about it.
pub struct Evidence<'a> {
    pub pipeline: &'a Pipeline,
    pub plan: &'a PipelinePlan,
    pub diagnostics: &'a [Diagnostic],
    pub requirements: &'a [RequirementCheck],
    pub run: &'a RunEvidence,
}

/// Every step of `lesson` judged on `pipeline` as `sluice lesson check` does: planned, its
/// requirements estimated, run when a step checks a run, then its quality rules and
/// requirements measured against the data (as `sluice check` does, recording nothing).
pub fn judge_pipeline(
    lesson: &Lesson,
    pipeline: &Pipeline,
    site: super::PlanSite,
    source_map: Option<&crate::model::file_format::SourceMap>,
) -> Result<Vec<StepResult>, String> {
    let plan = super::plan_pipeline(pipeline, site.clone());
    let (diagnostics, mut requirements) = plan.diagnostics_and_requirements(pipeline, source_map);
    let valid = !diagnostics.iter().any(|d| d.severity == Severity::Error);
    let run = if !lesson.needs_run() {
        RunEvidence::NotRun
    } else if !valid {
        RunEvidence::Failed("the pipeline has errors; nothing was run".into())
    } else {
        let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let options = super::RunOptions::new(super::RunStrategy::Auto);
        match super::run_pipeline(pipeline, site.clone(), options, &cancel, &mut |_| {}) {
            Ok(_) => RunEvidence::Succeeded,
            Err(error) => RunEvidence::Failed(error.to_string()),
        }
    };
    // A run records a crawl and durations: what comes after reads them.
    let plan = if run == RunEvidence::Succeeded {
        super::plan_pipeline(pipeline, site.clone())
    } else {
        plan
    };
    if valid {
        let history = super::requirements::plan_history(&plan)?;
        super::requirements::measure_against_data(
            pipeline,
            &plan,
            &history,
            false,
            &mut requirements,
        )?;
    }
    let evidence = Evidence {
        pipeline,
        plan: &plan,
        diagnostics: &diagnostics,
        requirements: &requirements,
        run: &run,
    };
    Ok(check_lesson(lesson, &evidence))
}

/// Every step of `lesson` judged on `evidence`.
pub fn check_lesson(lesson: &Lesson, evidence: &Evidence<'_>) -> Vec<StepResult> {
    lesson
        .steps
        .iter()
        .map(|step| check_step(step, evidence))
        .collect()
}

/// One step judged on `evidence`.
pub fn check_step(step: &Step, evidence: &Evidence<'_>) -> StepResult {
    StepResult {
        title: step.title.clone(),
        checks: step
            .checks
            .iter()
            .map(|check| CheckResult {
                check: check.kind.describe(),
                status: judge(&check.kind, evidence),
            })
            .collect(),
    }
}

fn judge(check: &CheckKind, evidence: &Evidence<'_>) -> CheckStatus {
    let pipeline = evidence.pipeline;
    let fail = |reason: String| CheckStatus::Failed(reason);
    match check {
        CheckKind::Node {
            node,
            kind,
            wired_from,
        } => {
            let candidates: Vec<&crate::model::Node> = match node {
                Some(id) => match pipeline.node(id) {
                    Some(found) => vec![found],
                    None => return fail(format!("there is no node `{id}` yet")),
                },
                None => pipeline.nodes.iter().collect(),
            };
            let of_kind: Vec<&crate::model::Node> = candidates
                .into_iter()
                .filter(|n| kind.is_none_or(|k| n.kind.0.name == k.name))
                .collect();
            let Some(first) = of_kind.first() else {
                return match (node, kind) {
                    (Some(id), Some(kind)) => {
                        let found = pipeline.node(id).map_or("", |n| n.kind.0.title);
                        fail(format!(
                            "`{id}` is {} {found} node, not {} {}",
                            article(found),
                            article(kind.title),
                            kind.title
                        ))
                    }
                    (_, Some(kind)) => fail(format!("there is no {} node yet", kind.title)),
                    _ => fail("there is no such node".into()),
                };
            };
            let wired = |n: &crate::model::Node| {
                wired_from.iter().all(|from| {
                    n.input_refs()
                        .any(|(_, source)| source.node.as_str() == from)
                })
            };
            if of_kind.iter().any(|n| wired(n)) {
                CheckStatus::Passed
            } else {
                let missing: Vec<String> = wired_from
                    .iter()
                    .filter(|from| {
                        !first
                            .input_refs()
                            .any(|(_, source)| source.node.as_str() == from.as_str())
                    })
                    .map(|from| format!("`{from}`"))
                    .collect();
                fail(format!(
                    "`{}` is not wired from {}",
                    first.id,
                    missing.join(" and ")
                ))
            }
        }
        CheckKind::Param {
            node,
            param,
            expected,
        } => {
            let Some(found) = pipeline.node(node) else {
                return fail(format!("there is no node `{node}` yet"));
            };
            let Some(spec) = found.kind.0.param(param) else {
                return fail(format!(
                    "`{node}` is a {}, which has no parameter `{param}`",
                    found.kind.0.title
                ));
            };
            let actual = found.param(param);
            let actual_text = actual
                .as_ref()
                .map(|value| match value {
                    crate::model::ParamValue::Str(text) => text.clone(),
                    other => param_value_text(other, &spec.param_type),
                })
                .unwrap_or_default();
            let shown = actual
                .as_ref()
                .map(|value| param_value_text(value, &spec.param_type))
                .unwrap_or_else(|| "not set".into());
            match expected {
                Expected::Equals(text) => match parse_param_value(text, &spec.param_type) {
                    Ok(wanted) if actual.as_ref() == Some(&wanted) => CheckStatus::Passed,
                    Ok(_) => fail(format!("`{node}`'s {param} is {shown}")),
                    Err(why) => fail(format!("the lesson's value cannot be read: {why}")),
                },
                Expected::Contains(words) => {
                    if Expected::contained_in(words, &actual_text) {
                        CheckStatus::Passed
                    } else {
                        fail(format!("`{node}`'s {param} is {shown}"))
                    }
                }
            }
        }
        CheckKind::Timing {
            node,
            key,
            expected,
        } => {
            let Some(found) = pipeline.node(node) else {
                return fail(format!("there is no node `{node}` yet"));
            };
            let actual = found.timing.get(key);
            let shown = actual.clone().unwrap_or_else(|| "not set".into());
            let matches = match (expected, &actual) {
                (_, None) => false,
                (Expected::Equals(text), Some(actual)) => {
                    // Compared as read: `60 s` and `1 min` are the same span.
                    let mut wanted = crate::model::timing::Timing::default();
                    let mut have = crate::model::timing::Timing::default();
                    wanted.set(key, Some(text)).is_ok()
                        && have.set(key, Some(actual)).is_ok()
                        && same_timing(&wanted, &have)
                }
                (Expected::Contains(words), Some(actual)) => Expected::contained_in(words, actual),
            };
            if matches {
                CheckStatus::Passed
            } else {
                fail(format!("`{node}`'s timing {key} is {shown}"))
            }
        }
        CheckKind::Rows { output, rows } => {
            let (id, port) = split_output(output);
            if pipeline.node(id).is_none() {
                return fail(format!("there is no node `{id}` yet"));
            }
            match count_node_rows(evidence.plan, id, port) {
                Ok(count) if rows.admits(count) => CheckStatus::Passed,
                Ok(count) => fail(format!("`{output}` gives {count} rows")),
                Err(error) => fail(format!("`{output}` has no rows to count: {error}")),
            }
        }
        CheckKind::Column {
            output,
            column,
            data_type,
        } => {
            let (id, port) = split_output(output);
            if pipeline.node(id).is_none() {
                return fail(format!("there is no node `{id}` yet"));
            }
            let schema = shown_frame(evidence.plan, id, port).and_then(|mut frame| {
                frame.collect_schema().map_err(|e| {
                    super::NodeError::new(crate::model::Code::EngineError, e.to_string())
                })
            });
            match schema {
                Err(error) => fail(format!("`{output}` has no columns to look at: {error}")),
                Ok(schema) => match schema.get(column.as_str()) {
                    None => fail(format!(
                        "`{output}` has no column `{column}`{}",
                        crate::model::suggest::did_you_mean(
                            column,
                            schema.iter_names().map(|n| n.as_str())
                        )
                    )),
                    Some(found) => match data_type {
                        Some(wanted) if !same_type(found, wanted) => fail(format!(
                            "`{output}`.`{column}` is {}, not {wanted}",
                            type_name(found)
                        )),
                        _ => CheckStatus::Passed,
                    },
                },
            }
        }
        CheckKind::Requirement { id, status } => {
            let Some(found) = evidence.requirements.iter().find(|r| &r.id == id) else {
                return fail(format!("the pipeline has no requirement `{id}` yet"));
            };
            // A platform limit is the reason that matters most; else the last of the arithmetic.
            let why = found
                .limits
                .first()
                .map(|limit| limit.message.clone())
                .or_else(|| found.explanation.last().cloned())
                .unwrap_or_else(|| found.status.as_str().to_string());
            match (status, found.status) {
                (ExpectedStatus::Pass, RequirementStatus::Pass | RequirementStatus::Warn) => {
                    CheckStatus::Passed
                }
                (ExpectedStatus::Fail, RequirementStatus::Fail) => CheckStatus::Passed,
                (_, RequirementStatus::Unmeasured) => CheckStatus::Waiting(format!(
                    "`{id}` is measured when the pipeline runs: {why}"
                )),
                (ExpectedStatus::Pass, RequirementStatus::Fail) => {
                    fail(format!("`{id}` fails: {why}"))
                }
                (ExpectedStatus::Fail, _) => fail(format!("`{id}` is met: {why}")),
            }
        }
        CheckKind::Valid => {
            let errors: Vec<&Diagnostic> = evidence
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            match errors.first() {
                None => CheckStatus::Passed,
                Some(first) => fail(format!(
                    "{} error{}, the first: {}",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" },
                    first
                )),
            }
        }
        CheckKind::RunSucceeds => match evidence.run {
            RunEvidence::Succeeded => CheckStatus::Passed,
            RunEvidence::NotRun => {
                CheckStatus::Waiting("run the pipeline (F5) to see whether it succeeds".into())
            }
            RunEvidence::Failed(why) => fail(format!("the run failed: {why}")),
        },
    }
}

/// Whether `found` is the type named `wanted` (any spelling the pipeline files accept).
fn same_type(found: &polars::prelude::DataType, wanted: &str) -> bool {
    match super::types::data_type(wanted) {
        Some(wanted) => &wanted == found,
        None => type_name(found).eq_ignore_ascii_case(wanted),
    }
}

/// `node.port` or `node`.
fn split_output(output: &str) -> (&str, Option<&str>) {
    match output.split_once('.') {
        Some((id, port)) => (id, Some(port)),
        None => (output, None),
    }
}

/// Two timings with one attribute each, compared by meaning (durations by their seconds).
fn same_timing(a: &crate::model::timing::Timing, b: &crate::model::timing::Timing) -> bool {
    let seconds = |d: &Option<crate::model::timing::WrittenDuration>| d.as_ref().map(|d| d.seconds);
    a.platform == b.platform
        && seconds(&a.cadence) == seconds(&b.cadence)
        && a.schedule.as_deref().map(str::trim) == b.schedule.as_deref().map(str::trim)
        && seconds(&a.expected_duration) == seconds(&b.expected_duration)
        && seconds(&a.buffer_interval) == seconds(&b.buffer_interval)
        && a.buffer_size_mib == b.buffer_size_mib
        && seconds(&a.micro_batch_window) == seconds(&b.micro_batch_window)
        && seconds(&a.timeout) == seconds(&b.timeout)
        && a.shards == b.shards
}
