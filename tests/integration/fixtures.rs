//! Shared helpers: pipelines written into temporary folders, node outputs collected as frames.

use std::path::{Path, PathBuf};

use polars::prelude::*;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use sluice::engine::{
    NodeOutcome, RunError, RunOptions, RunReport, RunStrategy, plan_pipeline, run_pipeline,
};
use sluice::model::Pipeline;
use sluice::model::file_format::parse_pipeline;

/// A temporary folder holding a pipeline and its data files.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders) and returns its path.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Writes `pipeline.sluice.toml` with the format version prepended.
    pub fn pipeline_file(&self, body: &str) -> PathBuf {
        self.write(
            "pipeline.sluice.toml",
            format!("format_version = 1\n{body}"),
        )
    }

    /// Parses pipeline text (format version prepended).
    pub fn parse(&self, body: &str) -> Pipeline {
        match parse_pipeline(&format!("format_version = 1\n{body}")) {
            Ok((pipeline, _)) => pipeline,
            Err(error) => panic!("the pipeline should load:\n{error}"),
        }
    }

    /// The full output of `node` (`node.port` for one of several outputs), or the node's error
    /// message.
    pub fn output(&self, body: &str, reference: &str) -> Result<DataFrame, String> {
        let pipeline = self.parse(body);
        let plan = plan_pipeline(&pipeline, self.path());
        let (node, port) = match reference.split_once('.') {
            Some((node, port)) => (node, Some(port)),
            None => (reference, None),
        };
        match plan.outcome(node) {
            Some(outcome @ NodeOutcome::Ready(_)) => match outcome.table(port) {
                Some(table) => table.frame.clone().collect().map_err(|e| e.to_string()),
                None => Err(format!("no output {reference}")),
            },
            Some(NodeOutcome::Failed(error)) => Err(error.message.clone()),
            Some(NodeOutcome::Blocked { by }) => Err(format!("blocked by {by:?}")),
            None => Err(format!("no node {node}")),
        }
    }

    /// Runs the pipeline and returns the report or the error.
    pub fn run(&self, body: &str, strategy: RunStrategy) -> Result<RunReport, RunError> {
        let pipeline = self.parse(body);
        let cancel = Arc::new(AtomicBool::new(false));
        run_pipeline(
            &pipeline,
            self.path(),
            RunOptions::new(strategy),
            &cancel,
            &mut |_| {},
        )
    }

    /// The output of `node`, which must succeed.
    pub fn frame(&self, body: &str, node: &str) -> DataFrame {
        self.output(body, node)
            .unwrap_or_else(|e| panic!("node `{node}` failed: {e}"))
    }

    /// The error of `node`, which must fail.
    pub fn error(&self, body: &str, node: &str) -> String {
        match self.output(body, node) {
            Ok(frame) => panic!("node `{node}` should fail but gave {frame}"),
            Err(message) => message,
        }
    }
}

/// A CSV source node named `id` reading `file`.
pub fn csv_node(id: &str, file: &str) -> String {
    format!("[[node]]\nid = \"{id}\"\nkind = \"csv_source\"\npath = \"{file}\"\n\n")
}

/// The values of a column as strings ("null" for nulls), for compact assertions.
pub fn column_strings(frame: &DataFrame, name: &str) -> Vec<String> {
    let column = frame
        .column(name)
        .unwrap_or_else(|_| panic!("no column {name} in {frame}"));
    (0..column.len())
        .map(|i| match column.get(i).unwrap() {
            AnyValue::Null => "null".to_string(),
            AnyValue::String(s) => s.to_string(),
            AnyValue::StringOwned(s) => s.to_string(),
            other => other.to_string(),
        })
        .collect()
}

pub fn names(frame: &DataFrame) -> Vec<String> {
    frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

/// Copies a sample folder as a checkout holds it: without what runs leave behind (`output/`,
/// the catalog and history files beside a pipeline), so a test starts from the committed files.
pub fn copy_sample(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            if name != "output" {
                copy_sample(&entry.path(), &target);
            }
        } else if !name.ends_with(".catalog.toml") && !name.ends_with(".history.toml") {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Copies every file under `from` into `to`, folders included.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
