//! Crawling `s3://bucket/prefix` targets through aws-sdk-s3: objects listed page by page, then
//! ranged reads of only the bytes the sample needs (the head of a text file, the footer of a
//! Parquet file). Credentials come only from the SDK's default chain; its `AWS_ENDPOINT_URL` and
//! `AWS_REGION` are honoured, so a local emulator stands in for AWS in tests and workshops.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_s3::Client;

use super::store::{Listed, Listing, Store};

/// The runtime the SDK's calls run on: one for the process, made on first use. The crawler
/// itself is synchronous (it runs on a worker thread), so each call blocks on it there.
fn runtime() -> Result<&'static tokio::runtime::Runtime, String> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("sluice-s3")
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the S3 client's runtime: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// An `s3://bucket/key` URI split into its bucket and key.
pub fn split_uri(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then_some((bucket, key))
}

/// S3 as the SDK's default configuration finds it.
pub struct S3Store {
    client: Client,
    requests: AtomicU64,
}

impl S3Store {
    /// A client from the default chain (environment, profile, SSO, process credentials) with
    /// bounded timeouts; path-style addressing when an endpoint is set (emulators need it).
    pub fn from_environment() -> Result<Self, String> {
        let runtime = runtime()?;
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(5))
            .operation_attempt_timeout(Duration::from_secs(30))
            .build();
        let shared = runtime.block_on(
            aws_config::defaults(BehaviorVersion::latest())
                .timeout_config(timeouts)
                .load(),
        );
        let endpoint_set = std::env::var_os("AWS_ENDPOINT_URL").is_some()
            || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
        let config = aws_sdk_s3::config::Builder::from(&shared)
            .force_path_style(endpoint_set)
            .build();
        Ok(Self {
            client: Client::from_conf(config),
            requests: AtomicU64::new(0),
        })
    }

    /// The SDK client, for the tests that fill a bucket.
    pub fn client(&self) -> &Client {
        &self.client
    }

    fn count(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }
}

/// The SDK's error with its causes, on one line.
fn message(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

impl Store for S3Store {
    fn list(&self, target: &str) -> Result<Listing, String> {
        let (bucket, prefix) = split_uri(target)
            .ok_or_else(|| format!("`{target}` is not an s3://bucket/prefix URI"))?;
        let folder_prefix = if prefix.is_empty() || prefix.ends_with('/') {
            prefix.to_string()
        } else {
            format!("{prefix}/")
        };
        let runtime = runtime()?;
        let mut objects = Vec::new();
        let mut last_folder: (String, std::sync::Arc<[String]>) =
            (String::new(), std::sync::Arc::from(Vec::new()));
        let mut token: Option<String> = None;
        loop {
            self.count();
            let page = runtime
                .block_on(
                    self.client
                        .list_objects_v2()
                        .bucket(bucket)
                        .prefix(&folder_prefix)
                        .set_continuation_token(token.clone())
                        .send(),
                )
                .map_err(|e| format!("cannot list `{target}`: {}", message(&e)))?;
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                if key.ends_with('/') {
                    continue;
                }
                let relative = key.strip_prefix(&folder_prefix).unwrap_or(key);
                let (folder, name) = relative.rsplit_once('/').unwrap_or(("", relative));
                // The objects of one folder share its list of folders.
                if folder != last_folder.0 {
                    let parts: Vec<String> = if folder.is_empty() {
                        Vec::new()
                    } else {
                        folder.split('/').map(str::to_string).collect()
                    };
                    last_folder = (folder.to_string(), parts.into());
                }
                objects.push(Listed {
                    location: format!("s3://{bucket}/{key}"),
                    folders: std::sync::Arc::clone(&last_folder.1),
                    name: name.to_string(),
                    size_bytes: u64::try_from(object.size().unwrap_or(0)).unwrap_or(0),
                });
            }
            token = page.next_continuation_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        if objects.is_empty() {
            return Err(format!("`{target}` holds no objects"));
        }
        objects.sort_by(|a, b| a.location.cmp(&b.location));
        let root = format!("s3://{bucket}/{}", folder_prefix.trim_end_matches('/'));
        let root = root.trim_end_matches('/').to_string();
        let root_name = folder_prefix
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or(bucket)
            .to_string();
        Ok(Listing {
            root,
            root_name,
            objects,
        })
    }

    fn read_range(&self, location: &str, offset: u64, length: u64) -> Result<Vec<u8>, String> {
        if length == 0 {
            return Ok(Vec::new());
        }
        let (bucket, key) =
            split_uri(location).ok_or_else(|| format!("`{location}` is not an s3:// URI"))?;
        let runtime = runtime()?;
        self.count();
        let range = format!("bytes={offset}-{}", offset + length - 1);
        runtime.block_on(async {
            let object = self
                .client
                .get_object()
                .bucket(bucket)
                .key(key)
                .range(range)
                .send()
                .await
                .map_err(|e| message(&e))?;
            let body = object.body.collect().await.map_err(|e| message(&e))?;
            Ok(body.into_bytes().to_vec())
        })
    }

    fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_split_into_bucket_and_key() {
        assert_eq!(split_uri("s3://lake/logs/x"), Some(("lake", "logs/x")));
        assert_eq!(split_uri("s3://lake"), Some(("lake", "")));
        assert_eq!(split_uri("s3:///x"), None);
        assert_eq!(split_uri("/data"), None);
    }
}
