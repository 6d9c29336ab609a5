//! Drop fields: removes the named columns.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::DropFields,
    name: "drop_fields",
    title: "Drop fields",
    category: Category::Transform,
    summary: "Remove the chosen columns",
    help: "Removes the listed columns; every other column passes through.",
    aws_counterpart: "DropFields",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[ParamSpec {
        name: "columns",
        param_type: ParamType::Columns,
        presence: Presence::Required,
        help: "The columns to remove",
    }],
};
