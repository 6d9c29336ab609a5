//! Drop null rows: removes rows with nulls in any (or all) of the chosen columns.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require_all;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let params = Params::of(node);
    let mut columns = params.texts("columns")?;
    require_all(&input.schema, &columns, inputs.name("in"), "columns")?;
    if columns.is_empty() {
        columns = input.schema.iter_names().map(|n| n.to_string()).collect();
    }
    if columns.is_empty() {
        return Ok(input.frame.clone());
    }
    let present: Vec<Expr> = columns
        .iter()
        .map(|c| col(c.as_str()).is_not_null())
        .collect();
    let keep = if params.text("how")? == "all" {
        any_horizontal(present)
    } else {
        all_horizontal(present)
    }
    .map_err(|e| NodeError::polars("cannot build the null test", &e))?;
    Ok(input.frame.clone().filter(keep))
}
