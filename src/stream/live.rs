//! What a run shows while it goes: per stage, events in and out, drops, how full its input
//! queue is, its watermark, and (sinks) the latency seen so far. Atomics the stages bump once
//! per batch, read by the window each frame; nothing here waits.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use polars::prelude::{DataFrame, IntoLazy, LazyFrame, UnionArgs, concat};

use super::INGESTED_COLUMN;
use super::latency::{LatencyHistogram, LatencySummary};

/// Events kept per stage for the window's preview of a running stream.
pub const TAIL_EVENTS: usize = 100;

/// One stage's live counters.
#[derive(Debug, Default)]
pub struct LiveStage {
    pub events_in: AtomicU64,
    pub events_out: AtomicU64,
    pub dropped: AtomicU64,
    /// Batches waiting in the stage's input queue, and how many it holds.
    pub queued_batches: AtomicUsize,
    pub queue_capacity: AtomicUsize,
    /// The stage's watermark in event-time microseconds (`i64::MIN` while it has none).
    pub watermark_micros: AtomicI64,
    latency: Mutex<LatencyHistogram>,
    /// The newest events out of the stage (in for a sink), at least `TAIL_EVENTS` of them.
    tail: Mutex<VecDeque<DataFrame>>,
}

impl LiveStage {
    fn new() -> Self {
        Self {
            watermark_micros: AtomicI64::new(i64::MIN),
            ..Self::default()
        }
    }

    /// How full the input queue is, from 0 to 1 (0 for a source).
    pub fn queue_fill(&self) -> f32 {
        let capacity = self.queue_capacity.load(Ordering::Relaxed);
        if capacity == 0 {
            return 0.0;
        }
        (self.queued_batches.load(Ordering::Relaxed) as f32 / capacity as f32).min(1.0)
    }

    pub fn watermark(&self) -> Option<i64> {
        let value = self.watermark_micros.load(Ordering::Relaxed);
        (value != i64::MIN).then_some(value)
    }

    /// The latency seen so far (sinks only record it).
    pub fn latency(&self) -> LatencySummary {
        self.latency.lock().map(|h| h.summary()).unwrap_or_default()
    }

    /// The latency histogram seen so far, as (bucket micros, events).
    pub fn latency_buckets(&self) -> Vec<(u64, u64)> {
        self.latency
            .lock()
            .map(|h| h.buckets().collect())
            .unwrap_or_default()
    }

    /// The newest events through the stage, oldest first, at most `TAIL_EVENTS`.
    pub fn last_events(&self) -> Option<DataFrame> {
        let frames: Vec<LazyFrame> = self
            .tail
            .lock()
            .ok()?
            .iter()
            .cloned()
            .map(IntoLazy::lazy)
            .collect();
        if frames.is_empty() {
            return None;
        }
        let all = concat(frames, UnionArgs::default())
            .and_then(LazyFrame::collect)
            .ok()?;
        let skip = all.height().saturating_sub(TAIL_EVENTS);
        Some(
            all.slice(skip as i64, TAIL_EVENTS)
                .drop_many([INGESTED_COLUMN]),
        )
    }

    /// Keeps the newest events of `batch` (slices share the batch's memory).
    pub(super) fn keep_tail(&self, batch: &DataFrame) {
        if batch.height() == 0 {
            return;
        }
        let Ok(mut tail) = self.tail.lock() else {
            return;
        };
        let skip = batch.height().saturating_sub(TAIL_EVENTS);
        tail.push_back(batch.slice(skip as i64, TAIL_EVENTS));
        // Forget the oldest frames while the newer ones alone hold enough events.
        while tail.len() > 1
            && tail.iter().skip(1).map(DataFrame::height).sum::<usize>() >= TAIL_EVENTS
        {
            tail.pop_front();
        }
    }

    pub(super) fn merge_latency(&self, recorded: &LatencyHistogram) {
        if let Ok(mut histogram) = self.latency.lock() {
            histogram.merge(recorded);
        }
    }
}

/// A run's live counters, one per stage in stage order.
#[derive(Debug)]
pub struct LiveRun {
    pub stage_ids: Vec<String>,
    pub stages: Vec<LiveStage>,
    pub started: Instant,
    pub finished: AtomicBool,
}

impl LiveRun {
    pub fn new(stage_ids: Vec<String>) -> Self {
        Self {
            stages: stage_ids.iter().map(|_| LiveStage::new()).collect(),
            stage_ids,
            started: Instant::now(),
            finished: AtomicBool::new(false),
        }
    }

    /// The counters of stage `id`.
    pub fn stage(&self, id: &str) -> Option<&LiveStage> {
        let index = self.stage_ids.iter().position(|s| s == id)?;
        self.stages.get(index)
    }

    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Relaxed)
    }
}
