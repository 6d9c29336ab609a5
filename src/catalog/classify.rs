//! Classifying one file by its content, not its name, in Glue's built-in order: Avro and ORC
//! (recognised, not read), Parquet (footer), JSON, the Apache access logs, delimited text last;
//! gzip-compressed files are looked into. Anything else, an empty or a corrupt file, is
//! `UNKNOWN` with the reason, and never stops a crawl.

use std::io::{Cursor, Read};

use polars::io::parquet::read::ParquetReader;
use polars::prelude::{DataType, SerReader};

use super::access_log::{LogFormat, classify_log};
use super::column::InferredColumn;
use super::delimited::classify_delimited;
use super::glue_type::GlueType;
use super::json::classify_json;
use super::store::{Listed, Store};

/// Bytes of text a crawler samples: CSV reads the first 1,000 records or 1 MB.
pub const TEXT_SAMPLE_BYTES: u64 = 1 << 20;
/// JSON samples grow in 1 MB steps up to 10 MB until a whole record fits.
pub const JSON_SAMPLE_MAX_BYTES: u64 = 10 << 20;
/// The first read of every file: enough for magic numbers and most small files.
const HEAD_BYTES: u64 = 64 << 10;
/// The last bytes of a Parquet file read at first: most footers fit.
const FOOTER_GUESS_BYTES: u64 = 64 << 10;

/// The format Glue would give a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    Parquet,
    Json { ndjson: bool },
    Log(LogFormat),
    Delimited { delimiter: char, header: bool },
}

impl Format {
    /// Glue's classification word.
    pub fn classification(&self) -> &'static str {
        match self {
            Self::Parquet => "parquet",
            Self::Json { .. } => "json",
            Self::Log(log) => log.classification(),
            Self::Delimited { .. } => "csv",
        }
    }
}

/// A classified file: its format, compression, columns and estimated rows.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSchema {
    pub format: Format,
    pub compression: Option<&'static str>,
    pub columns: Vec<InferredColumn>,
    pub row_estimate: u64,
}

/// What a crawler makes of one file.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Known(FileSchema),
    /// Not classified (`UNKNOWN`), or recognised but not read (`avro`, `orc`), with the reason.
    Unclassified {
        classification: &'static str,
        reason: String,
    },
}

fn unknown(reason: impl Into<String>) -> Verdict {
    Verdict::Unclassified {
        classification: "UNKNOWN",
        reason: reason.into(),
    }
}

/// A file being classified: where it is and its size.
struct FileAt<'a> {
    location: &'a str,
    size_bytes: u64,
}

/// Classifies `object`, reading only the bytes its sample needs.
pub fn classify(store: &dyn Store, object: &Listed) -> Verdict {
    let (head, size_bytes) = match store.read_head(object, HEAD_BYTES) {
        Ok(read) => read,
        Err(error) => return unknown(format!("cannot be read: {error}")),
    };
    if size_bytes == 0 {
        return unknown("the file is empty");
    }
    // The object with its size as the read found it (a local listing does not ask for it).
    let object = &FileAt {
        location: &object.location,
        size_bytes,
    };
    if head.starts_with(b"Obj\x01") {
        return Verdict::Unclassified {
            classification: "avro",
            reason: "Avro is recognised; Sluice does not read it yet".into(),
        };
    }
    if head.starts_with(b"ORC") {
        return Verdict::Unclassified {
            classification: "orc",
            reason: "ORC is recognised; Sluice does not read it yet".into(),
        };
    }
    if head.starts_with(b"PAR1") {
        return parquet(store, object, &head);
    }
    for (magic, name) in [
        (&b"BZh"[..], "bzip2"),
        (&b"\x28\xb5\x2f\xfd"[..], "zstd"),
        (&b"\x04\x22\x4d\x18"[..], "lz4"),
        (&b"PK\x03\x04"[..], "zip"),
    ] {
        if head.starts_with(magic) {
            return unknown(format!(
                "{name}-compressed; Sluice's crawler reads gzip-compressed files only"
            ));
        }
    }
    let gzip = head.starts_with(&[0x1f, 0x8b]);
    let read_text = |limit: u64| -> Result<(Vec<u8>, bool, u64), String> {
        if gzip {
            gunzip_head(store, object, limit)
        } else if head.len() as u64 >= object.size_bytes || limit <= head.len() as u64 {
            let complete = head.len() as u64 >= object.size_bytes;
            let take = head.len().min(usize::try_from(limit).unwrap_or(usize::MAX));
            Ok((
                head[..take].to_vec(),
                complete && take == head.len(),
                take as u64,
            ))
        } else {
            let bytes = store.read_range(object.location, 0, limit.min(object.size_bytes))?;
            let complete = bytes.len() as u64 >= object.size_bytes;
            let read = bytes.len() as u64;
            Ok((bytes, complete, read))
        }
    };
    let compression = gzip.then_some("gzip");
    let (sample, complete, raw_read) = match read_text(TEXT_SAMPLE_BYTES) {
        Ok(read) => read,
        Err(error) => return unknown(format!("cannot be read: {error}")),
    };
    if sample.is_empty() {
        return unknown("the file is empty");
    }
    if sample.contains(&0) {
        return unknown("binary content that is not Parquet, Avro or ORC");
    }
    let text = utf8_prefix(&sample);
    if text.is_empty() {
        return unknown("not text: the first bytes are not UTF-8");
    }
    // Rows over the sampled bytes, scaled to the file's bytes.
    // `whole`: the rows counted are all the file's rows.
    let estimate = |rows: usize, sampled_bytes: usize, whole: bool| -> u64 {
        if whole || sampled_bytes == 0 {
            rows as u64
        } else {
            let scale = object.size_bytes as f64 / raw_read.max(1) as f64;
            let sampled_share = sampled_bytes as f64 / sample.len().max(1) as f64;
            (rows as f64 * scale / sampled_share.max(f64::EPSILON)).round() as u64
        }
    };
    let first = text.trim_start().chars().next();
    if matches!(first, Some('{') | Some('[')) {
        match json_sample(text, complete, &read_text) {
            Ok(Some((schema, sample_complete))) => {
                let rows = if sample_complete {
                    schema.sampled_rows as u64
                } else {
                    estimate(schema.sampled_rows, schema.parsed_bytes, false)
                };
                return Verdict::Known(FileSchema {
                    format: Format::Json {
                        ndjson: schema.ndjson,
                    },
                    compression,
                    columns: schema.columns,
                    row_estimate: rows,
                });
            }
            Ok(None) => {
                return unknown("JSON with no whole record in the first 10 MB");
            }
            Err(error) if first == Some('{') => {
                return unknown(format!("corrupt JSON: {error}"));
            }
            Err(_) => {}
        }
    }
    if let Some((log, lines)) = classify_log(text, complete) {
        return Verdict::Known(FileSchema {
            format: Format::Log(log),
            compression,
            columns: log.columns(),
            row_estimate: estimate(lines, text.len(), complete),
        });
    }
    match classify_delimited(text, complete) {
        Ok(schema) => Verdict::Known(FileSchema {
            format: Format::Delimited {
                delimiter: schema.delimiter,
                header: schema.header,
            },
            compression,
            columns: schema.columns,
            row_estimate: estimate(
                schema.sampled_rows + usize::from(schema.header),
                schema.sampled_bytes,
                complete && !schema.more_records,
            )
            .saturating_sub(u64::from(schema.header)),
        }),
        Err(reason) => unknown(format!(
            "not Parquet, JSON, an access log or delimited text: {reason}"
        )),
    }
}

/// JSON samples in 1 MB steps up to 10 MB, until a whole record fits.
#[allow(clippy::type_complexity)]
fn json_sample(
    text: &str,
    complete: bool,
    read_text: &dyn Fn(u64) -> Result<(Vec<u8>, bool, u64), String>,
) -> Result<Option<(super::json::JsonSchema, bool)>, String> {
    if let Some(schema) = classify_json(text)? {
        return Ok(Some((schema, complete)));
    }
    let mut limit = TEXT_SAMPLE_BYTES;
    let mut complete = complete;
    while !complete && limit < JSON_SAMPLE_MAX_BYTES {
        limit += TEXT_SAMPLE_BYTES;
        let (bytes, whole, _) = read_text(limit)?;
        complete = whole;
        if let Some(schema) = classify_json(utf8_prefix(&bytes))? {
            return Ok(Some((schema, complete)));
        }
    }
    Ok(None)
}

/// The longest prefix of `bytes` that is UTF-8 (a sample may cut a character in two).
fn utf8_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.valid_up_to();
            // An invalid byte early on is not a cut character: the file is not UTF-8.
            if bytes.len() - valid > 4 {
                ""
            } else {
                std::str::from_utf8(&bytes[..valid]).unwrap_or("")
            }
        }
    }
}

/// Up to `limit` bytes of a gzip file's content, reading the compressed file in steps; whether
/// that is all of it; and how many compressed bytes were read.
fn gunzip_head(
    store: &dyn Store,
    object: &FileAt<'_>,
    limit: u64,
) -> Result<(Vec<u8>, bool, u64), String> {
    let mut compressed_read = (limit / 2).max(HEAD_BYTES).min(object.size_bytes);
    loop {
        let raw = store.read_range(object.location, 0, compressed_read)?;
        let whole_file = raw.len() as u64 >= object.size_bytes;
        let mut decoder = flate2::read::MultiGzDecoder::new(Cursor::new(raw));
        let mut out = Vec::new();
        let result = (&mut decoder).take(limit).read_to_end(&mut out);
        match result {
            Ok(_) => {
                let at_end = (out.len() as u64) < limit && whole_file;
                if out.len() as u64 >= limit || whole_file {
                    return Ok((out, at_end, compressed_read));
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof && !whole_file => {
                if out.len() as u64 >= limit / 2 {
                    return Ok((out, false, compressed_read));
                }
            }
            Err(error) => return Err(format!("corrupt gzip: {error}")),
        }
        compressed_read = (compressed_read * 2).min(object.size_bytes);
    }
}

/// A Parquet file from its footer alone: the schema and the row count.
fn parquet(store: &dyn Store, object: &FileAt<'_>, head: &[u8]) -> Verdict {
    match parquet_footer(store, object, head) {
        Ok((columns, rows)) => Verdict::Known(FileSchema {
            format: Format::Parquet,
            compression: None,
            columns,
            row_estimate: rows,
        }),
        Err(error) => unknown(format!("corrupt Parquet: {error}")),
    }
}

fn parquet_footer(
    store: &dyn Store,
    object: &FileAt<'_>,
    head: &[u8],
) -> Result<(Vec<InferredColumn>, u64), String> {
    let size = object.size_bytes;
    if size < 12 {
        return Err("shorter than a Parquet header and footer".into());
    }
    let tail_of = |length: u64| -> Result<Vec<u8>, String> {
        let length = length.min(size);
        if head.len() as u64 >= size {
            Ok(head[(size - length) as usize..].to_vec())
        } else {
            store.read_range(object.location, size - length, length)
        }
    };
    let mut tail = tail_of(FOOTER_GUESS_BYTES)?;
    let trailer = tail.len().checked_sub(8).ok_or("no footer")?;
    if &tail[trailer + 4..] != b"PAR1" {
        return Err("the file does not end with `PAR1`: cut short or not Parquet".into());
    }
    let mut length_bytes = [0u8; 4];
    length_bytes.copy_from_slice(&tail[trailer..trailer + 4]);
    let footer_length = u64::from(u32::from_le_bytes(length_bytes));
    if footer_length + 12 > size {
        return Err(format!(
            "the footer claims {footer_length} bytes, more than the file"
        ));
    }
    if footer_length + 8 > tail.len() as u64 {
        tail = tail_of(footer_length + 8)?;
    }
    // The footer alone, framed as a file of its own: the reader needs nothing else for the
    // schema and the row count.
    let footer_start = tail.len() - (footer_length as usize + 8);
    let mut framed = Vec::with_capacity(footer_length as usize + 12);
    framed.extend_from_slice(b"PAR1");
    framed.extend_from_slice(&tail[footer_start..]);
    let mut reader = ParquetReader::new(Cursor::new(framed));
    let schema = reader.schema().map_err(|e| e.to_string())?;
    let rows = reader.num_rows().map_err(|e| e.to_string())? as u64;
    let columns = schema
        .iter_values()
        .map(|field| {
            let data_type = DataType::from_arrow_field(field);
            InferredColumn::new(
                field.name.to_lowercase(),
                GlueType::from_polars(&data_type),
                field.is_nullable,
            )
        })
        .collect();
    Ok((columns, rows))
}
