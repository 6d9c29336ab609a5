//! The `*.sluice.toml` file: canonical saving, strict loading with located errors, atomic writes.

mod atomic;
mod load;
mod save;
mod source_map;

pub use atomic::write_atomically;
pub use load::{
    LoadError, describe as describe_toml_value, load_pipeline, parse_param_value, parse_pipeline,
};
pub use save::{to_canonical_text, value_text as param_value_text};
pub use source_map::SourceMap;

/// Keys of a `[[node]]` table that are not parameters.
pub const RESERVED_NODE_KEYS: &[&str] = &["id", "kind", "description", "inputs", "timing"];

/// The file name ending of pipeline files.
pub const FILE_SUFFIX: &str = ".sluice.toml";

/// A file kept beside pipeline `pipeline_file`, named after it: `logs.sluice.toml` with `kind`
/// `catalog` is `logs.catalog.toml`.
pub fn companion_path(pipeline_file: &std::path::Path, kind: &str) -> std::path::PathBuf {
    let name = pipeline_file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".sluice.toml")
        .or_else(|| name.strip_suffix(".toml"))
        .unwrap_or(&name);
    let stem = if stem.is_empty() { "pipeline" } else { stem };
    pipeline_file.with_file_name(format!("{stem}.{kind}.toml"))
}

/// The text of `path`, or `None` when there is no such file (a missing companion file is an
/// empty one).
pub fn read_if_present(path: &std::path::Path) -> std::io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// Why a companion file could not be read: the file, or its TOML.
#[derive(Debug)]
pub enum CompanionReadError {
    Read(std::io::Error),
    Parse(String),
}

/// A companion TOML file read into `T`, or `T::default()` when there is no such file.
pub fn read_companion<T: serde::de::DeserializeOwned + Default>(
    path: &std::path::Path,
) -> Result<T, CompanionReadError> {
    match read_if_present(path).map_err(CompanionReadError::Read)? {
        Some(text) => toml::from_str(&text).map_err(|e| CompanionReadError::Parse(e.to_string())),
        None => Ok(T::default()),
    }
}
