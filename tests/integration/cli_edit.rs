//! `sluice edit`: the window's edits from the command line, with the same checks and refusals.

use assert_cmd::Command;
use predicates::str::contains;

use crate::fixtures::Workspace;

fn sluice() -> Command {
    Command::cargo_bin("sluice").unwrap()
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

#[test]
fn a_pipeline_is_built_step_by_step_from_the_command_line() {
    let ws = Workspace::new();
    let file = start(&ws);
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["add", "filter", "--id", "paid", "--after", "orders"])
        .assert()
        .success();
    sluice()
        .arg("edit")
        .arg(&file)
        .args([
            "set",
            "paid",
            "predicate",
            "status = 'paid' AND amount > 10",
        ])
        .assert()
        .success();
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["add", "limit", "--id", "top"])
        .assert()
        .success();
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["connect", "paid", "top.in"])
        .assert()
        .success();
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["set", "top", "rows", "1"])
        .assert()
        .success();
    sluice()
        .arg("edit")
        .arg(&file)
        .arg("layout")
        .assert()
        .success();
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["describe", "paid", "Paid orders over 10"])
        .assert()
        .success();
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
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["rename", "paid", "big_paid"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("inputs = { in = \"big_paid\" }"),
        "wires follow a rename: {text}"
    );
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["remove", "top"])
        .assert()
        .success();
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("id = \"top\"")
    );
}

#[test]
fn refused_edits_say_why_and_leave_the_file_alone() {
    let ws = Workspace::new();
    let file = start(&ws);
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["add", "filter", "--id", "paid", "--after", "orders"])
        .assert()
        .success();
    let before = std::fs::read_to_string(&file).unwrap();
    // The filter's input already has a wire.
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["connect", "orders", "paid.in"])
        .assert()
        .code(1)
        .stderr(contains("p.sluice.toml"))
        .stderr(contains("paid"));
    // A wire back into a source is a cycle or has no port; either way it is refused.
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["connect", "paid", "orders.in"])
        .assert()
        .code(1);
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["set", "paid", "predicat", "x > 1"])
        .assert()
        .code(1)
        .stderr(contains("did you mean `predicate`"));
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["add", "fliter"])
        .assert()
        .code(1)
        .stderr(contains("did you mean `filter`"));
    sluice()
        .arg("edit")
        .arg(&file)
        .args(["set", "paid", "predicate", ""])
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}
