//! The catalogue of node kinds: one file per kind, each declaring its ports, its parameters and
//! the help card the window shows (what it does, its AWS Glue counterpart).

use super::param::{ParamSpec, ParamType, PathAccess};
use super::port::{InputPorts, OutputPortSpec, OutputPorts, PortType};

mod common;

/// The one list of node kinds: each line names the kind's identifier and the file that declares
/// it. Everything that hangs on a kind (the engine's plan, runs, help) matches [`KindId`]
/// exhaustively, so a kind added here without its behaviour elsewhere does not compile.
macro_rules! kinds {
    ($($variant:ident => $module:ident,)*) => {
        $(mod $module;)*

        /// A node kind's identity, for exhaustive matches. Files name kinds by [`KindSpec::name`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum KindId {
            $($variant,)*
        }

        impl KindId {
            /// Every kind, in palette order.
            pub const ALL: &'static [KindId] = &[$(KindId::$variant,)*];

            /// What is declared about the kind.
            pub fn spec(self) -> &'static KindSpec {
                match self {
                    $(KindId::$variant => &$module::SPEC,)*
                }
            }
        }

        static CATALOGUE: &[&KindSpec] = &[$(&$module::SPEC,)*];
    };
}

kinds! {
    CsvSource => csv_source,
    ParquetSource => parquet_source,
    JsonSource => json_source,
    CatalogSource => catalog_source,
    Crawler => crawler,
    ChangeSchema => change_schema,
    SelectFields => select_fields,
    DropFields => drop_fields,
    RenameField => rename_field,
    Cast => cast,
    Filter => filter,
    DerivedColumn => derived_column,
    Join => join,
    Union => union,
    Aggregate => aggregate,
    DropDuplicates => drop_duplicates,
    DropNullFields => drop_null_fields,
    DropNullRows => drop_null_rows,
    FillMissing => fill_missing,
    Sort => sort,
    Limit => limit,
    Sample => sample,
    Sql => sql,
    ConditionalRouter => conditional_router,
    DataQuality => data_quality,
    RecommenderTrain => recommender_train,
    ClickstreamSource => clickstream_source,
    StreamReplay => stream_replay,
    KinesisSource => kinesis_source,
    StreamFilter => stream_filter,
    StreamMap => stream_map,
    StreamWindow => stream_window,
    LookupJoin => lookup_join,
    Recommend => recommend,
    Serve => serve,
    ToTable => to_table,
    SplitFields => split_fields,
    Flatten => flatten,
    Explode => explode,
    CsvSink => csv_sink,
    ParquetSink => parquet_sink,
    Delivery => delivery,
    KinesisSink => kinesis_sink,
}

pub use conditional_router::DEFAULT_ROUTE;
pub use crawler::{DELETE_BEHAVIORS, RECRAWL_POLICIES, UPDATE_BEHAVIORS};

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
    pub id: KindId,
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
    pub outputs: OutputPorts,
    pub params: &'static [ParamSpec],
}

impl KindSpec {
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The parameters that name files the node reads or writes, with how.
    pub fn path_params(&self) -> impl Iterator<Item = (&'static ParamSpec, PathAccess)> {
        self.params.iter().filter_map(|p| match p.param_type {
            ParamType::Path(access) => Some((p, access)),
            _ => None,
        })
    }

    /// Whether the node writes data out of the pipeline (a sink).
    pub fn is_sink(&self) -> bool {
        self.category == Category::Sink
    }
}

/// One table output named `out`: what most kinds produce.
pub(crate) const TABLE_OUT: OutputPorts = OutputPorts::Fixed(&[OutputPortSpec {
    name: "out",
    port_type: PortType::Table,
}]);

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
            assert_eq!(
                kind.id.spec().name,
                kind.name,
                "{:?} names its own spec",
                kind.id
            );
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
