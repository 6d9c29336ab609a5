//! Limit: keeps `rows` rows after skipping `offset`.

use polars::prelude::*;

use super::Inputs;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let params = Params::of(node);
    let rows = IdxSize::try_from(params.int("rows")?).unwrap_or(IdxSize::MAX);
    let offset = params.int("offset")?;
    Ok(input.frame.clone().slice(offset, rows))
}
