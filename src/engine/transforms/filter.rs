//! Filter: keeps the rows where a SQL condition is true.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::sql_condition;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let predicate = Params::of(node).text("predicate")?;
    let condition = sql_condition(
        &predicate,
        &input.frame,
        &input.schema,
        inputs.name("in"),
        "predicate",
    )?;
    Ok(input.frame.clone().filter(condition))
}
