//! Sink nodes: CSV and Parquet outputs, optionally Hive-partitioned, written beside the target
//! and renamed into place only when complete.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use polars::prelude::*;

use super::error::NodeError;
use super::params::Params;
use super::paths::{discover, resolve};
use super::staging::{old_copy, remove_abandoned, remove_path, staging_folder};
use crate::model::{Code, Node};

/// The file formats sinks write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkFormat {
    Csv,
    Parquet,
}

/// An error when `format` cannot hold every column of `schema`: CSV has no lists or structs.
pub fn check_columns(format: SinkFormat, schema: &Schema) -> Result<(), NodeError> {
    if format != SinkFormat::Csv {
        return Ok(());
    }
    let nested = schema
        .iter()
        .find(|(_, dtype)| matches!(dtype, DataType::List(_) | DataType::Struct(_)));
    match nested {
        Some((name, dtype)) => Err(NodeError::new(
            Code::BadParameter,
            format!(
                "column `{name}` holds {}, which CSV cannot hold; flatten or explode it before \
                 this node, drop it, or write Parquet",
                super::types::type_name(dtype)
            ),
        )),
        None => Ok(()),
    }
}

/// What a sink wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct SinkOutput {
    pub path: PathBuf,
    pub rows: u64,
}

/// Writes `frame` as sink `node` says, streaming it through Polars, and returns what was written.
pub fn write_sink(
    node: &Node,
    format: SinkFormat,
    frame: LazyFrame,
    base_dir: &Path,
    engine: Engine,
) -> Result<SinkOutput, NodeError> {
    let params = Params::of(node);
    let target = resolve(base_dir, &params.text("path")?);
    let partition_by = params.texts("partition_by")?;
    if params.text("mode")? == "fail_if_exists" && target.exists() {
        return Err(NodeError::param(
            "mode",
            format!(
                "`{}` already exists and mode is fail_if_exists; delete it or choose overwrite",
                target.display()
            ),
        ));
    }
    let is_parquet = format == SinkFormat::Parquet;
    let format = if is_parquet {
        let compression = match params.text("compression")?.as_str() {
            "snappy" => ParquetCompression::Snappy,
            "uncompressed" => ParquetCompression::Uncompressed,
            _ => ParquetCompression::Zstd(None),
        };
        FileWriteFormat::Parquet(Arc::new(ParquetWriteOptions {
            compression,
            ..Default::default()
        }))
    } else {
        let separator = match params.text("delimiter")?.as_bytes() {
            [byte] => *byte,
            _ => {
                return Err(NodeError::param(
                    "delimiter",
                    "the delimiter must be one ASCII character",
                ));
            }
        };
        let serialize_options = SerializeOptions {
            separator,
            ..Default::default()
        };
        FileWriteFormat::Csv(CsvWriterOptions {
            serialize_options: Arc::new(serialize_options),
            ..Default::default()
        })
    };
    let folder = target
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&folder).map_err(|e| {
        NodeError::new(
            Code::WriteFailed,
            format!("cannot create the folder `{}`: {e}", folder.display()),
        )
    })?;
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "output".into());
    // The output is written inside a private staging folder beside the target. If the run fails,
    // removing the folder also removes whatever a still-running writer creates in it.
    remove_abandoned(&folder);
    let staging = staging_folder(&folder, &file_name);
    remove_path(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| {
        NodeError::new(
            Code::WriteFailed,
            format!("cannot create the folder `{}`: {e}", staging.display()),
        )
    })?;
    let partial = staging.join(&file_name);
    let destination = if partition_by.is_empty() {
        SinkDestination::File {
            target: SinkTarget::Path(PlRefPath::new(partial.to_string_lossy().as_ref())),
        }
    } else {
        SinkDestination::Partitioned {
            base_path: PlRefPath::new(partial.to_string_lossy().as_ref()),
            file_path_provider: None,
            partition_strategy: PartitionStrategy::Keyed {
                keys: partition_by.iter().map(|c| col(c.as_str())).collect(),
                include_keys: false,
                keys_pre_grouped: false,
            },
            max_rows_per_file: IdxSize::MAX,
            approximate_bytes_per_file: u64::MAX,
        }
    };
    let args = UnifiedSinkArgs {
        mkdir: false,
        maintain_order: true,
        ..Default::default()
    };
    let written = frame
        .sink(destination, format, args)
        .and_then(|sink| sink.collect_with_engine(engine))
        .map_err(|e| {
            remove_path(&staging);
            NodeError::new(
                Code::WriteFailed,
                format!(
                    "writing `{}` failed: {}",
                    target.display(),
                    super::error::polars_message(&e)
                ),
            )
        });
    written?;
    let replaced = replace(&partial, &target);
    remove_path(&staging);
    replaced?;
    let rows = count_rows(&target, is_parquet, !partition_by.is_empty())?;
    Ok(SinkOutput { path: target, rows })
}

/// Moves the finished output over the target; the old target is removed only afterwards.
fn replace(partial: &Path, target: &Path) -> Result<(), NodeError> {
    let fail = |e: std::io::Error| {
        NodeError::new(
            Code::WriteFailed,
            format!("cannot move the output into `{}`: {e}", target.display()),
        )
    };
    if target.exists() {
        let old = old_copy(target);
        remove_path(&old);
        std::fs::rename(target, &old).map_err(fail)?;
        if let Err(error) = std::fs::rename(partial, target) {
            let _ = std::fs::rename(&old, target);
            return Err(fail(error));
        }
        remove_path(&old);
        Ok(())
    } else {
        std::fs::rename(partial, target).map_err(fail)
    }
}

/// Counts the rows of a written output (Parquet from its footers).
fn count_rows(target: &Path, is_parquet: bool, partitioned: bool) -> Result<u64, NodeError> {
    let files = if partitioned {
        let folder = target.to_string_lossy().to_string();
        discover(Path::new("/"), &folder, &[], false)
            .map(|d| d.files)
            .unwrap_or_default()
    } else {
        vec![target.to_path_buf()]
    };
    let mut rows = 0u64;
    for file in files {
        let path = PlRefPath::new(file.to_string_lossy().as_ref());
        let frame = if is_parquet {
            LazyFrame::scan_parquet(path, ScanArgsParquet::default())
        } else {
            LazyCsvReader::new(path).finish()
        };
        let counted = frame
            .and_then(|f| f.select([len()]).collect())
            .map_err(|e| NodeError::polars("cannot count the rows written", &e))?;
        rows += counted
            .column("len")
            .ok()
            .and_then(|c| c.cast(&DataType::UInt64).ok())
            .and_then(|c| c.u64().ok().and_then(|v| v.get(0)))
            .unwrap_or(0);
    }
    Ok(rows)
}
