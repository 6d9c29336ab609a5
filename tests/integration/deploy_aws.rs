//! Deploys against moto, the local AWS that `scripts/test.sh` starts (with the Glue handlers
//! moto lacks, from `assets/aws-local/moto_server.py`): plan on an empty account, apply, plan again
//! with no change, one edited node as exactly one update, run and status, destroy leaving
//! nothing tagged and keeping the user's own bucket; a server cut off midway gives a clear error
//! and a re-run converges; checks block a plan with their reasons.

use std::io::Read;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use serde_json::Value;
use sluice::deploy::apply::{Outcome, apply_changes};
use sluice::deploy::aws::{clients, observe};
use sluice::deploy::plan::{Action, plan_changes};
use sluice::deploy::prepare;
use sluice::engine::PlanSite;
use sluice::model::deploy_settings::{DeploySettings, PIPELINE_TAG, save_deploy_settings};
use sluice::model::history::RunHistory;

use super::fixtures::copy_tree;
use super::s3_crawl::moto_endpoint;

/// A sample copied into a temporary folder under another file name (the pipeline's id), so
/// that tests sharing the emulator name their resources apart.
fn sample(root: &Path, sample: &str, file: &str, id: &str) -> PathBuf {
    let folder = root.join(id);
    copy_tree(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(sample),
        &folder,
    );
    let pipeline = folder.join(format!("{id}.sluice.toml"));
    std::fs::rename(folder.join(file), &pipeline).expect("the pipeline is renamed");
    pipeline
}

fn settings(id: &str, bucket: &str, endpoint: Option<String>) -> DeploySettings {
    let mut settings =
        DeploySettings::with_defaults(id, bucket, "arn:aws:iam::123456789012:role/glue-jobs");
    settings.region = Some("us-east-1".to_string());
    settings.endpoint_url = endpoint;
    settings
}

fn sluice(args: &[&str]) -> (i32, String, String) {
    moto_endpoint();
    let output = Command::cargo_bin("sluice")
        .expect("the sluice binary")
        .args(args)
        .output()
        .expect("sluice runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

/// `sluice deploy VERB FILE --format json`, which must exit with `code`.
fn deploy_json(verb: &str, file: &Path, extra: &[&str], code: i32) -> Value {
    let file = file.to_string_lossy().to_string();
    let mut args = vec!["deploy", verb, file.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    let (status, stdout, stderr) = sluice(&args);
    assert_eq!(status, code, "sluice deploy {verb}:\n{stdout}\n{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"))
}

fn actions(report: &Value) -> Vec<(String, String, String)> {
    report["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap_or_default().to_string(),
                c["kind"].as_str().unwrap_or_default().to_string(),
                c["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn count(report: &Value, action: &str) -> usize {
    actions(report)
        .iter()
        .filter(|(a, _, _)| a == action)
        .count()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

#[test]
fn plan_apply_edit_run_and_destroy_a_pipeline_keeping_the_users_bucket() {
    moto_endpoint();
    let root = tempfile::tempdir().expect("a folder");
    let file = sample(
        root.path(),
        "recommender",
        "recommender.sluice.toml",
        "shop_life",
    );
    let bucket = "users-own-lake";
    save_deploy_settings(
        &sluice::model::deploy_settings::deploy_settings_path_for(&file),
        &settings("shop_life", bucket, None),
    )
    .expect("settings saved");
    // The user's bucket, with their own file in it and no tag of this pipeline.
    let aws = runtime().block_on(clients(&settings("shop_life", bucket, None)));
    let aws = aws.expect("clients");
    runtime().block_on(async {
        aws.s3
            .create_bucket()
            .bucket(bucket)
            .send()
            .await
            .expect("bucket");
        aws.s3
            .put_object()
            .bucket(bucket)
            .key("mine/notes.txt")
            .body(b"the user's".to_vec().into())
            .send()
            .await
            .expect("object");
    });

    let first = deploy_json("plan", &file, &[], 0);
    assert_eq!(
        count(&first, "keep"),
        1,
        "the user's bucket is kept: {first:#}"
    );
    assert_eq!(count(&first, "create"), 9, "{first:#}");
    for kind in ["object", "ruleset", "job", "trigger", "stream", "delivery"] {
        assert!(
            actions(&first).iter().any(|(_, k, _)| k == kind),
            "the plan makes a {kind}"
        );
    }
    let local: Vec<&str> = first["local_only"]
        .as_array()
        .expect("local only")
        .iter()
        .filter_map(|l| l["node"].as_str())
        .collect();
    assert_eq!(
        local,
        [
            "recommender",
            "item_neighbours",
            "recommendations",
            "served"
        ]
    );
    assert!(
        first["cost"]["usd_per_day"]
            .as_f64()
            .is_some_and(|c| c > 0.0)
    );
    assert_eq!(first["cost"]["prices_as_of"], "2024-06");

    // The training job's ratings source has NA markers, which Glue Studio's CSV source lacks:
    // that job stays script-only, and the plan says so; the other job is visual.
    let script_only: Vec<(&str, &str)> = first["script_only"]
        .as_array()
        .expect("script only")
        .iter()
        .map(|s| {
            (
                s["job"].as_str().unwrap_or(""),
                s["node"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(script_only, [("shop_life-training_table", "ratings")]);

    let applied = deploy_json("apply", &file, &[], 0);
    assert_eq!(applied["applied_summary"], "9 done, 1 unchanged");
    let again = deploy_json("plan", &file, &[], 0);
    assert_eq!(
        count(&again, "create") + count(&again, "update") + count(&again, "delete"),
        0,
        "a second plan changes nothing: {again:#}"
    );
    runtime().block_on(async {
        let job = aws
            .glue
            .get_job()
            .job_name("shop_life-most_popular")
            .send()
            .await
            .expect("the job");
        let graph = job
            .job()
            .and_then(|j| j.code_gen_configuration_nodes())
            .expect("a visual graph");
        let summary = sluice::deploy::visual::summary(graph);
        assert_eq!(
            summary,
            "by_popularity: SparkSQL\ncompleted_orders: SparkSQL\nmost_popular: S3DirectTarget\n\
             order_lines: S3CsvSource\norders: S3CsvSource\nproduct_sales: SparkSQL\n\
             sold_lines: Join\ntop_products: SparkSQL"
        );
        let training = aws
            .glue
            .get_job()
            .job_name("shop_life-training_table")
            .send()
            .await
            .expect("the job");
        assert!(
            training
                .job()
                .and_then(|j| j.code_gen_configuration_nodes())
                .is_none_or(|nodes| nodes.is_empty())
        );
    });
    let second_apply = deploy_json("apply", &file, &[], 0);
    assert_eq!(second_apply["applied_summary"], "10 unchanged");

    // One edited node is one update: its job's script.
    let text = std::fs::read_to_string(&file).expect("the pipeline");
    std::fs::write(
        &file,
        text.replace(
            "status <> 'Cancelled'",
            "status NOT IN ('Cancelled', 'Disputed')",
        ),
    )
    .expect("edited");
    let edited = deploy_json("plan", &file, &[], 0);
    let updates: Vec<_> = actions(&edited)
        .into_iter()
        .filter(|(a, _, _)| a != "unchanged" && a != "keep")
        .collect();
    assert_eq!(
        updates,
        [(
            "update".to_string(),
            "object".to_string(),
            "sluice/shop_life/scripts/most_popular.py".to_string()
        )]
    );
    deploy_json("apply", &file, &[], 0);

    let ran = deploy_json("run", &file, &["--poll-ms", "50"], 0);
    let states: Vec<&str> = ran
        .as_array()
        .expect("runs")
        .iter()
        .filter_map(|r| r["state"].as_str())
        .collect();
    assert_eq!(states, ["SUCCEEDED", "SUCCEEDED"]);
    let status = deploy_json("status", &file, &[], 0);
    assert_eq!(
        status.as_array().map(Vec::len),
        Some(2),
        "both jobs have a last run: {status:#}"
    );

    let destroyed = deploy_json("destroy", &file, &[], 0);
    assert_eq!(count(&destroyed, "keep"), 1, "{destroyed:#}");
    assert_eq!(count(&destroyed, "delete"), 9, "{destroyed:#}");
    // Nothing tagged is left; the bucket and the user's file are.
    runtime().block_on(async {
        let jobs = aws
            .glue
            .list_jobs()
            .tags(PIPELINE_TAG, "shop_life")
            .send()
            .await
            .expect("jobs");
        assert!(jobs.job_names().is_empty());
        let triggers = aws
            .glue
            .list_triggers()
            .tags(PIPELINE_TAG, "shop_life")
            .send()
            .await
            .expect("triggers");
        assert!(triggers.trigger_names().is_empty());
        let streams = aws.kinesis.list_streams().send().await.expect("streams");
        assert!(
            !streams
                .stream_names()
                .iter()
                .any(|s| s.starts_with("shop_life-"))
        );
        let listed = aws
            .s3
            .list_objects_v2()
            .bucket(bucket)
            .send()
            .await
            .expect("objects");
        let keys: Vec<&str> = listed.contents().iter().filter_map(|o| o.key()).collect();
        assert_eq!(keys, ["mine/notes.txt"]);
    });
    let after = deploy_json("plan", &file, &[], 0);
    assert_eq!(
        count(&after, "create"),
        9,
        "after destroy it is all to make again"
    );
}

/// A TCP relay to the emulator that can be cut: every open connection is shut and new ones
/// are refused, as when the server stops.
struct Relay {
    address: String,
    cut: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    fn start(target: &str) -> Self {
        let target = target.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let address = format!("http://{}", listener.local_addr().expect("an address"));
        let cut = Arc::new(AtomicBool::new(false));
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::new(Mutex::new(Vec::new()));
        let (cut_flag, open_list) = (cut.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if cut_flag.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&target) else {
                    continue;
                };
                for stream in [&client, &server] {
                    if let Ok(copy) = stream.try_clone() {
                        open_list.lock().expect("the list").push(copy);
                    }
                }
                let pipe = |mut from: TcpStream, mut to: TcpStream| {
                    std::thread::spawn(move || {
                        let mut buffer = [0u8; 16 * 1024];
                        while let Ok(n) = from.read(&mut buffer) {
                            if n == 0 || std::io::Write::write_all(&mut to, &buffer[..n]).is_err() {
                                break;
                            }
                        }
                        let _ = to.shutdown(Shutdown::Both);
                    });
                };
                if let (Ok(c), Ok(s)) = (client.try_clone(), server.try_clone()) {
                    pipe(c, s);
                    pipe(server, client);
                }
            }
        });
        Self { address, cut, open }
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for stream in self.open.lock().expect("the list").drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

#[test]
fn a_server_lost_midway_is_reported_and_applying_again_converges() {
    moto_endpoint();
    let root = tempfile::tempdir().expect("a folder");
    let file = sample(
        root.path(),
        "partitioned-logs",
        "partitioned-logs.sluice.toml",
        "logs_midway",
    );
    // The crawler's catalog is what the catalog sources plan on.
    let (code, out, err) = sluice(&["run", &file.to_string_lossy()]);
    assert_eq!(code, 0, "{out}\n{err}");
    let relay = Relay::start(&moto_endpoint());
    let settings = settings(
        "logs_midway",
        "logs-midway-lake",
        Some(relay.address.clone()),
    );
    save_deploy_settings(
        &sluice::model::deploy_settings::deploy_settings_path_for(&file),
        &settings,
    )
    .expect("settings saved");
    let (pipeline, _) =
        sluice::model::file_format::load_pipeline(&file).expect("the pipeline loads");
    let prepared = prepare(
        &pipeline,
        &file,
        PlanSite::of_file(&file),
        &RunHistory::default(),
        &settings,
        true,
    );
    assert!(
        prepared.desired.blockers.is_empty(),
        "{:?}",
        prepared.desired.blockers
    );
    let runtime = runtime();
    let applied = runtime.block_on(async {
        let aws = clients(&settings).await.expect("clients");
        let observed = observe(&aws, &prepared.desired).await.expect("observed");
        let changes = plan_changes(&prepared.desired, &observed);
        assert!(changes.iter().all(|c| c.action == Action::Create));
        let mut seen = 0;
        let mut progress = |_: &sluice::deploy::apply::Applied| {
            seen += 1;
            if seen == 4 {
                relay.cut();
            }
        };
        apply_changes(&aws, &prepared.desired, &observed, &changes, &mut progress).await
    });
    let outcomes: Vec<&Outcome> = applied.iter().map(|a| &a.outcome).collect();
    assert!(
        outcomes[..4].iter().all(|o| **o == Outcome::Done),
        "{outcomes:?}"
    );
    match outcomes[4] {
        Outcome::Failed(why) => assert!(
            why.contains("cannot reach") && why.contains(&relay.address),
            "a clear error: {why}"
        ),
        other => panic!("the fifth change should fail, not {other:?}"),
    }
    assert!(
        outcomes[5..].iter().all(|o| **o == Outcome::NotAttempted),
        "{outcomes:?}"
    );
    // The command line says the same while the server is away.
    let (code, out, err) = sluice(&["deploy", "plan", &file.to_string_lossy()]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("cannot reach"), "{err}");

    relay.restore();
    let plan = deploy_json("plan", &file, &["--with-data"], 0);
    assert_eq!(
        count(&plan, "unchanged"),
        4,
        "what was done stays done: {plan:#}"
    );
    assert_eq!(count(&plan, "create"), applied.len() - 4);
    deploy_json("apply", &file, &["--with-data"], 0);
    let converged = deploy_json("plan", &file, &["--with-data"], 0);
    assert_eq!(
        count(&converged, "unchanged"),
        applied.len(),
        "{converged:#}"
    );
    let destroyed = deploy_json("destroy", &file, &[], 0);
    assert_eq!(count(&destroyed, "keep"), 0, "{destroyed:#}");
    assert_eq!(
        destroyed["applied_summary"],
        format!("{} done", applied.len())
    );
}

#[test]
fn checks_block_a_plan_with_their_reasons_and_accepting_an_unmet_requirement_is_recorded() {
    moto_endpoint();
    let root = tempfile::tempdir().expect("a folder");
    let file = sample(
        root.path(),
        "stackoverflow-analytics",
        "stackoverflow-analytics.sluice.toml",
        "so_checks",
    );
    save_deploy_settings(
        &sluice::model::deploy_settings::deploy_settings_path_for(&file),
        &settings("so_checks", "so-checks-lake", None),
    )
    .expect("settings saved");
    // An hourly warehouse job cannot keep the dashboard within the hour.
    let text = std::fs::read_to_string(&file).expect("the pipeline");
    std::fs::write(
        &file,
        text.replace("cron(0/15 * * * ? *)", "cron(0 * * * ? *)"),
    )
    .expect("edited");
    let blocked = deploy_json("plan", &file, &[], 1);
    let blockers = blocked["blockers"].as_array().expect("blockers");
    assert!(
        blockers.iter().any(|b| b["subject"] == "fresh_dashboard"
            && b["overridable"] == true
            && b["reason"]
                .as_str()
                .is_some_and(|r| r.contains("cannot meet"))),
        "{blocked:#}"
    );
    let accepted = deploy_json("plan", &file, &["--accept-unmet"], 0);
    assert_eq!(
        accepted["accepted"][0]["subject"], "fresh_dashboard",
        "the report records what was accepted"
    );

    // A schedule Glue cannot read is no requirement: accepting does not let it through.
    let logs = sample(
        root.path(),
        "partitioned-logs",
        "partitioned-logs.sluice.toml",
        "logs_checks",
    );
    save_deploy_settings(
        &sluice::model::deploy_settings::deploy_settings_path_for(&logs),
        &settings("logs_checks", "logs-checks-lake", None),
    )
    .expect("settings saved");
    let text = std::fs::read_to_string(&logs).expect("the pipeline");
    std::fs::write(&logs, text.replace("cron(0 * * * ? *)", "cron(0 * * *)")).expect("edited");
    let (code, stdout, _) = sluice(&["deploy", "plan", &logs.to_string_lossy(), "--accept-unmet"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("lake_crawler: its schedule cannot be read"),
        "{stdout}"
    );
}
