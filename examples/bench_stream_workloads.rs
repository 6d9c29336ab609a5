//! Stream benchmark, windows and recommendations: a keyed window over 10,000 keys and the
//! recommend stage over 10,000 and 100,000 products, each on the stream runtime and, as the
//! floor, the same operator called in a plain loop on the same batches, interleaved in one
//! process (CPU per event, events a second). Then the recommend path paced at a steady rate for
//! a while: latency percentiles from ingestion to the answer, and the process's resident memory
//! sampled every second.
//!   cargo run --release --example bench_stream_workloads [EVENTS] [REPEATS] [PACED_SECONDS]

#[path = "bench_common/mod.rs"]
mod bench_common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bench_common::{cpu_time, median};

use polars::prelude::*;
use sluice::recommend::{Evaluation, TrainedModel};
use sluice::samples::clickstream::{Clickstream, ClickstreamSettings, Product};
use sluice::stream::INGESTED_COLUMN;
use sluice::stream::bounded::Bounded;
use sluice::stream::clickstream_source::ClickstreamSource;
use sluice::stream::operator::{Operator, Sink, Source};
use sluice::stream::recommend_stage::{ModelSlot, RecommendSettings, RecommendStage};
use sluice::stream::runtime::{RunSettings, Stage, StageKind, StageReport, run};
use sluice::stream::window::{EventTimeWindow, WindowSettings};

type Failure = Box<dyn std::error::Error>;

const BATCH_ROWS: usize = 1_024;

/// Resident memory of this process, in MiB.
fn resident_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Batches of keyed events: key `n % keys`, a millisecond of event time apart.
fn keyed_batches(events: usize, keys: i64) -> Vec<DataFrame> {
    (0..events)
        .step_by(BATCH_ROWS)
        .map(|from| {
            let rows = BATCH_ROWS.min(events - from);
            let n: Vec<i64> = (from as i64..(from + rows) as i64).collect();
            df!(
                "t" => n.iter().map(|i| i * 1_000).collect::<Vec<_>>(),
                "key" => n.iter().map(|i| i % keys).collect::<Vec<_>>(),
                "amount" => n.iter().map(|i| (i % 100) as f64).collect::<Vec<_>>(),
                INGESTED_COLUMN => vec![0i64; rows],
            )
            .unwrap_or_default()
        })
        .collect()
}

fn window() -> Result<EventTimeWindow, String> {
    EventTimeWindow::new(WindowSettings {
        time_column: "t".into(),
        size_micros: 1_000_000,
        slide_micros: 1_000_000,
        out_of_order_micros: 100_000,
        allowed_lateness_micros: 0,
        keys: vec!["key".into()],
        aggregates: vec![len().alias("events"), col("amount").sum().alias("amount")],
    })
}

/// A model of `products` items with random unit embeddings and ten random neighbours each: the
/// serving cost does not depend on how the embeddings were learnt.
fn model(products: usize) -> TrainedModel {
    let mut state = 42u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    let items: Vec<String> = (0..products).map(|i| format!("P{i:06}")).collect();
    let neighbours = (0..products)
        .map(|_| {
            (0..10)
                .map(|rank| ((next() as usize) % products, 1.0 - rank as f32 * 0.05))
                .collect()
        })
        .collect();
    TrainedModel {
        item_positions: TrainedModel::positions(&items),
        popular: items.iter().take(50).map(|i| (i.clone(), 1)).collect(),
        embeddings: vec![Vec::new(); products],
        items,
        neighbours,
        evaluation: Evaluation::default(),
        ratings_used: 0,
        ratings_dropped: 0,
        user_items: Default::default(),
    }
}

fn clicks(products: usize, settings: ClickstreamSettings) -> Clickstream {
    let customers: Vec<String> = (0..50_000).map(|i| format!("C{i:05}")).collect();
    let catalogue: Vec<Product> = (0..products)
        .map(|i| Product {
            code: format!("P{i:06}"),
            line: format!("line {}", i % 20),
        })
        .collect();
    Clickstream::new(customers, catalogue, settings).unwrap_or_else(|| unreachable!())
}

fn recommend_stage(model: &Arc<TrainedModel>) -> RecommendStage {
    RecommendStage::new(
        ModelSlot::new(Some(Arc::clone(model))),
        model.popular.clone(),
        RecommendSettings {
            sessions_kept: 100_000,
            ..RecommendSettings::default()
        },
    )
}

/// Batches of clicks, stamped as a source stamps them.
fn click_batches(products: usize, events: usize) -> Result<Vec<DataFrame>, String> {
    let mut source = Bounded::new(
        ClickstreamSource::new(clicks(products, ClickstreamSettings::default())),
        events as u64,
    );
    let mut batches = Vec::new();
    while let Some(mut batch) = source.next_batch(BATCH_ROWS)? {
        let rows = batch.height();
        batch
            .with_column(Column::new(INGESTED_COLUMN.into(), vec![0i64; rows]))
            .map_err(|e| e.to_string())?;
        batches.push(batch);
    }
    Ok(batches)
}

/// Replays prepared batches.
struct Replay(std::vec::IntoIter<DataFrame>);

impl Source for Replay {
    fn next_batch(&mut self, _max_rows: usize) -> Result<Option<DataFrame>, String> {
        Ok(self.0.next().map(|b| b.drop_many([INGESTED_COLUMN])))
    }
}

struct Count(Arc<AtomicU64>);

impl Sink for Count {
    fn write(&mut self, batch: &DataFrame) -> Result<(), String> {
        self.0.fetch_add(batch.height() as u64, Ordering::Relaxed);
        Ok(())
    }
}

/// (wall, CPU) of the operator through the runtime: source, operator, sink.
fn through_runtime(
    batches: Vec<DataFrame>,
    operator: Box<dyn Operator>,
) -> Result<(Duration, Duration, Vec<StageReport>), Failure> {
    let counted = Arc::new(AtomicU64::new(0));
    let stages = vec![
        Stage {
            id: "source".into(),
            kind: StageKind::Source(Box::new(Replay(batches.into_iter()))),
            inputs: vec![],
        },
        Stage {
            id: "operator".into(),
            kind: StageKind::Operator(operator),
            inputs: vec![0],
        },
        Stage {
            id: "sink".into(),
            kind: StageKind::Sink(Box::new(Count(counted))),
            inputs: vec![1],
        },
    ];
    let (cpu, wall) = (cpu_time(), Instant::now());
    let reports = run(stages, &RunSettings::default())?;
    Ok((wall.elapsed(), cpu_time() - cpu, reports))
}

/// (wall, CPU) of the operator called in a plain loop: the floor.
fn in_a_loop(
    batches: Vec<DataFrame>,
    mut operator: Box<dyn Operator>,
) -> Result<(Duration, Duration), Failure> {
    let (cpu, wall) = (cpu_time(), Instant::now());
    for batch in batches {
        operator.process(batch)?;
    }
    operator.finish()?;
    Ok((wall.elapsed(), cpu_time() - cpu))
}

/// Interleaved runs of a workload; prints events a second and CPU per event on both sides.
fn compare(
    name: &str,
    events: usize,
    repeats: usize,
    batches: &[DataFrame],
    operator: &dyn Fn() -> Result<Box<dyn Operator>, String>,
) -> Result<(), Failure> {
    let (mut ours, mut floors) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        floors.push(in_a_loop(batches.to_vec(), operator()?)?);
        let (wall, cpu, reports) = through_runtime(batches.to_vec(), operator()?)?;
        assert!(reports.iter().all(StageReport::conserved), "{reports:?}");
        ours.push((wall, cpu));
    }
    let rate = |runs: &[(Duration, Duration)]| {
        median(
            runs.iter()
                .map(|r| events as f64 / r.0.as_secs_f64())
                .collect(),
        )
    };
    let cpu = |runs: &[(Duration, Duration)]| {
        median(
            runs.iter()
                .map(|r| r.1.as_secs_f64() * 1e9 / events as f64)
                .collect(),
        )
    };
    println!(
        "{name}\tloop {:.0} events/s {:.0} ns CPU/event\truntime {:.0} events/s {:.0} ns CPU/event\t{:.2}x",
        rate(&floors),
        cpu(&floors),
        rate(&ours),
        cpu(&ours),
        cpu(&ours) / cpu(&floors).max(1e-9)
    );
    Ok(())
}

/// The recommend path at a steady `rate` for `seconds`: latency to the answer, and memory.
fn paced(products: usize, rate: f64, seconds: u64) -> Result<(), Failure> {
    let model = Arc::new(model(products));
    let settings = ClickstreamSettings {
        events_per_second: rate,
        burst_factor: 1.0,
        concurrent_sessions: 5_000,
        ..ClickstreamSettings::default()
    };
    let stages = vec![
        Stage {
            id: "clicks".into(),
            kind: StageKind::Source(Box::new(
                ClickstreamSource::new(clicks(products, settings)).paced(),
            )),
            inputs: vec![],
        },
        Stage {
            id: "recommend".into(),
            kind: StageKind::Operator(Box::new(recommend_stage(&model))),
            inputs: vec![0],
        },
        Stage {
            id: "served".into(),
            kind: StageKind::Sink(Box::new(Count(Arc::default()))),
            inputs: vec![1],
        },
    ];
    let stop = Arc::new(AtomicBool::new(false));
    let settings = RunSettings {
        max_duration: Some(Duration::from_secs(seconds)),
        stop: Arc::clone(&stop),
        ..RunSettings::default()
    };
    let sampler = std::thread::spawn(move || {
        let mut samples = Vec::new();
        for _ in 0..=seconds {
            samples.push(resident_mib());
            std::thread::sleep(Duration::from_secs(1));
        }
        samples
    });
    let reports = run(stages, &settings)?;
    let samples = sampler.join().unwrap_or_default();
    let served = reports.last().cloned().unwrap_or_default();
    let latency = served.latency.unwrap_or_default();
    let first = samples.get(2).copied().unwrap_or_default();
    let last = samples.last().copied().unwrap_or_default();
    let peak = samples.iter().copied().fold(0.0, f64::max);
    // Memory every tenth of the run, to see whether it levels off.
    let step = (samples.len() / 10).max(1);
    let series: Vec<String> = samples
        .iter()
        .enumerate()
        .step_by(step)
        .map(|(second, mib)| format!("{second} s {mib:.0}"))
        .collect();
    println!("resident memory (MiB) over the run: {}", series.join(", "));
    println!(
        "recommend {products} products paced at {rate:.0} events/s for {seconds} s: {} answered, latency p50 {} µs p95 {} µs p99 {} µs max {} µs; resident memory after 2 s {first:.0} MiB, at the end {last:.0} MiB, peak {peak:.0} MiB",
        served.events_in,
        latency.p50_micros,
        latency.p95_micros,
        latency.p99_micros,
        latency.max_micros
    );
    Ok(())
}

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().collect();
    let events: usize = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let repeats: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(3);
    let paced_seconds: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(30);
    println!("{events} events a run, {repeats} interleaved runs, medians");
    let keyed = keyed_batches(events, 10_000);
    compare("window, 10,000 keys", events, repeats, &keyed, &|| {
        Ok(Box::new(window()?))
    })?;
    for products in [10_000, 100_000] {
        let model = Arc::new(model(products));
        let batches = click_batches(products, events)?;
        compare(
            &format!("recommend, {products} products"),
            events,
            repeats,
            &batches,
            &|| Ok(Box::new(recommend_stage(&model))),
        )?;
    }
    paced(100_000, 20_000.0, paced_seconds)?;
    Ok(())
}
