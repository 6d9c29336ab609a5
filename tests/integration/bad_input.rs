//! Bad data gives a clear error that names the file or node, and never a panic.

use sluice::engine::{SampleMethod, plan_pipeline, preview_node};

use crate::fixtures::{Workspace, csv_node};

/// The error of previewing `node`, which must fail.
fn preview_error(ws: &Workspace, body: &str, node: &str) -> String {
    let pipeline = ws.parse(body);
    let plan = plan_pipeline(&pipeline, ws.path());
    match preview_node(&plan, node, None, 10, SampleMethod::Head) {
        Ok(preview) => panic!("the preview should fail, got {}", preview.frame),
        Err(error) => error.message,
    }
}

#[test]
fn truncated_parquet_names_the_file() {
    let ws = Workspace::new();
    ws.write("ok.csv", "a\n1\n2\n");
    let body = format!(
        "{}[[node]]\nid = \"out\"\nkind = \"parquet_sink\"\ninputs = {{ in = \"src\" }}\npath = \"t.parquet\"\n",
        csv_node("src", "ok.csv")
    );
    ws.run(&body, sluice::engine::RunStrategy::Auto).unwrap();
    let bytes = std::fs::read(ws.path().join("t.parquet")).unwrap();
    ws.write("broken.parquet", &bytes[..bytes.len() / 2]);
    let message = ws.error(
        "[[node]]\nid = \"p\"\nkind = \"parquet_source\"\npath = \"broken.parquet\"\n",
        "p",
    );
    assert!(message.contains("broken.parquet"), "{message}");
}

#[test]
fn ragged_csv_rows_name_the_file() {
    let ws = Workspace::new();
    ws.write("ragged.csv", "a,b\n1,2\n3,4,5,6\n7\n");
    let message = preview_error(&ws, &csv_node("r", "ragged.csv"), "r");
    assert!(
        message.contains("a row has more fields than the header"),
        "{message}"
    );
    assert!(message.contains("(reading `ragged.csv`)"), "{message}");
}

#[test]
fn invalid_utf8_in_csv_is_an_error_not_a_panic() {
    let ws = Workspace::new();
    ws.write("bad.csv", b"name\nM\xfcnchen\n");
    let result = ws.output(&csv_node("b", "bad.csv"), "b");
    let message = result.expect_err("invalid UTF-8 should be refused");
    assert!(
        message.to_lowercase().contains("utf-8") || message.contains("utf8"),
        "{message}"
    );
}

#[test]
fn a_missing_file_says_where_it_was_looked_for() {
    let ws = Workspace::new();
    let message = ws.error(&csv_node("m", "data/missing.csv"), "m");
    assert!(
        message.contains(
            "missing.csv` was not found (paths are relative to the pipeline file's folder)"
        ),
        "{message}"
    );
}

#[test]
fn invalid_utf8_pipeline_file_is_refused_cleanly() {
    let ws = Workspace::new();
    let path = ws.write("p.sluice.toml", b"format_version = 1\nname = \"\xff\"\n");
    let error = sluice::model::file_format::load_pipeline(&path).unwrap_err();
    assert!(error.to_string().contains("not valid UTF-8"), "{error}");
}
