//! Transform nodes: each kind's parameters turned into Polars lazy operations, one file per kind.

use std::collections::BTreeMap;

use polars::prelude::{LazyFrame, SchemaRef};

use super::columns::InputName;
use super::error::NodeError;
use crate::model::Node;

mod aggregate;
mod cast;
mod change_schema;
mod derived_column;
mod drop_duplicates;
mod drop_fields;
mod drop_null_fields;
mod drop_null_rows;
mod fill_missing;
mod filter;
mod join;
mod limit;
mod rename_field;
mod sample;
mod select_fields;
mod sort;
mod sql;
mod union;

/// An input table: its lazy frame, schema and the node it comes from.
#[derive(Clone)]
pub struct Input {
    pub frame: LazyFrame,
    pub schema: SchemaRef,
    pub from_node: String,
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
                    "unconnected-input",
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

/// Builds the output of a transform node from its inputs, or `None` when `node` is no transform.
pub fn build(node: &Node, inputs: &Inputs) -> Option<Result<LazyFrame, NodeError>> {
    let built = match node.kind.name {
        "change_schema" => change_schema::build(node, inputs),
        "select_fields" => select_fields::build(node, inputs),
        "drop_fields" => drop_fields::build(node, inputs),
        "rename_field" => rename_field::build(node, inputs),
        "cast" => cast::build(node, inputs),
        "filter" => filter::build(node, inputs),
        "derived_column" => derived_column::build(node, inputs),
        "join" => join::build(node, inputs),
        "union" => union::build(inputs),
        "aggregate" => aggregate::build(node, inputs),
        "drop_duplicates" => drop_duplicates::build(node, inputs),
        "drop_null_fields" => drop_null_fields::build(inputs),
        "drop_null_rows" => drop_null_rows::build(node, inputs),
        "fill_missing" => fill_missing::build(node, inputs),
        "sort" => sort::build(node, inputs),
        "limit" => limit::build(node, inputs),
        "sample" => sample::build(node, inputs),
        "sql" => sql::build(node, inputs),
        _ => return None,
    };
    Some(built)
}
