//! Split fields: the listed columns on `selected`, every other column on `remaining`.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require_all;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<Vec<(String, LazyFrame)>, NodeError> {
    let input = inputs.single("in")?;
    let columns = Params::of(node).texts("columns")?;
    if columns.is_empty() {
        return Err(NodeError::param(
            "columns",
            "choose the columns of the selected output",
        ));
    }
    require_all(&input.schema, &columns, inputs.name("in"), "columns")?;
    let selected: Vec<Expr> = columns.iter().map(|c| col(c.as_str())).collect();
    let remaining: Vec<Expr> = input
        .schema
        .iter_names()
        .filter(|name| !columns.iter().any(|c| c.as_str() == name.as_str()))
        .map(|name| col(name.clone()))
        .collect();
    Ok(vec![
        ("selected".to_string(), input.frame.clone().select(selected)),
        (
            "remaining".to_string(),
            input.frame.clone().select(remaining),
        ),
    ])
}
