//! The stream runtime: counts conserved through filter and map, latency measured at the sink,
//! back-pressure bounding what a slow sink lets pile up, and a stop that flushes every stage.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use polars::prelude::*;
use sluice::stream::operator::{Filter, Map, Sink, Source};
use sluice::stream::runtime::{RunSettings, Stage, StageKind, run};

/// Numbers 0, 1, 2, … as events, forever or up to `end`.
struct Counter {
    next: i64,
    end: Option<i64>,
    made: Arc<AtomicU64>,
}

impl Source for Counter {
    fn next_batch(&mut self, max_rows: usize) -> Result<Option<DataFrame>, String> {
        let stop = match self.end {
            Some(end) if self.next >= end => return Ok(None),
            Some(end) => end.min(self.next + max_rows as i64),
            None => self.next + max_rows as i64,
        };
        let values: Vec<i64> = (self.next..stop).collect();
        self.next = stop;
        self.made.fetch_add(values.len() as u64, Ordering::Relaxed);
        df!("n" => values).map(Some).map_err(|e| e.to_string())
    }
}

/// Keeps what it is given; optionally slow.
struct Collect {
    rows: Arc<Mutex<Vec<i64>>>,
    taken: Arc<AtomicU64>,
    delay: Duration,
    closed: Arc<AtomicBool>,
}

impl Sink for Collect {
    fn write(&mut self, batch: &DataFrame) -> Result<(), String> {
        std::thread::sleep(self.delay);
        let values = batch.column("n").map_err(|e| e.to_string())?;
        let values = values.i64().map_err(|e| e.to_string())?;
        self.rows.lock().unwrap().extend(values.into_no_null_iter());
        self.taken
            .fetch_add(batch.height() as u64, Ordering::Relaxed);
        Ok(())
    }

    fn close(&mut self) -> Result<(), String> {
        self.closed.store(true, Ordering::Relaxed);
        Ok(())
    }
}

struct Probe {
    rows: Arc<Mutex<Vec<i64>>>,
    made: Arc<AtomicU64>,
    taken: Arc<AtomicU64>,
    closed: Arc<AtomicBool>,
}

fn graph(end: Option<i64>, delay: Duration) -> (Vec<Stage>, Probe) {
    let probe = Probe {
        rows: Arc::default(),
        made: Arc::default(),
        taken: Arc::default(),
        closed: Arc::default(),
    };
    let stages = vec![
        Stage {
            id: "numbers".into(),
            kind: StageKind::Source(Box::new(Counter {
                next: 0,
                end,
                made: Arc::clone(&probe.made),
            })),
            inputs: vec![],
        },
        Stage {
            id: "even".into(),
            kind: StageKind::Operator(Box::new(Filter::new("n % 2 = 0").unwrap())),
            inputs: vec![0],
        },
        Stage {
            id: "doubled".into(),
            kind: StageKind::Operator(Box::new(Map::new(&[("n", "n * 2")]).unwrap())),
            inputs: vec![1],
        },
        Stage {
            id: "out".into(),
            kind: StageKind::Sink(Box::new(Collect {
                rows: Arc::clone(&probe.rows),
                taken: Arc::clone(&probe.taken),
                delay,
                closed: Arc::clone(&probe.closed),
            })),
            inputs: vec![2],
        },
    ];
    (stages, probe)
}

#[test]
fn a_million_events_through_filter_and_map_are_all_accounted_for() {
    let (stages, probe) = graph(Some(1_000_000), Duration::ZERO);
    let reports = run(stages, &RunSettings::default()).unwrap();
    for report in &reports {
        assert!(report.conserved(), "{report:?}");
    }
    assert_eq!(reports[0].events_out, 1_000_000);
    assert_eq!(reports[1].drops["filtered out"], 500_000);
    assert_eq!(reports[3].events_in, 500_000);
    let rows = probe.rows.lock().unwrap();
    assert_eq!(rows.len(), 500_000);
    assert!(rows.iter().all(|n| n % 4 == 0), "even numbers, doubled");
    let latency = reports[3].latency.unwrap();
    assert_eq!(latency.count, 500_000);
    assert!(latency.p50_micros <= latency.p99_micros && latency.p99_micros <= latency.max_micros);
    assert!(probe.closed.load(Ordering::Relaxed), "the sink was closed");
}

#[test]
fn a_slow_sink_holds_the_source_back_and_a_stop_flushes_everything() {
    let settings = RunSettings {
        channel_batches: 2,
        batch_rows: 100,
        ..RunSettings::default()
    };
    let (stages, probe) = graph(None, Duration::from_millis(2));
    let stop = Arc::clone(&settings.stop);
    let made = Arc::clone(&probe.made);
    let taken = Arc::clone(&probe.taken);
    let watcher = std::thread::spawn(move || {
        let mut most_ahead = 0;
        for _ in 0..100 {
            std::thread::sleep(Duration::from_millis(3));
            // Made but not taken: bounded by the channels (2 batches each, 3 channels) and
            // the batches in the stages' hands, whatever the source could make.
            let ahead =
                made.load(Ordering::Relaxed) as i64 - 2 * taken.load(Ordering::Relaxed) as i64;
            most_ahead = most_ahead.max(ahead);
        }
        stop.store(true, Ordering::Relaxed);
        most_ahead
    });
    let reports = run(stages, &settings).unwrap();
    let most_ahead = watcher.join().unwrap();
    assert!(
        most_ahead <= 12 * 100,
        "{most_ahead} events ahead of the slow sink"
    );
    // Stopped: what the source made went all the way through.
    for report in &reports {
        assert!(report.conserved(), "{report:?}");
    }
    let made = probe.made.load(Ordering::Relaxed);
    assert!(made > 0);
    assert_eq!(probe.rows.lock().unwrap().len() as u64 * 2, made);
    assert!(probe.closed.load(Ordering::Relaxed));
}

#[test]
fn a_failing_stage_is_named() {
    let (mut stages, _) = graph(Some(1_000), Duration::ZERO);
    stages[2] = Stage {
        id: "broken".into(),
        kind: StageKind::Operator(Box::new(Map::new(&[("m", "missing_column + 1")]).unwrap())),
        inputs: vec![1],
    };
    let error = run(stages, &RunSettings::default())
        .unwrap_err()
        .to_string();
    assert!(error.contains("stage `broken` failed"), "{error}");
}

mod windows {
    use polars::prelude::*;
    use sluice::stream::INGESTED_COLUMN;
    use sluice::stream::operator::Operator;
    use sluice::stream::window::{EventTimeWindow, WindowSettings};

    const SECOND: i64 = 1_000_000;

    fn batch(events: &[(i64, &str)]) -> DataFrame {
        df!(
            "t" => events.iter().map(|(t, _)| t * SECOND).collect::<Vec<_>>(),
            "key" => events.iter().map(|(_, k)| *k).collect::<Vec<_>>(),
            INGESTED_COLUMN => vec![0i64; events.len()],
        )
        .unwrap()
    }

    fn window(lateness_seconds: i64) -> EventTimeWindow {
        sliding(10, 10, 2, lateness_seconds)
    }

    /// A window of `size` seconds starting every `slide`, counting events per key.
    fn sliding(size: i64, slide: i64, out_of_order: i64, lateness: i64) -> EventTimeWindow {
        EventTimeWindow::new(WindowSettings {
            time_column: "t".into(),
            size_micros: size * SECOND,
            slide_micros: slide * SECOND,
            out_of_order_micros: out_of_order * SECOND,
            allowed_lateness_micros: lateness * SECOND,
            keys: vec!["key".into()],
            aggregates: vec![len().alias("events")],
        })
        .unwrap()
    }

    /// (window start in seconds, key, count) of every result.
    fn rows(frames: &[DataFrame]) -> Vec<(i64, String, u32)> {
        let mut out = Vec::new();
        for frame in frames {
            let starts = frame.column("window_start").unwrap().i64().unwrap().clone();
            let keys = frame.column("key").unwrap().str().unwrap().clone();
            let counts = frame.column("events").unwrap().u32().unwrap().clone();
            for i in 0..frame.height() {
                out.push((
                    starts.get(i).unwrap() / SECOND,
                    keys.get(i).unwrap().to_string(),
                    counts.get(i).unwrap(),
                ));
            }
        }
        out
    }

    #[test]
    fn windows_close_when_the_watermark_passes_and_late_events_are_counted() {
        let mut window = window(0);
        // Newest 12 s: watermark 10 s closes [0, 10).
        let first = window
            .process(batch(&[(1, "a"), (3, "b"), (12, "a")]))
            .unwrap();
        assert_eq!(
            rows(&first.batches),
            [(0, "a".into(), 1), (0, "b".into(), 1)]
        );
        assert_eq!(window.watermark_micros(), Some(10 * SECOND));
        // 5 s belongs to [0, 10), already closed: late. Newest 25 s closes [10, 20).
        let second = window
            .process(batch(&[(5, "a"), (15, "a"), (25, "b")]))
            .unwrap();
        assert_eq!(second.drops, [("late".to_string(), 1)]);
        assert_eq!(rows(&second.batches), [(10, "a".into(), 2)]);
        assert_eq!(first.aggregated + second.aggregated, 5);
        // The end of the input closes what is open.
        let last = window.finish().unwrap();
        assert_eq!(rows(&last.batches), [(20, "b".into(), 1)]);
    }

    #[test]
    fn allowed_lateness_keeps_a_window_open_for_stragglers() {
        let mut window = window(5);
        let first = window
            .process(batch(&[(1, "a"), (3, "b"), (12, "a")]))
            .unwrap();
        assert!(
            rows(&first.batches).is_empty(),
            "[0, 10) waits until the watermark is 15 s"
        );
        let second = window
            .process(batch(&[(5, "a"), (15, "a"), (25, "b")]))
            .unwrap();
        assert!(second.drops.is_empty(), "5 s is within the lateness");
        assert_eq!(
            rows(&second.batches),
            [(0, "a".into(), 2), (0, "b".into(), 1)]
        );
        let last = window.finish().unwrap();
        assert_eq!(
            rows(&last.batches),
            [(10, "a".into(), 2), (20, "b".into(), 1)]
        );
    }

    #[test]
    fn a_sliding_window_counts_each_event_in_every_window_that_holds_it() {
        // 10 s windows every 5 s, no out-of-orderness, no lateness.
        let mut window = sliding(10, 5, 0, 0);
        // 1 s is in [-5, 5) and [0, 10); 7 s in [0, 10) and [5, 15); 12 s in [5, 15) and
        // [10, 20). The watermark, 12 s, closes [-5, 5) and [0, 10).
        let first = window
            .process(batch(&[(1, "a"), (7, "a"), (12, "a")]))
            .unwrap();
        assert_eq!(
            rows(&first.batches),
            [(-5, "a".into(), 1), (0, "a".into(), 2)]
        );
        assert_eq!(first.aggregated, 3, "each event counted once");
        // 4 s belongs only to closed windows: late. 14 s goes to [5, 15) and [10, 20).
        let second = window.process(batch(&[(4, "a"), (14, "a")])).unwrap();
        assert_eq!(second.drops, [("late".to_string(), 1)]);
        assert_eq!(second.aggregated, 1);
        assert!(rows(&second.batches).is_empty());
        let last = window.finish().unwrap();
        assert_eq!(
            rows(&last.batches),
            [(5, "a".into(), 3), (10, "a".into(), 2)]
        );
    }

    #[test]
    fn a_slide_longer_than_the_window_is_refused() {
        let settings = WindowSettings {
            time_column: "t".into(),
            size_micros: SECOND,
            slide_micros: 2 * SECOND,
            out_of_order_micros: 0,
            allowed_lateness_micros: 0,
            keys: Vec::new(),
            aggregates: vec![len().alias("events")],
        };
        assert!(EventTimeWindow::new(settings).is_err());
    }
}
