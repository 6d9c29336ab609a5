//! A run's crawls recorded in the catalog file beside the pipeline: each planned crawler's
//! crawl applied under its policy and appended to the database's history, atomically.

use std::time::Instant;

use super::NodeError;
use super::kinds::{Role, role};
use super::plan::{NodeOutcome, PipelinePlan};
use super::run::{NodeRunStats, RunError, RunEvent};
use crate::catalog::{now_rfc3339, record_crawl};
use crate::model::catalog::{load_catalog, save_catalog};
use crate::model::{Code, Pipeline};

/// Records the crawl of every crawler in `plan`, in plan order; a report line per crawler.
pub fn record_crawls(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    on_event: &mut dyn FnMut(RunEvent),
) -> Result<Vec<NodeRunStats>, RunError> {
    let mut stats = Vec::new();
    for id in &plan.order {
        let Some(node) = pipeline.node(id) else {
            continue;
        };
        if !matches!(role(node.kind.id), Role::Crawler) {
            continue;
        }
        let failed = |error: NodeError| RunError::NodeFailed {
            node: id.clone(),
            error,
        };
        let Some(NodeOutcome::Ready(outputs)) = plan.outcome(id) else {
            continue;
        };
        let Some(value) = outputs.get("catalog").and_then(|v| v.as_catalog()) else {
            continue;
        };
        on_event(RunEvent::NodeStarted { node: id.clone() });
        let started = Instant::now();
        let Some(path) = plan.catalog_file.as_deref() else {
            return Err(failed(NodeError::new(
                Code::WriteFailed,
                "the pipeline is not saved yet; save it first, so that its catalog has a place beside it",
            )));
        };
        let mut catalog = load_catalog(path)
            .map_err(|e| failed(NodeError::new(Code::BadCatalog, e.to_string())))?;
        let changes = record_crawl(&mut catalog, &value.spec, &value.outcome, &now_rfc3339());
        save_catalog(path, &catalog)
            .map_err(|e| failed(NodeError::new(Code::WriteFailed, e.to_string())))?;
        let tables = value.outcome.tables.len();
        let node_stats = NodeRunStats {
            node: id.clone(),
            kind: node.kind.name,
            rows_in: None,
            rows_out: None,
            elapsed: started.elapsed(),
            note: Some(format!(
                "crawled {} file{} into {tables} table{} ({} change{}); recorded in {}",
                value.outcome.files_listed,
                if value.outcome.files_listed == 1 {
                    ""
                } else {
                    "s"
                },
                if tables == 1 { "" } else { "s" },
                changes.len(),
                if changes.len() == 1 { "" } else { "s" },
                path.display()
            )),
        };
        on_event(RunEvent::NodeFinished(node_stats.clone()));
        stats.push(node_stats);
    }
    Ok(stats)
}
