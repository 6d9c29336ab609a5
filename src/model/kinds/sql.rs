//! SQL: a query over the node's named inputs.

use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};
use crate::model::port::{InputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Sql,
    name: "sql",
    title: "SQL",
    category: Category::Transform,
    summary: "Run a SQL query over the named inputs",
    help: "Each input port's name is a table name in the query: with inputs orders and customers, \
           write SELECT … FROM orders JOIN customers USING (customerNumber).",
    aws_counterpart: "SparkSQL (SQL Query in Glue Studio)",
    inputs: InputPorts::Named {
        port_type: PortType::Table,
        min: 1,
    },
    outputs: TABLE_OUT,
    params: &[ParamSpec {
        name: "query",
        param_type: ParamType::Query,
        presence: Presence::Required,
        help: "A SELECT statement over the input names",
    }],
};
