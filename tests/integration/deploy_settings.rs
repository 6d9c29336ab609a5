//! `sluice deploy init` and `deploy show`: the settings beside a pipeline, with defaults, bad
//! values named, an existing file kept unless forced, no credentials ever, and the SDK's
//! `AWS_REGION` and `AWS_ENDPOINT_URL` shown as the source when the file leaves them out.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::fixtures::{Workspace, csv_node};

const ROLE: &str = "arn:aws:iam::123456789012:role/GlueJobRole";

fn sluice() -> Command {
    Command::cargo_bin("sluice").unwrap()
}

#[test]
fn init_writes_defaults_and_show_says_where_each_value_comes_from() {
    let ws = Workspace::new();
    ws.write("data/n.csv", "n\n1\n");
    let file = ws.pipeline_file(&csv_node("src", "data/n.csv"));
    sluice()
        .args(["deploy", "init"])
        .arg(&file)
        .args(["--bucket", "my-lake", "--role", ROLE])
        .assert()
        .success()
        .stdout(predicate::str::contains(".deploy.toml"));
    let settings_file = file.with_file_name(
        file.file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".sluice.toml", ".deploy.toml"),
    );
    let text = std::fs::read_to_string(&settings_file).unwrap();
    assert!(text.contains("glue_version = \"5.0\""), "{text}");
    assert!(text.contains("worker_type = \"G.1X\""), "{text}");
    assert!(!text.to_lowercase().contains("secret"), "{text}");
    // A second init keeps the file unless forced.
    sluice()
        .args(["deploy", "init"])
        .arg(&file)
        .args(["--bucket", "other-lake", "--role", ROLE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&settings_file).unwrap(), text);

    let output = sluice()
        .args(["deploy", "show", "--format", "json"])
        .arg(&file)
        .env("AWS_REGION", "eu-west-1")
        .env_remove("AWS_ENDPOINT_URL")
        .output()
        .unwrap();
    assert!(output.status.success());
    let shown: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(shown["region"], "eu-west-1");
    assert_eq!(shown["region_from"], "AWS_REGION");
    assert_eq!(shown["bucket"], "my-lake");
    assert!(shown["prefix"].as_str().unwrap().starts_with("sluice/"));
    assert!(shown["endpoint_url"].is_null());
}

#[test]
fn bad_settings_and_credentials_are_refused_with_the_key_named() {
    let ws = Workspace::new();
    ws.write("data/n.csv", "n\n1\n");
    let file = ws.pipeline_file(&csv_node("src", "data/n.csv"));
    sluice()
        .args(["deploy", "init"])
        .arg(&file)
        .args(["--bucket", "My_Lake", "--role", "GlueJobRole"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`bucket`").and(predicate::str::contains("`role_arn`")));
    let settings = ws.write(
        "pipeline.deploy.toml",
        format!(
            "format_version = 1\nbucket = \"my-lake\"\nprefix = \"x/\"\nrole_arn = \"{ROLE}\"\nglue_version = \"5.0\"\nworker_type = \"G.1X\"\nworkers = 2\naws_secret_access_key = \"abc\"\n"
        ),
    );
    sluice()
        .args(["deploy", "show"])
        .arg(&file)
        .arg("--settings")
        .arg(&settings)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "credentials are never kept in a file",
        ));
    sluice()
        .args(["deploy", "show"])
        .arg(ws.path().join("nothing.sluice.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sluice deploy init"));
}
