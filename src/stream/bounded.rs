//! Any source ended after a number of events (a node's `max_events`, a preview's sample).

use polars::prelude::DataFrame;

use super::operator::Source;

/// `inner`, ending once it has made `left` more events.
pub struct Bounded<S> {
    inner: S,
    left: u64,
}

impl<S> Bounded<S> {
    pub fn new(inner: S, events: u64) -> Self {
        Self {
            inner,
            left: events,
        }
    }
}

impl<S: Source> Source for Bounded<S> {
    fn next_batch(&mut self, max_rows: usize) -> Result<Option<DataFrame>, String> {
        if self.left == 0 {
            return Ok(None);
        }
        let wanted = max_rows.min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let batch = self.inner.next_batch(wanted)?;
        if let Some(batch) = &batch {
            self.left = self.left.saturating_sub(batch.height() as u64);
        }
        Ok(batch)
    }
}
