//! Streams in the window: Start follows the run live in the Stream tab (rates, queue fill,
//! latency and throughput plots), a stream node's preview shows the events going through it,
//! Stop flushes and ends the run; a recommend node's preview answers a shopper typed in.

use std::sync::atomic::Ordering;

use egui::Key;
use egui_kittest::kittest::Queryable;
use sluice::ui::{BottomTab, Opening};

use super::window::{click, previewed, select, step_until, window_on};
use crate::fixtures::{Workspace, copy_tree};

/// A copy of the recommender sample whose clickstream goes on until it is stopped.
fn endless_sample(ws: &Workspace) -> std::path::PathBuf {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender");
    let folder = ws.path().join("recommender");
    copy_tree(&from, &folder);
    let _ = std::fs::remove_dir_all(folder.join("output"));
    let file = folder.join("recommender.sluice.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("max_events = 5000\n"));
    std::fs::write(&file, text.replace("max_events = 5000\n", "")).unwrap();
    file
}

#[test]
fn a_stream_run_is_followed_live_and_stop_flushes_it() {
    let ws = Workspace::new();
    let file = endless_sample(&ws);
    let mut harness = window_on(Opening::File(file.clone()), &ws.path().join("config"));
    step_until(&mut harness, "the first preview", previewed);
    harness.key_press(Key::F5);
    step_until(&mut harness, "events flowing", |d| {
        d.session().is_streaming()
            && d.session().stream_monitor().is_some_and(|m| {
                m.stage("served")
                    .is_some_and(|s| s.events_in.load(Ordering::Relaxed) > 1_000)
                    && m.throughput().count() >= 2
            })
    });
    harness.run_steps(2);
    assert_eq!(harness.state().view().bottom_tab, BottomTab::Stream);
    // The tab's title, the toolbar's Stop, the table of nodes, the latency of the last node.
    assert!(harness.query_by_label_contains("Stream ▶").is_some());
    assert!(harness.query_by_label("⏹ Stop stream").is_some());
    assert!(
        harness.query_all_by_label("recommendations_lake").count() >= 2,
        "on the canvas and in the table"
    );
    assert!(
        harness
            .query_by_label_contains("Latency from ingestion to `recommendations_lake`: p50")
            .is_some()
    );
    // The canvas shows each stream node's rate and events.
    assert!(harness.query_all_by_label_contains("⚡").count() >= 5);
    // A stream node's preview shows the newest events through it.
    select(&mut harness, &["recommendations"]);
    click(&mut harness, "Preview");
    step_until(&mut harness, "the live events", |d| {
        d.session()
            .stream_monitor()
            .and_then(|m| m.last_events("recommendations"))
            .is_some_and(|events| events.rows.len() == 100)
    });
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label_contains("▶ live: the last 100 events through it")
            .is_some()
    );
    assert!(harness.query_by_label("recommended").is_some());
    // Stop: the sources end, every node flushes, the run finishes.
    harness.key_press(Key::F7);
    step_until(&mut harness, "the run to finish", |d| {
        !d.session().is_running() && d.session().run_log().outcome().is_some()
    });
    let designer = harness.state();
    let outcome = designer.session().run_log().outcome().unwrap().to_string();
    assert!(outcome.starts_with("Run finished"), "{outcome}");
    let monitor = designer.session().stream_monitor().unwrap();
    assert!(!monitor.is_running());
    let made = monitor
        .stage("clicks")
        .unwrap()
        .events_out
        .load(Ordering::Relaxed);
    let served = monitor
        .stage("served")
        .unwrap()
        .events_in
        .load(Ordering::Relaxed);
    assert_eq!(made, served, "every event made was served");
    // Everything delivered reached the lake before the run ended.
    let delivered: usize = glob::glob(&format!(
        "{}/output/lake/activity/**/*.parquet",
        file.parent().unwrap().display()
    ))
    .unwrap()
    .map(|path| {
        polars::prelude::LazyFrame::scan_parquet(
            polars::prelude::PlRefPath::new(path.unwrap().to_string_lossy().as_ref()),
            Default::default(),
        )
        .unwrap()
        .collect()
        .unwrap()
        .height()
    })
    .sum();
    assert_eq!(delivered as u64, made);
}

#[test]
fn a_recommend_nodes_preview_answers_a_shopper_typed_in() {
    let ws = Workspace::new();
    let file = endless_sample(&ws);
    // What the engine answers, as `sluice recommend` prints it.
    let (pipeline, _) = sluice::model::file_format::load_pipeline(&file).unwrap();
    let plan = sluice::engine::plan_pipeline(&pipeline, sluice::engine::PlanSite::of_file(&file));
    let expected =
        sluice::engine::streams::ask::ask_recommender(&pipeline, &plan, "recommendations", "401")
            .unwrap();
    assert!(expected.fallback.is_none(), "{expected:?}");
    let mut harness = window_on(Opening::File(file), &ws.path().join("config"));
    step_until(&mut harness, "the first preview", previewed);
    select(&mut harness, &["recommendations"]);
    step_until(&mut harness, "the recommend node's preview", previewed);
    harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Try a shopper:")
        .focus();
    harness.step();
    harness.event(egui::Event::Text("401".into()));
    harness.step();
    click(&mut harness, "Ask");
    step_until(&mut harness, "the answer", |d| {
        d.session().answer().is_some()
    });
    assert!(
        harness
            .query_by_label_contains("For customer 401 (their best rated, best first: ")
            .is_some()
    );
    // The window shows what the engine answers, with the scores.
    for (rank, (product, score)) in expected.items.iter().enumerate() {
        let label = format!("{}. {product} ({score:.3})", rank + 1);
        assert!(harness.query_by_label(&label).is_some(), "{label}");
    }
}

#[test]
fn breaking_the_recommend_node_in_the_window_shows_the_fallback_in_the_run() {
    let ws = Workspace::new();
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender");
    copy_tree(&from, &ws.path().join("recommender"));
    let _ = std::fs::remove_dir_all(ws.path().join("recommender/output"));
    let file = ws.path().join("recommender/recommender.sluice.toml");
    let mut harness = window_on(Opening::File(file), &ws.path().join("config"));
    step_until(&mut harness, "the first preview", previewed);
    select(&mut harness, &["recommendations"]);
    harness.run_steps(2);
    click(&mut harness, "Break this node");
    harness.run_steps(2);
    click(&mut harness, "fail");
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label("⚠ broken on purpose: fail")
            .is_some(),
        "the canvas says the node is broken"
    );
    harness.key_press(Key::F5);
    step_until(&mut harness, "the run to finish", |d| {
        !d.session().is_running() && d.session().run_log().outcome().is_some()
    });
    let designer = harness.state();
    let line = designer
        .session()
        .run_log()
        .lines()
        .iter()
        .find(|l| l.node == "recommendations")
        .unwrap()
        .clone();
    assert!(
        line.note.contains("fallback: model failed: 5000"),
        "{}",
        line.note
    );
    assert!(line.note.contains("fault fail"), "{}", line.note);
}
