//! Fill missing values: replaces nulls with a constant, the previous value or the mean.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::FillMissing,
    name: "fill_missing",
    title: "Fill missing values",
    category: Category::Transform,
    summary: "Replace nulls with a constant, the previous value or the mean",
    help: "constant fills with `value` (converted to each column's type); forward carries the last \
           non-null value down; mean fills numeric columns with their mean. Glue's \
           FillMissingValues imputes with a model; these are the simple, explainable strategies.",
    aws_counterpart: "FillMissingValues",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "columns",
            param_type: ParamType::Columns,
            presence: Presence::Required,
            help: "The columns to fill",
        },
        ParamSpec {
            name: "strategy",
            param_type: ParamType::Choice(&["constant", "forward", "mean"]),
            presence: Presence::DefaultText("constant"),
            help: "How to fill",
        },
        ParamSpec {
            name: "value",
            param_type: ParamType::Text,
            presence: Presence::Optional,
            help: "The constant, for strategy constant",
        },
    ],
};
