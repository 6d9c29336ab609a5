//! SQL: a query over the node's named inputs, each registered as a table of its port's name.

use polars::prelude::*;
use polars::sql::SQLContext;

use super::Inputs;
use crate::engine::error::{NodeError, polars_message};
use crate::engine::params::Params;
use crate::model::Node;
use crate::model::suggest::did_you_mean;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let query = Params::of(node).text("query")?;
    if query.trim().is_empty() {
        return Err(NodeError::param("query", "the query is empty"));
    }
    let mut context = SQLContext::new();
    for (name, tables) in &inputs.ports {
        if let Some(table) = tables.first() {
            context.register(name, table.frame.clone());
        }
    }
    let frame = context.execute(&query).map_err(|e| explain(&e, inputs))?;
    let mut probe = frame.clone();
    probe.collect_schema().map_err(|e| explain(&e, inputs))?;
    Ok(frame)
}

/// A SQL error with a suggestion when it names a column or table that is close to a real one.
fn explain(error: &PolarsError, inputs: &Inputs) -> NodeError {
    let message = polars_message(error);
    let quoted = message
        .split(['"', '\'', '`'])
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let mut candidates: Vec<String> = inputs.ports.keys().cloned().collect();
    for tables in inputs.ports.values() {
        for table in tables {
            candidates.extend(table.schema.iter_names().map(|n| n.to_string()));
        }
    }
    let hint = if quoted.is_empty() {
        String::new()
    } else {
        did_you_mean(&quoted, candidates.iter().map(String::as_str))
    };
    NodeError {
        code: "bad-sql",
        param: Some("query"),
        message: format!("the query fails: {message}{hint}"),
    }
}
