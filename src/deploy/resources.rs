//! What a pipeline should be in AWS: every resource a deploy makes (the bucket, uploads, the Glue
//! database, crawlers, jobs, triggers and data-quality rulesets, Kinesis and Firehose streams),
//! named, each with the properties a plan compares against what the account holds, and the
//! checks that block a deploy (names AWS refuses, schedules it cannot read, jobs with no script,
//! requirements the deployed form cannot meet).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::codegen::{Script, generate_script};
use super::segments::{DeployLayout, Placement, glue_job_name};
use super::visual::{summary as visual_summary, visual_graph};
use crate::engine::PipelinePlan;
use crate::engine::params::Params;
use crate::engine::requirements::schedule::parse_schedule;
use crate::engine::sources::{SourceFormat, discover_files};
use crate::model::deploy_settings::{DeploySettings, PIPELINE_TAG};
use crate::model::duration::Seconds;
use crate::model::{KindId, Node, Pipeline};

/// The kinds of resource a deploy makes, in the order they are made (deleted in reverse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Bucket,
    Object,
    Database,
    Ruleset,
    Crawler,
    Job,
    Trigger,
    Stream,
    Delivery,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 9] = [
        Self::Bucket,
        Self::Object,
        Self::Database,
        Self::Ruleset,
        Self::Crawler,
        Self::Job,
        Self::Trigger,
        Self::Stream,
        Self::Delivery,
    ];

    /// The resource in words: "Glue job".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Bucket => "S3 bucket",
            Self::Object => "S3 object",
            Self::Database => "Glue database",
            Self::Ruleset => "Glue data-quality ruleset",
            Self::Crawler => "Glue crawler",
            Self::Job => "Glue job",
            Self::Trigger => "Glue trigger",
            Self::Stream => "Kinesis data stream",
            Self::Delivery => "Firehose delivery stream",
        }
    }
}

/// One resource as the pipeline wants it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub kind: ResourceKind,
    pub name: String,
    /// The node it comes from; a job's is its segment's name.
    pub node: Option<String>,
    /// What a plan compares, each as canonical text (lists one item per line).
    pub properties: BTreeMap<String, String>,
    /// An object's bytes.
    pub body: Option<Vec<u8>>,
    /// A job's graph as Glue Studio's visual nodes, when every node has a counterpart.
    pub visual: Option<super::visual::VisualGraph>,
}

impl Resource {
    fn new(kind: ResourceKind, name: impl Into<String>, node: Option<&str>) -> Self {
        Self {
            kind,
            name: name.into(),
            node: node.map(str::to_string),
            properties: BTreeMap::new(),
            body: None,
            visual: None,
        }
    }

    fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.properties.insert(key.to_string(), value.into());
        self
    }

    /// Property `key`, or the empty text.
    pub fn property(&self, key: &str) -> &str {
        self.properties.get(key).map_or("", String::as_str)
    }
}

/// Something that stops a deploy, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Blocker {
    /// What it is about: a node, a resource name or a requirement.
    pub subject: String,
    pub reason: String,
    /// A requirement the deployed form cannot meet, which `--accept-unmet` lets through.
    pub overridable: bool,
}

/// Everything the pipeline wants in AWS.
#[derive(Debug, Clone, Default)]
pub struct Desired {
    pub pipeline: String,
    pub bucket: String,
    /// The key prefix everything goes under, ending in `/`.
    pub prefix: String,
    pub account: String,
    pub region: String,
    pub tags: BTreeMap<String, String>,
    pub resources: Vec<Resource>,
    pub scripts: Vec<Script>,
    /// Nodes that run only in Sluice, with the reason.
    pub local_only: Vec<(String, String)>,
    /// Jobs that stay script-only in Glue Studio, by the node with no visual counterpart.
    pub script_only: Vec<(String, super::visual::ScriptOnly)>,
    pub blockers: Vec<Blocker>,
}

impl Desired {
    pub fn find(&self, kind: ResourceKind, name: &str) -> Option<&Resource> {
        self.resources
            .iter()
            .find(|r| r.kind == kind && r.name == name)
    }
}

/// What a deploy needs to know besides the pipeline.
pub struct DesiredInput<'a> {
    pub pipeline: &'a Pipeline,
    /// The pipeline's id: its file name without `.sluice.toml`.
    pub pipeline_id: &'a str,
    pub pipeline_file_name: &'a str,
    pub plan: &'a PipelinePlan,
    pub layout: &'a DeployLayout,
    pub settings: &'a DeploySettings,
    /// The region the SDK will use.
    pub region: &'a str,
    /// Upload the files the deployed sources and crawlers read.
    pub with_data: bool,
    /// Requirement checks of the pipeline (static), by requirement id: failed ones and why.
    pub unmet_requirements: &'a [(String, String)],
}

/// The object key of `relative` (a pipeline path) under the deploy prefix; an `s3://` URI's own.
pub fn s3_key(settings: &DeploySettings, relative: &str) -> String {
    match relative.strip_prefix("s3://") {
        Some(uri) => uri.split_once('/').map_or("", |(_, key)| key).to_string(),
        None => format!(
            "{}{}",
            settings.prefix,
            relative.trim_start_matches("./").trim_start_matches('/')
        ),
    }
}

/// The S3 URI of `relative` (a pipeline path) under the deploy prefix.
pub fn s3_uri(settings: &DeploySettings, relative: &str) -> String {
    if relative.starts_with("s3://") {
        return relative.to_string();
    }
    format!("s3://{}/{}", settings.bucket, s3_key(settings, relative))
}

/// The account a role ARN (`arn:aws:iam::ACCOUNT:role/NAME`) belongs to: the deploy's.
pub fn account_of(role_arn: &str) -> String {
    role_arn.split(':').nth(4).unwrap_or_default().to_string()
}

/// A hex SHA-256 of `bytes`: what an upload is compared by.
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every resource `input` wants, and what blocks it.
pub fn desired(input: &DesiredInput) -> Desired {
    let DesiredInput {
        pipeline,
        pipeline_id,
        settings,
        layout,
        ..
    } = *input;
    let mut tags = settings.tags.clone();
    tags.insert(PIPELINE_TAG.to_string(), pipeline_id.to_string());
    let mut out = Desired {
        pipeline: pipeline_id.to_string(),
        bucket: settings.bucket.clone(),
        prefix: settings.prefix.clone(),
        account: account_of(&settings.role_arn),
        region: input.region.to_string(),
        tags,
        ..Desired::default()
    };
    out.resources.push(
        Resource::new(ResourceKind::Bucket, &settings.bucket, None)
            .with("encryption", "AES256")
            .with("public_access", "blocked"),
    );
    let name = |node: &str| format!("{pipeline_id}-{node}");
    let nodes_by_id: BTreeMap<&str, &Node> =
        pipeline.nodes.iter().map(|n| (n.id.as_str(), n)).collect();

    // Glue jobs, their scripts and their rulesets.
    for job in &layout.jobs {
        let glue_job = glue_job_name(pipeline_id, &job.name);
        let script = match generate_script(
            pipeline,
            input.pipeline_file_name,
            input.plan,
            job,
            &glue_job,
        ) {
            Ok(script) => script,
            Err(error) => {
                out.blockers.push(Blocker {
                    subject: error.node.clone(),
                    reason: format!("job `{glue_job}` has no script: {}", error.message),
                    overridable: false,
                });
                continue;
            }
        };
        let key = s3_key(settings, &format!("scripts/{}", script.file_name()));
        let mut object = Resource::new(ResourceKind::Object, &key, Some(&job.name))
            .with("digest", digest(script.text.as_bytes()));
        object.body = Some(script.text.clone().into_bytes());
        out.resources.push(object);
        let root = s3_uri(settings, "");
        // Sorted by name: the order AWS gives them back in is compared.
        let arguments = [
            ("--TempDir", s3_uri(settings, "temporary/")),
            ("--input_root", root.clone()),
            ("--job-language", "python".to_string()),
            ("--output_root", root.clone()),
        ];
        let visual = match visual_graph(pipeline, input.plan, job, settings) {
            Ok(graph) => Some(graph),
            Err(missing) => {
                out.script_only
                    .extend(missing.into_iter().map(|m| (glue_job.clone(), m)));
                None
            }
        };
        let mut job_resource = Resource::new(ResourceKind::Job, &glue_job, Some(&job.name)).with(
            "visual",
            visual
                .as_ref()
                .map_or_else(|| "script only".to_string(), visual_summary),
        );
        job_resource.visual = visual;
        out.resources.push(
            job_resource
                .with("role", &settings.role_arn)
                .with("script", format!("s3://{}/{key}", settings.bucket))
                .with("glue_version", &settings.glue_version)
                .with("worker_type", &settings.worker_type)
                .with("workers", settings.workers.to_string())
                .with(
                    "arguments",
                    arguments
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
        );
        for id in &job.nodes {
            let Some(node) = nodes_by_id.get(id.as_str()) else {
                continue;
            };
            if node.kind.0.id == KindId::DataQuality {
                let rules = Params::of(node).text("rules").unwrap_or_default();
                out.resources.push(
                    Resource::new(ResourceKind::Ruleset, name(id), Some(id))
                        .with("ruleset", rules.trim()),
                );
            }
        }
        out.scripts.push(script);
    }
    if input.with_data {
        for (key, bytes) in data_files(input) {
            let mut object =
                Resource::new(ResourceKind::Object, &key, None).with("digest", digest(&bytes));
            object.body = Some(bytes);
            out.resources.push(object);
        }
    }

    // Crawlers and their databases.
    let mut databases = BTreeSet::new();
    for node in &pipeline.nodes {
        if layout.placements.get(node.id.as_str()) != Some(&Placement::Crawler) {
            continue;
        }
        let params = Params::of(node);
        let database = params.text("database").unwrap_or_default();
        databases.insert(database.clone());
        let targets: Vec<String> = params
            .texts("targets")
            .unwrap_or_default()
            .iter()
            .map(|t| {
                let uri = s3_uri(settings, t);
                if uri.ends_with('/') {
                    uri
                } else {
                    format!("{uri}/")
                }
            })
            .collect();
        let schedule = params
            .optional_text("schedule")
            .ok()
            .flatten()
            .unwrap_or_default();
        if !schedule.is_empty()
            && let Err(why) = parse_schedule(&schedule)
        {
            out.blockers.push(Blocker {
                subject: node.id.to_string(),
                reason: format!("its schedule cannot be read: {why}"),
                overridable: false,
            });
        }
        let recrawl = match params.text("recrawl").unwrap_or_default().as_str() {
            "crawl_new_folders_only" => "CRAWL_NEW_FOLDERS_ONLY",
            _ => "CRAWL_EVERYTHING",
        };
        let (update, delete) = if recrawl == "CRAWL_NEW_FOLDERS_ONLY" {
            ("LOG".to_string(), "LOG".to_string())
        } else {
            (
                params
                    .text("update_behavior")
                    .unwrap_or_default()
                    .to_uppercase(),
                params
                    .text("delete_behavior")
                    .unwrap_or_default()
                    .to_uppercase(),
            )
        };
        out.resources.push(
            Resource::new(
                ResourceKind::Crawler,
                name(node.id.as_str()),
                Some(node.id.as_str()),
            )
            .with("role", &settings.role_arn)
            .with("database", &database)
            .with("targets", targets.join("\n"))
            .with("schedule", schedule)
            .with("update_behavior", update)
            .with("delete_behavior", delete)
            .with("recrawl", recrawl)
            .with("configuration", crawler_configuration(node)),
        );
    }
    for database in databases {
        out.resources
            .push(Resource::new(ResourceKind::Database, &database, None).with(
                "description",
                format!("Tables crawled for Sluice pipeline {pipeline_id}"),
            ));
    }

    // Triggers: after the crawlers and jobs a job reads from, else on the job's schedule.
    let sink_paths: Vec<(String, String)> = layout
        .jobs
        .iter()
        .flat_map(|job| {
            job.nodes.iter().filter_map(|id| {
                let node = nodes_by_id.get(id.as_str())?;
                node.kind
                    .0
                    .is_sink()
                    .then(|| Params::of(node).text("path").ok())
                    .flatten()
                    .map(|path| (path, job.name.clone()))
            })
        })
        .collect();
    for job in &layout.jobs {
        let glue_job = glue_job_name(pipeline_id, &job.name);
        let mut after: Vec<String> = job
            .after_crawlers
            .iter()
            .map(|c| format!("crawler {}", name(c)))
            .collect();
        for id in &job.nodes {
            let Some(node) = nodes_by_id.get(id.as_str()) else {
                continue;
            };
            if node.kind.0.category != crate::model::Category::Source {
                continue;
            }
            let Ok(path) = Params::of(node).text("path") else {
                continue;
            };
            for (written, writer) in &sink_paths {
                if *writer != job.name
                    && (path == *written || path.starts_with(&format!("{written}/")))
                {
                    after.push(format!("job {}", glue_job_name(pipeline_id, writer)));
                }
            }
        }
        after.sort();
        after.dedup();
        let schedule = job
            .nodes
            .iter()
            .filter_map(|id| nodes_by_id.get(id.as_str()))
            .find_map(|n| n.timing.schedule.clone());
        let trigger = if !after.is_empty() {
            Some(
                Resource::new(
                    ResourceKind::Trigger,
                    format!("{glue_job}-after"),
                    Some(&job.name),
                )
                .with("type", "CONDITIONAL")
                .with("after", after.join("\n"))
                .with("job", &glue_job),
            )
        } else {
            schedule.map(|schedule| {
                if let Err(why) = parse_schedule(&schedule) {
                    out.blockers.push(Blocker {
                        subject: job.name.clone(),
                        reason: format!("the job's schedule cannot be read: {why}"),
                        overridable: false,
                    });
                }
                Resource::new(
                    ResourceKind::Trigger,
                    format!("{glue_job}-schedule"),
                    Some(&job.name),
                )
                .with("type", "SCHEDULED")
                .with("schedule", schedule)
                .with("job", &glue_job)
            })
        };
        out.resources.extend(trigger);
    }

    // Streams and deliveries.
    for node in &pipeline.nodes {
        let id = node.id.as_str();
        match layout.placements.get(id) {
            Some(Placement::KinesisStream) => {
                let stream = stream_name(node, pipeline_id);
                out.resources.push(
                    Resource::new(ResourceKind::Stream, stream, Some(id))
                        .with("shards", node.timing.shards.unwrap_or(1).to_string()),
                );
            }
            Some(Placement::KinesisSink) => {
                let stream = Params::of(node)
                    .optional_text("stream_name")
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| name(id));
                out.resources.push(
                    Resource::new(ResourceKind::Stream, stream, Some(id))
                        .with("shards", node.timing.shards.unwrap_or(1).to_string()),
                );
            }
            Some(Placement::Firehose) => {
                let params = Params::of(node);
                let path = params.text("path").unwrap_or_default();
                let interval = params
                    .text("buffer_interval")
                    .ok()
                    .and_then(|t| Seconds::parse(&t).ok())
                    .map_or(60.0, |s| s.0);
                let size = params.float("buffer_size_mib").unwrap_or(5.0);
                if !(0.0..=900.0).contains(&interval) {
                    out.blockers.push(Blocker {
                        subject: id.to_string(),
                        reason: format!(
                            "Firehose buffers for 0 to 900 s, not {interval} s (buffer_interval)"
                        ),
                        overridable: false,
                    });
                }
                if !(1.0..=128.0).contains(&size) {
                    out.blockers.push(Blocker {
                        subject: id.to_string(),
                        reason: format!(
                            "Firehose buffers 1 to 128 MiB, not {size} MiB (buffer_size_mib)"
                        ),
                        overridable: false,
                    });
                }
                let source = node
                    .inputs
                    .values()
                    .flatten()
                    .find_map(|input| {
                        let upstream = nodes_by_id.get(input.node.as_str())?;
                        (layout.placements.get(input.node.as_str())
                            == Some(&Placement::KinesisStream))
                        .then(|| stream_name(upstream, pipeline_id))
                    })
                    .unwrap_or_default();
                let prefix = s3_key(settings, &path).trim_end_matches('/').to_string();
                out.resources.push(
                    Resource::new(ResourceKind::Delivery, name(id), Some(id))
                        .with("source_stream", source)
                        .with("bucket", &settings.bucket)
                        .with("prefix", format!("{prefix}/"))
                        .with("buffer_seconds", format!("{}", interval.round() as i64))
                        .with("buffer_mib", format!("{}", size.round().max(1.0) as i64))
                        .with("role", &settings.role_arn),
                );
            }
            Some(Placement::LocalOnly(reason)) => {
                out.local_only.push((id.to_string(), reason.clone()));
            }
            Some(Placement::Job(_) | Placement::Crawler) | None => {}
        }
    }
    check_names(&mut out);
    for (requirement, why) in input.unmet_requirements {
        out.blockers.push(Blocker {
            subject: requirement.clone(),
            reason: format!("the deployed pipeline cannot meet it: {why}"),
            overridable: true,
        });
    }
    out
}

/// The Kinesis stream a stream source reads: a Kinesis source's own, else `<pipeline>-<node>`.
fn stream_name(node: &Node, pipeline_id: &str) -> String {
    if node.kind.0.id == KindId::KinesisSource
        && let Ok(Some(stream)) = Params::of(node).optional_text("stream_name")
    {
        return stream;
    }
    format!("{pipeline_id}-{}", node.id)
}

/// A crawler's `Configuration` JSON: table grouping and table level, as Glue reads them.
fn crawler_configuration(node: &Node) -> String {
    let params = Params::of(node);
    let mut configuration = serde_json::Map::new();
    let mut grouping = serde_json::Map::new();
    if params.flag("combine_compatible_schemas").unwrap_or(false) {
        grouping.insert(
            "TableGroupingPolicy".into(),
            serde_json::Value::from("CombineCompatibleSchemas"),
        );
    }
    if let Ok(level) = params.int("table_level") {
        grouping.insert(
            "TableLevelConfiguration".into(),
            serde_json::Value::from(level),
        );
    }
    if params.flag("merge_new_columns").unwrap_or(false) {
        configuration.insert(
            "CrawlerOutput".into(),
            serde_json::json!({ "Tables": { "AddOrUpdateBehavior": "MergeNewColumns" } }),
        );
    }
    if !grouping.is_empty() {
        configuration.insert("Grouping".into(), serde_json::Value::Object(grouping));
    }
    if configuration.is_empty() {
        return String::new();
    }
    configuration.insert("Version".into(), serde_json::Value::from(1.0));
    serde_json::Value::Object(configuration).to_string()
}

/// The files the deployed sources and crawlers read, as (key, bytes) under the prefix.
fn data_files(input: &DesiredInput) -> Vec<(String, Vec<u8>)> {
    let base = &input.plan.base_dir;
    let mut files: BTreeSet<std::path::PathBuf> = BTreeSet::new();
    for node in &input.pipeline.nodes {
        let format = match node.kind.0.id {
            KindId::CsvSource => SourceFormat::Csv,
            KindId::ParquetSource => SourceFormat::Parquet,
            KindId::JsonSource => SourceFormat::Json,
            KindId::Crawler => {
                if input.layout.placements.get(node.id.as_str()) == Some(&Placement::Crawler) {
                    for target in Params::of(node).texts("targets").unwrap_or_default() {
                        if !target.starts_with("s3://") {
                            walk(&base.join(target), &mut files);
                        }
                    }
                }
                continue;
            }
            _ => continue,
        };
        if input.layout.job_of(node.id.as_str()).is_none() {
            continue;
        }
        if let Ok(found) = discover_files(format, node, base) {
            files.extend(found.files);
        }
    }
    files
        .into_iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(base).ok()?;
            let key = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(&file).ok()?;
            Some((s3_key(input.settings, &key), bytes))
        })
        .collect()
}

fn walk(path: &Path, files: &mut BTreeSet<std::path::PathBuf>) {
    if path.is_file() {
        files.insert(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            walk(&entry.path(), files);
        }
    }
}

/// AWS's limits on names, as blockers.
fn check_names(out: &mut Desired) {
    let mut problems = Vec::new();
    for resource in &out.resources {
        let name = &resource.name;
        let (limit, allowed): (usize, fn(char) -> bool) = match resource.kind {
            ResourceKind::Bucket => continue,
            ResourceKind::Object => (1024, |_| true),
            ResourceKind::Database => (255, |c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
            }),
            ResourceKind::Ruleset
            | ResourceKind::Crawler
            | ResourceKind::Job
            | ResourceKind::Trigger => (255, |c| !c.is_control()),
            ResourceKind::Stream => (128, |c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
            ResourceKind::Delivery => (64, |c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
        };
        if name.len() > limit {
            problems.push(Blocker {
                subject: name.clone(),
                reason: format!(
                    "a {} name has at most {limit} characters; this one has {}",
                    resource.kind.noun(),
                    name.len()
                ),
                overridable: false,
            });
        } else if let Some(bad) = name.chars().find(|c| !allowed(*c)) {
            problems.push(Blocker {
                subject: name.clone(),
                reason: format!("a {} name cannot hold `{bad}`", resource.kind.noun()),
                overridable: false,
            });
        }
    }
    out.blockers.extend(problems);
}

/// The ARN of resource `name` of `kind`.
pub fn arn_of(desired: &Desired, kind: ResourceKind, name: &str) -> String {
    let (region, account) = (&desired.region, &desired.account);
    match kind {
        ResourceKind::Bucket => format!("arn:aws:s3:::{name}"),
        ResourceKind::Object => format!("arn:aws:s3:::{}/{name}", desired.bucket),
        ResourceKind::Database => format!("arn:aws:glue:{region}:{account}:database/{name}"),
        ResourceKind::Ruleset => {
            format!("arn:aws:glue:{region}:{account}:dataQualityRuleset/{name}")
        }
        ResourceKind::Crawler => format!("arn:aws:glue:{region}:{account}:crawler/{name}"),
        ResourceKind::Job => format!("arn:aws:glue:{region}:{account}:job/{name}"),
        ResourceKind::Trigger => format!("arn:aws:glue:{region}:{account}:trigger/{name}"),
        ResourceKind::Stream => format!("arn:aws:kinesis:{region}:{account}:stream/{name}"),
        ResourceKind::Delivery => {
            format!("arn:aws:firehose:{region}:{account}:deliverystream/{name}")
        }
    }
}
