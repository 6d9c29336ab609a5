//! Conditional router: sends each row to every route whose condition it meets, and the rows that
//! meet none to the default output.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec};
use crate::model::param::{FieldSpec, ParamSpec, ParamType, Presence};
use crate::model::port::{OutputPortSpec, OutputPorts, PortType};

/// The output that takes the rows no route's condition accepts.
pub const DEFAULT_ROUTE: &str = "default";

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::ConditionalRouter,
    name: "conditional_router",
    title: "Conditional router",
    category: Category::Transform,
    summary: "Send rows to one output per condition, and the rest to a default output",
    help: "Each route has a name (its output port) and a SQL condition. A row goes to every route \
           whose condition is true, so routes may overlap; rows that meet no condition (including \
           rows where a condition is null) go to the `default` output. Renaming a route keeps its \
           wires; removing one removes them.",
    aws_counterpart: "Conditional Router",
    inputs: ONE_TABLE_IN,
    outputs: OutputPorts::PerRecord {
        param: "routes",
        name_field: "name",
        port_type: PortType::Table,
        then: &[OutputPortSpec {
            name: DEFAULT_ROUTE,
            port_type: PortType::Table,
        }],
    },
    params: &[ParamSpec {
        name: "routes",
        param_type: ParamType::Records(&[
            FieldSpec {
                name: "name",
                field_type: ParamType::Name,
                required: true,
                help: "The output's name, such as big_orders",
            },
            FieldSpec {
                name: "condition",
                field_type: ParamType::Expr,
                required: true,
                help: "A SQL condition, such as amount > 100",
            },
        ]),
        presence: Presence::Required,
        help: "The routes, each an output port with its condition",
    }],
};
