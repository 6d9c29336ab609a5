//! A lookup join: each event enriched with the columns of a table's row with the same keys
//! (a dimension table, loaded once). The table keeps one row per key, so an event never turns
//! into two; an inner lookup drops the events with no row, counted as "no match".

use polars::prelude::*;

use super::operator::{Operator, Output};

pub struct LookupJoin {
    table: LazyFrame,
    keys: Vec<Expr>,
    inner: bool,
}

impl LookupJoin {
    /// `table` with one row kept per key (the first).
    pub fn new(table: DataFrame, keys: &[String], inner: bool) -> Result<Self, String> {
        let table = table
            .unique_stable(Some(keys), UniqueKeepStrategy::First, None)
            .map_err(|e| e.to_string())?;
        Ok(Self {
            table: table.lazy(),
            keys: keys.iter().map(|k| col(k.as_str())).collect(),
            inner,
        })
    }
}

impl Operator for LookupJoin {
    fn process(&mut self, batch: DataFrame) -> Result<Output, String> {
        let rows = batch.height() as u64;
        let how = if self.inner {
            JoinType::Inner
        } else {
            JoinType::Left
        };
        let mut args = JoinArgs::new(how);
        args.maintain_order = MaintainOrderJoin::Left;
        let joined = batch
            .lazy()
            .join(
                self.table.clone(),
                self.keys.clone(),
                self.keys.clone(),
                args,
            )
            .collect()
            .map_err(|e| e.to_string())?;
        let unmatched = rows.saturating_sub(joined.height() as u64);
        Ok(Output {
            batches: vec![joined],
            drops: if unmatched > 0 {
                vec![("no match".to_string(), unmatched)]
            } else {
                Vec::new()
            },
            ..Output::default()
        })
    }
}
