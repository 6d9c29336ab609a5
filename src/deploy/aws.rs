//! The AWS side of a deploy, through aws-sdk-s3, -glue, -kinesis and -firehose: clients from
//! the deploy settings (region, profile, endpoint; credentials only from the SDK's default
//! chain), what the account holds for each resource (and whether this pipeline's tag is on it),
//! and the calls that create, update and delete them.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_firehose::types as fh;
use aws_sdk_glue::types as glue;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types as s3;

use super::resources::{Desired, Resource, ResourceKind};
use crate::model::deploy_settings::{DeploySettings, PIPELINE_TAG};

/// The SDK clients of one deploy.
pub struct Clients {
    pub s3: aws_sdk_s3::Client,
    pub glue: aws_sdk_glue::Client,
    pub kinesis: aws_sdk_kinesis::Client,
    pub firehose: aws_sdk_firehose::Client,
    /// Where the calls go, for error messages: the endpoint, or "AWS".
    pub endpoint: String,
    pub region: String,
}

/// A call that failed, said with the resource it was about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AwsError {
    pub message: String,
}

fn failed<E: std::error::Error>(what: &str, clients: &Clients, error: E) -> AwsError {
    let detail = error_chain(&error);
    let unreachable = detail.contains("dispatch failure")
        || detail.contains("onnection refused")
        || detail.contains("timed out")
        || detail.contains("timeout");
    AwsError {
        message: if unreachable {
            format!(
                "{what}: cannot reach {} ({detail}); check that it is running and that the \
                 endpoint is right",
                clients.endpoint
            )
        } else {
            format!("{what}: {detail}")
        },
    }
}

/// An error and its sources, each said once: "service error: EntityNotFoundException: …".
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// The region a deploy uses: the settings', else the SDK's (`AWS_REGION`).
pub fn region_of(settings: &DeploySettings) -> Option<String> {
    settings
        .region
        .clone()
        .or_else(|| std::env::var("AWS_REGION").ok())
        .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
        .filter(|r| !r.is_empty())
}

/// Clients for `settings`: the SDK's default chain for credentials, the settings' region,
/// profile and endpoint over the SDK's own variables, bounded timeouts and two attempts a call.
pub async fn clients(settings: &DeploySettings) -> Result<Clients, AwsError> {
    let region = region_of(settings).ok_or_else(|| AwsError {
        message: "no region: set `region` in the deploy settings or AWS_REGION".to_string(),
    })?;
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(60))
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(aws_config::Region::new(region.clone()))
        .timeout_config(timeouts)
        .retry_config(RetryConfig::standard().with_max_attempts(2));
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(endpoint) = &settings.endpoint_url {
        loader = loader.endpoint_url(endpoint);
    }
    let shared = loader.load().await;
    let endpoint = settings
        .endpoint_url
        .clone()
        .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
        .filter(|e| !e.is_empty());
    let s3_config = aws_sdk_s3::config::Builder::from(&shared)
        .force_path_style(endpoint.is_some())
        .build();
    Ok(Clients {
        s3: aws_sdk_s3::Client::from_conf(s3_config),
        glue: aws_sdk_glue::Client::new(&shared),
        kinesis: aws_sdk_kinesis::Client::new(&shared),
        firehose: aws_sdk_firehose::Client::new(&shared),
        endpoint: endpoint.unwrap_or_else(|| format!("AWS ({region})")),
        region,
    })
}

/// A resource as the account holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub kind: ResourceKind,
    pub name: String,
    /// The same properties as [`Resource::properties`], read back.
    pub properties: BTreeMap<String, String>,
    /// Whether this pipeline's tag is on it: only such resources are changed or removed.
    pub ours: bool,
    /// Its ARN, when AWS gives one.
    pub arn: Option<String>,
}

impl Observed {
    fn new(kind: ResourceKind, name: &str, ours: bool) -> Self {
        Self {
            kind,
            name: name.to_string(),
            properties: BTreeMap::new(),
            ours,
            arn: None,
        }
    }

    fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.properties.insert(key.to_string(), value.into());
        self
    }
}

fn glue_arn(desired: &Desired, kind: &str, name: &str) -> String {
    format!(
        "arn:aws:glue:{}:{}:{kind}/{name}",
        desired.region, desired.account
    )
}

fn ours(tags: Option<&HashMap<String, String>>, pipeline: &str) -> bool {
    tags.and_then(|t| t.get(PIPELINE_TAG))
        .is_some_and(|v| v == pipeline)
}

/// What the account holds of every resource `desired` names, and every other resource carrying
/// this pipeline's tag (which a plan deletes).
pub async fn observe(clients: &Clients, desired: &Desired) -> Result<Vec<Observed>, AwsError> {
    let mut observed = observe_s3(clients, desired).await?;
    observed.extend(observe_glue(clients, desired).await?);
    observed.extend(observe_streams(clients, desired).await?);
    Ok(observed)
}

/// The bucket, and every object under the prefix carrying the tag.
async fn observe_s3(clients: &Clients, desired: &Desired) -> Result<Vec<Observed>, AwsError> {
    let mut observed = Vec::new();
    let pipeline = desired.pipeline.as_str();
    let bucket = desired.bucket.clone();
    let bucket_exists = match clients.s3.head_bucket().bucket(&bucket).send().await {
        Ok(_) => true,
        Err(error) => {
            if error.as_service_error().is_some_and(|e| e.is_not_found()) {
                false
            } else {
                return Err(failed(&format!("reading bucket {bucket}"), clients, error));
            }
        }
    };
    if bucket_exists {
        let tagged = match clients.s3.get_bucket_tagging().bucket(&bucket).send().await {
            Ok(tagging) => tagging
                .tag_set()
                .iter()
                .any(|t| t.key() == PIPELINE_TAG && t.value() == pipeline),
            Err(_) => false,
        };
        observed.push(
            Observed::new(ResourceKind::Bucket, &bucket, tagged)
                .with("encryption", "AES256")
                .with("public_access", "blocked"),
        );
        let prefix = desired.prefix.clone();
        let mut token = None;
        loop {
            let listed = clients
                .s3
                .list_objects_v2()
                .bucket(&bucket)
                .prefix(&prefix)
                .set_continuation_token(token)
                .send()
                .await
                .map_err(|e| failed(&format!("listing s3://{bucket}/{prefix}"), clients, e))?;
            for object in listed.contents() {
                let Some(key) = object.key() else { continue };
                let head = clients
                    .s3
                    .head_object()
                    .bucket(&bucket)
                    .key(key)
                    .send()
                    .await
                    .map_err(|e| failed(&format!("reading s3://{bucket}/{key}"), clients, e))?;
                let metadata = head.metadata();
                let tagged = metadata
                    .and_then(|m| m.get("sluice-pipeline"))
                    .is_some_and(|v| v == pipeline);
                let digest = metadata
                    .and_then(|m| m.get("sluice-digest"))
                    .cloned()
                    .unwrap_or_default();
                if tagged || desired.find(ResourceKind::Object, key).is_some() {
                    observed.push(
                        Observed::new(ResourceKind::Object, key, tagged).with("digest", digest),
                    );
                }
            }
            token = listed.next_continuation_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
    }

    Ok(observed)
}

/// Glue's jobs, crawlers and triggers (listed by tag), databases and rulesets (tags on their ARNs).
async fn observe_glue(clients: &Clients, desired: &Desired) -> Result<Vec<Observed>, AwsError> {
    let mut observed = Vec::new();
    let pipeline = desired.pipeline.as_str();
    // Glue: the tagged jobs, crawlers and triggers are listed by tag.
    let tag_filter: HashMap<String, String> =
        HashMap::from([(PIPELINE_TAG.to_string(), pipeline.to_string())]);
    let our_jobs = clients
        .glue
        .list_jobs()
        .set_tags(Some(tag_filter.clone()))
        .send()
        .await
        .map_err(|e| failed("listing Glue jobs", clients, e))?
        .job_names()
        .to_vec();
    let our_crawlers = clients
        .glue
        .list_crawlers()
        .set_tags(Some(tag_filter.clone()))
        .send()
        .await
        .map_err(|e| failed("listing Glue crawlers", clients, e))?
        .crawler_names()
        .to_vec();
    let our_triggers = clients
        .glue
        .list_triggers()
        .set_tags(Some(tag_filter.clone()))
        .send()
        .await
        .map_err(|e| failed("listing Glue triggers", clients, e))?
        .trigger_names()
        .to_vec();
    let names_of = |kind: ResourceKind, ours: &[String]| -> Vec<String> {
        let mut names: Vec<String> = desired
            .resources
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.name.clone())
            .collect();
        for name in ours {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    };
    for name in names_of(ResourceKind::Job, &our_jobs) {
        match clients.glue.get_job().job_name(&name).send().await {
            Ok(output) => {
                if let Some(job) = output.job() {
                    observed.push(job_observed(&name, job, our_jobs.contains(&name)));
                }
            }
            Err(error) if is_glue_not_found(&error) => {}
            Err(error) => return Err(failed(&format!("reading Glue job {name}"), clients, error)),
        }
    }
    for name in names_of(ResourceKind::Crawler, &our_crawlers) {
        match clients.glue.get_crawler().name(&name).send().await {
            Ok(output) => {
                if let Some(crawler) = output.crawler() {
                    observed.push(crawler_observed(
                        &name,
                        crawler,
                        our_crawlers.contains(&name),
                    ));
                }
            }
            Err(error) if is_glue_not_found(&error) => {}
            Err(error) => {
                return Err(failed(
                    &format!("reading Glue crawler {name}"),
                    clients,
                    error,
                ));
            }
        }
    }
    for name in names_of(ResourceKind::Trigger, &our_triggers) {
        match clients.glue.get_trigger().name(&name).send().await {
            Ok(output) => {
                if let Some(trigger) = output.trigger() {
                    observed.push(trigger_observed(
                        &name,
                        trigger,
                        our_triggers.contains(&name),
                    ));
                }
            }
            Err(error) if is_glue_not_found(&error) => {}
            Err(error) => {
                return Err(failed(
                    &format!("reading Glue trigger {name}"),
                    clients,
                    error,
                ));
            }
        }
    }

    // Databases and rulesets carry tags on their ARNs.
    let databases = clients
        .glue
        .get_databases()
        .send()
        .await
        .map_err(|e| failed("listing Glue databases", clients, e))?;
    for database in databases.database_list() {
        let name = database.name();
        let tags = glue_tags(clients, &glue_arn(desired, "database", name)).await?;
        let tagged = ours(Some(&tags), pipeline);
        if tagged || desired.find(ResourceKind::Database, name).is_some() {
            observed.push(
                Observed::new(ResourceKind::Database, name, tagged)
                    .with("description", database.description().unwrap_or_default()),
            );
        }
    }
    let rulesets = clients
        .glue
        .list_data_quality_rulesets()
        .send()
        .await
        .map_err(|e| failed("listing Glue data-quality rulesets", clients, e))?;
    for listed in rulesets.rulesets() {
        let Some(name) = listed.name() else { continue };
        let tags = glue_tags(clients, &glue_arn(desired, "dataQualityRuleset", name)).await?;
        let tagged = ours(Some(&tags), pipeline);
        if !tagged && desired.find(ResourceKind::Ruleset, name).is_none() {
            continue;
        }
        let ruleset = clients
            .glue
            .get_data_quality_ruleset()
            .name(name)
            .send()
            .await
            .map_err(|e| failed(&format!("reading ruleset {name}"), clients, e))?;
        observed.push(
            Observed::new(ResourceKind::Ruleset, name, tagged)
                .with("ruleset", ruleset.ruleset().unwrap_or_default().trim()),
        );
    }

    Ok(observed)
}

/// Kinesis and Firehose list their streams; each stream's tags say whose it is.
async fn observe_streams(clients: &Clients, desired: &Desired) -> Result<Vec<Observed>, AwsError> {
    let mut observed = Vec::new();
    let pipeline = desired.pipeline.as_str();
    let streams = clients
        .kinesis
        .list_streams()
        .send()
        .await
        .map_err(|e| failed("listing Kinesis streams", clients, e))?;
    for name in streams.stream_names() {
        // A stream deleted since it was listed (by someone else) is skipped.
        let tags = match clients
            .kinesis
            .list_tags_for_stream()
            .stream_name(name)
            .send()
            .await
        {
            Ok(tags) => tags,
            Err(error) if is_gone(&error) => continue,
            Err(error) => {
                return Err(failed(
                    &format!("reading the tags of stream {name}"),
                    clients,
                    error,
                ));
            }
        };
        let tagged = tags
            .tags()
            .iter()
            .any(|t| t.key() == PIPELINE_TAG && t.value() == Some(pipeline));
        if !tagged && desired.find(ResourceKind::Stream, name).is_none() {
            continue;
        }
        let summary = match clients
            .kinesis
            .describe_stream_summary()
            .stream_name(name)
            .send()
            .await
        {
            Ok(summary) => summary,
            Err(error) if is_gone(&error) => continue,
            Err(error) => return Err(failed(&format!("reading stream {name}"), clients, error)),
        };
        let (shards, arn) = summary
            .stream_description_summary()
            .map(|s| (s.open_shard_count(), s.stream_arn().to_string()))
            .unwrap_or_default();
        let mut stream =
            Observed::new(ResourceKind::Stream, name, tagged).with("shards", shards.to_string());
        stream.arn = Some(arn);
        observed.push(stream);
    }
    let deliveries = clients
        .firehose
        .list_delivery_streams()
        .send()
        .await
        .map_err(|e| failed("listing Firehose delivery streams", clients, e))?;
    for name in deliveries.delivery_stream_names() {
        let tags = match clients
            .firehose
            .list_tags_for_delivery_stream()
            .delivery_stream_name(name)
            .send()
            .await
        {
            Ok(tags) => tags,
            Err(error) if is_gone(&error) => continue,
            Err(error) => {
                return Err(failed(
                    &format!("reading the tags of delivery {name}"),
                    clients,
                    error,
                ));
            }
        };
        let tagged = tags
            .tags()
            .iter()
            .any(|t| t.key() == PIPELINE_TAG && t.value() == Some(pipeline));
        if !tagged && desired.find(ResourceKind::Delivery, name).is_none() {
            continue;
        }
        let described = match clients
            .firehose
            .describe_delivery_stream()
            .delivery_stream_name(name)
            .send()
            .await
        {
            Ok(described) => described,
            Err(error) if is_gone(&error) => continue,
            Err(error) => return Err(failed(&format!("reading delivery {name}"), clients, error)),
        };
        if let Some(description) = described.delivery_stream_description() {
            observed.push(delivery_observed(name, description, tagged));
        }
    }
    Ok(observed)
}

/// Whether a Kinesis or Firehose call failed because the stream no longer exists.
fn is_gone<E, R>(error: &aws_sdk_kinesis::error::SdkError<E, R>) -> bool
where
    E: aws_sdk_kinesis::error::ProvideErrorMetadata,
{
    error
        .as_service_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "ResourceNotFoundException")
}

fn is_glue_not_found<E>(error: &aws_sdk_glue::error::SdkError<E>) -> bool
where
    E: aws_sdk_glue::error::ProvideErrorMetadata,
{
    error
        .as_service_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "EntityNotFoundException")
}

async fn glue_tags(clients: &Clients, arn: &str) -> Result<HashMap<String, String>, AwsError> {
    match clients.glue.get_tags().resource_arn(arn).send().await {
        Ok(output) => Ok(output.tags().cloned().unwrap_or_default()),
        Err(error) if is_glue_not_found(&error) => Ok(HashMap::new()),
        Err(error) => Err(failed(
            &format!("reading the tags of {arn}"),
            clients,
            error,
        )),
    }
}

fn sorted_arguments(arguments: Option<&HashMap<String, String>>) -> String {
    let mut pairs: Vec<String> = arguments
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    pairs.sort();
    pairs.join("\n")
}

fn job_observed(name: &str, job: &glue::Job, ours: bool) -> Observed {
    Observed::new(ResourceKind::Job, name, ours)
        .with("role", job.role().unwrap_or_default())
        .with(
            "script",
            job.command()
                .and_then(|c| c.script_location())
                .unwrap_or_default(),
        )
        .with("glue_version", job.glue_version().unwrap_or_default())
        .with(
            "worker_type",
            job.worker_type().map(|w| w.as_str()).unwrap_or_default(),
        )
        .with(
            "workers",
            job.number_of_workers().unwrap_or_default().to_string(),
        )
        .with("arguments", sorted_arguments(job.default_arguments()))
        .with(
            "visual",
            job.code_gen_configuration_nodes()
                .filter(|nodes| !nodes.is_empty())
                .map_or_else(|| "script only".to_string(), super::visual::summary),
        )
}

fn crawler_observed(name: &str, crawler: &glue::Crawler, ours: bool) -> Observed {
    let targets: Vec<String> = crawler
        .targets()
        .map(|t| {
            t.s3_targets()
                .iter()
                .filter_map(|s| s.path().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let policy = crawler.schema_change_policy();
    Observed::new(ResourceKind::Crawler, name, ours)
        .with("role", crawler.role().unwrap_or_default())
        .with("database", crawler.database_name().unwrap_or_default())
        .with("targets", targets.join("\n"))
        .with(
            "schedule",
            crawler
                .schedule()
                .and_then(|s| s.schedule_expression())
                .unwrap_or_default(),
        )
        .with(
            "update_behavior",
            policy
                .and_then(|p| p.update_behavior())
                .map(|b| b.as_str())
                .unwrap_or_default(),
        )
        .with(
            "delete_behavior",
            policy
                .and_then(|p| p.delete_behavior())
                .map(|b| b.as_str())
                .unwrap_or_default(),
        )
        .with(
            "recrawl",
            crawler
                .recrawl_policy()
                .and_then(|p| p.recrawl_behavior())
                .map(|b| b.as_str())
                .unwrap_or("CRAWL_EVERYTHING"),
        )
        .with("configuration", crawler.configuration().unwrap_or_default())
}

fn trigger_observed(name: &str, trigger: &glue::Trigger, ours: bool) -> Observed {
    let job = trigger
        .actions()
        .iter()
        .filter_map(|a| a.job_name())
        .collect::<Vec<_>>()
        .join("\n");
    let mut observed = Observed::new(ResourceKind::Trigger, name, ours)
        .with(
            "type",
            trigger.r#type().map(|t| t.as_str()).unwrap_or_default(),
        )
        .with("job", job);
    if let Some(schedule) = trigger.schedule() {
        observed = observed.with("schedule", schedule);
    }
    if let Some(predicate) = trigger.predicate() {
        let mut after: Vec<String> = predicate
            .conditions()
            .iter()
            .filter_map(|c| {
                c.crawler_name()
                    .map(|n| format!("crawler {n}"))
                    .or_else(|| c.job_name().map(|n| format!("job {n}")))
            })
            .collect();
        after.sort();
        observed = observed.with("after", after.join("\n"));
    }
    observed
}

fn delivery_observed(
    name: &str,
    description: &fh::DeliveryStreamDescription,
    ours: bool,
) -> Observed {
    let source = description
        .source()
        .and_then(|s| s.kinesis_stream_source_description())
        .and_then(|k| k.kinesis_stream_arn())
        .and_then(|arn| arn.rsplit('/').next())
        .unwrap_or_default();
    let destination = description
        .destinations()
        .first()
        .and_then(|d| d.extended_s3_destination_description());
    let hints = destination.and_then(|d| d.buffering_hints());
    let mut observed = Observed::new(ResourceKind::Delivery, name, ours)
        .with("source_stream", source)
        .with(
            "bucket",
            destination
                .map(|d| d.bucket_arn().trim_start_matches("arn:aws:s3:::"))
                .unwrap_or_default(),
        )
        .with(
            "prefix",
            destination.and_then(|d| d.prefix()).unwrap_or_default(),
        )
        .with(
            "buffer_seconds",
            hints
                .and_then(|h| h.interval_in_seconds())
                .unwrap_or_default()
                .to_string(),
        )
        .with(
            "buffer_mib",
            hints
                .and_then(|h| h.size_in_mbs())
                .unwrap_or_default()
                .to_string(),
        )
        .with(
            "role",
            destination.map(|d| d.role_arn()).unwrap_or_default(),
        );
    observed.arn = Some(description.delivery_stream_arn().to_string());
    observed
}

fn tag_map(desired: &Desired) -> HashMap<String, String> {
    desired
        .tags
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Makes `resource` (absent from the account) exist.
pub async fn create(
    clients: &Clients,
    desired: &Desired,
    resource: &Resource,
) -> Result<(), AwsError> {
    let what = format!("creating {} {}", resource.kind.noun(), resource.name);
    let name = resource.name.as_str();
    match resource.kind {
        ResourceKind::Bucket => {
            let mut request = clients.s3.create_bucket().bucket(name);
            if clients.region != "us-east-1" {
                request = request.create_bucket_configuration(
                    s3::CreateBucketConfiguration::builder()
                        .location_constraint(s3::BucketLocationConstraint::from(
                            clients.region.as_str(),
                        ))
                        .build(),
                );
            }
            request
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
            let encryption = s3::ServerSideEncryptionConfiguration::builder()
                .rules(
                    s3::ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(
                            s3::ServerSideEncryptionByDefault::builder()
                                .sse_algorithm(s3::ServerSideEncryption::Aes256)
                                .build()
                                .map_err(|e| AwsError {
                                    message: format!("{what}: {e}"),
                                })?,
                        )
                        .build(),
                )
                .build()
                .map_err(|e| AwsError {
                    message: format!("{what}: {e}"),
                })?;
            clients
                .s3
                .put_bucket_encryption()
                .bucket(name)
                .server_side_encryption_configuration(encryption)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
            clients
                .s3
                .put_public_access_block()
                .bucket(name)
                .public_access_block_configuration(
                    s3::PublicAccessBlockConfiguration::builder()
                        .block_public_acls(true)
                        .ignore_public_acls(true)
                        .block_public_policy(true)
                        .restrict_public_buckets(true)
                        .build(),
                )
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
            let tags: Vec<s3::Tag> = desired
                .tags
                .iter()
                .filter_map(|(k, v)| s3::Tag::builder().key(k).value(v).build().ok())
                .collect();
            clients
                .s3
                .put_bucket_tagging()
                .bucket(name)
                .tagging(
                    s3::Tagging::builder()
                        .set_tag_set(Some(tags))
                        .build()
                        .map_err(|e| AwsError {
                            message: format!("{what}: {e}"),
                        })?,
                )
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Object => put_object(clients, desired, resource).await?,
        ResourceKind::Database => {
            let input = glue::DatabaseInput::builder()
                .name(name)
                .description(resource.property("description"))
                .build()
                .map_err(|e| AwsError {
                    message: format!("{what}: {e}"),
                })?;
            clients
                .glue
                .create_database()
                .database_input(input)
                .set_tags(Some(tag_map(desired)))
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Ruleset => {
            clients
                .glue
                .create_data_quality_ruleset()
                .name(name)
                .description(format!(
                    "Rules of node {} of Sluice pipeline {}",
                    resource.node.as_deref().unwrap_or_default(),
                    desired.pipeline
                ))
                .ruleset(resource.property("ruleset"))
                .set_tags(Some(tag_map(desired)))
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Crawler => {
            let (targets, policy, recrawl) = crawler_parts(resource);
            let schedule = resource.property("schedule");
            let configuration = resource.property("configuration");
            clients
                .glue
                .create_crawler()
                .name(name)
                .role(resource.property("role"))
                .database_name(resource.property("database"))
                .targets(targets)
                .set_schedule((!schedule.is_empty()).then(|| schedule.to_string()))
                .schema_change_policy(policy)
                .recrawl_policy(recrawl)
                .set_configuration((!configuration.is_empty()).then(|| configuration.to_string()))
                .set_tags(Some(tag_map(desired)))
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Job => {
            clients
                .glue
                .create_job()
                .name(name)
                .role(resource.property("role"))
                .command(job_command(resource))
                .glue_version(resource.property("glue_version"))
                .worker_type(glue::WorkerType::from(resource.property("worker_type")))
                .number_of_workers(resource.property("workers").parse().unwrap_or(2))
                .set_default_arguments(Some(job_arguments(resource)))
                .set_code_gen_configuration_nodes(resource.visual.clone())
                .description(format!(
                    "Sluice pipeline {}, job {}",
                    desired.pipeline,
                    resource.node.as_deref().unwrap_or_default()
                ))
                .set_tags(Some(tag_map(desired)))
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Trigger => {
            let mut request = clients
                .glue
                .create_trigger()
                .name(name)
                .actions(
                    glue::Action::builder()
                        .job_name(resource.property("job"))
                        .build(),
                )
                .start_on_creation(true)
                .set_tags(Some(tag_map(desired)));
            request = match resource.property("type") {
                "CONDITIONAL" => request
                    .r#type(glue::TriggerType::Conditional)
                    .predicate(predicate(resource)),
                _ => request
                    .r#type(glue::TriggerType::Scheduled)
                    .schedule(resource.property("schedule")),
            };
            request
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Stream => {
            clients
                .kinesis
                .create_stream()
                .stream_name(name)
                .shard_count(resource.property("shards").parse().unwrap_or(1))
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
            clients
                .kinesis
                .add_tags_to_stream()
                .stream_name(name)
                .set_tags(Some(tag_map(desired)))
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
            wait_until_active(clients, name, &what).await?;
        }
        ResourceKind::Delivery => {
            let source = resource.property("source_stream");
            let mut request = clients
                .firehose
                .create_delivery_stream()
                .delivery_stream_name(name)
                .extended_s3_destination_configuration(
                    fh::ExtendedS3DestinationConfiguration::builder()
                        .role_arn(resource.property("role"))
                        .bucket_arn(format!("arn:aws:s3:::{}", resource.property("bucket")))
                        .prefix(resource.property("prefix"))
                        .buffering_hints(buffering(resource))
                        .compression_format(fh::CompressionFormat::Uncompressed)
                        .build()
                        .map_err(|e| AwsError {
                            message: format!("{what}: {e}"),
                        })?,
                )
                .set_tags(Some(
                    desired
                        .tags
                        .iter()
                        .filter_map(|(k, v)| fh::Tag::builder().key(k).value(v).build().ok())
                        .collect(),
                ));
            request = if source.is_empty() {
                request.delivery_stream_type(fh::DeliveryStreamType::DirectPut)
            } else {
                request
                    .delivery_stream_type(fh::DeliveryStreamType::KinesisStreamAsSource)
                    .kinesis_stream_source_configuration(
                        fh::KinesisStreamSourceConfiguration::builder()
                            .kinesis_stream_arn(format!(
                                "arn:aws:kinesis:{}:{}:stream/{source}",
                                desired.region, desired.account
                            ))
                            .role_arn(resource.property("role"))
                            .build()
                            .map_err(|e| AwsError {
                                message: format!("{what}: {e}"),
                            })?,
                    )
            };
            request
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
    }
    Ok(())
}

/// Waits for a new stream to become active (a delivery cannot read it before), up to 2 minutes.
async fn wait_until_active(clients: &Clients, name: &str, what: &str) -> Result<(), AwsError> {
    for _ in 0..240 {
        let summary = clients
            .kinesis
            .describe_stream_summary()
            .stream_name(name)
            .send()
            .await
            .map_err(|e| failed(what, clients, e))?;
        let active = summary
            .stream_description_summary()
            .is_some_and(|s| s.stream_status() == &aws_sdk_kinesis::types::StreamStatus::Active);
        if active {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(AwsError {
        message: format!("{what}: the stream did not become active within 2 minutes"),
    })
}

async fn put_object(
    clients: &Clients,
    desired: &Desired,
    resource: &Resource,
) -> Result<(), AwsError> {
    let what = format!("uploading s3://{}/{}", bucket_of(desired), resource.name);
    clients
        .s3
        .put_object()
        .bucket(bucket_of(desired))
        .key(&resource.name)
        .body(ByteStream::from(resource.body.clone().unwrap_or_default()))
        .metadata("sluice-pipeline", &desired.pipeline)
        .metadata("sluice-digest", resource.property("digest"))
        .send()
        .await
        .map_err(|e| failed(&what, clients, e))?;
    Ok(())
}

fn bucket_of(desired: &Desired) -> &str {
    &desired.bucket
}

fn crawler_parts(
    resource: &Resource,
) -> (
    glue::CrawlerTargets,
    glue::SchemaChangePolicy,
    glue::RecrawlPolicy,
) {
    let targets = glue::CrawlerTargets::builder()
        .set_s3_targets(Some(
            resource
                .property("targets")
                .lines()
                .map(|path| glue::S3Target::builder().path(path).build())
                .collect(),
        ))
        .build();
    let policy = glue::SchemaChangePolicy::builder()
        .update_behavior(glue::UpdateBehavior::from(
            resource.property("update_behavior"),
        ))
        .delete_behavior(glue::DeleteBehavior::from(
            resource.property("delete_behavior"),
        ))
        .build();
    let recrawl = glue::RecrawlPolicy::builder()
        .recrawl_behavior(glue::RecrawlBehavior::from(resource.property("recrawl")))
        .build();
    (targets, policy, recrawl)
}

fn job_command(resource: &Resource) -> glue::JobCommand {
    glue::JobCommand::builder()
        .name("glueetl")
        .script_location(resource.property("script"))
        .python_version("3")
        .build()
}

fn job_arguments(resource: &Resource) -> HashMap<String, String> {
    resource
        .property("arguments")
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn predicate(resource: &Resource) -> glue::Predicate {
    let conditions = resource
        .property("after")
        .lines()
        .filter_map(|line| {
            let (kind, name) = line.split_once(' ')?;
            let condition =
                glue::Condition::builder().logical_operator(glue::LogicalOperator::Equals);
            Some(match kind {
                "crawler" => condition
                    .crawler_name(name)
                    .crawl_state(glue::CrawlState::Succeeded)
                    .build(),
                _ => condition
                    .job_name(name)
                    .state(glue::JobRunState::Succeeded)
                    .build(),
            })
        })
        .collect();
    glue::Predicate::builder()
        .logical(glue::Logical::And)
        .set_conditions(Some(conditions))
        .build()
}

fn buffering(resource: &Resource) -> fh::BufferingHints {
    fh::BufferingHints::builder()
        .interval_in_seconds(resource.property("buffer_seconds").parse().unwrap_or(60))
        .size_in_mbs(resource.property("buffer_mib").parse().unwrap_or(5))
        .build()
}

/// Makes an existing resource of this pipeline match `resource`.
pub async fn update(
    clients: &Clients,
    desired: &Desired,
    resource: &Resource,
    observed: &Observed,
) -> Result<(), AwsError> {
    let what = format!("updating {} {}", resource.kind.noun(), resource.name);
    let name = resource.name.as_str();
    match resource.kind {
        // The bucket's settings are made once, when Sluice creates it.
        ResourceKind::Bucket => {}
        ResourceKind::Object => put_object(clients, desired, resource).await?,
        ResourceKind::Database => {
            let input = glue::DatabaseInput::builder()
                .name(name)
                .description(resource.property("description"))
                .build()
                .map_err(|e| AwsError {
                    message: format!("{what}: {e}"),
                })?;
            clients
                .glue
                .update_database()
                .name(name)
                .database_input(input)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Ruleset => {
            clients
                .glue
                .update_data_quality_ruleset()
                .name(name)
                .ruleset(resource.property("ruleset"))
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Crawler => {
            let (targets, policy, recrawl) = crawler_parts(resource);
            let schedule = resource.property("schedule");
            clients
                .glue
                .update_crawler()
                .name(name)
                .role(resource.property("role"))
                .database_name(resource.property("database"))
                .targets(targets)
                .schedule(schedule)
                .schema_change_policy(policy)
                .recrawl_policy(recrawl)
                .configuration(resource.property("configuration"))
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Job => {
            let update = glue::JobUpdate::builder()
                .role(resource.property("role"))
                .command(job_command(resource))
                .glue_version(resource.property("glue_version"))
                .worker_type(glue::WorkerType::from(resource.property("worker_type")))
                .number_of_workers(resource.property("workers").parse().unwrap_or(2))
                .set_default_arguments(Some(job_arguments(resource)))
                .set_code_gen_configuration_nodes(resource.visual.clone())
                .build();
            clients
                .glue
                .update_job()
                .job_name(name)
                .job_update(update)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Trigger => {
            if resource.property("type")
                != observed.properties.get("type").map_or("", String::as_str)
            {
                // A trigger's type cannot change: it is made again.
                delete(clients, desired, observed).await?;
                return create(clients, desired, resource).await;
            }
            let mut update = glue::TriggerUpdate::builder().actions(
                glue::Action::builder()
                    .job_name(resource.property("job"))
                    .build(),
            );
            update = match resource.property("type") {
                "CONDITIONAL" => update.predicate(predicate(resource)),
                _ => update.schedule(resource.property("schedule")),
            };
            clients
                .glue
                .update_trigger()
                .name(name)
                .trigger_update(update.build())
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Stream => {
            clients
                .kinesis
                .update_shard_count()
                .stream_name(name)
                .target_shard_count(resource.property("shards").parse().unwrap_or(1))
                .scaling_type(aws_sdk_kinesis::types::ScalingType::UniformScaling)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Delivery => {
            if resource.property("source_stream")
                != observed
                    .properties
                    .get("source_stream")
                    .map_or("", String::as_str)
            {
                // Where a delivery reads from cannot change: it is made again.
                delete(clients, desired, observed).await?;
                return create(clients, desired, resource).await;
            }
            let described = clients
                .firehose
                .describe_delivery_stream()
                .delivery_stream_name(name)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
            let Some(description) = described.delivery_stream_description() else {
                return Ok(());
            };
            let destination = description
                .destinations()
                .first()
                .map(|d| d.destination_id().to_string())
                .unwrap_or_default();
            clients
                .firehose
                .update_destination()
                .delivery_stream_name(name)
                .current_delivery_stream_version_id(description.version_id())
                .destination_id(destination)
                .extended_s3_destination_update(
                    fh::ExtendedS3DestinationUpdate::builder()
                        .role_arn(resource.property("role"))
                        .bucket_arn(format!("arn:aws:s3:::{}", resource.property("bucket")))
                        .prefix(resource.property("prefix"))
                        .buffering_hints(buffering(resource))
                        .compression_format(fh::CompressionFormat::Uncompressed)
                        .build(),
                )
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
    }
    Ok(())
}

/// Removes a resource of this pipeline (a bucket only once nothing is left in it).
pub async fn delete(
    clients: &Clients,
    desired: &Desired,
    observed: &Observed,
) -> Result<(), AwsError> {
    let what = format!("deleting {} {}", observed.kind.noun(), observed.name);
    let name = observed.name.as_str();
    match observed.kind {
        ResourceKind::Bucket => {
            clients
                .s3
                .delete_bucket()
                .bucket(name)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Object => {
            clients
                .s3
                .delete_object()
                .bucket(bucket_of(desired))
                .key(name)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Database => {
            clients
                .glue
                .delete_database()
                .name(name)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Ruleset => {
            clients
                .glue
                .delete_data_quality_ruleset()
                .name(name)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Crawler => {
            clients
                .glue
                .delete_crawler()
                .name(name)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Job => {
            clients
                .glue
                .delete_job()
                .job_name(name)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Trigger => {
            clients
                .glue
                .delete_trigger()
                .name(name)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Stream => {
            clients
                .kinesis
                .delete_stream()
                .stream_name(name)
                .enforce_consumer_deletion(true)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
        ResourceKind::Delivery => {
            clients
                .firehose
                .delete_delivery_stream()
                .delivery_stream_name(name)
                .send()
                .await
                .map_err(|e| failed(&what, clients, e))?;
        }
    }
    Ok(())
}
