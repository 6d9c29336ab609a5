//! Sources already scanned, kept between plans: while a person edits a filter, the CSV files
//! upstream are not opened and their types not inferred again. A source is reused only when its
//! kind, parameters, folder and files (names, sizes and modification times) are all unchanged.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::SystemTime;

use super::paths::Discovered;
use super::value::NodeOutputs;
use crate::model::Node;

/// What identifies one scan: the source's settings and the state of its files.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceKey {
    settings: String,
    files: Vec<(String, u64, Option<SystemTime>)>,
}

/// The scans of the last plan, by what they read.
#[derive(Default)]
pub struct SourceCache {
    scans: HashMap<SourceKey, NodeOutputs>,
    used: HashSet<SourceKey>,
}

impl SourceCache {
    /// The key of source `node` reading `found` from `base_dir`.
    pub fn key(node: &Node, base_dir: &Path, found: &Discovered) -> SourceKey {
        let files = found
            .files
            .iter()
            .map(|file| {
                let metadata = std::fs::metadata(file).ok();
                (
                    file.to_string_lossy().into_owned(),
                    metadata.as_ref().map_or(0, std::fs::Metadata::len),
                    metadata.and_then(|m| m.modified().ok()),
                )
            })
            .collect();
        SourceKey {
            settings: format!(
                "{}|{:?}|{:?}",
                base_dir.display(),
                node.kind.id,
                node.params
            ),
            files,
        }
    }

    pub fn get(&self, key: &SourceKey) -> Option<&NodeOutputs> {
        self.scans.get(key)
    }

    pub fn put(&mut self, key: SourceKey, outputs: NodeOutputs) {
        self.used.insert(key.clone());
        self.scans.insert(key, outputs);
    }

    /// Starts a plan: scans not used by it are dropped at its end.
    pub(super) fn start_plan(&mut self) {
        self.used.clear();
    }

    /// Ends a plan, keeping only the scans it used.
    pub(super) fn end_plan(&mut self) {
        let used = std::mem::take(&mut self.used);
        self.scans.retain(|key, _| used.contains(key));
    }

    /// Notes that a plan reused `key`.
    pub(super) fn mark_used(&mut self, key: &SourceKey) {
        self.used.insert(key.clone());
    }

    pub fn len(&self) -> usize {
        self.scans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scans.is_empty()
    }
}
