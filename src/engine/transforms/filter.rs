//! Filter: keeps the rows where a SQL condition is true.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::sql_expression;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::engine::types::type_name;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let predicate = Params::of(node).text("predicate")?;
    let expr = sql_expression(&predicate, &input.schema, inputs.name("in"), "predicate")?;
    let result_type = input
        .frame
        .clone()
        .select([expr.clone().alias("__sluice_predicate")])
        .collect_schema()
        .map_err(|e| {
            NodeError::polars("the condition cannot be evaluated", &e).with_param("predicate")
        })?
        .get("__sluice_predicate")
        .cloned();
    match result_type {
        Some(DataType::Boolean) | None => Ok(input.frame.clone().filter(expr)),
        Some(other) => Err(NodeError::param(
            "predicate",
            format!(
                "the condition `{predicate}` gives {} values, not true/false; compare it with something (for example `{predicate} > 0`)",
                type_name(&other)
            ),
        )),
    }
}
