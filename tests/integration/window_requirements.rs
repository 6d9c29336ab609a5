//! The Requirements tab in the window: stakeholder -> requirement -> status with its arithmetic,
//! badges on the nodes it names, and a click that highlights its path on the canvas.

use egui_kittest::kittest::Queryable;
use sluice::ui::{BottomTab, Opening};

use super::window::{click, previewed, settle_for_snapshot, step_until, window_on};
use crate::fixtures::Workspace;

#[test]
fn the_requirements_tab_shows_each_stakeholders_requirements_and_highlights_a_path() {
    let ws = Workspace::new();
    let mut harness = window_on(Opening::Sample, &ws.path().join("config"));
    step_until(&mut harness, "the sample's first preview", previewed);
    // Four pass and one waits for data: the title counts them.
    click(&mut harness, "Requirements ✔4");
    harness.run_steps(3);
    assert_eq!(harness.state().view().bottom_tab, BottomTab::Requirements);
    for stakeholder in ["Marketing", "Data scientist"] {
        assert!(
            harness.query_by_label(stakeholder).is_some(),
            "{stakeholder} listed"
        );
    }
    assert!(
        harness
            .query_by_label_contains("lag of `training_table`: schedule of `training_table`")
            .is_some(),
        "the arithmetic is shown"
    );
    assert!(
        harness
            .query_by_label_contains("= 40 min ≤ 60 min budget")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("The data system serves transformed data no more than one hour old")
            .is_some()
    );
    // The nodes a requirement names carry its badge.
    assert!(harness.query_all_by_label_contains("◆").count() >= 3);

    let heading = "fresh_training_data (freshness) · budget 60 min · estimate 40 min · pass";
    click(&mut harness, heading);
    harness.run_steps(5);
    let designer = harness.state();
    assert_eq!(
        designer.view().highlighted_requirement.as_deref(),
        Some("fresh_training_data")
    );
    let marks = {
        let mut marks = designer.session().marks();
        marks.highlighted = marks
            .requirements
            .iter()
            .find(|r| r.id == "fresh_training_data");
        (
            marks.is_highlighted("training_table"),
            marks.is_highlighted("ratings"),
            marks.is_highlighted("most_popular"),
        )
    };
    assert_eq!(marks, (true, true, false), "the path, and only it");
    settle_for_snapshot(&mut harness);
    super::window::snapshot(&mut harness, "requirements_tab");
    click(&mut harness, "Clear highlight");
    harness.run_steps(2);
    assert_eq!(harness.state().view().highlighted_requirement, None);
}

#[test]
fn a_quality_nodes_preview_shows_each_rule_and_its_failing_rows_and_f1_explains_the_rules() {
    let ws = Workspace::new();
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender-faulty");
    crate::fixtures::copy_tree(&sample, &ws.path().join("faulty"));
    let file = ws.path().join("faulty/recommender.sluice.toml");
    let mut harness = window_on(Opening::File(file), &ws.path().join("config"));
    step_until(&mut harness, "the first preview", previewed);
    harness
        .state_mut()
        .queue(sluice::ui::Request::Reveal("training_quality".into()));
    step_until(&mut harness, "the quality node's preview", |d| {
        previewed(d)
            && d.session()
                .preview()
                .shown()
                .is_some_and(|(n, _)| n == "training_quality")
    });
    harness.run_steps(3);
    for rule in [
        "IsPrimaryKey \"customerNumber\" \"productCode\"",
        "ColumnValues \"productRating\" in [1, 2, 3, 4, 5]",
        "RowCount > 100",
    ] {
        assert!(harness.query_by_label(rule).is_some(), "{rule} shown");
    }
    assert!(harness.query_by_label("failing rows (2 shown)").is_some());
    assert!(harness.query_by_label("failing rows (1 shown)").is_some());
    assert!(
        harness.query_by_label("7").is_some(),
        "the rating of 7 is shown"
    );
    assert!(
        harness
            .query_by_label_contains("blocked by the data-quality node `training_quality`")
            .is_some(),
        "why nothing flows on"
    );
    // F1 opens the help: each rule type used, with why it matters and how to fix it.
    harness.key_press(egui::Key::F1);
    harness.run_steps(3);
    assert!(harness.query_by_label("The rules used here").is_some());
    assert!(
        harness
            .query_by_label_contains("IsPrimaryKey: checks")
            .is_some()
    );
    assert!(
        harness
            .query_all_by_label_contains("How to fix it:")
            .count()
            >= 3
    );
}

#[test]
fn a_timing_attribute_typed_in_the_inspector_changes_the_estimate() {
    let ws = Workspace::new();
    let mut harness = window_on(Opening::Sample, &ws.path().join("config"));
    step_until(&mut harness, "the sample's first preview", previewed);
    harness
        .state_mut()
        .queue(sluice::ui::Request::Reveal("training_table".into()));
    harness.run_steps(4);
    assert!(harness.query_by_label("Timing").is_some());
    // An hourly schedule breaks the one-hour budget: 60 min + 10 min.
    harness
        .state_mut()
        .queue(sluice::ui::Request::App(sluice::app::Intent::EditField {
            command: sluice::app::Command::SetTiming {
                node: "training_table".into(),
                key: "schedule".into(),
                value: Some("rate(1 hour)".into()),
            },
            node: "training_table".into(),
            param: "timing.schedule".into(),
        }));
    step_until(&mut harness, "the new estimate", |d| {
        d.session().plan().is_some_and(|p| {
            p.requirements
                .iter()
                .any(|r| r.id == "fresh_training_data" && r.estimate.as_deref() == Some("70 min"))
        })
    });
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label_contains("Requirements ✔3 ✖1")
            .is_some()
    );
    let node = harness
        .state()
        .session()
        .document()
        .node("training_table")
        .unwrap();
    assert_eq!(node.timing.schedule.as_deref(), Some("rate(1 hour)"));
}

#[test]
fn checking_against_data_from_the_window_names_the_failing_rules() {
    let ws = Workspace::new();
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender-faulty");
    crate::fixtures::copy_tree(&sample, &ws.path().join("faulty"));
    let file = ws.path().join("faulty/recommender.sluice.toml");
    let mut harness = window_on(Opening::File(file.clone()), &ws.path().join("config"));
    step_until(&mut harness, "the first preview", previewed);
    harness.key_press(egui::Key::F6);
    step_until(&mut harness, "the check against data", |d| {
        d.session().requirements_measured()
    });
    harness.run_steps(3);
    assert_eq!(harness.state().view().bottom_tab, BottomTab::Requirements);
    assert!(
        harness
            .query_by_label("Measured against the data")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("failed: `IsPrimaryKey \"customerNumber\" \"productCode\"`")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("failed: `ColumnValues \"productRating\" in [1, 2, 3, 4, 5]`")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("Requirements ✔3 ✖1")
            .is_some()
    );
    // As `sluice check` does, the check recorded the rules' values for dynamic rules.
    let history =
        sluice::model::history::load_history(&sluice::model::history::history_path_for(&file))
            .unwrap();
    assert!(history.quality.contains_key("training_quality"));
}
