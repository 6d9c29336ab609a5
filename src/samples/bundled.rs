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
