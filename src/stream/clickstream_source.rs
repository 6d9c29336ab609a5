//! The synthetic clickstream as a stream source: batches of events with their event time (a UTC
//! datetime: the stream's clock from a start instant), session, customer, product and action;
//! as fast as the stages take them, or paced by the stream's own clock (an event is sent once
//! the run has lasted as long as its time says); `stream::bounded` ends it after a number of events.

use std::time::Instant;

use polars::prelude::*;

use super::operator::Source;
use crate::samples::clickstream::{ClickEvent, Clickstream};

pub struct ClickstreamSource {
    stream: Clickstream,
    /// Pacing: the instant the first event is due; `None` for as fast as possible.
    paced_from: Option<Option<Instant>>,
    /// An event drawn but not yet due.
    waiting: Option<ClickEvent>,
    /// The event time of the stream's first instant, in microseconds since 1970.
    start_micros: i64,
}

/// The instant samples start at, so that a preview is the same every time: 2026-01-01 UTC.
pub const SAMPLE_START_MICROS: i64 = 1_767_225_600_000_000;

impl ClickstreamSource {
    /// As fast as the stages take them, endless.
    pub fn new(stream: Clickstream) -> Self {
        Self {
            stream,
            paced_from: None,
            waiting: None,
            start_micros: SAMPLE_START_MICROS,
        }
    }

    /// Event times counted from `start_micros` (microseconds since 1970) instead of the sample
    /// start.
    pub fn starting_at(mut self, start_micros: i64) -> Self {
        self.start_micros = start_micros;
        self
    }

    /// Each event sent when the run reaches its time.
    pub fn paced(mut self) -> Self {
        self.paced_from = Some(None);
        self
    }
}

/// Events as a batch, their times counted from `start_micros`.
pub fn events_frame(events: &[ClickEvent], start_micros: i64) -> PolarsResult<DataFrame> {
    let times = Int64Chunked::from_vec(
        "event_time".into(),
        events
            .iter()
            .map(|e| start_micros + e.time_micros)
            .collect(),
    )
    .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC));
    df!(
        "event_time" => times.into_series(),
        "session" => events.iter().map(|e| e.session as i64).collect::<Vec<_>>(),
        "customer" => events.iter().map(|e| e.customer.as_str()).collect::<Vec<_>>(),
        "product" => events.iter().map(|e| e.product.as_str()).collect::<Vec<_>>(),
        "action" => events.iter().map(|e| e.action.name()).collect::<Vec<_>>(),
    )
}

impl Source for ClickstreamSource {
    fn next_batch(&mut self, max_rows: usize) -> Result<Option<DataFrame>, String> {
        let due_micros = match &mut self.paced_from {
            None => i64::MAX,
            Some(started) => started
                .get_or_insert_with(Instant::now)
                .elapsed()
                .as_micros() as i64,
        };
        let mut events = Vec::with_capacity(max_rows.min(4_096));
        while events.len() < max_rows {
            let Some(event) = self.waiting.take().or_else(|| self.stream.next()) else {
                break;
            };
            if event.time_micros > due_micros {
                self.waiting = Some(event);
                break;
            }
            events.push(event);
        }
        if events.is_empty() && self.waiting.is_none() {
            return Ok(None);
        }
        events_frame(&events, self.start_micros)
            .map(Some)
            .map_err(|e| e.to_string())
    }
}
