//! `sluice` (no command), `sluice open FILE` and `sluice export-image FILE OUT.png`: the window,
//! and its canvas drawn headless.

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;

use super::exit;
use crate::ui::{Opening, export_image_file, run_window};

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The pipeline file (`*.sluice.toml`)
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportImageArgs {
    /// The pipeline file (`*.sluice.toml`)
    pub file: PathBuf,
    /// The picture to write: PNG, or SVG when the name ends in .svg (crisp on slides)
    pub out: PathBuf,
    /// Draw on a light background (for print)
    #[arg(long)]
    pub light: bool,
}

pub fn open_sample(screenshot: Option<PathBuf>) -> anyhow::Result<u8> {
    run_window(Opening::Sample, screenshot).map_err(|e| anyhow!(e))?;
    Ok(exit::OK)
}

pub fn open(args: &OpenArgs, screenshot: Option<PathBuf>) -> anyhow::Result<u8> {
    run_window(Opening::File(args.file.clone()), screenshot).map_err(|e| anyhow!(e))?;
    Ok(exit::OK)
}

pub fn export_image(args: &ExportImageArgs) -> anyhow::Result<u8> {
    export_image_file(&args.file, &args.out, !args.light)
        .map_err(|e| anyhow!("{}: {e}", args.file.display()))?;
    println!("wrote {}", args.out.display());
    Ok(exit::OK)
}
