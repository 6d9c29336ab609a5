//! Each learner's progress through the lessons, kept on the machine: for every lesson, the step
//! they are on, the steps they have done and the pipeline they saved their work in. One file per
//! learner (`lessons/<learner>.toml` in the settings folder), so several learners can share a
//! classroom laptop; the learner is `SLUICE_LEARNER`, else the account's user name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::file_format::write_atomically;

/// Where one learner stands in one lesson.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonRecord {
    /// The step shown, from 0.
    #[serde(default)]
    pub current: usize,
    /// The steps seen done, from 0.
    #[serde(default)]
    pub done: BTreeSet<usize>,
    /// Where the learner saved their pipeline for this lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<PathBuf>,
}

/// One learner's progress, by lesson file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerProgress {
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonRecord>,
}

/// The learner at this machine: `SLUICE_LEARNER`, else the account's user name.
pub fn learner_name() -> String {
    ["SLUICE_LEARNER", "USER", "USERNAME"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "learner".to_string())
}

/// The learner's progress file in settings folder `dir`; the name is kept to letters, digits,
/// `-` and `_`.
pub fn progress_path(dir: &Path, learner: &str) -> PathBuf {
    let safe: String = learner
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    dir.join("lessons").join(format!("{safe}.toml"))
}

/// The key a lesson's record is kept under: its file, made absolute where it can be.
pub fn lesson_key(lesson_file: &Path) -> String {
    std::fs::canonicalize(lesson_file)
        .unwrap_or_else(|_| lesson_file.to_path_buf())
        .display()
        .to_string()
}

/// Reads the learner's progress; a missing or unreadable file is no progress (it is rewritten
/// whole at the next step).
pub fn load_progress(dir: &Path, learner: &str) -> LearnerProgress {
    std::fs::read_to_string(progress_path(dir, learner))
        .ok()
        .and_then(|text| toml::from_str(&text).ok())
        .unwrap_or_default()
}

/// Writes one lesson's record into the learner's progress file, keeping the other lessons'.
pub fn save_record(
    dir: &Path,
    learner: &str,
    lesson_file: &Path,
    record: &LessonRecord,
) -> std::io::Result<()> {
    let mut progress = load_progress(dir, learner);
    progress
        .lessons
        .insert(lesson_key(lesson_file), record.clone());
    let path = progress_path(dir, learner);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let text = toml::to_string(&progress).map_err(std::io::Error::other)?;
    write_atomically(&path, text.as_bytes())
}
