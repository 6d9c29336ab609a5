//! Loading the pipeline a command names, printing located errors when it cannot be loaded.

use std::path::{Path, PathBuf};

use crate::model::Pipeline;
use crate::model::file_format::{LoadError, SourceMap, load_pipeline};

/// A pipeline loaded from a file, with what is needed to resolve its paths and locate problems.
pub struct LoadedPipeline {
    pub pipeline: Pipeline,
    pub source_map: SourceMap,
    pub base_dir: PathBuf,
    /// `<name>.catalog.toml` beside the pipeline.
    pub catalog_file: PathBuf,
    /// `<name>.history.toml` beside the pipeline.
    pub history_file: PathBuf,
}

impl LoadedPipeline {
    /// Where the pipeline is planned: its folder and the catalog file beside it.
    pub fn site(&self) -> crate::engine::PlanSite {
        crate::engine::PlanSite {
            base_dir: self.base_dir.clone(),
            catalog_file: Some(self.catalog_file.clone()),
            history_file: Some(self.history_file.clone()),
        }
    }
}

/// Loads `path`; the error lists every problem, each with file, line and column.
pub fn load(path: &Path) -> Result<LoadedPipeline, LoadError> {
    let (pipeline, source_map) = load_pipeline(path)?;
    let base_dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    Ok(LoadedPipeline {
        pipeline,
        source_map,
        base_dir,
        catalog_file: crate::model::catalog::catalog_path_for(path),
        history_file: crate::model::history::history_path_for(path),
    })
}

/// Loads `path` or prints why not and returns the exit code to stop with.
pub fn load_or_report(path: &Path) -> Result<LoadedPipeline, u8> {
    load(path).map_err(|error| {
        eprintln!("{error}");
        let count = error.problems.len();
        eprintln!(
            "sluice: {} cannot be loaded ({count} problem{})",
            path.display(),
            if count == 1 { "" } else { "s" }
        );
        super::exit::PIPELINE_ERROR
    })
}
