//! Deploy in the window: the Script tab shows the Glue script of the selected node's job with
//! the node's lines marked, or why the node has none.

use egui_kittest::kittest::Queryable;
use sluice::ui::{BottomTab, Opening};

use super::window::{
    click, preview_of, select, settle_for_snapshot, snapshot, step_until, window_on,
};
use crate::fixtures::{Workspace, copy_tree};

fn recommender(ws: &Workspace) -> std::path::PathBuf {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender");
    let folder = ws.path().join("recommender");
    copy_tree(&from, &folder);
    folder.join("recommender.sluice.toml")
}

#[test]
fn the_script_tab_shows_the_selected_nodes_job_with_its_lines_marked() {
    let ws = Workspace::new();
    let file = recommender(&ws);
    let mut harness = window_on(Opening::File(file), &ws.path().join("config"));
    step_until(&mut harness, "the plan", |d| d.session().is_planned());
    select(&mut harness, &["completed_orders"]);
    harness.state_mut().view_mut().bottom_tab = BottomTab::Script;
    step_until(&mut harness, "the script", |d| {
        d.session()
            .script()
            .is_some_and(|s| s.node == "completed_orders")
    });
    let shown = harness
        .state()
        .session()
        .script()
        .cloned()
        .expect("a script");
    let script = shown.result.expect("the node deploys in a job");
    assert_eq!(script.glue_job, "recommender-most_popular");
    let (first, last) = script.lines.expect("the node's lines");
    let text: Vec<&str> = script.script.text.lines().collect();
    assert_eq!(text[first - 1], "# completed_orders (filter)");
    assert!(text[last - 1].starts_with("completed_orders = orders.filter("));
    assert!(
        harness
            .query_by_label("Glue job recommender-most_popular")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("completed_orders = orders.filter(F.expr(")
            .is_some(),
        "the node's line is on screen"
    );
    settle_for_snapshot(&mut harness);
    snapshot(&mut harness, "script_tab");

    // A node that stays local says why.
    select(&mut harness, &["recommender"]);
    step_until(&mut harness, "the reason", |d| {
        d.session()
            .script()
            .is_some_and(|s| s.node == "recommender")
    });
    assert!(
        harness
            .query_by_label_contains("runs only where Sluice runs: training the recommender")
            .is_some()
    );
}

#[test]
fn deploy_asks_for_settings_plans_applies_with_progress_and_marks_the_nodes() {
    super::s3_crawl::moto_endpoint();
    let ws = Workspace::new();
    let file = recommender(&ws);
    let mut harness = window_on(Opening::File(file.clone()), &ws.path().join("config"));
    step_until(&mut harness, "the plan", |d| d.session().is_planned());
    // A source's first rows are always the same, for the snapshot.
    preview_of(&mut harness, "customers");
    click(&mut harness, "Deploy…");
    step_until(&mut harness, "the settings form", |d| {
        d.session().deploy().needs_settings.is_some()
    });
    assert!(
        harness
            .query_by_label_contains("There are no deploy settings yet")
            .is_some()
    );
    {
        let form = &mut harness.state_mut().view_mut().deploy;
        form.bucket = "window-deploy-lake".to_string();
        form.role_arn = "arn:aws:iam::123456789012:role/glue-jobs".to_string();
        form.region = "us-east-1".to_string();
    }
    click(&mut harness, "Save settings and plan");
    step_until(&mut harness, "the deploy plan", |d| {
        d.session().deploy().busy.is_none()
            && d.session()
                .deploy()
                .plan
                .as_ref()
                .is_some_and(|p| p.is_ok())
    });
    assert!(file.with_file_name("recommender.deploy.toml").exists());
    let plan = harness
        .state()
        .session()
        .deploy()
        .plan
        .clone()
        .expect("a plan")
        .expect("planned");
    assert_eq!(plan.summary, "10 to create");
    assert!(harness.query_by_label("Plan: 10 to create").is_some());
    assert!(
        harness
            .query_by_label("recommender-training_table")
            .is_some()
    );
    assert_eq!(
        plan.nodes.get("completed_orders").map(String::as_str),
        Some("to create")
    );
    settle_for_snapshot(&mut harness);
    // The emulator's port changes from run to run.
    let moving: Vec<egui::Rect> = harness
        .query_all_by_label_contains("s3://window-deploy-lake/")
        // A fixed width: the port's digits change the text's.
        .map(|node| {
            egui::Rect::from_min_size(node.rect().min, egui::vec2(600.0, node.rect().height()))
        })
        .collect();
    for rect in moving {
        harness.mask(rect);
    }
    snapshot(&mut harness, "deploy_dialog_plan");

    click(&mut harness, "Apply");
    step_until(&mut harness, "the apply", |d| {
        d.session().deploy().busy.is_none()
            && d.session().deploy().applied.is_some()
            && d.session()
                .deploy()
                .plan
                .as_ref()
                .and_then(|p| p.as_ref().ok())
                .is_some_and(|p| p.summary == "10 unchanged")
    });
    let dialog = harness.state().session().deploy();
    assert_eq!(
        dialog.progress.len(),
        10,
        "a line per resource as it was made"
    );
    let lines = dialog.applied.clone().expect("applied").expect("no error");
    assert!(lines.iter().all(|l| l.outcome == "done"));
    assert!(
        lines
            .iter()
            .any(|l| l.arn == "arn:aws:glue:us-east-1:123456789012:job/recommender-most_popular")
    );
    assert!(
        harness
            .query_by_label("Applied: the account holds what the pipeline says.")
            .is_some()
    );
    assert!(harness.query_all_by_label("☁ in AWS").count() >= 10);
    // Asked to, the plan uploads the files the jobs read too.
    click(
        &mut harness,
        "Upload the files the deployed sources and crawlers read",
    );
    step_until(&mut harness, "the plan with the data", |d| {
        d.session().deploy().busy.is_none()
            && d.session()
                .deploy()
                .plan
                .as_ref()
                .and_then(|p| p.as_ref().ok())
                .is_some_and(|p| p.summary != "10 unchanged")
    });
    let with_data = harness
        .state()
        .session()
        .deploy()
        .plan
        .clone()
        .expect("a plan")
        .expect("planned");
    assert_eq!(with_data.summary, "5 to create, 10 unchanged");
    assert!(
        with_data
            .lines
            .iter()
            .any(|l| l.name == "sluice/recommender/data/ratings.csv")
    );

    // Clean the shared emulator for other tests.
    let mut destroy = assert_cmd::Command::cargo_bin("sluice").expect("sluice");
    destroy.args(["deploy", "destroy", &file.to_string_lossy()]);
    destroy.assert().success();
}
