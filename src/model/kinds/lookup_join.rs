//! Lookup join: enriches each event with the matching row of a table.

use super::common::STREAM_OUT;
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};
use crate::model::port::{InputPortSpec, InputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::LookupJoin,
    name: "lookup_join",
    title: "Lookup join",
    category: Category::Stream,
    summary: "Enrich each event with the matching row of a table",
    help: "The table (a batch node's output: products, customers) is read once when the stream \
           starts and kept in memory with one row per key (the first). Each event gets that row's \
           columns: left keeps events with no match (their new columns empty); inner drops them, \
           counted as \"no match\".",
    aws_counterpart: "A stream-static join in a Glue streaming job",
    inputs: InputPorts::Fixed(&[
        InputPortSpec {
            name: "events",
            port_type: PortType::Stream,
            multiple: false,
            required: true,
            help: "The stream of events",
        },
        InputPortSpec {
            name: "table",
            port_type: PortType::Table,
            multiple: false,
            required: true,
            help: "The table to look up in",
        },
    ]),
    outputs: STREAM_OUT,
    params: &[
        ParamSpec {
            name: "on",
            param_type: ParamType::Columns,
            presence: Presence::Required,
            help: "The key columns, named alike in the events and the table",
        },
        ParamSpec {
            name: "how",
            param_type: ParamType::Choice(&["left", "inner"]),
            presence: Presence::DefaultText("left"),
            help: "left: keep events with no match; inner: drop them (counted)",
        },
    ],
};
