//! The stream runtime: one tokio task per stage, bounded channels between them (a full channel
//! makes the sender wait: back-pressure, never an unbounded queue), sources stamping each event's
//! ingestion time, sinks measuring latency from it. A stop (or the event bound) ends the
//! sources; each stage then finishes what it holds and passes it on before its output closes, so
//! nothing buffered is lost. At the end every stage's events in must equal its events out plus
//! its counted drops.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use polars::prelude::*;
use tokio::sync::mpsc;

use super::INGESTED_COLUMN;
use super::fault::{FAULT_DROPPED, Fault, kept_rows};
use super::latency::{LatencyHistogram, LatencySummary};
use super::live::{LiveRun, LiveStage};
use super::operator::{Counters, Drops, Operator, Output, Sink, Source};

/// What a stage is.
pub enum StageKind {
    Source(Box<dyn Source>),
    Operator(Box<dyn Operator>),
    Sink(Box<dyn Sink>),
}

/// One stage of a stream graph and the stages it reads, by index (earlier in the list).
pub struct Stage {
    pub id: String,
    pub kind: StageKind,
    pub inputs: Vec<usize>,
}

/// How a run goes.
#[derive(Clone)]
pub struct RunSettings {
    /// Batches a channel holds before its sender waits.
    pub channel_batches: usize,
    /// The most events a source puts in one batch.
    pub batch_rows: usize,
    /// Sources stop after this many events in all, when set.
    pub max_events: Option<u64>,
    /// Sources stop once the run has lasted this long, when set.
    pub max_duration: Option<Duration>,
    /// Set to stop the sources; the stages then flush.
    pub stop: Arc<AtomicBool>,
    /// Worker threads of the runtime.
    pub threads: usize,
    /// How long a paced source waits when no event is due before it asks again: the most an
    /// event waits for its batch.
    pub batch_wait: Duration,
    /// Faults put into stages on purpose, by stage id.
    pub faults: HashMap<String, Fault>,
    /// Counters the window reads while the run goes, one per stage in stage order.
    pub live: Option<Arc<LiveRun>>,
}

impl Default for RunSettings {
    fn default() -> Self {
        Self {
            channel_batches: 16,
            batch_rows: 1_024,
            max_events: None,
            max_duration: None,
            stop: Arc::new(AtomicBool::new(false)),
            threads: 2,
            batch_wait: Duration::from_millis(1),
            faults: HashMap::new(),
            live: None,
        }
    }
}

/// What one stage did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StageReport {
    pub id: String,
    pub events_in: u64,
    pub events_out: u64,
    pub drops: BTreeMap<String, u64>,
    /// Events taken into aggregates (a window's), and the result rows made of them.
    pub aggregated: u64,
    pub results_out: u64,
    /// Ingestion to the stage's output (operators) or arrival (sinks).
    pub latency: Option<LatencySummary>,
    latency_histogram: Option<LatencyHistogram>,
    /// What the stage counted besides (fallback answers by reason, keys served).
    pub counters: BTreeMap<String, u64>,
}

impl StageReport {
    fn named(id: &str) -> Self {
        Self {
            id: id.to_string(),
            ..Self::default()
        }
    }

    fn add_counters(&mut self, counters: Counters) {
        for (name, count) in counters {
            *self.counters.entry(name).or_default() += count;
        }
    }

    /// Events in = events out + drops + events aggregated (a source's "in" is what it made).
    pub fn conserved(&self) -> bool {
        self.events_in == self.events_out + self.drops.values().sum::<u64>() + self.aggregated
    }
}

/// Why a run failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StreamError {
    #[error("stage `{stage}` failed: {message}")]
    Stage { stage: String, message: String },
    #[error("stage `{stage}` reads stage {input}, which is not before it")]
    BadWiring { stage: String, input: usize },
    #[error("the stream runtime could not start: {0}")]
    Runtime(String),
}

type Sender = mpsc::Sender<DataFrame>;

/// The error of stage `id` failing with a message.
fn stage_failed(id: &str) -> impl Fn(String) -> StreamError + Copy + '_ {
    move |message| StreamError::Stage {
        stage: id.to_string(),
        message,
    }
}

/// Microseconds since `start`.
fn micros_since(start: Instant) -> i64 {
    start.elapsed().as_micros() as i64
}

/// Runs the graph until its sources end, the bound is reached or `stop` is set, and every
/// stage has flushed. Returns each stage's report in stage order.
pub fn run(stages: Vec<Stage>, settings: &RunSettings) -> Result<Vec<StageReport>, StreamError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(settings.threads.max(1))
        .enable_time()
        .build()
        .map_err(|e| StreamError::Runtime(e.to_string()))?;
    runtime.block_on(run_stages(stages, settings.clone()))
}

async fn run_stages(
    stages: Vec<Stage>,
    settings: RunSettings,
) -> Result<Vec<StageReport>, StreamError> {
    let count = stages.len();
    // Each stage with inputs gets one channel; every upstream holds a sender into it.
    let mut receivers: Vec<Option<mpsc::Receiver<DataFrame>>> = Vec::with_capacity(count);
    let mut into: Vec<Option<Sender>> = Vec::with_capacity(count);
    for stage in &stages {
        if stage.inputs.is_empty() {
            receivers.push(None);
            into.push(None);
        } else {
            let (sender, receiver) = mpsc::channel(settings.channel_batches.max(1));
            receivers.push(Some(receiver));
            into.push(Some(sender));
        }
    }
    let mut outputs: Vec<Vec<Sender>> = vec![Vec::new(); count];
    for (index, stage) in stages.iter().enumerate() {
        for &input in &stage.inputs {
            if input >= index {
                return Err(StreamError::BadWiring {
                    stage: stage.id.clone(),
                    input,
                });
            }
            if let (Some(list), Some(Some(sender))) = (outputs.get_mut(input), into.get(index)) {
                list.push(sender.clone());
            }
        }
    }
    // Only the upstream stages hold senders now: a channel closes when they are all done.
    drop(into);
    let start = settings
        .live
        .as_ref()
        .map_or_else(Instant::now, |live| live.started);
    let produced = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut handles = Vec::with_capacity(count);
    for (index, ((stage, receiver), senders)) in
        stages.into_iter().zip(receivers).zip(outputs).enumerate()
    {
        let context = StageContext {
            id: stage.id.clone(),
            fault: settings.faults.get(&stage.id).copied(),
            live: settings.live.clone().map(|live| (live, index)),
            start,
        };
        let settings = settings.clone();
        let produced = Arc::clone(&produced);
        let handle = match (stage.kind, receiver) {
            (StageKind::Source(source), _) => {
                tokio::spawn(run_source(context, source, senders, settings, produced))
            }
            (StageKind::Operator(operator), Some(receiver)) => {
                tokio::spawn(run_operator(context, operator, receiver, senders))
            }
            (StageKind::Sink(sink), Some(receiver)) => {
                tokio::spawn(run_sink(context, sink, receiver))
            }
            (_, None) => {
                return Err(StreamError::BadWiring {
                    stage: stage.id,
                    input: 0,
                });
            }
        };
        handles.push(handle);
    }
    let mut reports = Vec::with_capacity(handles.len());
    let mut first_error = None;
    for handle in handles {
        match handle.await {
            Ok(Ok(report)) => reports.push(report),
            Ok(Err(error)) => {
                first_error.get_or_insert(error);
            }
            Err(join) => {
                first_error.get_or_insert(StreamError::Runtime(join.to_string()));
            }
        }
    }
    if let Some(live) = &settings.live {
        live.finished.store(true, Ordering::Relaxed);
    }
    match first_error {
        Some(error) => Err(error),
        None => Ok(reports),
    }
}

/// What a stage's task knows of itself: its id, its fault, its live counters.
struct StageContext {
    id: String,
    fault: Option<Fault>,
    live: Option<(Arc<LiveRun>, usize)>,
    start: Instant,
}

impl StageContext {
    fn live(&self) -> Option<&LiveStage> {
        self.live
            .as_ref()
            .and_then(|(live, index)| live.stages.get(*index))
    }

    fn count(&self, counter: fn(&LiveStage) -> &std::sync::atomic::AtomicU64, events: u64) {
        if let Some(live) = self.live() {
            counter(live).fetch_add(events, Ordering::Relaxed);
        }
    }

    /// The stage's fault applied to a batch it took after `seen` events: the batch waits, is
    /// cut (the dropped rows counted in `report`), or the stage fails.
    async fn apply_fault(
        &self,
        batch: DataFrame,
        seen: u64,
        report: &mut StageReport,
    ) -> Result<DataFrame, StreamError> {
        match self.fault {
            None => Ok(batch),
            Some(Fault::Fail { after_events }) => {
                if seen + batch.height() as u64 > after_events {
                    Err(stage_failed(&self.id)(format!(
                        "failed on purpose (fault injection) after {seen} events"
                    )))
                } else {
                    Ok(batch)
                }
            }
            Some(Fault::Slow(delay)) => {
                tokio::time::sleep(delay).await;
                Ok(batch)
            }
            Some(Fault::Drop(share)) => {
                let kept: BooleanChunked = kept_rows(seen, batch.height(), share)
                    .into_iter()
                    .map(Some)
                    .collect();
                let kept = batch
                    .filter(&kept)
                    .map_err(|e| stage_failed(&self.id)(e.to_string()))?;
                let dropped = (batch.height() - kept.height()) as u64;
                if dropped > 0 {
                    *report.drops.entry(FAULT_DROPPED.to_string()).or_default() += dropped;
                    self.count(|l| &l.dropped, dropped);
                }
                Ok(kept)
            }
        }
    }
}

/// Sends `batch` to every downstream stage, waiting while a channel is full. A closed channel
/// (its stage failed) is left out, and that stage's error is reported; `false` when no
/// downstream stage is left, so the sender stops too.
async fn send_all(senders: &[Sender], batch: DataFrame) -> bool {
    let mut delivered = false;
    if let Some((last, rest)) = senders.split_last() {
        for sender in rest {
            delivered |= sender.send(batch.clone()).await.is_ok();
        }
        delivered |= last.send(batch).await.is_ok();
    }
    delivered
}

async fn run_source(
    context: StageContext,
    mut source: Box<dyn Source>,
    senders: Vec<Sender>,
    settings: RunSettings,
    produced: Arc<std::sync::atomic::AtomicU64>,
) -> Result<StageReport, StreamError> {
    let id = context.id.as_str();
    let start = context.start;
    let mut report = StageReport::named(id);
    loop {
        if settings.stop.load(Ordering::Relaxed)
            || settings
                .max_duration
                .is_some_and(|limit| start.elapsed() >= limit)
        {
            break;
        }
        let mut rows = settings.batch_rows.max(1);
        if let Some(bound) = settings.max_events {
            let left = bound.saturating_sub(produced.load(Ordering::Relaxed));
            if left == 0 {
                break;
            }
            rows = rows.min(usize::try_from(left).unwrap_or(usize::MAX));
        }
        let batch = source.next_batch(rows).map_err(stage_failed(id))?;
        let Some(batch) = batch else {
            break;
        };
        if batch.height() == 0 {
            // Nothing is due yet: wait, as a batch waits for its events.
            tokio::time::sleep(settings.batch_wait).await;
            continue;
        }
        let made = batch.height() as u64;
        produced.fetch_add(made, Ordering::Relaxed);
        let seen = report.events_in;
        report.events_in += made;
        context.count(|l| &l.events_in, made);
        let mut batch = context.apply_fault(batch, seen, &mut report).await?;
        let height = batch.height();
        let now = micros_since(start);
        batch
            .with_column(Column::new(INGESTED_COLUMN.into(), vec![now; height]))
            .map_err(|e| stage_failed(id)(e.to_string()))?;
        report.events_out += height as u64;
        context.count(|l| &l.events_out, height as u64);
        if let Some(live) = context.live() {
            live.keep_tail(&batch);
        }
        if height > 0 && !send_all(&senders, batch).await {
            break;
        }
        // Let the other stages run between batches, as a real source waits on its input.
        tokio::task::yield_now().await;
    }
    Ok(report)
}

fn add_drops(report: &mut StageReport, drops: Drops) {
    for (reason, rows) in drops {
        *report.drops.entry(reason).or_default() += rows;
    }
}

/// Each event's time from ingestion to `now`: a source stamps a whole batch at once, so runs
/// of equal stamps are recorded together.
fn latency_of(batch: &DataFrame, now: i64) -> LatencyHistogram {
    let mut histogram = LatencyHistogram::default();
    let Ok(ingested) = batch.column(INGESTED_COLUMN).and_then(|c| c.i64().cloned()) else {
        return histogram;
    };
    let mut run: Option<(i64, u64)> = None;
    for at in ingested.into_no_null_iter() {
        match &mut run {
            Some((stamp, events)) if *stamp == at => *events += 1,
            _ => {
                if let Some((stamp, events)) = run.take() {
                    histogram.record_many((now - stamp).max(0) as u64, events);
                }
                run = Some((at, 1));
            }
        }
    }
    if let Some((stamp, events)) = run {
        histogram.record_many((now - stamp).max(0) as u64, events);
    }
    histogram
}

/// The input queue's fill, published before a batch is taken.
fn publish_queue(context: &StageContext, receiver: &mpsc::Receiver<DataFrame>) {
    if let Some(live) = context.live() {
        live.queued_batches.store(receiver.len(), Ordering::Relaxed);
        live.queue_capacity
            .store(receiver.max_capacity(), Ordering::Relaxed);
    }
}

async fn run_operator(
    context: StageContext,
    mut operator: Box<dyn Operator>,
    mut receiver: mpsc::Receiver<DataFrame>,
    senders: Vec<Sender>,
) -> Result<StageReport, StreamError> {
    let id = context.id.as_str();
    let mut report = StageReport::named(id);
    let failed = stage_failed(id);
    loop {
        publish_queue(&context, &receiver);
        let Some(batch) = receiver.recv().await else {
            break;
        };
        let seen = report.events_in;
        report.events_in += batch.height() as u64;
        context.count(|l| &l.events_in, batch.height() as u64);
        let batch = context.apply_fault(batch, seen, &mut report).await?;
        let output = operator.process(batch).map_err(failed)?;
        if let (Some(live), Some(watermark)) = (context.live(), operator.watermark_micros()) {
            live.watermark_micros.store(watermark, Ordering::Relaxed);
        }
        if !pass_on(&context, &senders, output, &mut report).await {
            // Nothing downstream is left (it failed): stop reading, so upstream stops too.
            report.add_counters(operator.counters());
            report.latency = report.latency_histogram.take().map(|h| h.summary());
            return Ok(report);
        }
    }
    let output = operator.finish().map_err(failed)?;
    pass_on(&context, &senders, output, &mut report).await;
    report.add_counters(operator.counters());
    report.latency = report.latency_histogram.take().map(|h| h.summary());
    Ok(report)
}

/// An operator's output counted and sent on; `false` when nothing downstream is left.
async fn pass_on(
    context: &StageContext,
    senders: &[Sender],
    output: Output,
    report: &mut StageReport,
) -> bool {
    let dropped: u64 = output.drops.iter().map(|(_, rows)| rows).sum();
    context.count(|l| &l.dropped, dropped + output.aggregated);
    add_drops(report, output.drops);
    report.aggregated += output.aggregated;
    let mut open = true;
    let now = micros_since(context.start);
    for batch in output.batches {
        let batch_latency = latency_of(&batch, now);
        if let Some(live) = context.live() {
            live.merge_latency(&batch_latency);
            live.keep_tail(&batch);
        }
        report
            .latency_histogram
            .get_or_insert_with(LatencyHistogram::default)
            .merge(&batch_latency);
        if output.batches_are_results {
            report.results_out += batch.height() as u64;
        } else {
            report.events_out += batch.height() as u64;
        }
        context.count(|l| &l.events_out, batch.height() as u64);
        if batch.height() > 0 {
            open &= send_all(senders, batch).await;
        }
    }
    open
}

async fn run_sink(
    context: StageContext,
    mut sink: Box<dyn Sink>,
    mut receiver: mpsc::Receiver<DataFrame>,
) -> Result<StageReport, StreamError> {
    let id = context.id.as_str();
    let start = context.start;
    let mut report = StageReport::named(id);
    let failed = stage_failed(id);
    let mut latency = LatencyHistogram::default();
    let tick_every = sink.tick_every();
    loop {
        publish_queue(&context, &receiver);
        let received = match tick_every {
            Some(every) => match tokio::time::timeout(every, receiver.recv()).await {
                Ok(received) => received,
                Err(_) => {
                    sink.tick().map_err(failed)?;
                    continue;
                }
            },
            None => receiver.recv().await,
        };
        let Some(batch) = received else {
            break;
        };
        let seen = report.events_in;
        report.events_in += batch.height() as u64;
        context.count(|l| &l.events_in, batch.height() as u64);
        let batch = context.apply_fault(batch, seen, &mut report).await?;
        let now = micros_since(start);
        let batch_latency = latency_of(&batch, now);
        if let Some(live) = context.live() {
            live.merge_latency(&batch_latency);
            live.keep_tail(&batch);
        }
        latency.merge(&batch_latency);
        report.events_out += batch.height() as u64;
        context.count(|l| &l.events_out, batch.height() as u64);
        sink.write(&batch).map_err(failed)?;
    }
    sink.close().map_err(failed)?;
    report.latency = Some(latency.summary());
    report.add_counters(sink.counters());
    Ok(report)
}
