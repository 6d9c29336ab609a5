//! Stream to table: collects a bounded stream into a table for batch nodes.

use super::common::ONE_STREAM_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::ToTable,
    name: "to_table",
    title: "Stream to table",
    category: Category::Stream,
    summary: "Collect a bounded stream into a table for batch nodes",
    help: "Keeps every event that reaches it, and when the stream ends (its sources end, or the \
           run's event or time bound is reached) hands them to the batch nodes wired after it as \
           one table. Its preview, before a run, holds the events of a short sample of the \
           stream.",
    aws_counterpart: "A Glue streaming job writing micro-batches to a table a batch job reads",
    inputs: ONE_STREAM_IN,
    outputs: TABLE_OUT,
    params: &[],
};
