//! Replay a file as a stream: CSV, NDJSON or Parquet rows sent in order as events.

use super::common::{MAX_EVENTS, NO_INPUTS, PARSE_DATES};
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, PathAccess, Presence};
use crate::model::port::{OutputPortSpec, OutputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::StreamReplay,
    name: "stream_replay",
    title: "Replay file as stream",
    category: Category::Stream,
    summary: "Send a CSV, NDJSON or Parquet file's rows as events",
    help: "Reads the file (by its extension: .csv, .json or .ndjson, .parquet) and sends its rows \
           in order: as fast as the stages take them, at a fixed rate, or spaced as the file's \
           own timestamps are (time_column), sped up by `speed`. A recorded day of events can so \
           be replayed in a minute, with its bursts.",
    aws_counterpart: "A producer putting recorded events into a Kinesis data stream",
    inputs: NO_INPUTS,
    outputs: OutputPorts::Fixed(&[OutputPortSpec {
        name: "events",
        port_type: PortType::Stream,
    }]),
    params: &[
        ParamSpec {
            name: "path",
            param_type: ParamType::Path(PathAccess::Read),
            presence: Presence::Required,
            help: "The file to replay",
        },
        ParamSpec {
            name: "pace",
            param_type: ParamType::Choice(&["fast", "rate", "timestamps"]),
            presence: Presence::DefaultText("fast"),
            help: "fast: as fast as possible; rate: events_per_second; timestamps: the file's own times",
        },
        ParamSpec {
            name: "events_per_second",
            param_type: ParamType::Float {
                min: 0.001,
                max: 10_000_000.0,
            },
            presence: Presence::DefaultFloat(1_000.0),
            help: "The rate when pace is rate",
        },
        ParamSpec {
            name: "time_column",
            param_type: ParamType::Column,
            presence: Presence::Optional,
            help: "The column of event times when pace is timestamps",
        },
        ParamSpec {
            name: "speed",
            param_type: ParamType::Float {
                min: 0.001,
                max: 1_000_000.0,
            },
            presence: Presence::DefaultFloat(1.0),
            help: "How many times faster than recorded the timestamps are replayed",
        },
        PARSE_DATES,
        MAX_EVENTS,
    ],
};
