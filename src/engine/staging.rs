//! Staging folders: an output is written into `.sluice-staging-PID-NAME` beside its target and
//! renamed into place when complete. A run killed outright leaves its staging folder behind; the
//! next write into the same folder removes those whose process is gone.

use std::path::{Path, PathBuf};

const STAGING_PREFIX: &str = ".sluice-staging-";
const OLD_PREFIX: &str = ".sluice-old-";

/// The private folder this process writes `file_name` into, inside `folder`.
pub fn staging_folder(folder: &Path, file_name: &str) -> PathBuf {
    folder.join(format!(
        "{STAGING_PREFIX}{}-{file_name}",
        std::process::id()
    ))
}

/// Where the previous output is moved while the new one takes its place.
pub fn old_copy(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!("{OLD_PREFIX}{}-{name}", std::process::id()))
}

/// Removes the staging folders and old copies in `folder` left by processes that are gone, and
/// returns what was removed.
pub fn remove_abandoned(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(process_id) = [STAGING_PREFIX, OLD_PREFIX]
            .iter()
            .find_map(|prefix| name.strip_prefix(prefix))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if process_id == std::process::id() || process_is_running(process_id) {
            continue;
        }
        let path = entry.path();
        remove_path(&path);
        removed.push(path);
    }
    removed
}

/// Removes a file or a folder with everything in it; a path that is not there is fine.
pub fn remove_path(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else if path.exists() {
        let _ = std::fs::remove_file(path);
    }
}

/// Whether a process is alive (Linux: `/proc`; elsewhere every process is taken as alive, so
/// nothing of a running writer is ever removed).
pub fn process_is_running(process_id: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(process_id.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_what_dead_processes_left() {
        let folder = tempfile::tempdir().unwrap();
        let gone = u32::MAX - 7;
        let abandoned = folder
            .path()
            .join(format!("{STAGING_PREFIX}{gone}-out.parquet"));
        std::fs::create_dir_all(abandoned.join("year=2024")).unwrap();
        std::fs::write(abandoned.join("year=2024/part.parquet"), b"x").unwrap();
        let old = folder.path().join(format!("{OLD_PREFIX}{gone}-out.csv"));
        std::fs::write(&old, b"x").unwrap();
        let mine = staging_folder(folder.path(), "mine.csv");
        std::fs::create_dir_all(&mine).unwrap();
        let unrelated = folder.path().join(".sluice-staging-notes");
        std::fs::write(&unrelated, b"x").unwrap();
        let mut removed = remove_abandoned(folder.path());
        removed.sort();
        let mut expected = vec![abandoned.clone(), old.clone()];
        expected.sort();
        assert_eq!(removed, expected);
        assert!(!abandoned.exists() && !old.exists());
        assert!(mine.exists() && unrelated.exists());
    }
}
