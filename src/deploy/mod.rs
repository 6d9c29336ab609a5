//! A pipeline deployed to AWS: where each node goes (`segments`: Glue jobs, crawlers, Kinesis
//! and Firehose, or local only with the reason) and each Glue job's generated PySpark script
//! (`codegen`).

pub mod codegen;
pub mod segments;

pub use codegen::{CodegenError, Script, ScriptNote, generate_script};
pub use segments::{DeployLayout, DeployRole, JobSegment, Placement, deploy_layout, deploy_role};
