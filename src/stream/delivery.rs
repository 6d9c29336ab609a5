//! A Firehose-like delivery sink: events are buffered until the buffer holds `buffer_bytes` or
//! its oldest event has waited `buffer_interval` (Firehose: 1-128 MiB and 60-900 s; shorter
//! intervals are allowed for local runs), then written as NDJSON or Parquet files partitioned by
//! event time (`year=/month=/day=/hour=`). Each file is written aside and renamed into place, and
//! closing the sink delivers whatever is buffered: a stop never drops events.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Timelike};
use polars::prelude::*;

use super::INGESTED_COLUMN;
use super::operator::Sink;

/// The files a delivery writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryFormat {
    NdJson,
    Parquet,
}

impl DeliveryFormat {
    fn extension(self) -> &'static str {
        match self {
            Self::NdJson => "ndjson",
            Self::Parquet => "parquet",
        }
    }
}

/// Where and how a delivery writes.
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    pub folder: PathBuf,
    pub format: DeliveryFormat,
    /// The event-time column (microseconds since 1970) that decides each event's partition.
    pub time_column: String,
    pub buffer_bytes: usize,
    pub buffer_interval: Duration,
}

/// The sink.
pub struct Delivery {
    settings: DeliverySettings,
    buffered: Vec<DataFrame>,
    buffered_bytes: usize,
    oldest: Option<Instant>,
    files_written: u64,
    rows_delivered: u64,
}

impl Delivery {
    pub fn new(settings: DeliverySettings) -> Self {
        Self {
            settings,
            buffered: Vec::new(),
            buffered_bytes: 0,
            oldest: None,
            files_written: 0,
            rows_delivered: 0,
        }
    }

    pub fn files_written(&self) -> u64 {
        self.files_written
    }

    pub fn rows_delivered(&self) -> u64 {
        self.rows_delivered
    }

    fn due(&self) -> bool {
        self.buffered_bytes >= self.settings.buffer_bytes
            || self
                .oldest
                .is_some_and(|at| at.elapsed() >= self.settings.buffer_interval)
    }

    /// Writes every buffered event, one file per hour of event time.
    fn flush(&mut self) -> Result<(), String> {
        if self.buffered.is_empty() {
            return Ok(());
        }
        let frames: Vec<LazyFrame> = std::mem::take(&mut self.buffered)
            .into_iter()
            .map(IntoLazy::lazy)
            .collect();
        self.buffered_bytes = 0;
        self.oldest = None;
        let all = concat(frames, UnionArgs::default())
            .and_then(|f| f.collect())
            .map_err(|e| e.to_string())?;
        let times = all
            .column(&self.settings.time_column)
            .and_then(|c| c.cast(&DataType::Int64))
            .and_then(|c| c.i64().cloned())
            .map_err(|e| format!("column `{}`: {e}", self.settings.time_column))?;
        let mut by_hour: BTreeMap<String, Vec<IdxSize>> = BTreeMap::new();
        for (row, time) in times.iter().enumerate() {
            let folder = time
                .and_then(DateTime::from_timestamp_micros)
                .map(|t| {
                    format!(
                        "year={:04}/month={:02}/day={:02}/hour={:02}",
                        t.year(),
                        t.month(),
                        t.day(),
                        t.hour()
                    )
                })
                .unwrap_or_else(|| "unknown_time".to_string());
            by_hour.entry(folder).or_default().push(row as IdxSize);
        }
        for (folder, rows) in by_hour {
            let indices = IdxCa::from_vec("rows".into(), rows);
            let mut part = all
                .take(&indices)
                .map_err(|e| e.to_string())?
                .drop_many([INGESTED_COLUMN]);
            let target_folder = self.settings.folder.join(&folder);
            self.write_file(&target_folder, &mut part)?;
            self.rows_delivered += part.height() as u64;
        }
        Ok(())
    }

    /// `part` written beside its final name, then renamed into place.
    fn write_file(&mut self, folder: &Path, part: &mut DataFrame) -> Result<(), String> {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create `{}`: {e}", folder.display()))?;
        self.files_written += 1;
        let name = format!(
            "part-{}-{:06}.{}",
            std::process::id(),
            self.files_written,
            self.settings.format.extension()
        );
        let target = folder.join(&name);
        let aside = folder.join(format!(".{name}.writing"));
        let file =
            File::create(&aside).map_err(|e| format!("cannot write `{}`: {e}", aside.display()))?;
        let written = match self.settings.format {
            DeliveryFormat::NdJson => JsonWriter::new(file)
                .with_json_format(JsonFormat::JsonLines)
                .finish(part),
            DeliveryFormat::Parquet => ParquetWriter::new(file).finish(part).map(|_| ()),
        };
        written.map_err(|e| format!("cannot write `{}`: {e}", aside.display()))?;
        std::fs::rename(&aside, &target)
            .map_err(|e| format!("cannot move `{}` into place: {e}", target.display()))
    }
}

impl Sink for Delivery {
    fn write(&mut self, batch: &DataFrame) -> Result<(), String> {
        if batch.height() == 0 {
            return Ok(());
        }
        self.buffered_bytes += batch.estimated_size();
        self.oldest.get_or_insert_with(Instant::now);
        self.buffered.push(batch.clone());
        if self.due() { self.flush() } else { Ok(()) }
    }

    fn tick_every(&self) -> Option<Duration> {
        Some(self.settings.buffer_interval)
    }

    fn tick(&mut self) -> Result<(), String> {
        if self.due() { self.flush() } else { Ok(()) }
    }

    fn close(&mut self) -> Result<(), String> {
        self.flush()
    }
}
