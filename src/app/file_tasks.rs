//! Disk work for the window, done on background threads: file dialogs, opening, saving, recovery
//! copies, the recent-files list and picture export. Results come back through a channel and are
//! settled by the session at the start of a frame.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::error::{SaveError, TaskError};
use super::files::{Recovery, clear_recovery, save_recent_files, write_recovery};
use crate::model::Pipeline;
use crate::model::file_format::{LoadError, load_pipeline, write_atomically};

/// Called from a background thread when it has a result (the window asks for a repaint).
pub type Notify = Arc<dyn Fn() + Send + Sync>;

/// What happens after a save completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterSave {
    Nothing,
    Close,
}

/// What a path is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    SaveAs(AfterSave),
    Export,
    /// The followed lesson's printable handout.
    Handout,
}

/// The result of a background task.
#[derive(Debug)]
pub enum TaskOutcome {
    Opened {
        path: PathBuf,
        result: Result<Pipeline, LoadError>,
    },
    Saved {
        path: PathBuf,
        text: String,
        result: Result<(), SaveError>,
        after: AfterSave,
    },
    /// A path picked in the desktop's dialog (`None`: cancelled).
    Picked(PathPurpose, Option<PathBuf>),
    Exported {
        path: PathBuf,
        result: Result<(), TaskError>,
    },
    /// The recent-files list and the newest recovery copy left by a window that is gone.
    Settings {
        recent: Vec<PathBuf>,
        recovery: Option<Recovery>,
    },
    /// The bundled lessons (File > Lessons).
    Lessons(Vec<super::lesson::LessonEntry>),
    /// A lesson opened with its pipelines and the learner's progress, and the pipeline the
    /// learner saved their work in, when it still loads.
    LessonOpened {
        path: PathBuf,
        result: Result<Box<OpenedLesson>, String>,
    },
    /// Nothing for the window to do (recovery copies, the recent list) unless it failed.
    Quiet(Result<(), TaskError>),
}

/// What opening a lesson reads.
#[derive(Debug)]
pub struct OpenedLesson {
    pub file: crate::model::lesson::LessonFile,
    pub record: super::lesson_progress::LessonRecord,
    /// The learner's saved pipeline for the lesson, and its path.
    pub saved: Option<(PathBuf, Pipeline)>,
}

/// Whether the desktop can show file dialogs (rfd talks to the desktop portal over D-Bus). Where
/// it cannot (a bare X server, a container, a remote session), the window asks for paths itself.
pub fn dialogs_available() -> bool {
    !cfg!(target_os = "linux")
        || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty())
}

/// The channel the background tasks report on.
pub struct FileTasks {
    notify: Notify,
    sender: Sender<TaskOutcome>,
    receiver: Receiver<TaskOutcome>,
    /// Tasks started and not yet settled.
    pending: usize,
}

impl FileTasks {
    pub fn new(notify: Notify) -> Self {
        let (sender, receiver) = channel();
        Self {
            notify,
            sender,
            receiver,
            pending: 0,
        }
    }

    /// Runs `job` on a thread of its own; its outcome arrives through [`FileTasks::poll`].
    pub fn spawn(&mut self, job: impl FnOnce() -> TaskOutcome + Send + 'static) {
        self.pending += 1;
        let sender = self.sender.clone();
        let notify = Arc::clone(&self.notify);
        let started = std::thread::Builder::new()
            .name("sluice-files".into())
            .spawn(move || {
                let _ = sender.send(job());
                notify();
            });
        if let Err(error) = started {
            let _ = self
                .sender
                .send(TaskOutcome::Quiet(Err(TaskError::NoThread(Arc::new(
                    error,
                )))));
        }
    }

    /// Results that have arrived, without waiting.
    pub fn poll(&mut self) -> Vec<TaskOutcome> {
        let outcomes: Vec<TaskOutcome> = self.receiver.try_iter().collect();
        self.pending = self.pending.saturating_sub(outcomes.len());
        outcomes
    }

    /// How many tasks are under way.
    pub fn pending(&self) -> usize {
        self.pending
    }

    pub fn open(&mut self, path: PathBuf) {
        self.spawn(move || TaskOutcome::Opened {
            result: load_pipeline(&path).map(|(document, _)| document),
            path,
        });
    }

    pub fn save(&mut self, path: PathBuf, text: String, after: AfterSave) {
        self.spawn(move || TaskOutcome::Saved {
            result: write_atomically(&path, text.as_bytes())
                .map_err(|e| SaveError::new(path.clone(), e)),
            path,
            text,
            after,
        });
    }

    /// Shows the desktop's file dialog for `purpose`.
    pub fn pick(&mut self, purpose: PathPurpose, folder: PathBuf, name: String) {
        self.spawn(move || {
            let dialog = rfd::FileDialog::new().set_directory(folder);
            let picked = match purpose {
                PathPurpose::Open => dialog
                    .set_title("Open pipeline")
                    .add_filter("Sluice pipeline", &["toml"])
                    .pick_file(),
                PathPurpose::SaveAs(_) => dialog
                    .set_title("Save pipeline as")
                    .add_filter("Sluice pipeline", &["toml"])
                    .set_file_name(name)
                    .save_file(),
                PathPurpose::Export => dialog
                    .set_title("Export canvas as a picture")
                    .add_filter("PNG image", &["png"])
                    .add_filter("SVG image (for slides)", &["svg"])
                    .set_file_name(name)
                    .save_file(),
                PathPurpose::Handout => dialog
                    .set_title("Save the lesson's handout")
                    .add_filter("HTML page (print it, or save it as PDF)", &["html"])
                    .set_file_name(name)
                    .save_file(),
            };
            TaskOutcome::Picked(purpose, picked)
        });
    }

    /// Exports a picture: `draw` renders it and writes it to `path`.
    pub fn export(
        &mut self,
        path: PathBuf,
        draw: impl FnOnce(&std::path::Path) -> Result<(), crate::app::error::ExportFailure>
        + Send
        + 'static,
    ) {
        self.spawn(move || TaskOutcome::Exported {
            result: draw(&path).map_err(|e| TaskError::Export(Arc::from(e))),
            path,
        });
    }

    pub fn write_recovery(&mut self, dir: PathBuf, original: Option<PathBuf>, text: String) {
        self.spawn(move || {
            TaskOutcome::Quiet(
                write_recovery(&dir, original.as_deref(), &text).map_err(|source| {
                    TaskError::Recovery {
                        dir: dir.clone(),
                        source: Arc::new(source),
                    }
                }),
            )
        });
    }

    /// Reads the recent-files list and looks for recovery copies.
    pub fn read_settings(&mut self, dir: PathBuf) {
        self.spawn(move || TaskOutcome::Settings {
            recent: super::files::load_recent_files(&dir),
            recovery: super::files::find_recoveries(&dir).into_iter().next(),
        });
    }

    /// Lists the bundled lessons with their titles; a lesson that cannot be read is left out
    /// (`sluice lesson list` says why).
    pub fn list_lessons(&mut self) {
        self.spawn(|| {
            let entries = crate::samples::bundled::lesson_files()
                .into_iter()
                .filter_map(|path| {
                    let lesson = crate::model::lesson::load_lesson(&path).ok()?;
                    Some(super::lesson::LessonEntry {
                        name: crate::samples::bundled::lesson_name(&path),
                        title: lesson.title,
                        path,
                    })
                })
                .collect();
            TaskOutcome::Lessons(entries)
        });
    }

    /// Opens the lesson at `path` with the learner's progress in settings folder `dir`.
    pub fn open_lesson(&mut self, path: PathBuf, dir: PathBuf) {
        self.spawn(move || {
            let result = crate::model::lesson::open_lesson(&path).map(|file| {
                let learner = super::lesson_progress::learner_name();
                let record = super::lesson_progress::load_progress(&dir, &learner)
                    .lessons
                    .remove(&super::lesson_progress::lesson_key(&path))
                    .unwrap_or_default();
                let saved = record.pipeline.as_ref().and_then(|saved| {
                    load_pipeline(saved)
                        .ok()
                        .map(|(pipeline, _)| (saved.clone(), pipeline))
                });
                Box::new(OpenedLesson {
                    file,
                    record,
                    saved,
                })
            });
            TaskOutcome::LessonOpened { path, result }
        });
    }

    /// Keeps a lesson's progress for the learner at this machine.
    pub fn save_lesson_record(
        &mut self,
        dir: PathBuf,
        lesson: PathBuf,
        record: super::lesson_progress::LessonRecord,
    ) {
        self.spawn(move || {
            let learner = super::lesson_progress::learner_name();
            TaskOutcome::Quiet(
                super::lesson_progress::save_record(&dir, &learner, &lesson, &record)
                    .map_err(|e| TaskError::LessonProgress(Arc::new(e))),
            )
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
    pub fn discard_recovery(&mut self, recovery: Recovery) {
        self.spawn(move || {
            super::files::discard_recovery(&recovery);
            TaskOutcome::Quiet(Ok(()))
        });
    }

    pub fn save_recent(&mut self, dir: PathBuf, recent: Vec<PathBuf>) {
        self.spawn(move || {
            TaskOutcome::Quiet(
                save_recent_files(&dir, &recent)
                    .map_err(|source| TaskError::RecentFiles(Arc::new(source))),
            )
        });
    }
}
