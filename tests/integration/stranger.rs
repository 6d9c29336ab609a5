//! A pipeline file from a stranger: it writes only inside its folder unless the person agrees,
//! names what it cannot load, places nodes it gives no position, and cleans up after a run that
//! was killed.

use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use sluice::app::AppState;

use crate::fixtures::{Workspace, csv_node};

fn sluice() -> Command {
    Command::cargo_bin("sluice").unwrap()
}

/// A project folder with a pipeline whose sink writes `sink_path`.
fn project(sink_path: &str) -> (Workspace, std::path::PathBuf) {
    let ws = Workspace::new();
    ws.write("project/n.csv", "n\n1\n2\n");
    let file = ws.write(
        "project/p.sluice.toml",
        format!(
            "format_version = 1\n{}[[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"src\" }}\npath = \"{sink_path}\"\n",
            csv_node("src", "n.csv")
        ),
    );
    (ws, file)
}

#[test]
fn an_output_outside_the_folder_is_a_warning_and_a_run_refuses_it() {
    let (ws, file) = project("../../elsewhere/leak.csv");
    let leak = ws.path().join("../elsewhere/leak.csv");
    sluice()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning: [out] writes"))
        .stdout(predicate::str::contains("outside the pipeline's folder"))
        .stdout(predicate::str::contains("p.sluice.toml:11:8: warning"));
    sluice()
        .arg("run")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("writes outside its folder"))
        .stderr(predicate::str::contains("elsewhere/leak.csv"))
        .stderr(predicate::str::contains("--allow-outside"));
    assert!(!leak.exists(), "nothing written, no folder made");
    assert!(!ws.path().join("../elsewhere").exists());

    // With the person's agreement it runs; inside the folder it never asks.
    let (agreed, agreed_file) = project("../outside.csv");
    sluice()
        .args(["run", "--allow-outside"])
        .arg(&agreed_file)
        .assert()
        .success();
    assert!(agreed.path().join("outside.csv").exists());
    let (inside, inside_file) = project("out/n.csv");
    sluice()
        .arg("validate")
        .arg(&inside_file)
        .assert()
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
    sluice().arg("run").arg(&inside_file).assert().success();
    assert!(inside.path().join("project/out/n.csv").exists());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_folder_counts_as_outside() {
    let (ws, file) = project("escape/leak.csv");
    std::fs::create_dir_all(ws.path().join("outside")).unwrap();
    std::os::unix::fs::symlink(ws.path().join("outside"), ws.path().join("project/escape"))
        .unwrap();
    sluice()
        .arg("run")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("writes outside its folder"));
    assert!(!ws.path().join("outside/leak.csv").exists());
}

#[test]
fn a_node_reading_a_node_of_unknown_kind_says_so() {
    let ws = Workspace::new();
    let text = "format_version = 1\n[[node]]\nid = \"planes\"\nkind = \"csv_source\"\npath = \"p.csv\"\n\
                [[node]]\nid = \"with_planes\"\nkind = \"fliter\"\n\
                [[node]]\nid = \"report\"\nkind = \"limit\"\ninputs = { in = \"with_planes\" }\nrows = 1\n";
    let file = ws.write("p.sluice.toml", text);
    let output = sluice().arg("validate").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown kind `fliter`; did you mean `filter`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "input `in` of `report` reads `with_planes`, which is not loaded: its kind `fliter` is unknown"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("did you mean `planes`"), "{stderr}");
}

#[test]
fn nodes_without_a_position_are_laid_out_without_marking_the_file_changed() {
    let ws = Workspace::new();
    let file = ws.write(
        "hand.sluice.toml",
        format!(
            "format_version = 1\n{}{}[[node]]\nid = \"j\"\nkind = \"join\"\ninputs = {{ left = \"a\", right = \"b\" }}\nkeys = [{{ left = \"n\", right = \"n\" }}]\n",
            csv_node("a", "a.csv"),
            csv_node("b", "b.csv")
        ),
    );
    let state = AppState::open(&file).unwrap();
    let layout = &state.document().layout;
    assert_eq!(layout.len(), 3, "every node placed");
    assert!(layout["a"].x < layout["j"].x && layout["a"] != layout["b"]);
    assert!(!state.is_dirty(), "placing nodes is not an edit");
    // The headless export places them the same way instead of stacking them on one point.
    let picture = ws.path().join("hand.png");
    sluice()
        .arg("export-image")
        .arg(&file)
        .arg(&picture)
        .assert()
        .success();
    let image = image::open(&picture).unwrap();
    assert!(
        image.width() > 2 * image.height() / 3,
        "three nodes side by side: {}x{}",
        image.width(),
        image.height()
    );
}

#[cfg(unix)]
#[test]
fn a_run_killed_outright_leaves_its_staging_folder_to_the_next_run() {
    use std::io::Write;
    let ws = Workspace::new();
    let mut csv =
        std::io::BufWriter::new(std::fs::File::create(ws.path().join("big.csv")).unwrap());
    writeln!(csv, "key,value").unwrap();
    for i in 0..4_000_000u64 {
        writeln!(csv, "{},{}", i % 1000, i).unwrap();
    }
    csv.flush().unwrap();
    drop(csv);
    let file = ws.pipeline_file(&format!(
        "{}[[node]]\nid = \"lake\"\nkind = \"parquet_sink\"\ninputs = {{ in = \"big\" }}\npath = \"out/lake\"\npartition_by = [\"key\"]\n",
        csv_node("big", "big.csv")
    ));
    let out = ws.path().join("out");
    let staging = |folder: &std::path::Path| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(folder)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.to_string_lossy().contains(".sluice-staging-"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut run = std::process::Command::new(assert_cmd::cargo::cargo_bin("sluice"))
        .args(["run", "--engine", "streaming"])
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while staging(&out).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the run never started writing"
        );
        assert!(
            run.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    run.kill().unwrap();
    run.wait().unwrap();
    let left = staging(&out);
    assert_eq!(left.len(), 1, "a killed run leaves its staging folder");
    assert!(!out.join("lake").exists(), "nothing half-written in place");

    // The next run into the same folder removes it, and writes its own output whole.
    let small = ws.write("small.csv", "key,value\n1,2\n");
    let next = ws.write(
        "next.sluice.toml",
        format!(
            "format_version = 1\n{}[[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = {{ in = \"small\" }}\npath = \"out/small.csv\"\n",
            csv_node("small", &small.file_name().unwrap().to_string_lossy())
        ),
    );
    sluice().arg("run").arg(&next).assert().success();
    assert!(staging(&out).is_empty(), "{:?}", staging(&out));
    assert!(out.join("small.csv").exists());
}
