//! What flows out of a node's output ports, by port: a table, a crawler's catalog, a trained
//! model or a stream, so a consumer matches on what it was wired to.

use std::sync::Arc;

use polars::prelude::{LazyFrame, SchemaRef};

use crate::catalog::{CrawlOutcome, CrawlSpec};
use crate::model::catalog::{CrawlRecord, Database, SchemaChange};

/// A batch table: its lazy frame and its schema, worked out once when the node was planned.
#[derive(Clone)]
pub struct Table {
    pub frame: LazyFrame,
    pub schema: SchemaRef,
}

/// A crawler's catalog database: what the catalog file holds once the crawl is applied under
/// the crawler's policy, what that crawl would change, and what the last recorded crawl found.
#[derive(Clone)]
pub struct CatalogValue {
    pub spec: Arc<CrawlSpec>,
    /// The database as it is after the crawl.
    pub database: Arc<Database>,
    /// What a crawl now changes in the catalog file (empty once it is recorded).
    pub pending: Arc<Vec<SchemaChange>>,
    /// The newest crawl by this crawler recorded in the catalog file.
    pub last_recorded: Option<Arc<CrawlRecord>>,
    /// The crawl itself: unclassified files, targets that could not be listed, counts.
    pub outcome: Arc<CrawlOutcome>,
}

impl CatalogValue {
    /// The changes to show: a pending crawl's, else the last recorded crawl's.
    pub fn latest_changes(&self) -> &[SchemaChange] {
        if !self.pending.is_empty() {
            &self.pending
        } else {
            self.last_recorded
                .as_ref()
                .map_or(&[], |record| record.changes.as_slice())
        }
    }
}

/// The value of one output port.
// Tables are by far the most common value; boxing them would cost an allocation per output.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub enum PortValue {
    Table(Table),
    Catalog(CatalogValue),
    /// A recommender, trained when first asked for.
    Model(super::recommender_train::ModelValue),
    /// A stream of events: its columns, and a sample of it for previews.
    Stream(super::streams::StreamValue),
}

impl PortValue {
    /// The table, when the port carries one.
    pub fn as_table(&self) -> Option<&Table> {
        match self {
            Self::Table(table) => Some(table),
            Self::Catalog(_) | Self::Model(_) | Self::Stream(_) => None,
        }
    }

    /// The stream, when the port carries one.
    pub fn as_stream(&self) -> Option<&super::streams::StreamValue> {
        match self {
            Self::Stream(stream) => Some(stream),
            Self::Table(_) | Self::Catalog(_) | Self::Model(_) => None,
        }
    }

    /// The catalog, when the port carries one.
    pub fn as_catalog(&self) -> Option<&CatalogValue> {
        match self {
            Self::Catalog(catalog) => Some(catalog),
            Self::Table(_) | Self::Model(_) | Self::Stream(_) => None,
        }
    }

    /// The word for what the port carries, for messages.
    pub fn noun(&self) -> &'static str {
        match self {
            Self::Table(_) => "table",
            Self::Catalog(_) => "catalog",
            Self::Model(_) => "model",
            Self::Stream(_) => "stream",
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

    /// These outputs with `(port, value)` put first.
    pub fn with_first(mut self, port: String, value: PortValue) -> Self {
        self.ports.insert(0, (port, value));
        self
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
