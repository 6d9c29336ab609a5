//! Limit: keeps the first N rows.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Limit,
    name: "limit",
    title: "Limit",
    category: Category::Transform,
    summary: "Keep the first rows",
    help: "Keeps the first `rows` rows, after skipping `offset` rows.",
    aws_counterpart: "Limit",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "rows",
            param_type: ParamType::Int {
                min: 0,
                max: i64::MAX,
            },
            presence: Presence::Required,
            help: "How many rows to keep",
        },
        ParamSpec {
            name: "offset",
            param_type: ParamType::Int {
                min: 0,
                max: i64::MAX,
            },
            presence: Presence::DefaultInt(0),
            help: "Rows to skip first",
        },
    ],
};
