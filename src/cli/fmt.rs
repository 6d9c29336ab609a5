//! `sluice fmt FILE`: rewrites a pipeline file in canonical form, exactly as the window saves it.

use std::path::PathBuf;

use super::load::load_or_report;
use crate::model::file_format::{to_canonical_text, write_atomically};

#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// The pipeline files (*.sluice.toml)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing; exit 1 when a file is not in canonical form
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: &FmtArgs) -> anyhow::Result<u8> {
    let mut code = super::exit::OK;
    for file in &args.files {
        let loaded = match load_or_report(file) {
            Ok(loaded) => loaded,
            Err(failed) => {
                code = failed;
                continue;
            }
        };
        let canonical = to_canonical_text(&loaded.pipeline);
        let current = std::fs::read_to_string(file).unwrap_or_default();
        if canonical == current {
            continue;
        }
        if args.check {
            eprintln!(
                "{} is not in canonical form (run `sluice fmt {}`)",
                file.display(),
                file.display()
            );
            code = super::exit::PIPELINE_ERROR;
        } else {
            write_atomically(file, canonical.as_bytes())
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", file.display()))?;
            println!("formatted {}", file.display());
        }
    }
    Ok(code)
}
