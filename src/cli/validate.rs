//! `sluice validate FILE`: every problem of a pipeline, located; exit 1 when any is an error.

use std::path::PathBuf;

use serde::Serialize;

use super::OutputFormat;
use super::load::load;
use crate::engine::plan_pipeline;
use crate::model::{Diagnostic, Severity};

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The pipeline file (*.sluice.toml)
    pub file: PathBuf,
    /// How to print the diagnostics
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Serialize)]
struct Report<'a> {
    file: String,
    ok: bool,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

/// Every diagnostic for the file: load problems, or else the plan's findings.
pub fn diagnostics_for(file: &std::path::Path) -> Vec<Diagnostic> {
    match load(file) {
        Err(error) => error.problems,
        Ok(loaded) => {
            let plan = plan_pipeline(&loaded.pipeline, loaded.site());
            plan.diagnostics(&loaded.pipeline, Some(&loaded.source_map))
        }
    }
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<u8> {
    let diagnostics = diagnostics_for(&args.file);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let file = args.file.display().to_string();
    match args.format {
        OutputFormat::Json => {
            let report = Report {
                file,
                ok: errors == 0,
                errors,
                warnings,
                diagnostics: &diagnostics,
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        OutputFormat::Text => {
            for diagnostic in &diagnostics {
                let line = format!("{file}:{diagnostic}");
                if diagnostic.severity == Severity::Error {
                    eprintln!("{line}")
                } else {
                    println!("{line}")
                }
            }
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            let summary = format!(
                "{file}: {}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            );
            if errors == 0 {
                println!("{summary}")
            } else {
                eprintln!("{summary}")
            }
        }
    }
    Ok(if errors == 0 {
        super::exit::OK
    } else {
        super::exit::PIPELINE_ERROR
    })
}
