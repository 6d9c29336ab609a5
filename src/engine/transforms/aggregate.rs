//! Aggregate: one row per group with the requested summaries.

use std::collections::BTreeSet;

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::{InputName, require, require_all};
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let params = Params::of(node);
    let group_by = params.texts("group_by")?;
    require_all(&input.schema, &group_by, inputs.name("in"), "group_by")?;
    let aggregations = aggregations(&params, &input.schema, inputs.name("in"), &group_by)?;
    let frame = input.frame.clone();
    Ok(if group_by.is_empty() {
        frame.select(aggregations)
    } else {
        let keys: Vec<Expr> = group_by.iter().map(|c| col(c.as_str())).collect();
        frame.group_by_stable(keys).agg(aggregations)
    })
}

/// The summaries of parameter `aggregations`, each aliased to its output column, checked
/// against `schema`; `keys` are the group-by columns, whose names the outputs must not take.
/// The column an aggregation writes: its alias, else `count` for `*`, else `<function>_<column>`.
pub fn output_name(column: &str, function: &str, alias: Option<String>) -> String {
    alias.filter(|a| !a.is_empty()).unwrap_or_else(|| {
        if column == "*" {
            "count".to_string()
        } else {
            format!("{function}_{column}")
        }
    })
}

pub(crate) fn aggregations(
    params: &Params,
    schema: &Schema,
    input: InputName,
    keys: &[String],
) -> Result<Vec<Expr>, NodeError> {
    let mut names: BTreeSet<String> = keys.iter().cloned().collect();
    let mut aggregations = Vec::new();
    for entry in params.records("aggregations")? {
        let column = entry.text("column")?;
        let function = entry.text("function")?;
        if column != "*" {
            require(schema, &column, input, "aggregations")?;
        }
        let alias = output_name(&column, &function, entry.optional_text("alias")?);
        if !names.insert(alias.clone()) {
            return Err(NodeError::param(
                "aggregations",
                format!("two output columns would be named `{alias}`; give one an alias"),
            ));
        }
        let source = col(column.as_str());
        let expr = match (function.as_str(), column.as_str()) {
            ("count", "*") => len().cast(DataType::Int64),
            (_, "*") => {
                return Err(NodeError::param(
                    "aggregations",
                    format!("`*` means all rows and only works with count, not {function}"),
                ));
            }
            ("count", _) => source.count().cast(DataType::Int64),
            ("count_distinct", _) => source.drop_nulls().n_unique().cast(DataType::Int64),
            ("sum", _) => source.sum(),
            ("mean", _) => source.mean(),
            ("min", _) => source.min(),
            ("max", _) => source.max(),
            ("first", _) => source.first(),
            ("last", _) => source.last(),
            (other, _) => {
                return Err(NodeError::param(
                    "aggregations",
                    format!("unknown function `{other}`"),
                ));
            }
        };
        aggregations.push(expr.alias(alias.as_str()));
    }
    if aggregations.is_empty() {
        return Err(NodeError::param(
            "aggregations",
            "add at least one aggregation",
        ));
    }
    Ok(aggregations)
}
