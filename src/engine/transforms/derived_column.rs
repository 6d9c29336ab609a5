//! Derived column: adds or replaces a column computed by a SQL expression.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::sql_expression;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let params = Params::of(node);
    let name = params.text("name")?;
    if name.trim().is_empty() {
        return Err(NodeError::param("name", "the new column needs a name"));
    }
    let expression = params.text("expression")?;
    let expr = sql_expression(&expression, &input.schema, inputs.name("in"), "expression")?;
    Ok(input.frame.clone().with_column(expr.alias(name.as_str())))
}
