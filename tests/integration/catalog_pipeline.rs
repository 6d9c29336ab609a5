//! Crawlers and catalog sources in pipelines: partition pruning before any file is read, Glue's
//! types in the output, the catalog file a run records, schema changes on the nodes, located
//! errors for a table that is not there, wires of the catalog type, and `sluice crawl`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use assert_cmd::Command;
use polars::prelude::*;
use predicates::prelude::*;
use sluice::engine::{PlanSite, RunOptions, RunStrategy, plan_pipeline, run_pipeline};
use sluice::model::catalog::load_catalog;
use sluice::model::{Code, Severity};

use crate::fixtures::{Workspace, copy_tree};

fn sluice() -> Command {
    Command::cargo_bin("sluice").unwrap()
}

const CRAWLER: &str =
    "[[node]]\nid = \"crawl\"\nkind = \"crawler\"\ntargets = [\"lake\"]\ndatabase = \"shop\"\n";

fn lake(ws: &Workspace) {
    for (month, rows) in [
        ("01", "1,ann,10.5,true\n2,bob,3,false\n"),
        ("02", "3,cy,7.25,true\n4,dan,1,false\n"),
    ] {
        ws.write(
            &format!("lake/orders/year=2018/month={month}/part.csv"),
            format!("id,customer,amount,paid\n{rows}"),
        );
    }
    ws.write(
        "lake/events/year=2018/month=01/part.json",
        "{\"user\": 1, \"kind\": \"view\", \"at\": \"2018-01-23T10:00:00Z\"}\n{\"user\": 2, \"kind\": \"cart\", \"at\": \"2018-01-23T11:00:00Z\"}\n",
    );
}

fn pipeline_with(ws: &Workspace, body: &str) -> PathBuf {
    ws.pipeline_file(&format!("{CRAWLER}{body}"))
}

fn source(table: &str, predicate: Option<&str>) -> String {
    let predicate = predicate
        .map(|p| format!("partition_predicate = \"{p}\"\n"))
        .unwrap_or_default();
    format!(
        "[[node]]\nid = \"read\"\nkind = \"catalog_source\"\ninputs = {{ catalog = \"crawl\" }}\ntable = \"{table}\"\n{predicate}"
    )
}

fn frame_of(ws: &Workspace, file: &Path, node: &str) -> Result<DataFrame, String> {
    let pipeline = ws.parse(
        &std::fs::read_to_string(file)
            .unwrap()
            .replace("format_version = 1\n", ""),
    );
    let plan = plan_pipeline(&pipeline, PlanSite::of_file(file));
    plan.table(node, None)
        .map_err(|e| e.message)
        .and_then(|t| t.frame.clone().collect().map_err(|e| e.to_string()))
}

#[test]
fn a_catalog_source_reads_glue_types_and_prunes_partitions_before_reading() {
    let ws = Workspace::new();
    lake(&ws);
    // A corrupt file in the pruned partition: read, it would fail.
    ws.write(
        "lake/orders/year=2018/month=02/broken.csv",
        "id,customer,amount,paid\n\"unclosed\n",
    );
    let file = pipeline_with(&ws, &source("orders", Some("year = 2018 AND month = 1")));
    let frame = frame_of(&ws, &file, "read").unwrap();
    assert_eq!(frame.height(), 2);
    let schema = frame.schema();
    let types: Vec<String> = schema.iter().map(|(n, t)| format!("{n}:{t}")).collect();
    assert_eq!(
        types,
        [
            "id:i64",
            "customer:str",
            "amount:f64",
            "paid:bool",
            "year:i64",
            "month:i64"
        ]
    );
    let months = frame.column("month").unwrap().i64().unwrap().to_vec();
    assert_eq!(months, [Some(1), Some(1)]);
    // Timestamps in JSON stay strings, as Glue records them.
    let events = pipeline_with(&ws, &source("events", None));
    let frame = frame_of(&ws, &events, "read").unwrap();
    assert_eq!(frame.column("at").unwrap().dtype(), &DataType::String);
}

#[test]
fn a_predicate_on_a_data_column_is_refused_with_the_partition_keys() {
    let ws = Workspace::new();
    lake(&ws);
    let file = pipeline_with(&ws, &source("orders", Some("amount > 3")));
    let error = frame_of(&ws, &file, "read").unwrap_err();
    assert!(
        error.contains("only the partition keys: year, month"),
        "{error}"
    );
}

#[test]
fn validate_names_a_missing_table_and_suggests_one() {
    let ws = Workspace::new();
    lake(&ws);
    let file = pipeline_with(&ws, &source("order", None));
    sluice()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "table `order` not in database `shop`; did you mean `orders`?",
        ))
        .stderr(predicate::str::contains(
            "pipeline.sluice.toml:11:9: error: [read]",
        ));
}

#[test]
fn a_catalog_port_joins_only_a_catalog_port() {
    let ws = Workspace::new();
    lake(&ws);
    let file = ws.pipeline_file(&format!(
        "{CRAWLER}[[node]]\nid = \"f\"\nkind = \"filter\"\ninputs = {{ in = \"crawl\" }}\npredicate = \"a > 1\"\n"
    ));
    sluice()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("catalog").and(predicate::str::contains("table")));
    let (_, file) = (
        ws.pipeline_file(CRAWLER),
        ws.path().join("pipeline.sluice.toml"),
    );
    sluice()
        .args(["edit"])
        .arg(&file)
        .args(["add", "filter", "--id", "f"])
        .assert()
        .success();
    sluice()
        .args(["edit"])
        .arg(&file)
        .args(["connect", "crawl", "f.in"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("catalog"));
}

#[test]
fn a_run_records_the_crawl_and_the_next_drop_shows_its_schema_change() {
    let ws = Workspace::new();
    lake(&ws);
    let body = format!(
        "{}[[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"read\" }}\npath = \"out.csv\"\n",
        source("orders", None)
    );
    let file = pipeline_with(&ws, &body);
    sluice()
        .arg("run")
        .arg(&file)
        .args(["--node", "crawl"])
        .assert()
        .success()
        .stdout(predicate::str::contains("crawler").and(predicate::str::contains("crawled")));
    assert!(
        !ws.path().join("out.csv").exists(),
        "--node runs only the crawler"
    );
    let catalog_file = ws.path().join("pipeline.catalog.toml");
    let catalog = load_catalog(&catalog_file).unwrap();
    let orders = catalog.table("shop", "orders").unwrap();
    assert_eq!(orders.location, "lake/orders");
    assert_eq!(orders.partitions.len(), 2);
    assert_eq!(catalog.databases["shop"].history.len(), 1);
    // Nothing changed: validate is clean, and says when the crawl was.
    sluice().arg("validate").arg(&file).assert().success();
    // A new drop with a new column.
    ws.write(
        "lake/orders/year=2018/month=03/part.csv",
        "id,customer,amount,paid,country\n5,dee,1.5,true,NO\n6,eve,2,false,FR\n",
    );
    let pipeline = ws.parse(
        &std::fs::read_to_string(&file)
            .unwrap()
            .replace("format_version = 1\n", ""),
    );
    let site = PlanSite::of_file(&file);
    let plan = plan_pipeline(&pipeline, &site);
    let diagnostics = plan.diagnostics(&pipeline, None);
    let changes: Vec<(&str, Severity, &str)> = diagnostics
        .iter()
        .filter(|d| d.code == Code::SchemaChange)
        .map(|d| {
            (
                d.node.as_deref().unwrap_or(""),
                d.severity,
                d.message.as_str(),
            )
        })
        .collect();
    assert!(
        changes.contains(&(
            "crawl",
            Severity::Warning,
            "a crawl now: table `orders` gained column `country` (string)"
        )),
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .any(|(node, _, m)| *node == "read" && m.contains("country")),
        "{changes:?}"
    );
    // The whole run records it; the sink gets the new column, null in the old partitions.
    let cancel = Arc::new(AtomicBool::new(false));
    run_pipeline(
        &pipeline,
        &site,
        RunOptions::new(RunStrategy::NodeByNode),
        &cancel,
        &mut |_| {},
    )
    .unwrap();
    let catalog = load_catalog(&catalog_file).unwrap();
    assert_eq!(catalog.databases["shop"].history.len(), 2);
    assert!(
        catalog
            .table("shop", "orders")
            .unwrap()
            .column("country")
            .is_some()
    );
    let written = std::fs::read_to_string(ws.path().join("out.csv")).unwrap();
    assert!(
        written.starts_with("id,customer,amount,paid,country,year,month\n"),
        "{written}"
    );
    assert_eq!(written.lines().count(), 7);
    // After the run, the change is reported as the last crawl's.
    let plan = plan_pipeline(&pipeline, &site);
    assert!(
        plan.diagnostics(&pipeline, None)
            .iter()
            .any(|d| d.message.starts_with("the last crawl (") && d.message.contains("country"))
    );
}

/// `sluice crawl lake --database shop --format json --catalog CATALOG` in the workspace.
fn crawl_json(ws: &Workspace, catalog: &Path) -> serde_json::Value {
    let output = sluice()
        .current_dir(ws.path())
        .args(["crawl", "lake", "--database", "shop", "--format", "json"])
        .arg("--catalog")
        .arg(catalog)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn sluice_crawl_lists_tables_unclassified_files_and_changes_as_json() {
    let ws = Workspace::new();
    lake(&ws);
    ws.write("lake/orders/year=2018/month=01/empty.csv", "");
    let catalog = ws.path().join("lake.catalog.toml");
    let report = crawl_json(&ws, &catalog);
    let tables = report["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 2);
    let orders = tables.iter().find(|t| t["name"] == "orders").unwrap();
    assert_eq!(orders["classification"], "csv");
    assert_eq!(orders["columns"][2]["type"], "double");
    assert_eq!(orders["columns"][3]["type"], "boolean");
    assert_eq!(orders["partition_keys"][1]["name"], "month");
    assert_eq!(orders["partition_keys"][1]["type"], "bigint");
    assert_eq!(
        orders["partitions"][0]["values"],
        serde_json::json!(["2018", "01"])
    );
    let unclassified = report["unclassified"].as_array().unwrap();
    assert_eq!(unclassified.len(), 1);
    assert_eq!(unclassified[0]["classification"], "UNKNOWN");
    assert_eq!(unclassified[0]["reason"], "the file is empty");
    assert_eq!(report["changes"].as_array().unwrap().len(), 2);
    // Crawled again, nothing has changed.
    let report = crawl_json(&ws, &catalog);
    assert_eq!(report["changes"], serde_json::json!([]));
    // A target that is not there is an error, named.
    sluice()
        .current_dir(ws.path())
        .args(["crawl", "nowhere"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot crawl `nowhere`: `nowhere` does not exist",
        ));
}

#[test]
fn the_partitioned_logs_sample_shows_the_second_drop_as_a_schema_change() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/partitioned-logs");
    let copy = tempfile::tempdir().unwrap();
    copy_tree(&sample, copy.path());
    let file = copy.path().join("partitioned-logs.sluice.toml");
    sluice().arg("run").arg(&file).assert().success();
    let january =
        std::fs::read_to_string(copy.path().join("output/status_codes_january.csv")).unwrap();
    let requests: i64 = january
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse::<i64>().unwrap())
        .sum();
    // January's three days of logs, and not February's.
    assert_eq!(requests, 120 + 135 + 150);
    copy_tree(&copy.path().join("second-drop"), &copy.path().join("logs"));
    sluice()
        .arg("validate")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "table `exports` gained column `country` (string)",
        ));
}
