//! CSV source: reads delimited text files, one file, a glob or a partitioned folder.

use super::common::{HIVE_PARTITIONING, NO_INPUTS, PARSE_DATES, SOURCE_PATH};
use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::CsvSource,
    name: "csv_source",
    title: "CSV source",
    category: Category::Source,
    summary: "Read delimited text files: one file, a glob or a partitioned folder",
    help: "Reads CSV or other delimited text. Column types are inferred from the first rows \
           (like a Glue crawler's CSV classifier); null markers such as NA become nulls. \
           Only the header and a few rows are read to know the schema.",
    aws_counterpart: "S3 source with format CSV (DataSource node in Glue Studio)",
    inputs: NO_INPUTS,
    outputs: TABLE_OUT,
    params: &[
        SOURCE_PATH,
        ParamSpec {
            name: "delimiter",
            param_type: ParamType::Char,
            presence: Presence::DefaultText(","),
            help: "The character between fields; \\t for tab",
        },
        ParamSpec {
            name: "header",
            param_type: ParamType::Bool,
            presence: Presence::DefaultBool(true),
            help: "The first line holds the column names",
        },
        ParamSpec {
            name: "quote_char",
            param_type: ParamType::Char,
            presence: Presence::DefaultText("\""),
            help: "The character that quotes fields containing the delimiter",
        },
        ParamSpec {
            name: "null_values",
            param_type: ParamType::Texts,
            presence: Presence::Optional,
            help: "Texts read as null, such as NA or the empty string",
        },
        ParamSpec {
            name: "skip_rows",
            param_type: ParamType::Int {
                min: 0,
                max: 1_000_000,
            },
            presence: Presence::DefaultInt(0),
            help: "Lines to skip before the header",
        },
        ParamSpec {
            name: "encoding",
            param_type: ParamType::Choice(&["utf-8", "latin-1"]),
            presence: Presence::DefaultText("utf-8"),
            help: "The files' text encoding",
        },
        ParamSpec {
            name: "infer_schema_rows",
            param_type: ParamType::Int {
                min: 1,
                max: 10_000_000,
            },
            presence: Presence::DefaultInt(1000),
            help: "Rows read to infer column types (a Glue crawler samples 1,000)",
        },
        PARSE_DATES,
        HIVE_PARTITIONING,
    ],
};
