//! Data quality: checks its input against DQDL rules (AWS Glue Data Quality's language) and
//! passes the rows on; a blocking node stops what is downstream when a rule of severity error
//! fails.

use super::{Category, KindId, KindSpec};
use crate::model::param::{ParamSpec, ParamType, Presence};
use crate::model::port::{InputPortSpec, InputPorts, OutputPortSpec, OutputPorts, PortType};

pub(super) const SPEC: KindSpec = KindSpec {
    id: KindId::DataQuality,
    name: "data_quality",
    title: "Evaluate data quality",
    category: Category::Quality,
    summary: "Check the rows against DQDL rules; block what follows when a rule fails",
    help: "Rules are written in DQDL, as in AWS Glue Data Quality: Rules = [ IsComplete \"id\", \
           IsUnique \"id\", ColumnValues \"rating\" in [1, 2, 3, 4, 5], RowCount > avg(last(3)) * 0.8 ]. \
           Every rule is measured in one pass over the input. `out` passes the rows on unchanged; \
           `results` holds each rule's outcome, measured value and message. Add `with severity = \"warn\"` \
           to a rule that should only warn. When blocking, a failing rule stops every node downstream \
           of `out`: nothing downstream is written. Wire a second table into `reference` for \
           ReferentialIntegrity. Note that `between` excludes its bounds, as in Glue.",
    aws_counterpart: "Evaluate Data Quality",
    inputs: InputPorts::Fixed(&[
        InputPortSpec {
            name: "in",
            port_type: PortType::Table,
            multiple: false,
            required: true,
            help: "The table to check",
        },
        InputPortSpec {
            name: "reference",
            port_type: PortType::Table,
            multiple: false,
            required: false,
            help: "A table to check keys against (ReferentialIntegrity), optional",
        },
    ]),
    outputs: OutputPorts::Fixed(&[
        OutputPortSpec {
            name: "out",
            port_type: PortType::Table,
        },
        OutputPortSpec {
            name: "results",
            port_type: PortType::Table,
        },
    ]),
    params: &[
        ParamSpec {
            name: "rules",
            param_type: ParamType::Rules,
            presence: Presence::Required,
            help: "The DQDL rule set: Rules = [ … ] or the rules alone, separated by commas",
        },
        ParamSpec {
            name: "blocking",
            param_type: ParamType::Bool,
            presence: Presence::DefaultBool(false),
            help: "Stop every node downstream of `out` when a rule of severity error fails",
        },
    ],
};
