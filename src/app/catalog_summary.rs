//! A crawler's catalog in plain data the window keeps: databases, tables with their columns and
//! partitions, which tables the latest crawl changed, and the files it could not classify.

use crate::engine::CatalogValue;
use crate::model::catalog::{CatalogTable, ChangeAction, SchemaChange};

/// One crawled table, as the Catalog panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSummary {
    pub name: String,
    pub table: CatalogTable,
    /// What the latest crawl did to the table, as sentences.
    pub changes: Vec<String>,
    /// The latest crawl made the table.
    pub is_new: bool,
    /// The latest crawl changed its columns.
    pub schema_changed: bool,
}

/// One crawler's catalog database.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogSummary {
    pub crawler: String,
    pub database: String,
    pub tables: Vec<TableSummary>,
    /// Whether the changes are a crawl's still to be recorded (a run records them), or the last
    /// recorded crawl's.
    pub pending: bool,
    /// When the last recorded crawl ran, if any did.
    pub last_crawl: Option<String>,
    /// Files not classified, with their classification and reason.
    pub unclassified: Vec<(String, String, String)>,
}

impl CatalogSummary {
    pub fn of(crawler: &str, value: &CatalogValue) -> Self {
        let changes: &[SchemaChange] = value.latest_changes();
        let tables = value
            .database
            .tables
            .iter()
            .map(|(name, table)| {
                let mine: Vec<&SchemaChange> =
                    changes.iter().filter(|c| c.table() == name).collect();
                TableSummary {
                    name: name.clone(),
                    table: table.clone(),
                    changes: mine.iter().map(|c| c.to_string()).collect(),
                    is_new: mine
                        .iter()
                        .any(|c| matches!(c, SchemaChange::TableAdded { .. })),
                    schema_changed: mine
                        .iter()
                        .any(|c| c.is_schema_change() && c.action() != ChangeAction::Deprecated),
                }
            })
            .collect();
        Self {
            crawler: crawler.to_string(),
            database: value.spec.database.clone(),
            tables,
            pending: !value.pending.is_empty(),
            last_crawl: value.last_recorded.as_ref().map(|r| r.time.clone()),
            unclassified: value
                .outcome
                .unclassified
                .iter()
                .map(|u| {
                    (
                        u.location.clone(),
                        u.classification.to_string(),
                        u.reason.clone(),
                    )
                })
                .collect(),
        }
    }
}
