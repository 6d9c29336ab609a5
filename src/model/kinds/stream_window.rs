//! Stream window: keyed tumbling or sliding windows by event time, with a watermark.

use super::aggregate::{AGGREGATIONS, GROUP_BY};
use super::common::{ONE_STREAM_IN, STREAM_OUT};
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::StreamWindow,
    name: "stream_window",
    title: "Window",
    category: Category::Stream,
    summary: "Aggregate events per key over tumbling or sliding windows of event time",
    help: "Cuts the stream by event time into windows of `size` starting every `slide` (the \
           size for tumbling windows, less for sliding ones, where an event counts in each window \
           that holds it), and aggregates each key's events as the batch Aggregate does. The \
           watermark trails the newest event time by `out_of_order`; a window's result goes out \
           once, when the watermark passes its end plus `allowed_lateness`. An event whose windows \
           have all closed is late: dropped and counted as \"late\", never lost silently. Results \
           carry window_start and window_end (microseconds).",
    aws_counterpart: "A windowed aggregation in a Glue streaming job or Managed Service for Apache Flink",
    inputs: ONE_STREAM_IN,
    outputs: STREAM_OUT,
    params: &[
        ParamSpec {
            name: "time_column",
            param_type: ParamType::Column,
            presence: Presence::Required,
            help: "The event-time column (microseconds or a datetime)",
        },
        ParamSpec {
            name: "size",
            param_type: ParamType::Text,
            presence: Presence::DefaultText("1 min"),
            help: "How long a window lasts (30 s, 5 min)",
        },
        ParamSpec {
            name: "slide",
            param_type: ParamType::Text,
            presence: Presence::Optional,
            help: "How often a window starts; the size (tumbling) when not set",
        },
        ParamSpec {
            name: "out_of_order",
            param_type: ParamType::Text,
            presence: Presence::DefaultText("5 s"),
            help: "How far behind the newest event the watermark trails",
        },
        ParamSpec {
            name: "allowed_lateness",
            param_type: ParamType::Text,
            presence: Presence::DefaultText("0 s"),
            help: "How long a window stays open past the watermark for stragglers",
        },
        GROUP_BY,
        AGGREGATIONS,
    ],
};
