//! Running pipelines: per-node statistics, both strategies, atomic outputs and write modes.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use sluice::engine::{RunError, RunEvent, RunOptions, RunStrategy, run_pipeline};

use crate::fixtures::{Workspace, csv_node};

fn pipeline_body(sink_extra: &str) -> String {
    format!(
        "{}[[node]]\nid = \"big\"\nkind = \"filter\"\ninputs = {{ in = \"src\" }}\npredicate = \"n > 1\"\n[[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"big\" }}\npath = \"out/result.csv\"\n{sink_extra}",
        csv_node("src", "numbers.csv")
    )
}

fn workspace() -> Workspace {
    let ws = Workspace::new();
    ws.write("numbers.csv", "n\n1\n2\n3\n");
    ws
}

#[test]
fn node_by_node_reports_exact_rows_per_node() {
    let ws = workspace();
    let report = ws.run(&pipeline_body(""), RunStrategy::NodeByNode).unwrap();
    let rows: Vec<(String, Option<u64>, Option<u64>)> = report
        .nodes
        .iter()
        .map(|n| (n.node.clone(), n.rows_in, n.rows_out))
        .collect();
    assert_eq!(
        rows,
        [
            ("src".to_string(), None, Some(3)),
            ("big".to_string(), Some(3), Some(2)),
            ("out".to_string(), Some(2), Some(2))
        ]
    );
    assert_eq!(
        std::fs::read_to_string(ws.path().join("out/result.csv")).unwrap(),
        "n\n2\n3\n"
    );
}

#[test]
fn streaming_writes_the_same_output() {
    let ws = workspace();
    let mut events = Vec::new();
    let pipeline = ws.parse(&pipeline_body(""));
    let cancel = Arc::new(AtomicBool::new(false));
    let report = run_pipeline(
        &pipeline,
        ws.path(),
        RunOptions::new(RunStrategy::Streaming),
        &cancel,
        &mut |e| events.push(e),
    )
    .unwrap();
    assert_eq!(report.strategy, RunStrategy::Streaming);
    assert_eq!(
        std::fs::read_to_string(ws.path().join("out/result.csv")).unwrap(),
        "n\n2\n3\n"
    );
    assert!(matches!(
        events.first(),
        Some(RunEvent::Started { steps: 1 })
    ));
    let sink = report.nodes.iter().find(|n| n.node == "out").unwrap();
    assert_eq!(sink.rows_out, Some(2));
}

#[test]
fn fail_if_exists_refuses_and_keeps_the_old_output() {
    let ws = workspace();
    ws.write("out/result.csv", "old\n");
    let error = ws
        .run(
            &pipeline_body("mode = \"fail_if_exists\"\n"),
            RunStrategy::NodeByNode,
        )
        .unwrap_err();
    assert!(error.to_string().contains("already exists"), "{error}");
    assert_eq!(
        std::fs::read_to_string(ws.path().join("out/result.csv")).unwrap(),
        "old\n"
    );
}

#[test]
fn a_failed_run_leaves_no_partial_output() {
    let ws = workspace();
    ws.write("out/result.csv", "old\n");
    // The strict cast fails while data flows, after the sink has started.
    let body = format!(
        "{}[[node]]\nid = \"cast\"\nkind = \"cast\"\ninputs = {{ in = \"src\" }}\ncolumns = [{{ column = \"word\", type = \"int64\" }}]\nstrict = true\n[[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"cast\" }}\npath = \"out/result.csv\"\n",
        csv_node("src", "words.csv")
    );
    ws.write("words.csv", "word\n1\ntwo\n");
    for strategy in [RunStrategy::Streaming, RunStrategy::NodeByNode] {
        let error = ws.run(&body, strategy).unwrap_err();
        assert!(matches!(error, RunError::NodeFailed { .. }), "{error}");
        assert_eq!(
            std::fs::read_to_string(ws.path().join("out/result.csv")).unwrap(),
            "old\n"
        );
        let leftovers: Vec<_> = std::fs::read_dir(ws.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}

#[test]
fn an_invalid_pipeline_runs_nothing() {
    let ws = workspace();
    let body = pipeline_body("").replace("n > 1", "m > 1");
    match ws.run(&body, RunStrategy::Auto) {
        Err(RunError::Invalid(diagnostics)) => {
            assert!(diagnostics[0].message.contains("column `m` not found"))
        }
        other => panic!("expected invalid, got {other:?}"),
    }
    assert!(!ws.path().join("out").exists());
}

#[test]
fn cancelling_stops_between_nodes() {
    let ws = workspace();
    let pipeline = ws.parse(&pipeline_body(""));
    let cancel = Arc::new(AtomicBool::new(true));
    let outcome = run_pipeline(
        &pipeline,
        ws.path(),
        RunOptions::new(RunStrategy::NodeByNode),
        &cancel,
        &mut |_| {},
    );
    assert_eq!(outcome.unwrap_err(), RunError::Cancelled);
}
