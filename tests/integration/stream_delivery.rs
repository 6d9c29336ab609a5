//! Delivery to the lake: buffered by size and interval, written by event hour, aside then
//! renamed, and flushed on stop.

use std::path::Path;
use std::time::Duration;

use polars::prelude::*;
use sluice::stream::INGESTED_COLUMN;
use sluice::stream::delivery::{Delivery, DeliveryFormat, DeliverySettings};
use sluice::stream::operator::Sink;

const HOUR: i64 = 3_600_000_000;

fn events(hours: &[i64]) -> DataFrame {
    // 2026-12-01T00:00:00Z plus whole hours and a minute.
    let start = 1_796_083_200_000_000i64;
    df!(
        "event_time" => hours.iter().map(|h| start + h * HOUR + 60_000_000).collect::<Vec<_>>(),
        "product" => hours.iter().map(|h| format!("S{h}")).collect::<Vec<_>>(),
        INGESTED_COLUMN => vec![0i64; hours.len()],
    )
    .unwrap()
}

/// Every file below `root`, relative to it, sorted.
fn files(root: &Path) -> Vec<String> {
    fn walk(root: &Path, folder: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                found.push(
                    path.strip_prefix(root)
                        .unwrap_or(&path)
                        .display()
                        .to_string(),
                );
            }
        }
    }
    let mut found = Vec::new();
    walk(root, root, &mut found);
    found.sort();
    found
}

fn delivery(folder: &Path, format: DeliveryFormat, interval: Duration) -> Delivery {
    Delivery::new(DeliverySettings {
        folder: folder.to_path_buf(),
        format,
        time_column: "event_time".into(),
        buffer_bytes: 1 << 30,
        buffer_interval: interval,
    })
}

#[test]
fn events_wait_in_the_buffer_then_land_by_event_hour() {
    let dir = tempfile::tempdir().unwrap();
    let mut sink = delivery(
        dir.path(),
        DeliveryFormat::NdJson,
        Duration::from_secs(3600),
    );
    sink.write(&events(&[0, 0, 1])).unwrap();
    sink.write(&events(&[2])).unwrap();
    assert!(files(dir.path()).is_empty(), "buffered, not written yet");
    sink.close().unwrap();
    let written = files(dir.path());
    assert_eq!(written.len(), 3, "{written:?}");
    assert!(
        written[0].starts_with("year=2026/month=12/day=01/hour=00/part-"),
        "{written:?}"
    );
    assert!(
        written.iter().all(|f| f.ends_with(".ndjson")),
        "no file left aside: {written:?}"
    );
    assert_eq!(sink.rows_delivered(), 4);
    let first = dir.path().join(&written[0]);
    let text = std::fs::read_to_string(first).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(!text.contains(INGESTED_COLUMN), "{text}");
}

#[test]
fn the_interval_writes_the_buffer_when_no_event_comes() {
    let dir = tempfile::tempdir().unwrap();
    let mut sink = delivery(
        dir.path(),
        DeliveryFormat::Parquet,
        Duration::from_millis(30),
    );
    sink.write(&events(&[5])).unwrap();
    sink.tick().unwrap();
    assert!(files(dir.path()).is_empty());
    std::thread::sleep(Duration::from_millis(40));
    sink.tick().unwrap();
    let written = files(dir.path());
    assert_eq!(written.len(), 1, "{written:?}");
    let frame = ParquetReader::new(std::fs::File::open(dir.path().join(&written[0])).unwrap())
        .finish()
        .unwrap();
    assert_eq!(frame.height(), 1);
}

#[test]
fn a_size_bound_writes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut sink = Delivery::new(DeliverySettings {
        folder: dir.path().to_path_buf(),
        format: DeliveryFormat::NdJson,
        time_column: "event_time".into(),
        buffer_bytes: 1,
        buffer_interval: Duration::from_secs(900),
    });
    sink.write(&events(&[0])).unwrap();
    assert_eq!(files(dir.path()).len(), 1);
    assert_eq!(sink.files_written(), 1);
}

#[test]
fn a_run_delivers_every_event_it_took_when_it_ends() {
    use sluice::samples::clickstream::{Clickstream, ClickstreamSettings, Product};
    use sluice::stream::clickstream_source::ClickstreamSource;
    use sluice::stream::runtime::{RunSettings, Stage, StageKind, run};
    let dir = tempfile::tempdir().unwrap();
    let products = (0..20)
        .map(|p| Product {
            code: format!("S{p}"),
            line: "cars".into(),
        })
        .collect();
    // About two events a second: ten thousand span more than an hour of event time.
    let clicks = Clickstream::new(
        vec!["103".into(), "112".into()],
        products,
        ClickstreamSettings {
            events_per_second: 1.5,
            ..ClickstreamSettings::default()
        },
    )
    .unwrap();
    let stages = vec![
        Stage {
            id: "clicks".into(),
            kind: StageKind::Source(Box::new(ClickstreamSource::new(clicks))),
            inputs: vec![],
        },
        Stage {
            id: "lake".into(),
            kind: StageKind::Sink(Box::new(delivery(
                dir.path(),
                DeliveryFormat::NdJson,
                Duration::from_millis(20),
            ))),
            inputs: vec![0],
        },
    ];
    let settings = RunSettings {
        max_events: Some(10_000),
        batch_rows: 500,
        ..RunSettings::default()
    };
    let reports = run(stages, &settings).unwrap();
    assert_eq!(reports[1].events_in, 10_000);
    let written = files(dir.path());
    assert!(written.iter().any(|f| f.contains("hour=01")), "{written:?}");
    let lines: usize = written
        .iter()
        .map(|f| {
            std::fs::read_to_string(dir.path().join(f))
                .unwrap()
                .lines()
                .count()
        })
        .sum();
    assert_eq!(lines, 10_000, "nothing buffered was lost at the end");
}
