//! A `data_quality` node planned: its rules parsed and checked against the input's columns
//! before anything runs (errors point at the rule and the column), then two lazy outputs that
//! evaluate the rules when they are computed, once for both: `results` (a row per rule) and
//! `out` (the input's rows; when the node is blocking and a rule of severity error fails, an
//! error instead, so that nothing downstream is computed or written).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use polars::prelude::*;

use super::{QualityInput, QualityReport, RuleOutcome, check_rules, evaluate};
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::engine::transforms::Inputs;
use crate::model::dqdl::{Ruleset, parse};
use crate::model::history::load_history;
use crate::model::{Code, Node};

/// The columns of a node's `results` output.
pub fn results_schema() -> Schema {
    Schema::from_iter([
        Field::new("rule".into(), DataType::UInt32),
        Field::new("text".into(), DataType::String),
        Field::new("status".into(), DataType::String),
        Field::new("severity".into(), DataType::String),
        Field::new("measured".into(), DataType::Float64),
        Field::new("message".into(), DataType::String),
        Field::new("failing_rows_shown".into(), DataType::UInt32),
    ])
}

/// A report as the `results` table: one row per top-level rule.
pub fn results_frame(report: &QualityReport) -> PolarsResult<DataFrame> {
    let outcomes = &report.outcomes;
    let texts = |f: fn(&RuleOutcome) -> String| -> Vec<String> { outcomes.iter().map(f).collect() };
    DataFrame::new(
        outcomes.len(),
        vec![
            Column::new(
                "rule".into(),
                outcomes.iter().map(|o| o.index as u32).collect::<Vec<_>>(),
            ),
            Column::new("text".into(), texts(|o| o.text.clone())),
            Column::new("status".into(), texts(|o| o.status.as_str().to_string())),
            Column::new(
                "severity".into(),
                texts(|o| o.severity.as_str().to_string()),
            ),
            Column::new(
                "measured".into(),
                outcomes.iter().map(|o| o.measured).collect::<Vec<_>>(),
            ),
            Column::new("message".into(), texts(|o| o.message.clone())),
            Column::new(
                "failing_rows_shown".into(),
                outcomes
                    .iter()
                    .map(|o| o.failing_rows.as_ref().map_or(0, |f| f.height() as u32))
                    .collect::<Vec<_>>(),
            ),
        ],
    )
}

/// The rule set of node `node`, parsed; the error points at the rule, line and column.
pub fn node_rules(node: &Node) -> Result<(String, Ruleset), NodeError> {
    let text = Params::of(node).text("rules")?;
    let ruleset = parse(&text).map_err(|error| NodeError {
        code: Code::BadRule,
        param: Some("rules"),
        message: format!("the rules of `{}`: {error}", node.id),
    })?;
    Ok((text, ruleset))
}

/// The past values of node `node`'s rules.
pub fn node_history(
    node: &Node,
    history_file: Option<&Path>,
) -> Result<BTreeMap<String, Vec<f64>>, NodeError> {
    let Some(path) = history_file else {
        return Ok(BTreeMap::new());
    };
    let history =
        load_history(path).map_err(|e| NodeError::new(Code::BadHistory, e.to_string()))?;
    Ok(history
        .quality
        .get(node.id.as_str())
        .cloned()
        .unwrap_or_default())
}

/// The reports of the data-quality nodes evaluated under one plan, by node: what a run records
/// in the history and reports.
pub type QualityReports = Arc<Mutex<BTreeMap<String, QualityReport>>>;

/// Evaluates the rules once, for whichever output is computed first.
struct Evaluation {
    node: String,
    reports: QualityReports,
    text: String,
    ruleset: Ruleset,
    reference: Option<(LazyFrame, Schema)>,
    history: BTreeMap<String, Vec<f64>>,
    report: Mutex<Option<QualityReport>>,
}

impl Evaluation {
    fn report(&self, data: &DataFrame) -> PolarsResult<QualityReport> {
        let mut kept = self
            .report
            .lock()
            .map_err(|_| polars_err!(ComputeError: "a data-quality evaluation failed before"))?;
        if let Some(report) = kept.as_ref() {
            return Ok(report.clone());
        }
        let frame = data.clone().lazy();
        let schema = data.schema().as_ref().clone();
        let report = evaluate(
            &self.text,
            &self.ruleset,
            &QualityInput {
                frame: &frame,
                schema: &schema,
                reference: self.reference.as_ref().map(|(f, s)| (f, s)),
                history: &self.history,
                now_micros: chrono::Utc::now().timestamp_micros(),
            },
        )?;
        *kept = Some(report.clone());
        if let Ok(mut reports) = self.reports.lock() {
            reports.insert(self.node.clone(), report.clone());
        }
        Ok(report)
    }
}

/// The outputs of a data-quality node: `out` and `results`, by port.
pub fn plan_quality(
    node: &Node,
    inputs: &Inputs,
    history_file: Option<&Path>,
    reports: &QualityReports,
) -> Result<Vec<(String, LazyFrame)>, NodeError> {
    let (text, ruleset) = node_rules(node)?;
    let blocking = Params::of(node).flag("blocking")?;
    let input = inputs.single("in")?;
    let reference = inputs
        .ports
        .get("reference")
        .and_then(|r| r.first())
        .map(|r| (r.frame.clone(), r.schema.as_ref().clone()));
    check_rules(
        &text,
        &ruleset,
        &input.schema,
        reference.as_ref().map(|(_, s)| s),
    )
    .map_err(|error| NodeError {
        code: Code::BadRule,
        param: Some("rules"),
        message: format!("the rules of `{}`: {error}", node.id),
    })?;
    let evaluation = Arc::new(Evaluation {
        node: node.id.to_string(),
        reports: Arc::clone(reports),
        text,
        ruleset,
        reference,
        history: node_history(node, history_file)?,
        report: Mutex::new(None),
    });
    let id = node.id.to_string();
    let for_results = Arc::clone(&evaluation);
    let results = input.frame.clone().map(
        move |data| results_frame(&for_results.report(&data)?),
        OptFlags::empty(),
        Some(Arc::new(|_: &Schema| Ok(Arc::new(results_schema())))),
        Some("data_quality"),
    );
    let out = if blocking {
        input.frame.clone().map(
            move |data| {
                let report = evaluation.report(&data)?;
                if report.passed() {
                    Ok(data)
                } else {
                    Err(polars_err!(
                        ComputeError: "blocked by the data-quality node `{}`: {}",
                        id,
                        report.summary()
                    ))
                }
            },
            OptFlags::empty(),
            Some(Arc::new(|schema: &Schema| Ok(Arc::new(schema.clone())))),
            Some("data_quality_gate"),
        )
    } else {
        input.frame.clone()
    };
    Ok(vec![
        ("out".to_string(), out),
        ("results".to_string(), results),
    ])
}
