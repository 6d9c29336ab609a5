//! A keyed tumbling window by event time, as Flink runs one with bounded out-of-orderness: the
//! watermark trails the newest event time by `out_of_order`; a window closes (its results go
//! out, once) when the watermark passes its end plus `allowed_lateness`; an event for a window
//! that has closed is late, dropped and counted, never silently lost. The end of the input
//! closes every open window.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::INGESTED_COLUMN;
use super::operator::{Operator, Output};

/// An aggregate a window computes per key.
#[derive(Debug, Clone, PartialEq)]
pub enum Aggregate {
    Count,
    Sum(String),
    Mean(String),
    Min(String),
    Max(String),
    CountDistinct(String),
}

impl Aggregate {
    fn expr(&self) -> Expr {
        match self {
            Self::Count => len(),
            Self::Sum(c) => col(c.as_str()).sum(),
            Self::Mean(c) => col(c.as_str()).mean(),
            Self::Min(c) => col(c.as_str()).min(),
            Self::Max(c) => col(c.as_str()).max(),
            Self::CountDistinct(c) => col(c.as_str()).n_unique(),
        }
    }
}

/// How a tumbling window is cut and closed.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowSettings {
    /// The event-time column: microseconds (a whole number) or a datetime.
    pub time_column: String,
    pub size_micros: i64,
    pub out_of_order_micros: i64,
    pub allowed_lateness_micros: i64,
    pub keys: Vec<String>,
    /// (output column, aggregate).
    pub aggregates: Vec<(String, Aggregate)>,
}

const WINDOW_START: &str = "window_start";
const WINDOW_END: &str = "window_end";

/// The operator.
pub struct TumblingWindow {
    settings: WindowSettings,
    open: BTreeMap<i64, Vec<DataFrame>>,
    newest_event_micros: Option<i64>,
}

impl TumblingWindow {
    pub fn new(settings: WindowSettings) -> Result<Self, String> {
        if settings.size_micros <= 0 {
            return Err("a window's size must be more than 0".into());
        }
        Ok(Self {
            settings,
            open: BTreeMap::new(),
            newest_event_micros: None,
        })
    }

    /// The watermark: event times at or below it are not expected any more.
    pub fn watermark_micros(&self) -> Option<i64> {
        self.newest_event_micros
            .map(|t| t.saturating_sub(self.settings.out_of_order_micros))
    }

    /// The results of the windows whose end plus the allowed lateness the watermark has
    /// passed (all of them when `everything`).
    fn close(&mut self, everything: bool) -> Result<Vec<DataFrame>, String> {
        let size = self.settings.size_micros;
        let lateness = self.settings.allowed_lateness_micros;
        let watermark = self.watermark_micros();
        let closing: Vec<i64> = self
            .open
            .keys()
            .copied()
            .filter(|start| everything || watermark.is_some_and(|w| start + size + lateness <= w))
            .collect();
        let mut results = Vec::new();
        for start in closing {
            let Some(frames) = self.open.remove(&start) else {
                continue;
            };
            let lazy: Vec<LazyFrame> = frames.into_iter().map(IntoLazy::lazy).collect();
            let mut aggregates: Vec<Expr> = self
                .settings
                .aggregates
                .iter()
                .map(|(name, aggregate)| aggregate.expr().alias(name.as_str()))
                .collect();
            aggregates.push(col(INGESTED_COLUMN).max());
            let keys: Vec<Expr> = self.settings.keys.iter().map(|k| col(k.as_str())).collect();
            let result = concat(lazy, UnionArgs::default())
                .map_err(|e| e.to_string())?
                .group_by_stable(keys)
                .agg(aggregates)
                .with_columns([
                    lit(start).cast(DataType::Int64).alias(WINDOW_START),
                    lit(start + size).cast(DataType::Int64).alias(WINDOW_END),
                ])
                .sort(self.settings.keys.clone(), SortMultipleOptions::default())
                .collect()
                .map_err(|e| e.to_string())?;
            results.push(result);
        }
        Ok(results)
    }
}

impl Operator for TumblingWindow {
    fn process(&mut self, batch: DataFrame) -> Result<Output, String> {
        let size = self.settings.size_micros;
        let lateness = self.settings.allowed_lateness_micros;
        let time = col(self.settings.time_column.as_str())
            .cast(DataType::Datetime(TimeUnit::Microseconds, None))
            .cast(DataType::Int64);
        let with_start = batch
            .lazy()
            .with_columns([
                time.clone().alias("_event_micros"),
                (time.clone() - time % lit(size)).alias("_window_start"),
            ])
            .collect()
            .map_err(|e| e.to_string())?;
        let starts = with_start
            .column("_window_start")
            .and_then(|c| c.i64().cloned())
            .map_err(|e| e.to_string())?;
        // Lateness is judged against the watermark before this batch moves it.
        let watermark = self.watermark_micros();
        let on_time: BooleanChunked = starts
            .iter()
            .map(|start| match (start, watermark) {
                (Some(start), Some(w)) => Some(start + size + lateness > w),
                (Some(_), None) => Some(true),
                (None, _) => Some(false),
            })
            .collect();
        let late = (on_time.len() - on_time.sum().unwrap_or(0) as usize) as u64;
        let kept = with_start.filter(&on_time).map_err(|e| e.to_string())?;
        let newest = with_start
            .column("_event_micros")
            .and_then(|c| c.i64().map(|v| v.max()))
            .map_err(|e| e.to_string())?;
        if let Some(newest) = newest {
            self.newest_event_micros =
                Some(self.newest_event_micros.map_or(newest, |n| n.max(newest)));
        }
        let aggregated = kept.height() as u64;
        let partitions = kept
            .partition_by_stable(["_window_start"], true)
            .map_err(|e| e.to_string())?;
        for part in partitions {
            let start = part
                .column("_window_start")
                .ok()
                .and_then(|c| c.i64().ok().and_then(|v| v.get(0)));
            if let Some(start) = start {
                let part = part.drop_many(["_window_start", "_event_micros"]);
                self.open.entry(start).or_default().push(part);
            }
        }
        Ok(Output {
            batches: self.close(false)?,
            drops: if late > 0 {
                vec![("late".to_string(), late)]
            } else {
                Vec::new()
            },
            aggregated,
            batches_are_results: true,
        })
    }

    fn finish(&mut self) -> Result<Output, String> {
        Ok(Output {
            batches: self.close(true)?,
            batches_are_results: true,
            ..Output::default()
        })
    }
}
