//! Throughput: events a second against the capacity of the streams on the way (a Kinesis shard
//! takes 1,000 records a second), or rows within a time against the runs' durations.

use super::delay::Context;
use super::paths::worst_path;
use super::{RequirementCheck, RequirementStatus, arithmetic, verdict};
use crate::model::requirement::ThroughputTarget;
use crate::model::timing::Platform;
use crate::model::{Node, Requirement};

/// Records a second one Kinesis shard takes.
pub const KINESIS_RECORDS_PER_SHARD_PER_SECOND: f64 = 1_000.0;

pub fn check(
    context: &Context<'_>,
    requirement: &Requirement,
    target: &ThroughputTarget,
    check: &mut RequirementCheck,
) {
    let pipeline = context.pipeline;
    match target {
        ThroughputTarget::EventsPerSecond(rate) => {
            check.budget = Some(format!("{rate} events/s"));
            let mut upstream: Vec<&Node> = Vec::new();
            for node in &requirement.applies_to {
                let mut ids = crate::model::graph::upstream_of(pipeline, node.as_str());
                ids.insert(node.to_string());
                upstream.extend(ids.iter().filter_map(|id| pipeline.node(id)));
            }
            let streams: Vec<&Node> = upstream
                .into_iter()
                .filter(|n| n.timing.platform == Some(Platform::Kinesis))
                .collect();
            if streams.is_empty() {
                check.status = RequirementStatus::Unmeasured;
                check.explain("no Kinesis stream leads here, so nothing bounds the rate before a run; a stream's shards decide it");
                return;
            }
            for stream in streams {
                let id = stream.id.as_str();
                check.add_nodes([id]);
                let shards = stream.timing.shards.unwrap_or(1);
                let capacity = f64::from(shards) * KINESIS_RECORDS_PER_SHARD_PER_SECOND;
                let assumed = if stream.timing.shards.is_none() {
                    " (no `shards` given: 1 assumed)"
                } else {
                    ""
                };
                let shards = match shards {
                    1 => "1 shard".to_string(),
                    n => format!("{n} shards"),
                };
                if capacity < *rate {
                    check.worsen(RequirementStatus::Fail);
                    let needed = (rate / KINESIS_RECORDS_PER_SHARD_PER_SECOND).ceil();
                    check.explain(format!(
                        "`{id}`: {shards} × 1,000 records/s = {capacity} records/s < {rate} events/s{assumed}; give it {needed} shards"
                    ));
                } else {
                    check.explain(format!(
                        "`{id}`: {shards} × 1,000 records/s = {capacity} records/s ≥ {rate} events/s{assumed}"
                    ));
                }
            }
            check.estimate = None;
        }
        ThroughputTarget::RowsWithin { rows, within } => {
            check.budget = Some(format!("{rows} rows within {within}"));
            for node in &requirement.applies_to {
                let id = node.as_str();
                // The runs of every node on the worst path, one after the other.
                let durations = |context: &Context<'_>, node: &Node| {
                    let mut delays = context.delays(node, false);
                    delays.terms.retain(|t| t.label.starts_with("run of"));
                    delays
                };
                let Some(path) = worst_path(context, id, None, &durations) else {
                    continue;
                };
                check.follow(&path);
                if path.terms.is_empty() {
                    check.status = check.status.max(RequirementStatus::Unmeasured);
                    check.explain(format!(
                        "no run of the path to `{id}` is measured or expected yet; run the pipeline once, or set expected_duration"
                    ));
                    continue;
                }
                let total = path.total();
                let (status, comparison) = verdict(total, *within);
                check.worsen(status);
                let terms = arithmetic(&path.terms);
                check.explain(format!("writing `{id}`: {terms} = {comparison}"));
                check.estimate = Some(format!("{total}"));
            }
        }
    }
}
