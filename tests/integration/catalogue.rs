//! Every kind of the catalogue, with parameters generated from its declarations: each plans to
//! a ready output locally, and each transform takes an empty input. A kind added to the
//! catalogue is covered here without editing this file.

use std::collections::BTreeMap;

use polars::prelude::*;
use sluice::engine::{NodeOutcome, plan_pipeline};
use sluice::model::param::{FieldSpec, ParamSpec, Presence};
use sluice::model::{
    Category, InputPorts, KindSpec, OutputRef, ParamType, ParamValue, PathAccess, Pipeline,
    PortType, Position, catalogue,
};

use crate::fixtures::Workspace;

/// Kinds that take only flat tables (no list or struct columns): they read the CSV input.
const FLAT_ONLY: &[&str] = &["csv_sink"];

/// Values the type alone does not choose well: (kind, parameter, value).
const EXAMPLES: &[(&str, &str, &str)] = &[
    ("explode", "column", "tags"),
    ("crawler", "schedule", "cron(0 * * * ? *)"),
    ("crawler", "table_prefix", "raw_"),
    ("catalog_source", "partition_predicate", "year = 2018"),
    // Clickstream ids from the test input's columns.
    ("clickstream_source", "customer_column", "customer"),
    ("clickstream_source", "product_column", "status"),
    // Stream kinds read the clickstream's events.
    ("stream_filter", "predicate", "session > 0"),
    ("stream_map", "expression", "session * 2"),
    ("stream_window", "time_column", "event_time"),
    ("stream_window", "slide", "30 s"),
    ("stream_window", "column", "session"),
    ("stream_window", "group_by", "customer"),
    ("lookup_join", "on", "customer"),
    ("serve", "key_column", "session"),
    ("recommend", "popular_column", "status"),
    ("delivery", "time_column", "event_time"),
    ("kinesis_sink", "partition_key", "customer"),
];

/// Rows of the test input: numbers, text, a list and a nested record.
const EVENTS: &str = r#"{"order_id": 1, "customer": "ann", "status": "paid", "amount": 10.5, "region": "north", "tags": ["a", "b"], "user": {"name": "ann", "city": "Oslo"}}
{"order_id": 2, "customer": "bob", "status": "open", "amount": 3.0, "region": "south", "tags": [], "user": {"name": "bob", "city": "Lyon"}}
"#;

fn workspace() -> Workspace {
    let ws = Workspace::new();
    ws.write("events.ndjson", EVENTS);
    ws.write(
        "data.csv",
        "order_id,customer,status,amount,region\n1,ann,paid,10.5,north\n",
    );
    let mut frame = df!(
        "order_id" => [1i64, 2],
        "amount" => [10.5f64, 3.0],
    )
    .unwrap();
    let file = std::fs::File::create(ws.path().join("data.parquet")).unwrap();
    ParquetWriter::new(file).finish(&mut frame).unwrap();
    ws.write("lake/year=2018/part.ndjson", EVENTS);
    ws
}

/// A value of `param_type` that makes sense for the test input.
fn generated(kind: &KindSpec, name: &str, param_type: ParamType) -> ParamValue {
    if let Some((_, _, value)) = EXAMPLES
        .iter()
        .find(|(k, p, _)| *k == kind.name && *p == name)
    {
        let value = ParamValue::Str(value.to_string());
        return if param_type.is_list() {
            ParamValue::List(vec![value])
        } else {
            value
        };
    }
    let text = |s: &str| ParamValue::Str(s.to_string());
    match param_type {
        ParamType::Text => text("1"),
        ParamType::Name => text("chosen"),
        ParamType::Char => text(","),
        ParamType::Path(PathAccess::Read) => text(match kind.name {
            "csv_source" => "data.csv",
            "parquet_source" => "data.parquet",
            _ => "events.ndjson",
        }),
        ParamType::Path(PathAccess::Write) => text(&format!("out/{}", kind.name)),
        ParamType::Expr => text("amount > 1"),
        ParamType::Query => text("SELECT * FROM t"),
        ParamType::Rules => text("Rules = [ IsComplete \"amount\", RowCount > 0 ]"),
        ParamType::Column => text("amount"),
        ParamType::Columns | ParamType::Texts => ParamValue::List(vec![text("amount")]),
        ParamType::Paths(_) => ParamValue::List(vec![text("lake")]),
        ParamType::CatalogTable => text("raw_lake"),
        ParamType::DataType => text("string"),
        ParamType::Choice(options) => text(options[0]),
        ParamType::Int { min, max } => ParamValue::Int(1.clamp(min, max)),
        ParamType::Float { min, max } => ParamValue::Float(0.5f64.clamp(min, max)),
        ParamType::Bool => ParamValue::Bool(false),
        ParamType::Records(fields) => ParamValue::List(vec![record(kind, fields)]),
    }
}

fn record(kind: &KindSpec, fields: &[FieldSpec]) -> ParamValue {
    let mut values = BTreeMap::new();
    for field in fields.iter().filter(|f| f.required) {
        values.insert(
            field.name.to_string(),
            generated(kind, field.name, field.field_type),
        );
    }
    ParamValue::Record(values)
}

/// A pipeline with one node of `kind`, every parameter without a default set, and each of its
/// inputs wired from `input` (an output of a node the caller adds through `feed`).
fn with_one(kind: &'static KindSpec, feed: impl Fn(&mut Pipeline) -> OutputRef) -> Pipeline {
    let mut pipeline = Pipeline::default();
    let input = feed(&mut pipeline);
    let id = pipeline.add_node(kind, "subject", Position::default());
    for spec in kind.params {
        let needs_value = matches!(spec.presence, Presence::Required | Presence::Optional)
            || EXAMPLES
                .iter()
                .any(|(k, p, _)| *k == kind.name && *p == spec.name);
        if needs_value {
            set(&mut pipeline, id.as_str(), kind, spec);
        }
    }
    match kind.inputs {
        InputPorts::Fixed(ports) => {
            for port in ports {
                let from = match port.port_type {
                    PortType::Table => input.clone(),
                    PortType::Catalog => crawler(&mut pipeline),
                    PortType::Stream => clickstream(&mut pipeline),
                    PortType::Model => recommender(&mut pipeline, input.clone()),
                };
                pipeline.connect(from, id.as_str(), port.name).unwrap();
            }
        }
        InputPorts::Named { .. } => pipeline.connect(input, id.as_str(), "t").unwrap(),
    }
    pipeline
}

fn set(pipeline: &mut Pipeline, id: &str, kind: &'static KindSpec, spec: &ParamSpec) {
    let value = generated(kind, spec.name, spec.param_type);
    if let Err(error) = pipeline.set_param(id, spec.name, value) {
        panic!("{}.{}: {error}", kind.name, spec.name);
    }
}

/// Adds a source node of `kind` reading `path`, and returns its output.
fn source(pipeline: &mut Pipeline, kind: &str, id: &str, path: &str) -> OutputRef {
    let kind = sluice::model::kind_spec(kind).unwrap();
    let id = pipeline.add_node(kind, id, Position::default());
    pipeline
        .set_param(id.as_str(), "path", ParamValue::Str(path.into()))
        .unwrap();
    pipeline.resolve_output(id.as_str()).unwrap()
}

/// Adds a crawler of the test input's partitioned folder and returns its catalog.
fn crawler(pipeline: &mut Pipeline) -> OutputRef {
    let kind = sluice::model::kind_spec("crawler").unwrap();
    let id = pipeline.add_node(kind, "crawler", Position::default());
    for spec in kind.params.iter().filter(|s| s.is_required()) {
        set(pipeline, id.as_str(), kind, spec);
    }
    pipeline
        .set_param(id.as_str(), "table_prefix", ParamValue::Str("raw_".into()))
        .unwrap();
    pipeline.resolve_output(id.as_str()).unwrap()
}

/// Adds a short clickstream and returns its events.
fn clickstream(pipeline: &mut Pipeline) -> OutputRef {
    let kind = sluice::model::kind_spec("clickstream_source").unwrap();
    let id = pipeline.add_node(kind, "clicks", Position::default());
    pipeline
        .set_param(id.as_str(), "max_events", ParamValue::Int(200))
        .unwrap();
    pipeline
        .set_param(id.as_str(), "pace", ParamValue::Str("fast".into()))
        .unwrap();
    pipeline.resolve_output(id.as_str()).unwrap()
}

/// Adds a recommender trained on the test input (customers rating statuses by amount) and
/// returns its model.
fn recommender(pipeline: &mut Pipeline, ratings: OutputRef) -> OutputRef {
    let kind = sluice::model::kind_spec("recommender_train").unwrap();
    let id = pipeline.add_node(kind, "trainer", Position::default());
    for (param, column) in [
        ("user_column", "customer"),
        ("item_column", "status"),
        ("rating_column", "amount"),
    ] {
        pipeline
            .set_param(id.as_str(), param, ParamValue::Str(column.into()))
            .unwrap();
    }
    pipeline.connect(ratings, id.as_str(), "ratings").unwrap();
    OutputRef::new(id, sluice::model::Ident::new("model").unwrap())
}

/// Adds the JSON source of the test input and returns its output.
fn events(pipeline: &mut Pipeline) -> OutputRef {
    source(pipeline, "json_source", "events", "events.ndjson")
}

/// Adds a CSV source of flat rows and returns its output.
fn flat_rows(pipeline: &mut Pipeline) -> OutputRef {
    source(pipeline, "csv_source", "flat", "data.csv")
}

/// The test input with no rows (typed columns, nested ones included).
fn no_events(pipeline: &mut Pipeline) -> OutputRef {
    let source = events(pipeline);
    let kind = sluice::model::kind_spec("filter").unwrap();
    let id = pipeline.add_node(kind, "none", Position::default());
    pipeline
        .set_param(
            id.as_str(),
            "predicate",
            ParamValue::Str("order_id < 0".into()),
        )
        .unwrap();
    pipeline.connect(source, id.as_str(), "in").unwrap();
    pipeline.resolve_output(id.as_str()).unwrap()
}

#[test]
fn every_kind_plans_locally_with_generated_parameters() {
    let ws = workspace();
    for kind in catalogue() {
        let pipeline = if FLAT_ONLY.contains(&kind.name) {
            with_one(kind, flat_rows)
        } else {
            with_one(kind, events)
        };
        let plan = plan_pipeline(&pipeline, ws.path());
        match plan.outcome("subject") {
            Some(NodeOutcome::Ready(outputs)) => {
                let ports: Vec<String> = outputs.iter().map(|(p, _)| p.to_string()).collect();
                let declared: Vec<String> = pipeline
                    .node("subject")
                    .unwrap()
                    .output_ports()
                    .iter()
                    .map(|p| p.name.to_string())
                    .collect();
                if kind.category != Category::Sink {
                    assert_eq!(
                        ports, declared,
                        "{}: an output per declared port",
                        kind.name
                    );
                }
                // A stream's preview is a sample of the events through it.
                for (port, value) in outputs.iter() {
                    if let Some(stream) = value.as_stream() {
                        let sample = stream
                            .sample()
                            .unwrap_or_else(|e| panic!("{}.{port}: {e}", kind.name));
                        assert_eq!(
                            sample.schema().len(),
                            stream.schema.len(),
                            "{}.{port}: the sample has the declared columns",
                            kind.name
                        );
                    }
                }
            }
            Some(NodeOutcome::Failed(error)) => {
                panic!(
                    "{} does not plan: {} ({})",
                    kind.name, error.message, error.code
                )
            }
            other => panic!("{}: {}", kind.name, other.is_some()),
        }
    }
}

#[test]
fn every_transform_accepts_an_empty_input() {
    let ws = workspace();
    let transforms: Vec<_> = catalogue()
        .iter()
        .filter(|k| k.category == Category::Transform)
        .collect();
    assert!(transforms.iter().any(|k| k.name == "sql"));
    for kind in transforms {
        let pipeline = with_one(kind, no_events);
        let plan = plan_pipeline(&pipeline, ws.path());
        let outputs = match plan.outcome("subject") {
            Some(NodeOutcome::Ready(outputs)) => outputs.clone(),
            Some(NodeOutcome::Failed(error)) => panic!("{}: {}", kind.name, error.message),
            _ => panic!("{} is not planned", kind.name),
        };
        for (port, value) in outputs.iter() {
            let table = value.as_table().unwrap();
            let frame = table
                .frame
                .clone()
                .collect()
                .unwrap_or_else(|e| panic!("{}.{port}: {e}", kind.name));
            assert_eq!(frame.height(), 0, "{}.{port}", kind.name);
        }
    }
}
