//! Where each node of a pipeline goes when it deploys to AWS: batch nodes into Glue jobs (one
//! job per connected batch segment), crawlers into Glue crawlers, stream sources into Kinesis
//! data streams, deliveries into Firehose, and the nodes with no AWS counterpart yet kept local,
//! each with the reason.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::graph::topological_order;
use crate::model::{KindId, Pipeline};

/// What a node of a kind becomes in AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeployRole {
    /// A step of a Glue job's script.
    Batch,
    /// A Glue crawler.
    Crawler,
    /// A Kinesis data stream the events arrive on.
    StreamSource,
    /// A Firehose delivery stream into the lake.
    Firehose,
    /// Records put on a Kinesis data stream.
    KinesisSink,
    /// Runs only in Sluice, for this reason.
    LocalOnly(&'static str),
}

/// What nodes of `kind` become in AWS.
#[deny(clippy::wildcard_enum_match_arm)]
pub fn deploy_role(kind: KindId) -> DeployRole {
    const STREAM_OPERATOR: &str = "stream operators run in Sluice's stream runtime; a Glue \
        streaming job or a Lambda function for them is not generated yet";
    match kind {
        KindId::CsvSource
        | KindId::ParquetSource
        | KindId::JsonSource
        | KindId::CatalogSource
        | KindId::ChangeSchema
        | KindId::SelectFields
        | KindId::DropFields
        | KindId::RenameField
        | KindId::Cast
        | KindId::Filter
        | KindId::DerivedColumn
        | KindId::Join
        | KindId::Union
        | KindId::Aggregate
        | KindId::DropDuplicates
        | KindId::DropNullFields
        | KindId::DropNullRows
        | KindId::FillMissing
        | KindId::Sort
        | KindId::Limit
        | KindId::Sample
        | KindId::Sql
        | KindId::ConditionalRouter
        | KindId::DataQuality
        | KindId::SplitFields
        | KindId::Flatten
        | KindId::Explode
        | KindId::CsvSink
        | KindId::ParquetSink => DeployRole::Batch,
        KindId::Crawler => DeployRole::Crawler,
        KindId::RecommenderTrain => DeployRole::LocalOnly(
            "training the recommender has no Glue counterpart yet (SageMaker would train it); \
             it trains where Sluice runs",
        ),
        KindId::ClickstreamSource | KindId::StreamReplay | KindId::KinesisSource => {
            DeployRole::StreamSource
        }
        KindId::Delivery => DeployRole::Firehose,
        KindId::KinesisSink => DeployRole::KinesisSink,
        KindId::Recommend | KindId::Serve => DeployRole::LocalOnly(
            "the serving function (Kinesis -> Lambda -> vector store lookup) is not generated \
             yet; it serves where Sluice runs",
        ),
        KindId::ToTable => DeployRole::LocalOnly(
            "a stream's collected table has no Glue counterpart; deliver the stream to the lake \
             and read the lake with a source for the batch nodes after it to deploy",
        ),
        KindId::StreamFilter | KindId::StreamMap | KindId::StreamWindow | KindId::LookupJoin => {
            DeployRole::LocalOnly(STREAM_OPERATOR)
        }
    }
}

/// Where one node goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// A step of the job at this index of [`DeployLayout::jobs`].
    Job(usize),
    Crawler,
    KinesisStream,
    Firehose,
    KinesisSink,
    /// Runs only in Sluice.
    LocalOnly(String),
}

/// One Glue job: batch nodes wired together, with at least one sink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSegment {
    /// The job's name within the pipeline: its first sink's id.
    pub name: String,
    /// Its nodes, inputs before the nodes that read them.
    pub nodes: Vec<String>,
    /// The crawlers whose catalog its catalog sources read: the job runs after them.
    pub after_crawlers: Vec<String>,
}

/// Every node's place in AWS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployLayout {
    pub jobs: Vec<JobSegment>,
    /// Every node, by id.
    pub placements: BTreeMap<String, Placement>,
}

impl DeployLayout {
    /// The job node `id` is a step of.
    pub fn job_of(&self, id: &str) -> Option<&JobSegment> {
        match self.placements.get(id) {
            Some(Placement::Job(index)) => self.jobs.get(*index),
            _ => None,
        }
    }

    /// The job named `name`.
    pub fn job(&self, name: &str) -> Option<&JobSegment> {
        self.jobs.iter().find(|job| job.name == name)
    }
}

/// The Glue job's name for segment `job` of pipeline `pipeline_id`: `<pipeline>-<job>`.
pub fn glue_job_name(pipeline_id: &str, job: &str) -> String {
    format!("{pipeline_id}-{job}")
}

/// Where each node of `pipeline` goes. A batch node deploys when everything it reads deploys
/// too (batch nodes, or a crawler's catalog); one that reads a local-only node stays local.
pub fn deploy_layout(pipeline: &Pipeline) -> DeployLayout {
    let order: Vec<usize> =
        topological_order(pipeline).unwrap_or_else(|_| (0..pipeline.nodes.len()).collect());
    let mut placements: BTreeMap<String, Placement> = BTreeMap::new();
    let mut batch: BTreeSet<String> = BTreeSet::new();
    for &index in &order {
        let node = &pipeline.nodes[index];
        let id = node.id.to_string();
        let placement = match deploy_role(node.kind.0.id) {
            DeployRole::Batch => {
                let local_input = node.inputs.values().flatten().find(|input| {
                    !matches!(
                        placements.get(input.node.as_str()),
                        Some(Placement::Job(_) | Placement::Crawler)
                    )
                });
                let quality_results = node.inputs.values().flatten().find(|input| {
                    input.port.as_str() == "results"
                        && pipeline
                            .nodes
                            .iter()
                            .any(|n| n.id == input.node && n.kind.0.id == KindId::DataQuality)
                });
                match (local_input, quality_results) {
                    (Some(input), _) => Placement::LocalOnly(format!(
                        "it reads `{}`, which does not deploy",
                        input.node
                    )),
                    (None, Some(input)) => Placement::LocalOnly(format!(
                        "it reads `{}.results`: Glue Data Quality publishes its results to the \
                         console and CloudWatch, not as a table",
                        input.node
                    )),
                    (None, None) => {
                        batch.insert(id.clone());
                        // The segment is found below; the index is a placeholder until then.
                        Placement::Job(usize::MAX)
                    }
                }
            }
            DeployRole::Crawler => Placement::Crawler,
            DeployRole::StreamSource => Placement::KinesisStream,
            DeployRole::Firehose => Placement::Firehose,
            DeployRole::KinesisSink => Placement::KinesisSink,
            DeployRole::LocalOnly(reason) => Placement::LocalOnly(reason.to_string()),
        };
        placements.insert(id, placement);
    }
    let (jobs, unwritten) = segments(pipeline, &order, &batch);
    for id in unwritten {
        placements.insert(
            id,
            Placement::LocalOnly(
                "nothing after it is written by a deployed sink, so a Glue job would write nothing"
                    .to_string(),
            ),
        );
    }
    for (index, job) in jobs.iter().enumerate() {
        for id in &job.nodes {
            placements.insert(id.clone(), Placement::Job(index));
        }
    }
    DeployLayout { jobs, placements }
}

/// The batch nodes grouped by the wires between them, each group in evaluation order; and the
/// nodes of groups with no sink, which would write nothing.
fn segments(
    pipeline: &Pipeline,
    order: &[usize],
    batch: &BTreeSet<String>,
) -> (Vec<JobSegment>, Vec<String>) {
    // Union-find over the batch nodes, joined by every wire between two of them.
    let mut parent: BTreeMap<String, String> =
        batch.iter().map(|id| (id.clone(), id.clone())).collect();
    fn root(parent: &BTreeMap<String, String>, id: &str) -> String {
        let mut at = id.to_string();
        while let Some(up) = parent.get(&at).filter(|up| **up != at) {
            at = up.clone();
        }
        at
    }
    for node in &pipeline.nodes {
        if !batch.contains(node.id.as_str()) {
            continue;
        }
        for input in node.inputs.values().flatten() {
            if batch.contains(input.node.as_str()) {
                let (a, b) = (
                    root(&parent, node.id.as_str()),
                    root(&parent, input.node.as_str()),
                );
                if a != b {
                    parent.insert(a, b);
                }
            }
        }
    }
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for &index in order {
        let node = &pipeline.nodes[index];
        if !batch.contains(node.id.as_str()) {
            continue;
        }
        let group = root(&parent, node.id.as_str());
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, nodes)) => nodes.push(node.id.to_string()),
            None => groups.push((group, vec![node.id.to_string()])),
        }
    }
    let kind_of = |id: &str| pipeline.nodes.iter().find(|n| n.id.as_str() == id);
    let mut unwritten = Vec::new();
    let jobs = groups
        .into_iter()
        .filter_map(|(_, nodes)| {
            let first_sink = pipeline
                .nodes
                .iter()
                .find(|n| n.kind.0.is_sink() && nodes.iter().any(|id| id == n.id.as_str()));
            let Some(first_sink) = first_sink else {
                unwritten.extend(nodes);
                return None;
            };
            let name = first_sink.id.to_string();
            let after_crawlers: BTreeSet<String> = nodes
                .iter()
                .filter_map(|id| kind_of(id))
                .flat_map(|n| n.inputs.values().flatten())
                .filter(|input| {
                    kind_of(input.node.as_str()).is_some_and(|n| n.kind.0.id == KindId::Crawler)
                })
                .map(|input| input.node.to_string())
                .collect();
            Some(JobSegment {
                name,
                nodes,
                after_crawlers: after_crawlers.into_iter().collect(),
            })
        })
        .collect();
    (jobs, unwritten)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::file_format::parse_pipeline;

    fn layout(text: &str) -> DeployLayout {
        let (pipeline, _) = parse_pipeline(text).unwrap_or_else(|e| panic!("{e}"));
        deploy_layout(&pipeline)
    }

    #[test]
    fn connected_batch_nodes_form_one_job_named_after_its_first_sink() {
        let layout = layout(
            r#"
format_version = 1

[[node]]
id = "a"
kind = "csv_source"
path = "a.csv"

[[node]]
id = "b"
kind = "csv_source"
path = "b.csv"

[[node]]
id = "both"
kind = "union"
inputs = { in = ["a", "b"] }

[[node]]
id = "out"
kind = "parquet_sink"
inputs = { in = "both" }
path = "out.parquet"

[[node]]
id = "c"
kind = "csv_source"
path = "c.csv"

[[node]]
id = "c_out"
kind = "csv_sink"
inputs = { in = "c" }
path = "c_out.csv"
"#,
        );
        let names: Vec<&str> = layout.jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["out", "c_out"]);
        assert_eq!(layout.jobs[0].nodes, ["a", "b", "both", "out"]);
        assert_eq!(layout.job_of("c").map(|j| j.name.as_str()), Some("c_out"));
    }

    #[test]
    fn batch_nodes_after_a_local_only_node_stay_local_with_the_reason() {
        let layout = layout(
            r#"
format_version = 1

[[node]]
id = "ratings"
kind = "csv_source"
path = "r.csv"

[[node]]
id = "model"
kind = "recommender_train"
inputs = { ratings = "ratings" }
user_column = "u"
item_column = "i"
rating_column = "r"

[[node]]
id = "neighbours"
kind = "parquet_sink"
inputs = { in = "model.neighbours" }
path = "n.parquet"
"#,
        );
        assert!(
            layout.jobs.is_empty(),
            "the source alone would write nothing"
        );
        assert!(matches!(
            &layout.placements["ratings"],
            Placement::LocalOnly(reason) if reason.contains("write nothing")
        ));
        match &layout.placements["neighbours"] {
            Placement::LocalOnly(reason) => assert!(reason.contains("`model`"), "{reason}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            &layout.placements["model"],
            Placement::LocalOnly(reason) if reason.contains("SageMaker")
        ));
    }
}
