//! `sluice run FILE`: writes every sink, with a progress bar on a terminal and a table of rows
//! and times per node at the end.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use indicatif::{ProgressBar, ProgressStyle};

use super::load::load_or_report;
use super::table;
use crate::engine::requirements::{check_requirements, measure_requirements};
use crate::engine::{OutsideWrites, RunError, RunEvent, RunOptions, RunStrategy, run_pipeline};

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The pipeline file (*.sluice.toml)
    pub file: PathBuf,
    /// auto streams inputs over 256 MB through Polars' streaming engine and runs smaller ones
    /// node by node (exact rows and time per node)
    #[arg(long, value_enum, default_value_t = Strategy::Auto)]
    pub engine: Strategy,
    /// Let the pipeline write outside its own folder (`sluice validate` lists where it would)
    #[arg(long)]
    pub allow_outside: bool,
    /// Run only this node and what feeds it (a crawler: crawl and record the catalog)
    #[arg(long, value_name = "ID")]
    pub node: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Strategy {
    Auto,
    Streaming,
    NodeByNode,
}

pub fn run(args: &RunArgs) -> anyhow::Result<u8> {
    let loaded = match load_or_report(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let strategy = match args.engine {
        Strategy::Auto => RunStrategy::Auto,
        Strategy::Streaming => RunStrategy::Streaming,
        Strategy::NodeByNode => RunStrategy::NodeByNode,
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        let style =
            ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style.progress_chars("=> "));
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    let mut on_event = |event: RunEvent| {
        let Some(bar) = &bar else { return };
        match event {
            RunEvent::Started { steps } => bar.set_length(steps as u64),
            RunEvent::NodeStarted { node } => bar.set_message(node),
            RunEvent::NodeFinished(_) => bar.inc(1),
        }
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let options = RunOptions {
        strategy,
        outside: if args.allow_outside {
            OutsideWrites::AllowAll
        } else {
            OutsideWrites::Refuse
        },
        only: args.node.clone(),
    };
    let outcome = run_pipeline(
        &loaded.pipeline,
        loaded.site(),
        options,
        &cancel,
        &mut on_event,
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = match outcome {
        Ok(report) => report,
        Err(RunError::Invalid(diagnostics)) => {
            for diagnostic in diagnostics {
                eprintln!("{}:{diagnostic}", args.file.display());
            }
            eprintln!("sluice: the pipeline has errors; nothing was run (see `sluice validate`)");
            return Ok(super::exit::PIPELINE_ERROR);
        }
        Err(error) => {
            eprintln!("sluice: {error}");
            return Ok(super::exit::PIPELINE_ERROR);
        }
    };
    let header: Vec<String> = ["node", "kind", "rows in", "rows out", "time ms", ""]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let count = |rows: Option<u64>| rows.map(|r| r.to_string()).unwrap_or_else(|| "-".into());
    let rows: Vec<Vec<String>> = report
        .nodes
        .iter()
        .map(|n| {
            let millis = if n
                .note
                .as_deref()
                .is_some_and(|note| note.starts_with("streamed"))
            {
                "-".to_string()
            } else {
                format!("{:.1}", n.elapsed.as_secs_f64() * 1000.0)
            };
            vec![
                n.node.clone(),
                n.kind.to_string(),
                count(n.rows_in),
                count(n.rows_out),
                millis,
                n.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    print!("{}", table::render(&header, &rows));
    let strategy = match report.strategy {
        RunStrategy::Streaming => "streaming engine",
        _ => "node by node",
    };
    println!(
        "ran {} node{} in {:.1} ms ({strategy})",
        report.nodes.len(),
        if report.nodes.len() == 1 { "" } else { "s" },
        report.elapsed.as_secs_f64() * 1000.0
    );
    if args.node.is_none() {
        print_measured_requirements(&loaded);
    }
    Ok(super::exit::OK)
}

/// What the run's outputs measure against the requirements: the freshness of what it wrote,
/// the run's duration against a `within`.
fn print_measured_requirements(loaded: &super::load::LoadedPipeline) {
    if loaded.pipeline.requirements.is_empty() {
        return;
    }
    let history = crate::model::history::load_history(&loaded.history_file).unwrap_or_default();
    let plan = crate::engine::plan_pipeline(&loaded.pipeline, loaded.site());
    let mut checks = check_requirements(&loaded.pipeline, &history);
    measure_requirements(&loaded.pipeline, &plan, &history, None, &mut checks);
    let measured: Vec<_> = checks.iter().filter(|c| c.measured.is_some()).collect();
    if measured.is_empty() {
        return;
    }
    println!("requirements measured after the run:");
    for check in measured {
        let sentence = check
            .explanation
            .iter()
            .rev()
            .find(|s| s.starts_with("measured") || s.starts_with("the last run"))
            .cloned()
            .unwrap_or_default();
        println!(
            "  {} {} [{}]: {}; {sentence}",
            check.status.symbol(),
            check.id,
            check.kind,
            check.status
        );
    }
}
