//! A file replayed as a stream: its rows sent in order as events, as fast as the stages take
//! them, at a fixed rate, or spaced as the file's own timestamps say (sped up by a factor).

use std::time::Instant;

use polars::prelude::*;

use super::operator::Source;

/// How the rows are spaced.
#[derive(Debug, Clone, PartialEq)]
pub enum Pace {
    Fast,
    EventsPerSecond(f64),
    /// The gaps of this time column (microseconds or a datetime), divided by `speed`.
    Timestamps {
        column: String,
        speed: f64,
    },
}

pub struct ReplaySource {
    rows: DataFrame,
    next_row: usize,
    pace: Pace,
    /// For `Timestamps`: each row's offset from the first, in microseconds of replay time.
    offsets_micros: Vec<i64>,
    started: Option<Instant>,
}

impl ReplaySource {
    pub fn new(rows: DataFrame, pace: Pace) -> Result<Self, String> {
        let offsets_micros = match &pace {
            Pace::Timestamps { column, speed } => {
                if *speed <= 0.0 {
                    return Err("the replay speed must be more than 0".into());
                }
                let times = rows
                    .column(column)
                    .and_then(|c| c.cast(&DataType::Datetime(TimeUnit::Microseconds, None)))
                    .and_then(|c| c.cast(&DataType::Int64))
                    .and_then(|c| c.i64().cloned())
                    .map_err(|e| format!("column `{column}`: {e}"))?;
                let first = times.iter().flatten().next().unwrap_or_default();
                let mut previous = 0;
                times
                    .iter()
                    .map(|t| {
                        // A missing or earlier time is sent with the row before it.
                        let offset = ((t.unwrap_or(first) - first) as f64 / speed) as i64;
                        previous = previous.max(offset);
                        previous
                    })
                    .collect()
            }
            Pace::Fast | Pace::EventsPerSecond(_) => Vec::new(),
        };
        Ok(Self {
            rows,
            next_row: 0,
            pace,
            offsets_micros,
            started: None,
        })
    }

    /// How many rows from the start are due now.
    fn due_rows(&mut self) -> usize {
        let total = self.rows.height();
        let elapsed = self.started.get_or_insert_with(Instant::now).elapsed();
        match &self.pace {
            Pace::Fast => total,
            Pace::EventsPerSecond(rate) => ((elapsed.as_secs_f64() * rate) as usize).min(total),
            Pace::Timestamps { .. } => {
                let now = elapsed.as_micros() as i64;
                self.offsets_micros.partition_point(|offset| *offset <= now)
            }
        }
    }
}

impl Source for ReplaySource {
    fn next_batch(&mut self, max_rows: usize) -> Result<Option<DataFrame>, String> {
        if self.next_row >= self.rows.height() {
            return Ok(None);
        }
        let due = self.due_rows();
        let rows = due.saturating_sub(self.next_row).min(max_rows);
        let batch = self.rows.slice(self.next_row as i64, rows);
        self.next_row += rows;
        Ok(Some(batch))
    }
}
