//! Rename field: gives one column a new name, keeping its place.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let params = Params::of(node);
    let from = params.text("from")?;
    let to = params.text("to")?;
    require(&input.schema, &from, inputs.name("in"), "from")?;
    if to.is_empty() {
        return Err(NodeError::param("to", "the new name is empty"));
    }
    if to != from && input.schema.contains(&to) {
        return Err(NodeError::param(
            "to",
            format!(
                "the input already has a column `{to}`; choose another name or drop that column first"
            ),
        ));
    }
    let columns: Vec<Expr> = input
        .schema
        .iter_names()
        .map(|name| {
            if name.as_str() == from {
                col(name.clone()).alias(to.as_str())
            } else {
                col(name.clone())
            }
        })
        .collect();
    Ok(input.frame.clone().select(columns))
}
