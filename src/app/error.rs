//! Why a command, an open or a save did not happen: the application layer's errors as types, so
//! the window, the command line and tests tell them apart without reading their text.

use std::path::PathBuf;
use std::sync::Arc;

use crate::model::edit::{ConnectError, EditError};
use crate::model::file_format::LoadError;

/// Why a command was refused. A refused command changes nothing.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error("there is no node kind `{kind}`{hint}")]
    UnknownKind { kind: String, hint: String },
    #[error("there is no node `{0}`")]
    UnknownNode(String),
    #[error("there is no such wire")]
    NoSuchWire,
    #[error("the lesson's step cannot be shown: {0}")]
    Lesson(String),
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    #[error("the clipboard holds no pipeline nodes")]
    NothingToPaste,
    #[error("the clipboard holds no pipeline nodes: {0}")]
    NotPipelineText(LoadError),
    #[error("the pipeline has no file yet; use Save as…")]
    NoFile,
    #[error(transparent)]
    Open(#[from] LoadError),
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// A pipeline file that could not be written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot save {}: {source}", path.display())]
pub struct SaveError {
    pub path: PathBuf,
    #[source]
    pub source: Arc<std::io::Error>,
}

impl SaveError {
    pub fn new(path: PathBuf, source: std::io::Error) -> Self {
        Self {
            path,
            source: Arc::new(source),
        }
    }
}

/// Why a picture the window drew could not be written (the window's own error, boxed: only the
/// window can draw).
pub type ExportFailure = Box<dyn std::error::Error + Send + Sync>;

/// A file the window works with in the background (the recent list, a recovery copy, a PNG)
/// that could not be read or written.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TaskError {
    #[error("cannot write the recovery copy in {}: {source}", dir.display())]
    Recovery {
        dir: PathBuf,
        #[source]
        source: Arc<std::io::Error>,
    },
    #[error("cannot remember recent files: {0}")]
    RecentFiles(#[source] Arc<std::io::Error>),
    #[error("cannot keep the lesson's progress: {0}")]
    LessonProgress(#[source] Arc<std::io::Error>),
    #[error("cannot start a background task: {0}")]
    NoThread(#[source] Arc<std::io::Error>),
    #[error("cannot export the picture: {0}")]
    Export(#[source] Arc<dyn std::error::Error + Send + Sync>),
}
