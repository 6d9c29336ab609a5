//! Parameter and port declarations shared by several kinds.

use crate::model::param::{ParamSpec, ParamType, PathAccess, Presence};
use crate::model::port::{InputPortSpec, InputPorts, OutputPorts, PortType};

/// The single table input `in` of most transforms.
pub(crate) const ONE_TABLE_IN: InputPorts = InputPorts::Fixed(&[InputPortSpec {
    name: "in",
    port_type: PortType::Table,
    multiple: false,
    required: true,
    help: "The table to transform",
}]);

/// Sinks give nothing to other nodes.
pub(crate) const NO_OUTPUTS: OutputPorts = OutputPorts::Fixed(&[]);

/// Sources and their like have no inputs.
pub(crate) const NO_INPUTS: InputPorts = InputPorts::Fixed(&[]);

/// The `path` of a source: a file, a glob or a folder.
pub(crate) const SOURCE_PATH: ParamSpec = ParamSpec {
    name: "path",
    param_type: ParamType::Path(PathAccess::Read),
    presence: Presence::Required,
    help: "A file, a glob such as data/*.csv, or a folder (Hive-style key=value subfolders become columns)",
};

/// Whether `key=value` folder names become columns.
pub(crate) const HIVE_PARTITIONING: ParamSpec = ParamSpec {
    name: "hive_partitioning",
    param_type: ParamType::Bool,
    presence: Presence::DefaultBool(true),
    help: "Turn key=value folders (year=2024/month=01) into typed columns",
};

/// Whether ISO-8601 text becomes date and datetime columns.
pub(crate) const PARSE_DATES: ParamSpec = ParamSpec {
    name: "parse_dates",
    param_type: ParamType::Bool,
    presence: Presence::DefaultBool(true),
    help: "Read ISO-8601 text (2013-01-01, 2013-01-01T10:00:00Z) as date and datetime columns",
};

/// The `path` of a sink.
pub(crate) const SINK_PATH: ParamSpec = ParamSpec {
    name: "path",
    param_type: ParamType::Path(PathAccess::Write),
    presence: Presence::Required,
    help: "The file to write, or the folder when partitioned",
};

/// Columns whose values become `key=value` folders.
pub(crate) const PARTITION_BY: ParamSpec = ParamSpec {
    name: "partition_by",
    param_type: ParamType::Columns,
    presence: Presence::Optional,
    help: "Write one Hive-style folder per value of these columns",
};

/// What to do when the output already exists.
pub(crate) const WRITE_MODE: ParamSpec = ParamSpec {
    name: "mode",
    param_type: ParamType::Choice(&["overwrite", "fail_if_exists"]),
    presence: Presence::DefaultText("overwrite"),
    help: "Replace an existing output, or stop with an error",
};

/// The stream input `events` of stream operators and sinks.
pub(crate) const ONE_STREAM_IN: InputPorts = InputPorts::Fixed(&[InputPortSpec {
    name: "events",
    port_type: PortType::Stream,
    multiple: false,
    required: true,
    help: "The stream of events",
}]);

/// One stream output named `out`.
pub(crate) const STREAM_OUT: OutputPorts =
    OutputPorts::Fixed(&[crate::model::port::OutputPortSpec {
        name: "out",
        port_type: PortType::Stream,
    }]);

/// How a source paces its events.
pub(crate) const PACE: ParamSpec = ParamSpec {
    name: "pace",
    param_type: ParamType::Choice(&["realtime", "fast"]),
    presence: Presence::DefaultText("realtime"),
    help: "realtime: events are sent when their time comes; fast: as fast as the stages take them",
};

/// A stream source's bound: it ends after this many events.
pub(crate) const MAX_EVENTS: ParamSpec = ParamSpec {
    name: "max_events",
    param_type: ParamType::Int {
        min: 1,
        max: i64::MAX,
    },
    presence: Presence::Optional,
    help: "End the stream after this many events (endless when not set)",
};
