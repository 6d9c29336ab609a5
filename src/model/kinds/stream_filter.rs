//! Stream filter: keeps the events a SQL condition holds for.

use super::common::{ONE_STREAM_IN, STREAM_OUT};
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::StreamFilter,
    name: "stream_filter",
    title: "Filter stream",
    category: Category::Stream,
    summary: "Keep the events a SQL condition holds for",
    help: "The same SQL condition as the batch Filter (action = 'purchase' AND price > 10), \
           evaluated with Polars on small batches of events. The events left out are counted as \
           \"filtered out\" in the run's report.",
    aws_counterpart: "A filter in a Glue streaming job, or a Kinesis Data Analytics (Flink) filter",
    inputs: ONE_STREAM_IN,
    outputs: STREAM_OUT,
    params: &[ParamSpec {
        name: "predicate",
        param_type: ParamType::Expr,
        presence: Presence::Required,
        help: "A SQL condition over the events' columns",
    }],
};
