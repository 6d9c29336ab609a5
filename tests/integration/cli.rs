//! The command line: exit codes, messages on stderr, no panics.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::fixtures::{Workspace, csv_node};

fn sluice() -> Command {
    Command::cargo_bin("sluice").unwrap()
}

fn workspace() -> (Workspace, std::path::PathBuf) {
    let ws = Workspace::new();
    ws.write("data/n.csv", "n,label\n1,a\n2,b\n3,c\n");
    let file = ws.pipeline_file(&format!(
        "{}[[node]]\nid = \"big\"\nkind = \"filter\"\ninputs = {{ in = \"src\" }}\npredicate = \"n >= 2\"\n[[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"big\" }}\npath = \"out.csv\"\n",
        csv_node("src", "data/n.csv")
    ));
    (ws, file)
}

#[test]
fn help_documents_every_command_and_the_exit_codes() {
    sluice()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("validate").and(predicate::str::contains("Exit codes")));
    for command in ["validate", "schema", "preview", "run", "fmt"] {
        sluice()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Exit codes"));
    }
    sluice().arg("frobnicate").assert().code(2);
}

#[test]
fn validate_exits_0_when_clean_and_1_with_errors() {
    let (ws, file) = workspace();
    sluice()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
    let broken = std::fs::read_to_string(&file)
        .unwrap()
        .replace("n >= 2", "nn >= 2");
    std::fs::write(&file, broken).unwrap();
    sluice()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("pipeline.sluice.toml:11:13: error: [big] column `nn` not found in the input of `big`; did you mean `n`?"));
    let output = sluice()
        .args(["validate", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["diagnostics"][0]["code"], "column-not-found");
    assert_eq!(report["diagnostics"][0]["location"]["line"], 11);
    drop(ws);
}

#[test]
fn validate_reports_load_errors_with_locations() {
    let ws = Workspace::new();
    let file = ws.pipeline_file("[[node]]\nid = \"a\"\nkind = \"csv_sorce\"\n");
    sluice()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("pipeline.sluice.toml:4:8: error: [a] node `a` has unknown kind `csv_sorce`; did you mean `csv_source`?"));
}

#[test]
fn schema_lists_columns_and_types() {
    let (_ws, file) = workspace();
    sluice()
        .args(["schema", "--node", "big"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::diff(
            "big (filter)\n  n      int64\n  label  string\n",
        ));
}

#[test]
fn preview_prints_a_table_and_how_rows_were_taken() {
    let (_ws, file) = workspace();
    sluice()
        .args(["preview", "--node", "big", "--rows", "1"])
        .arg(&file)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("n (int64)  label (string)")
                .and(predicate::str::contains("big: first 1 rows")),
        );
    sluice()
        .args([
            "preview", "--node", "src", "--sample", "random", "--rows", "2", "--stats",
        ])
        .arg(&file)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("2 random rows of 3 (seed 0)")
                .and(predicate::str::contains("distinct")),
        );
    sluice()
        .args(["preview", "--node", "bgi"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("there is no node `bgi`")
                .and(predicate::str::contains("did you mean `big`?")),
        );
}

#[test]
fn run_writes_sinks_and_reports_rows_per_node() {
    let (ws, file) = workspace();
    sluice().arg("run").arg(&file).assert().success().stdout(
        predicate::str::contains("big   filter").and(predicate::str::contains("ran 3 nodes")),
    );
    assert_eq!(
        std::fs::read_to_string(ws.path().join("out.csv")).unwrap(),
        "n,label\n2,b\n3,c\n"
    );
}

#[test]
fn run_of_a_missing_file_is_a_message_not_a_panic() {
    sluice()
        .args(["run", "no/such/pipeline.sluice.toml"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("cannot read the file")
                .and(predicate::str::contains("panicked").not()),
        );
}

#[test]
fn fmt_rewrites_to_the_canonical_text() {
    let ws = Workspace::new();
    let file = ws.write(
        "p.sluice.toml",
        "format_version=1\n[[node]]\nkind='csv_source'\nid='a'\npath='x.csv'\n",
    );
    sluice()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .code(1);
    sluice().arg("fmt").arg(&file).assert().success();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "format_version = 1\n\n[[node]]\nid = \"a\"\nkind = \"csv_source\"\npath = \"x.csv\"\n"
    );
    sluice()
        .args(["fmt", "--check"])
        .arg(&file)
        .assert()
        .success();
}

#[test]
fn without_a_display_the_window_says_so_and_points_to_the_command_line() {
    assert_cmd::Command::cargo_bin("sluice")
        .unwrap()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no display"))
        .stderr(predicates::str::contains("sluice --help"));
}
