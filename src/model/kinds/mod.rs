//! The catalogue of node kinds: one file per kind, each declaring its ports, its parameters and
//! the help card the window shows (what it does, its AWS Glue counterpart).

use super::param::ParamSpec;
use super::port::{InputPorts, OutputPortSpec, PortType};

mod aggregate;
mod cast;
mod change_schema;
mod common;
mod csv_sink;
mod csv_source;
mod derived_column;
mod drop_duplicates;
mod drop_fields;
mod drop_null_fields;
mod drop_null_rows;
mod fill_missing;
mod filter;
mod join;
mod json_source;
mod limit;
mod parquet_sink;
mod parquet_source;
mod rename_field;
mod sample;
mod select_fields;
mod sort;
mod sql;
mod union;

/// Where a kind sits in the palette, and its colour on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Source,
    Crawler,
    Transform,
    Quality,
    Stream,
    Recommender,
    Sink,
}

impl Category {
    /// Every category, in palette order.
    pub const ALL: [Category; 7] = [
        Self::Source,
        Self::Crawler,
        Self::Transform,
        Self::Quality,
        Self::Stream,
        Self::Recommender,
        Self::Sink,
    ];

    /// The palette heading: "Sources", "Transforms", …
    pub fn heading(self) -> &'static str {
        match self {
            Self::Source => "Sources",
            Self::Crawler => "Crawlers",
            Self::Transform => "Transforms",
            Self::Quality => "Quality",
            Self::Stream => "Streams",
            Self::Recommender => "Recommender",
            Self::Sink => "Sinks",
        }
    }
}

/// Everything that is known about a node kind without running it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindSpec {
    /// The name written in files: `csv_source`, `join`.
    pub name: &'static str,
    /// The name shown in the palette: "CSV source", "Join".
    pub title: &'static str,
    pub category: Category,
    /// One line for the palette.
    pub summary: &'static str,
    /// The help card: what it does, when to use it, its trade-offs.
    pub help: &'static str,
    /// The AWS Glue transform or service this node corresponds to.
    pub aws_counterpart: &'static str,
    pub inputs: InputPorts,
    pub outputs: &'static [OutputPortSpec],
    pub params: &'static [ParamSpec],
}

impl KindSpec {
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }

    pub fn output(&self, name: &str) -> Option<&'static OutputPortSpec> {
        self.outputs.iter().find(|p| p.name == name)
    }

    /// The output a bare node reference (`orders`) means: the first one.
    pub fn default_output(&self) -> Option<&'static OutputPortSpec> {
        self.outputs.first()
    }

    /// Whether the node writes data out of the pipeline (a sink).
    pub fn is_sink(&self) -> bool {
        self.category == Category::Sink
    }
}

/// One table output named `out`: what most kinds produce.
pub(crate) const TABLE_OUT: &[OutputPortSpec] = &[OutputPortSpec {
    name: "out",
    port_type: PortType::Table,
}];

static CATALOGUE: &[&KindSpec] = &[
    &csv_source::SPEC,
    &parquet_source::SPEC,
    &json_source::SPEC,
    &change_schema::SPEC,
    &select_fields::SPEC,
    &drop_fields::SPEC,
    &rename_field::SPEC,
    &cast::SPEC,
    &filter::SPEC,
    &derived_column::SPEC,
    &join::SPEC,
    &union::SPEC,
    &aggregate::SPEC,
    &drop_duplicates::SPEC,
    &drop_null_fields::SPEC,
    &drop_null_rows::SPEC,
    &fill_missing::SPEC,
    &sort::SPEC,
    &limit::SPEC,
    &sample::SPEC,
    &sql::SPEC,
    &csv_sink::SPEC,
    &parquet_sink::SPEC,
];

/// Every node kind, in palette order.
pub fn catalogue() -> &'static [&'static KindSpec] {
    CATALOGUE
}

/// The kind named `name`, if this build knows it.
pub fn kind_spec(name: &str) -> Option<&'static KindSpec> {
    CATALOGUE.iter().copied().find(|k| k.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ident;

    #[test]
    fn names_are_unique_identifiers_and_params_avoid_reserved_keys() {
        let mut seen = std::collections::BTreeSet::new();
        for kind in catalogue() {
            assert!(Ident::new(kind.name).is_ok(), "{}", kind.name);
            assert!(seen.insert(kind.name), "duplicate kind {}", kind.name);
            assert!(
                !kind.summary.ends_with('.'),
                "{}: summary is a label",
                kind.name
            );
            for param in kind.params {
                assert!(Ident::new(param.name).is_ok());
                assert!(
                    !crate::model::file_format::RESERVED_NODE_KEYS.contains(&param.name),
                    "{}.{} clashes with a node key",
                    kind.name,
                    param.name
                );
            }
        }
    }
}
