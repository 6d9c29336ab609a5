//! The crawler against fixture trees made here: classification by content, Glue's header rules,
//! sampling, grouping into tables and partitions, names, unclassified files, and the policies
//! that apply a crawl to the catalog.

use std::collections::BTreeMap;
use std::io::Write;

use polars::prelude::*;
use sluice::catalog::{
    ChangePolicy, CrawlOutcome, CrawlSpec, DeleteBehavior, Grouping, LocalStore, UpdateBehavior,
    crawl, record_crawl,
};
use sluice::model::catalog::{Catalog, CatalogTable, ChangeAction, SchemaChange};

use super::fixtures::Workspace;

fn spec(targets: &[&str]) -> CrawlSpec {
    CrawlSpec {
        crawler: "crawler".into(),
        targets: targets.iter().map(|t| t.to_string()).collect(),
        database: "lake".into(),
        ..CrawlSpec::default()
    }
}

fn crawl_with(ws: &Workspace, spec: &CrawlSpec) -> CrawlOutcome {
    crawl(
        spec,
        &LocalStore::new(ws.path()),
        None,
        "2026-01-01T00:00:00Z",
    )
}

fn columns(table: &CatalogTable) -> Vec<String> {
    table
        .columns
        .iter()
        .map(|c| format!("{}:{}", c.name, c.glue_type))
        .collect()
}

fn keys(table: &CatalogTable) -> Vec<String> {
    table
        .partition_keys
        .iter()
        .map(|c| format!("{}:{}", c.name, c.glue_type))
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn parquet_bytes(frame: &mut DataFrame) -> Vec<u8> {
    let mut buffer = Vec::new();
    ParquetWriter::new(&mut buffer).finish(frame).unwrap();
    buffer
}

const COMBINED: &str = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326 \"http://x/\" \"Mozilla/4.08\"\n";

#[test]
fn key_value_folders_become_typed_partition_keys_in_order() {
    let ws = Workspace::new();
    for (month, day) in [("01", "23"), ("01", "24"), ("02", "01")] {
        ws.write(
            &format!("logs/year=2018/month={month}/day={day}/part.csv"),
            "id,status,seen\n1,ok,2018-01-23 10:00:00\n2,late,2018-01-23 11:00:00\n",
        );
    }
    let outcome = crawl_with(&ws, &spec(&["logs"]));
    assert_eq!(outcome.tables.len(), 1, "{:?}", outcome.tables.keys());
    let table = &outcome.tables["logs"];
    assert_eq!(table.classification, "csv");
    assert_eq!(
        columns(table),
        ["id:bigint", "status:string", "seen:string"]
    );
    assert_eq!(table.columns[2].sluice_type.as_deref(), Some("datetime"));
    assert_eq!(keys(table), ["year:bigint", "month:bigint", "day:bigint"]);
    let values: Vec<Vec<String>> = table.partitions.iter().map(|p| p.values.clone()).collect();
    assert_eq!(
        values,
        [
            ["2018", "01", "23"],
            ["2018", "01", "24"],
            ["2018", "02", "01"]
        ]
    );
    assert!(
        table.partitions[0]
            .location
            .ends_with("logs/year=2018/month=01/day=23")
    );
    assert_eq!(table.row_estimate, 6);
    assert_eq!(table.file_count, 3);
}

#[test]
fn content_decides_the_format_not_the_name() {
    let ws = Workspace::new();
    let mut frame = df!("a" => [1i32, 2], "b" => ["x", "y"]).unwrap();
    ws.write("t/parquet/data.csv", parquet_bytes(&mut frame));
    ws.write(
        "t/json/data.txt",
        "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2.5, \"b\": null}\n",
    );
    ws.write("t/array/data", "[{\"k\": true}, {\"k\": false}]");
    ws.write("t/log/data.csv", format!("{COMBINED}{COMBINED}"));
    ws.write("t/semi/data.json", "a;b;c\n1;x;2.5\n3;y;4\n");
    ws.write("t/gz/data.gz", gzip(b"x,y\n1,2\n3,4\n"));
    ws.write("t/gzjson/data.gz", gzip(b"{\"q\": 1}\n{\"q\": 2}\n"));
    let outcome = crawl_with(&ws, &spec(&["t"]));
    let class = |name: &str| {
        let table = &outcome.tables[name];
        (table.classification.as_str(), table.compression.as_deref())
    };
    assert_eq!(class("parquet"), ("parquet", None));
    assert_eq!(class("json"), ("json", None));
    assert_eq!(class("array"), ("json", None));
    assert_eq!(
        outcome.tables["array"].json_format.as_deref(),
        Some("array")
    );
    assert_eq!(class("log"), ("combined_apache", None));
    assert_eq!(class("semi"), ("csv", None));
    assert_eq!(outcome.tables["semi"].delimiter.as_deref(), Some(";"));
    assert_eq!(class("gz"), ("csv", Some("gzip")));
    assert_eq!(class("gzjson"), ("json", Some("gzip")));
    assert_eq!(columns(&outcome.tables["parquet"]), ["a:int", "b:string"]);
    assert_eq!(columns(&outcome.tables["json"]), ["a:double", "b:string"]);
    assert!(outcome.tables["json"].columns[1].nullable);
    assert_eq!(
        columns(&outcome.tables["log"])[..4],
        [
            "clientip:string",
            "ident:string",
            "auth:string",
            "timestamp:string"
        ]
    );
    assert!(
        outcome.unclassified.is_empty(),
        "{:?}",
        outcome.unclassified
    );
}

#[test]
fn rows_beyond_the_sample_are_estimated_from_its_bytes() {
    let ws = Workspace::new();
    let mut text = String::from("id,value\n");
    for i in 0..5000 {
        text.push_str(&format!("{i:05},{:07}\n", i * 7));
    }
    ws.write("big/data.csv", &text);
    ws.write("big_gz/data.csv.gz", gzip(text.as_bytes()));
    for target in ["big", "big_gz"] {
        let outcome = crawl_with(&ws, &spec(&[target]));
        let estimate = outcome.tables[target].row_estimate as f64;
        // Glue reads 1,000 records; the rest are estimated from the bytes they take.
        assert!(
            (estimate - 5000.0).abs() / 5000.0 < 0.1,
            "{target}: {estimate}"
        );
    }
}

#[test]
fn headerless_and_all_string_files_get_numbered_columns() {
    let ws = Workspace::new();
    ws.write("plain/a.csv", "1,alice,3.5\n2,bob,4\n");
    ws.write("strings/a.csv", "name,city\nann,oslo\nbob,rome\n");
    let outcome = crawl_with(&ws, &spec(&["plain", "strings"]));
    let plain = &outcome.tables["plain"];
    assert_eq!(plain.header, Some(false));
    assert_eq!(
        columns(plain),
        ["col1:bigint", "col2:string", "col3:double"]
    );
    // Glue's fourth header rule: the first row is a header only if some data is not a string.
    let strings = &outcome.tables["strings"];
    assert_eq!(strings.header, Some(false));
    assert_eq!(columns(strings), ["col1:string", "col2:string"]);
}

#[test]
fn corrupt_empty_and_unreadable_files_are_listed_and_never_stop_the_crawl() {
    let ws = Workspace::new();
    let mut frame = df!("a" => [1i64]).unwrap();
    let mut broken = parquet_bytes(&mut frame);
    broken.truncate(broken.len() - 10);
    ws.write("d/good.csv", "a,b\n1,2\n3,4\n");
    ws.write("d/empty.csv", "");
    ws.write("d/broken.parquet", broken);
    ws.write("d/binary.bin", [0u8, 1, 2, 3, 0, 255, 0]);
    ws.write("d/one_line.csv", "just one line\n");
    ws.write("d/bad.json", "{\"a\": 1}\n{nope}\n");
    ws.write("d/data.avro", b"Obj\x01rest");
    ws.write("d/_SUCCESS", "");
    let outcome = crawl_with(&ws, &spec(&["d"]));
    assert_eq!(outcome.tables.len(), 1);
    let reasons: BTreeMap<String, (String, String)> = outcome
        .unclassified
        .iter()
        .map(|u| {
            let name = u.location.rsplit('/').next().unwrap().to_string();
            (name, (u.classification.to_string(), u.reason.clone()))
        })
        .collect();
    assert_eq!(reasons.len(), 6, "{reasons:?}");
    assert!(reasons["empty.csv"].1.contains("empty"));
    assert!(
        reasons["broken.parquet"].1.contains("corrupt Parquet"),
        "{reasons:?}"
    );
    assert!(reasons["binary.bin"].1.contains("binary"));
    assert!(reasons["bad.json"].1.contains("corrupt JSON"));
    assert_eq!(reasons["data.avro"].0, "avro");
    assert!(reasons["one_line.csv"].0 == "UNKNOWN");
}

#[test]
fn dissimilar_folders_become_tables_named_after_them() {
    let ws = Workspace::new();
    ws.write("sales/year=2017/a.csv", "id,amount\n1,2.5\n2,3\n");
    ws.write(
        "sales/year=2018/a.csv",
        "sku,qty,price,store\nx,1,2.5,s\ny,2,3,t\n",
    );
    let outcome = crawl_with(&ws, &spec(&["sales"]));
    let names: Vec<&String> = outcome.tables.keys().collect();
    assert_eq!(names, ["year_2017", "year_2018"]);
    assert!(outcome.tables["year_2017"].partition_keys.is_empty());
}

#[test]
fn similar_plain_folders_are_partitions_and_schemas_union() {
    let ws = Workspace::new();
    ws.write("events/2018/01/a.csv", "id,kind,value\n1,a,2\n2,b,3\n");
    ws.write(
        "events/2018/02/a.csv",
        "id,kind,value,extra\n1,a,2.5,z\n2,b,3,y\n",
    );
    let outcome = crawl_with(&ws, &spec(&["events"]));
    assert_eq!(outcome.tables.len(), 1, "{:?}", outcome.tables.keys());
    let table = &outcome.tables["events"];
    assert_eq!(keys(table), ["partition_0:bigint", "partition_1:bigint"]);
    assert_eq!(
        columns(table),
        ["id:bigint", "kind:string", "value:double", "extra:string"]
    );
    assert!(table.columns[3].nullable, "missing from one folder");
    assert!(!table.columns[0].nullable);
}

#[test]
fn more_than_five_schema_clusters_split_the_folder() {
    let ws = Workspace::new();
    for i in 0..6 {
        ws.write(
            &format!("many/p{i}/a.csv"),
            format!("a,b,c,d,e,f,g,h,i,j,k{i}\n1,2,3,4,5,6,7,8,9,10,11\n1,2,3,4,5,6,7,8,9,10,11\n"),
        );
    }
    let outcome = crawl_with(&ws, &spec(&["many"]));
    assert_eq!(outcome.tables.len(), 6, "{:?}", outcome.tables.keys());
    for i in 0..5 {
        ws.write(
            &format!("five/p{i}/a.csv"),
            format!("a,b,c,d,e,f,g,h,i,j,k{i}\n1,2,3,4,5,6,7,8,9,10,11\n1,2,3,4,5,6,7,8,9,10,11\n"),
        );
    }
    let outcome = crawl_with(&ws, &spec(&["five"]));
    assert_eq!(outcome.tables.len(), 1, "{:?}", outcome.tables.keys());
}

#[test]
fn combine_compatible_schemas_makes_one_table() {
    let ws = Workspace::new();
    ws.write("sales/year=2017/a.csv", "id,amount\n1,2.5\n2,3\n");
    ws.write(
        "sales/year=2018/a.csv",
        "sku,qty,price,store\nx,1,2.5,s\ny,2,3,t\n",
    );
    let mut spec = spec(&["sales"]);
    spec.grouping.combine_compatible_schemas = true;
    let outcome = crawl_with(&ws, &spec);
    assert_eq!(outcome.tables.len(), 1);
    let table = &outcome.tables["sales"];
    assert_eq!(keys(table), ["year:bigint"]);
    assert_eq!(table.columns.len(), 6);
}

#[test]
fn table_level_fixes_the_depth_of_tables() {
    let ws = Workspace::new();
    for region in ["eu", "us"] {
        for day in ["1", "2"] {
            ws.write(
                &format!("lake/{region}/day={day}/a.csv"),
                "id,amount\n1,2.5\n2,3\n",
            );
        }
    }
    let mut spec = spec(&["lake"]);
    spec.grouping = Grouping {
        table_level: Some(2),
        ..Grouping::default()
    };
    let outcome = crawl_with(&ws, &spec);
    let names: Vec<&String> = outcome.tables.keys().collect();
    assert_eq!(names, ["eu", "us"]);
    assert_eq!(keys(&outcome.tables["eu"]), ["day:bigint"]);
    // Without it the two regions are one table partitioned by a plain folder.
    let outcome = crawl_with(&ws, &self::spec(&["lake"]));
    assert_eq!(
        keys(&outcome.tables["lake"]),
        ["partition_0:string", "day:bigint"]
    );
}

#[test]
fn mixed_formats_in_one_folder_are_separate_tables() {
    let ws = Workspace::new();
    ws.write("drop/orders.csv", "id,amount\n1,2.5\n2,3\n");
    ws.write("drop/events.json", "{\"id\": 1}\n{\"id\": 2}\n");
    ws.write("drop/access.log", format!("{COMBINED}{COMBINED}"));
    let outcome = crawl_with(&ws, &spec(&["drop"]));
    let names: Vec<&String> = outcome.tables.keys().collect();
    assert_eq!(names, ["access", "events", "orders"]);
    assert!(
        outcome.tables["orders"]
            .location
            .ends_with("drop/orders.csv")
    );
    // Two files of one format stay one table, named after the folder and the format.
    ws.write("drop/more.json", "{\"id\": 3}\n{\"id\": 4}\n");
    let outcome = crawl_with(&ws, &spec(&["drop"]));
    let names: Vec<&String> = outcome.tables.keys().collect();
    assert_eq!(names, ["access", "drop_json", "orders"]);
}

#[test]
fn deep_nesting_and_names_as_glue_cleans_them() {
    let ws = Workspace::new();
    ws.write("Raw Data/a/b/c/d/e/f/g/h/leaf.csv", "id,v\n1,2\n3,4\n");
    let mut spec = spec(&["Raw Data"]);
    spec.table_prefix = "Lake-".into();
    let outcome = crawl_with(&ws, &spec);
    let table = &outcome.tables["lake_raw_data"];
    assert_eq!(table.partition_keys.len(), 8);
    assert_eq!(
        table.partitions[0].values,
        ["a", "b", "c", "d", "e", "f", "g", "h"]
    );
}

#[test]
fn exclusions_and_sample_size() {
    let ws = Workspace::new();
    ws.write("t/keep/a.csv", "id,v\n1,2\n3,4\n");
    ws.write("t/keep/b.tmp", "junk");
    ws.write("t/archive/old.csv", "id,v\n1,2\n3,4\n");
    for i in 0..5 {
        ws.write(&format!("s/f{i}.csv"), "id,v\n1,2\n3,4\n");
    }
    let mut spec = spec(&["t"]);
    spec.exclusions = vec!["**/*.tmp".into(), "archive/**".into()];
    let outcome = crawl_with(&ws, &spec);
    assert_eq!(outcome.tables.len(), 1);
    assert!(
        outcome.unclassified.is_empty(),
        "{:?}",
        outcome.unclassified
    );
    let mut sampled = self::spec(&["s"]);
    sampled.sample_size = Some(2);
    let outcome = crawl_with(&ws, &sampled);
    assert_eq!(outcome.files_read, 2);
    assert_eq!(outcome.tables["s"].file_count, 5);
}

#[test]
fn ten_thousand_small_files_in_one_crawl() {
    let ws = Workspace::new();
    for i in 0..10_000 {
        ws.write(
            &format!("big/day={}/part-{i:05}.csv", i % 50),
            format!("id,value\n{i},{}\n{},{}\n", i * 2, i + 1, i * 3),
        );
    }
    let started = std::time::Instant::now();
    let outcome = crawl_with(&ws, &spec(&["big"]));
    let elapsed = started.elapsed();
    assert_eq!(outcome.files_read, 10_000);
    let table = &outcome.tables["big"];
    assert_eq!(table.file_count, 10_000);
    assert_eq!(table.partitions.len(), 50);
    assert_eq!(table.row_estimate, 20_000);
    // A Glue crawl bills ten minutes; this one must not take more than a few seconds.
    assert!(elapsed.as_secs() < 60, "{elapsed:?}");
}

fn catalog_after(ws: &Workspace, spec: &CrawlSpec, catalog: &mut Catalog) -> Vec<SchemaChange> {
    let outcome = crawl_with(ws, spec);
    record_crawl(catalog, spec, &outcome, "2026-01-02T00:00:00Z")
}

#[test]
fn schema_changes_under_each_policy() {
    let ws = Workspace::new();
    ws.write("t/year=2018/a.csv", "id,v,a,b\n1,2,x,y\n3,4,x,y\n");
    let base = spec(&["t"]);
    let mut catalog = Catalog::default();
    let first = catalog_after(&ws, &base, &mut catalog);
    assert_eq!(
        first,
        [SchemaChange::TableAdded {
            table: "t".into(),
            action: ChangeAction::Applied
        }]
    );
    // Four of five columns shared: more than 70% alike, so one table still.
    ws.write(
        "t/year=2019/a.csv",
        "id,v,a,b,extra\n1,2.5,x,y,x\n3,4,x,y,y\n",
    );
    // LOG keeps the definition and records the changes; partitions are still added.
    let mut logged = catalog.clone();
    let log = CrawlSpec {
        policy: ChangePolicy {
            update: UpdateBehavior::Log,
            ..ChangePolicy::default()
        },
        ..base.clone()
    };
    let changes = catalog_after(&ws, &log, &mut logged);
    assert!(changes.contains(&SchemaChange::ColumnAdded {
        table: "t".into(),
        column: "extra".into(),
        glue_type: "string".into(),
        action: ChangeAction::Logged
    }));
    assert!(changes.contains(&SchemaChange::TypeChanged {
        table: "t".into(),
        column: "v".into(),
        from: "bigint".into(),
        to: "double".into(),
        action: ChangeAction::Logged
    }));
    let kept = logged.table("lake", "t").unwrap();
    assert_eq!(
        columns(kept),
        ["id:bigint", "v:bigint", "a:string", "b:string"]
    );
    assert_eq!(kept.partitions.len(), 2);
    // MergeNewColumns adds the column and keeps the old type.
    let mut merged = catalog.clone();
    let merge = CrawlSpec {
        policy: ChangePolicy {
            merge_new_columns: true,
            ..ChangePolicy::default()
        },
        ..base.clone()
    };
    catalog_after(&ws, &merge, &mut merged);
    assert_eq!(
        columns(merged.table("lake", "t").unwrap()),
        [
            "id:bigint",
            "v:bigint",
            "a:string",
            "b:string",
            "extra:string"
        ]
    );
    // The default updates the table.
    let changes = catalog_after(&ws, &base, &mut catalog);
    assert!(
        changes.iter().all(|c| c.action() == ChangeAction::Applied),
        "{changes:?}"
    );
    assert_eq!(
        columns(catalog.table("lake", "t").unwrap()),
        [
            "id:bigint",
            "v:double",
            "a:string",
            "b:string",
            "extra:string"
        ]
    );
    assert_eq!(catalog.databases["lake"].history.len(), 2);
}

#[test]
fn vanished_tables_are_deprecated_deleted_or_logged() {
    let ws = Workspace::new();
    ws.write("a/x.csv", "id,v\n1,2\n3,4\n");
    ws.write("b/x.csv", "id,v\n1,2\n3,4\n");
    let both = spec(&["a", "b"]);
    let mut catalog = Catalog::default();
    catalog_after(&ws, &both, &mut catalog);
    std::fs::remove_dir_all(ws.path().join("b")).unwrap();
    for (behavior, kept, deprecated, action) in [
        (
            DeleteBehavior::DeprecateInDatabase,
            true,
            true,
            ChangeAction::Deprecated,
        ),
        (
            DeleteBehavior::DeleteFromDatabase,
            false,
            false,
            ChangeAction::Applied,
        ),
        (DeleteBehavior::Log, true, false, ChangeAction::Logged),
    ] {
        let mut copy = catalog.clone();
        let mut spec = both.clone();
        spec.policy.delete = behavior;
        let changes = catalog_after(&ws, &spec, &mut copy);
        assert!(
            changes.contains(&SchemaChange::TableDeleted {
                table: "b".into(),
                action
            }),
            "{behavior:?}: {changes:?}"
        );
        let table = copy.table("lake", "b");
        assert_eq!(table.is_some(), kept, "{behavior:?}");
        assert_eq!(
            table.is_some_and(|t| t.deprecated),
            deprecated,
            "{behavior:?}"
        );
    }
}

#[test]
fn crawling_new_folders_only_reads_only_new_folders_and_logs() {
    let ws = Workspace::new();
    ws.write("t/day=1/a.csv", "id,v\n1,2\n3,4\n");
    let mut spec = spec(&["t"]);
    spec.policy.new_folders_only = true;
    let mut catalog = Catalog::default();
    catalog_after(&ws, &spec, &mut catalog);
    // The known folder's file changes: not read again, so nothing changes.
    ws.write("t/day=1/a.csv", "id,v,new\n1,2,3\n3,4,5\n");
    ws.write("t/day=2/a.csv", "id,v\n1,2\n3,4\n");
    let outcome = crawl(
        &spec,
        &LocalStore::new(ws.path()),
        catalog.databases.get("lake"),
        "2026-01-03T00:00:00Z",
    );
    let changes = record_crawl(&mut catalog, &spec, &outcome, "2026-01-03T00:00:00Z");
    assert_eq!(
        changes,
        [SchemaChange::PartitionAdded {
            table: "t".into(),
            values: vec!["2".into()],
            action: ChangeAction::Applied
        }]
    );
    assert_eq!(
        columns(catalog.table("lake", "t").unwrap()),
        ["id:bigint", "v:bigint"]
    );
}
