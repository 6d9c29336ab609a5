//! The engine: pipeline documents turned into Polars lazy queries; schemas, previews and runs.

pub mod columns;
pub mod error;
pub mod params;
pub mod paths;
pub mod plan;
pub mod preview;
pub mod run;
pub mod sinks;
pub mod sources;
pub mod transforms;
pub mod types;

pub use error::NodeError;
pub use plan::{NodeOutcome, PipelinePlan, plan_pipeline};
pub use preview::{ColumnStats, Preview, SampleMethod, preview_node};
pub use run::{NodeRunStats, RunError, RunEvent, RunReport, RunStrategy, run_pipeline};
