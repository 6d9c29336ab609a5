//! The designer's application layer: the document and its commands, the session the window
//! draws from, the engine worker, runs and background file work. The only place that changes a
//! pipeline in the window; the views read the session and push intents. No egui here.

pub mod catalog_summary;
pub mod command;
pub mod deploy_task;
pub mod error;
pub mod file_tasks;
pub mod files;
pub mod history;
pub mod intent;
pub mod jobs;
pub mod lesson;
pub mod lesson_progress;
pub mod run_job;
pub mod run_log;
pub mod session;
pub mod state;
pub mod stream_monitor;

pub use command::{Action, Command, CommandInfo, MENUS, NAMED_COMMANDS, command_info};
pub use error::{CommandError, SaveError, TaskError};
pub use file_tasks::{AfterSave, Notify, PathPurpose, dialogs_available};
pub use history::History;
pub use intent::{DiscardChoice, Effect, Intent};
pub use jobs::{
    EngineWorker, JobRequest, JobResult, NodeStatus, PlanSummary, PreviewTable, QualityLines,
    RuleLine,
};
pub use run_job::{RunJob, RunUpdate};
pub use run_log::{RunLog, RunLogLine};
pub use session::{
    AskedShopper, DeployDialog, DeployIntent, Discarding, LessonIntent, NodeMarks, Notice,
    PREVIEW_ROWS, PathPrompt, PreviewState, Session, SessionStart, ShownScript,
};
pub use state::AppState;
