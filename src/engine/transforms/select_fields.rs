//! Select fields: keeps the listed columns in the listed order.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require_all;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let columns = Params::of(node).texts("columns")?;
    require_all(&input.schema, &columns, inputs.name("in"), "columns")?;
    Ok(input
        .frame
        .clone()
        .select(columns.iter().map(|c| col(c.as_str())).collect::<Vec<_>>()))
}
