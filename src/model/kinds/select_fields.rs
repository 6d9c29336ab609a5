//! Select fields: keeps only the named columns, in the order given.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::SelectFields,
    name: "select_fields",
    title: "Select fields",
    category: Category::Transform,
    summary: "Keep only the chosen columns",
    help: "Keeps the listed columns in the listed order and drops every other column.",
    aws_counterpart: "SelectFields",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[ParamSpec {
        name: "columns",
        param_type: ParamType::Columns,
        presence: Presence::Required,
        help: "The columns to keep",
    }],
};
