//! Every bundled sample loads, validates cleanly, is canonical and runs; its data is exactly what
//! the generator writes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use sluice::engine::{PlanSite, RunOptions, RunStrategy, plan_pipeline, run_pipeline};
use sluice::model::Severity;
use sluice::model::file_format::{load_pipeline, to_canonical_text};

fn sample_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<PathBuf> = glob::glob(&format!("{}/**/*.sluice.toml", root.display()))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

#[test]
fn every_sample_validates_is_canonical_and_runs() {
    for file in sample_files() {
        let (pipeline, source_map) = load_pipeline(&file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            to_canonical_text(&pipeline),
            std::fs::read_to_string(&file).unwrap(),
            "{} is not canonical",
            file.display()
        );
        let original_dir = file.parent().unwrap();
        // Run in a copy so the checkout stays clean.
        let copy = tempfile::tempdir().unwrap();
        crate::fixtures::copy_sample(original_dir, copy.path());
        let site = PlanSite::of_file(&copy.path().join(file.file_name().unwrap()));
        let plan = plan_pipeline(&pipeline, &site);
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let diagnostics = plan.diagnostics(&pipeline, Some(&source_map));
        if name.ends_with("-start.sluice.toml") {
            // A lesson's starting pipeline is unfinished on purpose, but it loads and has no
            // errors: the learner starts from something that works.
            let errors: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", file.display());
            continue;
        }
        // The architecture-choices sample fails its requirements on purpose (its own test
        // checks how); nothing else is wrong with it.
        let on_purpose = name == "architecture-choices.sluice.toml";
        let problems: Vec<_> = diagnostics
            .into_iter()
            .filter(|d| d.severity >= Severity::Warning)
            .filter(|d| {
                !(on_purpose
                    && matches!(
                        d.code,
                        sluice::model::Code::RequirementUnmet | sluice::model::Code::PlatformLimit
                    ))
            })
            .collect();
        assert!(problems.is_empty(), "{}: {problems:?}", file.display());
        let cancel = Arc::new(AtomicBool::new(false));
        let faulty = original_dir.ends_with("recommender-faulty");
        for strategy in [RunStrategy::NodeByNode, RunStrategy::Streaming] {
            if faulty {
                // Its blocking quality node stops the training table: nothing is written.
                let error = run_pipeline(
                    &pipeline,
                    &site,
                    RunOptions::new(strategy),
                    &cancel,
                    &mut |_| {},
                )
                .unwrap_err()
                .to_string();
                assert!(error.contains("IsPrimaryKey"), "{error}");
                assert!(error.contains("ColumnValues"), "{error}");
                assert!(
                    !copy
                        .path()
                        .join("output/ratings_ml_training.parquet")
                        .exists()
                );
                continue;
            }
            let report = run_pipeline(
                &pipeline,
                &site,
                RunOptions::new(strategy),
                &cancel,
                &mut |_| {},
            )
            .unwrap_or_else(|e| panic!("{e}"));
            assert!(report.nodes.iter().any(|n| n.rows_out.unwrap_or(0) > 0));
        }
    }
}

#[test]
fn recommender_sample_produces_the_training_table() {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender/recommender.sluice.toml");
    let (pipeline, _) = load_pipeline(&file).unwrap();
    let copy = tempfile::tempdir().unwrap();
    crate::fixtures::copy_sample(file.parent().unwrap(), copy.path());
    let cancel = Arc::new(AtomicBool::new(false));
    run_pipeline(
        &pipeline,
        copy.path(),
        RunOptions::new(RunStrategy::Auto),
        &cancel,
        &mut |_| {},
    )
    .unwrap();
    let path = copy.path().join("output/ratings_ml_training.parquet");
    let frame = polars::prelude::LazyFrame::scan_parquet(
        polars::prelude::PlRefPath::new(path.to_string_lossy().as_ref()),
        Default::default(),
    )
    .unwrap()
    .collect()
    .unwrap();
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "customerNumber",
            "city",
            "state",
            "postalCode",
            "country",
            "creditLimit",
            "productCode",
            "productLine",
            "productScale",
            "quantityInStock",
            "buyPrice",
            "MSRP",
            "productRating"
        ]
    );
    assert!(frame.height() > 1000, "{}", frame.height());
    assert_eq!(frame.column("productRating").unwrap().null_count(), 0);
    let unique = frame
        .unique_stable(None, polars::prelude::UniqueKeepStrategy::First, None)
        .unwrap();
    assert_eq!(unique.height(), frame.height(), "duplicates were dropped");
}

#[test]
fn committed_sample_data_is_what_the_generator_writes() {
    let fresh = tempfile::tempdir().unwrap();
    sluice::samples::recommender::generate(fresh.path()).unwrap();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender/data");
    let mut total_bytes = 0;
    for entry in std::fs::read_dir(fresh.path()).unwrap() {
        let entry = entry.unwrap();
        let generated = std::fs::read(entry.path()).unwrap();
        total_bytes += generated.len();
        let stored = std::fs::read(committed.join(entry.file_name())).unwrap();
        assert!(
            generated == stored,
            "{:?} differs; run `cargo run --example generate_samples`",
            entry.file_name()
        );
    }
    assert!(
        total_bytes < 2 * 1024 * 1024,
        "sample data is {total_bytes} bytes"
    );
}

/// Every file under `folder`, relative to it, sorted.
fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = glob::glob(&format!("{}/**/*", folder.display()))
        .unwrap()
        .map(Result::unwrap)
        .filter(|p| p.is_file())
        .map(|p| p.strip_prefix(folder).unwrap().to_path_buf())
        .collect();
    found.sort();
    found
}

#[test]
fn committed_partitioned_logs_are_what_the_generator_writes() {
    let fresh = tempfile::tempdir().unwrap();
    sluice::samples::partitioned_logs::generate(fresh.path()).unwrap();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/partitioned-logs");
    let generated = files_under(fresh.path());
    assert!(generated.len() >= 10, "{generated:?}");
    for file in &generated {
        let fresh_bytes = std::fs::read(fresh.path().join(file)).unwrap();
        let stored = std::fs::read(committed.join(file))
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            fresh_bytes == stored,
            "{} differs; run `cargo run --example generate_samples`",
            file.display()
        );
    }
    // Nothing stale is left in the sample's data folders.
    let stored: Vec<PathBuf> = files_under(&committed)
        .into_iter()
        .filter(|p| p.starts_with("logs") || p.starts_with("second-drop"))
        .collect();
    assert_eq!(stored, generated);
}

#[test]
fn committed_stackoverflow_posts_are_what_the_generator_writes() {
    let fresh = tempfile::tempdir().unwrap();
    sluice::samples::stackoverflow::generate(fresh.path()).unwrap();
    let committed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/stackoverflow-analytics/data");
    let generated = std::fs::read(fresh.path().join("data/posts.ndjson")).unwrap();
    let stored = std::fs::read(committed.join("posts.ndjson")).unwrap();
    assert!(
        generated == stored,
        "regenerate with cargo run --example generate_samples"
    );
}

#[test]
fn the_stackoverflow_sample_fills_the_warehouse_and_the_dashboard() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/stackoverflow-analytics/stackoverflow-analytics.sluice.toml");
    let (pipeline, _) = load_pipeline(&file).unwrap();
    let copy = tempfile::tempdir().unwrap();
    crate::fixtures::copy_sample(file.parent().unwrap(), copy.path());
    let cancel = Arc::new(AtomicBool::new(false));
    let site = PlanSite::of_file(&copy.path().join(file.file_name().unwrap()));
    let report = run_pipeline(
        &pipeline,
        &site,
        RunOptions::new(RunStrategy::Auto),
        &cancel,
        &mut |_| {},
    )
    .unwrap();
    let stream = report.stream.unwrap();
    assert!(stream.unbalanced().is_empty());
    let posts = stream.node("posts").unwrap();
    assert_eq!(posts.stage.events_out, 2773);
    // 24 hours, two kinds, each hour with both.
    let windows = stream.node("per_hour").unwrap();
    assert_eq!(windows.stage.results_out, 48);
    let text = std::fs::read_to_string(copy.path().join("output/dashboard/top_tags.csv")).unwrap();
    let tags: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap())
        .collect();
    assert_eq!(tags, ["python", "javascript", "sql", "java", "pandas"]);
    // The questions of the dashboard's tags add up to what the data holds.
    let data = std::fs::read_to_string(copy.path().join("data/posts.ndjson")).unwrap();
    let python_questions = data
        .lines()
        .filter(|l| l.contains(r#""kind": "question""#) && l.contains(r#""tag": "python""#))
        .count();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with(&format!("python,{python_questions},")),
        "{text}"
    );
    // The history keeps the batch nodes' durations for the estimates, not the streams' (how
    // long a stream ran is no delay it adds).
    let history =
        sluice::model::history::load_history(site.history_file.as_ref().unwrap()).unwrap();
    assert!(history.durations_seconds.contains_key("tag_summary"));
    assert!(!history.durations_seconds.contains_key("posts"));
    assert!(!history.durations_seconds.contains_key("per_hour"));
    // The lake holds every post, one folder per hour of the day.
    let hours = glob::glob(&format!(
        "{}/output/lake/posts/year=2017/month=01/day=02/hour=*",
        copy.path().display()
    ))
    .unwrap()
    .count();
    assert_eq!(hours, 24);
}

#[test]
fn committed_vending_sales_are_what_the_generator_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for (folder, generate, data) in [
        (
            "serverless-etl",
            sluice::samples::vending::generate as fn(&Path) -> std::io::Result<()>,
            "raw",
        ),
        (
            "architecture-choices",
            sluice::samples::vending::generate_payments,
            "data",
        ),
    ] {
        let fresh = tempfile::tempdir().unwrap();
        generate(fresh.path()).unwrap();
        let committed = root.join(folder);
        let generated = files_under(fresh.path());
        assert!(!generated.is_empty());
        for file in &generated {
            let fresh_bytes = std::fs::read(fresh.path().join(file)).unwrap();
            let stored = std::fs::read(committed.join(file))
                .unwrap_or_else(|e| panic!("{folder}/{}: {e}", file.display()));
            assert!(
                fresh_bytes == stored,
                "{folder}/{} differs; run `cargo run --example generate_samples`",
                file.display()
            );
        }
        let stored: Vec<PathBuf> = files_under(&committed)
            .into_iter()
            .filter(|p| p.starts_with(data))
            .collect();
        assert_eq!(stored, generated, "{folder}");
    }
}

#[test]
fn every_sample_folder_has_a_readme_a_pipeline_and_a_lesson() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for entry in std::fs::read_dir(&root).unwrap() {
        let folder = entry.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        let name = folder.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            folder.join("README.md").is_file(),
            "{name} has no README.md"
        );
        let pipelines = glob::glob(&format!("{}/*.sluice.toml", folder.display()))
            .unwrap()
            .count();
        assert!(pipelines >= 1, "{name} has no pipeline");
        // The faulty recommender is the recommender's lesson's companion, not a lesson itself.
        if name != "recommender-faulty" {
            let lessons = sluice::samples::bundled::lesson_files_in(&root)
                .into_iter()
                .filter(|l| l.parent() == Some(folder.as_path()))
                .count();
            assert_eq!(lessons, 1, "{name} has {lessons} lessons");
        }
    }
}

#[test]
fn the_architecture_choices_sample_fails_both_requirements_with_the_reason() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/architecture-choices");
    let status = |file: &str| {
        let path = root.join(file);
        let (pipeline, source_map) = load_pipeline(&path).unwrap();
        let plan = plan_pipeline(&pipeline, PlanSite::of_file(&path));
        let (_, requirements) = plan.diagnostics_and_requirements(&pipeline, Some(&source_map));
        requirements
            .into_iter()
            .map(|r| {
                let limits: Vec<String> = r.limits.iter().map(|l| l.message.clone()).collect();
                (r.id.clone(), r.status, limits.join(" "))
            })
            .collect::<Vec<_>>()
    };
    use sluice::engine::requirements::RequirementStatus;
    let wrong = status("architecture-choices.sluice.toml");
    assert_eq!(wrong.len(), 2);
    for (id, state, limits) in &wrong {
        assert_eq!(*state, RequirementStatus::Fail, "{id}");
        let expected = if id == "declined_within_a_second" {
            "Glue streaming job"
        } else {
            "Lambda stops an invocation at 15 minutes"
        };
        assert!(limits.contains(expected), "{id}: {limits}");
    }
    let right = status("architecture-choices-finished.sluice.toml");
    for (id, state, limits) in &right {
        assert_eq!(*state, RequirementStatus::Pass, "{id}: {limits}");
    }
}
