//! CSV sink: writes the input as CSV, optionally partitioned into Hive-style folders.

use super::common::{NO_OUTPUTS, ONE_TABLE_IN, PARTITION_BY, SINK_PATH, WRITE_MODE};
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::CsvSink,
    name: "csv_sink",
    title: "CSV sink",
    category: Category::Sink,
    summary: "Write the table as CSV, optionally partitioned",
    help: "Writes a CSV file with a header, or one folder per partition value. The output is \
           written beside the target and renamed into place at the end, so a failed run never \
           leaves a partial file that looks complete.",
    aws_counterpart: "S3 target with format CSV (DataSink node in Glue Studio)",
    inputs: ONE_TABLE_IN,
    outputs: NO_OUTPUTS,
    params: &[
        SINK_PATH,
        ParamSpec {
            name: "delimiter",
            param_type: ParamType::Char,
            presence: Presence::DefaultText(","),
            help: "The character between fields",
        },
        PARTITION_BY,
        WRITE_MODE,
    ],
};
