//! Stream pipelines from files, run by `sluice run`: a replayed file through a filter, a
//! window and a lookup into batch nodes, with the counts checked by hand; the recommender
//! sample's streaming half with faults put in (every event still answered, the fallback
//! counted, drops counted, a failing node named); bounds by events and by time.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::fixtures::{Workspace, copy_tree};

fn sluice() -> Command {
    Command::cargo_bin("sluice").unwrap()
}

/// Runs `sluice run FILE ARGS --format json` and returns its exit code and report.
fn run_json(file: &Path, args: &[&str]) -> (i32, Value) {
    let output = sluice()
        .arg("run")
        .arg(file)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    let report = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text}\n{}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().unwrap_or(-1), report)
}

fn stream_node<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["stream"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["node"] == id)
        .unwrap_or_else(|| panic!("no stream node {id} in {report}"))
}

fn count(node: &Value, key: &str) -> u64 {
    node[key].as_u64().unwrap_or(0)
}

/// Twelve page views at known seconds (one out of order, one late), of three pages.
const VIEWS: &str = r#"{"t": 1000000, "page": "home", "user": "ann"}
{"t": 2000000, "page": "cart", "user": "bob"}
{"t": 3000000, "page": "home", "user": "cy"}
{"t": 11000000, "page": "home", "user": "ann"}
{"t": 9000000, "page": "help", "user": "bob"}
{"t": 12000000, "page": "cart", "user": "ann"}
{"t": 21000000, "page": "home", "user": "bob"}
{"t": 4000000, "page": "home", "user": "cy"}
{"t": 22000000, "page": "help", "user": "ann"}
{"t": 23000000, "page": "home", "user": "dee"}
{"t": 31000000, "page": "cart", "user": "bob"}
{"t": 32000000, "page": "home", "user": "ann"}
"#;

const USERS: &str = "user,country\nann,NO\nbob,FR\ncy,DE\n";

fn views_pipeline(ws: &Workspace) -> PathBuf {
    ws.write("views.ndjson", VIEWS);
    ws.write("users.csv", USERS);
    ws.pipeline_file(
        r#"[[node]]
id = "views"
kind = "stream_replay"
path = "views.ndjson"

[[node]]
id = "not_help"
kind = "stream_filter"
inputs = { events = "views" }
predicate = "page <> 'help'"

[[node]]
id = "users"
kind = "csv_source"
path = "users.csv"

[[node]]
id = "with_country"
kind = "lookup_join"
inputs = { events = "not_help", table = "users" }
on = ["user"]
how = "inner"

[[node]]
id = "per_page"
kind = "stream_window"
inputs = { events = "with_country" }
time_column = "t"
size = "10 s"
out_of_order = "2 s"
group_by = ["page"]
aggregations = [{ column = "*", function = "count", alias = "views" }]

[[node]]
id = "counts"
kind = "to_table"
inputs = { events = "per_page" }

[[node]]
id = "ordered"
kind = "sort"
inputs = { in = "counts" }
keys = [{ column = "window_start" }, { column = "page" }]

[[node]]
id = "counts_csv"
kind = "csv_sink"
inputs = { in = "ordered" }
path = "out/counts.csv"

[[node]]
id = "lake"
kind = "delivery"
inputs = { events = "with_country" }
path = "out/lake"
format = "ndjson"
time_column = "t"
buffer_interval = "1 s"
"#,
    )
}

#[test]
fn a_replayed_file_is_filtered_enriched_windowed_and_handed_to_batch_nodes() {
    let ws = Workspace::new();
    let file = views_pipeline(&ws);
    // One event per batch, so the watermark moves between events as it would on a slow stream.
    let (code, report) = run_json(&file, &["--batch-rows", "1"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["stream"]["conserved"], true);
    // 12 views, 2 of help filtered out.
    let not_help = stream_node(&report, "not_help");
    assert_eq!(count(not_help, "events_in"), 12);
    assert_eq!(count(not_help, "events_out"), 10);
    assert_eq!(not_help["drops"]["filtered out"], 2);
    // `dee` is not among the users: the inner lookup drops that view, counted.
    let lookup = stream_node(&report, "with_country");
    assert_eq!(count(lookup, "events_out"), 9);
    assert_eq!(lookup["drops"]["no match"], 1);
    // The view at 4 s comes after the one at 21 s: the watermark (19 s) has closed [0, 10).
    let window = stream_node(&report, "per_page");
    assert_eq!(window["drops"]["late"], 1);
    assert_eq!(count(window, "aggregated"), 8);
    let csv = std::fs::read_to_string(ws.path().join("out/counts.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("page,views,window_start,window_end"),
        "{csv}"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(
        rows,
        [
            "cart,1,0,10000000",
            "home,2,0,10000000",
            "cart,1,10000000,20000000",
            "home,1,10000000,20000000",
            "home,1,20000000,30000000",
            "cart,1,30000000,40000000",
            "home,1,30000000,40000000",
        ],
        "{csv}"
    );
    // The delivery wrote every enriched view, by event hour (1970-01-01 00h).
    let delivered: usize = glob::glob(&format!(
        "{}/out/lake/year=1970/month=01/day=01/hour=00/*.ndjson",
        ws.path().display()
    ))
    .unwrap()
    .map(|file| {
        std::fs::read_to_string(file.unwrap())
            .unwrap()
            .lines()
            .count()
    })
    .sum();
    assert_eq!(delivered, 9);
}

/// A copy of the recommender sample, to run without touching the checkout.
fn recommender_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender");
    copy_tree(&from, dir.path());
    // Only what this run writes.
    let _ = std::fs::remove_dir_all(dir.path().join("output"));
    let file = dir.path().join("recommender.sluice.toml");
    (dir, file)
}

fn fallbacks(node: &Value, reason: &str) -> u64 {
    node["counters"][format!("fallback: {reason}")]
        .as_u64()
        .unwrap_or(0)
}

#[test]
fn the_model_failing_mid_stream_still_answers_every_event_from_the_most_popular_products() {
    let (dir, file) = recommender_copy();
    let (code, report) = run_json(
        &file,
        &["--events", "3000", "--fault", "recommendations:fail=1000"],
    );
    assert_eq!(code, 0, "{report:#}");
    let recommend = stream_node(&report, "recommendations");
    assert_eq!(count(recommend, "events_in"), 3000);
    assert_eq!(recommend["counters"]["answers"], 3000);
    // The fault strikes within the batch that holds the 1,000th event.
    let failed = fallbacks(recommend, "model failed");
    assert!((2_000..=3_000).contains(&failed), "{recommend:#}");
    assert_eq!(recommend["fault"], "fail=1000");
    assert_eq!(report["stream"]["conserved"], true);
    // Every answer is served, within the budget, and says whether it is the fallback.
    let served = stream_node(&report, "served");
    assert_eq!(served["counters"]["answers recorded"], 3000);
    let p99 = recommend["latency_micros"]["p99"].as_u64().unwrap();
    assert!(p99 < 1_000_000, "{p99} µs");
    let latency = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "recommendation_within_a_second")
        .unwrap();
    assert_eq!(latency["status"], "pass", "{latency:#}");
    let fallback = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "served_when_the_model_fails")
        .unwrap();
    assert_eq!(fallback["status"], "pass", "{fallback:#}");
    assert!(
        fallback["measured"]
            .as_str()
            .unwrap()
            .contains("of 3000 answers from the fallback"),
        "{fallback:#}"
    );
    // The answers reached the lake, each marked.
    let files: Vec<PathBuf> = glob::glob(&format!(
        "{}/output/lake/recommendations/year=*/month=*/day=*/hour=*/*.parquet",
        dir.path().display()
    ))
    .unwrap()
    .map(Result::unwrap)
    .collect();
    assert!(!files.is_empty());
    let frames: Vec<polars::prelude::LazyFrame> = files
        .iter()
        .map(|f| {
            polars::prelude::LazyFrame::scan_parquet(
                polars::prelude::PlRefPath::new(f.to_string_lossy().as_ref()),
                Default::default(),
            )
            .unwrap()
        })
        .collect();
    let answers = polars::prelude::concat(frames, Default::default())
        .unwrap()
        .collect()
        .unwrap();
    assert_eq!(answers.height(), 3000);
    let marked = answers.column("fallback").unwrap().bool().unwrap().sum();
    assert_eq!(u64::from(marked.unwrap()), failed);
    let empty = answers
        .column("recommended")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .filter(|a| a.unwrap_or_default().is_empty())
        .count();
    assert_eq!(empty, 0, "every answer holds products");
}

#[test]
fn a_slow_model_misses_its_deadline_and_the_fallback_answers_in_time() {
    let (_dir, file) = recommender_copy();
    // The model takes 200 ms; the deadline is 50 ms.
    let (code, report) = run_json(
        &file,
        &["--events", "500", "--fault", "recommendations:slow=200"],
    );
    assert_eq!(code, 0, "{report:#}");
    let recommend = stream_node(&report, "recommendations");
    assert_eq!(
        fallbacks(recommend, "deadline missed"),
        500,
        "{recommend:#}"
    );
    // Each batch waited the deadline (not the model's 200 ms); the batches behind it queued.
    let p50 = recommend["latency_micros"]["p50"].as_u64().unwrap();
    assert!(p50 >= 50_000, "{p50} µs");
}

#[test]
fn dropped_events_are_counted_and_a_failing_node_is_named() {
    let (_dir, file) = recommender_copy();
    let (code, report) = run_json(&file, &["--events", "4000", "--fault", "clicks:drop=0.25"]);
    assert_eq!(code, 0, "{report:#}");
    let clicks = stream_node(&report, "clicks");
    let dropped = clicks["drops"]["fault: dropped"].as_u64().unwrap();
    assert!((900..=1_100).contains(&dropped), "{clicks:#}");
    assert_eq!(count(clicks, "events_in"), 4000);
    assert_eq!(count(clicks, "events_out"), 4000 - dropped);
    assert_eq!(clicks["conserved"], true);
    assert_eq!(
        count(stream_node(&report, "recommendations"), "events_in"),
        4000 - dropped
    );

    let output = sluice()
        .arg("run")
        .arg(&file)
        .args(["--events", "2000", "--fault", "activity_lake:fail"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stream node `activity_lake` failed: failed on purpose"),
        "{stderr}"
    );
}

#[test]
fn bad_faults_and_bounds_are_usage_errors() {
    let (_dir, file) = recommender_copy();
    for (args, says) in [
        (vec!["--fault", "clicks"], "write NODE:fail"),
        (vec!["--fault", "clicks:melt"], "unknown fault `melt`"),
        (vec!["--fault", "clicks:drop=3"], "the share is from 0 to 1"),
        (vec!["--duration", "soon"], "--duration soon"),
    ] {
        let output = sluice().arg("run").arg(&file).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(says),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let output = sluice()
        .arg("run")
        .arg(&file)
        .args(["--fault", "nosuch:fail"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`nosuch`"));
}

/// An endless clickstream at `rate` events a second into a delivery whose buffer only a stop
/// writes (its interval is ten minutes).
fn endless_clicks_to_a_lake(rate: f64) -> String {
    format!(
        r#"[[node]]
id = "clicks"
kind = "clickstream_source"
events_per_second = {rate:.1}
burst_factor = 1.0

[[node]]
id = "lake"
kind = "delivery"
inputs = {{ events = "clicks" }}
path = "lake"
format = "ndjson"
time_column = "event_time"
buffer_interval = "10 min"
"#
    )
}

#[test]
fn an_endless_stream_stops_at_its_duration_and_flushes_what_it_holds() {
    let ws = Workspace::new();
    let file = ws.pipeline_file(&endless_clicks_to_a_lake(200.0));
    let started = std::time::Instant::now();
    let (code, report) = run_json(&file, &["--duration", "1.5 s"]);
    let took = started.elapsed();
    assert_eq!(code, 0, "{report:#}");
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    let clicks = stream_node(&report, "clicks");
    let made = count(clicks, "events_out");
    // Paced at 200 a second for 1.5 s.
    assert!((150..=450).contains(&made), "{made}");
    // The buffer's interval (10 min) never passed: the stop wrote it.
    let delivered: usize = glob::glob(&format!("{}/lake/**/*.ndjson", ws.path().display()))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap()).unwrap().lines().count())
        .sum();
    assert_eq!(delivered as u64, made);
}

#[test]
fn sluice_recommend_answers_a_customer_and_falls_back_when_training_failed() {
    let (_dir, file) = recommender_copy();
    let output = sluice()
        .args(["recommend", "--node", "recommendations", "--format", "json"])
        .arg(&file)
        .arg("401")
        .output()
        .unwrap();
    assert!(output.status.success());
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["customer"], "401");
    assert_eq!(answer["items"].as_array().unwrap().len(), 5);
    assert!(answer["fallback"].is_null(), "{answer:#}");
    // Products the customer rated are not recommended back.
    let recent: Vec<&str> = answer["recent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for item in answer["items"].as_array().unwrap() {
        assert!(!recent.contains(&item["product"].as_str().unwrap()));
    }

    // The faulty copy's training is blocked by its quality node: the most popular products
    // answer, with the reason.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender-faulty"),
        dir.path(),
    );
    let output = sluice()
        .args(["recommend", "--node", "recommendations", "--format", "json"])
        .arg(dir.path().join("recommender.sluice.toml"))
        .arg("401")
        .output()
        .unwrap();
    assert!(output.status.success());
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    let reason = answer["fallback"].as_str().unwrap();
    assert!(reason.contains("training_quality"), "{reason}");
    assert_eq!(answer["items"][0]["product"], "S32_4118", "{answer:#}");
}

#[test]
fn ctrl_c_stops_the_sources_and_every_buffer_is_written() {
    let ws = Workspace::new();
    let file = ws.pipeline_file(&endless_clicks_to_a_lake(500.0));
    let binary = assert_cmd::cargo::cargo_bin("sluice");
    let child = std::process::Command::new(binary)
        .arg("run")
        .arg(&file)
        .args(["--format", "json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1_500));
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let made = count(stream_node(&report, "clicks"), "events_out");
    assert!(made > 100, "{made}");
    let delivered: usize = glob::glob(&format!("{}/lake/**/*.ndjson", ws.path().display()))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap()).unwrap().lines().count())
        .sum();
    assert_eq!(delivered as u64, made, "the stop wrote the buffer");
}
