//! Drop null rows: removes rows with nulls in some or all of the chosen columns.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::DropNullRows,
    name: "drop_null_rows",
    title: "Drop null rows",
    category: Category::Transform,
    summary: "Remove rows that have nulls",
    help: "Removes a row when any (or, with `how = \"all\"`, every) listed column is null. With \
           no columns listed, all columns are checked.",
    aws_counterpart: "Filter (is not null) / DataFrame.na.drop",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "columns",
            param_type: ParamType::Columns,
            presence: Presence::Optional,
            help: "The columns to check (default: all)",
        },
        ParamSpec {
            name: "how",
            param_type: ParamType::Choice(&["any", "all"]),
            presence: Presence::DefaultText("any"),
            help: "Drop when any or when all of them are null",
        },
    ],
};
