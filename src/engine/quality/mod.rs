//! Data quality: a `data_quality` node's DQDL rules evaluated with Polars on its input. Every
//! rule's measure is an expression, and all of them are evaluated in one pass over the data
//! (as Deequ does); ReferentialIntegrity reads its reference, and CustomSql runs its own query.
//! Each rule reports pass, fail or skipped with its measured value; a failing rule with
//! row-level meaning shows up to [`FAILING_ROWS_SHOWN`] failing rows. Dynamic rules compare
//! with the rule's values of earlier runs.

pub mod check;
mod measure;
pub mod node;
mod rules;

use std::collections::BTreeMap;

use polars::prelude::*;

pub use measure::Unit;
use measure::{Context, Judge, Value};
pub use rules::{card as rule_card, help as rule_help};

use crate::model::dqdl::{DqdlError, Rule, RuleType, Ruleset, Severity, TopRule};

/// Failing rows shown per rule.
pub const FAILING_ROWS_SHOWN: usize = 10;

/// How a rule came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleStatus {
    Passed,
    Failed,
    /// Not judged this time (a dynamic rule without enough history).
    Skipped,
}

impl RuleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }
}

/// The outcome of one top-level rule (or of a part of a composite one).
#[derive(Debug, Clone)]
pub struct RuleOutcome {
    /// The top-level rule's place in the rule set, from 1.
    pub index: usize,
    /// The rule as written.
    pub text: String,
    /// `None` for `and` / `or` composites.
    pub rule_type: Option<RuleType>,
    pub status: RuleStatus,
    pub severity: Severity,
    pub measured: Option<f64>,
    /// What was measured, in words ("completeness: 93.00%"), or why it was skipped.
    pub message: String,
    /// Up to [`FAILING_ROWS_SHOWN`] rows that fail, for a failing row-level rule.
    pub failing_rows: Option<DataFrame>,
    /// The parts of a composite rule.
    pub parts: Vec<RuleOutcome>,
}

impl RuleOutcome {
    /// Whether it fails with severity error.
    pub fn is_error(&self) -> bool {
        self.status == RuleStatus::Failed && self.severity == Severity::Error
    }
}

/// Every rule of a rule set, evaluated.
#[derive(Debug, Clone, Default)]
pub struct QualityReport {
    pub outcomes: Vec<RuleOutcome>,
}

impl QualityReport {
    /// No rule of severity error failed.
    pub fn passed(&self) -> bool {
        !self.outcomes.iter().any(RuleOutcome::is_error)
    }

    /// The measured value of every single rule, by its text: what dynamic rules compare with
    /// next time.
    pub fn metrics(&self) -> BTreeMap<String, f64> {
        fn walk(outcome: &RuleOutcome, out: &mut BTreeMap<String, f64>) {
            if outcome.parts.is_empty() {
                if let Some(value) = outcome.measured.filter(|v| v.is_finite()) {
                    out.insert(outcome.text.clone(), value);
                }
            } else {
                outcome.parts.iter().for_each(|p| walk(p, out));
            }
        }
        let mut out = BTreeMap::new();
        self.outcomes.iter().for_each(|o| walk(o, &mut out));
        out
    }

    /// "3 of 4 rules passed; rule 2 (IsUnique "id") failed".
    pub fn summary(&self) -> String {
        let passed = self
            .outcomes
            .iter()
            .filter(|o| o.status == RuleStatus::Passed)
            .count();
        let mut text = format!("{passed} of {} rules passed", self.outcomes.len());
        let failed: Vec<String> = self
            .outcomes
            .iter()
            .filter(|o| o.status == RuleStatus::Failed)
            .map(|o| format!("rule {} ({}) failed", o.index, o.text))
            .collect();
        if !failed.is_empty() {
            text.push_str("; ");
            text.push_str(&failed.join("; "));
        }
        text
    }
}

/// What a rule set is evaluated on.
pub struct QualityInput<'a> {
    pub frame: &'a LazyFrame,
    pub schema: &'a Schema,
    /// The `reference` input, when wired.
    pub reference: Option<(&'a LazyFrame, &'a Schema)>,
    /// Each rule's values in earlier runs, oldest first, by the rule's text.
    pub history: &'a BTreeMap<String, Vec<f64>>,
    /// The time of the check, in microseconds since 1970 (UTC).
    pub now_micros: i64,
}

/// The rule's text in the rule set.
fn rule_text(text: &str, span: std::ops::Range<usize>) -> String {
    text.get(span)
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks, before anything runs, that every rule can be evaluated on an input of `schema`:
/// the columns it names exist and have a usable type, `where` conditions parse. The error
/// points at the rule and the column.
pub fn check_rules(
    text: &str,
    ruleset: &Ruleset,
    schema: &Schema,
    reference: Option<&Schema>,
) -> Result<(), DqdlError> {
    for (index, top) in ruleset.rules.iter().enumerate() {
        for rule in top.leaves() {
            check_rule(text, rule, schema, reference).map_err(|e| e.in_rule(index + 1))?;
        }
    }
    Ok(())
}

fn check_rule(
    text: &str,
    rule: &Rule,
    schema: &Schema,
    reference: Option<&Schema>,
) -> Result<(), DqdlError> {
    let at = |span: std::ops::Range<usize>, message: String| DqdlError::at(text, span, message);
    if rule.rule_type.takes_columns() && rule.rule_type != RuleType::ColumnExists {
        for parameter in &rule.parameters {
            let Some(data_type) = schema.get(&parameter.value) else {
                return Err(at(
                    parameter.span.clone(),
                    crate::engine::columns::missing_column(&parameter.value, schema, "the input"),
                ));
            };
            let numeric = matches!(
                rule.rule_type,
                RuleType::Mean | RuleType::Sum | RuleType::StandardDeviation | RuleType::Variance
            ) || (rule.rule_type == RuleType::ColumnValues
                && matches!(
                    rule.condition,
                    Some(crate::model::dqdl::Condition::Number(_))
                ));
            if numeric && !data_type.is_primitive_numeric() {
                return Err(at(
                    parameter.span.clone(),
                    format!(
                        "`{}` holds {} values; {} with a number needs numbers (add a Cast node before this one)",
                        parameter.value,
                        crate::engine::types::type_name(data_type),
                        rule.rule_type.name()
                    ),
                ));
            }
        }
    }
    if rule.rule_type == RuleType::ReferentialIntegrity && reference.is_none() {
        return Err(at(
            rule.span.clone(),
            "ReferentialIntegrity needs the reference table: wire it into this node's `reference` input".into(),
        ));
    }
    if let Some(sql) = &rule.where_sql {
        let expr = polars::sql::sql_expr(sql).map_err(|e| {
            at(
                rule.span.clone(),
                format!(
                    "the where condition `{sql}` does not parse: {}",
                    crate::engine::error::polars_message(&e)
                ),
            )
        })?;
        for name in expr.meta().root_names() {
            if !schema.contains(name.as_str()) {
                return Err(at(
                    rule.span.clone(),
                    format!(
                        "in the where condition: {}",
                        crate::engine::columns::missing_column(name.as_str(), schema, "the input")
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A leaf rule being evaluated.
struct Leaf<'r> {
    rule: &'r Rule,
    text: String,
    scope: Option<Expr>,
    measure: Result<measure::Measure, String>,
}

/// Evaluates every rule of `ruleset` (parsed from `text`) on `input`.
pub fn evaluate(
    text: &str,
    ruleset: &Ruleset,
    input: &QualityInput<'_>,
) -> Result<QualityReport, PolarsError> {
    let no_history = Vec::new();
    let mut leaves: Vec<Leaf<'_>> = Vec::new();
    for top in &ruleset.rules {
        for rule in top.leaves() {
            let text = rule_text(text, rule.span.clone());
            let scope = rule
                .where_sql
                .as_ref()
                .and_then(|sql| polars::sql::sql_expr(sql).ok())
                .map(|e| e.fill_null(lit(false)));
            let ctx = Context {
                input: input.frame,
                schema: input.schema,
                scope: scope.clone(),
                reference: input.reference,
                history: input.history.get(&text).unwrap_or(&no_history),
                now_micros: input.now_micros,
            };
            let measure = rules::measure(rule, &ctx);
            leaves.push(Leaf {
                rule,
                text,
                scope,
                measure,
            });
        }
    }
    // The one pass: every rule's measure as a column of one row.
    let exprs: Vec<Expr> = leaves
        .iter()
        .enumerate()
        .filter_map(|(i, leaf)| match &leaf.measure {
            Ok(measure::Measure {
                value: Value::Pass(expr),
                ..
            }) => Some(expr.clone().cast(DataType::Float64).alias(format!("m{i}"))),
            _ => None,
        })
        .collect();
    let measured = if exprs.is_empty() {
        None
    } else {
        Some(input.frame.clone().select(exprs).collect()?)
    };
    let value_of = |i: usize, leaf: &Leaf<'_>| -> Option<f64> {
        match &leaf.measure {
            Ok(measure::Measure {
                value: Value::Known(v),
                ..
            }) => Some(*v),
            Ok(_) => measured
                .as_ref()?
                .column(&format!("m{i}"))
                .ok()?
                .f64()
                .ok()?
                .get(0),
            Err(_) => None,
        }
    };
    let mut outcomes_by_leaf: Vec<RuleOutcome> = Vec::with_capacity(leaves.len());
    for (i, leaf) in leaves.iter().enumerate() {
        let value = value_of(i, leaf);
        let mut outcome = RuleOutcome {
            index: 0,
            text: leaf.text.clone(),
            rule_type: Some(leaf.rule.rule_type),
            status: RuleStatus::Failed,
            severity: leaf.rule.severity,
            measured: value,
            message: String::new(),
            failing_rows: None,
            parts: Vec::new(),
        };
        match &leaf.measure {
            Err(message) => outcome.message = message.clone(),
            Ok(measure) => {
                let shown = value.map_or_else(
                    || "no value (no rows to measure)".to_string(),
                    |v| measure.unit.show(v),
                );
                outcome.message = format!("{}: {shown}", measure.noun);
                match (&measure.judge, value) {
                    (Judge::Skipped(skip), _) => {
                        outcome.status = RuleStatus::Skipped;
                        outcome.message = format!("{}; {}", outcome.message, skip.0);
                    }
                    (judge, Some(v)) if v.is_finite() => {
                        outcome.status = if judge.passes(v) == Some(true) {
                            RuleStatus::Passed
                        } else {
                            RuleStatus::Failed
                        };
                    }
                    _ => {}
                }
                if outcome.status == RuleStatus::Failed
                    && let Some(failing) = &measure.failing_rows
                {
                    let mut rows = input.frame.clone();
                    if let Some(scope) = &leaf.scope {
                        rows = rows.filter(scope.clone());
                    }
                    outcome.failing_rows = Some(
                        rows.filter(failing.clone())
                            .limit(FAILING_ROWS_SHOWN as IdxSize)
                            .collect()?,
                    );
                }
            }
        }
        outcomes_by_leaf.push(outcome);
    }
    let mut next_leaf = outcomes_by_leaf.into_iter();
    let outcomes = ruleset
        .rules
        .iter()
        .enumerate()
        .map(|(index, top)| {
            let mut outcome = compose(top, text, &mut next_leaf);
            set_index(&mut outcome, index + 1);
            outcome
        })
        .collect();
    Ok(QualityReport { outcomes })
}

fn set_index(outcome: &mut RuleOutcome, index: usize) {
    outcome.index = index;
    outcome.parts.iter_mut().for_each(|p| set_index(p, index));
}

/// A top-level rule's outcome from its leaves' outcomes, taken in order.
fn compose(
    top: &TopRule,
    text: &str,
    leaves: &mut impl Iterator<Item = RuleOutcome>,
) -> RuleOutcome {
    let (parts, any, span) = match top {
        TopRule::Rule(_) => {
            return leaves.next().unwrap_or_else(|| RuleOutcome {
                index: 0,
                text: String::new(),
                rule_type: None,
                status: RuleStatus::Skipped,
                severity: Severity::Error,
                measured: None,
                message: String::new(),
                failing_rows: None,
                parts: Vec::new(),
            });
        }
        TopRule::All(parts, span) => (parts, false, span),
        TopRule::Any(parts, span) => (parts, true, span),
    };
    let parts: Vec<RuleOutcome> = parts.iter().map(|p| compose(p, text, leaves)).collect();
    let passed = |p: &RuleOutcome| p.status == RuleStatus::Passed;
    let skipped = parts.iter().any(|p| p.status == RuleStatus::Skipped);
    let status = if any {
        if parts.iter().any(passed) {
            RuleStatus::Passed
        } else if skipped {
            RuleStatus::Skipped
        } else {
            RuleStatus::Failed
        }
    } else if parts.iter().any(|p| p.status == RuleStatus::Failed) {
        RuleStatus::Failed
    } else if skipped {
        RuleStatus::Skipped
    } else {
        RuleStatus::Passed
    };
    let severity = if parts.iter().any(|p| p.severity == Severity::Error) {
        Severity::Error
    } else {
        Severity::Warn
    };
    let message = parts
        .iter()
        .map(|p| format!("{}: {}", p.status.as_str(), p.message))
        .collect::<Vec<_>>()
        .join(if any { "; or " } else { "; and " });
    RuleOutcome {
        index: 0,
        text: rule_text(text, span.clone()),
        rule_type: None,
        status,
        severity,
        measured: None,
        message,
        failing_rows: None,
        parts,
    }
}
