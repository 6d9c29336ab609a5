//! Parquet source: reads Parquet files, one file, a glob or a partitioned folder.

use super::common::{HIVE_PARTITIONING, NO_INPUTS, SOURCE_PATH};
use super::{Category, KindId, KindSpec, TABLE_OUT};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::ParquetSource,
    name: "parquet_source",
    title: "Parquet source",
    category: Category::Source,
    summary: "Read Parquet files: one file, a glob or a partitioned folder",
    help: "Reads Parquet. The schema comes from the file footer, so it is known at once; only the \
           columns and row groups a pipeline needs are read.",
    aws_counterpart: "S3 source with format Parquet (DataSource node in Glue Studio)",
    inputs: NO_INPUTS,
    outputs: TABLE_OUT,
    params: &[SOURCE_PATH, HIVE_PARTITIONING],
};
