//! Serve: keeps the latest answer per key, and records every answer.

use super::common::{NO_OUTPUTS, ONE_STREAM_IN};
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, PathAccess, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Serve,
    name: "serve",
    title: "Serve",
    category: Category::Sink,
    summary: "Keep the latest answer per key, and record every answer",
    help: "What an application reads: the newest answer per key (a session's latest \
           recommendations) is kept while the stream runs. Every answer is counted, and written \
           as a JSON line to `log_path` when it is set. The run's report gives answers recorded \
           and keys served, with the latency from ingestion to each answer.",
    aws_counterpart: "A DynamoDB table the serving function writes each answer to",
    inputs: ONE_STREAM_IN,
    outputs: NO_OUTPUTS,
    params: &[
        ParamSpec {
            name: "key_column",
            param_type: ParamType::Column,
            presence: Presence::Required,
            help: "The column answers are kept by",
        },
        ParamSpec {
            name: "log_path",
            param_type: ParamType::Path(PathAccess::Write),
            presence: Presence::Optional,
            help: "A file every answer is written to, one JSON line each",
        },
    ],
};
