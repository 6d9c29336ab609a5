//! Drop null fields: removes columns in which every value is null.

use super::common::ONE_TABLE_IN;
use super::{Category, KindId, KindSpec, TABLE_OUT};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::DropNullFields,
    name: "drop_null_fields",
    title: "Drop null fields",
    category: Category::Transform,
    summary: "Remove columns whose values are all null",
    help: "Removes every column in which all values are null. Which columns remain depends on the \
           data, so Sluice reads the whole input to know this node's schema; prefer Drop fields \
           when the columns are known in advance.",
    aws_counterpart: "DropNullFields",
    inputs: ONE_TABLE_IN,
    outputs: TABLE_OUT,
    params: &[],
};
