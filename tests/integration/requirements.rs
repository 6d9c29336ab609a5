//! Requirements: a passing and a failing fixture for every kind and every platform limit, the
//! arithmetic shown, measured freshness and durations, and `sluice check` / `validate`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use sluice::engine::requirements::{
    RequirementCheck, RequirementStatus, check_requirements, measure_requirements,
};
use sluice::engine::{PlanSite, RunStrategy, plan_pipeline};
use sluice::model::history::{RunHistory, history_path_for, load_history};

use super::fixtures::{Workspace, csv_node};

const ORDERS: &str = "id,amount,updated\n1,10,2026-12-01 10:00:00\n2,20,2026-12-01 11:00:00\n";

/// source -> (middle nodes…) -> sink, with `timing` per node and the requirement text.
fn chain(timings: &[(&str, &str)], requirement: &str) -> String {
    let mut body = String::new();
    let mut previous = "orders".to_string();
    body.push_str(&csv_node("orders", "orders.csv"));
    if let Some((_, timing)) = timings.iter().find(|(id, _)| *id == "orders") {
        body = body.replace(
            "path = \"orders.csv\"\n",
            &format!("path = \"orders.csv\"\ntiming = {{ {timing} }}\n"),
        );
    }
    for (id, timing) in timings {
        if *id == "orders" || *id == "sink" {
            continue;
        }
        body.push_str(&format!(
            "[[node]]\nid = \"{id}\"\nkind = \"filter\"\ninputs = {{ in = \"{previous}\" }}\npredicate = \"amount > 0\"\ntiming = {{ {timing} }}\n\n"
        ));
        previous = id.to_string();
    }
    let sink_timing = timings
        .iter()
        .find(|(id, _)| *id == "sink")
        .map(|(_, t)| format!("timing = {{ {t} }}\n"))
        .unwrap_or_default();
    body.push_str(&format!(
        "[[node]]\nid = \"sink\"\nkind = \"csv_sink\"\ninputs = {{ in = \"{previous}\" }}\npath = \"out/orders.csv\"\n{sink_timing}\n"
    ));
    body.push_str(requirement);
    body
}

fn checked(body: &str) -> RequirementCheck {
    checked_with(body, &RunHistory::default())
}

fn checked_with(body: &str, history: &RunHistory) -> RequirementCheck {
    let workspace = Workspace::new();
    let pipeline = workspace.parse(body);
    let mut checks = check_requirements(&pipeline, history);
    assert_eq!(checks.len(), 1);
    checks.remove(0)
}

fn freshness(max_age: &str) -> String {
    format!(
        "[[requirement]]\nid = \"fresh\"\nkind = \"freshness\"\nstakeholder = \"Marketing\"\napplies_to = [\"sink\"]\nmax_age = \"{max_age}\"\n"
    )
}

fn text(check: &RequirementCheck) -> String {
    check.explanation.join("\n")
}

#[test]
fn freshness_adds_schedule_run_and_buffer_and_shows_the_arithmetic() {
    // The issue's own example: hourly schedule 60 min + run 12 min + delivery buffer 5 min.
    let body = chain(
        &[
            (
                "job",
                "platform = \"glue_job\", schedule = \"cron(0 * * * ? *)\", expected_duration = \"12 min\"",
            ),
            (
                "delivery",
                "platform = \"firehose\", buffer_interval = \"5 min\"",
            ),
        ],
        &freshness("1h"),
    );
    let check = checked(&body);
    assert_eq!(check.status, RequirementStatus::Fail, "{}", text(&check));
    assert!(
        text(&check).contains(
            "schedule of `job` (at minute 0 past every hour) 60 min + run of `job` 12 min + delivery buffer of `delivery` 5 min = 77 min > 60 min budget"
        ),
        "{}",
        text(&check)
    );
    assert!(
        text(&check).contains("60 min budget, over by 17 min"),
        "{}",
        text(&check)
    );
    assert_eq!(check.estimate.as_deref(), Some("77 min"));
    assert_eq!(check.budget.as_deref(), Some("60 min"));
    assert_eq!(check.stakeholder.as_deref(), Some("Marketing"));
    for node in ["orders", "job", "delivery", "sink"] {
        assert!(check.nodes.iter().any(|n| n == node), "{:?}", check.nodes);
    }

    let body = chain(
        &[(
            "job",
            "schedule = \"rate(30 minutes)\", expected_duration = \"10 min\"",
        )],
        &freshness("1h"),
    );
    let check = checked(&body);
    assert_eq!(check.status, RequirementStatus::Pass, "{}", text(&check));
    assert!(
        text(&check).contains("= 40 min ≤ 60 min budget"),
        "{}",
        text(&check)
    );

    // Within a fifth of the budget: met, with a warning.
    let body = chain(
        &[(
            "job",
            "schedule = \"rate(45 minutes)\", expected_duration = \"10 min\"",
        )],
        &freshness("1h"),
    );
    assert_eq!(checked(&body).status, RequirementStatus::Warn);
}

#[test]
fn freshness_without_a_schedule_or_with_a_bad_one_says_so() {
    let check = checked(&chain(&[], &freshness("1h")));
    assert_eq!(check.status, RequirementStatus::Warn);
    assert!(text(&check).contains("nothing on the path to `sink` is scheduled"));

    let check = checked(&chain(
        &[("job", "schedule = \"cron(0 * * *)\"")],
        &freshness("1h"),
    ));
    assert_eq!(check.status, RequirementStatus::Fail);
    assert!(text(&check).contains("six"), "{}", text(&check));

    // A schedule without a duration is estimated, and the missing fact named.
    let check = checked(&chain(
        &[("job", "schedule = \"rate(10 minutes)\"")],
        &freshness("1h"),
    ));
    assert_eq!(check.status, RequirementStatus::Warn);
    assert!(
        text(&check).contains("no expected_duration"),
        "{}",
        text(&check)
    );
}

#[test]
fn the_two_meanings_of_freshness_differ_by_the_sources_cadence() {
    let timings = [
        ("orders", "cadence = \"1h\""),
        (
            "job",
            "schedule = \"rate(15 minutes)\", expected_duration = \"5 min\"",
        ),
    ];
    let lag = checked(&chain(&timings, &freshness("1h")));
    assert_eq!(lag.status, RequirementStatus::Pass, "{}", text(&lag));
    assert!(
        text(&lag).contains("the newest record can be 80 min old"),
        "{}",
        text(&lag)
    );
    let newest = checked(&chain(
        &timings,
        &format!("{}column = \"updated\"\n", freshness("1h")),
    ));
    assert_eq!(newest.status, RequirementStatus::Fail, "{}", text(&newest));
    assert!(
        text(&newest).contains(
            "update cadence of `orders` 60 min + schedule of `job` (every 15 min) 15 min + run of `job` 5 min = 80 min > 60 min budget"
        ),
        "{}",
        text(&newest)
    );
}

#[test]
fn measured_durations_replace_expected_ones() {
    let body = chain(
        &[(
            "job",
            "schedule = \"rate(30 minutes)\", expected_duration = \"40 min\"",
        )],
        &freshness("1h"),
    );
    assert_eq!(checked(&body).status, RequirementStatus::Fail);
    let mut history = RunHistory::default();
    history.record_run(&BTreeMap::from([("job".to_string(), 120.0)]), 125.0);
    history.record_run(&BTreeMap::from([("job".to_string(), 180.0)]), 185.0);
    let check = checked_with(&body, &history);
    assert_eq!(check.status, RequirementStatus::Pass, "{}", text(&check));
    // A local run says nothing of a Glue job's time: there the expected duration stays.
    let on_glue = body.replace("schedule = ", "platform = \"glue_job\", schedule = ");
    assert_eq!(
        checked_with(&on_glue, &history).status,
        RequirementStatus::Fail
    );
    assert!(
        text(&check).contains("run of `job` 3 min (measured, longest of 2 runs)"),
        "{}",
        text(&check)
    );
}

#[test]
fn a_run_records_durations_that_the_next_estimate_uses() {
    let workspace = Workspace::new();
    workspace.write("orders.csv", ORDERS);
    let body = chain(
        &[("job", "schedule = \"rate(30 minutes)\"")],
        &freshness("1h"),
    );
    let file = workspace.pipeline_file(&body);
    let pipeline = workspace.parse(&body);
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    sluice::engine::run_pipeline(
        &pipeline,
        PlanSite::of_file(&file),
        sluice::engine::RunOptions::new(RunStrategy::NodeByNode),
        &cancel,
        &mut |_| {},
    )
    .unwrap();
    let history = load_history(&history_path_for(&file)).unwrap();
    assert_eq!(history.run_seconds.len(), 1);
    assert!(history.measured_duration("job").is_some());
    let check = check_requirements(&pipeline, &history).remove(0);
    assert!(
        text(&check).contains("measured runs of 3 nodes"),
        "{}",
        text(&check)
    );
    assert_eq!(check.status, RequirementStatus::Pass, "{}", text(&check));
}

fn measured(workspace: &Workspace, body: &str) -> RequirementCheck {
    let file = workspace.pipeline_file(body);
    let pipeline = workspace.parse(body);
    let site = PlanSite::of_file(&file);
    let plan = plan_pipeline(&pipeline, site);
    let history = RunHistory::default();
    let mut checks = check_requirements(&pipeline, &history);
    measure_requirements(&pipeline, &plan, &history, None, &mut checks);
    checks.remove(0)
}

#[test]
fn the_newest_record_is_measured_by_its_column() {
    let workspace = Workspace::new();
    let now = chrono::Utc::now();
    let recent = (now - chrono::Duration::minutes(10)).format("%Y-%m-%d %H:%M:%S");
    let old = (now - chrono::Duration::hours(30)).format("%Y-%m-%d %H:%M:%S");
    let body = chain(
        &[(
            "job",
            "schedule = \"rate(10 minutes)\", expected_duration = \"1 min\"",
        )],
        &format!("{}column = \"updated\"\n", freshness("1h")),
    );
    workspace.write(
        "orders.csv",
        format!("id,amount,updated\n1,5,{old}\n2,7,{recent}\n"),
    );
    let check = measured(&workspace, &body);
    assert_eq!(check.status, RequirementStatus::Pass, "{}", text(&check));
    assert!(
        check
            .measured
            .as_deref()
            .is_some_and(|m| m.ends_with("min"))
    );
    assert!(
        text(&check).contains("the newest record is 10 min"),
        "{}",
        text(&check)
    );

    workspace.write("orders.csv", format!("id,amount,updated\n1,5,{old}\n"));
    let check = measured(&workspace, &body);
    assert_eq!(check.status, RequirementStatus::Fail, "{}", text(&check));
    assert!(
        text(&check).contains("the newest record is 30 h"),
        "{}",
        text(&check)
    );

    let body = body.replace("column = \"updated\"", "column = \"updatd\"");
    let check = measured(&workspace, &body);
    assert_eq!(check.status, RequirementStatus::Fail);
    assert!(
        text(&check).contains("did you mean `updated`"),
        "{}",
        text(&check)
    );
}

fn set_modified(path: &Path, ago: Duration) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - ago).unwrap();
}

#[test]
fn the_lag_behind_the_sources_is_measured_from_what_was_written() {
    let workspace = Workspace::new();
    let source = workspace.write("orders.csv", ORDERS);
    let body = chain(
        &[(
            "job",
            "schedule = \"rate(10 minutes)\", expected_duration = \"1 min\"",
        )],
        &freshness("30 min"),
    );
    // Not written yet: not measured, and the static estimate passes.
    let check = measured(&workspace, &body);
    assert_eq!(
        check.status,
        RequirementStatus::Unmeasured,
        "{}",
        text(&check)
    );
    workspace.run(&body, RunStrategy::NodeByNode).unwrap();
    let check = measured(&workspace, &body);
    assert_eq!(check.status, RequirementStatus::Pass, "{}", text(&check));
    assert_eq!(check.measured.as_deref(), Some("0 s"));
    // The source changed after the output was written an hour ago.
    set_modified(
        &workspace.path().join("out/orders.csv"),
        Duration::from_secs(3600),
    );
    set_modified(&source, Duration::from_secs(60));
    let check = measured(&workspace, &body);
    assert_eq!(check.status, RequirementStatus::Fail, "{}", text(&check));
    assert!(
        text(&check).contains("lags them by up to 60 min"),
        "{}",
        text(&check)
    );
}

fn latency(budget: &str) -> String {
    format!(
        "[[requirement]]\nid = \"fast\"\nkind = \"latency\"\napplies_to = [\"sink\"]\nfrom = \"orders\"\nbudget = \"{budget}\"\n"
    )
}

#[test]
fn latency_through_a_stream_and_a_function_meets_a_second() {
    let body = chain(
        &[
            ("orders", "platform = \"kinesis\""),
            (
                "lookup",
                "platform = \"lambda\", expected_duration = \"150 ms\", timeout = \"3 s\"",
            ),
        ],
        &latency("1 s"),
    );
    let check = checked(&body);
    assert_eq!(check.status, RequirementStatus::Pass, "{}", text(&check));
    assert!(
        text(&check).contains(
            "put-to-get of `orders` 200 ms (platform default) + run of `lookup` 150 ms = 350 ms ≤ 1 s budget"
        ),
        "{}",
        text(&check)
    );
    assert_eq!(check.budget.as_deref(), Some("1 s at p99"));
}

#[test]
fn a_glue_streaming_job_cannot_meet_a_sub_second_budget() {
    let body = chain(
        &[
            ("orders", "platform = \"kinesis\""),
            (
                "score",
                "platform = \"glue_streaming\", micro_batch_window = \"1 s\"",
            ),
        ],
        &latency("500 ms"),
    );
    let check = checked(&body);
    assert_eq!(check.status, RequirementStatus::Fail);
    let limit = check
        .limits
        .iter()
        .find(|l| l.limit == "glue_streaming_sub_second")
        .unwrap_or_else(|| panic!("{:?}", check.limits));
    assert_eq!(limit.node, "score");
    assert!(limit.message.contains("Lambda"), "{}", limit.message);
    // The same job meets a budget of minutes.
    let body = body.replace("budget = \"500 ms\"", "budget = \"10 min\"");
    let check = checked(&body);
    assert_eq!(check.status, RequirementStatus::Pass, "{}", text(&check));
    assert!(check.limits.is_empty());
}

#[test]
fn firehose_cannot_meet_a_budget_under_a_minute() {
    let body = chain(&[("delivery", "platform = \"firehose\"")], &latency("30 s"));
    let check = checked(&body);
    assert_eq!(check.status, RequirementStatus::Fail);
    assert!(
        check
            .limits
            .iter()
            .any(|l| l.limit == "firehose_sub_minute")
    );
    assert!(
        text(&check).contains("delivery buffer of `delivery` 300 s (platform default)")
            || text(&check).contains("delivery buffer of `delivery` 5 min (platform default)"),
        "{}",
        text(&check)
    );
    let body = body.replace("budget = \"30 s\"", "budget = \"10 min\"");
    assert_eq!(checked(&body).status, RequirementStatus::Pass);
}

#[test]
fn node_limits_lambda_15_minutes_firehose_bounds_and_timeouts() {
    let cases = [
        (
            "platform = \"lambda\", timeout = \"20 min\"",
            "lambda_15_minutes",
        ),
        (
            "platform = \"lambda\", expected_duration = \"16 min\"",
            "lambda_15_minutes",
        ),
        (
            "platform = \"firehose\", buffer_interval = \"30 s\"",
            "firehose_buffer_bounds",
        ),
        (
            "platform = \"firehose\", buffer_size_mib = \"256\"",
            "firehose_buffer_bounds",
        ),
        (
            "expected_duration = \"5 min\", timeout = \"1 min\"",
            "run_over_timeout",
        ),
    ];
    for (timing, limit) in cases {
        let body = chain(&[("step", timing)], &latency("1h"));
        let check = checked(&body);
        assert_eq!(check.status, RequirementStatus::Fail, "{timing}");
        assert!(
            check
                .limits
                .iter()
                .any(|l| l.limit == limit && l.node == "step"),
            "{timing}: {:?}",
            check.limits
        );
    }
    // Within the limits, nothing is found.
    for timing in [
        "platform = \"lambda\", timeout = \"15 min\", expected_duration = \"1 s\"",
        "platform = \"firehose\", buffer_interval = \"60 s\", buffer_size_mib = \"128\"",
        "expected_duration = \"1 min\", timeout = \"5 min\"",
    ] {
        let check = checked(&chain(&[("step", timing)], &latency("1h")));
        assert!(check.limits.is_empty(), "{timing}: {:?}", check.limits);
    }
}

#[test]
fn throughput_against_shards_and_against_run_time() {
    let events = |rate: u32| {
        format!(
            "[[requirement]]\nid = \"keep_up\"\nkind = \"throughput\"\napplies_to = [\"sink\"]\nevents_per_second = {rate}\n"
        )
    };
    let timings = [("orders", "platform = \"kinesis\", shards = \"2\"")];
    let check = checked(&chain(&timings, &events(5000)));
    assert_eq!(check.status, RequirementStatus::Fail);
    assert!(
        text(&check).contains("give it 5 shards"),
        "{}",
        text(&check)
    );
    let check = checked(&chain(&timings, &events(1500)));
    assert_eq!(check.status, RequirementStatus::Pass, "{}", text(&check));
    assert!(text(&check).contains("2 shards × 1,000 records/s = 2000 records/s ≥ 1500 events/s"));

    let rows = |within: &str| {
        format!(
            "[[requirement]]\nid = \"nightly\"\nkind = \"throughput\"\napplies_to = [\"sink\"]\nrows = 1000000\nwithin = \"{within}\"\n"
        )
    };
    let timings = [("job", "expected_duration = \"20 min\"")];
    assert_eq!(
        checked(&chain(&timings, &rows("1h"))).status,
        RequirementStatus::Pass
    );
    let check = checked(&chain(&timings, &rows("15 min")));
    assert_eq!(check.status, RequirementStatus::Fail);
    assert!(
        text(&check).contains("run of `job` 20 min = 20 min > 15 min"),
        "{}",
        text(&check)
    );
}

#[test]
fn a_fallback_must_reach_the_serving_node_around_the_primary() {
    let body = |serving_input: &str| {
        format!(
            "{}{}[[node]]\nid = \"model\"\nkind = \"filter\"\ninputs = {{ in = \"ratings\" }}\npredicate = \"true\"\n\n[[node]]\nid = \"serve\"\nkind = \"union\"\ninputs = {{ in = [{serving_input}] }}\n\n[[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"serve\" }}\npath = \"out.csv\"\n\n[[requirement]]\nid = \"fallback\"\nkind = \"fallback\"\napplies_to = [\"serve\"]\nprimary = \"model\"\n",
            csv_node("ratings", "ratings.csv"),
            csv_node("popular", "popular.csv"),
        )
    };
    let check = checked(&body("\"model\", \"popular\""));
    assert_eq!(check.status, RequirementStatus::Pass, "{}", text(&check));
    assert!(
        text(&check).contains("still gets data from `popular`"),
        "{}",
        text(&check)
    );
    let check = checked(&body("\"model\""));
    assert_eq!(check.status, RequirementStatus::Fail);
    assert!(text(&check).contains("every path to `serve` passes through `model`"));
}

#[test]
fn renaming_a_node_renames_it_in_requirement_keys() {
    let workspace = Workspace::new();
    let mut pipeline = workspace.parse(&chain(&[], &latency("1 s")));
    pipeline.rename_node("orders", "clicks").unwrap();
    assert_eq!(
        pipeline.requirements[0].params["from"].as_str(),
        Some("clicks")
    );
}

#[test]
fn requirements_are_read_with_located_errors_and_suggestions() {
    let workspace = Workspace::new();
    let load_error = |requirement: &str| {
        let text = format!("format_version = 1\n{}", chain(&[], requirement));
        match sluice::model::file_format::parse_pipeline(&text) {
            Ok(_) => panic!("should not load: {requirement}"),
            Err(error) => error.to_string(),
        }
    };
    let error =
        load_error("[[requirement]]\nid = \"r\"\nkind = \"freshnes\"\napplies_to = [\"sink\"]\n");
    assert!(error.contains("did you mean `freshness`"), "{error}");
    let error = load_error(
        "[[requirement]]\nid = \"r\"\nkind = \"freshness\"\napplies_to = [\"sink\"]\nmax_agee = \"1h\"\n",
    );
    assert!(error.contains("did you mean `max_age`"), "{error}");
    assert!(error.contains("17:"), "the line is named: {error}");
    let error = load_error(
        "[[requirement]]\nid = \"r\"\nkind = \"freshness\"\napplies_to = [\"sink\"]\nmax_age = 60\n",
    );
    assert!(error.contains("must be text"), "{error}");
    let error = load_error(&chain(&[("job", "schedul = \"rate(1 hour)\"")], ""));
    assert!(error.contains("did you mean `schedule`"), "{error}");

    // Loads, but cannot be checked: no budget, a missing node.
    let check = checked(&chain(
        &[],
        "[[requirement]]\nid = \"r\"\nkind = \"latency\"\napplies_to = [\"sink\"]\nfrom = \"order\"\n",
    ));
    assert_eq!(check.status, RequirementStatus::Fail);
    assert!(text(&check).contains("has no `budget`"), "{}", text(&check));
    assert!(
        text(&check).contains("did you mean `orders`"),
        "{}",
        text(&check)
    );
    drop(workspace);
}

#[test]
fn a_saved_pipeline_keeps_its_timing_and_requirements() {
    let workspace = Workspace::new();
    let body = chain(
        &[(
            "job",
            "platform = \"glue_job\", schedule = \"cron(0 * * * ? *)\", expected_duration = \"12 min\"",
        )],
        &format!("{}note = \"hourly dashboards\"\n", freshness("1h")),
    );
    let pipeline = workspace.parse(&body);
    let text = sluice::model::file_format::to_canonical_text(&pipeline);
    assert!(
        text.contains(
            "timing = { platform = \"glue_job\", schedule = \"cron(0 * * * ? *)\", expected_duration = \"12 min\" }"
        ),
        "{text}"
    );
    assert!(text.contains("stakeholder = \"Marketing\"\nnote = \"hourly dashboards\"\napplies_to = [\"sink\"]\nmax_age = \"1h\""), "{text}");
    let (again, _) = sluice::model::file_format::parse_pipeline(&text).unwrap();
    assert_eq!(again, pipeline);
}

fn sluice() -> Command {
    Command::cargo_bin("sluice").unwrap()
}

fn sample_copy(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    super::fixtures::copy_tree(&from, dir.path());
    let file = dir.path().join("recommender.sluice.toml");
    (dir, file)
}

#[test]
fn the_recommender_sample_meets_its_requirements() {
    let (_dir, file) = sample_copy("recommender");
    let output = sluice()
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(output.status.success(), "{report:#}");
    let requirements = report["requirements"].as_array().unwrap();
    let ids: Vec<&str> = requirements
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "fresh_training_data",
            "conformant_training_data",
            "popular_fallback",
            "recommendation_within_a_second",
            "served_when_the_model_fails",
        ]
    );
    for requirement in requirements {
        assert_ne!(requirement["status"], "fail", "{requirement:#}");
        assert!(requirement["stakeholder"].is_string());
    }
    assert_eq!(requirements[1]["status"], "pass");
    assert_eq!(requirements[0]["budget"], "60 min");
    assert_eq!(requirements[0]["estimate"], "40 min");
}

#[test]
fn the_faulty_copy_fails_naming_both_rules() {
    let (_dir, file) = sample_copy("recommender-faulty");
    let output = sluice().arg("check").arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("✖ conformant_training_data [quality]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("failed: `IsPrimaryKey \"customerNumber\" \"productCode\"`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("failed: `ColumnValues \"productRating\" in [1, 2, 3, 4, 5]`"),
        "{stdout}"
    );
    // The static part alone passes: the faults are in the data.
    sluice()
        .args(["check", "--static"])
        .arg(&file)
        .assert()
        .success();
}

#[test]
fn the_faulty_copy_is_the_sample_with_two_faults() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    assert_eq!(
        std::fs::read_to_string(root.join("recommender/recommender.sluice.toml")).unwrap(),
        std::fs::read_to_string(root.join("recommender-faulty/recommender.sluice.toml")).unwrap(),
        "the faulty copy's pipeline must be the sample's; run `cargo run --example generate_samples`"
    );
    let fresh = tempfile::tempdir().unwrap();
    sluice::samples::recommender::generate_with_faults(fresh.path()).unwrap();
    for entry in std::fs::read_dir(fresh.path()).unwrap() {
        let entry = entry.unwrap();
        let stored =
            std::fs::read(root.join("recommender-faulty/data").join(entry.file_name())).unwrap();
        assert!(
            std::fs::read(entry.path()).unwrap() == stored,
            "{:?} differs; run `cargo run --example generate_samples`",
            entry.file_name()
        );
    }
}

#[test]
fn check_and_validate_report_an_unmet_requirement() {
    let workspace = Workspace::new();
    workspace.write("orders.csv", ORDERS);
    let file = workspace.pipeline_file(&chain(
        &[(
            "job",
            "schedule = \"cron(0 * * * ? *)\", expected_duration = \"12 min\"",
        )],
        &freshness("1h"),
    ));
    let output = sluice()
        .args(["check", "--static", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let requirement = &report["requirements"][0];
    assert_eq!(requirement["status"], "fail");
    assert_eq!(requirement["estimate"], "72 min");
    assert!(
        requirement["explanation"][0]
            .as_str()
            .unwrap()
            .contains("= 72 min > 60 min budget"),
        "{requirement:#}"
    );
    // validate shows the static part; a local run is still allowed.
    let output = sluice().arg("validate").arg(&file).output().unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(all.contains("warning: requirement"), "{all}");
    assert!(all.contains("requirement `fresh` is not met"), "{all}");
    assert!(output.status.success(), "{all}");

    let file = workspace.pipeline_file(&chain(&[("job", "schedule = \"cron(0 * *)\"")], ""));
    let output = sluice().arg("validate").arg(&file).output().unwrap();
    let all = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("error: [job] timing of `job`"), "{all}");
}

#[test]
fn a_run_measures_the_freshness_of_what_it_wrote() {
    let workspace = Workspace::new();
    let recent = (chrono::Utc::now() - chrono::Duration::minutes(5)).format("%Y-%m-%d %H:%M:%S");
    workspace.write(
        "orders.csv",
        format!("id,amount,updated\n1,5,2020-01-01 00:00:00\n2,7,{recent}\n"),
    );
    let file = workspace.pipeline_file(&chain(
        &[(
            "job",
            "schedule = \"rate(10 minutes)\", expected_duration = \"1 min\"",
        )],
        &format!("{}column = \"updated\"\n", freshness("1h")),
    ));
    let output = sluice().arg("run").arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("requirements measured after the run:"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "✔ fresh [freshness]: pass; measured at `sink`: the newest record written is 5 min"
        ),
        "{stdout}"
    );
    // The filter keeps only old rows: what was written is 6 years old.
    let file = workspace.pipeline_file(
        &chain(
            &[(
                "job",
                "schedule = \"rate(10 minutes)\", expected_duration = \"1 min\"",
            )],
            &format!("{}column = \"updated\"\n", freshness("1h")),
        )
        .replace("amount > 0", "amount < 6"),
    );
    let output = sluice().arg("run").arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("✖ fresh [freshness]: fail"), "{stdout}");
    // check measures the same file.
    let output = sluice().arg("check").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("the newest record written is"));
}

#[test]
fn every_platform_limit_has_its_fixtures_here() {
    // The limits the tests above pass and fail: a new limit must join them.
    let tested = [
        "glue_streaming_sub_second",
        "lambda_15_minutes",
        "firehose_buffer_bounds",
        "firehose_sub_minute",
        "run_over_timeout",
    ];
    let listed: Vec<&str> = sluice::engine::requirements::limits::PLATFORM_LIMITS
        .iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(listed, tested);
    for limit in sluice::engine::requirements::limits::PLATFORM_LIMITS {
        assert!(
            limit.explanation.len() > 40,
            "{} explains itself",
            limit.name
        );
    }
}
