//! Kinds with several outputs and nested data: the conditional router, split fields, flatten and
//! explode, wired by port, previewed by port and run; and SQL's limits on what it may read.

use predicates::prelude::PredicateBooleanExt;
use sluice::app::{AppState, Command};
use sluice::engine::{RunStrategy, SampleMethod, plan_pipeline, preview_node};
use sluice::model::ParamValue;

use crate::fixtures::{Workspace, column_strings, csv_node, names};

const ORDERS: &str = "\
order_id,customer,amount
1,alice,10.5
2,bob,200
3,carol,
4,dave,150
";

const EVENTS: &str = r#"{"id": 1, "user": {"name": "ann", "home": {"city": "Oslo"}}, "tags": ["a", "b"]}
{"id": 2, "user": {"name": "bob", "home": {"city": "Lyon"}}, "tags": []}
{"id": 3, "user": {"name": "cy", "home": {"city": "Rome"}}, "tags": null}
"#;

fn workspace() -> Workspace {
    let ws = Workspace::new();
    ws.write("orders.csv", ORDERS);
    ws.write("events.ndjson", EVENTS);
    ws
}

const ROUTER: &str = r#"[[node]]
id = "route"
kind = "conditional_router"
inputs = { in = "orders" }
routes = [
    { name = "big", condition = "amount > 100" },
    { name = "bob", condition = "customer = 'bob'" },
]
"#;

fn router_body() -> String {
    format!("{}{ROUTER}", csv_node("orders", "orders.csv"))
}

#[test]
fn the_router_sends_rows_to_every_matching_route_and_the_rest_to_default() {
    let ws = workspace();
    let body = router_body();
    assert_eq!(
        column_strings(&ws.frame(&body, "route.big"), "order_id"),
        ["2", "4"]
    );
    assert_eq!(
        column_strings(&ws.frame(&body, "route.bob"), "order_id"),
        ["2"],
        "a row may go to several routes"
    );
    assert_eq!(
        column_strings(&ws.frame(&body, "route.default"), "order_id"),
        ["1", "3"],
        "a null condition is not met: order 3 goes to the default"
    );
}

#[test]
fn a_route_is_wired_by_name_saved_by_name_and_run() {
    let ws = workspace();
    let body = format!(
        "{}[[node]]\nid = \"big_out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"route.big\" }}\npath = \"big.csv\"\n\
         [[node]]\nid = \"rest_out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"route.default\" }}\npath = \"rest.csv\"\n",
        router_body()
    );
    let pipeline = ws.parse(&body);
    let text = sluice::model::file_format::to_canonical_text(&pipeline);
    assert!(text.contains("inputs = { in = \"route.big\" }"), "{text}");
    for strategy in [RunStrategy::NodeByNode, RunStrategy::Streaming] {
        let report = ws.run(&body, strategy).unwrap();
        let route = report.nodes.iter().find(|n| n.node == "route").unwrap();
        if strategy == RunStrategy::NodeByNode {
            assert_eq!(
                route.note.as_deref(),
                Some("rows by output: big: 2, bob: 1, default: 2")
            );
            let sink = report.nodes.iter().find(|n| n.node == "big_out").unwrap();
            assert_eq!(
                sink.rows_in,
                Some(2),
                "rows in counts the wired output only"
            );
        }
        let big = std::fs::read_to_string(ws.path().join("big.csv")).unwrap();
        assert_eq!(big.lines().count(), 3, "{big}");
        let rest = std::fs::read_to_string(ws.path().join("rest.csv")).unwrap();
        assert_eq!(rest.lines().count(), 3, "{rest}");
    }
    // A bare reference is refused: the router's outputs are named by its routes.
    let bare = format!(
        "format_version = 1\n{}[[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"route\" }}\npath = \"x.csv\"\n",
        router_body()
    );
    let error = sluice::model::file_format::parse_pipeline(&bare).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("name one: route.big, route.bob, route.default"),
        "{error}"
    );
}

#[test]
fn renaming_a_route_keeps_its_wires_and_removing_it_removes_them() {
    let ws = workspace();
    let body = format!(
        "{}[[node]]\nid = \"big_out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"route.big\" }}\npath = \"big.csv\"\n",
        router_body()
    );
    let mut state = AppState::new(ws.parse(&body));
    let routes = |names: &[(&str, &str)]| {
        ParamValue::List(
            names
                .iter()
                .map(|(name, condition)| {
                    ParamValue::Record(
                        [
                            ("name".to_string(), ParamValue::Str(name.to_string())),
                            (
                                "condition".to_string(),
                                ParamValue::Str(condition.to_string()),
                            ),
                        ]
                        .into(),
                    )
                })
                .collect(),
        )
    };
    state
        .apply(Command::SetParam {
            node: "route".into(),
            name: "routes".into(),
            value: routes(&[("large", "amount > 100"), ("bob", "customer = 'bob'")]),
        })
        .unwrap();
    let wired = &state.document().node("big_out").unwrap().inputs_of("in")[0];
    assert_eq!(
        wired.to_string(),
        "route.large",
        "the wire followed the rename"
    );
    // The person leaves the field: the next edit is an undo step of its own.
    state.close_merge();
    state
        .apply(Command::SetParam {
            node: "route".into(),
            name: "routes".into(),
            value: routes(&[("bob", "customer = 'bob'")]),
        })
        .unwrap();
    assert!(
        state.document().node("big_out").unwrap().inputs.is_empty(),
        "the removed route's wire is gone"
    );
    state.apply(Command::Undo).unwrap();
    assert_eq!(
        state.document().node("big_out").unwrap().inputs_of("in")[0].to_string(),
        "route.large",
        "one undo brings route and wire back"
    );
}

#[test]
fn router_mistakes_are_named() {
    let ws = workspace();
    let twice = router_body().replace("name = \"bob\"", "name = \"big\"");
    assert!(
        ws.error(&twice, "route")
            .contains("two routes are named `big`"),
        "{}",
        ws.error(&twice, "route")
    );
    let default = router_body().replace("name = \"bob\"", "name = \"default\"");
    assert!(
        ws.error(&default, "route")
            .contains("`default` is the output")
    );
    let not_boolean = router_body().replace("amount > 100", "amount + 1");
    assert!(
        ws.error(&not_boolean, "route").contains("not true/false"),
        "{}",
        ws.error(&not_boolean, "route")
    );
}

#[test]
fn split_fields_gives_the_chosen_columns_and_the_rest() {
    let ws = workspace();
    let body = format!(
        "{}[[node]]\nid = \"split\"\nkind = \"split_fields\"\ninputs = {{ in = \"orders\" }}\ncolumns = [\"amount\", \"order_id\"]\n",
        csv_node("orders", "orders.csv")
    );
    assert_eq!(names(&ws.frame(&body, "split")), ["amount", "order_id"]);
    assert_eq!(
        names(&ws.frame(&body, "split.selected")),
        ["amount", "order_id"]
    );
    let rest = ws.frame(&body, "split.remaining");
    assert_eq!(names(&rest), ["customer"]);
    assert_eq!(rest.height(), 4, "both keep every row");
}

fn events_source() -> String {
    "[[node]]\nid = \"events\"\nkind = \"json_source\"\npath = \"events.ndjson\"\n\n".to_string()
}

#[test]
fn flatten_names_nested_fields_parent_dot_child_level_by_level() {
    let ws = workspace();
    let body = format!(
        "{}[[node]]\nid = \"flat\"\nkind = \"flatten\"\ninputs = {{ in = \"events\" }}\n",
        events_source()
    );
    let frame = ws.frame(&body, "flat");
    assert_eq!(names(&frame), ["id", "user.name", "user.home.city", "tags"]);
    assert_eq!(
        column_strings(&frame, "user.home.city"),
        ["Oslo", "Lyon", "Rome"]
    );
    let one_level = body.replace("in = \"events\" }", "in = \"events\" }\nmax_levels = 1");
    assert_eq!(
        names(&ws.frame(&one_level, "flat")),
        ["id", "user.name", "user.home", "tags"]
    );
    // After a Flatten with `_`, a filter reaches the field by a plain name.
    let filtered = format!(
        "{}[[node]]\nid = \"flat\"\nkind = \"flatten\"\ninputs = {{ in = \"events\" }}\nseparator = \"_\"\n\
         [[node]]\nid = \"oslo\"\nkind = \"filter\"\ninputs = {{ in = \"flat\" }}\npredicate = \"user_home_city = 'Oslo'\"\n",
        events_source()
    );
    assert_eq!(column_strings(&ws.frame(&filtered, "oslo"), "id"), ["1"]);
}

#[test]
fn a_struct_field_in_sql_says_to_flatten_first() {
    let ws = workspace();
    let body = format!(
        "{}[[node]]\nid = \"f\"\nkind = \"filter\"\ninputs = {{ in = \"events\" }}\npredicate = \"user.name = 'ann'\"\n",
        events_source()
    );
    let error = ws.error(&body, "f");
    assert!(error.contains("add a Flatten node"), "{error}");
}

#[test]
fn explode_makes_a_row_per_item_like_spark() {
    let ws = workspace();
    let body = format!(
        "{}[[node]]\nid = \"x\"\nkind = \"explode\"\ninputs = {{ in = \"events\" }}\ncolumn = \"tags\"\n",
        events_source()
    );
    let frame = ws.frame(&body, "x");
    assert_eq!(
        column_strings(&frame, "id"),
        ["1", "1"],
        "empty and null lists drop"
    );
    assert_eq!(column_strings(&frame, "tags"), ["a", "b"]);
    let outer = body.replace(
        "column = \"tags\"",
        "column = \"tags\"\nnew_name = \"tag\"\nkeep_empty = true",
    );
    let frame = ws.frame(&outer, "x");
    assert_eq!(column_strings(&frame, "id"), ["1", "1", "2", "3"]);
    assert_eq!(column_strings(&frame, "tag"), ["a", "b", "null", "null"]);
    assert!(
        names(&frame).contains(&"tags".to_string()),
        "the list is kept"
    );
    let not_a_list = body.replace("column = \"tags\"", "column = \"id\"");
    assert!(ws.error(&not_a_list, "x").contains("not lists"));
}

#[test]
fn a_preview_shows_the_output_asked_for() {
    let ws = workspace();
    let pipeline = ws.parse(&router_body());
    let plan = plan_pipeline(&pipeline, ws.path());
    let big = preview_node(&plan, "route", Some("big"), 10, SampleMethod::Head).unwrap();
    assert_eq!(column_strings(&big.frame, "order_id"), ["2", "4"]);
    let missing = preview_node(&plan, "route", Some("small"), 10, SampleMethod::Head);
    assert!(missing.unwrap_err().message.contains("no output `small`"));
    // The command line takes `node.port`.
    let file = ws.pipeline_file(&router_body());
    assert_cmd::Command::cargo_bin("sluice")
        .unwrap()
        .args(["preview", "--node", "route.default"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::contains("carol"))
        .stdout(predicates::str::contains("bob").not());
}

#[test]
fn sql_may_read_only_its_inputs() {
    let ws = workspace();
    ws.write("secret.csv", "password\nhunter2\n");
    let query = |q: &str| {
        format!(
            "{}[[node]]\nid = \"q\"\nkind = \"sql\"\ninputs = {{ orders = \"orders\" }}\nquery = \"{q}\"\n",
            csv_node("orders", "orders.csv")
        )
    };
    for reading in [
        "SELECT * FROM read_csv('secret.csv')",
        "SELECT o.* FROM orders o JOIN read_parquet('x.parquet') p ON o.order_id = p.id",
        "SELECT * FROM orders WHERE order_id IN (SELECT 1 FROM read_json('x.json'))",
    ] {
        let error = ws.error(&query(reading), "q");
        assert!(
            error.contains("reads data the canvas does not show")
                && error.contains("add a source node"),
            "{reading}: {error}"
        );
    }
    let statement = ws.error(&query("CREATE TABLE t AS SELECT * FROM orders"), "q");
    assert!(statement.contains("only a SELECT query"), "{statement}");
    let fine = ws.frame(
        &query("WITH big AS (SELECT * FROM orders WHERE amount > 100) SELECT * FROM big"),
        "q",
    );
    assert_eq!(fine.height(), 2, "common table expressions are queries too");
}

#[test]
fn a_data_error_in_sql_names_the_file_actually_read() {
    let ws = workspace();
    ws.write("good.csv", "id\n1\n2\n");
    // The second file's types are inferred from its first row; a later row breaks them.
    let mut bad = String::from("id\n");
    for i in 0..5 {
        bad.push_str(&format!("{i}\n"));
    }
    bad.push_str("oops\n");
    ws.write("bad.csv", &bad);
    let body = format!(
        "{}{}[[node]]\nid = \"q\"\nkind = \"sql\"\ninputs = {{ a = \"good\", b = \"bad\" }}\nquery = \"SELECT * FROM a UNION ALL SELECT * FROM b\"\n",
        csv_node("good", "good.csv").replace(
            "path = \"good.csv\"",
            "path = \"good.csv\"\ninfer_schema_rows = 1"
        ),
        csv_node("bad", "bad.csv").replace(
            "path = \"bad.csv\"",
            "path = \"bad.csv\"\ninfer_schema_rows = 1"
        )
    );
    let pipeline = ws.parse(&body);
    let plan = plan_pipeline(&pipeline, ws.path());
    let error = preview_node(&plan, "q", None, 100, SampleMethod::Head).unwrap_err();
    assert!(
        error.message.contains("(reading `bad.csv`)"),
        "{}",
        error.message
    );
    assert!(!error.message.contains("good.csv"), "{}", error.message);
}

#[test]
fn a_csv_sink_refuses_nested_columns_before_running() {
    let ws = workspace();
    let body = format!(
        "{}[[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"events\" }}\npath = \"events.csv\"\n",
        events_source()
    );
    let error = ws.error(&body, "out");
    assert!(
        error.contains("column `user` holds struct") && error.contains("flatten or explode"),
        "{error}"
    );
    // Flattened and exploded, the same rows are written as CSV, and a failure to write names
    // no input file that read cleanly.
    let flat = format!(
        "{}[[node]]\nid = \"flat\"\nkind = \"flatten\"\ninputs = {{ in = \"events\" }}\nseparator = \"_\"\n\
         [[node]]\nid = \"items\"\nkind = \"explode\"\ninputs = {{ in = \"flat\" }}\ncolumn = \"tags\"\n\
         [[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"items\" }}\npath = \"events.csv\"\n",
        events_source()
    );
    ws.run(&flat, RunStrategy::NodeByNode).unwrap();
    let written = std::fs::read_to_string(ws.path().join("events.csv")).unwrap();
    assert_eq!(written.lines().count(), 3, "{written}");
}
