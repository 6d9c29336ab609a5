//! What a stream stage does to batches of events: sources make them, operators turn them into
//! others (with the rows they drop counted by reason), sinks take them. A batch is a Polars
//! frame, so the SQL expressions of batch nodes work on streams unchanged.

use polars::prelude::*;

/// Rows dropped, with the reason: what the end-of-run check adds to the rows passed on.
pub type Drops = Vec<(String, u64)>;

/// What an operator made of a batch.
#[derive(Default)]
pub struct Output {
    pub batches: Vec<DataFrame>,
    pub drops: Drops,
    /// Events taken into aggregates (a window's counts): accounted for, not passed on. When an
    /// operator aggregates, its `batches` are results, counted apart from events passed on.
    pub aggregated: u64,
    pub batches_are_results: bool,
}

/// Makes events. `None` when the source has ended; an empty batch when no event is due yet
/// (a paced source between events), after which the runtime waits its batch wait and asks again.
pub trait Source: Send {
    fn next_batch(&mut self, max_rows: usize) -> Result<Option<DataFrame>, String>;
}

/// Named counts a stage keeps besides events in and out: answers served from the fallback by
/// reason, keys served.
pub type Counters = Vec<(String, u64)>;

/// Turns batches into batches.
pub trait Operator: Send {
    fn process(&mut self, batch: DataFrame) -> Result<Output, String>;
    /// The input has ended: what is still held (a window's open panes) goes out.
    fn finish(&mut self) -> Result<Output, String> {
        Ok(Output::default())
    }
    /// The operator's watermark in event-time microseconds, when it keeps one.
    fn watermark_micros(&self) -> Option<i64> {
        None
    }
    /// What the operator counted, for the run's report.
    fn counters(&self) -> Counters {
        Vec::new()
    }
}

/// Takes batches.
pub trait Sink: Send {
    fn write(&mut self, batch: &DataFrame) -> Result<(), String>;
    /// How often the sink wants to be woken when no event arrives (a delivery's interval).
    fn tick_every(&self) -> Option<std::time::Duration> {
        None
    }
    /// Woken with no event: a buffer whose interval has passed is written.
    fn tick(&mut self) -> Result<(), String> {
        Ok(())
    }
    /// The input has ended: whatever is buffered is written.
    fn close(&mut self) -> Result<(), String> {
        Ok(())
    }
    /// What the sink counted, for the run's report.
    fn counters(&self) -> Counters {
        Vec::new()
    }
}

fn message(error: &PolarsError) -> String {
    error.to_string()
}

/// Keeps the rows a SQL predicate holds for; the others are dropped as "filtered out".
pub struct Filter {
    predicate: Expr,
}

impl Filter {
    pub fn new(sql: &str) -> Result<Self, String> {
        let predicate = polars::sql::sql_expr(sql).map_err(|e| message(&e))?;
        Ok(Self { predicate })
    }

    /// A filter on a predicate already parsed (and checked against the events' columns).
    pub fn from_expr(predicate: Expr) -> Self {
        Self { predicate }
    }
}

impl Operator for Filter {
    fn process(&mut self, batch: DataFrame) -> Result<Output, String> {
        let rows = batch.height() as u64;
        let kept = batch
            .lazy()
            .filter(self.predicate.clone())
            .collect()
            .map_err(|e| message(&e))?;
        let dropped = rows - kept.height() as u64;
        Ok(Output {
            batches: vec![kept],
            drops: if dropped > 0 {
                vec![("filtered out".to_string(), dropped)]
            } else {
                Vec::new()
            },
            ..Output::default()
        })
    }
}

/// Adds or replaces columns computed by SQL expressions.
pub struct Map {
    columns: Vec<Expr>,
}

impl Map {
    /// `columns`: (name, SQL expression) pairs.
    pub fn new(columns: &[(&str, &str)]) -> Result<Self, String> {
        let columns = columns
            .iter()
            .map(|(name, sql)| {
                polars::sql::sql_expr(sql)
                    .map(|expr| expr.alias(*name))
                    .map_err(|e| format!("`{name}`: {}", message(&e)))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { columns })
    }

    /// A map of expressions already parsed, each aliased to its column.
    pub fn from_exprs(columns: Vec<Expr>) -> Self {
        Self { columns }
    }
}

impl Operator for Map {
    fn process(&mut self, batch: DataFrame) -> Result<Output, String> {
        let mapped = batch
            .lazy()
            .with_columns(self.columns.clone())
            .collect()
            .map_err(|e| message(&e))?;
        Ok(Output {
            batches: vec![mapped],
            ..Output::default()
        })
    }
}
