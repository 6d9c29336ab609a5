//! Streams: events in small Polars batches flowing through stages on a tokio runtime, with
//! bounded channels (back-pressure), graceful stop and flush, counted drops and measured
//! latency. The runtime is created once per run and handed down; nothing here knows egui.

pub mod bounded;
pub mod clickstream_source;
pub mod collect;
pub mod delivery;
pub mod fault;
pub mod kinesis;
pub mod latency;
pub mod live;
pub mod lookup;
pub mod operator;
pub mod recommend_stage;
pub mod replay;
pub mod runtime;
pub mod window;

/// The column every event carries from its source: when it was ingested, in microseconds from
/// the run's start. Sinks measure latency from it.
pub const INGESTED_COLUMN: &str = "_ingested_micros";
