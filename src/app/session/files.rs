//! The session's files: opening, saving, asking for paths, the recent list, recovery copies
//! written while the person pauses, and settling what background file work reports.

use std::path::{Path, PathBuf};

use super::{AUTOSAVE_IDLE, Discarding, PathPrompt, Session};
use crate::app::file_tasks::{AfterSave, PathPurpose, TaskOutcome};
use crate::app::files::{Recovery, remember_recent};
use crate::app::intent::{DiscardChoice, Effect};
use crate::app::state::AppState;
use crate::model::file_format::{parse_pipeline, to_canonical_text};

impl Session {
    /// Opens `path` in the background; the current pipeline stays until it has loaded.
    pub(super) fn open_path(&mut self, path: PathBuf) {
        self.tell(format!("Opening {}…", path.display()), false);
        self.tasks.open(path);
    }

    /// Saves to `path` in the background.
    fn save_to_path(&mut self, path: PathBuf, after: AfterSave) {
        let text = self.state.prepare_save(&path);
        self.tasks.save(path, text, after);
    }

    /// Save: to the file, or through Save as… when there is none yet.
    pub(super) fn save(&mut self, after: AfterSave) {
        match self.state.file().map(Path::to_path_buf) {
            Some(path) => self.save_to_path(path, after),
            None => self.save_as(after),
        }
    }

    /// Save as…: asks where, then saves.
    pub(super) fn save_as(&mut self, after: AfterSave) {
        let name = self.file_name_or("pipeline.sluice.toml");
        self.ask_path(PathPurpose::SaveAs(after), name);
    }

    /// Export as PNG or SVG…: asks where (the name's extension chooses), then the window draws
    /// the picture.
    pub(super) fn ask_export_path(&mut self) {
        let name = self.file_name_or("pipeline");
        let name = format!(
            "{}.png",
            name.trim_end_matches(".toml").trim_end_matches(".sluice")
        );
        self.ask_path(PathPurpose::Export, name);
    }

    /// Asks for a path: with the desktop's dialog when there is one, else in the window.
    pub(super) fn ask_path(&mut self, purpose: PathPurpose, name: String) {
        let folder = self.dialog_folder();
        if self.native_dialogs {
            self.tasks.pick(purpose, folder, name);
        } else {
            self.path_prompt = Some(PathPrompt {
                purpose,
                suggested: folder.join(name),
            });
        }
    }

    /// A path typed into the window's prompt (`None`: cancelled).
    pub(super) fn path_chosen(&mut self, path: Option<PathBuf>) -> Vec<Effect> {
        match self.path_prompt.take() {
            Some(prompt) => self.settle(TaskOutcome::Picked(prompt.purpose, path)),
            None => Vec::new(),
        }
    }

    /// Where file dialogs start: the file's folder, else the working folder.
    fn dialog_folder(&self) -> PathBuf {
        self.state
            .file()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(
                || std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
                Path::to_path_buf,
            )
    }

    fn remember(&mut self, path: &Path) {
        remember_recent(&mut self.recent, path);
        self.tasks
            .save_recent(self.config_dir.clone(), self.recent.clone());
    }

    /// Replaces the work (New, Open, Close) at once when it is saved; otherwise asks first.
    pub(super) fn unless_unsaved(&mut self, discarding: Discarding) -> Vec<Effect> {
        if self.is_dirty() {
            self.discard_prompt = Some(discarding);
            Vec::new()
        } else {
            self.discard_and(discarding)
        }
    }

    /// The person answered "save changes first?".
    pub(super) fn answer_discard(&mut self, choice: DiscardChoice) -> Vec<Effect> {
        let Some(discarding) = self.discard_prompt.take() else {
            return Vec::new();
        };
        match choice {
            DiscardChoice::Save => {
                let after = if discarding == Discarding::Close {
                    AfterSave::Close
                } else {
                    AfterSave::Nothing
                };
                self.save(after);
                Vec::new()
            }
            DiscardChoice::DontSave => self.discard_and(discarding),
            DiscardChoice::Cancel => Vec::new(),
        }
    }

    /// Does what replaces the current work.
    fn discard_and(&mut self, discarding: Discarding) -> Vec<Effect> {
        match discarding {
            Discarding::Close => {
                self.allow_close = true;
                vec![Effect::Close]
            }
            Discarding::New => vec![self.replace_state(AppState::new(Default::default()))],
            Discarding::Open(Some(path)) => {
                self.open_path(path);
                Vec::new()
            }
            Discarding::Open(None) => {
                self.ask_path(PathPurpose::Open, String::new());
                Vec::new()
            }
            Discarding::Lesson(path) => {
                self.open_lesson_file(path);
                Vec::new()
            }
        }
    }

    /// The window was asked to close: it may, or it asks first.
    pub(super) fn close_requested(&mut self) -> Vec<Effect> {
        if self.may_close() {
            return Vec::new();
        }
        self.discard_prompt = Some(Discarding::Close);
        vec![Effect::CancelClose]
    }

    /// The person answered "recover unsaved work?".
    pub(super) fn answer_recovery(&mut self, recover: bool) -> Vec<Effect> {
        let Some(recovery) = self.recovery_offer.take() else {
            return Vec::new();
        };
        let mut effects = Vec::new();
        if recover {
            effects.extend(self.restore(&recovery));
        }
        self.tasks.discard_recovery(recovery);
        effects
    }

    fn restore(&mut self, recovery: &Recovery) -> Option<Effect> {
        match parse_pipeline(&recovery.text) {
            Ok((document, _)) => {
                let state = AppState::recovered(document, recovery.info.original.clone());
                let effect = self.replace_state(state);
                self.tell("Recovered the unsaved pipeline; save it to keep it", false);
                Some(effect)
            }
            Err(error) => {
                self.tell(format!("The recovery copy cannot be read: {error}"), true);
                None
            }
        }
    }

    /// Writes a recovery copy once the person has paused with unsaved changes.
    pub(super) fn autosave(&mut self) {
        let generation = self.state.generation();
        if self.autosaved_generation == generation || self.last_change.elapsed() < AUTOSAVE_IDLE {
            return;
        }
        self.autosaved_generation = generation;
        if self.is_dirty() {
            let text = to_canonical_text(self.state.document());
            let original = self.state.file().map(Path::to_path_buf);
            self.tasks
                .write_recovery(self.config_dir.clone(), original, text);
        } else {
            self.tasks.clear_recovery(self.config_dir.clone());
        }
    }

    /// Removes this window's recovery copy: the window closes in order.
    pub fn clear_recovery_on_exit(&self) {
        crate::app::files::clear_recovery(&self.config_dir);
    }

    /// Applies a finished background task.
    pub(super) fn settle(&mut self, outcome: TaskOutcome) -> Vec<Effect> {
        let mut effects = Vec::new();
        match outcome {
            TaskOutcome::Opened { path, result } => match result {
                Ok(document) => {
                    effects.push(self.replace_state(AppState::opened(document, path.clone())));
                    self.remember(&path);
                    self.tell(format!("Opened {}", path.display()), false);
                }
                Err(error) => self.tell(format!("Cannot open {}: {error}", path.display()), true),
            },
            TaskOutcome::Saved {
                path,
                text,
                result,
                after,
            } => match result {
                Ok(()) => {
                    self.state.mark_saved(path.clone(), text);
                    self.remember(&path);
                    self.lesson_saved_at(&path);
                    self.tasks.clear_recovery(self.config_dir.clone());
                    self.tell(format!("Saved {}", path.display()), false);
                    if after == AfterSave::Close {
                        self.allow_close = true;
                        effects.push(Effect::Close);
                    }
                }
                Err(error) => self.tell(error.to_string(), true),
            },
            TaskOutcome::Picked(_, None) => {}
            TaskOutcome::Picked(PathPurpose::Open, Some(path)) => self.open_path(path),
            TaskOutcome::Picked(PathPurpose::SaveAs(after), Some(path)) => {
                self.save_to_path(with_pipeline_extension(path), after);
            }
            TaskOutcome::Picked(PathPurpose::Handout, Some(path)) => {
                effects.push(Effect::Handout(path));
            }
            TaskOutcome::Picked(PathPurpose::Export, Some(path)) => {
                effects.push(Effect::Export(path));
            }
            TaskOutcome::Exported { path, result } => match result {
                Ok(()) => self.tell(format!("Exported {}", path.display()), false),
                Err(error) => self.tell(error.to_string(), true),
            },
            TaskOutcome::Settings { recent, recovery } => {
                // Files opened or saved before the list was read stay first.
                for path in recent {
                    if !self.recent.contains(&path) {
                        self.recent.push(path);
                    }
                }
                self.recent.truncate(crate::app::files::RECENT_FILES_MAX);
                self.recovery_offer = recovery;
            }
            TaskOutcome::Lessons(entries) => self.lessons = entries,
            TaskOutcome::LessonOpened { path, result } => {
                effects.extend(self.lesson_opened(&path, result));
            }
            TaskOutcome::Quiet(Ok(())) => {}
            TaskOutcome::Quiet(Err(error)) => self.tell(error.to_string(), true),
        }
        effects
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
