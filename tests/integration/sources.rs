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
