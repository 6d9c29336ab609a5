//! Cast: changes the type of columns.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{FieldSpec, ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Cast,
    name: "cast",
    title: "Cast",
    category: Category::Transform,
    summary: "Change the type of columns",
    help: "Converts columns to another type. With strict off (the default, as in Spark), values \
           that do not convert become null; with strict on, the run stops at the first one.",
    aws_counterpart: "ApplyMapping / ResolveChoice (cast)",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "columns",
            param_type: ParamType::Records(&[
                FieldSpec {
                    name: "column",
                    field_type: ParamType::Column,
                    required: true,
                    help: "The column to convert",
                },
                FieldSpec {
                    name: "type",
                    field_type: ParamType::DataType,
                    required: true,
                    help: "Its new type",
                },
            ]),
            presence: Presence::Required,
            help: "One entry per column",
        },
        ParamSpec {
            name: "strict",
            param_type: ParamType::Bool,
            presence: Presence::DefaultBool(false),
            help: "Stop on a value that does not convert instead of making it null",
        },
    ],
};
