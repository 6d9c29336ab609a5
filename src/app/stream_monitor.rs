//! A stream run watched from the window: its live counters sampled a few times a second into
//! events a second per node, a throughput history for the plot, and the latency seen so far.
//! Sampling reads atomics only; nothing here waits.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::stream::live::{LiveRun, LiveStage};

/// How often the counters are sampled.
pub const SAMPLE_EVERY: Duration = Duration::from_millis(250);
/// Throughput points kept for the plot (two minutes at four a second).
const HISTORY_POINTS: usize = 480;

/// The live view of one stream run.
pub struct StreamMonitor {
    live: Arc<LiveRun>,
    /// Each stage's events in at the last sample, and when it was.
    last: Option<(Instant, Vec<u64>)>,
    /// Events in a second per stage, over the last sample period.
    rates: Vec<f64>,
    /// (seconds since the start, events a second out of the sources).
    history: VecDeque<(f64, f64)>,
    last_sources_out: u64,
    /// The newest events through the node the preview shows, as text.
    tail: Option<(String, LiveEvents)>,
}

/// The newest events through a stage, as the preview shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveEvents {
    pub columns: Vec<(String, String)>,
    pub rows: Vec<Vec<String>>,
}

impl LiveEvents {
    fn of(frame: &polars::prelude::DataFrame) -> Self {
        let columns = frame
            .columns()
            .iter()
            .map(|c| (c.name().to_string(), c.dtype().to_string()))
            .collect();
        let rows = (0..frame.height())
            .map(|row| {
                frame
                    .columns()
                    .iter()
                    .map(|column| match column.get(row) {
                        Ok(value) => value.str_value().to_string(),
                        Err(_) => String::new(),
                    })
                    .collect()
            })
            .collect();
        Self { columns, rows }
    }
}

impl StreamMonitor {
    pub fn new(live: Arc<LiveRun>) -> Self {
        let stages = live.stages.len();
        Self {
            live,
            last: None,
            rates: vec![0.0; stages],
            history: VecDeque::new(),
            last_sources_out: 0,
            tail: None,
        }
    }

    /// Takes a sample when the last is older than [`SAMPLE_EVERY`] (or the run has ended),
    /// with the newest events through node `shown` (the one the preview shows) as text.
    pub fn sample(&mut self, shown: Option<&str>) {
        let now = Instant::now();
        if let Some((at, _)) = &self.last
            && now.duration_since(*at) < SAMPLE_EVERY
            && !self.live.is_finished()
        {
            return;
        }
        let counts: Vec<u64> = self
            .live
            .stages
            .iter()
            .map(|s| s.events_in.load(Ordering::Relaxed))
            .collect();
        let sources_out: u64 = self
            .sources()
            .map(|(_, s)| s.events_out.load(Ordering::Relaxed))
            .sum();
        if let Some((at, before)) = &self.last {
            let seconds = now.duration_since(*at).as_secs_f64().max(1e-6);
            self.rates = counts
                .iter()
                .zip(before)
                .map(|(now, then)| now.saturating_sub(*then) as f64 / seconds)
                .collect();
            let rate = sources_out.saturating_sub(self.last_sources_out) as f64 / seconds;
            let t = now.duration_since(self.live.started).as_secs_f64();
            self.history.push_back((t, rate));
            while self.history.len() > HISTORY_POINTS {
                self.history.pop_front();
            }
        }
        self.last_sources_out = sources_out;
        self.last = Some((now, counts));
        self.tail = shown.and_then(|id| {
            let frame = self.live.stage(id)?.last_events()?;
            Some((id.to_string(), LiveEvents::of(&frame)))
        });
    }

    /// The stages with no input queue: the sources, with their ids.
    fn sources(&self) -> impl Iterator<Item = (&str, &LiveStage)> {
        self.live
            .stage_ids
            .iter()
            .zip(&self.live.stages)
            .filter(|(_, s)| s.queue_capacity.load(Ordering::Relaxed) == 0)
            .map(|(id, s)| (id.as_str(), s))
    }

    /// Events a second out of the sources together, lately.
    pub fn sources_rate(&self) -> f64 {
        self.sources().filter_map(|(id, _)| self.rate(id)).sum()
    }

    /// The newest events (at most 100) through node `id`, as of the last sample, when it is
    /// the node the last sample was asked to show.
    pub fn last_events(&self, id: &str) -> Option<&LiveEvents> {
        self.tail
            .as_ref()
            .filter(|(shown, _)| shown == id)
            .map(|(_, events)| events)
    }

    pub fn live(&self) -> &LiveRun {
        &self.live
    }

    pub fn is_running(&self) -> bool {
        !self.live.is_finished()
    }

    /// The counters of stream node `id`.
    pub fn stage(&self, id: &str) -> Option<&LiveStage> {
        self.live.stage(id)
    }

    /// Events into node `id` a second, lately.
    pub fn rate(&self, id: &str) -> Option<f64> {
        let index = self.live.stage_ids.iter().position(|s| s == id)?;
        self.rates.get(index).copied()
    }

    /// Events a second out of the sources over time: (seconds since the start, rate).
    pub fn throughput(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.history.iter().copied()
    }

    /// How long the run has gone.
    pub fn elapsed(&self) -> Duration {
        self.live.started.elapsed()
    }
}

/// Events a second as a short text: 950 events/s, 12.3k events/s, 1.2M events/s.
pub fn rate_text(rate: f64) -> String {
    if rate >= 1e6 {
        format!("{:.1}M events/s", rate / 1e6)
    } else if rate >= 1e3 {
        format!("{:.1}k events/s", rate / 1e3)
    } else {
        format!("{rate:.0} events/s")
    }
}
