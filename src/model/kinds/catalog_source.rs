//! Catalog source: reads one table of a crawled catalog, pruned to the partitions a predicate
//! keeps.

use super::{Category, KindId, KindSpec, TABLE_OUT};
use crate::model::param::{ParamSpec, ParamType, Presence};
use crate::model::port::{InputPortSpec, InputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::CatalogSource,
    name: "catalog_source",
    title: "Catalog source",
    category: Category::Source,
    summary: "Read a crawled table, pruned to the partitions a predicate keeps",
    help: "Reads one table of the catalog a crawler gives, with the columns and types the \
           crawler recorded (Glue's types: a CSV timestamp stays a string, as in a Glue job). \
           A partition predicate such as year = 2018 AND month = 1 is applied to the partition \
           folders before any file is read, as Glue's push_down_predicate does.",
    aws_counterpart: "Data Catalog table source (from_catalog with push_down_predicate)",
    inputs: InputPorts::Fixed(&[InputPortSpec {
        name: "catalog",
        port_type: PortType::Catalog,
        multiple: false,
        required: true,
        help: "The catalog of a crawler",
    }]),
    outputs: TABLE_OUT,
    params: &[
        ParamSpec {
            name: "table",
            param_type: ParamType::CatalogTable,
            presence: Presence::Required,
            help: "The table to read, as the crawler named it",
        },
        ParamSpec {
            name: "partition_predicate",
            param_type: ParamType::Expr,
            presence: Presence::Optional,
            help: "Keep only partitions where this holds (year = 2018 AND month = 1)",
        },
    ],
};
