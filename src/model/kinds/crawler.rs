//! Crawler: what an AWS Glue crawler would write to the Data Catalog, worked out locally.

use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, PathAccess, Presence};
use crate::model::port::{InputPorts, OutputPortSpec, OutputPorts, PortType};

/// The choices of `update_behavior` (Glue's `UpdateBehavior`).
pub const UPDATE_BEHAVIORS: &[&str] = &["update_in_database", "log"];
/// The choices of `delete_behavior` (Glue's `DeleteBehavior`).
pub const DELETE_BEHAVIORS: &[&str] = &["deprecate_in_database", "delete_from_database", "log"];
/// The choices of `recrawl` (Glue's `RecrawlPolicy`).
pub const RECRAWL_POLICIES: &[&str] = &["crawl_everything", "crawl_new_folders_only"];

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Crawler,
    name: "crawler",
    title: "Crawler",
    category: Category::Crawler,
    summary: "Find the tables, columns and partitions a Glue crawler would create",
    help: "Walks its targets (folders, globs or s3://bucket/prefix), classifies every file by its \
           content in Glue's order (Parquet footer, JSON, Apache access logs, delimited text; \
           gzip too), infers each schema from Glue's sample (CSV: the first 1,000 records or \
           1 MB; JSON: 1 MB steps up to 10 MB; Parquet: the footer), and groups files into \
           tables: key=value folders become partition keys, plain folders partition_0, … when \
           their schemas are more than 70% alike, else a table per folder. The preview lists \
           the tables at once, offline; a run records them in the catalog beside the pipeline \
           (<name>.catalog.toml) and reports schema changes since the last crawl, under the \
           schema-change policy. A real Glue crawler bills 10 minutes at least and tells you \
           only afterwards. Wire its catalog into catalog sources.",
    aws_counterpart: "AWS Glue crawler (CreateCrawler, with S3 targets and a SchemaChangePolicy)",
    inputs: InputPorts::Fixed(&[]),
    outputs: OutputPorts::Fixed(&[OutputPortSpec {
        name: "catalog",
        port_type: PortType::Catalog,
    }]),
    params: &[
        ParamSpec {
            name: "targets",
            param_type: ParamType::Paths(PathAccess::Read),
            presence: Presence::Required,
            help: "Folders, globs or s3://bucket/prefix URIs to crawl",
        },
        ParamSpec {
            name: "exclusions",
            param_type: ParamType::Texts,
            presence: Presence::Optional,
            help: "Glob patterns of files to leave out, relative to a target (**/*.tmp)",
        },
        ParamSpec {
            name: "database",
            param_type: ParamType::Name,
            presence: Presence::DefaultText("default"),
            help: "The catalog database the tables go in",
        },
        ParamSpec {
            name: "table_prefix",
            param_type: ParamType::Text,
            presence: Presence::Optional,
            help: "Put before every table name (raw_)",
        },
        ParamSpec {
            name: "update_behavior",
            param_type: ParamType::Choice(UPDATE_BEHAVIORS),
            presence: Presence::DefaultText("update_in_database"),
            help: "A changed table: update its definition, or only log the change",
        },
        ParamSpec {
            name: "merge_new_columns",
            param_type: ParamType::Bool,
            presence: Presence::DefaultBool(false),
            help: "On update, add new columns only; never drop or retype (MergeNewColumns)",
        },
        ParamSpec {
            name: "delete_behavior",
            param_type: ParamType::Choice(DELETE_BEHAVIORS),
            presence: Presence::DefaultText("deprecate_in_database"),
            help: "A table no longer found: mark it deprecated, delete it, or only log it",
        },
        ParamSpec {
            name: "recrawl",
            param_type: ParamType::Choice(RECRAWL_POLICIES),
            presence: Presence::DefaultText("crawl_everything"),
            help: "Read every folder, or only folders the catalog does not know (changes are then logged)",
        },
        ParamSpec {
            name: "combine_compatible_schemas",
            param_type: ParamType::Bool,
            presence: Presence::DefaultBool(false),
            help: "One table per format at each target, whatever the folders' similarity",
        },
        ParamSpec {
            name: "table_level",
            param_type: ParamType::Int { min: 1, max: 32 },
            presence: Presence::Optional,
            help: "Make tables at this folder depth; a target's own folder is 1",
        },
        ParamSpec {
            name: "sample_size",
            param_type: ParamType::Int { min: 1, max: 249 },
            presence: Presence::Optional,
            help: "Files read per leaf folder (all when unset)",
        },
        ParamSpec {
            name: "schedule",
            param_type: ParamType::Text,
            presence: Presence::Optional,
            help: "When a deployed crawler runs: cron(0 * * * ? *) (on demand when unset)",
        },
    ],
};
