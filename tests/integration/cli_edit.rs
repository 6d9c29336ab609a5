//! `sluice edit`: the window's edits from the command line, with the same checks and refusals.

use assert_cmd::Command;
use predicates::str::contains;

use crate::fixtures::Workspace;

fn sluice() -> Command {
    Command::cargo_bin("sluice").unwrap()
}

/// `sluice edit FILE ARGS…`, ready to assert on.
fn edit(file: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    sluice().arg("edit").arg(file).args(args).assert()
}

fn start(ws: &Workspace) -> std::path::PathBuf {
    ws.write(
        "orders.csv",
        "id,status,amount\n1,paid,20\n2,open,5\n3,paid,7\n",
    );
    ws.write(
        "p.sluice.toml",
        "format_version = 1\n\n[[node]]\nid = \"orders\"\nkind = \"csv_source\"\npath = \"orders.csv\"\n",
    )
}

/// The orders source and, added from the command line after it, a filter `paid`.
fn orders_then_paid(ws: &Workspace) -> std::path::PathBuf {
    let file = start(ws);
    edit(
        &file,
        &["add", "filter", "--id", "paid", "--after", "orders"],
    )
    .success();
    file
}

#[test]
fn a_pipeline_is_built_step_by_step_from_the_command_line() {
    let ws = Workspace::new();
    let file = orders_then_paid(&ws);
    edit(
        &file,
        &[
            "set",
            "paid",
            "predicate",
            "status = 'paid' AND amount > 10",
        ],
    )
    .success();
    edit(&file, &["add", "limit", "--id", "top"]).success();
    edit(&file, &["connect", "paid", "top.in"]).success();
    edit(&file, &["set", "top", "rows", "1"]).success();
    sluice()
        .arg("edit")
        .arg(&file)
        .arg("layout")
        .assert()
        .success();
    edit(&file, &["describe", "paid", "Paid orders over 10"]).success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("predicate = \"status = 'paid' AND amount > 10\""),
        "{text}"
    );
    assert!(text.contains("inputs = { in = \"paid\" }"), "{text}");
    assert!(text.contains("rows = 1"), "{text}");
    sluice()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .success();
    sluice()
        .arg("preview")
        .arg(&file)
        .args(["--node", "top"])
        .assert()
        .success()
        .stdout(contains("20"));
    edit(&file, &["rename", "paid", "big_paid"]).success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("inputs = { in = \"big_paid\" }"),
        "wires follow a rename: {text}"
    );
    edit(&file, &["remove", "top"]).success();
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("id = \"top\"")
    );
}

#[test]
fn refused_edits_say_why_and_leave_the_file_alone() {
    let ws = Workspace::new();
    let file = orders_then_paid(&ws);
    let before = std::fs::read_to_string(&file).unwrap();
    // The filter's input already has a wire.
    edit(&file, &["connect", "orders", "paid.in"])
        .code(1)
        .stderr(contains("p.sluice.toml"))
        .stderr(contains("paid"));
    // A wire back into a source is a cycle or has no port; either way it is refused.
    edit(&file, &["connect", "paid", "orders.in"]).code(1);
    edit(&file, &["set", "paid", "predicat", "x > 1"])
        .code(1)
        .stderr(contains("did you mean `predicate`"));
    edit(&file, &["add", "fliter"])
        .code(1)
        .stderr(contains("did you mean `filter`"));
    edit(&file, &["set", "paid", "predicate", ""]).code(1);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    // With --replace, the taken input takes the new wire (as dropping a wire on it does).
    edit(&file, &["add", "limit", "--id", "few"]).success();
    edit(&file, &["connect", "few", "paid.in"]).code(1);
    edit(&file, &["connect", "--replace", "orders", "few.in"]).success();
    edit(&file, &["add", "csv_source", "--id", "more"]).success();
    edit(&file, &["set", "more", "path", "orders.csv"]).success();
    edit(&file, &["connect", "--replace", "more", "paid.in"]).success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("inputs = { in = \"more\" }"), "{text}");
}

#[test]
fn timing_attributes_are_set_and_cleared_from_the_command_line() {
    let ws = Workspace::new();
    let file = orders_then_paid(&ws);
    edit(&file, &["timing", "paid", "schedule", "cron(0 * * * ? *)"]).success();
    edit(&file, &["timing", "paid", "expected_duration", "12 min"]).success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(
            "timing = { schedule = \"cron(0 * * * ? *)\", expected_duration = \"12 min\" }"
        ),
        "{text}"
    );
    // A value that is not a duration is refused and the file left as it was.
    edit(&file, &["timing", "paid", "expected_duration", "twelve"])
        .failure()
        .stderr(contains("is not a duration"));
    edit(&file, &["timing", "paid", "platfrom", "lambda"])
        .failure()
        .stderr(contains("did you mean `platform`"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    edit(&file, &["timing", "paid", "schedule"]).success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("timing = { expected_duration = \"12 min\" }"),
        "{text}"
    );
}
