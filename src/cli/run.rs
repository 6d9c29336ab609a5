//! `sluice run FILE`: writes every sink, with a progress bar on a terminal and a table of rows
//! and times per node at the end. A pipeline with stream nodes runs them until their sources
//! end, a bound (`--events`, `--duration`) is reached or Ctrl+C, with faults put in where
//! `--fault` says, and reports each stream node's events, drops, throughput and latency.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use indicatif::{ProgressBar, ProgressStyle};

use super::load::load_or_report;
use super::table;
use crate::engine::requirements::{
    RequirementCheck, check_requirements, measure_requirements, measure_stream_requirements,
};
use crate::engine::run::{micros_text, stream_note};
use crate::engine::streams::run::{StreamRunOptions, StreamRunReport};
use crate::engine::{OutsideWrites, RunError, RunEvent, RunOptions, RunStrategy, run_pipeline};
use crate::stream::fault::Fault;
use crate::stream::latency::LatencySummary;

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
    /// Stream sources stop after this many events in all
    #[arg(long, value_name = "N")]
    pub events: Option<u64>,
    /// Stream sources stop after this long (30 s, 2 min)
    #[arg(long, value_name = "SPAN")]
    pub duration: Option<String>,
    /// Break a stream node on purpose: NODE:fail, NODE:fail=EVENTS, NODE:slow=MS or
    /// NODE:drop=FRACTION (may be given several times)
    #[arg(long, value_name = "NODE:FAULT")]
    pub fault: Vec<String>,
    /// The most events a stream source puts in one batch (1 shows every event move the
    /// watermark)
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub batch_rows: usize,
    #[arg(long, value_enum, default_value_t = super::OutputFormat::Text)]
    pub format: super::OutputFormat,
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
    let streamed: std::cell::RefCell<Option<StreamRunReport>> = Default::default();
    let mut on_event = |event: RunEvent| {
        if let RunEvent::StreamFinished(report) = &event {
            streamed.replace(Some(report.clone()));
        }
        let Some(bar) = &bar else { return };
        match event {
            RunEvent::Started { steps } => bar.set_length(steps as u64),
            RunEvent::NodeStarted { node } => bar.set_message(node),
            RunEvent::NodeFinished(_) => bar.inc(1),
            RunEvent::StreamStarted(_) => bar.set_message("streaming (Ctrl+C stops and flushes)"),
            RunEvent::StreamFinished(_) => bar.set_message("batch nodes after the streams"),
        }
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let stream = match stream_options(args) {
        Ok(stream) => stream,
        Err(message) => {
            eprintln!("sluice: {message}");
            return Ok(super::exit::USAGE);
        }
    };
    stop_on_ctrl_c(&stream.stop);
    let options = RunOptions {
        strategy,
        outside: if args.allow_outside {
            OutsideWrites::AllowAll
        } else {
            OutsideWrites::Refuse
        },
        only: args.node.clone(),
        stream,
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
            // What the streams did before the batch part failed is still worth seeing.
            if let Some(stream) = streamed.take() {
                print_stream_report(&stream);
            }
            eprintln!("sluice: {error}");
            return Ok(super::exit::PIPELINE_ERROR);
        }
    };
    if args.format == super::OutputFormat::Json {
        let checks = if args.node.is_none() {
            measured_checks(&loaded, report.stream.as_ref())
        } else {
            Vec::new()
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&report_json(&report, &checks))?
        );
        return Ok(exit_of(&report));
    }
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
    if let Some(stream) = &report.stream {
        print_stream_report(stream);
    }
    if args.node.is_none() {
        print_measured_requirements(&loaded, report.stream.as_ref());
    }
    Ok(exit_of(&report))
}

/// A run whose stream events do not add up failed, whatever it wrote.
fn exit_of(report: &crate::engine::RunReport) -> u8 {
    match &report.stream {
        Some(stream) if !stream.unbalanced().is_empty() => super::exit::PIPELINE_ERROR,
        _ => super::exit::OK,
    }
}

/// The stream bounds and faults of the command line.
fn stream_options(args: &RunArgs) -> Result<StreamRunOptions, String> {
    let mut options = StreamRunOptions {
        max_events: args.events,
        batch_rows: args.batch_rows.max(1),
        ..StreamRunOptions::default()
    };
    if let Some(text) = &args.duration {
        let seconds = crate::model::duration::Seconds::parse(text)
            .map_err(|e| format!("--duration {text}: {e}"))?;
        options.duration = Some(std::time::Duration::from_secs_f64(
            seconds.as_secs().max(0.0),
        ));
    }
    for text in &args.fault {
        let (node, fault) = text.split_once(':').ok_or_else(|| {
            format!("--fault {text}: write NODE:fail, NODE:slow=MS or NODE:drop=FRACTION")
        })?;
        let fault = Fault::parse(fault).map_err(|e| format!("--fault {text}: {e}"))?;
        options.faults.insert(node.to_string(), fault);
    }
    Ok(options)
}

/// The first Ctrl+C stops the stream sources (every stage then flushes what it holds); a
/// second one ends the process at once.
fn stop_on_ctrl_c(stop: &Arc<AtomicBool>) {
    let signal = signal_hook::consts::SIGINT;
    // Registered first, so it sees the flag before the second handler sets it.
    let _ = signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(stop));
    let _ = signal_hook::flag::register(signal, Arc::clone(stop));
}

fn latency_cells(latency: Option<LatencySummary>) -> Vec<String> {
    match latency.filter(|l| l.count > 0) {
        Some(l) => [l.p50_micros, l.p95_micros, l.p99_micros, l.max_micros]
            .into_iter()
            .map(micros_text)
            .collect(),
        None => vec!["-".into(); 4],
    }
}

/// Each stream node's events in and out, drops, throughput and latency, and the check that
/// nothing was lost.
fn print_stream_report(stream: &StreamRunReport) {
    let header: Vec<String> = [
        "stream node",
        "in",
        "out",
        "dropped",
        "events/s",
        "p50",
        "p95",
        "p99",
        "max",
        "nothing lost",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = stream
        .nodes
        .iter()
        .map(|n| {
            let stage = &n.stage;
            let dropped: u64 = stage.drops.values().sum();
            let mut row = vec![
                n.node.clone(),
                stage.events_in.to_string(),
                if stage.results_out > 0 || stage.aggregated > 0 {
                    format!("{} results", stage.results_out)
                } else {
                    stage.events_out.to_string()
                },
                dropped.to_string(),
                format!("{:.0}", stream.events_per_second(&n.node)),
            ];
            row.extend(latency_cells(stage.latency));
            row.push(if n.conserved() { "yes" } else { "NO" }.to_string());
            row
        })
        .collect();
    print!("{}", table::render(&header, &rows));
    for node in &stream.nodes {
        let note = stream_note(node);
        if !note.is_empty() {
            println!("  {}: {note}", node.node);
        }
    }
    let unbalanced = stream.unbalanced();
    if unbalanced.is_empty() {
        println!(
            "streamed for {:.2} s; every node's events in = out + counted drops",
            stream.elapsed.as_secs_f64()
        );
    } else {
        println!(
            "streamed for {:.2} s; events do not add up at {}",
            stream.elapsed.as_secs_f64(),
            unbalanced.join(", ")
        );
    }
}

fn report_json(
    report: &crate::engine::RunReport,
    checks: &[RequirementCheck],
) -> serde_json::Value {
    use serde_json::json;
    let nodes: Vec<_> = report
        .nodes
        .iter()
        .map(|n| {
            json!({
                "node": n.node,
                "kind": n.kind,
                "rows_in": n.rows_in,
                "rows_out": n.rows_out,
                "seconds": n.elapsed.as_secs_f64(),
                "note": n.note,
            })
        })
        .collect();
    let stream = report.stream.as_ref().map(|stream| {
        let nodes: Vec<_> = stream
            .nodes
            .iter()
            .map(|n| {
                let stage = &n.stage;
                json!({
                    "node": n.node,
                    "kind": n.kind,
                    "events_in": stage.events_in,
                    "events_out": stage.events_out,
                    "results_out": stage.results_out,
                    "aggregated": stage.aggregated,
                    "drops": stage.drops,
                    "counters": stage.counters,
                    "events_per_second": stream.events_per_second(&n.node),
                    "latency_micros": stage.latency.filter(|l| l.count > 0).map(|l| json!({
                        "count": l.count,
                        "p50": l.p50_micros,
                        "p95": l.p95_micros,
                        "p99": l.p99_micros,
                        "max": l.max_micros,
                    })),
                    "fault": n.fault.map(|f| f.to_string()),
                    "conserved": n.conserved(),
                })
            })
            .collect();
        json!({
            "seconds": stream.elapsed.as_secs_f64(),
            "nodes": nodes,
            "conserved": stream.unbalanced().is_empty(),
        })
    });
    let requirements: Vec<_> = checks
        .iter()
        .map(|check| {
            json!({
                "id": check.id,
                "kind": check.kind,
                "status": check.status.as_str(),
                "measured": check.measured,
                "explanation": check.explanation,
            })
        })
        .collect();
    json!({
        "seconds": report.elapsed.as_secs_f64(),
        "nodes": nodes,
        "stream": stream,
        "requirements": requirements,
    })
}

/// The requirements checked against what the run wrote and what its streams measured.
fn measured_checks(
    loaded: &super::load::LoadedPipeline,
    stream: Option<&StreamRunReport>,
) -> Vec<RequirementCheck> {
    if loaded.pipeline.requirements.is_empty() {
        return Vec::new();
    }
    let history = crate::model::history::load_history(&loaded.history_file).unwrap_or_default();
    let plan = crate::engine::plan_pipeline(&loaded.pipeline, loaded.site());
    let mut checks = check_requirements(&loaded.pipeline, &history);
    measure_requirements(&loaded.pipeline, &plan, &history, None, &mut checks);
    if let Some(stream) = stream {
        measure_stream_requirements(&loaded.pipeline, stream, &mut checks);
    }
    checks
}

/// What the run's outputs measure against the requirements: the freshness of what it wrote,
/// the run's duration against a `within`.
fn print_measured_requirements(
    loaded: &super::load::LoadedPipeline,
    stream: Option<&StreamRunReport>,
) {
    let checks = measured_checks(loaded, stream);
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
