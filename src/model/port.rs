//! Typed ports: what flows along a wire (a table, a stream of events, a trained model).

use std::fmt;

use super::ident::Ident;

/// What a port carries. A wire may only join an output and an input of the same type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PortType {
    /// A batch table (a Polars frame, a Spark DataFrame, a Glue DynamicFrame).
    Table,
    /// An unbounded stream of events (a Kinesis-like stream).
    Stream,
    /// A trained model, such as a recommender's item embeddings.
    Model,
    /// A database of the data catalog, as a crawler leaves it (a Glue Data Catalog database).
    Catalog,
}

impl PortType {
    /// The word used in messages and in the window: "table", "stream", "model", "catalog".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Stream => "stream",
            Self::Model => "model",
            Self::Catalog => "catalog",
        }
    }
}

impl fmt::Display for PortType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}

/// One input port of a node kind with fixed ports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InputPortSpec {
    pub name: &'static str,
    pub port_type: PortType,
    /// Whether several wires may feed this port (a union's input), in order.
    pub multiple: bool,
    /// Whether the node needs the port connected (a data-quality node's `reference` is optional).
    pub required: bool,
    pub help: &'static str,
}

/// One output port of a node kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutputPortSpec {
    pub name: &'static str,
    pub port_type: PortType,
}

/// The outputs a node kind gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OutputPorts {
    /// The same ports on every node of the kind. A bare node reference means the first.
    Fixed(&'static [OutputPortSpec]),
    /// One port per record of parameter `param`, named by the record's `name_field`, then the
    /// `then` ports (a router's routes, then its default). A reference must name the port.
    PerRecord {
        param: &'static str,
        name_field: &'static str,
        port_type: PortType,
        then: &'static [OutputPortSpec],
    },
}

impl OutputPorts {
    /// Whether a node of the kind can have any output at all.
    pub fn is_empty(&self) -> bool {
        matches!(self, Self::Fixed(ports) if ports.is_empty())
    }
}

/// One output port of one node: its name and what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputPort {
    pub name: Ident,
    pub port_type: PortType,
}

/// The inputs a node kind accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InputPorts {
    /// A fixed list of ports, each of which must be connected.
    Fixed(&'static [InputPortSpec]),
    /// Ports the user names, all of one type, at least `min` of them. A SQL node's input names
    /// are the table names its query uses.
    Named { port_type: PortType, min: usize },
}

impl InputPorts {
    /// The type of the input port `name`, or `None` when the kind has no such port.
    pub fn port_type(&self, name: &str) -> Option<PortType> {
        match self {
            Self::Fixed(ports) => ports.iter().find(|p| p.name == name).map(|p| p.port_type),
            Self::Named { port_type, .. } => Ident::new(name).ok().map(|_| *port_type),
        }
    }

    /// Whether port `name` accepts several wires.
    pub fn accepts_many(&self, name: &str) -> bool {
        match self {
            Self::Fixed(ports) => ports.iter().any(|p| p.name == name && p.multiple),
            Self::Named { .. } => false,
        }
    }

    /// The fixed ports' names, in declaration order (empty for named ports).
    pub fn fixed_names(&self) -> Vec<&'static str> {
        match self {
            Self::Fixed(ports) => ports.iter().map(|p| p.name).collect(),
            Self::Named { .. } => Vec::new(),
        }
    }
}

/// A reference to one output of one node: `orders` (its only output) or `split.rejected`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutputRef {
    pub node: Ident,
    pub port: Ident,
}

impl OutputRef {
    pub fn new(node: Ident, port: Ident) -> Self {
        Self { node, port }
    }
}

impl fmt::Display for OutputRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.node, self.port)
    }
}
