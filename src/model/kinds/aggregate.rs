//! Aggregate: groups rows by key columns and summarises each group.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{FieldSpec, ParamSpec, ParamType, Presence};

/// The summary functions, by name.
pub(crate) const AGGREGATE_FUNCTIONS: &[&str] = &[
    "count",
    "count_distinct",
    "sum",
    "mean",
    "min",
    "max",
    "first",
    "last",
];

/// One aggregation: a column, its summary, the output's name (shared with the stream window).
const AGGREGATION_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "column",
        field_type: ParamType::Column,
        required: true,
        help: "The column to summarise (\"*\" for rows)",
    },
    FieldSpec {
        name: "function",
        field_type: ParamType::Choice(AGGREGATE_FUNCTIONS),
        required: true,
        help: "The summary",
    },
    FieldSpec {
        name: "alias",
        field_type: ParamType::Text,
        required: false,
        help: "The output column's name",
    },
];

/// The key columns of an aggregation (shared with the stream window).
pub(crate) const GROUP_BY: ParamSpec = ParamSpec {
    name: "group_by",
    param_type: ParamType::Columns,
    presence: Presence::Optional,
    help: "The key columns",
};

/// The summaries of an aggregation (shared with the stream window).
pub(crate) const AGGREGATIONS: ParamSpec = ParamSpec {
    name: "aggregations",
    param_type: ParamType::Records(AGGREGATION_FIELDS),
    presence: Presence::Required,
    help: "One output column each",
};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Aggregate,
    name: "aggregate",
    title: "Aggregate",
    category: Category::Transform,
    summary: "Group rows by key columns and summarise each group",
    help: "One output row per distinct combination of the group-by columns (one row in all when \
           there are none), with one column per aggregation. count counts non-null values; use \
           column \"*\" to count rows. The default output name is function_column.",
    aws_counterpart: "Aggregate",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[GROUP_BY, AGGREGATIONS],
};
