//! Union: stacks tables by column name.

use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::port::{InputPortSpec, InputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Union,
    name: "union",
    title: "Union",
    category: Category::Transform,
    summary: "Stack the rows of several tables, matching columns by name",
    help: "Appends the rows of every input in order. Columns are matched by name; a column missing \
           from an input is null in its rows, and types are widened to fit all inputs.",
    aws_counterpart: "Union",
    inputs: InputPorts::Fixed(&[InputPortSpec {
        name: "in",
        port_type: PortType::Table,
        multiple: true,
        required: true,
        help: "The tables to stack, in order",
    }]),
    outputs: TABLE_OUT,
    params: &[],
};
