//! The `*.sluice.toml` file: canonical saving, strict loading with located errors, atomic writes.

mod atomic;
mod load;
mod save;
mod source_map;

pub use atomic::write_atomically;
pub use load::{LoadError, load_pipeline, parse_param_value, parse_pipeline};
pub use save::to_canonical_text;
pub use source_map::SourceMap;

/// Keys of a `[[node]]` table that are not parameters.
pub const RESERVED_NODE_KEYS: &[&str] = &["id", "kind", "description", "inputs"];

/// The file name ending of pipeline files.
pub const FILE_SUFFIX: &str = ".sluice.toml";
