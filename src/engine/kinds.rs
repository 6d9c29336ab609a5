//! The engine's part of every node kind, in one exhaustive match: a kind added to the catalogue
//! without saying here how it runs does not compile.
#![deny(clippy::wildcard_enum_match_arm)]

use polars::prelude::LazyFrame;

use super::error::NodeError;
use super::sinks::SinkFormat;
use super::sources::SourceFormat;
use super::streams::StreamKind;
use super::transforms::{self, Inputs};
use crate::model::{KindId, Node};

/// The tables of a transform with several outputs, by port name.
pub type PortFrames = Vec<(String, LazyFrame)>;

/// How a transform builds its outputs.
#[derive(Clone, Copy)]
pub enum Build {
    /// One table, on the kind's only output.
    One(fn(&Node, &Inputs) -> Result<LazyFrame, NodeError>),
    /// A table per output port, named as the node's ports are.
    Ports(fn(&Node, &Inputs) -> Result<PortFrames, NodeError>),
}

/// What the engine does with a node of a kind.
#[derive(Clone, Copy)]
pub enum Role {
    /// Reads files of this format.
    Source(SourceFormat),
    /// Turns its inputs into its outputs.
    Transform(Build),
    /// Writes its one input out in this format.
    Sink(SinkFormat),
    /// Crawls its targets into a catalog database.
    Crawler,
    /// Reads a table of the catalog wired into it.
    CatalogSource,
    /// Checks its input against DQDL rules.
    Quality,
    /// Trains a recommender on its ratings.
    Train,
    /// A stage of the stream runtime.
    Stream(StreamKind),
}

/// The engine's role for `kind`.
pub fn role(kind: KindId) -> Role {
    use transforms as t;
    match kind {
        KindId::CsvSource => Role::Source(SourceFormat::Csv),
        KindId::ParquetSource => Role::Source(SourceFormat::Parquet),
        KindId::JsonSource => Role::Source(SourceFormat::Json),
        KindId::CatalogSource => Role::CatalogSource,
        KindId::Crawler => Role::Crawler,
        KindId::ChangeSchema => Role::Transform(Build::One(t::change_schema::build)),
        KindId::SelectFields => Role::Transform(Build::One(t::select_fields::build)),
        KindId::DropFields => Role::Transform(Build::One(t::drop_fields::build)),
        KindId::RenameField => Role::Transform(Build::One(t::rename_field::build)),
        KindId::Cast => Role::Transform(Build::One(t::cast::build)),
        KindId::Filter => Role::Transform(Build::One(t::filter::build)),
        KindId::DerivedColumn => Role::Transform(Build::One(t::derived_column::build)),
        KindId::Join => Role::Transform(Build::One(t::join::build)),
        KindId::Union => Role::Transform(Build::One(t::union::build)),
        KindId::Aggregate => Role::Transform(Build::One(t::aggregate::build)),
        KindId::DropDuplicates => Role::Transform(Build::One(t::drop_duplicates::build)),
        KindId::DropNullFields => Role::Transform(Build::One(t::drop_null_fields::build)),
        KindId::DropNullRows => Role::Transform(Build::One(t::drop_null_rows::build)),
        KindId::FillMissing => Role::Transform(Build::One(t::fill_missing::build)),
        KindId::Sort => Role::Transform(Build::One(t::sort::build)),
        KindId::Limit => Role::Transform(Build::One(t::limit::build)),
        KindId::Sample => Role::Transform(Build::One(t::sample::build)),
        KindId::Sql => Role::Transform(Build::One(t::sql::build)),
        KindId::ConditionalRouter => Role::Transform(Build::Ports(t::conditional_router::build)),
        KindId::DataQuality => Role::Quality,
        KindId::RecommenderTrain => Role::Train,
        KindId::ClickstreamSource => Role::Stream(StreamKind::Clickstream),
        KindId::StreamReplay => Role::Stream(StreamKind::Replay),
        KindId::KinesisSource => Role::Stream(StreamKind::KinesisSource),
        KindId::KinesisSink => Role::Stream(StreamKind::KinesisSink),
        KindId::StreamFilter => Role::Stream(StreamKind::Filter),
        KindId::StreamMap => Role::Stream(StreamKind::Map),
        KindId::StreamWindow => Role::Stream(StreamKind::Window),
        KindId::LookupJoin => Role::Stream(StreamKind::Lookup),
        KindId::Recommend => Role::Stream(StreamKind::Recommend),
        KindId::Serve => Role::Stream(StreamKind::Serve),
        KindId::ToTable => Role::Stream(StreamKind::ToTable),
        KindId::Delivery => Role::Stream(StreamKind::Delivery),
        KindId::SplitFields => Role::Transform(Build::Ports(t::split_fields::build)),
        KindId::Flatten => Role::Transform(Build::One(t::flatten::build)),
        KindId::Explode => Role::Transform(Build::One(t::explode::build)),
        KindId::CsvSink => Role::Sink(SinkFormat::Csv),
        KindId::ParquetSink => Role::Sink(SinkFormat::Parquet),
    }
}

/// Whether the first rows of a node of `kind` come from the first rows of its input, so that a
/// preview of the first rows reads only those (Polars pushes the slice down to the reader). A
/// filter, a join or an aggregate may need the whole input for its first row.
pub fn keeps_leading_rows(kind: KindId) -> bool {
    match kind {
        KindId::CsvSource
        | KindId::CatalogSource
        | KindId::ParquetSource
        | KindId::JsonSource
        | KindId::ChangeSchema
        | KindId::SelectFields
        | KindId::DropFields
        | KindId::RenameField
        | KindId::Cast
        | KindId::DerivedColumn
        | KindId::Limit
        | KindId::SplitFields
        | KindId::Flatten
        | KindId::CsvSink
        | KindId::ParquetSink => true,
        KindId::Crawler
        | KindId::Filter
        | KindId::Join
        | KindId::Union
        | KindId::Aggregate
        | KindId::DropDuplicates
        | KindId::DropNullFields
        | KindId::DropNullRows
        | KindId::FillMissing
        | KindId::Sort
        | KindId::Sample
        | KindId::Sql
        | KindId::ConditionalRouter
        | KindId::DataQuality
        | KindId::RecommenderTrain
        | KindId::ClickstreamSource
        | KindId::StreamReplay
        | KindId::KinesisSource
        | KindId::KinesisSink
        | KindId::StreamFilter
        | KindId::StreamMap
        | KindId::StreamWindow
        | KindId::LookupJoin
        | KindId::Recommend
        | KindId::Serve
        | KindId::ToTable
        | KindId::Delivery
        | KindId::Explode => false,
    }
}
