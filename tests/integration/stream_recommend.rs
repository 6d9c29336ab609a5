//! The recommender path on the stream runtime: a million clickstream events, each answered; the
//! model failed mid-stream and every request still answered, from the most popular products,
//! with the reason, within the budget.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use polars::prelude::*;
use sluice::recommend::{Rating, TrainSettings, train};
use sluice::samples::clickstream::{Clickstream, ClickstreamSettings, Product};
use sluice::stream::clickstream_source::ClickstreamSource;
use sluice::stream::operator::Sink;
use sluice::stream::recommend_stage::{ModelSlot, RecommendSettings, RecommendStage};
use sluice::stream::runtime::{RunSettings, Stage, StageKind, run};

fn sample_csv(name: &str) -> Vec<Vec<String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/recommender/data")
        .join(name);
    let text = std::fs::read_to_string(path).unwrap();
    // The sample's ids and codes hold no quoted commas.
    text.lines()
        .skip(1)
        .map(|line| line.split(',').map(str::to_string).collect())
        .collect()
}

#[derive(Default)]
struct Tally {
    answers: u64,
    fallbacks: u64,
    empty: u64,
    reasons: std::collections::BTreeMap<String, u64>,
}

struct Answers {
    tally: Arc<Mutex<Tally>>,
    seen: Arc<AtomicU64>,
}

impl Sink for Answers {
    fn write(&mut self, batch: &DataFrame) -> Result<(), String> {
        let recommended = batch.column("recommended").unwrap().str().unwrap().clone();
        let fallback = batch.column("fallback").unwrap().bool().unwrap().clone();
        let reasons = batch
            .column("fallback_reason")
            .unwrap()
            .str()
            .unwrap()
            .clone();
        let mut tally = self.tally.lock().unwrap();
        for ((items, fell_back), reason) in
            recommended.iter().zip(fallback.iter()).zip(reasons.iter())
        {
            tally.answers += 1;
            if items.unwrap_or_default().is_empty() {
                tally.empty += 1;
            }
            if fell_back == Some(true) {
                tally.fallbacks += 1;
                *tally
                    .reasons
                    .entry(reason.unwrap_or_default().to_string())
                    .or_default() += 1;
            }
        }
        self.seen
            .fetch_add(batch.height() as u64, Ordering::Relaxed);
        Ok(())
    }
}

#[test]
fn a_million_events_are_all_answered_even_when_the_model_fails_mid_stream() {
    let ratings: Vec<Rating> = sample_csv("ratings.csv")
        .into_iter()
        .filter(|r| r[2] != "NA")
        .map(|r| Rating {
            user: r[0].clone(),
            item: r[1].clone(),
            value: r[2].parse().unwrap(),
        })
        .collect();
    let model = Arc::new(train(&ratings, &TrainSettings::default()).unwrap());
    let lines: std::collections::HashMap<String, String> = sample_csv("products.csv")
        .into_iter()
        .map(|r| (r[0].clone(), r[2].clone()))
        .collect();
    let products: Vec<Product> = model
        .popular
        .iter()
        .map(|(code, _)| Product {
            code: code.clone(),
            line: lines.get(code).cloned().unwrap_or_default(),
        })
        .collect();
    let customers: Vec<String> = sample_csv("customers.csv")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    let clicks = Clickstream::new(customers, products, ClickstreamSettings::default()).unwrap();
    let slot = ModelSlot::new(Some(Arc::clone(&model)));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let seen = Arc::new(AtomicU64::new(0));
    let stages = vec![
        Stage {
            id: "clicks".into(),
            kind: StageKind::Source(Box::new(ClickstreamSource::new(clicks))),
            inputs: vec![],
        },
        Stage {
            id: "recommend".into(),
            kind: StageKind::Operator(Box::new(RecommendStage::new(
                slot.clone(),
                model.popular.clone(),
                RecommendSettings {
                    // The seed's budget; the answers take microseconds.
                    deadline: std::time::Duration::from_secs(1),
                    ..RecommendSettings::default()
                },
            ))),
            inputs: vec![0],
        },
        Stage {
            id: "serve".into(),
            kind: StageKind::Sink(Box::new(Answers {
                tally: Arc::clone(&tally),
                seen: Arc::clone(&seen),
            })),
            inputs: vec![1],
        },
    ];
    // Half way through, the model breaks.
    let breaker = {
        let seen = Arc::clone(&seen);
        std::thread::spawn(move || {
            while seen.load(Ordering::Relaxed) < 500_000 {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            slot.fail("injected fault");
        })
    };
    // Small batches and short queues keep the wait in queues short.
    let settings = RunSettings {
        max_events: Some(1_000_000),
        batch_rows: 256,
        channel_batches: 4,
        ..RunSettings::default()
    };
    let reports = run(stages, &settings).unwrap();
    breaker.join().unwrap();
    for report in &reports {
        assert!(report.conserved(), "{report:?}");
    }
    let tally = tally.lock().unwrap();
    assert_eq!(tally.answers, 1_000_000, "every event answered");
    assert_eq!(tally.empty, 0, "every answer names products");
    assert!(
        tally.fallbacks > 0 && tally.fallbacks <= 500_000,
        "{}",
        tally.fallbacks
    );
    assert_eq!(
        tally.reasons.keys().collect::<Vec<_>>(),
        ["the model failed: injected fault"],
        "before the fault, the model answered every event"
    );
    let latency = reports[2].latency.unwrap();
    eprintln!(
        "ingestion to answer: {latency:?}; fallbacks {}",
        tally.fallbacks
    );
    assert!(
        latency.p99_micros < 1_000_000,
        "p99 {} µs is within the 1 s budget",
        latency.p99_micros
    );
}
