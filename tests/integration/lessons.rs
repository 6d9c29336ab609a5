//! The bundled lessons: each passes every check on its finished pipeline and fails on its
//! starting one; "show me", step after step from the start, ends where the finished pipeline
//! passes; a lesson with mistakes is refused with each mistake located; `sluice lesson` lists,
//! checks and takes steps from the command line.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

use sluice::engine::PlanSite;
use sluice::engine::lesson::{CheckStatus, StepResult, judge_pipeline};
use sluice::model::file_format::load_pipeline;
use sluice::model::lesson::{LessonFile, check_references, open_lesson, parse_lesson, take_step};
use sluice::samples::bundled::{lesson_files_in, lesson_name};

use crate::fixtures::copy_sample;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn lessons() -> Vec<PathBuf> {
    let files = lesson_files_in(&samples());
    assert!(files.len() >= 5, "{files:?}");
    files
}

/// The lesson's sample folder copied into `into` (runs write outputs there), and the lesson
/// opened from the copy.
fn copied_lesson(lesson: &Path, into: &Path) -> LessonFile {
    copy_sample(lesson.parent().unwrap(), into);
    open_lesson(&into.join(lesson.file_name().unwrap())).unwrap_or_else(|e| panic!("{e}"))
}

/// Bundled sample `name` copied into a temporary folder (runs write outputs there), and the
/// lesson file in the copy.
fn copied_sample(name: &str) -> (tempfile::TempDir, PathBuf) {
    let copy = tempfile::tempdir().unwrap();
    copy_sample(&samples().join(name), copy.path());
    let lesson = copy.path().join(format!("{name}.lesson.toml"));
    (copy, lesson)
}

fn judge(file: &LessonFile, pipeline_path: &Path) -> Vec<StepResult> {
    let (pipeline, source_map) = load_pipeline(pipeline_path).unwrap_or_else(|e| panic!("{e}"));
    judge_pipeline(
        &file.lesson,
        &pipeline,
        PlanSite::of_file(pipeline_path),
        Some(&source_map),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn failures(results: &[StepResult]) -> Vec<String> {
    results
        .iter()
        .enumerate()
        .flat_map(|(index, step)| {
            step.checks
                .iter()
                .filter(|c| !c.status.passed())
                .map(move |c| format!("step {}: {} ({:?})", index + 1, c.check, c.status))
        })
        .collect()
}

#[test]
fn every_lesson_passes_on_its_finished_pipeline_and_fails_on_its_start() {
    for lesson in lessons() {
        let copy = tempfile::tempdir().unwrap();
        let file = copied_lesson(&lesson, copy.path());
        assert!(
            file.lesson.steps.len() >= 2,
            "{}: a lesson has steps",
            lesson.display()
        );
        let finished = judge(&file, &file.finished_path);
        let failed = failures(&finished);
        assert!(
            failed.is_empty(),
            "{} on its finished pipeline: {failed:#?}",
            lesson.display()
        );
        let copy = tempfile::tempdir().unwrap();
        let file = copied_lesson(&lesson, copy.path());
        let start = judge(&file, &file.start_path);
        let done = start.iter().filter(|s| s.passed()).count();
        assert!(
            done < start.len(),
            "{}: every step already passes on the starting pipeline",
            lesson.display()
        );
        // The first step is not done at the start: the learner has something to do at once.
        assert!(
            !start[0].passed(),
            "{}: step 1 passes at the start",
            lesson.display()
        );
        // Failed checks say why.
        for step in &start {
            for check in &step.checks {
                if let CheckStatus::Failed(why) = &check.status {
                    assert!(
                        !why.trim().is_empty(),
                        "{}: {}",
                        lesson.display(),
                        check.check
                    );
                }
            }
        }
    }
}

#[test]
fn show_me_step_by_step_from_the_start_ends_with_every_check_passing() {
    for lesson in lessons() {
        let copy = tempfile::tempdir().unwrap();
        let file = copied_lesson(&lesson, copy.path());
        let mut pipeline = file.start.clone();
        for (index, step) in file.lesson.steps.iter().enumerate() {
            take_step(&mut pipeline, &file.finished, step)
                .unwrap_or_else(|e| panic!("{} step {}: {e}", lesson.display(), index + 1));
        }
        let walked = copy.path().join("walked.sluice.toml");
        std::fs::write(
            &walked,
            sluice::model::file_format::to_canonical_text(&pipeline),
        )
        .unwrap();
        let results = judge(&file, &walked);
        let failed = failures(&results);
        assert!(
            failed.is_empty(),
            "{} after every show me: {failed:#?}",
            lesson.display()
        );
    }
}

#[test]
fn every_lesson_names_only_what_its_finished_pipeline_has() {
    for lesson in lessons() {
        let file = open_lesson(&lesson).unwrap_or_else(|e| panic!("{e}"));
        assert!(check_references(&file.lesson, &file.finished).is_empty());
        // Show me brings in something at every step.
        for step in &file.lesson.steps {
            assert!(
                !step.nodes.is_empty(),
                "{}: step `{}` has nothing to show",
                lesson.display(),
                step.title
            );
        }
    }
}

const MISTAKEN: &str = r#"format_version = 1
title = "Broken"
summary = "A lesson with mistakes"
start = "start.sluice.toml"
finished = "done.sluice.toml"

[[step]]
title = "One"
explanation = "Text"
nodez = ["a"]
check = [
    { node = "paid", kind = "filtr" },
    { preview = "paid", rows = 3, column = "x" },
]

[[step]]
title = "Two"
check = [
    { frobnicate = true },
    { node = "paid", timing = "platfrom", equals = "lambda" },
]
"#;

#[test]
fn a_lesson_with_mistakes_is_refused_with_each_located() {
    let error = parse_lesson(MISTAKEN).unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("10:1: unknown key `nodez` in step 1; did you mean `nodes`?"),
        "{text}"
    );
    assert!(
        text.contains("12:29: there is no node kind `filtr`; did you mean `filter`?"),
        "{text}"
    );
    assert!(
        text.contains("13:5: a preview check takes one of"),
        "{text}"
    );
    assert!(text.contains("step 2 has no `explanation`"), "{text}");
    assert!(text.contains("unknown key `frobnicate`"), "{text}");
    assert!(
        text.contains("there is no timing attribute `platfrom`; did you mean `platform`?"),
        "{text}"
    );
    // Names the finished pipeline lacks are located too.
    let lesson = parse_lesson(
        r#"format_version = 1
title = "T"
summary = "S"
start = "s.sluice.toml"
finished = "f.sluice.toml"

[[step]]
title = "One"
explanation = "E"
nodes = ["orders"]
check = [
    { node = "orderz", kind = "csv_source" },
    { requirement = "fresh" },
    { node = "orders", param = "pth", equals = "x.csv" },
]
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (finished, _) = sluice::model::file_format::parse_pipeline(
        "format_version = 1\n[[node]]\nid = \"orders\"\nkind = \"csv_source\"\npath = \"o.csv\"\n",
    )
    .unwrap();
    let problems: Vec<String> = check_references(&lesson, &finished)
        .into_iter()
        .map(|p| format!("{}:{}: {}", p.location.line, p.location.column, p.message))
        .collect();
    assert_eq!(
        problems,
        [
            "12:5: the finished pipeline has no node `orderz`; did you mean `orders`?",
            "13:5: the finished pipeline has no requirement `fresh`",
            "14:5: A CSV source node has no parameter `pth`; did you mean `path`?",
        ],
        "{problems:#?}"
    );
}

fn sluice() -> Command {
    Command::cargo_bin("sluice").unwrap()
}

#[test]
fn lesson_list_names_every_bundled_lesson_with_its_paths() {
    let output = sluice()
        .args(["lesson", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    let names: Vec<&str> = listed.iter().map(|l| l["name"].as_str().unwrap()).collect();
    let expected: Vec<String> = lessons().iter().map(|l| lesson_name(l)).collect();
    assert_eq!(names, expected);
    for lesson in listed {
        for key in ["file", "start", "finished"] {
            let path = lesson[key].as_str().unwrap();
            assert!(Path::new(path).is_file(), "{key}: {path}");
        }
        assert!(lesson["steps"].as_u64().unwrap() >= 2);
    }
    sluice()
        .args(["lesson", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "architecture-choices: Architecture choices",
        ));
}

#[test]
fn lesson_check_exits_0_on_the_finished_pipeline_and_1_on_the_start() {
    let (_copy, lesson) = copied_sample("architecture-choices");
    sluice()
        .args(["lesson", "check"])
        .arg(&lesson)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 of 2 steps done"));
    let output = sluice()
        .args(["lesson", "check", "--start", "--format", "json"])
        .arg(&lesson)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["passed"], false);
    assert_eq!(report["steps_passed"], 0);
    let first = &report["steps"][0]["checks"];
    assert_eq!(first[0]["status"], "failed");
    assert!(
        first[0]["reason"]
            .as_str()
            .unwrap()
            .contains("glue_streaming"),
        "{first}"
    );
    assert!(
        first[1]["reason"].as_str().unwrap().contains("Lambda"),
        "{first}"
    );
    // A named bundled lesson, and one that does not exist.
    sluice()
        .args(["lesson", "check", "architecture-choices", "--start"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("✖ step 1"));
    sluice()
        .args(["lesson", "check", "no-such-lesson"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("architecture-choices"));
}

#[test]
fn lesson_show_me_takes_a_step_in_the_file_and_the_check_turns_green() {
    let (copy, lesson) = copied_sample("architecture-choices");
    let start = copy.path().join("architecture-choices.sluice.toml");
    sluice()
        .args(["lesson", "show-me"])
        .arg(&lesson)
        .arg(&start)
        .args(["--step", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("took step 1"));
    let report = sluice()
        .args(["lesson", "check", "--format", "json"])
        .arg(&lesson)
        .arg(&start)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(report["steps"][0]["passed"], true, "{report}");
    assert_eq!(report["steps"][1]["passed"], false, "{report}");
    sluice()
        .args(["lesson", "show-me"])
        .arg(&lesson)
        .arg(&start)
        .args(["--step", "7"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("steps 1 to 2"));
}

#[test]
fn a_learner_working_in_another_folder_gets_steps_that_still_find_the_data() {
    let (copy, lesson) = copied_sample("serverless-etl");
    let elsewhere = tempfile::tempdir().unwrap();
    let work = elsewhere.path().join("mine.sluice.toml");
    // The learner's own copy of the start, saved elsewhere (paths made absolute, as Save as
    // does).
    let mut state =
        sluice::app::AppState::open(&copy.path().join("serverless-etl-start.sluice.toml")).unwrap();
    state
        .apply(sluice::app::Command::SaveAs(work.clone()))
        .unwrap();
    for step in 1..=4 {
        sluice()
            .args(["lesson", "show-me"])
            .arg(&lesson)
            .arg(&work)
            .args(["--step", &step.to_string()])
            .assert()
            .success();
    }
    let text = std::fs::read_to_string(&work).unwrap();
    assert!(
        text.contains("path = \"output/warehouse/revenue_by_city.parquet\""),
        "{text}"
    );
    sluice()
        .args(["lesson", "check"])
        .arg(&lesson)
        .arg(&work)
        .assert()
        .success();
    assert!(
        elsewhere
            .path()
            .join("output/warehouse/revenue_by_city.parquet")
            .is_file()
    );
}
