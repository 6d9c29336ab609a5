//! Sort: orders rows by one or more columns.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{FieldSpec, ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Sort,
    name: "sort",
    title: "Sort",
    category: Category::Transform,
    summary: "Order rows by one or more columns",
    help: "Sorts by the keys in order; ties keep their input order. Nulls come last.",
    aws_counterpart: "SparkSQL ORDER BY",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[ParamSpec {
        name: "keys",
        param_type: ParamType::Records(&[
            FieldSpec {
                name: "column",
                field_type: ParamType::Column,
                required: true,
                help: "The column to sort by",
            },
            FieldSpec {
                name: "descending",
                field_type: ParamType::Bool,
                required: false,
                help: "Largest first",
            },
        ]),
        presence: Presence::Required,
        help: "The sort keys, most significant first",
    }],
};
