//! Quality: the named data-quality nodes' rules. Before any data is read, the rules must parse;
//! checked against data, every error-severity rule must pass (a failing warn rule warns).

use super::{RequirementCheck, RequirementStatus};
use crate::engine::quality::RuleStatus;
use crate::engine::quality::check::NodeCheck;
use crate::model::dqdl::{Severity, parse};
use crate::model::{Pipeline, Requirement};

pub fn check_static(pipeline: &Pipeline, requirement: &Requirement, check: &mut RequirementCheck) {
    let mut rules = 0;
    for node in &requirement.applies_to {
        let Some(node) = pipeline.node(node.as_str()) else {
            continue;
        };
        let text = node
            .param("rules")
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        match parse(&text) {
            Ok(ruleset) => rules += ruleset.rules.len(),
            Err(error) => {
                check.worsen(RequirementStatus::Fail);
                check.explain(format!("`{}`: {error}", node.id));
            }
        }
    }
    check.budget = Some(format!("{rules} rules pass"));
    if check.status != RequirementStatus::Fail {
        check.status = RequirementStatus::Unmeasured;
        check.explain(format!(
            "{rules} rules parse; they are evaluated when the pipeline is checked against its data"
        ));
    }
}

/// The requirement's verdict from the quality nodes' evaluations.
pub fn check_measured(
    requirement: &Requirement,
    nodes: &[NodeCheck],
    check: &mut RequirementCheck,
) {
    let mut failed_errors = Vec::new();
    let mut failed_warnings = Vec::new();
    let mut evaluated = 0;
    for node in &requirement.applies_to {
        let Some(found) = nodes.iter().find(|n| n.node == node.as_str()) else {
            continue;
        };
        match &found.outcome {
            Ok(report) => {
                for outcome in &report.outcomes {
                    evaluated += 1;
                    if outcome.status == RuleStatus::Failed {
                        let named = format!("`{}` ({})", outcome.text, outcome.message);
                        match outcome.severity {
                            Severity::Error => failed_errors.push(named),
                            Severity::Warn => failed_warnings.push(named),
                        }
                    }
                }
            }
            Err(error) => {
                failed_errors.push(format!("`{node}` could not be evaluated: {error}"));
            }
        }
    }
    check.explanation.clear();
    check.measured = Some(format!(
        "{} of {evaluated} rules pass",
        evaluated - failed_errors.len().min(evaluated) - failed_warnings.len().min(evaluated)
    ));
    check.status = if !failed_errors.is_empty() {
        RequirementStatus::Fail
    } else if !failed_warnings.is_empty() {
        RequirementStatus::Warn
    } else {
        RequirementStatus::Pass
    };
    if failed_errors.is_empty() && failed_warnings.is_empty() {
        check.explain(format!("all {evaluated} rules pass"));
    }
    for failed in failed_errors {
        check.explain(format!("failed: {failed}"));
    }
    for failed in failed_warnings {
        check.explain(format!("failed (warn): {failed}"));
    }
}
