//! `sluice check FILE`: the pipeline's checks. Statically (`--static`), every requirement's
//! estimate with its arithmetic and the platform limits, and that every data-quality rule parses
//! and names columns its input has; then, unless `--static`, every data-quality node's rules
//! evaluated on the whole of its input (measured values, failing rows, values recorded for
//! dynamic rules) and the requirements measured against the data. Exit 0 when every check
//! passes, 1 when one fails.

use std::path::PathBuf;

use polars::prelude::DataFrame;
use serde::Serialize;

use super::OutputFormat;
use super::load::load_or_report;
use super::table::render;
use crate::engine::quality::check::NodeCheck;
use crate::engine::quality::{RuleOutcome, RuleStatus};
use crate::engine::requirements::{
    RequirementCheck, RequirementStatus, measure_against_data, plan_history,
};
use crate::model::Severity;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The pipeline file (*.sluice.toml)
    pub file: PathBuf,
    /// How to print the results
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Only the checks that need no data: rules parse and name existing columns
    #[arg(long = "static")]
    pub static_only: bool,
}

#[derive(Serialize)]
struct RuleJson {
    rule: usize,
    text: String,
    #[serde(rename = "type")]
    rule_type: Option<&'static str>,
    status: &'static str,
    severity: &'static str,
    measured: Option<f64>,
    message: String,
    /// Up to ten failing rows, each as column -> value text.
    failing_rows: Vec<serde_json::Map<String, serde_json::Value>>,
    parts: Vec<RuleJson>,
}

#[derive(Serialize)]
struct NodeJson {
    node: String,
    blocking: bool,
    passed: bool,
    error: Option<String>,
    rules: Vec<RuleJson>,
}

#[derive(Serialize)]
struct LimitJson {
    limit: &'static str,
    node: String,
    message: String,
}

#[derive(Serialize)]
struct RequirementJson {
    id: String,
    kind: String,
    stakeholder: Option<String>,
    note: Option<String>,
    status: &'static str,
    budget: Option<String>,
    estimate: Option<String>,
    measured: Option<String>,
    explanation: Vec<String>,
    nodes: Vec<String>,
    limits: Vec<LimitJson>,
}

#[derive(Serialize)]
struct Report {
    file: String,
    ok: bool,
    /// Problems found before anything ran (`--static` checks only these).
    errors: Vec<String>,
    requirements: Vec<RequirementJson>,
    quality: Vec<NodeJson>,
}

fn requirement_json(check: &RequirementCheck) -> RequirementJson {
    RequirementJson {
        id: check.id.clone(),
        kind: check.kind.clone(),
        stakeholder: check.stakeholder.clone(),
        note: check.note.clone(),
        status: check.status.as_str(),
        budget: check.budget.clone(),
        estimate: check.estimate.clone(),
        measured: check.measured.clone(),
        explanation: check.explanation.clone(),
        nodes: check.nodes.clone(),
        limits: check
            .limits
            .iter()
            .map(|l| LimitJson {
                limit: l.limit,
                node: l.node.clone(),
                message: l.message.clone(),
            })
            .collect(),
    }
}

fn print_requirements(checks: &[RequirementCheck]) {
    if checks.is_empty() {
        return;
    }
    println!("requirements:");
    for check in checks {
        let who = check
            .stakeholder
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        println!(
            "  {} {} [{}]{who}: {}",
            check.status.symbol(),
            check.id,
            check.kind,
            check.status
        );
        if let Some(note) = &check.note {
            println!("    {note}");
        }
        for sentence in &check.explanation {
            println!("    {sentence}");
        }
        for limit in &check.limits {
            println!("    limit {}: {}", limit.limit, limit.message);
        }
    }
}

fn rows_json(frame: Option<&DataFrame>) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let Some(frame) = frame else {
        return Vec::new();
    };
    (0..frame.height())
        .map(|row| {
            frame
                .columns()
                .iter()
                .map(|column| {
                    let value = column
                        .get(row)
                        .map(|v| {
                            if v.is_null() {
                                serde_json::Value::Null
                            } else if let Some(text) = v.get_str() {
                                text.into()
                            } else {
                                v.to_string().into()
                            }
                        })
                        .unwrap_or(serde_json::Value::Null);
                    (column.name().to_string(), value)
                })
                .collect()
        })
        .collect()
}

fn rule_json(outcome: &RuleOutcome) -> RuleJson {
    RuleJson {
        rule: outcome.index,
        text: outcome.text.clone(),
        rule_type: outcome.rule_type.map(|t| t.name()),
        status: outcome.status.as_str(),
        severity: outcome.severity.as_str(),
        measured: outcome.measured.filter(|v| v.is_finite()),
        message: outcome.message.clone(),
        failing_rows: rows_json(outcome.failing_rows.as_ref()),
        parts: outcome.parts.iter().map(rule_json).collect(),
    }
}

fn node_json(check: &NodeCheck) -> NodeJson {
    NodeJson {
        node: check.node.clone(),
        blocking: check.blocking,
        passed: check.passed(),
        error: check.outcome.as_ref().err().cloned(),
        rules: check
            .outcome
            .as_ref()
            .map(|r| r.outcomes.iter().map(rule_json).collect())
            .unwrap_or_default(),
    }
}

fn print_text(checks: &[NodeCheck]) {
    for check in checks {
        let blocking = if check.blocking { ", blocking" } else { "" };
        match &check.outcome {
            Err(error) => println!(
                "{} (data quality{blocking}): not evaluated: {error}",
                check.node
            ),
            Ok(report) => {
                println!(
                    "{} (data quality{blocking}): {}",
                    check.node,
                    report.summary()
                );
                for outcome in &report.outcomes {
                    let mark = match outcome.status {
                        RuleStatus::Passed => "✔",
                        RuleStatus::Failed
                            if outcome.severity == crate::model::dqdl::Severity::Warn =>
                        {
                            "⚠"
                        }
                        RuleStatus::Failed => "✖",
                        RuleStatus::Skipped => "…",
                    };
                    println!(
                        "  {mark} rule {}  {}  {} ({})",
                        outcome.index,
                        outcome.text,
                        outcome.message,
                        outcome.status.as_str()
                    );
                    if let Some(rows) = outcome.failing_rows.as_ref().filter(|r| r.height() > 0) {
                        println!("    failing rows ({} shown):", rows.height());
                        let header: Vec<String> = rows
                            .get_column_names()
                            .iter()
                            .map(|n| n.to_string())
                            .collect();
                        let body: Vec<Vec<String>> = rows_json(Some(rows))
                            .into_iter()
                            .map(|row| {
                                row.values()
                                    .map(|v| match v {
                                        serde_json::Value::String(s) => s.clone(),
                                        serde_json::Value::Null => "null".into(),
                                        other => other.to_string(),
                                    })
                                    .collect()
                            })
                            .collect();
                        for line in render(&header, &body).lines() {
                            println!("    {line}");
                        }
                    }
                }
            }
        }
    }
}

pub fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    let loaded = match load_or_report(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let file = args.file.display().to_string();
    // The static part: every problem found before anything runs; the same plan is then
    // evaluated.
    let plan = crate::engine::plan_pipeline(&loaded.pipeline, loaded.site());
    let (diagnostics, mut requirements) =
        plan.diagnostics_and_requirements(&loaded.pipeline, Some(&loaded.source_map));
    let errors: Vec<String> = diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{file}:{d}"))
        .collect();
    let history = plan_history(&plan).map_err(anyhow::Error::msg)?;
    let checks = if args.static_only || !errors.is_empty() {
        Vec::new()
    } else {
        measure_against_data(&loaded.pipeline, &plan, &history, true, &mut requirements)
            .map_err(anyhow::Error::msg)?
    };
    let ok = errors.is_empty()
        && checks.iter().all(NodeCheck::passed)
        && requirements
            .iter()
            .all(|r| r.status != RequirementStatus::Fail);
    match args.format {
        OutputFormat::Json => {
            let report = Report {
                file,
                ok,
                errors,
                requirements: requirements.iter().map(requirement_json).collect(),
                quality: checks.iter().map(node_json).collect(),
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        OutputFormat::Text => {
            for error in &errors {
                eprintln!("{error}");
            }
            print_requirements(&requirements);
            print_text(&checks);
            let verdict = if ok {
                "every check passed"
            } else {
                "checks failed"
            };
            let scope = if args.static_only {
                " (static checks only)"
            } else {
                ""
            };
            println!("{file}: {verdict}{scope}");
        }
    }
    Ok(if ok {
        super::exit::OK
    } else {
        super::exit::PIPELINE_ERROR
    })
}
