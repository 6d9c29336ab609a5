//! JSON source: reads a JSON array of objects or newline-delimited JSON.

use super::common::{HIVE_PARTITIONING, NO_INPUTS, PARSE_DATES, SOURCE_PATH};
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::JsonSource,
    name: "json_source",
    title: "JSON source",
    category: Category::Source,
    summary: "Read a JSON array of records or newline-delimited JSON",
    help: "Reads JSON records. NDJSON (one object per line) streams and is scanned lazily; a JSON \
           array must be read whole. `auto` picks by extension: .ndjson and .jsonl are NDJSON, \
           anything else is sniffed from its first character.",
    aws_counterpart: "S3 source with format JSON (DataSource node in Glue Studio)",
    inputs: NO_INPUTS,
    outputs: TABLE_OUT,
    params: &[
        SOURCE_PATH,
        ParamSpec {
            name: "format",
            param_type: ParamType::Choice(&["auto", "array", "ndjson"]),
            presence: Presence::DefaultText("auto"),
            help: "A JSON array of objects, or one object per line",
        },
        PARSE_DATES,
        HIVE_PARTITIONING,
    ],
};
