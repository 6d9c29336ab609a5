//! Drop null fields: removes columns in which every value is null (reads the input to know which).

use polars::prelude::*;

use super::Inputs;
use crate::engine::error::NodeError;
use crate::model::Node;

pub fn build(_node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let counts = input
        .frame
        .clone()
        .select([len().alias("__sluice_rows"), all().as_expr().null_count()])
        .collect_with_engine(Engine::Streaming)
        .map_err(|e| NodeError::polars("cannot count the nulls of the input", &e))?;
    let counts = counts.unwrap_single();
    let rows = first_count(&counts, "__sluice_rows");
    let kept: Vec<Expr> = input
        .schema
        .iter_names()
        .filter(|name| rows == 0 || first_count(&counts, name.as_str()) < rows)
        .map(|name| col(name.clone()))
        .collect();
    Ok(input.frame.clone().select(kept))
}

fn first_count(frame: &DataFrame, name: &str) -> u64 {
    frame
        .column(name)
        .ok()
        .and_then(|c| c.cast(&DataType::UInt64).ok())
        .and_then(|c| c.u64().ok().and_then(|values| values.get(0)))
        .unwrap_or(0)
}
