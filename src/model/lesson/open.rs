//! A lesson opened with its two pipelines: the lesson file read, the starting and finished
//! pipelines loaded from beside it, and every name the lesson uses found in the finished one.

use std::path::{Path, PathBuf};

use super::{Lesson, LessonError, check_references, load_lesson};
use crate::model::Pipeline;
use crate::model::file_format::load_pipeline;

/// A lesson and its pipelines, with their paths resolved against the lesson's folder (absolute).
#[derive(Debug, Clone)]
pub struct LessonFile {
    pub path: PathBuf,
    pub lesson: Lesson,
    pub start_path: PathBuf,
    pub start: Pipeline,
    pub finished_path: PathBuf,
    pub finished: Pipeline,
}

impl LessonFile {
    /// The folder the lesson's pipelines (and their data) are in.
    pub fn folder(&self) -> &Path {
        self.start_path.parent().unwrap_or(Path::new("."))
    }
}

/// Opens the lesson at `path`. The message of a failure names the file, and the line and column
/// of each mistake.
pub fn open_lesson(path: &Path) -> Result<LessonFile, String> {
    let lesson = load_lesson(path).map_err(|e| e.to_string())?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Absolute, so "show me" can point a learner's pipeline elsewhere at the lesson's data.
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    let start_path = folder.join(&lesson.start);
    let finished_path = folder.join(&lesson.finished);
    let load = |which: &str, pipeline: &Path| {
        load_pipeline(pipeline)
            .map(|(pipeline, _)| pipeline)
            .map_err(|e| {
                format!(
                    "{}: the lesson's {which} pipeline cannot be loaded:\n{e}",
                    path.display()
                )
            })
    };
    let finished = load("finished", &finished_path)?;
    let start = load("starting", &start_path)?;
    let problems = check_references(&lesson, &finished);
    if !problems.is_empty() {
        return Err(LessonError {
            file: Some(path.to_path_buf()),
            problems,
        }
        .to_string());
    }
    Ok(LessonFile {
        path: path.to_path_buf(),
        lesson,
        start_path,
        start,
        finished_path,
        finished,
    })
}
