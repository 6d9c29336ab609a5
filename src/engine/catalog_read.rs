//! Planning a catalog source: the table its catalog names, the partitions its predicate keeps
//! (decided on the partition values alone, before any file is read), and a scan of the kept
//! files read as the crawler classified them, with the catalog's column types.

use std::io::{Cursor, Read};
use std::path::Path;

use polars::io::parquet::read::ParquetReader;
use polars::prelude::*;

use super::error::NodeError;
use super::params::Params;
use super::plan::Notice;
use super::value::CatalogValue;
use crate::catalog::{AnyStore, Store, file_schema_of};
use crate::catalog::{Format, GlueType, LogFormat, parse_log_line};
use crate::model::catalog::CatalogTable;
use crate::model::suggest::did_you_mean;
use crate::model::{Code, Node};

/// The catalog source's table, scanned: the frame and the notices for the node.
pub fn plan_catalog_source(
    node: &Node,
    catalog: &CatalogValue,
    base_dir: &Path,
) -> Result<(LazyFrame, Vec<Notice>), NodeError> {
    let params = Params::of(node);
    let name = params.text("table")?;
    let database = &catalog.spec.database;
    let Some(table) = catalog.database.tables.get(&name) else {
        let hint = did_you_mean(&name, catalog.database.tables.keys().map(String::as_str));
        let known = if catalog.database.tables.is_empty() {
            "; the crawl found no tables".to_string()
        } else {
            String::new()
        };
        return Err(NodeError::new(
            Code::UnknownTable,
            format!("table `{name}` not in database `{database}`{hint}{known}"),
        )
        .with_param("table"));
    };
    let mut notices = Vec::new();
    if table.deprecated {
        notices.push(Notice::warning(
            Code::SchemaChange,
            format!("table `{name}` is deprecated: the last crawl did not find it"),
            Some("table"),
        ));
    }
    for change in catalog
        .latest_changes()
        .iter()
        .filter(|c| c.table() == name && c.is_schema_change())
    {
        notices.push(Notice::warning(
            Code::SchemaChange,
            format!("the catalog changed: {change}"),
            Some("table"),
        ));
    }
    let predicate = params
        .optional_text("partition_predicate")?
        .filter(|p| !p.trim().is_empty());
    let kept = kept_partitions(table, predicate.as_deref())?;
    let files: Vec<&String> = catalog
        .outcome
        .table_files
        .get(&name)
        .map(|files| files.iter().collect())
        .unwrap_or_default();
    // One store for the table's files: an S3 client, if one is needed, is made once.
    let store = AnyStore::new(base_dir);
    let mut frames = Vec::new();
    for file in files {
        let partition = match &kept {
            None => None,
            Some(kept) => {
                let Some(index) = partition_of(table, file) else {
                    continue;
                };
                if !kept.contains(&index) {
                    continue;
                }
                Some(index)
            }
        };
        let partition = partition.or_else(|| partition_of(table, file));
        frames.push(read_file(
            &store,
            table,
            file,
            &resolve(base_dir, file),
            partition,
        )?);
    }
    if frames.is_empty() {
        // No file is kept: an empty table of the catalog's columns.
        return Ok((
            DataFrame::empty_with_schema(&table_schema(table)).lazy(),
            notices,
        ));
    }
    let args = UnionArgs {
        diagonal: true,
        to_supertypes: true,
        rechunk: false,
        ..Default::default()
    };
    let frame =
        concat(frames, args).map_err(|e| NodeError::polars("cannot combine the files", &e))?;
    Ok((frame, notices))
}

/// The schema the catalog gives the table: its columns, then its partition keys.
fn table_schema(table: &CatalogTable) -> Schema {
    table
        .columns
        .iter()
        .chain(&table.partition_keys)
        .map(|c| {
            let data_type =
                GlueType::parse(&c.glue_type).map_or(DataType::String, |t| t.to_polars());
            Field::new(c.name.as_str().into(), data_type)
        })
        .collect()
}

/// The index of the partition whose folder holds `file`.
fn partition_of(table: &CatalogTable, file: &str) -> Option<usize> {
    table.partitions.iter().position(|p| {
        let folder = p.location.trim_end_matches('/');
        file.strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('\\'))
    })
}

/// The partitions `predicate` keeps, evaluated on a frame of partition values (typed as the
/// partition keys are); `None` when every partition is read.
fn kept_partitions(
    table: &CatalogTable,
    predicate: Option<&str>,
) -> Result<Option<Vec<usize>>, NodeError> {
    let Some(predicate) = predicate else {
        return Ok(None);
    };
    if table.partition_keys.is_empty() {
        return Err(NodeError::param(
            "partition_predicate",
            "the table has no partition keys, so there is nothing to prune; use a filter node instead",
        ));
    }
    let mut columns = Vec::new();
    for (level, key) in table.partition_keys.iter().enumerate() {
        let values: Vec<&str> = table
            .partitions
            .iter()
            .map(|p| p.values[level].as_str())
            .collect();
        let series = Series::new(key.name.as_str().into(), values);
        let data_type = GlueType::parse(&key.glue_type).map_or(DataType::String, |t| t.to_polars());
        let series = series
            .cast(&data_type)
            .map_err(|e| NodeError::polars("partition values", &e))?;
        columns.push(series.into());
    }
    columns.push(
        Series::new(
            "__partition".into(),
            (0..table.partitions.len() as u32).collect::<Vec<u32>>(),
        )
        .into(),
    );
    let frame = DataFrame::new_infer_height(columns)
        .map_err(|e| NodeError::polars("partition values", &e))?;
    let keys: Vec<&str> = table
        .partition_keys
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    let expr = polars::sql::sql_expr(predicate).map_err(|e| {
        NodeError::param(
            "partition_predicate",
            format!(
                "`{predicate}` is not a SQL condition: {}",
                super::error::polars_message(&e)
            ),
        )
    })?;
    let kept = frame
        .lazy()
        .filter(expr)
        .select([col("__partition")])
        .collect()
        .map_err(|e| {
            NodeError::param(
                "partition_predicate",
                format!(
                    "`{predicate}` cannot be applied to the partitions ({}); it may name only the partition keys: {}",
                    super::error::polars_message(&e),
                    keys.join(", ")
                ),
            )
        })?;
    let indices = kept
        .column("__partition")
        .and_then(|c| c.u32().cloned())
        .map_err(|e| NodeError::polars("partition values", &e))?;
    Ok(Some(indices.iter().flatten().map(|i| i as usize).collect()))
}

fn read_error(file: &str, message: impl std::fmt::Display) -> NodeError {
    NodeError::new(Code::ReadFailed, format!("cannot read `{file}`: {message}"))
}

/// The whole content of a file, gunzipped when the table is gzip-compressed.
fn file_bytes(
    store: &AnyStore,
    table: &CatalogTable,
    file: &str,
    path: &Path,
) -> Result<Vec<u8>, NodeError> {
    let raw = if file.starts_with("s3://") {
        // A table in S3: the object is fetched whole (previews and local runs of lake samples).
        store
            .read_range(file, 0, u64::MAX / 2)
            .map_err(|e| read_error(file, e))?
    } else {
        std::fs::read(path).map_err(|e| read_error(file, e))?
    };
    if table.compression.as_deref() == Some("gzip") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(Cursor::new(raw))
            .read_to_end(&mut out)
            .map_err(|e| read_error(file, format!("corrupt gzip: {e}")))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// A catalog location on this machine: relative ones are inside the pipeline's folder.
fn resolve(base_dir: &Path, location: &str) -> std::path::PathBuf {
    let path = Path::new(location);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base_dir.join(path)
    }
}

/// One file (`file` as the catalog names it, at `path`) as its table's columns, typed as the
/// catalog says, with its partition values.
fn read_file(
    store: &AnyStore,
    table: &CatalogTable,
    file: &str,
    path: &Path,
    partition: Option<usize>,
) -> Result<LazyFrame, NodeError> {
    let schema = file_schema_of(table).ok_or_else(|| {
        NodeError::new(
            Code::BadCatalog,
            format!(
                "the catalog's record of `{file}`'s table cannot be read (classification `{}`)",
                table.classification
            ),
        )
    })?;
    let raw = match schema.format {
        Format::Parquet if file.starts_with("s3://") => {
            let bytes = file_bytes(store, table, file, path)?;
            ParquetReader::new(Cursor::new(bytes))
                .finish()
                .map_err(|e| read_error(file, super::error::polars_message(&e)))?
                .lazy()
        }
        Format::Parquet => LazyFrame::scan_parquet(
            PlRefPath::new(path.to_string_lossy().as_ref()),
            ScanArgsParquet::default(),
        )
        .map_err(|e| read_error(file, super::error::polars_message(&e)))?,
        Format::Delimited { delimiter, header } => {
            let bytes = file_bytes(store, table, file, path)?;
            let separator = u8::try_from(delimiter).unwrap_or(b',');
            let frame = CsvReadOptions::default()
                .with_has_header(header)
                .with_infer_schema_length(Some(0))
                .map_parse_options(|o| o.with_separator(separator))
                .into_reader_with_file_handle(Cursor::new(bytes))
                .finish()
                .map_err(|e| read_error(file, super::error::polars_message(&e)))?;
            let names: Vec<String> = if header {
                frame
                    .get_column_names()
                    .iter()
                    .map(|n| n.to_lowercase())
                    .collect()
            } else {
                (1..=frame.width()).map(|i| format!("col{i}")).collect()
            };
            let mut frame = frame;
            frame
                .set_column_names(&names)
                .map_err(|e| read_error(file, super::error::polars_message(&e)))?;
            frame.lazy()
        }
        Format::Json { ndjson } => {
            let bytes = file_bytes(store, table, file, path)?;
            let format = if ndjson {
                JsonFormat::JsonLines
            } else {
                JsonFormat::Json
            };
            let frame = JsonReader::new(Cursor::new(bytes))
                .with_json_format(format)
                .finish()
                .map_err(|e| read_error(file, super::error::polars_message(&e)))?;
            let names: Vec<String> = frame
                .get_column_names()
                .iter()
                .map(|n| n.to_lowercase())
                .collect();
            let mut frame = frame;
            frame
                .set_column_names(&names)
                .map_err(|e| read_error(file, super::error::polars_message(&e)))?;
            frame.lazy()
        }
        Format::Log(format) => read_log(store, table, file, path, format)?,
    };
    let mut present = raw.clone();
    let file_schema = present
        .collect_schema()
        .map_err(|e| read_error(file, super::error::polars_message(&e)))?;
    let mut columns: Vec<Expr> = Vec::new();
    for column in &schema.columns {
        let wanted = column.glue_type.to_polars();
        let expr = if file_schema.contains(&column.name) {
            typed(
                col(column.name.as_str()),
                &file_schema,
                &column.name,
                &wanted,
            )
        } else {
            lit(NULL).cast(wanted)
        };
        columns.push(expr.alias(column.name.as_str()));
    }
    if let Some(index) = partition {
        for (level, key) in table.partition_keys.iter().enumerate() {
            let value = table.partitions[index].values[level].as_str();
            let key_type =
                GlueType::parse(&key.glue_type).map_or(DataType::String, |t| t.to_polars());
            columns.push(lit(value).strict_cast(key_type).alias(key.name.as_str()));
        }
    }
    Ok(raw.select(columns))
}

/// A column cast to the catalog's type: text to numbers leniently (a bad value is null, as
/// Spark reads it), text booleans by their words; nested values as the file has them.
fn typed(expr: Expr, file_schema: &Schema, name: &str, wanted: &DataType) -> Expr {
    let found = file_schema.get(name);
    match (found, wanted) {
        (Some(found), wanted) if found == wanted => expr,
        (Some(DataType::String), DataType::Boolean) => {
            let lower = expr.str().to_lowercase();
            when(lower.clone().eq(lit("true")))
                .then(lit(true))
                .when(lower.eq(lit("false")))
                .then(lit(false))
                .otherwise(lit(NULL).cast(DataType::Boolean))
        }
        (_, DataType::List(_) | DataType::Struct(_)) => expr,
        (_, wanted) => expr.cast(wanted.clone()),
    }
}

/// An access log as a frame of its grok fields, `response` and `bytes` as numbers.
fn read_log(
    store: &AnyStore,
    table: &CatalogTable,
    file: &str,
    path: &Path,
    format: LogFormat,
) -> Result<LazyFrame, NodeError> {
    let bytes = file_bytes(store, table, file, path)?;
    let text = String::from_utf8_lossy(&bytes);
    let columns = format.columns();
    let mut values: Vec<Vec<Option<String>>> = vec![Vec::new(); columns.len()];
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((_, fields)) = parse_log_line(line) else {
            return Err(read_error(
                file,
                format!("line {} is not an access-log line: {line:.80}", number + 1),
            ));
        };
        for (index, slot) in values.iter_mut().enumerate() {
            slot.push(fields.get(index).cloned().flatten());
        }
    }
    let series: Vec<Column> = columns
        .iter()
        .zip(values)
        .map(|(column, values)| Series::new(column.name.as_str().into(), values).into())
        .collect();
    DataFrame::new_infer_height(series)
        .map(IntoLazy::lazy)
        .map_err(|e| read_error(file, super::error::polars_message(&e)))
}
