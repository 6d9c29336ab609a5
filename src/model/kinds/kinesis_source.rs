//! Kinesis source: reads a Kinesis data stream's records as events.

use super::common::{MAX_EVENTS, NO_INPUTS};
use super::{Category, KindId, KindSpec};
use crate::model::param::{FieldSpec, ParamSpec, ParamType, PathAccess, Presence};
use crate::model::port::{OutputPortSpec, OutputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::KinesisSource,
    name: "kinesis_source",
    title: "Kinesis source",
    category: Category::Stream,
    summary: "Read a Kinesis data stream's records as events",
    help: "Reads every shard of the stream (through the AWS SDK: its default credentials, and \
           AWS_ENDPOINT_URL and AWS_REGION when set, so a local emulator can stand in) from the \
           oldest record kept (trim_horizon), from now on (latest), at a sequence number, or \
           after the last record the previous run took (checkpoint, kept in checkpoint_path, as \
           a Kinesis consumer keeps its lease). Each record is a JSON object read with the \
           declared columns, as a Glue streaming job reads a catalog table's schema. A shard \
           that has nothing is read again after 200 ms. Its preview is empty: reading the \
           stream needs a run.",
    aws_counterpart: "A Kinesis data stream read by a Glue streaming job or a Lambda function",
    inputs: NO_INPUTS,
    outputs: OutputPorts::Fixed(&[OutputPortSpec {
        name: "events",
        port_type: PortType::Stream,
    }]),
    params: &[
        ParamSpec {
            name: "stream_name",
            param_type: ParamType::Text,
            presence: Presence::Required,
            help: "The Kinesis data stream",
        },
        ParamSpec {
            name: "start",
            param_type: ParamType::Choice(&[
                "trim_horizon",
                "latest",
                "at_sequence_number",
                "checkpoint",
            ]),
            presence: Presence::DefaultText("trim_horizon"),
            help: "Where each shard is read from",
        },
        ParamSpec {
            name: "sequence_number",
            param_type: ParamType::Text,
            presence: Presence::Optional,
            help: "The sequence number to start at, for at_sequence_number",
        },
        ParamSpec {
            name: "checkpoint_path",
            param_type: ParamType::Path(PathAccess::Write),
            presence: Presence::Optional,
            help: "A file keeping each shard's last record taken, for start = checkpoint",
        },
        ParamSpec {
            name: "columns",
            param_type: ParamType::Records(&[
                FieldSpec {
                    name: "name",
                    field_type: ParamType::Name,
                    required: true,
                    help: "The field of the JSON record",
                },
                FieldSpec {
                    name: "type",
                    field_type: ParamType::DataType,
                    required: true,
                    help: "Its type",
                },
            ]),
            presence: Presence::Required,
            help: "The events' columns, in order",
        },
        MAX_EVENTS,
    ],
};
