//! Sources: CSV options, Parquet, JSON, globs and Hive-partitioned folders.

use crate::fixtures::{Workspace, column_strings, names};

fn source(kind: &str, extra: &str) -> String {
    format!("[[node]]\nid = \"s\"\nkind = \"{kind}\"\n{extra}\n")
}

#[test]
fn csv_options_delimiter_quote_nulls_and_skip_rows() {
    let ws = Workspace::new();
    ws.write(
        "semi.csv",
        "exported by shop v2\nname;note;score\n'Ann';'a;b';NA\n'Bo';;7\n",
    );
    let body = source(
        "csv_source",
        "path = \"semi.csv\"\ndelimiter = \";\"\nquote_char = \"'\"\nnull_values = [\"NA\"]\nskip_rows = 1",
    );
    let frame = ws.frame(&body, "s");
    assert_eq!(names(&frame), ["name", "note", "score"]);
    assert_eq!(column_strings(&frame, "note"), ["a;b", "null"]);
    assert_eq!(column_strings(&frame, "score"), ["null", "7"]);
}

#[test]
fn csv_without_header_gets_numbered_columns() {
    let ws = Workspace::new();
    ws.write("raw.csv", "1,x\n2,y\n");
    let frame = ws.frame(
        &source("csv_source", "path = \"raw.csv\"\nheader = false"),
        "s",
    );
    assert_eq!(frame.height(), 2);
    assert_eq!(frame.width(), 2);
}

#[test]
fn csv_latin1_is_decoded() {
    let ws = Workspace::new();
    ws.write("latin.csv", b"city\nM\xfcnchen\nLule\xe5\n");
    let frame = ws.frame(
        &source("csv_source", "path = \"latin.csv\"\nencoding = \"latin-1\""),
        "s",
    );
    assert_eq!(column_strings(&frame, "city"), ["München", "Luleå"]);
}

#[test]
fn glob_reads_every_matching_file() {
    let ws = Workspace::new();
    ws.write("parts/a.csv", "n\n1\n2\n");
    ws.write("parts/b.csv", "n\n3\n");
    ws.write("parts/notes.txt", "ignore me");
    let frame = ws.frame(&source("csv_source", "path = \"parts/*.csv\""), "s");
    assert_eq!(column_strings(&frame, "n"), ["1", "2", "3"]);
}

#[test]
fn hive_folders_become_typed_columns() {
    let ws = Workspace::new();
    ws.write("logs/year=2024/month=01/part-0.csv", "level\ninfo\nwarn\n");
    ws.write("logs/year=2024/month=02/part-0.csv", "level\nerror\n");
    ws.write("logs/year=2025/month=01/part-0.csv", "level\ninfo\n");
    ws.write("logs/year=2025/month=01/_SUCCESS", "");
    let frame = ws.frame(&source("csv_source", "path = \"logs\""), "s");
    assert_eq!(names(&frame), ["level", "year", "month"]);
    assert_eq!(
        column_strings(&frame, "year"),
        ["2024", "2024", "2024", "2025"]
    );
    assert_eq!(column_strings(&frame, "month"), ["1", "1", "2", "1"]);
    assert_eq!(
        frame.column("year").unwrap().dtype(),
        &polars::prelude::DataType::Int64
    );
    let off = ws.frame(
        &source("csv_source", "path = \"logs\"\nhive_partitioning = false"),
        "s",
    );
    assert_eq!(names(&off), ["level"]);
}

#[test]
fn parquet_round_trips_through_a_sink_with_partitions() {
    let ws = Workspace::new();
    ws.write("sales.csv", "region,amount\nnorth,1\nsouth,2\nnorth,3\n");
    let body = format!(
        "{}[[node]]\nid = \"out\"\nkind = \"parquet_sink\"\ninputs = {{ in = \"src\" }}\npath = \"lake/sales\"\npartition_by = [\"region\"]\n",
        "[[node]]\nid = \"src\"\nkind = \"csv_source\"\npath = \"sales.csv\"\n"
    );
    let report = ws.run(&body, sluice::engine::RunStrategy::Auto).unwrap();
    assert_eq!(report.nodes.last().unwrap().rows_out, Some(3));
    assert!(ws.path().join("lake/sales/region=north").is_dir());
    assert!(ws.path().join("lake/sales/region=south").is_dir());
    let frame = ws.frame(&source("parquet_source", "path = \"lake/sales\""), "s");
    let mut amounts = column_strings(&frame, "amount");
    amounts.sort();
    assert_eq!(amounts, ["1", "2", "3"]);
    assert_eq!(
        frame.column("region").unwrap().dtype(),
        &polars::prelude::DataType::String
    );
}

#[test]
fn json_array_and_ndjson() {
    let ws = Workspace::new();
    ws.write(
        "a.json",
        r#"[{"id": 1, "tag": "x"}, {"id": 2, "tag": null}]"#,
    );
    ws.write(
        "b.ndjson",
        "{\"id\": 3, \"tag\": \"y\"}\n{\"id\": 4, \"tag\": \"z\"}\n",
    );
    ws.write("c.json", "{\"id\": 5}\n{\"id\": 6}\n");
    let array = ws.frame(&source("json_source", "path = \"a.json\""), "s");
    assert_eq!(column_strings(&array, "tag"), ["x", "null"]);
    let ndjson = ws.frame(&source("json_source", "path = \"b.ndjson\""), "s");
    assert_eq!(column_strings(&ndjson, "id"), ["3", "4"]);
    let sniffed = ws.frame(&source("json_source", "path = \"c.json\""), "s");
    assert_eq!(column_strings(&sniffed, "id"), ["5", "6"]);
}

#[test]
fn schema_is_known_from_the_header_alone() {
    let ws = Workspace::new();
    ws.write("wide.csv", "a,b,c\n1,x,2.5\n");
    let pipeline = ws.parse(&source("csv_source", "path = \"wide.csv\""));
    let plan = sluice::engine::plan_pipeline(&pipeline, ws.path());
    let schema = &plan.table("s", None).unwrap().schema;
    let types: Vec<String> = schema
        .iter()
        .map(|(n, t)| format!("{n}:{}", sluice::engine::types::type_name(t)))
        .collect();
    assert_eq!(types, ["a:int64", "b:string", "c:float64"]);
}

/// The schema of `frame` as `name:type` texts.
fn typed(frame: &polars::prelude::DataFrame) -> Vec<String> {
    frame
        .schema()
        .iter()
        .map(|(n, t)| format!("{n}:{}", sluice::engine::types::type_name(t)))
        .collect()
}

#[test]
fn iso_dates_and_timestamps_are_read_as_such_in_csv_and_json() {
    let ws = Workspace::new();
    ws.write(
        "flights.csv",
        "day,time_hour,local,note\n2013-01-01,2013-01-01T10:00:00Z,2013-01-01 05:30:00,2013-01-01 was a Tuesday\n2013-01-02,2013-01-02T11:00:00Z,2013-01-02 06:00:00,x\n",
    );
    ws.write(
        "flights.ndjson",
        "{\"day\": \"2013-01-01\", \"time_hour\": \"2013-01-01T10:00:00Z\", \"local\": \"2013-01-01 05:30:00.5\", \"note\": \"2013-01-01 was a Tuesday\"}\n\
         {\"day\": \"2013-01-02\", \"time_hour\": \"2013-01-02T11:00:00+01:00\", \"local\": null, \"note\": \"x\"}\n",
    );
    let csv = ws.frame(&source("csv_source", "path = \"flights.csv\""), "s");
    let json = ws.frame(&source("json_source", "path = \"flights.ndjson\""), "s");
    for frame in [&csv, &json] {
        let types = typed(frame);
        assert_eq!(types[0], "day:date", "{types:?}");
        assert!(types[1].starts_with("time_hour:datetime[UTC"), "{types:?}");
        assert_eq!(types[2], "local:datetime", "{types:?}");
        assert_eq!(types[3], "note:string", "{types:?}");
    }
    assert_eq!(
        column_strings(&json, "time_hour")[1],
        "2013-01-02 10:00:00 UTC",
        "an offset is turned into UTC"
    );
    // The option turns it off: the texts stay texts.
    for (kind, file) in [
        ("csv_source", "flights.csv"),
        ("json_source", "flights.ndjson"),
    ] {
        let frame = ws.frame(
            &source(kind, &format!("path = \"{file}\"\nparse_dates = false")),
            "s",
        );
        assert!(
            typed(&frame).iter().all(|t| t.ends_with(":string")),
            "{kind}: {:?}",
            typed(&frame)
        );
    }
}

#[test]
fn a_json_text_that_stops_looking_like_a_date_is_an_error_that_says_what_to_do() {
    let ws = Workspace::new();
    let mut lines = String::new();
    for day in 1..=150 {
        lines.push_str(&format!("{{\"d\": \"2013-01-{:02}\"}}\n", day % 28 + 1));
    }
    lines.push_str("{\"d\": \"soon\"}\n");
    ws.write("late.ndjson", lines);
    let pipeline = ws.parse(&source("json_source", "path = \"late.ndjson\""));
    let plan = sluice::engine::plan_pipeline(&pipeline, ws.path());
    let error =
        sluice::engine::preview_node(&plan, "s", None, 1000, sluice::engine::SampleMethod::Head)
            .unwrap_err();
    assert!(
        error.message.contains("parse_dates = false"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("(reading `late.ndjson`)"),
        "{}",
        error.message
    );
}

#[test]
fn a_preview_plans_only_what_feeds_the_node() {
    let ws = Workspace::new();
    ws.write("a.csv", "n\n1\n");
    // `b.csv` does not exist: previewing `a` must not even look for it.
    let file = ws.pipeline_file(&format!(
        "{}{}",
        crate::fixtures::csv_node("a", "a.csv"),
        crate::fixtures::csv_node("b", "b.csv")
    ));
    assert_cmd::Command::cargo_bin("sluice")
        .unwrap()
        .args(["preview", "--node", "a"])
        .arg(&file)
        .assert()
        .success();
    assert_cmd::Command::cargo_bin("sluice")
        .unwrap()
        .args(["preview", "--node", "b"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("b.csv"));
}

#[test]
fn a_source_is_scanned_again_only_when_its_settings_or_files_change() {
    let ws = Workspace::new();
    ws.write("a.csv", "n\n1\n");
    let body = source("csv_source", "path = \"a.csv\"");
    let pipeline = ws.parse(&body);
    let mut cache = sluice::engine::SourceCache::default();
    let types = |plan: &sluice::engine::PipelinePlan| {
        typed(
            &plan
                .table("s", None)
                .unwrap()
                .frame
                .clone()
                .collect()
                .unwrap(),
        )
    };
    let first = sluice::engine::plan_with(&pipeline, ws.path(), None, &mut cache);
    assert_eq!(types(&first), ["n:int64"]);
    assert_eq!(cache.len(), 1);
    let again = sluice::engine::plan_with(&pipeline, ws.path(), None, &mut cache);
    assert_eq!(types(&again), ["n:int64"]);
    assert_eq!(cache.len(), 1, "reused, not added");
    // The file changes (another size): its new types are seen.
    ws.write("a.csv", "n\nten\n");
    let changed = sluice::engine::plan_with(&pipeline, ws.path(), None, &mut cache);
    assert_eq!(types(&changed), ["n:string"]);
    // The settings change: scanned again, and the old scan let go.
    let other = ws.parse(&source("csv_source", "path = \"a.csv\"\nheader = false"));
    let plan = sluice::engine::plan_with(&other, ws.path(), None, &mut cache);
    assert_eq!(types(&plan), ["column_1:string"]);
    assert_eq!(cache.len(), 1);
}
