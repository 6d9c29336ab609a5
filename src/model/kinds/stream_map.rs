//! Stream map: adds or replaces columns of each event with SQL expressions.

use super::common::{ONE_STREAM_IN, STREAM_OUT};
use super::{Category, KindId, KindSpec};
use crate::model::param::{FieldSpec, ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::StreamMap,
    name: "stream_map",
    title: "Map stream",
    category: Category::Stream,
    summary: "Add or replace columns of each event with SQL expressions",
    help: "Each entry names a column and gives its SQL expression over the event's columns \
           (price * quantity, upper(action)), as the batch Derived column does; an existing \
           column of that name is replaced.",
    aws_counterpart: "ApplyMapping or a derived column in a Glue streaming job",
    inputs: ONE_STREAM_IN,
    outputs: STREAM_OUT,
    params: &[ParamSpec {
        name: "columns",
        param_type: ParamType::Records(&[
            FieldSpec {
                name: "name",
                field_type: ParamType::Name,
                required: true,
                help: "The column's name",
            },
            FieldSpec {
                name: "expression",
                field_type: ParamType::Expr,
                required: true,
                help: "A SQL expression over the event's columns",
            },
        ]),
        presence: Presence::Required,
        help: "The columns to compute, in order",
    }],
};
