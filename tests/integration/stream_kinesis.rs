//! Kinesis data streams on moto, the local AWS emulator that `scripts/test.sh` starts: a stream
//! of two shards read from its start through a filter into a table and onto a second stream,
//! then read again after the checkpoint the first run left: exactly the records put since.

use std::path::Path;

use assert_cmd::Command;
use aws_sdk_kinesis::Client;
use aws_sdk_kinesis::primitives::Blob;
use aws_sdk_kinesis::types::{PutRecordsRequestEntry, ShardIteratorType};

use super::s3_crawl::moto_endpoint;
use crate::fixtures::Workspace;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn client() -> Client {
    moto_endpoint();
    let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await;
    Client::new(&shared)
}

/// A stream name no other test uses (moto is shared by the whole run).
fn unique(name: &str) -> String {
    format!(
        "{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    )
    .replace(['(', ')'], "")
    .replace("ThreadId", "")
}

async fn create(client: &Client, name: &str, shards: i32) {
    client
        .create_stream()
        .stream_name(name)
        .shard_count(shards)
        .send()
        .await
        .unwrap();
}

/// Puts records `{"user": "u<i % 7>", "n": i}` for i in `range`.
async fn put(client: &Client, name: &str, range: std::ops::Range<u32>) {
    let entries: Vec<PutRecordsRequestEntry> = range
        .map(|i| {
            PutRecordsRequestEntry::builder()
                .partition_key(format!("u{}", i % 7))
                .data(Blob::new(format!(r#"{{"user": "u{}", "n": {i}}}"#, i % 7)))
                .build()
                .unwrap()
        })
        .collect();
    for chunk in entries.chunks(500) {
        let answer = client
            .put_records()
            .stream_name(name)
            .set_records(Some(chunk.to_vec()))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.failed_record_count(), Some(0));
    }
}

/// Every record's data on every shard of the stream.
async fn read_all(client: &Client, name: &str) -> Vec<String> {
    let shards = client.list_shards().stream_name(name).send().await.unwrap();
    let mut all = Vec::new();
    for shard in shards.shards() {
        let mut iterator = client
            .get_shard_iterator()
            .stream_name(name)
            .shard_id(shard.shard_id())
            .shard_iterator_type(ShardIteratorType::TrimHorizon)
            .send()
            .await
            .unwrap()
            .shard_iterator()
            .map(str::to_string);
        while let Some(current) = iterator {
            let page = client
                .get_records()
                .shard_iterator(current)
                .send()
                .await
                .unwrap();
            if page.records().is_empty() {
                break;
            }
            all.extend(
                page.records()
                    .iter()
                    .map(|r| String::from_utf8_lossy(r.data().as_ref()).to_string()),
            );
            iterator = page.next_shard_iterator().map(str::to_string);
        }
    }
    all
}

fn pipeline(input: &str, output: &str, start: &str, events: u32) -> String {
    format!(
        r#"[[node]]
id = "clicks"
kind = "kinesis_source"
stream_name = "{input}"
start = "{start}"
checkpoint_path = "checkpoint.json"
columns = [{{ name = "user", type = "string" }}, {{ name = "n", type = "int64" }}]
max_events = {events}

[[node]]
id = "even"
kind = "stream_filter"
inputs = {{ events = "clicks" }}
predicate = "n % 2 = 0"

[[node]]
id = "collected"
kind = "to_table"
inputs = {{ events = "even" }}

[[node]]
id = "table"
kind = "csv_sink"
inputs = {{ in = "collected" }}
path = "even.csv"

[[node]]
id = "forward"
kind = "kinesis_sink"
inputs = {{ events = "even" }}
stream_name = "{output}"
partition_key = "user"
"#
    )
}

fn numbers_in(csv: &Path) -> Vec<i64> {
    let text = std::fs::read_to_string(csv).unwrap();
    let mut numbers: Vec<i64> = text
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    numbers.sort_unstable();
    numbers
}

#[test]
fn a_kinesis_stream_is_read_filtered_put_on_another_and_resumed_from_its_checkpoint() {
    let runtime = runtime();
    let (input, output) = (unique("clicks"), unique("even"));
    let client = runtime.block_on(client());
    runtime.block_on(async {
        create(&client, &input, 2).await;
        create(&client, &output, 1).await;
        put(&client, &input, 0..300).await;
    });
    let ws = Workspace::new();
    let file = ws.pipeline_file(&pipeline(&input, &output, "trim_horizon", 300));
    Command::cargo_bin("sluice")
        .unwrap()
        .arg("run")
        .arg(&file)
        .assert()
        .success();
    let even = numbers_in(&ws.path().join("even.csv"));
    assert_eq!(even, (0..300).step_by(2).collect::<Vec<i64>>());
    // The checkpoint holds both shards' last records.
    let checkpoint =
        sluice::stream::kinesis::read_checkpoint(&ws.path().join("checkpoint.json")).unwrap();
    assert_eq!(checkpoint.len(), 2, "{checkpoint:?}");
    // The even events went onto the second stream as JSON records.
    let forwarded = runtime.block_on(read_all(&client, &output));
    assert_eq!(forwarded.len(), 150);
    assert!(
        forwarded.iter().any(|r| r.contains(r#""n":42"#)),
        "{:?}",
        &forwarded[..3]
    );

    // 50 more records; a run from the checkpoint takes exactly those.
    runtime.block_on(put(&client, &input, 300..350));
    let file = ws.pipeline_file(&pipeline(&input, &output, "checkpoint", 50));
    Command::cargo_bin("sluice")
        .unwrap()
        .arg("run")
        .arg(&file)
        .assert()
        .success();
    let even = numbers_in(&ws.path().join("even.csv"));
    assert_eq!(even, (300..350).step_by(2).collect::<Vec<i64>>());
}

#[test]
fn a_missing_stream_is_named() {
    let ws = Workspace::new();
    let file = ws.pipeline_file(&pipeline(&unique("nosuch"), "x", "trim_horizon", 10));
    moto_endpoint();
    let output = Command::cargo_bin("sluice")
        .unwrap()
        .arg("run")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stream node `clicks` failed: cannot list the shards of `nosuch"),
        "{stderr}"
    );
}
