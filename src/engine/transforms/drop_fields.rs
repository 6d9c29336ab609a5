//! Drop fields: removes the listed columns.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require_all;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let dropped = Params::of(node).texts("columns")?;
    require_all(&input.schema, &dropped, inputs.name("in"), "columns")?;
    let kept: Vec<Expr> = input
        .schema
        .iter_names()
        .filter(|name| !dropped.iter().any(|d| d == name.as_str()))
        .map(|name| col(name.clone()))
        .collect();
    Ok(input.frame.clone().select(kept))
}
