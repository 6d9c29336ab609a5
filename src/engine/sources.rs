//! Source nodes: CSV, Parquet and JSON files turned into lazy scans, partition keys included.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::error::NodeError;
use super::params::Params;
use super::paths::{Discovered, discover};
use crate::model::{Code, Node, PathAccess};

/// The file formats source nodes read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Csv,
    Parquet,
    Json,
}

impl SourceFormat {
    /// The file name endings a folder's files must have to be read.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Csv => &[".csv", ".tsv", ".txt", ".csv.gz"],
            Self::Parquet => &[".parquet", ".pq"],
            Self::Json => &[".json", ".ndjson", ".jsonl"],
        }
    }
}

/// The parameter that names what a source reads: the kind's one read path.
fn path_param(node: &Node) -> Result<&'static str, NodeError> {
    node.kind
        .path_params()
        .find(|(_, access)| *access == PathAccess::Read)
        .map(|(spec, _)| spec.name)
        .ok_or_else(|| {
            NodeError::new(
                Code::BadParameter,
                format!("`{}` declares no path to read", node.kind.name),
            )
        })
}

/// The files source `node` reads: one file, a glob's matches, or a folder's data files with
/// their partition values.
pub fn discover_files(
    format: SourceFormat,
    node: &Node,
    base_dir: &Path,
) -> Result<Discovered, NodeError> {
    let params = Params::of(node);
    let path = params.text(path_param(node)?)?;
    discover(
        base_dir,
        &path,
        format.extensions(),
        params.flag("hive_partitioning")?,
    )
}

/// A lazy scan of the files `found`, as source `node` says to read them.
pub fn scan(format: SourceFormat, node: &Node, found: &Discovered) -> Result<LazyFrame, NodeError> {
    let frame = scan_files(format, node, found)?;
    let parse_dates = match format {
        SourceFormat::Csv | SourceFormat::Json => Params::of(node).flag("parse_dates")?,
        // Parquet keeps its own types.
        SourceFormat::Parquet => false,
    };
    if !parse_dates {
        return Ok(frame);
    }
    super::dates::with_iso_dates(frame).map_err(|e| {
        let file = found
            .files
            .first()
            .map(PathBuf::as_path)
            .unwrap_or(Path::new(""));
        read_error(file, &e)
    })
}

/// The scan of every file, stacked.
fn scan_files(
    format: SourceFormat,
    node: &Node,
    found: &Discovered,
) -> Result<LazyFrame, NodeError> {
    match format {
        SourceFormat::Csv => csv_scan(node, found),
        SourceFormat::Parquet => combine(found, |file| {
            let args = ScanArgsParquet::default();
            LazyFrame::scan_parquet(PlRefPath::new(file.to_string_lossy().as_ref()), args)
                .map_err(|e| read_error(file, &e))
        }),
        SourceFormat::Json => json_scan(node, found),
    }
}

fn csv_scan(node: &Node, found: &Discovered) -> Result<LazyFrame, NodeError> {
    let params = Params::of(node);
    let delimiter = single_byte(&params.text("delimiter")?, "delimiter")?;
    let quote = single_byte(&params.text("quote_char")?, "quote_char")?;
    let header = params.flag("header")?;
    let skip_rows = usize::try_from(params.int("skip_rows")?).unwrap_or(0);
    let infer_rows = usize::try_from(params.int("infer_schema_rows")?).unwrap_or(1000);
    let null_values = params.texts("null_values")?;
    let latin1 = params.text("encoding")? == "latin-1";
    let scan = |file: &Path| -> Result<LazyFrame, NodeError> {
        let file = if latin1 {
            transcoded_latin1(file)?
        } else {
            file.to_path_buf()
        };
        let mut reader = LazyCsvReader::new(PlRefPath::new(file.to_string_lossy().as_ref()))
            .with_separator(delimiter)
            .with_quote_char(Some(quote))
            .with_has_header(header)
            .with_skip_rows(skip_rows)
            .with_infer_schema_length(Some(infer_rows))
            .with_missing_is_null(true);
        if !null_values.is_empty() {
            let markers = null_values
                .iter()
                .map(|v| PlSmallStr::from(v.as_str()))
                .collect();
            reader = reader.with_null_values(Some(NullValues::AllColumns(markers)));
        }
        with_known_schema(reader.clone().finish(), |schema| {
            reader.with_schema(Some(schema)).finish()
        })
        .map_err(|e| read_error(&file, &e))
    };
    combine(found, scan)
}

/// A scan of JSON files: NDJSON lazily, a JSON array read whole.
fn json_scan(node: &Node, found: &Discovered) -> Result<LazyFrame, NodeError> {
    let params = Params::of(node);
    let format = params.text("format")?;
    combine(found, |file| {
        let ndjson = match format.as_str() {
            "ndjson" => true,
            "array" => false,
            _ => sniff_ndjson(file)?,
        };
        if ndjson {
            let reader = LazyJsonLineReader::new(PlRefPath::new(file.to_string_lossy().as_ref()));
            with_known_schema(reader.clone().finish(), |schema| {
                reader.with_schema(Some(schema)).finish()
            })
            .map_err(|e| read_error(file, &e))
        } else {
            let handle = File::open(file).map_err(|e| io_error(file, &e))?;
            JsonReader::new(handle)
                .with_json_format(JsonFormat::Json)
                .finish()
                .map(IntoLazy::lazy)
                .map_err(|e| read_error(file, &e))
        }
    })
}

/// A scan whose schema is inferred once, here: the frame is rebuilt with the inferred schema
/// given, so later queries on it (previews, runs) do not read the file's first rows again to
/// infer the same types.
fn with_known_schema(
    inferring: PolarsResult<LazyFrame>,
    rebuild: impl FnOnce(SchemaRef) -> PolarsResult<LazyFrame>,
) -> PolarsResult<LazyFrame> {
    let schema = inferring?.collect_schema()?;
    rebuild(schema)
}

/// One scan per file with its partition values as literal columns, stacked by column name.
fn combine(
    found: &Discovered,
    scan: impl Fn(&Path) -> Result<LazyFrame, NodeError>,
) -> Result<LazyFrame, NodeError> {
    let key_types: Vec<DataType> = (0..found.partition_keys.len())
        .map(|key| {
            let all_whole = found
                .partition_values
                .iter()
                .all(|values| values[key].parse::<i64>().is_ok());
            if all_whole {
                DataType::Int64
            } else {
                DataType::String
            }
        })
        .collect();
    let mut frames = Vec::with_capacity(found.files.len());
    for (index, file) in found.files.iter().enumerate() {
        let mut frame = scan(file)?;
        // Reading each file's schema here ties a broken file's error to its name.
        frame.collect_schema().map_err(|e| read_error(file, &e))?;
        if !found.partition_keys.is_empty() {
            let columns: Vec<Expr> = found
                .partition_keys
                .iter()
                .zip(&found.partition_values[index])
                .zip(&key_types)
                .map(|((key, value), key_type)| {
                    let value = match key_type {
                        DataType::Int64 => {
                            lit(value.parse::<i64>().unwrap_or_default()).cast(DataType::Int64)
                        }
                        _ => lit(value.as_str()),
                    };
                    value.alias(key.as_str())
                })
                .collect();
            frame = frame.with_columns(columns);
        }
        frames.push(frame);
    }
    if frames.len() == 1 {
        return frames
            .pop()
            .ok_or_else(|| NodeError::new(Code::NoFiles, "no files"));
    }
    let args = UnionArgs {
        diagonal: true,
        to_supertypes: true,
        rechunk: false,
        ..Default::default()
    };
    concat(frames, args).map_err(|e| NodeError::polars("cannot combine the files", &e))
}

fn single_byte(text: &str, param: &'static str) -> Result<u8, NodeError> {
    match text.as_bytes() {
        [byte] => Ok(*byte),
        _ => Err(NodeError::param(
            param,
            format!("`{param}` must be one ASCII character, not `{text}`"),
        )),
    }
}

fn read_error(file: &Path, error: &PolarsError) -> NodeError {
    NodeError::new(
        Code::ReadFailed,
        format!(
            "cannot read `{}`: {}",
            file.display(),
            super::error::polars_message(error)
        ),
    )
    .with_param("path")
}

fn io_error(file: &Path, error: &std::io::Error) -> NodeError {
    NodeError::new(
        Code::ReadFailed,
        format!("cannot read `{}`: {error}", file.display()),
    )
    .with_param("path")
}

/// Whether a JSON file holds one object per line rather than an array.
fn sniff_ndjson(file: &Path) -> Result<bool, NodeError> {
    let lower = file.to_string_lossy().to_ascii_lowercase();
    if lower.ends_with(".ndjson") || lower.ends_with(".jsonl") {
        return Ok(true);
    }
    let mut head = [0u8; 512];
    let read = File::open(file)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| io_error(file, &e))?;
    let first = head[..read].iter().find(|b| !b.is_ascii_whitespace());
    Ok(first != Some(&b'['))
}

/// A UTF-8 copy of a Latin-1 file, made once and kept in a cache keyed by path, size and time.
fn transcoded_latin1(file: &Path) -> Result<PathBuf, NodeError> {
    use std::hash::{Hash, Hasher};
    let metadata = std::fs::metadata(file).map_err(|e| io_error(file, &e))?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    file.hash(&mut hasher);
    metadata.len().hash(&mut hasher);
    metadata.modified().ok().hash(&mut hasher);
    let folder = std::env::temp_dir().join("sluice-transcoded");
    let target = folder.join(format!("{:016x}.csv", hasher.finish()));
    if target.is_file() {
        return Ok(target);
    }
    let convert = || -> std::io::Result<()> {
        std::fs::create_dir_all(&folder)?;
        let partial = folder.join(format!(
            "{:016x}.{}.part",
            hasher.finish(),
            std::process::id()
        ));
        let mut reader = BufReader::new(File::open(file)?);
        let mut writer = BufWriter::new(File::create(&partial)?);
        let mut buffer = vec![0u8; 1 << 16];
        let mut text = String::with_capacity(1 << 17);
        loop {
            let read = reader.read(&mut buffer)?;
            if read == 0 {
                break;
            }
            text.clear();
            // Latin-1 maps each byte to the code point of the same value.
            text.extend(buffer[..read].iter().map(|&b| char::from(b)));
            writer.write_all(text.as_bytes())?;
        }
        writer.flush()?;
        drop(writer);
        std::fs::rename(&partial, &target)
    };
    convert().map_err(|e| {
        NodeError::new(
            Code::ReadFailed,
            format!("cannot convert `{}` from Latin-1: {e}", file.display()),
        )
    })?;
    Ok(target)
}
