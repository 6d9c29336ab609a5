//! The designer's session: everything the window knows that is not drawing. The document and
//! its history, the engine's newest plan and preview, the run and its log, background file
//! work, questions awaiting an answer and the status line. Fields are private; the window reads
//! through methods and acts through [`Intent`]s, applied once per frame.

mod act;
mod deploy;
mod engine;
mod files;
mod lesson;
mod run;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::file_tasks::{FileTasks, Notify, PathPurpose};
use super::files::Recovery;
use super::intent::{Effect, Intent};
use super::jobs::{EngineWorker, PlanSummary, PreviewTable};
use super::run_job::RunJob;
use super::run_log::RunLog;
use super::state::AppState;
use crate::engine::{NodeError, SampleMethod};
use crate::model::Pipeline;

/// The rows a preview shows.
pub const PREVIEW_ROWS: usize = 100;

/// How long the person must pause before a recovery copy is written.
const AUTOSAVE_IDLE: Duration = Duration::from_secs(2);

/// What the session starts from.
pub struct SessionStart {
    pub state: AppState,
    /// A problem to show at once (a file that could not be opened).
    pub notice: Option<String>,
    /// Where the recent-files list and recovery copies live.
    pub config_dir: PathBuf,
    /// Whether paths are asked for with the desktop's dialogs (else in the window).
    pub native_dialogs: bool,
}

/// A message in the status line.
#[derive(Debug, Clone)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    pub at: Instant,
}

/// What would replace unsaved work, once the person has decided about it.
#[derive(Debug, Clone, PartialEq)]
pub enum Discarding {
    Close,
    New,
    Open(Option<PathBuf>),
    /// Open a lesson: its starting pipeline (or the learner's saved one) replaces the work.
    Lesson(PathBuf),
}

/// A path the window asks for itself, where the desktop has no file dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct PathPrompt {
    pub purpose: PathPurpose,
    /// The path offered to start with.
    pub suggested: PathBuf,
}

/// What the preview shows and waits for.
#[derive(Debug, Default)]
pub struct PreviewState {
    /// The node, output, plan generation and method of the preview asked for last.
    requested: Option<PreviewKey>,
    requested_at: Option<Instant>,
    /// The newest result for the focused node.
    shown: Option<(PreviewKey, Result<PreviewTable, NodeError>)>,
    random: bool,
    seed: u64,
    /// The node and output chosen to show; any other node shows its first output.
    chosen_port: Option<(String, String)>,
}

/// Which preview: node, output, plan generation and method.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewKey {
    pub node: String,
    pub port: Option<String>,
    pub generation: u64,
    pub method: SampleMethod,
}

impl PreviewState {
    /// The newest preview result and the node it belongs to.
    pub fn shown(&self) -> Option<(&str, &Result<PreviewTable, NodeError>)> {
        self.shown
            .as_ref()
            .map(|(key, result)| (key.node.as_str(), result))
    }

    /// How long the preview asked for has been worked on, while it is.
    pub fn waiting_for(&self) -> Option<Duration> {
        self.requested_at.map(|t| t.elapsed())
    }

    /// Whether rows are drawn at random (else the first rows are shown).
    pub fn is_random(&self) -> bool {
        self.random
    }

    /// The random sample's seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The output chosen for `node`, when one was.
    pub fn port_for(&self, node: &str) -> Option<&str> {
        self.chosen_port
            .as_ref()
            .filter(|(chosen, _)| chosen == node)
            .map(|(_, port)| port.as_str())
    }
}

/// What the canvas and the outline mark on each node, borrowed from the session.
pub struct NodeMarks<'a> {
    pub statuses: Option<&'a HashMap<String, super::jobs::NodeStatus>>,
    pub warnings: &'a HashSet<String>,
    pub running: &'a HashSet<String>,
    pub row_counts: &'a HashMap<String, u64>,
    pub selection: &'a std::collections::BTreeSet<String>,
    /// Nodes the last run stopped at, with the reason.
    pub run_failures: &'a HashMap<String, String>,
    /// Every requirement as last checked.
    pub requirements: &'a [crate::engine::requirements::RequirementCheck],
    /// The requirement whose path the canvas highlights (chosen in the Requirements tab).
    pub highlighted: Option<&'a crate::engine::requirements::RequirementCheck>,
    /// The stream of the newest run, for live rates, queue fill and watermarks.
    pub stream: Option<&'a crate::app::stream_monitor::StreamMonitor>,
    /// The faults the next run puts into stream nodes.
    pub faults: Option<&'a std::collections::BTreeMap<String, crate::stream::fault::Fault>>,
    /// Each deployed node's standing in AWS from the last deploy plan: "in AWS", "to update".
    pub deployed: Option<&'a std::collections::BTreeMap<String, String>>,
}

impl NodeMarks<'_> {
    /// The requirements that name node `id`, for its badge.
    pub fn requirements_of(
        &self,
        id: &str,
    ) -> impl Iterator<Item = &crate::engine::requirements::RequirementCheck> {
        self.requirements
            .iter()
            .filter(move |r| r.named_nodes.iter().any(|n| n == id))
    }

    /// Whether node `id` is on the highlighted requirement's path.
    pub fn is_highlighted(&self, id: &str) -> bool {
        self.highlighted
            .is_some_and(|r| r.nodes.iter().any(|n| n == id))
    }
}

/// What a recommend node answered a shopper typed in its preview.
#[derive(Debug, Clone, PartialEq)]
pub struct AskedShopper {
    pub node: String,
    pub query: String,
    pub result: Result<crate::engine::streams::ask::AskedAnswer, String>,
}

pub use deploy::{DeployDialog, DeployIntent};
pub use lesson::LessonIntent;

/// The Glue script shown for a node, for the plan generation it was made on.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownScript {
    pub generation: u64,
    pub node: String,
    pub result: Result<crate::deploy::NodeScript, String>,
}

/// The designer's session.
pub struct Session {
    state: AppState,
    worker: EngineWorker,
    tasks: FileTasks,
    notify: Notify,
    /// The newest plan received (it may lag the document while one is worked out).
    plan: Option<PlanSummary>,
    /// The generation of the last plan asked for.
    plan_generation: u64,
    /// The content generation of the last plan asked for: moves alone need no new plan.
    planned_content: Option<u64>,
    plan_requested_at: Option<Instant>,
    preview: PreviewState,
    warnings: HashSet<String>,
    run: Option<RunJob>,
    run_log: RunLog,
    /// The stop of the newest run's stream sources (the window's Stop), and its live view.
    stream_stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    stream_monitor: Option<crate::app::stream_monitor::StreamMonitor>,
    /// What a recommend node answered the shopper typed in its preview.
    answer: Option<AskedShopper>,
    /// The Glue script of the node last asked for (the Script tab), and what was asked last.
    script: Option<ShownScript>,
    script_requested: Option<(u64, String)>,
    /// The Deploy dialog: its plan, progress and results.
    deploy: deploy::DeployDialog,
    /// Faults the next runs put into stream nodes ("Break this node"), by node.
    faults: std::collections::BTreeMap<String, crate::stream::fault::Fault>,
    /// Rows per node from the last preview count or run.
    row_counts: HashMap<String, u64>,
    running: HashSet<String>,
    /// Nodes the last run stopped at, with the reason; cleared when the pipeline changes.
    run_failures: HashMap<String, String>,
    /// The requirements as last checked against the data, for the plan generation they were
    /// measured on; and since when a check is awaited.
    measured: Option<(
        u64,
        Result<Vec<crate::engine::requirements::RequirementCheck>, String>,
    )>,
    check_requested_at: Option<Instant>,
    /// The lesson being followed, and the bundled lessons File > Lessons lists.
    lesson: Option<crate::app::lesson::FollowedLesson>,
    lessons: Vec<crate::app::lesson::LessonEntry>,
    /// How the last run ended, for the content generation it ran.
    last_run: Option<(u64, crate::engine::lesson::RunEvidence)>,
    /// Bumped when a run ends or requirements are measured: a lesson is judged again.
    lesson_evidence_marker: u64,
    /// Outputs outside the pipeline's folder the person agreed to, for this document.
    allowed_outside: Vec<PathBuf>,
    notice: Option<Notice>,
    recent: Vec<PathBuf>,
    config_dir: PathBuf,
    native_dialogs: bool,
    recovery_offer: Option<Recovery>,
    discard_prompt: Option<Discarding>,
    path_prompt: Option<PathPrompt>,
    /// Outputs outside the folder that a run waits for the person to agree to.
    outside_prompt: Option<Vec<PathBuf>>,
    /// The person chose to close; do not ask again.
    allow_close: bool,
    last_generation_seen: u64,
    last_change: Instant,
    autosaved_generation: u64,
}

impl Session {
    /// A session on `start.state`; `notify` is called from background threads when a result
    /// arrives (the window repaints).
    pub fn new(start: SessionStart, notify: Notify) -> Self {
        let worker_notify = std::sync::Arc::clone(&notify);
        let worker = EngineWorker::start(move || worker_notify());
        let notice = start.notice.map(|text| Notice {
            text,
            is_error: true,
            at: Instant::now(),
        });
        let mut session = Self {
            state: start.state,
            worker,
            tasks: FileTasks::new(std::sync::Arc::clone(&notify)),
            notify,
            plan: None,
            plan_generation: 0,
            planned_content: None,
            plan_requested_at: None,
            preview: PreviewState {
                seed: 42,
                ..PreviewState::default()
            },
            warnings: HashSet::new(),
            run: None,
            run_log: RunLog::default(),
            stream_stop: None,
            stream_monitor: None,
            answer: None,
            script: None,
            script_requested: None,
            deploy: deploy::DeployDialog::default(),
            faults: Default::default(),
            row_counts: HashMap::new(),
            running: HashSet::new(),
            run_failures: HashMap::new(),
            measured: None,
            check_requested_at: None,
            lesson: None,
            lessons: Vec::new(),
            last_run: None,
            lesson_evidence_marker: 0,
            allowed_outside: Vec::new(),
            notice,
            recent: Vec::new(),
            config_dir: start.config_dir,
            native_dialogs: start.native_dialogs,
            recovery_offer: None,
            discard_prompt: None,
            path_prompt: None,
            outside_prompt: None,
            allow_close: false,
            last_generation_seen: 0,
            last_change: Instant::now(),
            autosaved_generation: 0,
        };
        session.select_first_sink();
        // The recent-files list and any recovery copy are read off the UI thread.
        let dir = session.config_dir.clone();
        session.tasks.read_settings(dir);
        session.tasks.list_lessons();
        session
    }

    /// Takes in what background work has finished, asks the engine for what the document now
    /// needs, and writes a recovery copy after a pause. Called at the start of every frame.
    pub fn tick(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        for outcome in self.tasks.poll() {
            effects.extend(self.settle(outcome));
        }
        self.exchange_with_engine();
        self.judge_lesson();
        self.exchange_with_deploy();
        self.follow_run();
        self.watch_stream();
        self.autosave();
        effects
    }

    /// Acts on what the person did.
    pub fn apply(&mut self, intent: Intent) -> Vec<Effect> {
        self.act(intent)
    }

    /// Exports a picture in the background: `draw` renders the canvas into the file.
    pub fn export(
        &mut self,
        path: PathBuf,
        draw: impl FnOnce(&std::path::Path) -> Result<(), crate::app::error::ExportFailure>
        + Send
        + 'static,
    ) {
        self.tasks.export(path, draw);
    }

    // What the window reads.

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn document(&self) -> &Pipeline {
        self.state.document()
    }

    /// The one node whose preview and inspector are shown.
    pub fn focused_node(&self) -> Option<&str> {
        self.state.focused_node()
    }

    /// The newest plan received.
    pub fn plan(&self) -> Option<&PlanSummary> {
        self.plan.as_ref()
    }

    /// Whether the newest plan is of the document as it is now.
    pub fn is_planned(&self) -> bool {
        self.plan
            .as_ref()
            .is_some_and(|p| p.generation == self.plan_generation)
    }

    /// Whether a plan is being worked out, and for how long.
    pub fn planning_for(&self) -> Option<Duration> {
        self.plan_requested_at.map(|t| t.elapsed())
    }

    pub fn preview(&self) -> &PreviewState {
        &self.preview
    }

    pub fn run_log(&self) -> &RunLog {
        &self.run_log
    }

    pub fn is_running(&self) -> bool {
        self.run.is_some()
    }

    /// The stream of the newest run, live while it goes (and its last counters after).
    pub fn stream_monitor(&self) -> Option<&crate::app::stream_monitor::StreamMonitor> {
        self.stream_monitor.as_ref()
    }

    /// The fault the next run puts into node `id`, if any.
    pub fn fault(&self, id: &str) -> Option<crate::stream::fault::Fault> {
        self.faults.get(id).copied()
    }

    /// What a recommend node last answered the shopper typed in its preview.
    pub fn answer(&self) -> Option<&AskedShopper> {
        self.answer.as_ref()
    }

    /// The Glue script last made for a node (the Script tab).
    pub fn script(&self) -> Option<&ShownScript> {
        self.script.as_ref()
    }

    /// Whether the script of `node` on the current plan is shown or on its way.
    pub fn script_is_current(&self, node: &str) -> bool {
        self.script_requested
            .as_ref()
            .is_some_and(|(generation, asked)| *generation == self.plan_generation && asked == node)
    }

    /// Whether a stream is running now (the window repaints to follow it).
    pub fn is_streaming(&self) -> bool {
        self.stream_monitor.as_ref().is_some_and(|m| m.is_running())
    }

    /// Rows per node, as the last run or random preview counted them.
    pub fn row_counts(&self) -> &HashMap<String, u64> {
        &self.row_counts
    }

    /// What to mark on each node.
    pub fn marks(&self) -> NodeMarks<'_> {
        NodeMarks {
            statuses: self.plan.as_ref().map(|p| &p.statuses),
            warnings: &self.warnings,
            running: &self.running,
            row_counts: &self.row_counts,
            selection: self.state.selection(),
            run_failures: &self.run_failures,
            requirements: self.requirements(),
            highlighted: None,
            stream: self.stream_monitor.as_ref(),
            faults: Some(&self.faults),
            deployed: self.deploy.node_standings(),
        }
    }

    /// The requirements as checked against the data when that check is of the current plan,
    /// else as estimated by the plan.
    pub fn requirements(&self) -> &[crate::engine::requirements::RequirementCheck] {
        let plan = self.plan.as_ref();
        match (&self.measured, plan) {
            (Some((generation, Ok(checks))), Some(plan)) if *generation == plan.generation => {
                checks
            }
            _ => plan.map_or(&[][..], |p| p.requirements.as_slice()),
        }
    }

    /// Whether the shown requirements were measured against the data.
    pub fn requirements_measured(&self) -> bool {
        matches!((&self.measured, &self.plan), (Some((g, Ok(_))), Some(p)) if *g == p.generation)
    }

    /// Why the last check against data failed, if it did.
    pub fn check_error(&self) -> Option<&str> {
        match &self.measured {
            Some((_, Err(error))) => Some(error),
            _ => None,
        }
    }

    /// How long a check against data has been awaited.
    pub fn checking_for(&self) -> Option<std::time::Duration> {
        self.check_requested_at.map(|t| t.elapsed())
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn recent_files(&self) -> &[PathBuf] {
        &self.recent
    }

    pub fn recovery_offer(&self) -> Option<&Recovery> {
        self.recovery_offer.as_ref()
    }

    pub fn discard_prompt(&self) -> Option<&Discarding> {
        self.discard_prompt.as_ref()
    }

    pub fn path_prompt(&self) -> Option<&PathPrompt> {
        self.path_prompt.as_ref()
    }

    /// The outputs outside the folder a run waits for the person to agree to.
    pub fn outside_prompt(&self) -> Option<&[PathBuf]> {
        self.outside_prompt.as_deref()
    }

    /// Whether background file work is under way.
    pub fn tasks_pending(&self) -> usize {
        self.tasks.pending()
    }

    pub fn is_dirty(&self) -> bool {
        self.state.is_dirty()
    }

    /// The pipeline file's name, or `untitled` when it has none yet.
    pub fn file_name_or(&self, untitled: &str) -> String {
        self.state.file().and_then(|f| f.file_name()).map_or_else(
            || untitled.to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// The window title: file name, a dirty marker, the product.
    pub fn title(&self) -> String {
        let name = self.file_name_or("untitled");
        let marker = if self.is_dirty() { " •" } else { "" };
        format!("{name}{marker} — Sluice")
    }

    /// Whether the window may close without asking.
    pub fn may_close(&self) -> bool {
        self.allow_close || !self.is_dirty()
    }

    /// Lets the window close without asking (it was opened to take a picture).
    pub fn allow_close(&mut self) {
        self.allow_close = true;
    }

    /// Whether anything is being worked on that the window should keep repainting for.
    pub fn is_busy(&self) -> bool {
        self.plan_requested_at.is_some() || self.preview.requested_at.is_some()
    }

    // Shared helpers of the session's parts.

    /// Shows a message in the status line.
    fn tell(&mut self, text: impl Into<String>, is_error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error,
            at: Instant::now(),
        });
    }

    /// Selects a sink's input (else the last node), so the preview shows something at start.
    fn select_first_sink(&mut self) {
        let document = self.state.document();
        let pick = document
            .nodes
            .iter()
            .find(|n| n.kind.is_sink())
            .and_then(|sink| sink.input_refs().next().map(|(_, s)| s.node.to_string()))
            .or_else(|| document.nodes.last().map(|n| n.id.to_string()));
        let _ = self
            .state
            .apply(super::Command::Select(pick.into_iter().collect()));
    }

    /// Replaces the whole document (New, Open, recovery) and forgets what belonged to the old.
    fn replace_state(&mut self, mut state: AppState) -> Effect {
        state.succeed(&self.state);
        self.state = state;
        self.plan = None;
        self.planned_content = None;
        self.preview.requested = None;
        self.preview.shown = None;
        self.preview.chosen_port = None;
        self.warnings.clear();
        self.row_counts.clear();
        self.running.clear();
        self.run_failures.clear();
        self.allowed_outside.clear();
        self.outside_prompt = None;
        self.select_first_sink();
        Effect::Replaced
    }
}
