//! Typed access to a node's parameters (set values or the kind's defaults) for the engine.

use std::collections::BTreeMap;

use super::error::NodeError;
use crate::model::{Code, Node, ParamValue};

/// Reads a node's parameters, turning "not set" and "wrong shape" into node errors.
pub struct Params<'a> {
    node: &'a Node,
}

impl<'a> Params<'a> {
    pub fn of(node: &'a Node) -> Self {
        Self { node }
    }

    fn value(&self, name: &'static str) -> Result<ParamValue, NodeError> {
        self.node.param(name).ok_or_else(|| {
            NodeError::new(
                Code::MissingParameter,
                format!("parameter `{name}` is not set"),
            )
            .with_param(name)
        })
    }

    fn wrong(name: &'static str, wanted: &str) -> NodeError {
        NodeError::param(name, format!("parameter `{name}` must be {wanted}"))
    }

    pub fn text(&self, name: &'static str) -> Result<String, NodeError> {
        match self.value(name)? {
            ParamValue::Str(text) => Ok(text),
            _ => Err(Self::wrong(name, "a string")),
        }
    }

    pub fn optional_text(&self, name: &'static str) -> Result<Option<String>, NodeError> {
        match self.node.param(name) {
            None => Ok(None),
            Some(ParamValue::Str(text)) => Ok(Some(text)),
            Some(_) => Err(Self::wrong(name, "a string")),
        }
    }

    pub fn int(&self, name: &'static str) -> Result<i64, NodeError> {
        match self.value(name)? {
            ParamValue::Int(number) => Ok(number),
            _ => Err(Self::wrong(name, "a whole number")),
        }
    }

    pub fn float(&self, name: &'static str) -> Result<f64, NodeError> {
        match self.value(name)? {
            ParamValue::Float(number) => Ok(number),
            ParamValue::Int(number) => Ok(number as f64),
            _ => Err(Self::wrong(name, "a number")),
        }
    }

    pub fn flag(&self, name: &'static str) -> Result<bool, NodeError> {
        match self.value(name)? {
            ParamValue::Bool(flag) => Ok(flag),
            _ => Err(Self::wrong(name, "true or false")),
        }
    }

    /// A list of strings; an unset optional list is empty.
    pub fn texts(&self, name: &'static str) -> Result<Vec<String>, NodeError> {
        match self.node.param(name) {
            None => Ok(Vec::new()),
            Some(ParamValue::List(items)) => items
                .into_iter()
                .map(|item| match item {
                    ParamValue::Str(text) => Ok(text),
                    _ => Err(Self::wrong(name, "a list of strings")),
                })
                .collect(),
            Some(_) => Err(Self::wrong(name, "a list of strings")),
        }
    }

    /// A list of records.
    pub fn records(&self, name: &'static str) -> Result<Vec<Record>, NodeError> {
        match self.value(name)? {
            ParamValue::List(items) => items
                .into_iter()
                .map(|item| match item {
                    ParamValue::Record(fields) => Ok(Record {
                        param: name,
                        fields,
                    }),
                    _ => Err(Self::wrong(name, "a list of tables")),
                })
                .collect(),
            _ => Err(Self::wrong(name, "a list of tables")),
        }
    }
}

/// One record of a record-list parameter.
pub struct Record {
    param: &'static str,
    fields: BTreeMap<String, ParamValue>,
}

impl Record {
    pub fn text(&self, field: &str) -> Result<String, NodeError> {
        self.optional_text(field)?.ok_or_else(|| {
            NodeError::param(
                self.param,
                format!("an entry of `{}` has no `{field}`", self.param),
            )
        })
    }

    pub fn optional_text(&self, field: &str) -> Result<Option<String>, NodeError> {
        match self.fields.get(field) {
            None => Ok(None),
            Some(ParamValue::Str(text)) => Ok(Some(text.clone())),
            Some(_) => Err(NodeError::param(
                self.param,
                format!("`{field}` in `{}` must be a string", self.param),
            )),
        }
    }

    pub fn flag(&self, field: &str) -> Result<bool, NodeError> {
        match self.fields.get(field) {
            None => Ok(false),
            Some(ParamValue::Bool(flag)) => Ok(*flag),
            Some(_) => Err(NodeError::param(
                self.param,
                format!("`{field}` in `{}` must be true or false", self.param),
            )),
        }
    }
}
