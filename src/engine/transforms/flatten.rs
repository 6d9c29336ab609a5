//! Flatten: each struct column is replaced by its fields, named `parent<separator>child`, level
//! by level as Glue's Flatten does.

use polars::prelude::*;

use super::Inputs;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let params = Params::of(node);
    let separator = params.text("separator")?;
    let max_levels = usize::try_from(params.int("max_levels")?).unwrap_or(0);
    let mut columns = Vec::new();
    for (name, dtype) in input.schema.iter() {
        flatten_column(
            col(name.clone()),
            name.as_str(),
            dtype,
            &separator,
            max_levels,
            1,
            &mut columns,
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for (name, _) in &columns {
        if !seen.insert(name.clone()) {
            return Err(NodeError::param(
                "separator",
                format!("flattening gives two columns named `{name}`; choose another separator"),
            ));
        }
    }
    Ok(input.frame.clone().select(
        columns
            .into_iter()
            .map(|(name, expr)| expr.alias(name.as_str()))
            .collect::<Vec<_>>(),
    ))
}

/// Adds `expr` (named `name`) to `columns`, or its fields when it is a struct and `level` is
/// within `max_levels` (0: no limit).
fn flatten_column(
    expr: Expr,
    name: &str,
    dtype: &DataType,
    separator: &str,
    max_levels: usize,
    level: usize,
    columns: &mut Vec<(String, Expr)>,
) {
    match dtype {
        DataType::Struct(fields)
            if !fields.is_empty() && (max_levels == 0 || level <= max_levels) =>
        {
            for field in fields {
                flatten_column(
                    expr.clone().struct_().field_by_name(field.name()),
                    &format!("{name}{separator}{}", field.name()),
                    field.dtype(),
                    separator,
                    max_levels,
                    level + 1,
                    columns,
                );
            }
        }
        _ => columns.push((name.to_string(), expr)),
    }
}
