//! Parquet sink: writes the input as Parquet, optionally partitioned into Hive-style folders.

use super::common::{NO_OUTPUTS, ONE_TABLE_IN, PARTITION_BY, SINK_PATH, WRITE_MODE};
use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::ParquetSink,
    name: "parquet_sink",
    title: "Parquet sink",
    category: Category::Sink,
    summary: "Write the table as Parquet, optionally partitioned",
    help: "Writes a Parquet file, or one folder per partition value (year=2024/…), the layout \
           Glue crawlers and Athena read as partitions. Written beside the target and renamed into \
           place at the end.",
    aws_counterpart: "S3 target with format Parquet (DataSink node in Glue Studio)",
    inputs: ONE_TABLE_IN,
    outputs: NO_OUTPUTS,
    params: &[
        SINK_PATH,
        ParamSpec {
            name: "compression",
            param_type: ParamType::Choice(&["snappy", "zstd", "uncompressed"]),
            presence: Presence::DefaultText("zstd"),
            help: "The column compression",
        },
        PARTITION_BY,
        WRITE_MODE,
    ],
};
