//! Change schema: renames, casts and drops columns in one node, like Glue's ApplyMapping.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{FieldSpec, ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::ChangeSchema,
    name: "change_schema",
    title: "Change schema",
    category: Category::Transform,
    summary: "Rename, cast and drop columns in one step (ApplyMapping)",
    help: "Each mapping names a source column and may give it a new name, a new type, or drop it. \
           Columns not mentioned pass through unchanged, in their place.",
    aws_counterpart: "ApplyMapping (Change Schema in Glue Studio)",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[ParamSpec {
        name: "mappings",
        param_type: ParamType::Records(&[
            FieldSpec {
                name: "source",
                field_type: ParamType::Column,
                required: true,
                help: "The input column",
            },
            FieldSpec {
                name: "target",
                field_type: ParamType::Text,
                required: false,
                help: "The new name (default: unchanged)",
            },
            FieldSpec {
                name: "type",
                field_type: ParamType::DataType,
                required: false,
                help: "The new type (default: unchanged)",
            },
            FieldSpec {
                name: "drop",
                field_type: ParamType::Bool,
                required: false,
                help: "Remove the column",
            },
        ]),
        presence: Presence::Required,
        help: "One entry per column to change",
    }],
};
