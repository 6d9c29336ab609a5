//! Split fields: the chosen columns on one output, every other column on a second.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};
use crate::model::port::{OutputPortSpec, OutputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::SplitFields,
    name: "split_fields",
    title: "Split fields",
    category: Category::Transform,
    summary: "Put the chosen columns on one output and the others on a second",
    help: "The `selected` output has the listed columns in the listed order; the `remaining` \
           output has every other column, in input order. Both keep every row. A bare reference \
           to the node means `selected`.",
    aws_counterpart: "SplitFields",
    inputs: ONE_TABLE_IN,
    outputs: OutputPorts::Fixed(&[
        OutputPortSpec {
            name: "selected",
            port_type: PortType::Table,
        },
        OutputPortSpec {
            name: "remaining",
            port_type: PortType::Table,
        },
    ]),
    params: &[ParamSpec {
        name: "columns",
        param_type: ParamType::Columns,
        presence: Presence::Required,
        help: "The columns of the selected output",
    }],
};
