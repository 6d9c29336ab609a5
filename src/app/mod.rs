//! The designer's application layer: state, commands, undo, and the engine worker. The only
//! place that changes a pipeline in the window; the views only read state and push commands.

pub mod command;
pub mod files;
pub mod history;
pub mod jobs;
pub mod run_job;
pub mod state;

pub use command::{Action, Command, CommandInfo, MENUS, NAMED_COMMANDS, command_info};
pub use history::History;
pub use jobs::{EngineWorker, JobRequest, JobResult, NodeStatus, PlanSummary, PreviewTable};
pub use run_job::{RunJob, RunUpdate};
pub use state::AppState;
