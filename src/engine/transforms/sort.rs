//! Sort: orders rows by keys; ties keep input order and nulls come last.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let mut exprs = Vec::new();
    let mut descending = Vec::new();
    for key in Params::of(node).records("keys")? {
        let column = key.text("column")?;
        require(&input.schema, &column, inputs.name("in"), "keys")?;
        exprs.push(col(column.as_str()));
        descending.push(key.flag("descending")?);
    }
    if exprs.is_empty() {
        return Err(NodeError::param("keys", "add at least one sort key"));
    }
    let options = SortMultipleOptions::default()
        .with_order_descending_multi(descending)
        .with_nulls_last(true)
        .with_maintain_order(true);
    Ok(input.frame.clone().sort_by_exprs(exprs, options))
}
