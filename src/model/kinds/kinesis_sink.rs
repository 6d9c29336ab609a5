//! Kinesis sink: puts each event on a Kinesis data stream as a JSON record.

use super::common::{NO_OUTPUTS, ONE_STREAM_IN};
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::KinesisSink,
    name: "kinesis_sink",
    title: "Kinesis sink",
    category: Category::Sink,
    summary: "Put each event on a Kinesis data stream as a JSON record",
    help: "Each event becomes one JSON record, keyed by the partition_key column (records with \
           the same key go to the same shard, in order). Records are put 500 at a time; those \
           the stream throttles are put again, and the sink fails, naming the stream, if they \
           still cannot be put. A stop puts everything taken before the run ends.",
    aws_counterpart: "Kinesis PutRecords (a producer, or a Glue streaming job's Kinesis sink)",
    inputs: ONE_STREAM_IN,
    outputs: NO_OUTPUTS,
    params: &[
        ParamSpec {
            name: "stream_name",
            param_type: ParamType::Text,
            presence: Presence::Required,
            help: "The Kinesis data stream",
        },
        ParamSpec {
            name: "partition_key",
            param_type: ParamType::Column,
            presence: Presence::Required,
            help: "The column whose value picks each record's shard",
        },
    ],
};
