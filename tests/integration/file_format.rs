//! The pipeline file: canonical saving and strict, located loading errors.

use sluice::model::file_format::{parse_pipeline, to_canonical_text};

fn problems(text: &str) -> String {
    match parse_pipeline(text) {
        Ok(_) => panic!("should be refused:\n{text}"),
        Err(error) => error.to_string(),
    }
}

const TWO_NODES: &str = r#"format_version = 1

[[node]]
id = "orders"
kind = "csv_source"
path = "orders.csv"

[[node]]
id = "paid"
kind = "filter"
inputs = { in = "orders" }
predicate = "status = 'paid'"
"#;

#[test]
fn saving_is_canonical_and_stable() {
    let (pipeline, _) = parse_pipeline(TWO_NODES).unwrap();
    let text = to_canonical_text(&pipeline);
    assert_eq!(text, TWO_NODES);
    let (again, _) = parse_pipeline(&text).unwrap();
    assert_eq!(again, pipeline);
    assert_eq!(to_canonical_text(&again), text);
}

#[test]
fn moving_a_node_changes_only_the_layout_lines() {
    let (mut pipeline, _) = parse_pipeline(TWO_NODES).unwrap();
    pipeline
        .set_position("orders", sluice::model::Position { x: 10.0, y: 20.0 })
        .unwrap();
    let before = to_canonical_text(&pipeline);
    pipeline
        .set_position("orders", sluice::model::Position { x: 30.5, y: 20.0 })
        .unwrap();
    let after = to_canonical_text(&pipeline);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        vec![(
            "orders = { x = 10, y = 20 }",
            "orders = { x = 30.5, y = 20 }"
        )]
    );
}

#[test]
fn refuses_an_unknown_kind_with_line_column_and_suggestion() {
    let text = TWO_NODES.replace("kind = \"filter\"", "kind = \"fliter\"");
    let message = problems(&text);
    assert!(
        message.contains(
            "10:8: error: [paid] node `paid` has unknown kind `fliter`; did you mean `filter`?"
        ),
        "{message}"
    );
}

#[test]
fn refuses_an_unknown_parameter_naming_the_node() {
    let text = TWO_NODES.replace("predicate =", "predicat =");
    let message = problems(&text);
    assert!(message.contains("12:1: error: [paid]"), "{message}");
    assert!(
        message.contains("`filter` has no parameter `predicat`; did you mean `predicate`?"),
        "{message}"
    );
}

#[test]
fn refuses_a_wrong_value_type() {
    let text = TWO_NODES.replace(
        "path = \"orders.csv\"",
        "path = \"orders.csv\"\nheader = \"yes\"",
    );
    let message = problems(&text);
    assert!(message.contains("7:10: error: [orders] parameter `header` of `orders`: expected true or false, found a string"), "{message}");
}

#[test]
fn refuses_a_duplicate_id_pointing_at_the_first() {
    let text = TWO_NODES.replace("id = \"paid\"", "id = \"orders\"");
    let message = problems(&text);
    assert!(
        message.contains(
            "9:6: error: [orders] duplicate node id `orders`: it is already used on line 4"
        ),
        "{message}"
    );
}

#[test]
fn refuses_inputs_from_missing_nodes_and_ports() {
    let missing_node = problems(&TWO_NODES.replace("in = \"orders\"", "in = \"order\""));
    assert!(missing_node.contains("11:17"), "{missing_node}");
    assert!(
        missing_node.contains("there is no node `order`; did you mean `orders`?"),
        "{missing_node}"
    );
    let missing_port = problems(&TWO_NODES.replace("in = \"orders\"", "input = \"orders\""));
    assert!(
        missing_port.contains("`paid` (filter) has no input `input`"),
        "{missing_port}"
    );
    let missing_output =
        problems(&TWO_NODES.replace("in = \"orders\"", "in = \"orders.rejected\""));
    assert!(
        missing_output.contains("has no output `rejected`"),
        "{missing_output}"
    );
}

#[test]
fn refuses_a_cycle() {
    let text = r#"format_version = 1
[[node]]
id = "a"
kind = "filter"
inputs = { in = "b" }
predicate = "x > 1"
[[node]]
id = "b"
kind = "filter"
inputs = { in = "a" }
predicate = "x > 1"
"#;
    let message = problems(text);
    assert!(
        message.contains(
            "10:17: error: [b] connecting `a` to `b` would make a cycle: `b` already feeds `a`"
        ),
        "{message}"
    );
}

#[test]
fn refuses_a_port_type_mismatch() {
    // A sink has no output at all, so wiring from it is refused with the reason.
    let text = r#"format_version = 1
[[node]]
id = "src"
kind = "csv_source"
path = "x.csv"
[[node]]
id = "out"
kind = "csv_sink"
inputs = { in = "src" }
path = "y.csv"
[[node]]
id = "after"
kind = "filter"
inputs = { in = "out" }
predicate = "a > 1"
"#;
    let message = problems(text);
    assert!(
        message.contains("`out` (csv_sink) has no output"),
        "{message}"
    );
}

#[test]
fn refuses_a_newer_format_version() {
    let message = problems("format_version = 2\n[[node]]\nid = \"a\"\nkind = \"future_thing\"\n");
    assert!(message.contains("1:18: error: this file has format version 2, written by a newer Sluice; this build reads versions up to 1"), "{message}");
    assert!(
        !message.contains("future_thing"),
        "nothing else should be reported: {message}"
    );
}

#[test]
fn refuses_broken_toml_with_its_location() {
    let message = problems("format_version = 1\n[[node]\nid = \"a\"\n");
    assert!(message.starts_with("2:"), "{message}");
    assert!(message.contains("not valid TOML"), "{message}");
}

#[test]
fn reports_every_problem_at_once() {
    let text = TWO_NODES
        .replace("kind = \"csv_source\"", "kind = \"csv\"")
        .replace("predicate =", "predicat =");
    let message = problems(&text);
    assert_eq!(message.lines().count(), 3, "{message}");
}

#[test]
fn missing_parameters_load_but_do_not_validate() {
    // A node just dropped on the canvas has no parameters yet; its file must still open.
    let text = TWO_NODES.replace("predicate = \"status = 'paid'\"\n", "");
    let (pipeline, source_map) = parse_pipeline(&text).unwrap();
    let plan = sluice::engine::plan_pipeline(&pipeline, std::path::Path::new("."));
    let diagnostics = plan.diagnostics(&pipeline, Some(&source_map));
    let missing = diagnostics
        .iter()
        .find(|d| d.code == sluice::model::Code::MissingParameter)
        .expect("missing parameter reported");
    assert_eq!(missing.node.as_deref(), Some("paid"));
    assert_eq!(missing.location.map(|l| l.line), Some(9));
}

#[test]
fn escapes_strings_and_keeps_multiline_sql() {
    let text = "format_version = 1\n[[node]]\nid = \"q\"\nkind = \"sql\"\ndescription = \"say \\\"hi\\\"\"\nquery = \"\"\"\nSELECT *\nFROM t\"\"\"\n";
    let (pipeline, _) = parse_pipeline(text).unwrap();
    let saved = to_canonical_text(&pipeline);
    let (again, _) = parse_pipeline(&saved).unwrap();
    assert_eq!(again, pipeline);
    assert_eq!(
        again.node("q").unwrap().params["query"].as_str(),
        Some("SELECT *\nFROM t")
    );
}
