//! Join: combines two tables on key columns.

use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{FieldSpec, ParamSpec, ParamType, Presence};
use crate::model::port::{InputPortSpec, InputPorts, PortType};

/// The join types, in the words Glue Studio uses.
pub(crate) const JOIN_TYPES: &[&str] = &["inner", "left", "right", "full", "semi", "anti"];

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::Join,
    name: "join",
    title: "Join",
    category: Category::Transform,
    summary: "Combine two tables on matching key columns",
    help: "Matches rows of the left and right inputs on one or more key pairs. inner keeps \
           matches; left, right and full also keep unmatched rows of one or both sides with nulls; \
           semi keeps left rows that have a match and anti those that have none (left columns only). \
           Non-key columns present on both sides get the suffix on the right side's copy.",
    aws_counterpart: "Join",
    inputs: InputPorts::Fixed(&[
        InputPortSpec {
            name: "left",
            port_type: PortType::Table,
            multiple: false,
            required: true,
            help: "The left table",
        },
        InputPortSpec {
            name: "right",
            port_type: PortType::Table,
            multiple: false,
            required: true,
            help: "The right table",
        },
    ]),
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "join_type",
            param_type: ParamType::Choice(JOIN_TYPES),
            presence: Presence::DefaultText("inner"),
            help: "Which rows to keep",
        },
        ParamSpec {
            name: "keys",
            param_type: ParamType::Records(&[
                FieldSpec {
                    name: "left",
                    field_type: ParamType::Column,
                    required: true,
                    help: "A key column of the left input",
                },
                FieldSpec {
                    name: "right",
                    field_type: ParamType::Column,
                    required: true,
                    help: "The matching column of the right input",
                },
            ]),
            presence: Presence::Required,
            help: "The key pairs that must be equal",
        },
        ParamSpec {
            name: "suffix",
            param_type: ParamType::Text,
            presence: Presence::DefaultText("_right"),
            help: "Added to right-side column names that clash with left-side ones",
        },
    ],
};
