//! The bundled sample pipelines: their text is built into the binary, their data is found beside
//! the sources (a checkout) or beside the executable (an installed copy).

use std::path::{Path, PathBuf};

/// The recommender sample's pipeline text.
pub const RECOMMENDER_PIPELINE: &str =
    include_str!("../../samples/recommender/recommender.sluice.toml");

/// The folder holding the recommender sample (its `data/` folder is inside), if it can be found.
pub fn recommender_folder() -> Option<PathBuf> {
    let candidates = [
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender")),
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("samples/recommender"))),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|folder| folder.join("data").is_dir())
}

/// The folder holding every bundled sample (`samples/` of a checkout, or beside the executable),
/// if it can be found.
pub fn samples_folder() -> Option<PathBuf> {
    recommender_folder().and_then(|folder| folder.parent().map(Path::to_path_buf))
}

/// The suffix of a lesson file: `recommender.lesson.toml`.
pub const LESSON_SUFFIX: &str = ".lesson.toml";

/// Every bundled lesson file (`samples/*/*.lesson.toml`), by sample folder then name.
pub fn lesson_files() -> Vec<PathBuf> {
    let Some(samples) = samples_folder() else {
        return Vec::new();
    };
    lesson_files_in(&samples)
}

/// The lesson files of each sample folder under `samples`, sorted by path.
pub fn lesson_files_in(samples: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(folders) = std::fs::read_dir(samples) else {
        return found;
    };
    for folder in folders.flatten() {
        let Ok(files) = std::fs::read_dir(folder.path()) else {
            continue;
        };
        found.extend(
            files
                .flatten()
                .map(|file| file.path())
                .filter(|path| is_lesson_file(path)),
        );
    }
    found.sort();
    found
}

/// Whether `path` is named as a lesson file.
pub fn is_lesson_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.ends_with(LESSON_SUFFIX) && name.len() > LESSON_SUFFIX.len())
}

/// A lesson's short name: its file name without `.lesson.toml`.
pub fn lesson_name(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    name.strip_suffix(LESSON_SUFFIX).unwrap_or(name).to_string()
}
