//! A keyed window by event time, tumbling or sliding, as Flink runs one with bounded
//! out-of-orderness: the watermark trails the newest event time by `out_of_order`; a window
//! closes (its results go out, once) when the watermark passes its end plus `allowed_lateness`.
//! A sliding window of size S every P puts each event in the S/P windows that hold it. An event
//! whose every window has closed is late, dropped and counted, never silently lost. The end of
//! the input closes every open window.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::INGESTED_COLUMN;
use super::operator::{Operator, Output};

/// How a window is cut and closed.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowSettings {
    /// The event-time column: microseconds (a whole number) or a datetime.
    pub time_column: String,
    pub size_micros: i64,
    /// How often a window starts: the size for a tumbling window, less for a sliding one.
    pub slide_micros: i64,
    pub out_of_order_micros: i64,
    pub allowed_lateness_micros: i64,
    pub keys: Vec<String>,
    /// The aggregates, each aliased to its output column.
    pub aggregates: Vec<Expr>,
}

pub const WINDOW_START: &str = "window_start";
pub const WINDOW_END: &str = "window_end";

/// The operator.
pub struct EventTimeWindow {
    settings: WindowSettings,
    open: BTreeMap<i64, Vec<DataFrame>>,
    newest_event_micros: Option<i64>,
}

impl EventTimeWindow {
    pub fn new(settings: WindowSettings) -> Result<Self, String> {
        if settings.size_micros <= 0 {
            return Err("a window's size must be more than 0".into());
        }
        if settings.slide_micros <= 0 || settings.slide_micros > settings.size_micros {
            return Err("a window's slide must be more than 0 and at most its size".into());
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
            let mut aggregates = self.settings.aggregates.clone();
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

impl Operator for EventTimeWindow {
    fn process(&mut self, batch: DataFrame) -> Result<Output, String> {
        let (size, slide) = (self.settings.size_micros, self.settings.slide_micros);
        let lateness = self.settings.allowed_lateness_micros;
        let rows = batch.height() as u64;
        let time = col(self.settings.time_column.as_str())
            .cast(DataType::Datetime(TimeUnit::Microseconds, None))
            .cast(DataType::Int64);
        let stamped = batch
            .lazy()
            .with_row_index("_event_row", None)
            .with_columns([
                time.clone().alias("_event_micros"),
                (time.clone() - time % lit(slide)).alias("_last_start"),
            ]);
        // Every window that holds the event: starts at the last start, then a slide earlier
        // each, while the window still reaches past the event.
        let windows = (size + slide - 1) / slide;
        let assigned: Vec<LazyFrame> = (0..windows)
            .map(|back| {
                stamped
                    .clone()
                    .with_column((col("_last_start") - lit(back * slide)).alias("_window_start"))
                    .filter((col("_window_start") + lit(size)).gt(col("_event_micros")))
            })
            .collect();
        // Lateness is judged against the watermark before this batch moves it.
        let watermark = self.watermark_micros();
        let on_time = match watermark {
            Some(w) => (col("_window_start") + lit(size + lateness)).gt(lit(w)),
            None => col("_window_start").is_not_null(),
        };
        let kept = concat(assigned, UnionArgs::default())
            .map_err(|e| e.to_string())?
            .filter(on_time)
            .collect()
            .map_err(|e| e.to_string())?;
        // A late event is older than the watermark, so the kept events hold the newest time.
        let newest = kept
            .column("_event_micros")
            .and_then(|c| c.i64().map(|v| v.max()))
            .map_err(|e| e.to_string())?;
        if let Some(newest) = newest {
            self.newest_event_micros =
                Some(self.newest_event_micros.map_or(newest, |n| n.max(newest)));
        }
        let aggregated = kept
            .column("_event_row")
            .and_then(|c| c.n_unique())
            .map_err(|e| e.to_string())? as u64;
        let late = rows.saturating_sub(aggregated);
        let partitions = kept
            .partition_by_stable(["_window_start"], true)
            .map_err(|e| e.to_string())?;
        for part in partitions {
            let start = part
                .column("_window_start")
                .ok()
                .and_then(|c| c.i64().ok().and_then(|v| v.get(0)));
            if let Some(start) = start {
                let part = part.drop_many([
                    "_window_start",
                    "_event_micros",
                    "_last_start",
                    "_event_row",
                ]);
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

    fn watermark_micros(&self) -> Option<i64> {
        EventTimeWindow::watermark_micros(self)
    }

    fn finish(&mut self) -> Result<Output, String> {
        Ok(Output {
            batches: self.close(true)?,
            batches_are_results: true,
            ..Output::default()
        })
    }
}
