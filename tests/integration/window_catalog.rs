//! The Catalog panel in the window: each crawler's tables with their columns and partitions,
//! new and changed tables marked, and a table taken onto the canvas as a catalog source.

use std::path::Path;

use egui_kittest::kittest::Queryable;
use sluice::ui::Opening;

use super::window::{
    click, node_ids, planned, previewed, settle_for_snapshot, step_until, window_on,
};
use crate::fixtures::{Workspace, copy_tree};

#[test]
fn the_catalog_panel_lists_crawled_tables_and_adds_a_source_for_one() {
    let ws = Workspace::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/partitioned-logs");
    copy_tree(&sample, &ws.path().join("logs-sample"));
    let file = ws.path().join("logs-sample/partitioned-logs.sluice.toml");
    let mut harness = window_on(Opening::File(file), &ws.path().join("config"));
    step_until(&mut harness, "the plan", |d| {
        planned(d) && d.session().plan().is_some_and(|p| !p.catalogs.is_empty())
    });
    // The picture is taken once the selected node's preview has arrived too.
    step_until(&mut harness, "the first preview", previewed);
    click(&mut harness, "Catalog");
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("weblogs (crawler lake_crawler)")
            .is_some()
    );
    for table in ["📋 access", "📋 exports"] {
        assert!(harness.query_by_label(table).is_some(), "{table} listed");
    }
    // Not crawled into the catalog file yet: both tables are new.
    assert_eq!(harness.query_all_by_label("new").count(), 2);
    assert!(
        harness
            .query_by_label_contains("Changes not recorded yet")
            .is_some()
    );
    settle_for_snapshot(&mut harness);
    super::window::snapshot(&mut harness, "catalog_panel");

    // Double-clicking a table adds a catalog source reading it, wired to its crawler.
    let before = node_ids(harness.state()).len();
    let rect = harness.get_by_label("📋 exports").rect();
    harness.hover_at(rect.center());
    harness.run_steps(30);
    for _ in 0..2 {
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos: rect.center(),
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
            harness.step();
        }
    }
    harness.run_steps(3);
    let document = harness.state().session().document();
    assert_eq!(document.nodes.len(), before + 1);
    let added = document.nodes.last().unwrap();
    assert_eq!(added.kind.name, "catalog_source");
    assert_eq!(
        added
            .param("table")
            .and_then(|v| v.as_str().map(str::to_string)),
        Some("exports".to_string())
    );
    let wired: Vec<String> = added
        .input_refs()
        .map(|(_, s)| s.node.to_string())
        .collect();
    assert_eq!(wired, ["lake_crawler"]);
    // One undo step takes it all away.
    harness
        .state_mut()
        .queue(sluice::ui::Request::App(sluice::app::Intent::Edit(
            sluice::app::Command::Undo,
        )));
    harness.run_steps(2);
    assert_eq!(node_ids(harness.state()).len(), before);

    // Record crawl writes the catalog file beside the pipeline, and nothing else.
    let catalog_file = ws.path().join("logs-sample/partitioned-logs.catalog.toml");
    click(&mut harness, "Record crawl");
    step_until(&mut harness, "the recorded crawl", |d| {
        d.session()
            .plan()
            .and_then(|p| p.catalogs.get("lake_crawler"))
            .is_some_and(|c| c.last_crawl.is_some())
    });
    let catalog = sluice::model::catalog::load_catalog(&catalog_file).unwrap();
    assert_eq!(catalog.databases["weblogs"].tables.len(), 2);
    assert!(!ws.path().join("logs-sample/output").exists());
    assert!(harness.query_by_label_contains("Recorded 20").is_some());
}
