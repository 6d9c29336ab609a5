//! What runs leave for the next ones: each data-quality rule's measured values (dynamic rules
//! such as `RowCount > avg(last(3))` compare with them) and each node's run durations (the
//! requirement estimates use them instead of guesses), in `<name>.history.toml` beside the
//! pipeline, written canonically and atomically. A missing file is an empty history.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::file_format::{CompanionReadError, companion_path, read_companion, write_atomically};

/// The history file format this build writes, and the newest it reads.
pub const HISTORY_FORMAT_VERSION: i64 = 1;
/// Values kept per rule, the newest last.
pub const VALUES_KEPT: usize = 50;

/// Past measurements of a pipeline's runs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RunHistory {
    pub format_version: i64,
    /// By data-quality node, then by rule as written: its values, oldest first.
    #[serde(default)]
    pub quality: BTreeMap<String, BTreeMap<String, Vec<f64>>>,
    /// By node: how long each run of it took, in seconds, oldest first.
    #[serde(default)]
    pub durations_seconds: BTreeMap<String, Vec<f64>>,
    /// Whole runs: how long each took, in seconds, oldest first.
    #[serde(default)]
    pub run_seconds: Vec<f64>,
}

/// What the history says of a node's duration: the longest of its kept runs, and how many.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasuredDuration {
    pub longest_seconds: f64,
    pub runs: usize,
}

impl RunHistory {
    /// Appends one evaluation's values of node `node`'s rules.
    pub fn record(&mut self, node: &str, values: &BTreeMap<String, f64>) {
        let rules = self.quality.entry(node.to_string()).or_default();
        for (rule, value) in values {
            let kept = rules.entry(rule.clone()).or_default();
            kept.push(*value);
            let excess = kept.len().saturating_sub(VALUES_KEPT);
            kept.drain(..excess);
        }
    }

    /// Appends one run's durations: each node's, and the whole run's.
    pub fn record_run(&mut self, node_seconds: &BTreeMap<String, f64>, run_seconds: f64) {
        for (node, seconds) in node_seconds {
            push_kept(
                self.durations_seconds.entry(node.clone()).or_default(),
                *seconds,
            );
        }
        push_kept(&mut self.run_seconds, run_seconds);
    }

    /// The measured duration of node `node`, if any run recorded it.
    pub fn measured_duration(&self, node: &str) -> Option<MeasuredDuration> {
        let kept = self.durations_seconds.get(node).filter(|k| !k.is_empty())?;
        Some(MeasuredDuration {
            longest_seconds: kept.iter().copied().fold(0.0, f64::max),
            runs: kept.len(),
        })
    }
}

fn push_kept(kept: &mut Vec<f64>, value: f64) {
    kept.push(value);
    let excess = kept.len().saturating_sub(VALUES_KEPT);
    kept.drain(..excess);
}

/// Why the history file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HistoryFileError {
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` is not a run history: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("`{}` was written by a newer Sluice (format {found})", path.display())]
    NewerVersion { path: PathBuf, found: i64 },
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The history file beside pipeline `pipeline_file`: `shop.sluice.toml` -> `shop.history.toml`.
pub fn history_path_for(pipeline_file: &Path) -> PathBuf {
    companion_path(pipeline_file, "history")
}

/// Reads a history file; a missing file is an empty history.
pub fn load_history(path: &Path) -> Result<RunHistory, HistoryFileError> {
    let path_buf = path.to_path_buf();
    let history: RunHistory = read_companion(path).map_err(|error| match error {
        CompanionReadError::Read(source) => HistoryFileError::Read {
            path: path_buf,
            source,
        },
        CompanionReadError::Parse(message) => HistoryFileError::Parse {
            path: path_buf,
            message,
        },
    })?;
    if history.format_version > HISTORY_FORMAT_VERSION {
        return Err(HistoryFileError::NewerVersion {
            path: path.to_path_buf(),
            found: history.format_version,
        });
    }
    Ok(history)
}

/// Writes a history file canonically and atomically.
pub fn save_history(path: &Path, history: &RunHistory) -> Result<(), HistoryFileError> {
    let history = RunHistory {
        format_version: HISTORY_FORMAT_VERSION,
        ..history.clone()
    };
    let body = toml::to_string(&history).map_err(|e| HistoryFileError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let text = format!("# What runs of a Sluice pipeline measured, for the next runs.\n{body}");
    write_atomically(path, text.as_bytes()).map_err(|source| HistoryFileError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_only_the_newest_are_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let path = history_path_for(&dir.path().join("shop.sluice.toml"));
        assert!(path.ends_with("shop.history.toml"));
        assert_eq!(load_history(&path).expect("missing"), RunHistory::default());
        let mut history = RunHistory::default();
        for run in 0..(VALUES_KEPT + 3) {
            history.record(
                "checks",
                &BTreeMap::from([("RowCount > 0".into(), run as f64)]),
            );
        }
        save_history(&path, &history).expect("saved");
        let loaded = load_history(&path).expect("loaded");
        let values = &loaded.quality["checks"]["RowCount > 0"];
        assert_eq!(values.len(), VALUES_KEPT);
        assert_eq!(values.last(), Some(&((VALUES_KEPT + 2) as f64)));
    }
}
