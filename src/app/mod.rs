//! The designer's application layer: state, commands, undo, and the engine worker. The only
//! place that changes a pipeline in the window; the views only read state and push commands.

pub mod command;
pub mod history;
pub mod jobs;
pub mod state;

pub use command::{Command, CommandInfo, NAMED_COMMANDS};
pub use history::History;
pub use jobs::{EngineWorker, JobRequest, JobResult, NodeStatus, PlanSummary};
pub use state::AppState;
