//! The architecture choices a workshop weighs, as help cards: which compute service for which
//! job, Kinesis or MSK, Firehose's buffering, Step Functions for orchestration, Glue streaming
//! or Lambda.

/// One architecture topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Topic {
    pub name: &'static str,
    pub title: &'static str,
    pub what: &'static str,
    pub example: &'static str,
    pub aws: &'static str,
    pub choose: &'static str,
}

/// Every topic.
pub const TOPICS: &[Topic] = &[
    Topic {
        name: "compute",
        title: "Glue, EMR, Lambda or Batch: where a job runs",
        what: "A batch job needs somewhere to run. Glue jobs are serverless Spark, billed per DPU-second; EMR runs Spark (and more) on clusters you size and manage; Lambda runs a function for at most 15 minutes; AWS Batch runs containers for as long as they need.",
        example: "A nightly aggregation of 20 minutes: a Glue job. A 10-second reaction to each file landing: Lambda. A 6-hour simulation in a container: Batch. A 200-node Spark cluster tuned by a platform team: EMR.",
        aws: "AWS Glue, Amazon EMR, AWS Lambda, AWS Batch",
        choose: "Glue for ETL in Spark without managing servers; EMR when you need cluster control, other engines or the lowest cost at steady heavy load; Lambda for short event-driven work (never past 15 minutes); Batch for long container jobs. In Sluice, set the node's timing platform: the checks apply each one's limits.",
    },
    Topic {
        name: "streams",
        title: "Kinesis Data Streams or Amazon MSK",
        what: "Both carry events from producers to consumers in order per key, with replay. Kinesis is AWS's own, sized in shards; MSK is managed Apache Kafka, sized in brokers.",
        example: "A web shop's clickstream into Lambda: Kinesis. Dozens of existing Kafka producers and Kafka Connect sinks: MSK.",
        aws: "Amazon Kinesis Data Streams, Amazon MSK",
        choose: "Kinesis for AWS-native pipelines (Lambda, Firehose and Glue read it directly; 1,000 records a second per shard). MSK when the producers already speak Kafka, for long retention, or for Kafka's ecosystem.",
    },
    Topic {
        name: "firehose",
        title: "Firehose's buffering",
        what: "Firehose delivers a stream to S3 (or Redshift, OpenSearch) in files, buffering until 60 to 900 seconds have passed or 1 to 128 MiB have gathered, whichever comes first, and can partition the files by event time.",
        example: "buffer_interval = \"300 s\", buffer_size_mib = 64: a file every five minutes or every 64 MiB, under year=/month=/day=/hour=.",
        aws: "Amazon Data Firehose",
        choose: "For landing events in the lake with no code. Its buffer makes it minutes behind by design: never on the path of a sub-minute requirement; serve from the stream instead.",
    },
    Topic {
        name: "orchestration",
        title: "Step Functions for orchestration",
        what: "Step Functions runs a workflow of steps (a crawler, a Glue job, a Lambda, a notification) with branches, retries, timeouts and error catching, and shows each run. It orchestrates; the work happens in the services it calls.",
        example: "Crawl the raw folder; when it succeeds start the job; on failure retry twice, then notify the on-call engineer.",
        aws: "AWS Step Functions (Glue workflows and triggers for Glue-only chains)",
        choose: "When several services must run in order with retries and error handling. Glue triggers suffice for a crawler then a job; a single job needs neither.",
    },
    Topic {
        name: "glue_streaming_or_lambda",
        title: "Glue streaming or Lambda for events",
        what: "A Glue streaming job runs Spark micro-batches over a Kinesis or Kafka stream (windows of seconds to minutes, stateful, written to the lake); Lambda invokes a function for each small batch of records within milliseconds.",
        example: "Cleaning and landing a stream in the lake every minute: Glue streaming. Telling a vending machine within a second that a card was declined: Lambda.",
        aws: "AWS Glue streaming ETL, AWS Lambda with a Kinesis event source",
        choose: "Lambda for per-event answers under a second; Glue streaming for minute-level, Spark-sized transformation. The latency check refuses Glue streaming under a second, with the reason.",
    },
];
