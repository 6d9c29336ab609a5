//! The platforms' limits, as rules with their explanation: what no setting of a node can get
//! past. Some hold for a node alone (a Lambda stops at 15 minutes), some for a requirement on a
//! path (a Glue streaming job cannot meet a sub-second budget).

use super::LimitFinding;
use super::delay::{Context, GLUE_STREAMING_MIN_BATCH};
use crate::model::Node;
use crate::model::duration::Seconds;
use crate::model::requirement::RequirementSpec;
use crate::model::timing::Platform;

/// A platform limit: its name, and why it holds.
#[derive(Debug, Clone, Copy)]
pub struct PlatformLimit {
    pub name: &'static str,
    pub platform: Platform,
    pub explanation: &'static str,
}

/// The longest a Lambda invocation may run.
pub const LAMBDA_MAX_TIMEOUT: Seconds = Seconds(15.0 * 60.0);
/// Firehose's buffering interval bounds.
pub const FIREHOSE_MIN_BUFFER: Seconds = Seconds(60.0);
pub const FIREHOSE_MAX_BUFFER: Seconds = Seconds(900.0);

pub const GLUE_STREAMING_SUB_SECOND: PlatformLimit = PlatformLimit {
    name: "glue_streaming_sub_second",
    platform: Platform::GlueStreaming,
    explanation: "a Glue streaming job runs micro-batches that take about 1-2 s at least; its sub-second real-time mode is for Kafka only, in Scala, without state. For under a second from a Kinesis stream, read it with a Lambda function",
};
pub const LAMBDA_15_MINUTES: PlatformLimit = PlatformLimit {
    name: "lambda_15_minutes",
    platform: Platform::Lambda,
    explanation: "Lambda stops an invocation at 15 minutes; longer work belongs in a Glue job",
};
pub const FIREHOSE_BUFFER_BOUNDS: PlatformLimit = PlatformLimit {
    name: "firehose_buffer_bounds",
    platform: Platform::Firehose,
    explanation: "Firehose buffers between 60 s and 900 s, and between 1 and 128 MiB, before it delivers",
};
pub const FIREHOSE_SUB_MINUTE: PlatformLimit = PlatformLimit {
    name: "firehose_sub_minute",
    platform: Platform::Firehose,
    explanation: "Firehose buffers 60 s at least before it delivers, so a path through it cannot meet a budget under a minute; serve from the stream instead",
};
pub const RUN_OVER_TIMEOUT: PlatformLimit = PlatformLimit {
    name: "run_over_timeout",
    platform: Platform::Lambda,
    explanation: "a node whose run takes longer than its timeout is stopped before it finishes",
};

/// Every platform limit.
pub const PLATFORM_LIMITS: &[PlatformLimit] = &[
    GLUE_STREAMING_SUB_SECOND,
    LAMBDA_15_MINUTES,
    FIREHOSE_BUFFER_BOUNDS,
    FIREHOSE_SUB_MINUTE,
    RUN_OVER_TIMEOUT,
];

fn finding(limit: &PlatformLimit, node: &Node, what: String) -> LimitFinding {
    LimitFinding {
        limit: limit.name,
        node: node.id.to_string(),
        message: format!("`{}`: {what}: {}", node.id, limit.explanation),
    }
}

/// The limits node `node` breaks by its own settings.
pub fn node_findings(context: &Context<'_>, node: &Node) -> Vec<LimitFinding> {
    let timing = &node.timing;
    let mut found = Vec::new();
    let run = context.run_duration(node).map(|t| t.seconds);
    if timing.platform == Some(Platform::Lambda) {
        if let Some(timeout) = &timing.timeout
            && timeout.seconds.0 > LAMBDA_MAX_TIMEOUT.0
        {
            found.push(finding(
                &LAMBDA_15_MINUTES,
                node,
                format!("its timeout is {}", timeout.seconds),
            ));
        }
        if let Some(run) = run
            && run.0 > LAMBDA_MAX_TIMEOUT.0
        {
            found.push(finding(
                &LAMBDA_15_MINUTES,
                node,
                format!("a run takes {run}"),
            ));
        }
    }
    if let (Some(timeout), Some(run)) = (&timing.timeout, run)
        && run.0 > timeout.seconds.0
    {
        found.push(finding(
            &RUN_OVER_TIMEOUT,
            node,
            format!(
                "a run takes {run}, more than its timeout of {}",
                timeout.seconds
            ),
        ));
    }
    if timing.platform == Some(Platform::Firehose) {
        if let Some(interval) = &timing.buffer_interval
            && !(FIREHOSE_MIN_BUFFER.0..=FIREHOSE_MAX_BUFFER.0).contains(&interval.seconds.0)
        {
            found.push(finding(
                &FIREHOSE_BUFFER_BOUNDS,
                node,
                format!("its buffer interval is {}", interval.seconds),
            ));
        }
        if let Some(size) = timing.buffer_size_mib
            && !(1..=128).contains(&size)
        {
            found.push(finding(
                &FIREHOSE_BUFFER_BOUNDS,
                node,
                format!("its buffer size is {size} MiB"),
            ));
        }
    }
    found
}

/// The limits a requirement meets on the nodes of its path.
pub fn findings_for(
    context: &Context<'_>,
    spec: &RequirementSpec,
    nodes: &[String],
) -> Vec<LimitFinding> {
    let on_path: Vec<&Node> = nodes
        .iter()
        .filter_map(|id| context.pipeline.node(id))
        .collect();
    let mut found: Vec<LimitFinding> = on_path
        .iter()
        .flat_map(|node| node_findings(context, node))
        .collect();
    if let RequirementSpec::Latency { budget, .. } = spec {
        for node in &on_path {
            match node.timing.platform {
                Some(Platform::GlueStreaming) if budget.0 <= GLUE_STREAMING_MIN_BATCH.0 => {
                    found.push(finding(
                        &GLUE_STREAMING_SUB_SECOND,
                        node,
                        format!("the budget is {budget}"),
                    ));
                }
                Some(Platform::Firehose) if budget.0 < FIREHOSE_MIN_BUFFER.0 => {
                    found.push(finding(
                        &FIREHOSE_SUB_MINUTE,
                        node,
                        format!("the budget is {budget}"),
                    ));
                }
                _ => {}
            }
        }
    }
    found
}
