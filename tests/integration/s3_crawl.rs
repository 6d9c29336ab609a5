//! Crawls of `s3://` targets against moto, the local AWS emulator that `scripts/test.sh` starts:
//! the same tables as the local crawl of the same files, only the sampled bytes read, and a
//! pipeline whose crawler and catalog source read from S3.

use std::path::Path;

use assert_cmd::Command;
use sluice::catalog::{AnyStore, CrawlSpec, LocalStore, S3Store, crawl};
use sluice::model::catalog::CatalogTable;

use crate::fixtures::Workspace;

/// The emulator's address. The tests never run against anything but this machine.
pub(crate) fn moto_endpoint() -> String {
    let endpoint = std::env::var("AWS_ENDPOINT_URL").unwrap_or_else(|_| {
        panic!(
            "the S3 tests need the local AWS emulator: run scripts/test.sh, which installs and \
             starts moto and sets AWS_ENDPOINT_URL"
        )
    });
    assert!(
        endpoint.starts_with("http://127.0.0.1:") || endpoint.starts_with("http://localhost:"),
        "AWS_ENDPOINT_URL must point at this machine, not {endpoint}"
    );
    endpoint
}

/// Uploads every file under `folder` to `s3://bucket/prefix/…`, keeping the relative paths.
fn upload(folder: &Path, bucket: &str, prefix: &str) {
    moto_endpoint();
    let store = S3Store::from_environment().unwrap();
    let client = store.client().clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        client.create_bucket().bucket(bucket).send().await.unwrap();
        for entry in glob::glob(&format!("{}/**/*", folder.display())).unwrap() {
            let path = entry.unwrap();
            if !path.is_file() {
                continue;
            }
            let key = format!("{prefix}/{}", path.strip_prefix(folder).unwrap().display());
            let body = std::fs::read(&path).unwrap();
            client
                .put_object()
                .bucket(bucket)
                .key(key)
                .body(body.into())
                .send()
                .await
                .unwrap();
        }
    });
}

fn lake(ws: &Workspace) {
    for day in ["23", "24"] {
        ws.write(
            &format!("lake/orders/year=2018/month=01/day={day}/part.csv"),
            "id,customer,amount\n1,ann,10.5\n2,bob,3\n",
        );
        ws.write(
            &format!("lake/events/year=2018/month=01/day={day}/part.json"),
            "{\"user\": 1, \"kind\": \"view\"}\n{\"user\": 2, \"kind\": \"cart\"}\n",
        );
    }
    let mut frame = polars::prelude::df!("sku" => ["a", "b"], "stock" => [3i64, 4]).unwrap();
    let mut bytes = Vec::new();
    polars::prelude::ParquetWriter::new(&mut bytes)
        .finish(&mut frame)
        .unwrap();
    ws.write("lake/stock/part-0.parquet", bytes);
    ws.write("lake/stock/_SUCCESS", "");
    ws.write("lake/junk/empty.csv", "");
}

/// What a table is, apart from where it lives: its classification, its columns (name, type,
/// nullable), its partition keys, its partitions' values and its row estimate.
fn shape(table: &CatalogTable) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("{}:{}:{}", c.name, c.glue_type, c.nullable))
        .collect();
    let keys: Vec<String> = table
        .partition_keys
        .iter()
        .map(|k| format!("{}:{}", k.name, k.glue_type))
        .collect();
    let partitions: Vec<String> = table
        .partitions
        .iter()
        .map(|p| p.values.join("/"))
        .collect();
    format!(
        "{} [{}] by [{}] in [{}], {} rows",
        table.classification,
        columns.join(", "),
        keys.join(", "),
        partitions.join(", "),
        table.row_estimate
    )
}

fn spec(target: &str) -> CrawlSpec {
    CrawlSpec {
        crawler: "crawler".into(),
        targets: vec![target.into()],
        database: "lake".into(),
        ..CrawlSpec::default()
    }
}

#[test]
fn an_s3_crawl_finds_the_same_tables_as_the_local_crawl_of_the_same_files() {
    let ws = Workspace::new();
    lake(&ws);
    upload(&ws.path().join("lake"), "same-tables", "lake");
    let local = crawl(&spec("lake"), &LocalStore::new(ws.path()), None, "t");
    let remote = crawl(
        &spec("s3://same-tables/lake"),
        &AnyStore::new(ws.path()),
        None,
        "t",
    );
    assert_eq!(
        local.tables.keys().collect::<Vec<_>>(),
        remote.tables.keys().collect::<Vec<_>>()
    );
    assert_eq!(local.tables.len(), 3);
    for (name, table) in &local.tables {
        assert_eq!(shape(table), shape(&remote.tables[name]), "{name}");
    }
    assert_eq!(
        remote.tables["orders"].partitions[0].location,
        "s3://same-tables/lake/orders/year=2018/month=01/day=23"
    );
    assert_eq!(remote.unclassified.len(), 1);
    assert_eq!(remote.unclassified[0].reason, local.unclassified[0].reason);
    assert!(remote.requests > 0);
}

#[test]
fn only_the_sampled_bytes_are_read() {
    let ws = Workspace::new();
    let mut big = String::from("id,value,label\n");
    while big.len() < 6 << 20 {
        big.push_str("123456,98765.25,some label text for the row\n");
    }
    ws.write("big/data.csv", &big);
    let mut frame = polars::prelude::df!("x" => (0..200_000i64).collect::<Vec<_>>()).unwrap();
    let mut bytes = Vec::new();
    polars::prelude::ParquetWriter::new(&mut bytes)
        .finish(&mut frame)
        .unwrap();
    assert!(bytes.len() > 200_000);
    ws.write("big/numbers.parquet", bytes);
    upload(&ws.path().join("big"), "sampled-bytes", "big");
    let outcome = crawl(
        &spec("s3://sampled-bytes/big"),
        &AnyStore::new(ws.path()),
        None,
        "t",
    );
    assert!(
        outcome.unclassified.is_empty(),
        "{:?}",
        outcome.unclassified
    );
    // One list; the CSV's 64 kB head then its 1 MB sample; the Parquet file's head and footer.
    assert_eq!(outcome.requests, 5);
    assert_eq!(outcome.tables.len(), 2, "{:?}", outcome.tables.keys());
    let rows: u64 = outcome.tables.values().map(|t| t.row_estimate).sum();
    assert!(rows > 200_000, "{rows}");
}

#[test]
fn a_pipeline_crawls_s3_and_reads_a_table_from_it() {
    let ws = Workspace::new();
    lake(&ws);
    upload(&ws.path().join("lake"), "pipeline-lake", "lake");
    let file = ws.pipeline_file(
        "[[node]]\nid = \"crawl\"\nkind = \"crawler\"\ntargets = [\"s3://pipeline-lake/lake\"]\ndatabase = \"lake\"\n\
         [[node]]\nid = \"orders\"\nkind = \"catalog_source\"\ninputs = { catalog = \"crawl\" }\ntable = \"orders\"\npartition_predicate = \"day = 24\"\n\
         [[node]]\nid = \"out\"\nkind = \"csv_sink\"\ninputs = { in = \"orders\" }\npath = \"out.csv\"\n",
    );
    Command::cargo_bin("sluice")
        .unwrap()
        .arg("run")
        .arg(&file)
        .assert()
        .success();
    let written = std::fs::read_to_string(ws.path().join("out.csv")).unwrap();
    assert_eq!(
        written,
        "id,customer,amount,year,month,day\n1,ann,10.5,2018,1,24\n2,bob,3.0,2018,1,24\n"
    );
    let output = Command::cargo_bin("sluice")
        .unwrap()
        .args(["crawl", "s3://pipeline-lake/lake", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["tables"].as_array().unwrap().len(), 3);
    assert!(report["requests"].as_u64().unwrap() >= 6);
}

#[test]
fn a_missing_bucket_is_a_named_target_error() {
    moto_endpoint();
    let ws = Workspace::new();
    let outcome = crawl(
        &spec("s3://no-such-bucket/x"),
        &AnyStore::new(ws.path()),
        None,
        "t",
    );
    assert!(outcome.tables.is_empty());
    let (target, reason) = &outcome.target_errors[0];
    assert_eq!(target, "s3://no-such-bucket/x");
    assert!(
        reason.contains("cannot list") && reason.contains("NoSuchBucket"),
        "{reason}"
    );
}
