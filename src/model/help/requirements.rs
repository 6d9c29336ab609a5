//! Each requirement kind's example, AWS counterpart and when to state it, in one exhaustive
//! match.

use crate::model::requirement::RequirementKind;

/// The example, the AWS counterpart and the "when to choose" of requirement kind `kind`.
#[deny(clippy::wildcard_enum_match_arm)]
pub(super) fn example_aws_choice(
    kind: RequirementKind,
) -> (&'static str, &'static str, &'static str) {
    match kind {
        RequirementKind::Freshness => (
            "kind = \"freshness\", applies_to = [\"dashboard\"], max_age = \"1 h\", meaning = \"source_lag\"",
            "Glue Data Quality's DataFreshness rule; in a deployment, the schedules of the Glue triggers and the crawler add up to it",
            "When someone reads the data and asks how old it may be (\"served data no more than an hour old\"). The check adds the schedules' gaps and the runs on the worst path; to meet a tight one, schedule more often or stream.",
        ),
        RequirementKind::Latency => (
            "kind = \"latency\", applies_to = [\"recommendations\"], from = \"clicks\", budget = \"1 s\", percentile = \"p99\"",
            "CloudWatch's IteratorAge and the function's duration on the Kinesis to Lambda path",
            "When a person waits for an answer to an event (\"under one second from ingestion to recommendation\"). Sub-second budgets rule out Firehose (60 s buffers) and Glue streaming (1-2 s micro-batches): use Kinesis and Lambda.",
        ),
        RequirementKind::Throughput => (
            "kind = \"throughput\", applies_to = [\"posts\"], events_per_second = 1000",
            "Kinesis shards (1,000 records or 1 MB a second each) and the consumers' concurrency",
            "When the rate at peak matters more than any one event (a sale, a launch). Each Kinesis shard takes 1,000 records a second; more shards, or batching, for more.",
        ),
        RequirementKind::Fallback => (
            "kind = \"fallback\", applies_to = [\"most_popular\"], primary = \"recommender\"",
            "A Lambda function's error handling, Step Functions' Catch, or a cached default in DynamoDB",
            "When a part may fail and users must still get something sensible (the most popular products when the recommender is down). Break the primary node on purpose to see the fallback served.",
        ),
        RequirementKind::Quality => (
            "kind = \"quality\", applies_to = [\"training_quality\"] (a data quality node's rules must pass)",
            "AWS Glue Data Quality rulesets evaluated in the job (Evaluate Data Quality)",
            "When a consumer depends on the data being right (one rating per customer and product). State the rules in DQDL on a data quality node; make it blocking when bad data must never reach the sink.",
        ),
    }
}
