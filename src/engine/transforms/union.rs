//! Union: stacks inputs by column name; missing columns become null, types widen.

use polars::prelude::*;

use super::Inputs;
use crate::engine::error::NodeError;
use crate::model::{Code, Node};

pub fn build(_node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let frames: Vec<LazyFrame> = inputs
        .ports
        .get("in")
        .into_iter()
        .flatten()
        .map(|i| i.frame.clone())
        .collect();
    match frames.len() {
        0 => Err(NodeError::new(
            Code::UnconnectedInput,
            "input `in` is not connected",
        )),
        1 => Ok(frames.into_iter().next().unwrap_or_default()),
        _ => {
            let args = UnionArgs {
                diagonal: true,
                to_supertypes: true,
                maintain_order: true,
                rechunk: false,
                ..Default::default()
            };
            concat(frames, args).map_err(|e| NodeError::polars("the inputs cannot be stacked", &e))
        }
    }
}
