//! The synthetic clickstream as a stream source: batches of events with their event time,
//! session, customer, product and action.

use polars::prelude::*;

use super::operator::Source;
use crate::samples::clickstream::Clickstream;

pub struct ClickstreamSource {
    stream: Clickstream,
}

impl ClickstreamSource {
    pub fn new(stream: Clickstream) -> Self {
        Self { stream }
    }
}

impl Source for ClickstreamSource {
    fn next_batch(&mut self, max_rows: usize) -> Result<Option<DataFrame>, String> {
        let events: Vec<_> = self.stream.by_ref().take(max_rows).collect();
        if events.is_empty() {
            return Ok(None);
        }
        df!(
            "event_time" => events.iter().map(|e| e.time_micros).collect::<Vec<_>>(),
            "session" => events.iter().map(|e| e.session as i64).collect::<Vec<_>>(),
            "customer" => events.iter().map(|e| e.customer.as_str()).collect::<Vec<_>>(),
            "product" => events.iter().map(|e| e.product.as_str()).collect::<Vec<_>>(),
            "action" => events.iter().map(|e| e.action.name()).collect::<Vec<_>>(),
        )
        .map(Some)
        .map_err(|e| e.to_string())
    }
}
