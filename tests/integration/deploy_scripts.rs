//! Generated Glue scripts: snapshots of their text, and their parity with Sluice's own run. Every
//! sample's scripts (and a pipeline with every batch kind) run in one local pyspark session; each
//! sink's rows, read back, must equal Sluice's: the same rows, the same Spark types, floats
//! within 1e-9.

use std::path::{Path, PathBuf};
use std::process::Command;

use polars::prelude::*;
use sluice::deploy::codegen::spark_type;
use sluice::deploy::deploy_layout;
use sluice::model::file_format::load_pipeline;
use sluice::model::graph::upstream_of;
use sluice::model::{KindId, ParamValue, Pipeline};

use super::fixtures::copy_tree;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The pipelines whose scripts are checked: a folder (copied, then run by Sluice first, so that
/// crawlers have recorded their catalog) and its pipeline file.
const PIPELINES: &[(&str, &str)] = &[
    ("samples/recommender", "recommender.sluice.toml"),
    ("samples/partitioned-logs", "partitioned-logs.sluice.toml"),
    (
        "tests/fixtures/every-batch-kind",
        "every-batch-kind.sluice.toml",
    ),
];

fn sluice(args: &[&str], dir: &Path) -> std::process::Output {
    let output = assert_cmd::Command::cargo_bin("sluice")
        .expect("the sluice binary")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sluice runs");
    assert!(
        output.status.success(),
        "sluice {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A copy of a pipeline's folder, run by Sluice, with its scripts generated into `scripts/`.
struct Prepared {
    folder: PathBuf,
    pipeline: Pipeline,
    scripts: Vec<PathBuf>,
}

fn prepare(root: &Path, folder: &str, file: &str) -> Prepared {
    let copy = root.join(Path::new(folder).file_name().unwrap_or_default());
    copy_tree(&repo().join(folder), &copy);
    // Outputs a sample ships with are Sluice's to write again.
    let _ = std::fs::remove_dir_all(copy.join("output"));
    sluice(&["run", file], &copy);
    sluice(&["deploy", "script", file, "--out", "scripts"], &copy);
    let (pipeline, _) = load_pipeline(&copy.join(file)).expect("the pipeline loads");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(copy.join("scripts"))
        .expect("scripts were written")
        .map(|e| e.expect("an entry").path())
        .collect();
    scripts.sort();
    Prepared {
        folder: copy,
        pipeline,
        scripts,
    }
}

#[test]
fn generated_scripts_match_their_snapshots() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut compared = 0;
    for (folder, file) in PIPELINES {
        let prepared = prepare(root.path(), folder, file);
        let name = file.trim_end_matches(".sluice.toml");
        for script in &prepared.scripts {
            let text = std::fs::read_to_string(script).expect("a script");
            let snapshot = repo()
                .join("tests/snapshots/scripts")
                .join(name)
                .join(script.file_name().unwrap_or_default());
            if update {
                std::fs::create_dir_all(snapshot.parent().expect("a folder")).expect("mkdir");
                std::fs::write(&snapshot, &text).expect("the snapshot is written");
            }
            let expected = std::fs::read_to_string(&snapshot).unwrap_or_else(|_| {
                panic!(
                    "no snapshot {}; run with UPDATE_SNAPSHOTS=1 to write it",
                    snapshot.display()
                )
            });
            if let Some((line, (got, want))) = text
                .lines()
                .zip(expected.lines())
                .enumerate()
                .find(|(_, (got, want))| got != want)
            {
                panic!(
                    "{} differs from its snapshot at line {}:\n  now:      {got}\n  snapshot: {want}\n\
                     (UPDATE_SNAPSHOTS=1 rewrites it)",
                    snapshot.display(),
                    line + 1
                );
            }
            assert_eq!(
                text.lines().count(),
                expected.lines().count(),
                "{} has another length than its snapshot (UPDATE_SNAPSHOTS=1 rewrites it)",
                snapshot.display()
            );
            compared += 1;
        }
    }
    assert_eq!(
        compared, 6,
        "two recommender jobs, two log jobs, two fixture jobs"
    );
}

/// The Python with pyspark that scripts/test.sh installs.
fn spark_python() -> PathBuf {
    let python = std::env::var_os("SLUICE_SPARK_PYTHON").map(PathBuf::from);
    match python {
        Some(python) if python.exists() => python,
        _ => panic!(
            "SLUICE_SPARK_PYTHON must name a Python with pyspark 3.5 (scripts/test.sh installs \
             it and sets it)"
        ),
    }
}

#[test]
fn every_generated_script_gives_sluices_rows_in_local_spark() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let prepared: Vec<Prepared> = PIPELINES
        .iter()
        .map(|(folder, file)| prepare(root.path(), folder, file))
        .collect();
    let spark_root = root.path().join("spark");
    let mut args: Vec<String> = vec![
        repo()
            .join("tests/spark/run_jobs.py")
            .to_string_lossy()
            .to_string(),
    ];
    for p in &prepared {
        let out = spark_root.join(p.folder.file_name().unwrap_or_default());
        for script in &p.scripts {
            args.push(script.to_string_lossy().to_string());
            args.push(p.folder.to_string_lossy().to_string());
            args.push(out.to_string_lossy().to_string());
        }
    }
    let output = Command::new(spark_python())
        .args(&args)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env("PYSPARK_PYTHON", spark_python())
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "the scripts failed in Spark:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut sinks_compared = 0;
    for p in &prepared {
        let out = spark_root.join(p.folder.file_name().unwrap_or_default());
        let layout = deploy_layout(&p.pipeline);
        for node in &p.pipeline.nodes {
            if !node.kind.0.is_sink() || layout.job_of(node.id.as_str()).is_none() {
                continue;
            }
            let Some(path) = node.params.get("path").and_then(ParamValue::as_str) else {
                panic!("sink {} has no path", node.id);
            };
            let csv = node.kind.0.id == KindId::CsvSink;
            let local = read_output(&p.folder.join(path), csv);
            let spark = read_output(&out.join(path), csv);
            let what = format!("{} of {}", node.id, p.folder.display());
            let sampled = upstream_of(&p.pipeline, node.id.as_str()).iter().any(|up| {
                p.pipeline
                    .node(up)
                    .is_some_and(|n| n.kind.0.id == KindId::Sample)
            });
            if sampled {
                // Spark's sampler keeps other rows; the columns and a plausible count remain.
                assert_eq!(names(&local), names(&spark), "{what}");
                assert!(spark.height() <= 8, "{what}: {} rows", spark.height());
            } else {
                assert_same(&local, &spark, &what);
            }
            sinks_compared += 1;
        }
    }
    assert_eq!(
        sinks_compared,
        2 + 2 + 26,
        "every deployed sink was compared"
    );
}

fn names(frame: &DataFrame) -> Vec<String> {
    frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

/// A sink's output: Sluice's one file, or Spark's folder of part files.
fn read_output(path: &Path, csv: bool) -> DataFrame {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut parts: Vec<PathBuf> = std::fs::read_dir(path)
            .expect("a folder")
            .map(|e| e.expect("an entry").path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("part-"))
            })
            .collect();
        parts.sort();
        parts
    } else {
        vec![path.to_path_buf()]
    };
    assert!(!files.is_empty(), "{} holds no part files", path.display());
    let frames: Vec<LazyFrame> = files
        .iter()
        .map(|file| {
            let name = PlRefPath::new(file.to_string_lossy().as_ref());
            if csv {
                LazyCsvReader::new(name)
                    .with_has_header(true)
                    .finish()
                    .expect("a CSV scan")
            } else {
                LazyFrame::scan_parquet(name, ScanArgsParquet::default()).expect("a Parquet scan")
            }
        })
        .collect();
    concat(frames, UnionArgs::default())
        .and_then(LazyFrame::collect)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()))
}

/// The same columns with the same Spark types, and the same rows in any order (floats within
/// 1e-9 of each other, relatively).
fn assert_same(local: &DataFrame, spark: &DataFrame, what: &str) {
    assert_eq!(names(local), names(spark), "{what}: columns");
    let local_types: Vec<String> = local.dtypes().iter().map(spark_name).collect();
    let spark_types: Vec<String> = spark.dtypes().iter().map(spark_name).collect();
    assert_eq!(local_types, spark_types, "{what}: types");
    assert_eq!(
        local.height(),
        spark.height(),
        "{what}: rows\n{local}\n{spark}"
    );
    let local = sorted(local);
    let spark = sorted(spark);
    for name in local.get_column_names() {
        let (a, b) = (
            local.column(name).expect("a column"),
            spark.column(name).expect("a column"),
        );
        for row in 0..local.height() {
            let (x, y) = (a.get(row).expect("a value"), b.get(row).expect("a value"));
            let same = match (x.extract::<f64>(), y.extract::<f64>()) {
                (Some(x), Some(y)) if a.dtype().is_float() => {
                    (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
                }
                _ => x.to_string() == y.to_string(),
            };
            assert!(
                same,
                "{what}: column {name}, row {row}: {x} in Sluice, {y} in Spark\n{local}\n{spark}"
            );
        }
    }
}

fn spark_name(data_type: &DataType) -> String {
    spark_type(data_type).unwrap_or_else(|e| e)
}

/// Rows sorted by every column that can be sorted (lists are compared as they come).
fn sorted(frame: &DataFrame) -> DataFrame {
    let keys: Vec<PlSmallStr> = frame
        .columns()
        .iter()
        .filter(|c| !matches!(c.dtype(), DataType::List(_) | DataType::Struct(_)))
        .map(|c| c.name().clone())
        .collect();
    if keys.is_empty() {
        return frame.clone();
    }
    frame
        .sort(
            keys,
            SortMultipleOptions::default()
                .with_nulls_last(true)
                .with_maintain_order(true),
        )
        .expect("rows sort")
}
