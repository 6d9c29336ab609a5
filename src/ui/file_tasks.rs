//! Disk work for the window, done on background threads: file dialogs, opening, saving, recovery
//! copies, the recent-files list and PNG export. Results come back through a channel and are
//! settled at the start of a frame.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::designer::Designer;
use crate::app::AppState;
use crate::app::files::{clear_recovery, remember_recent, save_recent_files, write_recovery};
use crate::model::Pipeline;
use crate::model::file_format::{load_pipeline, write_atomically};

/// What happens after a save completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterSave {
    Nothing,
    Close,
}

/// The result of a background task.
#[derive(Debug)]
pub enum TaskOutcome {
    Opened {
        path: PathBuf,
        result: Result<Pipeline, String>,
    },
    Saved {
        path: PathBuf,
        text: String,
        result: Result<(), String>,
        after: AfterSave,
    },
    PickedOpen(Option<PathBuf>),
    PickedSaveAs(Option<PathBuf>, AfterSave),
    PickedExport(Option<PathBuf>),
    Exported {
        path: PathBuf,
        result: Result<(), String>,
    },
    /// The recent-files list and the newest recovery copy left by a window that is gone.
    Settings {
        recent: Vec<PathBuf>,
        recovery: Option<crate::app::files::Recovery>,
    },
    /// Nothing for the window to do (recovery copies, the recent list).
    Quiet(Result<(), String>),
}

/// The channel the background tasks report on.
pub struct FileTasks {
    ctx: egui::Context,
    sender: Sender<TaskOutcome>,
    receiver: Receiver<TaskOutcome>,
    /// Tasks started and not yet settled.
    pub pending: usize,
    /// In a repeated layout pass of the same frame nothing is started (it was, in the first).
    pub replaying: bool,
}

impl FileTasks {
    pub fn new(ctx: egui::Context) -> Self {
        let (sender, receiver) = channel();
        Self {
            ctx,
            sender,
            receiver,
            pending: 0,
            replaying: false,
        }
    }

    fn spawn(&mut self, job: impl FnOnce() -> TaskOutcome + Send + 'static) {
        if self.replaying {
            return;
        }
        self.pending += 1;
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        let started = std::thread::Builder::new()
            .name("sluice-files".into())
            .spawn(move || {
                let _ = sender.send(job());
                ctx.request_repaint();
            });
        if let Err(error) = started {
            let _ = self.sender.send(TaskOutcome::Quiet(Err(format!(
                "cannot start a background task: {error}"
            ))));
        }
    }

    /// Results that have arrived, without waiting.
    pub fn poll(&mut self) -> Vec<TaskOutcome> {
        let outcomes: Vec<TaskOutcome> = self.receiver.try_iter().collect();
        self.pending = self.pending.saturating_sub(outcomes.len());
        outcomes
    }

    pub fn open(&mut self, path: PathBuf) {
        self.spawn(move || TaskOutcome::Opened {
            result: load_pipeline(&path)
                .map(|(document, _)| document)
                .map_err(|e| e.to_string()),
            path,
        });
    }

    pub fn save(&mut self, path: PathBuf, text: String, after: AfterSave) {
        self.spawn(move || TaskOutcome::Saved {
            result: write_atomically(&path, text.as_bytes())
                .map_err(|e| format!("cannot save {}: {e}", path.display())),
            path,
            text,
            after,
        });
    }

    pub fn pick_open(&mut self, folder: PathBuf) {
        self.spawn(move || {
            TaskOutcome::PickedOpen(
                rfd::FileDialog::new()
                    .set_title("Open pipeline")
                    .add_filter("Sluice pipeline", &["toml"])
                    .set_directory(folder)
                    .pick_file(),
            )
        });
    }

    pub fn pick_save_as(&mut self, folder: PathBuf, name: String, after: AfterSave) {
        self.spawn(move || {
            let picked = rfd::FileDialog::new()
                .set_title("Save pipeline as")
                .add_filter("Sluice pipeline", &["toml"])
                .set_directory(folder)
                .set_file_name(name)
                .save_file();
            TaskOutcome::PickedSaveAs(picked, after)
        });
    }

    pub fn pick_export(&mut self, folder: PathBuf, name: String) {
        self.spawn(move || {
            TaskOutcome::PickedExport(
                rfd::FileDialog::new()
                    .set_title("Export canvas as PNG")
                    .add_filter("PNG image", &["png"])
                    .set_directory(folder)
                    .set_file_name(name)
                    .save_file(),
            )
        });
    }

    pub fn export_png(&mut self, document: Pipeline, path: PathBuf, dark: bool) {
        self.spawn(move || TaskOutcome::Exported {
            result: super::export_image::export_png(&document, &path, dark),
            path,
        });
    }

    pub fn write_recovery(&mut self, dir: PathBuf, original: Option<PathBuf>, text: String) {
        self.spawn(move || {
            TaskOutcome::Quiet(
                write_recovery(&dir, original.as_deref(), &text).map_err(|e| {
                    format!("cannot write the recovery copy in {}: {e}", dir.display())
                }),
            )
        });
    }

    /// Reads the recent-files list and looks for recovery copies.
    pub fn read_settings(&mut self, dir: PathBuf) {
        self.spawn(move || TaskOutcome::Settings {
            recent: crate::app::files::load_recent_files(&dir),
            recovery: crate::app::files::find_recoveries(&dir).into_iter().next(),
        });
    }

    /// Removes this window's recovery copy (the work was saved, or is clean again).
    pub fn clear_recovery(&mut self, dir: PathBuf) {
        self.spawn(move || {
            clear_recovery(&dir);
            TaskOutcome::Quiet(Ok(()))
        });
    }

    /// Removes a recovery copy that was offered (taken or declined).
    pub fn discard_recovery(&mut self, recovery: crate::app::files::Recovery) {
        self.spawn(move || {
            crate::app::files::discard_recovery(&recovery);
            TaskOutcome::Quiet(Ok(()))
        });
    }

    pub fn save_recent(&mut self, dir: PathBuf, recent: Vec<PathBuf>) {
        self.spawn(move || {
            TaskOutcome::Quiet(
                save_recent_files(&dir, &recent)
                    .map_err(|e| format!("cannot remember recent files: {e}")),
            )
        });
    }
}

impl Designer {
    /// Opens `path` in the background; the current pipeline stays until it has loaded.
    pub fn open_path(&mut self, path: PathBuf) {
        self.tell(format!("Opening {}…", path.display()), false);
        self.tasks.open(path);
    }

    /// Saves to `path` in the background.
    pub fn save_to_path(&mut self, path: PathBuf, after: AfterSave) {
        let text = self.state.prepare_save(&path);
        self.tasks.save(path, text, after);
    }

    /// Save: to the file, or through Save as… when there is none yet.
    pub fn save(&mut self, after: AfterSave) {
        match self.state.file.clone() {
            Some(path) => self.save_to_path(path, after),
            None => self.save_as(after),
        }
    }

    /// Save as…: asks where, then saves.
    pub fn save_as(&mut self, after: AfterSave) {
        let name = self.file_name_or("pipeline.sluice.toml");
        let folder = self.dialog_folder();
        self.ask_path(super::path_prompt::PathPurpose::SaveAs(after), folder, name);
    }

    /// Where file dialogs start: the file's folder, else the working folder.
    pub fn dialog_folder(&self) -> PathBuf {
        self.state
            .file
            .as_ref()
            .and_then(|f| f.parent())
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(
                || std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
                PathBuf::from,
            )
    }

    fn remember(&mut self, path: &std::path::Path) {
        remember_recent(&mut self.recent, path);
        self.tasks
            .save_recent(self.config_dir.clone(), self.recent.clone());
    }
}

/// Applies a finished task to the window.
pub fn settle(designer: &mut Designer, outcome: TaskOutcome) {
    match outcome {
        TaskOutcome::Opened { path, result } => match result {
            Ok(document) => {
                designer.replace_state(AppState::opened(document, path.clone()));
                designer.remember(&path);
                designer.tell(format!("Opened {}", path.display()), false);
            }
            Err(error) => designer.tell(format!("Cannot open {}: {error}", path.display()), true),
        },
        TaskOutcome::Saved {
            path,
            text,
            result,
            after,
        } => match result {
            Ok(()) => {
                designer.state.mark_saved(path.clone(), text);
                designer.remember(&path);
                let dir = designer.config_dir.clone();
                designer.tasks.clear_recovery(dir);
                designer.tell(format!("Saved {}", path.display()), false);
                if after == AfterSave::Close {
                    designer.allow_close = true;
                    designer
                        .tasks
                        .ctx
                        .send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Err(error) => designer.tell(error, true),
        },
        TaskOutcome::PickedOpen(Some(path)) => designer.open_path(path),
        TaskOutcome::PickedSaveAs(Some(path), after) => {
            let path = with_pipeline_extension(path);
            designer.save_to_path(path, after);
        }
        TaskOutcome::PickedExport(Some(path)) => {
            let document = designer.state.document.clone();
            let dark = designer.dark;
            designer.tasks.export_png(document, path, dark);
        }
        TaskOutcome::PickedOpen(None)
        | TaskOutcome::PickedSaveAs(None, _)
        | TaskOutcome::PickedExport(None) => {}
        TaskOutcome::Exported { path, result } => match result {
            Ok(()) => designer.tell(format!("Exported {}", path.display()), false),
            Err(error) => designer.tell(error, true),
        },
        TaskOutcome::Settings { recent, recovery } => {
            // Files opened or saved before the list was read stay first.
            for path in recent {
                if !designer.recent.contains(&path) {
                    designer.recent.push(path);
                }
            }
            designer
                .recent
                .truncate(crate::app::files::RECENT_FILES_MAX);
            designer.recovery_offer = recovery;
        }
        TaskOutcome::Quiet(Ok(())) => {}
        TaskOutcome::Quiet(Err(error)) => designer.tell(error, true),
    }
}

/// Adds `.sluice.toml` to a chosen name that has no extension.
fn with_pipeline_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("sluice.toml")
    }
}

/// Applies a recovery copy the person chose to restore.
pub fn restore(designer: &mut Designer, recovery: &crate::app::files::Recovery) {
    if designer.replaying {
        return;
    }
    match crate::model::file_format::parse_pipeline(&recovery.text) {
        Ok((document, _)) => {
            let mut state = AppState::new(document);
            state.file.clone_from(&recovery.info.original);
            designer.replace_state(state);
            designer.tell("Recovered the unsaved pipeline; save it to keep it", false);
        }
        Err(error) => designer.tell(format!("The recovery copy cannot be read: {error}"), true),
    }
    designer.tasks.discard_recovery(recovery.clone());
}
