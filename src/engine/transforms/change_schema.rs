//! Change schema (ApplyMapping): renames, casts and drops columns in one pass.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use super::Inputs;
use crate::engine::columns::require;
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::engine::types::data_type;
use crate::model::Node;

struct Mapping {
    target: Option<String>,
    data_type: Option<DataType>,
    drop: bool,
}

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let input = inputs.single("in")?;
    let mut mappings: BTreeMap<String, Mapping> = BTreeMap::new();
    for entry in Params::of(node).records("mappings")? {
        let source = entry.text("source")?;
        require(&input.schema, &source, inputs.name("in"), "mappings")?;
        let data_type =
            match entry.optional_text("type")? {
                Some(name) => Some(data_type(&name).ok_or_else(|| {
                    NodeError::param("mappings", format!("unknown type `{name}`"))
                })?),
                None => None,
            };
        let mapping = Mapping {
            target: entry.optional_text("target")?,
            data_type,
            drop: entry.flag("drop")?,
        };
        if mappings.insert(source.clone(), mapping).is_some() {
            return Err(NodeError::param(
                "mappings",
                format!("column `{source}` is mapped twice"),
            ));
        }
    }
    let mut names_out = BTreeSet::new();
    let mut columns = Vec::new();
    for name in input.schema.iter_names() {
        let mut expr = col(name.clone());
        let mut out_name = name.to_string();
        if let Some(mapping) = mappings.get(name.as_str()) {
            if mapping.drop {
                continue;
            }
            if let Some(target) = &mapping.data_type {
                expr = expr.cast(target.clone());
            }
            if let Some(target) = mapping.target.as_ref().filter(|t| !t.is_empty()) {
                out_name = target.clone();
                expr = expr.alias(target.as_str());
            }
        }
        if !names_out.insert(out_name.clone()) {
            return Err(NodeError::param(
                "mappings",
                format!(
                    "two columns would be named `{out_name}`; give one of them another target name"
                ),
            ));
        }
        columns.push(expr);
    }
    Ok(input.frame.clone().select(columns))
}
