//! Derived column: adds (or replaces) a column computed by a SQL expression.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::DerivedColumn,
    name: "derived_column",
    title: "Derived column",
    category: Category::Transform,
    summary: "Add a column computed by a SQL expression",
    help: "Computes a new column from a SQL expression (quantityOrdered * priceEach). A column of \
           the same name is replaced.",
    aws_counterpart: "Derived column",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "name",
            param_type: ParamType::Text,
            presence: Presence::Required,
            help: "The new column's name",
        },
        ParamSpec {
            name: "expression",
            param_type: ParamType::Expr,
            presence: Presence::Required,
            help: "A SQL expression over the input's columns",
        },
    ],
};
