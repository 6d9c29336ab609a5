//! Every data-quality node of a pipeline evaluated on the whole of its input (`sluice check`):
//! the rules of each node measured in one pass over its input's query, and the measured values
//! recorded in the run history for dynamic rules.

use crate::engine::plan::{NodeOutcome, PipelinePlan};
use crate::engine::value::Table;
use crate::model::history::{load_history, save_history};
use crate::model::{KindId, Node, Pipeline};

use super::node::{node_history, node_rules};
use super::{QualityInput, QualityReport, evaluate};

/// One data-quality node's evaluation, or why it could not be evaluated.
#[derive(Debug, Clone)]
pub struct NodeCheck {
    pub node: String,
    pub blocking: bool,
    pub outcome: Result<QualityReport, String>,
}

impl NodeCheck {
    /// Evaluated, with no rule of severity error failing.
    pub fn passed(&self) -> bool {
        self.outcome.as_ref().is_ok_and(QualityReport::passed)
    }
}

/// The table wired into `port` of `node`.
fn input_table<'p>(plan: &'p PipelinePlan, node: &Node, port: &str) -> Option<&'p Table> {
    let source = node.inputs_of(port).first()?;
    plan.table(source.node.as_str(), Some(source.port.as_str()))
        .ok()
}

/// Evaluates one data-quality node as `plan` planned it, without recording anything.
pub fn evaluate_node(plan: &PipelinePlan, node: &Node) -> Result<QualityReport, String> {
    check_node(plan, node)
}

fn check_node(plan: &PipelinePlan, node: &Node) -> Result<QualityReport, String> {
    match plan.outcome(node.id.as_str()) {
        Some(NodeOutcome::Ready(_)) => {}
        Some(NodeOutcome::Failed(error)) => return Err(error.message.clone()),
        Some(NodeOutcome::Blocked { by }) => {
            let names: Vec<String> = by.iter().map(|b| format!("`{b}`")).collect();
            return Err(format!("blocked by {}", names.join(", ")));
        }
        None => return Err("not planned".into()),
    }
    let (text, ruleset) = node_rules(node).map_err(|e| e.message)?;
    let history = node_history(node, plan.history_file.as_deref()).map_err(|e| e.message)?;
    let input = input_table(plan, node, "in").ok_or("input `in` is not connected")?;
    let reference = input_table(plan, node, "reference");
    let reference_schema = reference.map(|r| r.schema.as_ref().clone());
    evaluate(
        &text,
        &ruleset,
        &QualityInput {
            frame: &input.frame,
            schema: &input.schema,
            reference: reference
                .zip(reference_schema.as_ref())
                .map(|(r, s)| (&r.frame, s)),
            history: &history,
            now_micros: chrono::Utc::now().timestamp_micros(),
        },
    )
    .map_err(|e| crate::engine::error::polars_message(&e))
}

/// Evaluates every data-quality node of `pipeline` as `plan` planned it, in evaluation order.
/// With `record`, the measured values are appended to the run history (when the plan has one).
pub fn check_quality(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    record: bool,
) -> Result<Vec<NodeCheck>, String> {
    let checks: Vec<NodeCheck> = plan
        .order
        .iter()
        .filter_map(|id| pipeline.node(id))
        .filter(|node| node.kind.id == KindId::DataQuality)
        .map(|node| NodeCheck {
            node: node.id.to_string(),
            blocking: node
                .params
                .get("blocking")
                .is_some_and(|v| matches!(v, crate::model::ParamValue::Bool(true))),
            outcome: check_node(plan, node),
        })
        .collect();
    if record && let Some(path) = &plan.history_file {
        let evaluated: Vec<&NodeCheck> = checks.iter().filter(|c| c.outcome.is_ok()).collect();
        if !evaluated.is_empty() {
            let mut history = load_history(path).map_err(|e| e.to_string())?;
            for check in evaluated {
                if let Ok(report) = &check.outcome {
                    history.record(&check.node, &report.metrics());
                }
            }
            save_history(path, &history).map_err(|e| e.to_string())?;
        }
    }
    Ok(checks)
}
