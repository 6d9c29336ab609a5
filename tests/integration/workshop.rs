//! What an instructor uses around the lessons: help cards on the command line, the canvas as
//! SVG for slides, a lesson's printable handout, and the local stand-in for AWS started and
//! stopped for a class (and deployed to).

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn sluice() -> Command {
    Command::cargo_bin("sluice").unwrap()
}

fn samples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

#[test]
fn explain_prints_a_card_for_every_kind_rule_requirement_and_topic() {
    let output = sluice()
        .args(["explain", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let cards: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let cards = cards.as_array().unwrap();
    let keys: Vec<&str> = cards.iter().map(|c| c["key"].as_str().unwrap()).collect();
    for kind in sluice::model::catalogue() {
        assert!(keys.contains(&kind.name), "no card for {}", kind.name);
    }
    for rule in sluice::model::dqdl::RuleType::ALL {
        let key = format!("rule:{}", rule.name());
        assert!(keys.contains(&key.as_str()), "no card for {key}");
    }
    for requirement in sluice::model::requirement::REQUIREMENT_KINDS {
        let key = format!("requirement:{}", requirement.name);
        assert!(keys.contains(&key.as_str()), "no card for {key}");
    }
    for topic in [
        "topic:compute",
        "topic:streams",
        "topic:firehose",
        "topic:orchestration",
    ] {
        assert!(keys.contains(&topic), "no card for {topic}");
    }
    for card in cards {
        for (part, least) in [("what", 12), ("example", 12), ("aws", 4), ("choose", 12)] {
            assert!(
                card[part].as_str().is_some_and(|t| t.len() >= least),
                "{}: {part}",
                card["key"]
            );
        }
    }
    sluice()
        .args(["explain", "topic:compute"])
        .assert()
        .success()
        .stdout(predicate::str::contains("15 minutes").and(predicate::str::contains("EMR")));
    sluice()
        .args(["explain", "IsComplete"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Example: `IsComplete \"customerNumber\"`",
        ));
    sluice()
        .args(["explain", "filtr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `filter`?"));
}

#[test]
fn export_image_writes_an_svg_with_every_node_and_its_wires() {
    let out = tempfile::tempdir().unwrap();
    let svg = out.path().join("recommender.svg");
    sluice()
        .arg("export-image")
        .arg(samples().join("recommender/recommender.sluice.toml"))
        .arg(&svg)
        .arg("--light")
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{}",
        &text[..80]
    );
    assert!(text.trim_end().ends_with("</svg>"));
    let (pipeline, _) = sluice::model::file_format::load_pipeline(
        &samples().join("recommender/recommender.sluice.toml"),
    )
    .unwrap();
    for node in &pipeline.nodes {
        assert!(
            text.contains(&format!(">{}</text>", node.id)),
            "{} is not labelled",
            node.id
        );
    }
    // Wires are vector paths (one per wire at least), and the text is real text (not pixels).
    let wires = text.matches("<path d=").count();
    assert!(wires >= 26, "{wires} paths");
    assert!(text.matches("<text ").count() > pipeline.nodes.len());
    // A second export gives the same picture (the same elements; nodes may be drawn in
    // another order).
    let again = out.path().join("again.svg");
    sluice()
        .arg("export-image")
        .arg(samples().join("recommender/recommender.sluice.toml"))
        .arg(&again)
        .arg("--light")
        .assert()
        .success();
    let sorted = |text: &str| {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    assert_eq!(
        sorted(&std::fs::read_to_string(&again).unwrap()),
        sorted(&text)
    );
}

#[test]
fn a_lesson_handout_has_the_canvas_and_every_step_with_its_checks() {
    let out = tempfile::tempdir().unwrap();
    let html = out.path().join("handout.html");
    sluice()
        .args(["lesson", "handout", "serverless-etl"])
        .arg(&html)
        .assert()
        .success();
    let text = std::fs::read_to_string(&html).unwrap();
    let lesson = sluice::model::lesson::load_lesson(
        &samples().join("serverless-etl/serverless-etl.lesson.toml"),
    )
    .unwrap();
    assert!(text.contains("<svg"), "the canvas is in it");
    assert!(text.contains("@page { size: A4"), "it prints on one sheet");
    for step in &lesson.steps {
        let title = sluice::ui::export_svg::escape(&step.title);
        assert!(text.contains(&title), "{title}");
        for check in &step.checks {
            let line = sluice::ui::export_svg::escape(&check.kind.describe());
            assert!(text.contains(&format!("<li>{line}</li>")), "{line}");
        }
    }
    assert!(text.contains("sluice lesson check serverless-etl"));
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn aws_local_starts_a_stand_in_a_deploy_plans_against_and_stops_it() {
    let config = tempfile::tempdir().unwrap();
    let port = free_port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let with_config = |command: &mut Command| {
        command.env("SLUICE_CONFIG_DIR", config.path());
    };
    let mut status = sluice();
    with_config(&mut status);
    status
        .args(["aws-local", "status"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not running"));
    let mut start = sluice();
    with_config(&mut start);
    start
        .args(["aws-local", "start", "--port", &port.to_string()])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("it is not AWS").and(predicate::str::contains(format!(
                "AWS_ENDPOINT_URL={endpoint}"
            ))),
        );
    // A deploy plan of the serverless sample against it, as the lesson's last step suggests.
    let copy = tempfile::tempdir().unwrap();
    crate::fixtures::copy_tree(&samples().join("serverless-etl"), copy.path());
    let pipeline = copy.path().join("serverless-etl.sluice.toml");
    let aws = |command: &mut Command| {
        command
            .env("AWS_ENDPOINT_URL", &endpoint)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    };
    let mut init = sluice();
    aws(&mut init);
    init.args(["deploy", "init"])
        .arg(&pipeline)
        .args([
            "--bucket",
            "workshop-lake",
            "--role",
            "arn:aws:iam::123456789012:role/GlueWorkshop",
            "--endpoint-url",
            &endpoint,
        ])
        .assert()
        .success();
    let mut plan = sluice();
    aws(&mut plan);
    plan.args(["deploy", "plan"])
        .arg(&pipeline)
        .assert()
        .success()
        .stdout(predicate::str::contains("create").and(predicate::str::contains("raw_crawler")));
    let mut stop = sluice();
    with_config(&mut stop);
    stop.args(["aws-local", "stop"])
        .assert()
        .success()
        .stdout(predicate::str::contains("stopped"));
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the stand-in still answers"
    );
    let mut status = sluice();
    with_config(&mut status);
    status.args(["aws-local", "status"]).assert().code(1);
}
