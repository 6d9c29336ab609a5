//! What flows out of a node's output ports, by port: a table today; the catalog, stream and model
//! port types get their own variants, so a consumer matches on what it was wired to.

use polars::prelude::{LazyFrame, SchemaRef};

/// A batch table: its lazy frame and its schema, worked out once when the node was planned.
#[derive(Clone)]
pub struct Table {
    pub frame: LazyFrame,
    pub schema: SchemaRef,
}

/// The value of one output port.
#[derive(Clone)]
pub enum PortValue {
    Table(Table),
}

impl PortValue {
    /// The table, when the port carries one.
    pub fn as_table(&self) -> Option<&Table> {
        match self {
            Self::Table(table) => Some(table),
        }
    }

    /// The word for what the port carries, for messages.
    pub fn noun(&self) -> &'static str {
        match self {
            Self::Table(_) => "table",
        }
    }
}

/// A node's outputs, by port name, in the node's port order.
#[derive(Clone, Default)]
pub struct NodeOutputs {
    ports: Vec<(String, PortValue)>,
}

impl NodeOutputs {
    /// Outputs from `(port, value)` pairs in port order.
    pub fn new(ports: Vec<(String, PortValue)>) -> Self {
        Self { ports }
    }

    /// The value of port `name`.
    pub fn get(&self, name: &str) -> Option<&PortValue> {
        self.ports
            .iter()
            .find(|(port, _)| port == name)
            .map(|(_, value)| value)
    }

    /// The table on port `name`, when that port carries one.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.get(name).and_then(PortValue::as_table)
    }

    /// Every port with its value, in port order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &PortValue)> {
        self.ports
            .iter()
            .map(|(port, value)| (port.as_str(), value))
    }

    /// The first port's name (what a bare reference to the node means for fixed outputs).
    pub fn first_port(&self) -> Option<&str> {
        self.ports.first().map(|(port, _)| port.as_str())
    }
}
