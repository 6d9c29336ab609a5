//! Planning a crawler node: its parameters as a crawl, the crawl of its targets, and the catalog
//! database the crawl leaves under its policy; schema changes and unclassified files become
//! notices on the node.

use std::path::Path;
use std::sync::Arc;

use super::error::NodeError;
use super::params::Params;
use super::plan::Notice;
use super::value::{CatalogValue, NodeOutputs, PortValue};
use crate::catalog::{
    AnyStore, ChangePolicy, CrawlSpec, DeleteBehavior, Grouping, UpdateBehavior, crawl,
    crawled_database, now_rfc3339,
};
use crate::model::catalog::{Catalog, load_catalog};
use crate::model::{Code, Node};

/// How many changes a node lists before it says how many more there are.
const CHANGES_LISTED: usize = 8;

/// A crawler node's parameters as a crawl.
pub fn crawl_spec(node: &Node) -> Result<CrawlSpec, NodeError> {
    let params = Params::of(node);
    let optional_int = |name: &'static str| -> Result<Option<usize>, NodeError> {
        match node.param(name) {
            None => Ok(None),
            Some(_) => Ok(usize::try_from(params.int(name)?).ok()),
        }
    };
    let targets = params.texts("targets")?;
    if targets.is_empty() {
        return Err(NodeError::param(
            "targets",
            "the crawler has no targets; add a folder, a glob or an s3:// prefix",
        ));
    }
    Ok(CrawlSpec {
        crawler: node.id.to_string(),
        targets,
        exclusions: params.texts("exclusions")?,
        database: params.text("database")?,
        table_prefix: params.optional_text("table_prefix")?.unwrap_or_default(),
        grouping: Grouping {
            combine_compatible_schemas: params.flag("combine_compatible_schemas")?,
            table_level: optional_int("table_level")?,
        },
        policy: ChangePolicy {
            update: match params.text("update_behavior")?.as_str() {
                "log" => UpdateBehavior::Log,
                _ => UpdateBehavior::UpdateInDatabase,
            },
            delete: match params.text("delete_behavior")?.as_str() {
                "delete_from_database" => DeleteBehavior::DeleteFromDatabase,
                "log" => DeleteBehavior::Log,
                _ => DeleteBehavior::DeprecateInDatabase,
            },
            merge_new_columns: params.flag("merge_new_columns")?,
            new_folders_only: params.text("recrawl")? == "crawl_new_folders_only",
        },
        sample_size: optional_int("sample_size")?,
    })
}

/// The catalog file's content, or an empty catalog when there is no file (an untitled
/// pipeline, or no crawl recorded yet).
pub fn stored_catalog(catalog_file: Option<&Path>) -> Result<Catalog, NodeError> {
    match catalog_file {
        Some(path) => {
            load_catalog(path).map_err(|e| NodeError::new(Code::BadCatalog, e.to_string()))
        }
        None => Ok(Catalog::default()),
    }
}

/// Checks a deploy schedule the way AWS reads it: `cron(` six fields `)`.
fn check_schedule(text: &str) -> Result<(), NodeError> {
    let fields = text
        .trim()
        .strip_prefix("cron(")
        .and_then(|rest| rest.strip_suffix(')'))
        .map(|inner| inner.split_whitespace().count());
    match fields {
        Some(6) => Ok(()),
        _ => Err(NodeError::new(
            Code::BadSchedule,
            format!(
                "schedule `{text}` is not an AWS cron expression: write cron(minutes hours \
                 day-of-month month day-of-week year), such as cron(0 * * * ? *)"
            ),
        )
        .with_param("schedule")),
    }
}

/// Crawls a crawler node's targets and returns its catalog output with its notices.
pub fn plan_crawler(
    node: &Node,
    base_dir: &Path,
    catalog_file: Option<&Path>,
) -> Result<(NodeOutputs, Vec<Notice>), NodeError> {
    let spec = crawl_spec(node)?;
    if let Some(schedule) = Params::of(node).optional_text("schedule")?
        && !schedule.trim().is_empty()
    {
        check_schedule(&schedule)?;
    }
    let stored = stored_catalog(catalog_file)?;
    let store = AnyStore::new(base_dir);
    let known = stored.databases.get(&spec.database);
    let outcome = crawl(&spec, &store, known, &now_rfc3339());
    if !outcome.target_errors.is_empty() && outcome.target_errors.len() == spec.targets.len() {
        let reasons: Vec<String> = outcome
            .target_errors
            .iter()
            .map(|(_, reason)| reason.clone())
            .collect();
        return Err(NodeError::new(
            Code::CrawlTarget,
            format!("nothing to crawl: {}", reasons.join("; ")),
        )
        .with_param("targets"));
    }
    let mut notices = Vec::new();
    for (target, reason) in &outcome.target_errors {
        notices.push(Notice::warning(
            Code::CrawlTarget,
            format!("target `{target}` was not crawled: {reason}"),
            Some("targets"),
        ));
    }
    if !outcome.unclassified.is_empty() {
        let listed: Vec<String> = outcome
            .unclassified
            .iter()
            .take(3)
            .map(|u| {
                format!(
                    "`{}` ({}: {})",
                    short(&u.location, base_dir),
                    u.classification,
                    u.reason
                )
            })
            .collect();
        let more = outcome.unclassified.len().saturating_sub(3);
        notices.push(Notice::info(
            Code::UnclassifiedFile,
            format!(
                "{} file{} not classified: {}{}",
                outcome.unclassified.len(),
                if outcome.unclassified.len() == 1 {
                    ""
                } else {
                    "s"
                },
                listed.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
            None,
        ));
    }
    let (database, pending) = crawled_database(&stored, &spec, &outcome);
    let last_recorded = database
        .history
        .iter()
        .rev()
        .find(|record| record.crawler == spec.crawler)
        .cloned()
        .map(Arc::new);
    let value = CatalogValue {
        spec: Arc::new(spec),
        database: Arc::new(database),
        pending: Arc::new(pending),
        last_recorded,
        outcome: Arc::new(outcome),
    };
    notices.extend(change_notices(&value));
    let outputs = NodeOutputs::new(vec![("catalog".to_string(), PortValue::Catalog(value))]);
    Ok((outputs, notices))
}

/// The schema changes a crawler's node shows: those a crawl now makes (a run records them), or
/// else those the last recorded crawl made.
fn change_notices(value: &CatalogValue) -> Vec<Notice> {
    let pending = !value.pending.is_empty();
    let changes = value.latest_changes();
    if changes.is_empty() {
        return Vec::new();
    }
    let lead = if pending {
        "a crawl now".to_string()
    } else {
        let time = value
            .last_recorded
            .as_ref()
            .map(|r| r.time.clone())
            .unwrap_or_default();
        format!("the last crawl ({time})")
    };
    let mut notices: Vec<Notice> = changes
        .iter()
        .take(CHANGES_LISTED)
        .map(|change| {
            let message = format!("{lead}: {change}");
            if change.is_schema_change() {
                Notice::warning(Code::SchemaChange, message, None)
            } else {
                Notice::info(Code::SchemaChange, message, None)
            }
        })
        .collect();
    if changes.len() > CHANGES_LISTED {
        notices.push(Notice::info(
            Code::SchemaChange,
            format!(
                "{lead}: and {} more changes",
                changes.len() - CHANGES_LISTED
            ),
            None,
        ));
    }
    notices
}

/// A location as the pipeline would write it: relative to its folder when inside it.
pub fn short(location: &str, base_dir: &Path) -> String {
    Path::new(location)
        .strip_prefix(base_dir)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| location.to_string())
}
