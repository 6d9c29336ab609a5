//! Transform nodes: each kind's parameters turned into Polars lazy operations, one file per kind.

use std::collections::BTreeMap;

use polars::prelude::{LazyFrame, SchemaRef};

use super::columns::InputName;
use super::error::NodeError;
use crate::model::{Code, OutputRef};

pub mod aggregate;
pub(super) mod cast;
pub(super) mod change_schema;
pub(super) mod conditional_router;
pub(super) mod derived_column;
pub(super) mod drop_duplicates;
pub(super) mod drop_fields;
pub(super) mod drop_null_fields;
pub(super) mod drop_null_rows;
pub(super) mod explode;
pub(super) mod fill_missing;
pub(super) mod filter;
pub(super) mod flatten;
pub(super) mod join;
pub(super) mod limit;
pub(super) mod rename_field;
pub(super) mod sample;
pub(super) mod select_fields;
pub(super) mod sort;
pub(super) mod split_fields;
pub(super) mod sql;
pub(super) mod union;

/// An input table: its lazy frame, schema and the output it comes from.
#[derive(Clone)]
pub struct Input {
    pub frame: LazyFrame,
    pub schema: SchemaRef,
    pub from: OutputRef,
}

/// The inputs of a node, by port, in wiring order.
#[derive(Clone, Default)]
pub struct Inputs {
    pub node: String,
    pub ports: BTreeMap<String, Vec<Input>>,
}

impl Inputs {
    /// The one input on `port`.
    pub fn single(&self, port: &str) -> Result<&Input, NodeError> {
        self.ports
            .get(port)
            .and_then(|inputs| inputs.first())
            .ok_or_else(|| {
                NodeError::new(
                    Code::UnconnectedInput,
                    format!("input `{port}` is not connected"),
                )
            })
    }

    /// How messages name an input: "the input of `x`" or "the left input of `x`".
    pub fn name<'a>(&'a self, port: &'a str) -> InputName<'a> {
        let only = self.ports.len() <= 1;
        InputName {
            node: &self.node,
            port: (!only).then_some(port),
        }
    }
}
