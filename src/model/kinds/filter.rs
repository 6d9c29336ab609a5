//! Filter: keeps the rows for which a SQL predicate is true.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Filter,
    name: "filter",
    title: "Filter",
    category: Category::Transform,
    summary: "Keep the rows that match a SQL condition",
    help: "Keeps rows where the condition is true; rows where it is false or null are dropped. \
           The condition is SQL (status = 'Shipped' AND quantity > 10), so it runs unchanged in Spark.",
    aws_counterpart: "Filter",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[ParamSpec {
        name: "predicate",
        param_type: ParamType::Expr,
        presence: Presence::Required,
        help: "A SQL condition over the input's columns",
    }],
};
