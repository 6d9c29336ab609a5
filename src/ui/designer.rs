//! The designer window: owns the app state, the engine worker and the views, and runs one frame
//! (engine results in, panels drawn, commands applied).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::app::files::{Recovery, clear_recovery};
use crate::app::{
    AppState, Command, EngineWorker, JobRequest, JobResult, PlanSummary, PreviewTable, RunJob,
};
use crate::engine::{NodeError, RunReport, SampleMethod};
use crate::model::Severity;
use crate::model::file_format::to_canonical_text;

use super::canvas::{Canvas, CanvasContext, ViewRequest};
use super::file_tasks::FileTasks;
use super::run_log::RunLog;
use super::screenshot::ScreenshotTask;

/// How long the person must pause before a recovery copy is written.
const AUTOSAVE_IDLE: Duration = Duration::from_secs(2);

/// The rows a preview shows.
pub const PREVIEW_ROWS: usize = 100;

/// The bottom panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BottomTab {
    Preview,
    Schema,
    Problems,
    RunLog,
    Text,
}

/// What the preview panel shows and waits for.
#[derive(Debug, Default)]
pub struct PreviewState {
    /// The node, plan generation and method of the preview asked for last.
    pub requested: Option<(String, u64, SampleMethod)>,
    pub requested_at: Option<Instant>,
    /// The newest result for the selected node.
    pub shown: Option<(String, Result<PreviewTable, NodeError>)>,
    pub random: bool,
    pub seed: u64,
}

/// A message in the status bar.
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
}

/// What the window was given at start.
pub struct Startup {
    pub state: AppState,
    /// A problem to show at once (a file that could not be opened).
    pub notice: Option<String>,
    /// Where the recent-files list and recovery copies live.
    pub config_dir: PathBuf,
    /// Save a picture of the window here after the first frames, then close.
    pub screenshot: Option<PathBuf>,
}

/// The designer window.
pub struct Designer {
    pub state: AppState,
    worker: EngineWorker,
    pub canvas: Canvas,
    /// The newest plan received (it may lag the document by a generation while one is planned).
    pub plan: Option<PlanSummary>,
    /// The generation of the last plan asked for.
    pub plan_generation: u64,
    /// The content generation of the last plan asked for: moves alone need no new plan.
    planned_content: Option<u64>,
    plan_requested_at: Option<Instant>,
    pub preview: PreviewState,
    pub bottom_tab: BottomTab,
    pub palette_search: String,
    pub quick_add: Option<super::quick_add::QuickAdd>,
    pub command_palette: Option<super::command_palette::CommandPalette>,
    pub notice: Option<Notice>,
    pub run: Option<RunJob>,
    pub run_log: RunLog,
    /// Rows per node from the last preview count or run.
    pub row_counts: HashMap<String, u64>,
    pub running: HashSet<String>,
    pub warnings: HashSet<String>,
    /// Nodes the last run stopped at, with the reason; cleared when the pipeline changes.
    pub run_failures: HashMap<String, String>,
    pub dark: bool,
    pub presenter: bool,
    theme_applied: Option<(bool, bool)>,
    pub tasks: FileTasks,
    pub recent: Vec<PathBuf>,
    pub config_dir: PathBuf,
    pub recovery_offer: Option<Recovery>,
    /// Asking whether to save before unsaved work would be replaced (closing, New, Open).
    pub discard_prompt: Option<Discarding>,
    /// The person chose to close; do not ask again.
    pub allow_close: bool,
    pub screenshot: Option<ScreenshotTask>,
    last_generation_seen: u64,
    last_change: Instant,
    autosaved_generation: u64,
    title_shown: String,
    pub inspector: super::inspector::InspectorState,
    pub show_help: bool,
    /// Whether file dialogs are the desktop's (else the in-window path prompt).
    pub native_dialogs: bool,
    /// The in-window path prompt, where the desktop has no file dialog.
    pub path_prompt: Option<super::path_prompt::PathPrompt>,
    /// True while egui repeats a layout pass of the same frame: input is not acted on twice.
    pub replaying: bool,
    /// Text pasted this frame, waiting to become nodes.
    pub clipboard_in: Option<String>,
    pub frames: u64,
}

impl Designer {
    pub fn new(ctx: &egui::Context, startup: Startup) -> Self {
        let notify_ctx = ctx.clone();
        let worker = EngineWorker::start(move || notify_ctx.request_repaint());
        let notice = startup.notice.map(|text| Notice {
            text,
            is_error: true,
            at: Instant::now(),
        });
        let mut designer = Self {
            state: startup.state,
            worker,
            canvas: Canvas::default(),
            plan: None,
            plan_generation: 0,
            planned_content: None,
            plan_requested_at: None,
            preview: PreviewState {
                seed: 42,
                ..PreviewState::default()
            },
            bottom_tab: BottomTab::Preview,
            palette_search: String::new(),
            quick_add: None,
            command_palette: None,
            notice,
            run: None,
            run_log: RunLog::default(),
            row_counts: HashMap::new(),
            running: HashSet::new(),
            warnings: HashSet::new(),
            run_failures: HashMap::new(),
            dark: true,
            presenter: false,
            theme_applied: None,
            tasks: FileTasks::new(ctx.clone()),
            recent: Vec::new(),
            config_dir: startup.config_dir,
            recovery_offer: None,
            discard_prompt: None,
            allow_close: false,
            screenshot: startup.screenshot.map(ScreenshotTask::new),
            last_generation_seen: 0,
            last_change: Instant::now(),
            autosaved_generation: 0,
            title_shown: String::new(),
            inspector: super::inspector::InspectorState::default(),
            show_help: false,
            clipboard_in: None,
            replaying: false,
            path_prompt: None,
            native_dialogs: super::path_prompt::dialogs_available(),
            frames: 0,
        };
        designer.select_first_sink();
        // The recent-files list and any recovery copy are read off the UI thread.
        let dir = designer.config_dir.clone();
        designer.tasks.read_settings(dir);
        designer
    }

    /// Selects a sink (else the last node), so the preview shows something useful at start.
    fn select_first_sink(&mut self) {
        let document = &self.state.document;
        let pick = document
            .nodes
            .iter()
            .find(|n| n.kind.is_sink())
            .and_then(|sink| sink.input_refs().next().map(|(_, s)| s.node.to_string()))
            .or_else(|| document.nodes.last().map(|n| n.id.to_string()));
        self.state.selection = pick.into_iter().collect();
    }

    /// Replaces the whole state (New, Open, recovery) and resets what belonged to the old one.
    pub fn replace_state(&mut self, mut state: AppState) {
        state.succeed(&self.state);
        self.state = state;
        self.canvas = Canvas::default();
        self.plan = None;
        self.planned_content = None;
        self.preview.requested = None;
        self.preview.shown = None;
        self.row_counts.clear();
        self.running.clear();
        self.inspector = super::inspector::InspectorState::default();
        self.select_first_sink();
    }

    /// Shows a message in the status bar.
    pub fn tell(&mut self, text: impl Into<String>, is_error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error,
            at: Instant::now(),
        });
    }

    /// Marks a repeated layout pass: commands, runs and background tasks started from the UI are
    /// not started again in it.
    fn set_replaying(&mut self, replaying: bool) {
        self.replaying = replaying;
        self.tasks.replaying = replaying;
    }

    /// Applies a command and returns why it was refused, if it was. In a repeated layout pass
    /// (egui runs a frame's UI twice when a widget asks for it) nothing is applied, so one
    /// click never makes two edits.
    pub fn try_apply(&mut self, command: Command) -> Result<(), String> {
        if self.replaying {
            return Ok(());
        }
        self.state.apply(command)
    }

    /// Applies a command; a refusal is shown in the status bar.
    pub fn apply(&mut self, command: Command) -> bool {
        let verb = match &command {
            Command::Connect { .. } | Command::ConnectReplacing { .. } => Some("Cannot connect"),
            Command::Paste { .. } => Some("Cannot paste"),
            Command::RenameNode { .. } => Some("Cannot rename"),
            Command::Undo | Command::Redo => None,
            _ => Some("Cannot do that"),
        };
        match self.try_apply(command) {
            Ok(()) => true,
            Err(reason) => {
                match verb {
                    Some(verb) => self.tell(format!("{verb}: {reason}"), true),
                    None => self.tell(reason, false),
                }
                false
            }
        }
    }

    /// Whether there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.state.is_dirty()
    }

    /// The pipeline file's name, or `untitled` when it has none yet.
    pub fn file_name_or(&self, untitled: &str) -> String {
        self.state
            .file
            .as_ref()
            .and_then(|f| f.file_name())
            .map_or_else(
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

    /// The one node whose preview and inspector are shown.
    pub fn focused_node(&self) -> Option<String> {
        (self.state.selection.len() == 1)
            .then(|| self.state.selection.iter().next().cloned())
            .flatten()
    }

    /// Engine results in; new plan and preview requests out.
    fn exchange_with_engine(&mut self) {
        for result in self.worker.poll() {
            match result {
                JobResult::Planned(summary) if summary.generation == self.plan_generation => {
                    self.warnings = summary
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Warning)
                        .filter_map(|d| d.node.clone())
                        .collect();
                    self.plan = Some(summary);
                    self.plan_requested_at = None;
                }
                JobResult::Planned(_) => {}
                JobResult::Previewed {
                    generation,
                    node,
                    result,
                } => {
                    let current = self.preview.requested.as_ref().is_some_and(|(n, g, _)| {
                        *n == node && *g == generation && generation == self.plan_generation
                    });
                    if current {
                        if let Ok(table) = &result
                            && let Some(total) = table.preview.total_rows
                        {
                            self.row_counts.insert(node.clone(), total);
                        }
                        self.preview.shown = Some((node, result));
                        self.preview.requested_at = None;
                    }
                }
            }
        }
        if self.state.generation != self.last_generation_seen {
            self.last_generation_seen = self.state.generation;
            self.last_change = Instant::now();
            if self.planned_content != Some(self.state.content_generation) {
                self.plan_generation = self.state.generation;
                self.planned_content = Some(self.state.content_generation);
                self.plan_requested_at = Some(Instant::now());
                self.row_counts.clear();
                self.run_failures.clear();
                self.worker.send(JobRequest::Plan {
                    generation: self.plan_generation,
                    pipeline: self.state.document.clone(),
                    base_dir: self.state.base_dir(),
                    source_map: None,
                });
            }
        }
        self.request_preview_if_needed();
    }

    fn request_preview_if_needed(&mut self) {
        let Some(node) = self.focused_node() else {
            return;
        };
        let planned = self
            .plan
            .as_ref()
            .is_some_and(|p| p.generation == self.plan_generation);
        if !planned {
            return;
        }
        let method = if self.preview.random {
            SampleMethod::Random {
                seed: self.preview.seed,
            }
        } else {
            SampleMethod::Head
        };
        let wanted = (node.clone(), self.plan_generation, method);
        if self.preview.requested.as_ref() == Some(&wanted) {
            return;
        }
        self.preview.requested = Some(wanted);
        self.preview.requested_at = Some(Instant::now());
        self.worker.send(JobRequest::Preview {
            generation: self.plan_generation,
            node,
            rows: PREVIEW_ROWS,
            method,
        });
    }

    /// Whether a plan is being worked out, and for how long.
    pub fn planning_for(&self) -> Option<Duration> {
        self.plan_requested_at.map(|t| t.elapsed())
    }

    /// Writes a recovery copy once the person has paused with unsaved changes.
    fn autosave(&mut self) {
        if self.autosaved_generation == self.state.generation
            || self.last_change.elapsed() < AUTOSAVE_IDLE
        {
            return;
        }
        self.autosaved_generation = self.state.generation;
        if self.is_dirty() {
            let text = to_canonical_text(&self.state.document);
            self.tasks
                .write_recovery(self.config_dir.clone(), self.state.file.clone(), text);
        } else {
            let dir = self.config_dir.clone();
            self.tasks.clear_recovery(dir);
        }
    }

    /// Takes in run progress.
    fn follow_run(&mut self) {
        let Some(run) = &mut self.run else {
            return;
        };
        let updates = run.poll();
        let finished = run.finished;
        for update in updates {
            match update {
                crate::app::RunUpdate::Event(event) => {
                    self.run_log
                        .record(&event, &mut self.running, &mut self.row_counts);
                }
                crate::app::RunUpdate::Finished(outcome) => {
                    self.running.clear();
                    let message = self.run_log.finish(&outcome);
                    let failed = outcome.is_err();
                    if let Err(crate::engine::RunError::NodeFailed { node, error }) = &outcome {
                        self.run_failures
                            .insert(node.clone(), error.message.clone());
                    }
                    if let Ok(RunReport { nodes, .. }) = &outcome {
                        for stats in nodes {
                            if let Some(rows) = stats.rows_out {
                                self.row_counts.insert(stats.node.clone(), rows);
                            }
                        }
                    }
                    self.tell(message, failed);
                }
            }
        }
        if finished {
            self.run = None;
        }
    }

    /// Starts a local run of the pipeline.
    pub fn start_run(&mut self, ctx: &egui::Context) {
        if self.replaying {
            return;
        }
        if self.run.is_some() {
            self.tell("A run is already going; cancel it first (Shift+F5)", true);
            return;
        }
        let notify = ctx.clone();
        self.run_log.start();
        self.bottom_tab = BottomTab::RunLog;
        self.run = Some(RunJob::start(
            self.state.document.clone(),
            self.state.base_dir(),
            crate::engine::RunStrategy::Auto,
            move || notify.request_repaint(),
        ));
    }

    /// Every per-frame duty that is not drawing.
    pub fn before_frame(&mut self, ctx: &egui::Context) {
        self.frames += 1;
        if self.theme_applied != Some((self.dark, self.presenter)) {
            super::style::apply_theme(ctx, self.dark, self.presenter);
            self.theme_applied = Some((self.dark, self.presenter));
        }
        for outcome in self.tasks.poll() {
            super::file_tasks::settle(self, outcome);
        }
        self.exchange_with_engine();
        self.follow_run();
        self.canvas.sync(self.state.generation);
        self.autosave();
        let title = self.title();
        if title != self.title_shown {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_shown = title;
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.discard_prompt = Some(Discarding::Close);
        }
        if self.plan_requested_at.is_some() || self.preview.requested_at.is_some() {
            // Keep the elapsed-time counters moving while work is under way.
            ctx.request_repaint_after(Duration::from_millis(250));
        }
    }

    /// Draws the canvas and applies what happened on it.
    pub fn canvas_ui(&mut self, ui: &mut egui::Ui) {
        let statuses = self.plan.as_ref().map(|p| &p.statuses);
        let context = CanvasContext {
            statuses,
            warnings: &self.warnings,
            running: &self.running,
            row_counts: &self.row_counts,
            selection: &self.state.selection,
            run_failures: &self.run_failures,
        };
        let outcome = self.canvas.show(ui, &self.state.document, &context);
        if let Some(ids) = outcome.selection {
            let _ = self.try_apply(Command::Select(ids));
        }
        for command in outcome.commands {
            self.apply(command);
        }
        if outcome.drag_ended {
            self.state.history.close_merge();
        }
        if outcome.preview.is_some() {
            self.bottom_tab = BottomTab::Preview;
        }
    }

    /// Selects node `id` and brings it into view.
    pub fn reveal(&mut self, id: &str) {
        let _ = self.try_apply(Command::Select(vec![id.to_string()]));
        self.canvas.view_request = Some(ViewRequest::Frame(vec![id.to_string()]));
    }
}

impl Designer {
    /// One whole frame without eframe (benchmarks, headless use): what `logic` and `ui` do.
    pub fn headless_frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.set_replaying(ctx.current_pass_index() > 0);
        if !self.replaying {
            self.before_frame(&ctx);
            super::shortcuts::handle(self, &ctx);
        }
        super::layout::show(self, ui);
    }
}

impl eframe::App for Designer {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.set_replaying(false);
        self.before_frame(ctx);
        super::shortcuts::handle(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.set_replaying(ui.ctx().current_pass_index() > 0);
        super::layout::show(self, ui);
        if self.frames == 1 && !self.replaying {
            super::report_first_frame();
        }
        super::screenshot::step(self, ui.ctx());
    }

    fn on_exit(&mut self) {
        // An orderly close: the work was saved, or the person chose not to keep it.
        clear_recovery(&self.config_dir);
    }
}
