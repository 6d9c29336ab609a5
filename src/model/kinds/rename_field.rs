//! Rename field: gives one column a new name.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::RenameField,
    name: "rename_field",
    title: "Rename field",
    category: Category::Transform,
    summary: "Give one column a new name",
    help: "Renames one column. To rename several at once, use Change schema.",
    aws_counterpart: "RenameField",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "from",
            param_type: ParamType::Column,
            presence: Presence::Required,
            help: "The column to rename",
        },
        ParamSpec {
            name: "to",
            param_type: ParamType::Text,
            presence: Presence::Required,
            help: "Its new name",
        },
    ],
};
