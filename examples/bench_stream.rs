//! Stream benchmark, filter and map: Sluice's stream runtime against a hand-written tokio program
//! doing the same work (the same Polars expressions on the same batches through bounded
//! channels), interleaved in one process. Prints events a second and CPU time per event.
//!   cargo run --release --example bench_stream [EVENTS] [REPEATS]

#[path = "bench_common/mod.rs"]
mod bench_common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bench_common::{cpu_time, median};

use polars::prelude::*;

type Failure = Box<dyn std::error::Error>;
use sluice::stream::operator::{Filter, Map, Sink, Source};
use sluice::stream::runtime::{RunSettings, Stage, StageKind, run};

const BATCH_ROWS: usize = 1_024;
const CHANNEL_BATCHES: usize = 16;

fn numbers(from: i64, rows: usize) -> DataFrame {
    let values: Vec<i64> = (from..from + rows as i64).collect();
    df!("n" => values).unwrap_or_default()
}

struct Numbers {
    next: i64,
    end: i64,
}

impl Source for Numbers {
    fn next_batch(&mut self, max_rows: usize) -> Result<Option<DataFrame>, String> {
        if self.next >= self.end {
            return Ok(None);
        }
        let rows = max_rows.min((self.end - self.next) as usize);
        let batch = numbers(self.next, rows);
        self.next += rows as i64;
        Ok(Some(batch))
    }
}

struct Count(Arc<AtomicU64>);

impl Sink for Count {
    fn write(&mut self, batch: &DataFrame) -> Result<(), String> {
        self.0.fetch_add(batch.height() as u64, Ordering::Relaxed);
        Ok(())
    }
}

fn sluice_run(events: i64) -> Result<(Duration, Duration, u64), Failure> {
    let counted = Arc::new(AtomicU64::new(0));
    let stages = vec![
        Stage {
            id: "numbers".into(),
            kind: StageKind::Source(Box::new(Numbers {
                next: 0,
                end: events,
            })),
            inputs: vec![],
        },
        Stage {
            id: "even".into(),
            kind: StageKind::Operator(Box::new(Filter::new("n % 2 = 0")?)),
            inputs: vec![0],
        },
        Stage {
            id: "doubled".into(),
            kind: StageKind::Operator(Box::new(Map::new(&[("n", "n * 2")])?)),
            inputs: vec![1],
        },
        Stage {
            id: "out".into(),
            kind: StageKind::Sink(Box::new(Count(Arc::clone(&counted)))),
            inputs: vec![2],
        },
    ];
    let settings = RunSettings {
        batch_rows: BATCH_ROWS,
        channel_batches: CHANNEL_BATCHES,
        ..RunSettings::default()
    };
    let (cpu, wall) = (cpu_time(), Instant::now());
    run(stages, &settings)?;
    Ok((
        wall.elapsed(),
        cpu_time() - cpu,
        counted.load(Ordering::Relaxed),
    ))
}

/// The floor: the same batches, expressions and bounded channels, written by hand.
fn floor_run(events: i64) -> Result<(Duration, Duration, u64), Failure> {
    let (cpu, wall) = (cpu_time(), Instant::now());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()?;
    let predicate = polars::sql::sql_expr("n % 2 = 0")?;
    let doubled = polars::sql::sql_expr("n * 2")?.alias("n");
    let counted = runtime.block_on(async move {
        let (to_filter, mut filter_in) = tokio::sync::mpsc::channel::<DataFrame>(CHANNEL_BATCHES);
        let (to_map, mut map_in) = tokio::sync::mpsc::channel::<DataFrame>(CHANNEL_BATCHES);
        let (to_sink, mut sink_in) = tokio::sync::mpsc::channel::<DataFrame>(CHANNEL_BATCHES);
        let source = tokio::spawn(async move {
            let mut next = 0;
            while next < events {
                let rows = BATCH_ROWS.min((events - next) as usize);
                let _ = to_filter.send(numbers(next, rows)).await;
                next += rows as i64;
                tokio::task::yield_now().await;
            }
        });
        let filter = tokio::spawn(async move {
            while let Some(batch) = filter_in.recv().await {
                let kept = batch
                    .lazy()
                    .filter(predicate.clone())
                    .collect()
                    .unwrap_or_default();
                let _ = to_map.send(kept).await;
            }
        });
        let map = tokio::spawn(async move {
            while let Some(batch) = map_in.recv().await {
                let mapped = batch
                    .lazy()
                    .with_columns([doubled.clone()])
                    .collect()
                    .unwrap_or_default();
                let _ = to_sink.send(mapped).await;
            }
        });
        let sink = tokio::spawn(async move {
            let mut counted = 0u64;
            while let Some(batch) = sink_in.recv().await {
                counted += batch.height() as u64;
            }
            counted
        });
        let _ = tokio::join!(source, filter, map);
        sink.await.unwrap_or(0)
    });
    Ok((wall.elapsed(), cpu_time() - cpu, counted))
}

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().collect();
    let events: i64 = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5_000_000);
    let repeats: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(3);
    let (mut ours, mut floors) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        floors.push(floor_run(events)?);
        ours.push(sluice_run(events)?);
    }
    let report = |name: &str, runs: &[(Duration, Duration, u64)]| {
        let rate = median(
            runs.iter()
                .map(|r| events as f64 / r.0.as_secs_f64())
                .collect(),
        );
        let cpu = median(
            runs.iter()
                .map(|r| r.1.as_secs_f64() * 1e9 / events as f64)
                .collect(),
        );
        let counted = runs.first().map_or(0, |r| r.2);
        println!("{name}\t{rate:.0} events/s\t{cpu:.0} ns CPU/event\t{counted} out");
        cpu
    };
    println!("filter + map, {events} events, {repeats} interleaved runs, medians");
    let floor_cpu = report("hand-written tokio", &floors);
    let our_cpu = report("sluice stream runtime", &ours);
    println!(
        "CPU per event, sluice / floor: {:.2}x",
        our_cpu / floor_cpu.max(1e-9)
    );
    Ok(())
}
