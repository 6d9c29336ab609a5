//! Explode: one row per item of a list column.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Explode,
    name: "explode",
    title: "Explode",
    category: Category::Transform,
    summary: "Turn each item of a list column into a row of its own",
    help: "Each row is repeated once per item of the list column, with the item in place of the \
           list (or in a new column, keeping the list). Rows whose list is empty or null are \
           dropped, as Spark's explode does, unless keep_empty is set (explode_outer): then they \
           stay, with a null item.",
    aws_counterpart: "Explode Array Or Map Into Rows",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "column",
            param_type: ParamType::Column,
            presence: Presence::Required,
            help: "The list column to explode",
        },
        ParamSpec {
            name: "new_name",
            param_type: ParamType::Name,
            presence: Presence::Optional,
            help: "Put the items in a new column of this name and keep the list",
        },
        ParamSpec {
            name: "keep_empty",
            param_type: ParamType::Bool,
            presence: Presence::DefaultBool(false),
            help: "Keep rows whose list is empty or null, with a null item",
        },
    ],
};
