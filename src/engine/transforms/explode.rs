//! Explode: a row per item of a list column. Empty and null lists drop their row (Spark's
//! explode) unless `keep_empty` keeps it with a null item (explode_outer).

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::engine::types::type_name;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let params = Params::of(node);
    let column = params.text("column")?;
    require(&input.schema, &column, inputs.name("in"), "column")?;
    let dtype = input.schema.get(&column).cloned().unwrap_or(DataType::Null);
    if !matches!(dtype, DataType::List(_)) {
        return Err(NodeError::param(
            "column",
            format!(
                "`{column}` holds {} values, not lists; explode a list column (a JSON array)",
                type_name(&dtype)
            ),
        ));
    }
    let keep_empty = params.flag("keep_empty")?;
    let mut frame = input.frame.clone();
    let target = match params.optional_text("new_name")? {
        Some(new_name) if new_name != column => {
            if input.schema.contains(&new_name) {
                return Err(NodeError::param(
                    "new_name",
                    format!("the input already has a column `{new_name}`; choose another name"),
                ));
            }
            frame = frame.with_column(col(column.as_str()).alias(new_name.as_str()));
            new_name
        }
        _ => column,
    };
    Ok(frame.explode(
        Selector::ByName {
            names: [PlSmallStr::from(target.as_str())].into(),
            strict: true,
        },
        ExplodeOptions {
            empty_as_null: keep_empty,
            keep_nulls: keep_empty,
        },
    ))
}
