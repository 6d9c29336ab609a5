//! Delivery: a Firehose-like sink writing buffered events to the lake by event hour.

use super::common::{NO_OUTPUTS, ONE_STREAM_IN};
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, PathAccess, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Delivery,
    name: "delivery",
    title: "Delivery to the lake",
    category: Category::Sink,
    summary: "Buffer events and write them to the lake by event hour, as Firehose does",
    help: "Events are buffered until the buffer holds buffer_size_mib or its oldest event has \
           waited buffer_interval (Firehose allows 1-128 MiB and 60-900 s; shorter intervals are \
           for local runs), then written as Parquet or NDJSON files under \
           year=/month=/day=/hour= folders of the event time, the layout crawlers read as \
           partitions. Each file is written beside its name and renamed into place; a stop \
           writes whatever is buffered, so no event is lost.",
    aws_counterpart: "Amazon Data Firehose delivering to S3 (with dynamic partitioning)",
    inputs: ONE_STREAM_IN,
    outputs: NO_OUTPUTS,
    params: &[
        ParamSpec {
            name: "path",
            param_type: ParamType::Path(PathAccess::Write),
            presence: Presence::Required,
            help: "The folder the files are written under",
        },
        ParamSpec {
            name: "format",
            param_type: ParamType::Choice(&["parquet", "ndjson"]),
            presence: Presence::DefaultText("parquet"),
            help: "The files' format",
        },
        ParamSpec {
            name: "time_column",
            param_type: ParamType::Column,
            presence: Presence::Required,
            help: "The event-time column (microseconds since 1970) that picks each event's hour",
        },
        ParamSpec {
            name: "buffer_interval",
            param_type: ParamType::Text,
            presence: Presence::DefaultText("60 s"),
            help: "The longest an event waits in the buffer",
        },
        ParamSpec {
            name: "buffer_size_mib",
            param_type: ParamType::Float {
                min: 0.001,
                max: 128.0,
            },
            presence: Presence::DefaultFloat(5.0),
            help: "The buffer's size, in MiB, that triggers a write",
        },
    ],
};
