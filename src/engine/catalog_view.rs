//! A crawler's catalog shown as a table, one row per crawled table: what its preview lists.

use polars::prelude::*;

use super::error::NodeError;
use super::value::CatalogValue;
use crate::model::catalog::ChangeAction;

/// The tables of `catalog`: name, status (new, changed, deprecated), classification, location,
/// columns, partition keys and counts.
pub fn tables_frame(catalog: &CatalogValue) -> Result<LazyFrame, NodeError> {
    let changes = catalog.latest_changes();
    let mut names = Vec::new();
    let mut statuses = Vec::new();
    let mut classifications = Vec::new();
    let mut locations = Vec::new();
    let mut columns = Vec::new();
    let mut keys = Vec::new();
    let mut partitions = Vec::new();
    let mut rows = Vec::new();
    let mut files = Vec::new();
    for (name, table) in &catalog.database.tables {
        let touched: Vec<_> = changes.iter().filter(|c| c.table() == name).collect();
        let status = if table.deprecated {
            "deprecated"
        } else if touched
            .iter()
            .any(|c| matches!(c, crate::model::catalog::SchemaChange::TableAdded { .. }))
        {
            "new"
        } else if touched
            .iter()
            .any(|c| c.is_schema_change() && c.action() != ChangeAction::Deprecated)
        {
            "schema changed"
        } else if !touched.is_empty() {
            "partitions changed"
        } else {
            "unchanged"
        };
        names.push(name.clone());
        statuses.push(status);
        classifications.push(match &table.compression {
            Some(c) => format!("{} ({c})", table.classification),
            None => table.classification.clone(),
        });
        locations.push(table.location.clone());
        columns.push(
            table
                .columns
                .iter()
                .map(|c| format!("{} {}", c.name, c.glue_type))
                .collect::<Vec<_>>()
                .join(", "),
        );
        keys.push(
            table
                .partition_keys
                .iter()
                .map(|c| format!("{} {}", c.name, c.glue_type))
                .collect::<Vec<_>>()
                .join(", "),
        );
        partitions.push(table.partitions.len() as u64);
        rows.push(table.row_estimate);
        files.push(table.file_count);
    }
    let frame = df!(
        "table" => names,
        "status" => statuses,
        "classification" => classifications,
        "location" => locations,
        "columns" => columns,
        "partition_keys" => keys,
        "partitions" => partitions,
        "row_estimate" => rows,
        "files" => files,
    )
    .map_err(|e| NodeError::polars("listing the catalog", &e))?;
    Ok(frame.lazy())
}
