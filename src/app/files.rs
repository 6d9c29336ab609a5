//! The window's own files: the recent-files list and the recovery copies written while the person
//! works, so a crash loses nothing. Everything lives in one settings folder.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::model::file_format::write_atomically;

/// How many recent files are remembered.
pub const RECENT_FILES_MAX: usize = 10;

/// The settings folder: `SLUICE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/sluice`, else
/// `~/.config/sluice`.
pub fn config_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SLUICE_CONFIG_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CONFIG_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("sluice");
    }
    std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".config").join("sluice"))
        .unwrap_or_else(|| std::env::temp_dir().join("sluice"))
}

fn recent_list_path(dir: &Path) -> PathBuf {
    dir.join("recent.txt")
}

/// The remembered files, newest first; files that no longer exist are left out.
pub fn load_recent_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(recent_list_path(dir))
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(PathBuf::from)
        .filter(|path| path.exists())
        .take(RECENT_FILES_MAX)
        .collect()
}

/// Puts `path` first in `recent` (once), keeping at most [`RECENT_FILES_MAX`].
pub fn remember_recent(recent: &mut Vec<PathBuf>, path: &Path) {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    recent.retain(|p| p != &path);
    recent.insert(0, path);
    recent.truncate(RECENT_FILES_MAX);
}

/// Writes the recent-files list.
pub fn save_recent_files(dir: &Path, recent: &[PathBuf]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let text: String = recent
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    write_atomically(&recent_list_path(dir), text.as_bytes())
}

/// What is known of a recovery copy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryInfo {
    /// The file the work belonged to; `None` for an untitled pipeline.
    pub original: Option<PathBuf>,
    /// When the copy was written, in seconds since 1970.
    pub saved_at_unix_s: u64,
    /// The process that wrote it.
    pub process_id: u32,
}

/// A recovery copy found on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    pub info: RecoveryInfo,
    pub pipeline_path: PathBuf,
    pub text: String,
}

fn recovery_dir(dir: &Path) -> PathBuf {
    dir.join("recovery")
}

fn recovery_paths(dir: &Path, process_id: u32) -> (PathBuf, PathBuf) {
    let folder = recovery_dir(dir);
    (
        folder.join(format!("{process_id}.sluice.toml")),
        folder.join(format!("{process_id}.json")),
    )
}

/// Writes this process's recovery copy of the pipeline text.
pub fn write_recovery(dir: &Path, original: Option<&Path>, text: &str) -> std::io::Result<()> {
    let process_id = std::process::id();
    let (pipeline_path, info_path) = recovery_paths(dir, process_id);
    std::fs::create_dir_all(recovery_dir(dir))?;
    write_atomically(&pipeline_path, text.as_bytes())?;
    let info = RecoveryInfo {
        original: original.map(Path::to_path_buf),
        saved_at_unix_s: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        process_id,
    };
    let json = serde_json::to_string_pretty(&info).map_err(std::io::Error::other)?;
    write_atomically(&info_path, json.as_bytes())
}

/// Removes this process's recovery copy (after a save, or when the work is discarded).
pub fn clear_recovery(dir: &Path) {
    let (pipeline_path, info_path) = recovery_paths(dir, std::process::id());
    let _ = std::fs::remove_file(pipeline_path);
    let _ = std::fs::remove_file(info_path);
}

/// Removes a recovery copy that was offered and either taken or declined.
pub fn discard_recovery(recovery: &Recovery) {
    let _ = std::fs::remove_file(&recovery.pipeline_path);
    let _ = std::fs::remove_file(
        recovery
            .pipeline_path
            .with_extension("")
            .with_extension("json"),
    );
}

/// Recovery copies left by windows that are no longer running, newest first.
pub fn find_recoveries(dir: &Path) -> Vec<Recovery> {
    let Ok(entries) = std::fs::read_dir(recovery_dir(dir)) else {
        return Vec::new();
    };
    let mut found: Vec<Recovery> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|info_path| {
            let info: RecoveryInfo =
                serde_json::from_str(&std::fs::read_to_string(&info_path).ok()?).ok()?;
            if info.process_id == std::process::id()
                || crate::engine::staging::process_is_running(info.process_id)
            {
                return None;
            }
            let pipeline_path = info_path.with_extension("sluice.toml");
            let text = std::fs::read_to_string(&pipeline_path).ok()?;
            Some(Recovery {
                info,
                pipeline_path,
                text,
            })
        })
        .collect();
    found.sort_by_key(|r| std::cmp::Reverse(r.info.saved_at_unix_s));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_keep_newest_first_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.sluice.toml");
        let b = dir.path().join("b.sluice.toml");
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        let mut recent = Vec::new();
        remember_recent(&mut recent, &a);
        remember_recent(&mut recent, &b);
        remember_recent(&mut recent, &a);
        save_recent_files(dir.path(), &recent).unwrap();
        let loaded = load_recent_files(dir.path());
        assert_eq!(loaded.len(), 2);
        assert!(loaded[0].ends_with("a.sluice.toml"));
        std::fs::remove_file(&b).unwrap();
        assert_eq!(
            load_recent_files(dir.path()).len(),
            1,
            "missing files drop out"
        );
    }

    #[test]
    fn recovery_copies_of_the_running_process_are_not_offered() {
        let dir = tempfile::tempdir().unwrap();
        write_recovery(dir.path(), None, "name = \"x\"\n").unwrap();
        assert!(find_recoveries(dir.path()).is_empty());
        // A copy left by a process that no longer exists is offered.
        let (pipeline, info) = recovery_paths(dir.path(), u32::MAX - 1);
        std::fs::write(&pipeline, "name = \"lost\"\n").unwrap();
        let stale = RecoveryInfo {
            original: Some(PathBuf::from("/work/p.sluice.toml")),
            saved_at_unix_s: 5,
            process_id: u32::MAX - 1,
        };
        std::fs::write(&info, serde_json::to_string(&stale).unwrap()).unwrap();
        let found = find_recoveries(dir.path());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "name = \"lost\"\n");
        discard_recovery(&found[0]);
        assert!(find_recoveries(dir.path()).is_empty());
        clear_recovery(dir.path());
    }
}
