//! Requirements checked against data: the age of the newest record at a sink (the maximum of
//! its time column, over what the sink writes), how far a written sink is behind the files its
//! sources read, the last run's duration, and the quality nodes' verdicts.

use std::path::Path;
use std::time::SystemTime;

use polars::prelude::*;

use super::{RequirementCheck, RequirementStatus, quality, verdict};
use crate::engine::plan::PipelinePlan;
use crate::engine::quality::check::NodeCheck;
use crate::model::duration::Seconds;
use crate::model::history::RunHistory;
use crate::model::requirement::{FreshnessMeaning, RequirementSpec, ThroughputTarget};
use crate::model::{KindId, Node, Pipeline};

/// The run history kept beside the plan's pipeline (empty where the plan keeps none).
pub fn plan_history(plan: &PipelinePlan) -> Result<RunHistory, String> {
    match plan.history_file.as_deref() {
        Some(path) => crate::model::history::load_history(path).map_err(|e| e.to_string()),
        None => Ok(RunHistory::default()),
    }
}

/// What `sluice check` does against data: every data-quality node evaluated on its whole input
/// (its values recorded for dynamic rules with `record`), then `checks` measured against the
/// data, `history` and those evaluations.
pub fn measure_against_data(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    history: &RunHistory,
    record: bool,
    checks: &mut [RequirementCheck],
) -> Result<Vec<NodeCheck>, String> {
    let quality = crate::engine::quality::check::check_quality(pipeline, plan, record)?;
    measure_requirements(pipeline, plan, history, Some(&quality), checks);
    Ok(quality)
}

/// Adds to each static check what the data says. `quality_nodes` holds the quality nodes'
/// evaluations; without them quality requirements keep their static verdict.
pub fn measure_requirements(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    history: &RunHistory,
    quality_nodes: Option<&[NodeCheck]>,
    checks: &mut [RequirementCheck],
) {
    for (requirement, check) in pipeline.requirements.iter().zip(checks.iter_mut()) {
        let Ok(spec) = requirement.typed(pipeline) else {
            continue;
        };
        match spec {
            RequirementSpec::Freshness { max_age, meaning } => {
                let mut measured = Vec::new();
                for sink in &requirement.applies_to {
                    let Some(node) = pipeline.node(sink.as_str()) else {
                        continue;
                    };
                    let outcome = match &meaning {
                        FreshnessMeaning::NewestRecord { column } => {
                            newest_record_age(pipeline, plan, node, column)
                        }
                        FreshnessMeaning::SourceLag => source_lag(pipeline, plan, node),
                    };
                    match outcome {
                        Ok(Some((age, how))) => {
                            let (status, comparison) = verdict(age, max_age);
                            check.worsen(status);
                            check.explain(format!("measured at `{sink}`: {how} {comparison}"));
                            measured.push(format!("{age}"));
                        }
                        Ok(None) => {
                            check.worsen(RequirementStatus::Unmeasured);
                            let why = if node.kind.is_sink() {
                                "has not been written yet; run the pipeline to measure its lag"
                            } else {
                                "writes no file, so its lag is measured at the sinks it feeds"
                            };
                            check.explain(format!("`{sink}` {why}"));
                        }
                        Err(reason) => {
                            check.worsen(RequirementStatus::Fail);
                            check.explain(format!("measuring `{sink}`: {reason}"));
                        }
                    }
                }
                if !measured.is_empty() {
                    check.measured = Some(measured.join(", "));
                }
            }
            RequirementSpec::Throughput(ThroughputTarget::RowsWithin { within, .. }) => {
                if let Some(last) = history.run_seconds.last() {
                    let took = Seconds(*last);
                    let (status, comparison) = verdict(took, within);
                    check.worsen(status);
                    check.measured = Some(format!("{took}"));
                    check.explain(format!("the last run took {comparison}"));
                }
            }
            RequirementSpec::Quality => {
                if let Some(nodes) = quality_nodes {
                    quality::check_measured(requirement, nodes, check);
                }
            }
            RequirementSpec::Latency { .. }
            | RequirementSpec::Throughput(ThroughputTarget::EventsPerSecond(_))
            | RequirementSpec::Fallback { .. } => {}
        }
    }
}

/// What `sink` wrote, read back, when it wrote a CSV or Parquet file that is there.
fn written_frame(pipeline: &Pipeline, plan: &PipelinePlan, sink: &Node) -> Option<LazyFrame> {
    let writes = crate::engine::reach::writes(pipeline, &plan.base_dir);
    let write = writes.iter().find(|w| w.node == sink.id.as_str())?;
    if !write.path.is_file() {
        return None;
    }
    let path = PlRefPath::new(write.path.to_string_lossy().as_ref());
    let frame = match sink.kind.id {
        KindId::ParquetSink => LazyFrame::scan_parquet(path, ScanArgsParquet::default()).ok()?,
        KindId::CsvSink => LazyCsvReader::new(path)
            .with_has_header(true)
            .finish()
            .ok()?,
        _ => return None,
    };
    crate::engine::dates::with_iso_dates(frame).ok()
}

/// The age of the newest value of `column` in what `sink` wrote (read back from its file), or
/// in what it would write when it has not run.
fn newest_record_age(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    sink: &Node,
    column: &str,
) -> Result<Option<(Seconds, &'static str)>, String> {
    let (frame, how) = match written_frame(pipeline, plan, sink) {
        Some(frame) => (frame, "the newest record written is"),
        None => {
            let source = sink
                .input_refs()
                .next()
                .map(|(_, s)| s.clone())
                .ok_or("its input is not connected")?;
            let table = plan
                .table(source.node.as_str(), Some(source.port.as_str()))
                .map_err(|e| e.message)?;
            (table.frame.clone(), "the newest record is")
        }
    };
    let schema = frame
        .clone()
        .collect_schema()
        .map_err(|e| crate::engine::error::polars_message(&e))?;
    let Some(dtype) = schema.get(column) else {
        let hint =
            crate::model::suggest::did_you_mean(column, schema.iter_names().map(|n| n.as_str()));
        return Err(format!("it has no column `{column}`{hint}"));
    };
    if !matches!(dtype, DataType::Date | DataType::Datetime(_, _)) {
        return Err(format!(
            "column `{column}` is {dtype}, not a date or time; cast it first"
        ));
    }
    let newest = frame
        .select([col(column)
            .cast(DataType::Datetime(TimeUnit::Microseconds, None))
            .max()
            .cast(DataType::Int64)
            .alias("newest")])
        .collect_with_engine(Engine::Streaming)
        .map_err(|e| crate::engine::error::polars_message(&e))?
        .unwrap_single();
    let micros = newest
        .column("newest")
        .ok()
        .and_then(|c| c.i64().ok().and_then(|values| values.get(0)));
    let Some(micros) = micros else {
        return Err(format!("column `{column}` has no values"));
    };
    let now = chrono::Utc::now().timestamp_micros();
    let age = Seconds(((now - micros).max(0)) as f64 / 1e6);
    Ok(Some((age, how)))
}

/// How far the file `sink` wrote is behind the files its sources read: nothing when it was
/// written after all of them changed, else the time since it was written.
fn source_lag(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    sink: &Node,
) -> Result<Option<(Seconds, &'static str)>, String> {
    let writes = crate::engine::reach::writes(pipeline, &plan.base_dir);
    let Some(write) = writes.iter().find(|w| w.node == sink.id.as_str()) else {
        return Ok(None);
    };
    let Some(written) = modified(&write.path) else {
        return Ok(None);
    };
    let newest_source = plan
        .files_read_upstream(sink.id.as_str())
        .iter()
        .filter_map(|f| modified(f))
        .max();
    let lag = match newest_source {
        Some(source) if source > written => SystemTime::now()
            .duration_since(written)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0),
        _ => 0.0,
    };
    let how = if lag == 0.0 {
        "written after its sources last changed, so it lags them by"
    } else {
        "its sources changed after it was written; it lags them by up to"
    };
    Ok(Some((Seconds(lag), how)))
}

fn modified(path: &Path) -> Option<SystemTime> {
    let metadata = std::fs::metadata(path).ok()?;
    if metadata.is_dir() {
        // A folder output: its newest file.
        return std::fs::read_dir(path)
            .ok()?
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok()?.modified().ok())
            .max();
    }
    metadata.modified().ok()
}
