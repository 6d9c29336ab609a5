//! Cast: converts columns to other types, non-convertible values becoming null unless strict.

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::engine::types::data_type;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let params = Params::of(node);
    let strict = params.flag("strict")?;
    let mut casts = Vec::new();
    for entry in params.records("columns")? {
        let column = entry.text("column")?;
        require(&input.schema, &column, inputs.name("in"), "columns")?;
        let type_name = entry.text("type")?;
        let target = data_type(&type_name)
            .ok_or_else(|| NodeError::param("columns", format!("unknown type `{type_name}`")))?;
        let expr = if strict {
            col(column.as_str()).strict_cast(target)
        } else {
            col(column.as_str()).cast(target)
        };
        casts.push(expr);
    }
    Ok(input.frame.clone().with_columns(casts))
}
