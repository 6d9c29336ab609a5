//! The designer window: a session and the views that draw it. One frame takes in what the
//! session learnt, draws every panel, and applies what the views asked for, once: in a layout
//! pass that egui repeats, the views draw but their requests are dropped.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::canvas::{Canvas, ViewRequest};
use super::screenshot::ScreenshotTask;
use super::state::{BottomTab, CommandPalette, InspectorState, QuickAdd, ViewState};
use super::view::{Request, ViewContext};
use crate::app::{Action, AppState, Effect, Intent, Session, SessionStart, dialogs_available};

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
    session: Session,
    view: ViewState,
    screenshot: Option<ScreenshotTask>,
    theme_applied: Option<(bool, bool)>,
    title_shown: String,
    frames: u64,
    /// Requests made outside a frame, applied at the start of the next.
    queued: Vec<Request>,
}

impl Designer {
    pub fn new(ctx: &egui::Context, startup: Startup) -> Self {
        Self::with_dialogs(ctx, startup, dialogs_available())
    }

    /// A designer that asks for paths with the desktop's dialogs or, without them, itself.
    pub fn with_dialogs(ctx: &egui::Context, startup: Startup, native_dialogs: bool) -> Self {
        let repaint = ctx.clone();
        let session = Session::new(
            SessionStart {
                state: startup.state,
                notice: startup.notice,
                config_dir: startup.config_dir,
                native_dialogs,
            },
            Arc::new(move || repaint.request_repaint()),
        );
        Self {
            session,
            view: ViewState::default(),
            screenshot: startup.screenshot.map(ScreenshotTask::new),
            theme_applied: None,
            title_shown: String::new(),
            frames: 0,
            queued: Vec::new(),
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn view(&self) -> &ViewState {
        &self.view
    }

    /// The view state, to arrange a view before a frame.
    #[cfg(feature = "testing")]
    pub fn view_mut(&mut self) -> &mut ViewState {
        &mut self.view
    }

    /// Asks for something as a view would; it is applied at the start of the next frame.
    #[cfg(feature = "testing")]
    pub fn queue(&mut self, request: Request) {
        self.queued.push(request);
    }

    /// One whole frame: what `eframe` calls `ui` for, and what benchmarks and tests run.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // egui may run a frame's layout twice (a sizing pass): the repeated pass draws, and
        // what it asks for is dropped, so one click never makes two edits.
        let first_pass = ctx.current_pass_index() == 0;
        let mut requests = Vec::new();
        if first_pass {
            self.frames += 1;
            self.before_drawing(&ctx);
            requests.append(&mut self.queued);
            if ctx.input(|i| i.viewport().close_requested()) {
                requests.push(Request::App(Intent::CloseRequested));
            }
            super::shortcuts::collect(
                &ctx,
                &self.view.canvas,
                self.session.document(),
                &mut requests,
            );
        }
        super::layout::show(
            &mut ViewContext::new(&self.session, &mut self.view, &mut requests),
            ui,
        );
        if first_pass {
            for request in requests {
                self.apply(&ctx, request);
            }
            if self.frames == 1 {
                super::first_frame::report();
            }
            let ready =
                self.session.plan().is_some() && self.session.preview().waiting_for().is_none();
            if let Some(task) = &mut self.screenshot
                && super::screenshot::step(task, &ctx, ready)
            {
                // The picture was the point: the window closes without asking about the work.
                self.screenshot = None;
                self.session.allow_close();
            }
        }
    }

    /// Every per-frame duty that is not drawing.
    fn before_drawing(&mut self, ctx: &egui::Context) {
        let wanted_theme = (self.view.dark, self.view.presenter);
        if self.theme_applied != Some(wanted_theme) {
            super::style::apply_theme(ctx, self.view.dark, self.view.presenter);
            self.theme_applied = Some(wanted_theme);
        }
        let effects = self.session.tick();
        self.handle(ctx, effects);
        self.view.canvas.sync(self.session.state().generation());
        let title = self.session.title();
        if title != self.title_shown {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_shown = title;
        }
        if self.session.is_busy() {
            // Keep the elapsed-time counters moving while work is under way.
            ctx.request_repaint_after(Duration::from_millis(250));
        }
    }

    /// Applies one request of a view.
    fn apply(&mut self, ctx: &egui::Context, request: Request) {
        let effects = match request {
            Request::App(intent) => self.session.apply(intent),
            Request::Action(action) => self.perform(ctx, action),
            Request::Reveal(id) => {
                self.view.canvas.view_request = Some(ViewRequest::Frame(vec![id.clone()]));
                self.session.apply(Intent::Select(vec![id]))
            }
        };
        self.handle(ctx, effects);
        ctx.request_repaint();
    }

    /// Does what `action` names: the window's own actions here, the rest in the session.
    fn perform(&mut self, ctx: &egui::Context, action: Action) -> Vec<Effect> {
        let view = &mut self.view;
        match action {
            Action::Copy | Action::Cut => {
                let selection: Vec<String> =
                    self.session.state().selection().iter().cloned().collect();
                if !selection.is_empty() {
                    ctx.copy_text(self.session.state().copy_text(&selection));
                }
                if action == Action::Copy {
                    return Vec::new();
                }
            }
            // The platform answers with a paste event, taken like Ctrl+V.
            Action::Paste => ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste),
            Action::QuickAdd => {
                let pointer = ctx.input(|i| i.pointer.hover_pos());
                let at =
                    super::palette::paste_point(&view.canvas, self.session.document(), pointer);
                let screen = pointer.unwrap_or_else(|| view.canvas.screen_rect.center());
                view.quick_add = Some(QuickAdd::new(at, screen));
            }
            Action::FitToView => view.canvas.view_request = Some(ViewRequest::FitAll),
            Action::ZoomIn => view.canvas.view_request = Some(ViewRequest::Zoom(1.25)),
            Action::ZoomOut => view.canvas.view_request = Some(ViewRequest::Zoom(0.8)),
            Action::ActualSize => {
                let centre = view.canvas.visible_centre();
                view.canvas.view_request = Some(ViewRequest::ActualSize(centre));
            }
            Action::ToggleTheme => view.dark = !view.dark,
            Action::PresenterMode => view.presenter = !view.presenter,
            Action::CommandPalette => {
                view.command_palette = Some(CommandPalette::default());
            }
            Action::NodeHelp => {
                view.help = match view.help {
                    Some(_) => None,
                    None => Some(match self.session.focused_node() {
                        Some(id) => self
                            .session
                            .document()
                            .node(id)
                            .map(|node| super::help_window::HelpView::on(node.kind.name))
                            .unwrap_or_default(),
                        None => super::help_window::HelpView::default(),
                    }),
                };
            }
            Action::NewPipeline
            | Action::Open
            | Action::Save
            | Action::SaveAs
            | Action::ExportImage
            | Action::Quit
            | Action::Undo
            | Action::Redo
            | Action::Duplicate
            | Action::Delete
            | Action::SelectAll
            | Action::Run
            | Action::CancelRun
            | Action::StopStream
            | Action::Deploy
            | Action::AutoLayout => {}
            Action::CheckRequirements => view.bottom_tab = BottomTab::Requirements,
        }
        self.session.apply(Intent::Action(action))
    }

    /// What the window does in answer to the session.
    fn handle(&mut self, ctx: &egui::Context, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Replaced => {
                    self.view.canvas = Canvas::default();
                    self.view.inspector = InspectorState::default();
                }
                Effect::Close => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
                Effect::CancelClose => ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose),
                Effect::RunStarted => {
                    // A pipeline with streams is followed live in the Stream tab.
                    let streams = self.session.document().nodes.iter().any(|node| {
                        matches!(
                            crate::engine::kinds::role(node.kind.id),
                            crate::engine::kinds::Role::Stream(_)
                        )
                    });
                    self.view.bottom_tab = if streams {
                        BottomTab::Stream
                    } else {
                        BottomTab::RunLog
                    };
                }
                Effect::Export(path) => {
                    let document = self.session.document().clone();
                    let dark = self.view.dark;
                    self.session.export(path, move |path| {
                        super::export_picture(&document, path, dark).map_err(Into::into)
                    });
                }
                Effect::Handout(path) => {
                    if let Some(lesson) = self.session.lesson() {
                        let file = std::sync::Arc::clone(&lesson.file);
                        self.session.export(path, move |path| {
                            super::handout::write_handout(&file, path).map_err(Into::into)
                        });
                    }
                }
                Effect::FieldRefused {
                    node,
                    param,
                    reason,
                } => self.view.inspector.refused(node, param, reason),
                Effect::FieldTaken { node, param } => self.view.inspector.taken(&node, &param),
                Effect::FitAll => self.view.canvas.view_request = Some(ViewRequest::FitAll),
            }
        }
    }
}

impl eframe::App for Designer {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn on_exit(&mut self) {
        // An orderly close: the work was saved, or the person chose not to keep it.
        self.session.clear_recovery_on_exit();
    }
}
