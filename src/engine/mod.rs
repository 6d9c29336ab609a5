//! The engine: pipeline documents turned into Polars lazy queries; schemas, previews and runs.

pub mod catalog_read;
pub mod catalog_view;
pub mod columns;
pub mod crawl;
pub mod dates;
pub mod diagnose;
pub mod error;
pub mod help;
pub mod kinds;
pub mod lesson;
pub mod params;
pub mod paths;
pub mod plan;
pub mod preview;
pub mod quality;
pub mod reach;
pub mod recommender_train;
pub mod record;
pub mod requirements;
pub mod run;
pub mod sinks;
pub mod source_cache;
pub mod sources;
pub mod staging;
pub mod streams;
pub mod transforms;
pub mod types;
pub mod value;

pub use error::NodeError;
pub use plan::{
    NodeOutcome, Notice, PipelinePlan, PlanSite, plan_pipeline, plan_upstream, plan_with,
};
pub use preview::{ColumnStats, Preview, SampleMethod, preview_node};
pub use run::{
    NodeRunStats, OutsideWrites, RunError, RunEvent, RunOptions, RunReport, RunStrategy,
    run_pipeline,
};
pub use source_cache::SourceCache;
pub use value::{CatalogValue, NodeOutputs, PortValue, Table};
