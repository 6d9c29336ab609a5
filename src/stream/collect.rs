//! Sinks that keep what reaches them for the batch side: `Collect` keeps every event (a bounded
//! stream into a table), `Serve` keeps the latest answer per key and counts every answer, with
//! an optional log of them all.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use polars::prelude::*;

use super::INGESTED_COLUMN;
use super::operator::{Counters, Sink};

/// Frames shared between a sink and whoever reads them after the run.
pub type Collected = Arc<Mutex<Vec<DataFrame>>>;

/// Keeps every event.
pub struct Collect {
    frames: Collected,
}

impl Collect {
    pub fn new(frames: Collected) -> Self {
        Self { frames }
    }
}

/// The frames as one, without the ingestion column; `schema` when nothing came.
pub fn collected_frame(frames: &Collected, schema: &Schema) -> Result<DataFrame, String> {
    let frames = frames
        .lock()
        .map_err(|_| "the collected events were lost")?;
    if frames.is_empty() {
        return Ok(DataFrame::empty_with_schema(schema));
    }
    let lazy: Vec<LazyFrame> = frames.iter().cloned().map(IntoLazy::lazy).collect();
    let all = concat(lazy, UnionArgs::default())
        .and_then(LazyFrame::collect)
        .map_err(|e| e.to_string())?;
    Ok(all.drop_many([INGESTED_COLUMN]))
}

impl Sink for Collect {
    fn write(&mut self, batch: &DataFrame) -> Result<(), String> {
        self.frames
            .lock()
            .map_err(|_| "the collected events were lost".to_string())?
            .push(batch.clone());
        Ok(())
    }
}

/// Rows kept before the latest answers are compacted to one per key.
const COMPACT_ROWS: usize = 65_536;

/// Keeps the latest answer per key.
pub struct Serve {
    key: String,
    latest: Vec<DataFrame>,
    pending_rows: usize,
    answers: u64,
    log: Option<(PathBuf, PathBuf, BufWriter<File>)>,
}

impl Serve {
    /// `log`: a file every answer is appended to as a JSON line (written aside, renamed into
    /// place on close).
    pub fn new(key: &str, log: Option<PathBuf>) -> Result<Self, String> {
        let log = match log {
            Some(target) => {
                if let Some(folder) = target.parent() {
                    std::fs::create_dir_all(folder)
                        .map_err(|e| format!("cannot create `{}`: {e}", folder.display()))?;
                }
                let name = target
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                let aside = target.with_file_name(format!(".{name}.writing"));
                let file = File::create(&aside)
                    .map_err(|e| format!("cannot write `{}`: {e}", aside.display()))?;
                Some((target, aside, BufWriter::new(file)))
            }
            None => None,
        };
        Ok(Self {
            key: key.to_string(),
            latest: Vec::new(),
            pending_rows: 0,
            answers: 0,
            log,
        })
    }

    fn compact(&mut self) -> Result<(), String> {
        if self.latest.len() <= 1 {
            return Ok(());
        }
        let lazy: Vec<LazyFrame> = self.latest.drain(..).map(IntoLazy::lazy).collect();
        let one = concat(lazy, UnionArgs::default())
            .and_then(LazyFrame::collect)
            .and_then(|all| {
                all.unique_stable(
                    Some(std::slice::from_ref(&self.key)),
                    UniqueKeepStrategy::Last,
                    None,
                )
            })
            .map_err(|e| e.to_string())?;
        self.pending_rows = one.height();
        self.latest.push(one);
        Ok(())
    }
}

impl Sink for Serve {
    fn write(&mut self, batch: &DataFrame) -> Result<(), String> {
        self.answers += batch.height() as u64;
        if let Some((_, aside, writer)) = &mut self.log {
            let mut rows = batch.drop_many([INGESTED_COLUMN]);
            JsonWriter::new(&mut *writer)
                .with_json_format(JsonFormat::JsonLines)
                .finish(&mut rows)
                .map_err(|e| format!("cannot write `{}`: {e}", aside.display()))?;
        }
        self.latest.push(batch.clone());
        self.pending_rows += batch.height();
        if self.pending_rows >= COMPACT_ROWS {
            self.compact()?;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), String> {
        self.compact()?;
        if let Some((target, aside, mut writer)) = self.log.take() {
            writer
                .flush()
                .map_err(|e| format!("cannot write `{}`: {e}", aside.display()))?;
            drop(writer);
            std::fs::rename(&aside, &target)
                .map_err(|e| format!("cannot move `{}` into place: {e}", target.display()))?;
        }
        Ok(())
    }

    fn counters(&self) -> Counters {
        // Compacted on close: one frame, one row per key.
        let keys = self.latest.first().map_or(0, DataFrame::height);
        vec![
            ("answers recorded".to_string(), self.answers),
            ("keys served".to_string(), keys as u64),
        ]
    }
}
