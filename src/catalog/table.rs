//! A found table written as the catalog records it, and back: a table's stored definition as
//! the schema of the files in its known folders (for crawls of new folders only).

use super::access_log::LogFormat;
use super::classify::{FileSchema, Format};
use super::column::InferredColumn;
use super::glue_type::GlueType;
use super::group::TableFound;
use crate::model::catalog::{CatalogTable, Partition};

/// The catalog's record of a found table.
pub fn catalog_table(found: &TableFound, crawler: &str, now: &str) -> CatalogTable {
    let (delimiter, header, json_format) = match &found.format {
        Format::Delimited { delimiter, header } => {
            (Some(delimiter.to_string()), Some(*header), None)
        }
        Format::Json { ndjson } => (
            None,
            None,
            Some(if *ndjson { "ndjson" } else { "array" }.to_string()),
        ),
        Format::Parquet | Format::Log(_) => (None, None, None),
    };
    CatalogTable {
        location: found.location.clone(),
        classification: found.format.classification().to_string(),
        compression: found.compression.map(str::to_string),
        delimiter,
        header,
        json_format,
        columns: found
            .columns
            .iter()
            .map(InferredColumn::to_catalog)
            .collect(),
        partition_keys: found
            .partition_keys
            .iter()
            .map(InferredColumn::to_catalog)
            .collect(),
        partitions: found
            .partitions
            .iter()
            .map(|(values, location)| Partition {
                values: values.clone(),
                location: location.clone(),
            })
            .collect(),
        row_estimate: found.row_estimate,
        file_count: found.file_count,
        last_crawl: now.to_string(),
        crawler: crawler.to_string(),
        deprecated: false,
    }
}

/// The format of a stored table, as its files were classified.
pub fn table_format(table: &CatalogTable) -> Option<Format> {
    Some(match table.classification.as_str() {
        "parquet" => Format::Parquet,
        "json" => Format::Json {
            ndjson: table.json_format.as_deref() != Some("array"),
        },
        "combined_apache" => Format::Log(LogFormat::Combined),
        "apache" => Format::Log(LogFormat::Common),
        "csv" => Format::Delimited {
            delimiter: table.delimiter.as_deref()?.chars().next()?,
            header: table.header.unwrap_or(true),
        },
        _ => return None,
    })
}

/// The schema of one file of a stored table.
pub fn file_schema_of(table: &CatalogTable) -> Option<FileSchema> {
    let columns = table
        .columns
        .iter()
        .map(|c| {
            Some(InferredColumn {
                name: c.name.clone(),
                glue_type: GlueType::parse(&c.glue_type)?,
                nullable: c.nullable,
                sluice_type: match c.sluice_type.as_deref() {
                    Some("date") => Some("date"),
                    Some("datetime") => Some("datetime"),
                    _ => None,
                },
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(FileSchema {
        format: table_format(table)?,
        compression: match table.compression.as_deref() {
            Some("gzip") => Some("gzip"),
            _ => None,
        },
        columns,
        row_estimate: 0,
    })
}
