//! Sample: keeps each row with probability `fraction`, decided by a seeded hash of its position.

use polars::prelude::*;

use super::Inputs;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::model::Node;

const ROW_INDEX: &str = "__sluice_row";

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let params = Params::of(node);
    let fraction = params.float("fraction")?.clamp(0.0, 1.0);
    let seed = u64::try_from(params.int("seed")?).unwrap_or(0);
    // Keep a row when its hash, as a fraction of the hash range, falls below `fraction`.
    let threshold = (fraction * u64::MAX as f64) as u64;
    let keep = col(ROW_INDEX)
        .hash(seed, 0x5851_f42d, 0x4c95_7f2d, 0x1405_7b7e)
        .lt(lit(threshold));
    Ok(input
        .frame
        .clone()
        .with_row_index(ROW_INDEX, None)
        .filter(keep)
        .select([all().exclude_cols([ROW_INDEX]).as_expr()]))
}
