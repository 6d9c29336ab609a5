//! Drop duplicates: keeps the first of rows that are equal (on all or some columns).

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::DropDuplicates,
    name: "drop_duplicates",
    title: "Drop duplicates",
    category: Category::Transform,
    summary: "Keep the first of each set of duplicate rows",
    help: "Removes rows equal to an earlier row, comparing the listed columns (all columns when \
           none are listed). The first occurrence is kept and the row order is preserved.",
    aws_counterpart: "DropDuplicates",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[ParamSpec {
        name: "columns",
        param_type: ParamType::Columns,
        presence: Presence::Optional,
        help: "Compare only these columns (default: all)",
    }],
};
