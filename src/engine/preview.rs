//! A node's preview: a small sample of its output (the first rows, or a uniform random sample)
//! with per-column statistics over that sample.

use polars::prelude::*;

use super::error::{NodeError, data_error};
use super::plan::{NodeOutcome, PipelinePlan};
use super::types::type_name;
use super::value::PortValue;

/// How the preview's rows are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleMethod {
    /// The first rows: reads little more than the rows shown.
    Head,
    /// A uniform random sample: counts the rows, then streams through them once.
    Random { seed: u64 },
}

/// Statistics of one column, over the preview's sample.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnStats {
    pub name: String,
    pub type_name: String,
    pub null_count: usize,
    pub distinct_count: usize,
    pub min: Option<String>,
    pub max: Option<String>,
}

/// A sample of a node's output.
#[derive(Debug, Clone)]
pub struct Preview {
    pub frame: DataFrame,
    pub method: SampleMethod,
    /// The node's total rows, when counting them was part of taking the sample.
    pub total_rows: Option<u64>,
}

impl Preview {
    /// How the rows were taken, for the window and the terminal: "first 100 rows".
    pub fn describe(&self) -> String {
        let shown = self.frame.height();
        match (self.method, self.total_rows) {
            (SampleMethod::Head, _) => format!("first {shown} rows"),
            (SampleMethod::Random { seed }, Some(total)) => {
                format!("{shown} random rows of {total} (seed {seed})")
            }
            (SampleMethod::Random { seed }, None) => format!("{shown} random rows (seed {seed})"),
        }
    }

    /// Null count, distinct count, min and max of each column, over the sample. Worked out on
    /// demand: the first use of Polars' thread pool costs a few milliseconds.
    pub fn column_stats(&self) -> Vec<ColumnStats> {
        column_stats(&self.frame)
    }

    /// Each column's name and type name.
    pub fn column_types(&self) -> Vec<(String, String)> {
        self.frame
            .schema()
            .iter()
            .map(|(name, dtype)| (name.to_string(), type_name(dtype)))
            .collect()
    }

    /// Every cell of the sample as display text, row by row; nulls read `null`.
    pub fn cell_texts(&self) -> Vec<Vec<String>> {
        let columns = self.frame.columns();
        (0..self.frame.height())
            .map(|row| {
                columns
                    .iter()
                    .map(|column| match column.get(row) {
                        Ok(AnyValue::Null) => "null".to_string(),
                        Ok(value) => scalar_text(&value),
                        Err(_) => "?".to_string(),
                    })
                    .collect()
            })
            .collect()
    }
}

const ROW_INDEX: &str = "__sluice_row";

/// Takes a sample of output `port` of node `id` (its first output when `port` is `None`).
pub fn preview_node(
    plan: &PipelinePlan,
    id: &str,
    port: Option<&str>,
    rows: usize,
    method: SampleMethod,
) -> Result<Preview, NodeError> {
    let frame = shown_frame(plan, id, port)?;
    let rows_idx = IdxSize::try_from(rows).unwrap_or(IdxSize::MAX);
    let fail =
        |e: PolarsError| data_error("the preview failed", &e, plan.file_at_fault(id).as_deref());
    let (sample, total_rows) = match method {
        // Where the first rows come straight from the sources' first rows, the in-memory engine
        // reads only those and starts no threads. Elsewhere the streaming engine stops reading
        // once it has the rows, and keeps memory bounded when the node needs all its input
        // first (an aggregate, a join).
        SampleMethod::Head => {
            let engine = if plan.keeps_leading_rows(id) {
                Engine::InMemory
            } else {
                Engine::Streaming
            };
            (
                frame
                    .limit(rows_idx)
                    .collect_with_engine(engine)
                    .map_err(fail)?
                    .unwrap_single(),
                None,
            )
        }
        SampleMethod::Random { seed } => {
            let total = count_rows(frame.clone()).map_err(fail)?;
            let chosen = choose_indices(total, rows as u64, seed);
            let indices = Series::new(ROW_INDEX.into(), chosen);
            let sampled = frame
                .with_row_index(ROW_INDEX, None)
                .filter(col(ROW_INDEX).is_in(lit(indices).implode(false), false))
                .select([all().exclude_cols([ROW_INDEX]).as_expr()])
                .collect_with_engine(Engine::Streaming)
                .map_err(fail)?;
            let sampled = sampled.unwrap_single();
            (sampled, Some(total))
        }
    };
    Ok(Preview {
        frame: sample,
        method,
        total_rows,
    })
}

/// The frame a preview of output `port` of node `id` shows (its first output when `port` is
/// `None`): a table as it is, a crawler's tables, a model's evaluation, a stream's sample.
pub fn shown_frame(
    plan: &PipelinePlan,
    id: &str,
    port: Option<&str>,
) -> Result<LazyFrame, NodeError> {
    let shown = plan
        .outcome(id)
        .and_then(NodeOutcome::outputs)
        .and_then(|outputs| outputs.get(port.or_else(|| outputs.first_port())?));
    let frame = match shown {
        // A crawler's preview lists the tables it found.
        Some(PortValue::Catalog(catalog)) => super::catalog_view::tables_frame(catalog)?,
        // A model's preview is its offline evaluation.
        Some(PortValue::Model(_)) => plan.table(id, Some("evaluation"))?.frame.clone(),
        // A stream's preview is the sample of events through it.
        Some(PortValue::Stream(stream)) => stream
            .sample()
            .map_err(|message| {
                NodeError::new(
                    crate::model::Code::EngineError,
                    format!("the stream's sample failed: {message}"),
                )
            })?
            .lazy(),
        Some(PortValue::Table(_)) | None => plan.table(id, port)?.frame.clone(),
    };
    Ok(frame)
}

/// How many rows output `port` of node `id` holds (all of them, counted by the streaming engine).
pub fn count_node_rows(
    plan: &PipelinePlan,
    id: &str,
    port: Option<&str>,
) -> Result<u64, NodeError> {
    let frame = shown_frame(plan, id, port)?;
    count_rows(frame).map_err(|e| {
        data_error(
            "counting the rows failed",
            &e,
            plan.file_at_fault(id).as_deref(),
        )
    })
}

fn count_rows(frame: LazyFrame) -> PolarsResult<u64> {
    let counted = frame
        .select([len().cast(DataType::UInt64)])
        .collect_with_engine(Engine::Streaming)?;
    let counted = counted.unwrap_single();
    Ok(counted.column("len")?.u64()?.get(0).unwrap_or(0))
}

/// `wanted` distinct indices below `total`, chosen uniformly (Floyd's algorithm), sorted.
fn choose_indices(total: u64, wanted: u64, seed: u64) -> Vec<IdxSize> {
    let wanted = wanted.min(total);
    let mut state = seed ^ 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        // SplitMix64.
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut chosen = std::collections::BTreeSet::new();
    for j in (total - wanted)..total {
        let candidate = next() % (j + 1);
        if !chosen.insert(candidate) {
            chosen.insert(j);
        }
    }
    chosen
        .into_iter()
        .filter_map(|i| IdxSize::try_from(i).ok())
        .collect()
}

/// Null count, distinct count, min and max of each column of `frame`.
pub fn column_stats(frame: &DataFrame) -> Vec<ColumnStats> {
    frame
        .columns()
        .iter()
        .map(|column| {
            let series = column.as_materialized_series();
            let orderable = series.dtype().is_primitive_numeric()
                || series.dtype().is_temporal()
                || matches!(series.dtype(), DataType::String | DataType::Boolean);
            let extreme = |value: PolarsResult<Scalar>| -> Option<String> {
                value
                    .ok()
                    .filter(|s| !s.is_null())
                    .map(|s| scalar_text(s.value()))
            };
            ColumnStats {
                name: column.name().to_string(),
                type_name: type_name(column.dtype()),
                null_count: column.null_count(),
                distinct_count: series.n_unique().unwrap_or(0),
                min: if orderable {
                    extreme(series.min_reduce())
                } else {
                    None
                },
                max: if orderable {
                    extreme(series.max_reduce())
                } else {
                    None
                },
            }
        })
        .collect()
}

/// A value as text, strings without quotes.
pub fn scalar_text(value: &AnyValue) -> String {
    match value {
        AnyValue::String(text) => text.to_string(),
        AnyValue::StringOwned(text) => text.to_string(),
        AnyValue::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chooses_distinct_indices_within_range() {
        let chosen = choose_indices(1000, 100, 7);
        assert_eq!(chosen.len(), 100);
        assert!(chosen.windows(2).all(|w| w[0] < w[1]));
        assert!(chosen.iter().all(|&i| i < 1000));
        assert_eq!(choose_indices(5, 10, 1), vec![0, 1, 2, 3, 4]);
        assert_ne!(choose_indices(1000, 10, 1), choose_indices(1000, 10, 2));
    }
}
