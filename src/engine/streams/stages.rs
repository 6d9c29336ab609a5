//! Each stream kind planned: its parameters read and checked against its inputs' schemas, the
//! schema of the events it gives, and the factory of its runtime stage.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use polars::prelude::*;

use super::{MadeStage, Planned, SAMPLE_EVENTS, StageOptions, StreamInputs, StreamKind};
use crate::engine::columns::{InputName, require, require_all, sql_condition, sql_expression};
use crate::engine::error::NodeError;
use crate::engine::params::Params;
use crate::engine::value::Table;
use crate::model::duration::Seconds;
use crate::model::{Code, Node};
use crate::samples::clickstream::{Clickstream, ClickstreamSettings, Product};
use crate::stream::INGESTED_COLUMN;
use crate::stream::bounded::Bounded;
use crate::stream::clickstream_source::ClickstreamSource;
use crate::stream::collect::{Collect, Collected, Serve};
use crate::stream::delivery::{Delivery, DeliveryFormat, DeliverySettings};
use crate::stream::fault::Fault;
use crate::stream::kinesis::{KinesisSink, KinesisSource, KinesisSourceSettings, StartAt};
use crate::stream::lookup::LookupJoin;
use crate::stream::operator::{Filter, Map, Operator};
use crate::stream::recommend_stage::{ModelSlot, RecommendSettings, RecommendStage};
use crate::stream::replay::{Pace, ReplaySource};
use crate::stream::runtime::StageKind;
use crate::stream::window::{EventTimeWindow, WINDOW_END, WINDOW_START, WindowSettings};

/// Plans a node of stream kind `kind`.
pub(super) fn plan(
    node: &Node,
    kind: StreamKind,
    inputs: &StreamInputs,
    base_dir: &std::path::Path,
) -> Result<Planned, NodeError> {
    match kind {
        StreamKind::Clickstream => clickstream(node, inputs),
        StreamKind::Replay => replay(node, base_dir),
        StreamKind::KinesisSource => kinesis_source(node, base_dir),
        StreamKind::KinesisSink => kinesis_sink(node, inputs),
        StreamKind::Filter => filter(node, inputs),
        StreamKind::Map => map(node, inputs),
        StreamKind::Window => window(node, inputs),
        StreamKind::Lookup => lookup(node, inputs),
        StreamKind::Recommend => recommend(node, inputs),
        StreamKind::Serve => serve(node, inputs, base_dir),
        StreamKind::ToTable => to_table(inputs),
        StreamKind::Delivery => delivery(node, inputs, base_dir),
    }
}

fn input_name(inputs: &StreamInputs) -> InputName<'_> {
    InputName {
        node: &inputs.node,
        port: None,
    }
}

/// A span of time given as text (`50 ms`, `1 min`).
fn duration(params: &Params, name: &'static str) -> Result<Duration, NodeError> {
    let text = params.text(name)?;
    let seconds = Seconds::parse(&text).map_err(|e| NodeError::param(name, e))?;
    Ok(Duration::from_secs_f64(seconds.as_secs().max(0.0)))
}

fn micros(span: Duration) -> i64 {
    i64::try_from(span.as_micros()).unwrap_or(i64::MAX)
}

/// An empty batch of `schema` with the ingestion column, as a stage receives events.
fn empty_batch(schema: &Schema) -> LazyFrame {
    DataFrame::empty_with_schema(schema)
        .lazy()
        .with_column(lit(0i64).alias(INGESTED_COLUMN))
}

/// The schema of `frame` without the ingestion column.
fn events_schema(mut frame: LazyFrame) -> Result<SchemaRef, NodeError> {
    let mut schema = frame
        .collect_schema()
        .map_err(|e| NodeError::polars("the events' columns cannot be worked out", &e))?
        .as_ref()
        .clone();
    schema.shift_remove(INGESTED_COLUMN);
    Ok(Arc::new(schema))
}

fn bounded_events(params: &Params) -> Result<Option<u64>, NodeError> {
    Ok(match params.int("max_events") {
        Ok(events) => Some(u64::try_from(events).unwrap_or(0)),
        Err(error) if error.code == Code::MissingParameter => None,
        Err(error) => return Err(error),
    })
}

/// The text values of `column` of a table, computed.
pub(super) fn texts_of(table: &LazyFrame, column: &str) -> Result<Vec<String>, String> {
    let data = table
        .clone()
        .select([col(column).cast(DataType::String)])
        .collect()
        .map_err(|e| e.to_string())?;
    let values = data
        .column(column)
        .and_then(|c| c.str().cloned())
        .map_err(|e| e.to_string())?;
    Ok(values.iter().flatten().map(str::to_string).collect())
}

fn clickstream(node: &Node, inputs: &StreamInputs) -> Result<Planned, NodeError> {
    let params = Params::of(node);
    let customer_column = params.text("customer_column")?;
    let product_column = params.text("product_column")?;
    let line_column = params.text("line_column")?;
    let customers = inputs.table("customers").cloned();
    let products = inputs.table("products").cloned();
    let name = |port: &'static str| InputName {
        node: &inputs.node,
        port: Some(port),
    };
    if let Some(table) = &customers {
        require(
            &table.schema,
            &customer_column,
            name("customers"),
            "customer_column",
        )?;
    }
    let with_lines = match &products {
        Some(table) => {
            require(
                &table.schema,
                &product_column,
                name("products"),
                "product_column",
            )?;
            table.schema.contains(&line_column)
        }
        None => false,
    };
    let settings = ClickstreamSettings {
        seed: u64::try_from(params.int("seed")?).unwrap_or(0),
        events_per_second: params.float("events_per_second")?,
        burst_every_seconds: params.float("burst_every_seconds")?,
        burst_seconds: params.float("burst_seconds")?,
        burst_factor: params.float("burst_factor")?,
        concurrent_sessions: usize::try_from(params.int("sessions")?).unwrap_or(1),
    };
    let paced = params.text("pace")? == "realtime";
    let bound = bounded_events(&params)?;
    let schema = Arc::new(Schema::from_iter([
        Field::new(
            "event_time".into(),
            DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)),
        ),
        Field::new("session".into(), DataType::Int64),
        Field::new("customer".into(), DataType::String),
        Field::new("product".into(), DataType::String),
        Field::new("action".into(), DataType::String),
    ]));
    let node_id = node.id.to_string();
    let make = move |options: StageOptions| -> Result<MadeStage, String> {
        let customer_ids = match &customers {
            Some(table) => texts_of(&table.frame, &customer_column)?,
            None => (1..=500).map(|i| format!("C{i:05}")).collect(),
        };
        let product_list: Vec<Product> = match &products {
            Some(table) => {
                let codes = texts_of(&table.frame, &product_column)?;
                let lines = if with_lines {
                    texts_of(&table.frame, &line_column)?
                } else {
                    Vec::new()
                };
                codes
                    .into_iter()
                    .enumerate()
                    .map(|(i, code)| Product {
                        code,
                        line: lines.get(i).cloned().unwrap_or_default(),
                    })
                    .collect()
            }
            None => (1..=100)
                .map(|i| Product {
                    code: format!("P{i:04}"),
                    line: format!("line {}", i % 7),
                })
                .collect(),
        };
        let stream = Clickstream::new(customer_ids, product_list, settings.clone())
            .ok_or_else(|| format!("`{node_id}` has no customers or no products to click"))?;
        let mut source = ClickstreamSource::new(stream);
        if options.sample {
            let events = bound.map_or(SAMPLE_EVENTS as u64, |b| b.min(SAMPLE_EVENTS as u64));
            let sample = Bounded::new(source, events);
            return Ok(MadeStage::plain(
                StageKind::Source(Box::new(sample)),
                options,
            ));
        }
        // A run's events happen now.
        source = source.starting_at(chrono::Utc::now().timestamp_micros());
        if paced {
            source = source.paced();
        }
        let source: Box<dyn crate::stream::operator::Source> = match bound {
            Some(bound) => Box::new(Bounded::new(source, bound)),
            None => Box::new(source),
        };
        Ok(MadeStage::plain(StageKind::Source(source), options))
    };
    Ok(Planned::of(schema, make))
}

fn replay(node: &Node, base_dir: &std::path::Path) -> Result<Planned, NodeError> {
    let params = Params::of(node);
    let path = params.text("path")?;
    let file = crate::engine::paths::resolve(base_dir, &path);
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let scan = |file: &std::path::Path| -> PolarsResult<LazyFrame> {
        let path = PlRefPath::new(file.to_string_lossy().as_ref());
        match extension.as_str() {
            "csv" => LazyCsvReader::new(path).with_has_header(true).finish(),
            "parquet" => LazyFrame::scan_parquet(path, ScanArgsParquet::default()),
            _ => LazyJsonLineReader::new(path).finish(),
        }
    };
    if !["csv", "parquet", "json", "ndjson", "jsonl"].contains(&extension.as_str()) {
        return Err(NodeError::param(
            "path",
            format!("`{path}`: replay reads .csv, .ndjson (or .json lines) and .parquet files"),
        ));
    }
    if !file.is_file() {
        return Err(
            NodeError::new(Code::BadParameter, format!("`{path}` is not a file"))
                .with_param("path"),
        );
    }
    let mut frame = scan(&file).map_err(|e| NodeError::polars(&format!("reading `{path}`"), &e))?;
    if params.flag("parse_dates")? && extension != "parquet" {
        frame = crate::engine::dates::with_iso_dates(frame)
            .map_err(|e| NodeError::polars(&format!("reading `{path}`"), &e))?;
    }
    let schema = events_schema(frame.clone())
        .map_err(|e| NodeError::new(e.code, format!("`{path}`: {}", e.message)))?;
    let pace = match params.text("pace")?.as_str() {
        "rate" => Pace::EventsPerSecond(params.float("events_per_second")?),
        "timestamps" => {
            let column = params.optional_text("time_column")?.ok_or_else(|| {
                NodeError::param("time_column", "pace timestamps needs the time_column")
            })?;
            require(
                &schema,
                &column,
                InputName {
                    node: node.id.as_str(),
                    port: None,
                },
                "time_column",
            )?;
            Pace::Timestamps {
                column,
                speed: params.float("speed")?,
            }
        }
        _ => Pace::Fast,
    };
    let bound = bounded_events(&params)?;
    let make = move |options: StageOptions| -> Result<MadeStage, String> {
        let rows = match (options.sample, bound) {
            (true, bound) => SAMPLE_EVENTS.min(bound.map_or(usize::MAX, |b| b as usize)),
            (false, Some(bound)) => usize::try_from(bound).unwrap_or(usize::MAX),
            (false, None) => usize::MAX,
        };
        let mut lazy = frame.clone();
        if rows != usize::MAX {
            lazy = lazy.limit(rows as IdxSize);
        }
        let data = lazy
            .collect()
            .map_err(|e| format!("reading `{}`: {e}", file.display()))?;
        let pace = if options.sample {
            Pace::Fast
        } else {
            pace.clone()
        };
        let source = ReplaySource::new(data, pace)?;
        Ok(MadeStage::plain(
            StageKind::Source(Box::new(source)),
            options,
        ))
    };
    Ok(Planned::of(schema, make))
}

/// A planned operator whose stage is made by `operator`.
fn operator_stage(
    schema: SchemaRef,
    operator: impl Fn() -> Result<Box<dyn Operator>, String> + Send + Sync + 'static,
) -> Planned {
    Planned {
        schema,
        make: Arc::new(move |options| {
            Ok(MadeStage::plain(StageKind::Operator(operator()?), options))
        }),
    }
}

fn filter(node: &Node, inputs: &StreamInputs) -> Result<Planned, NodeError> {
    let input = inputs.stream()?;
    let predicate = Params::of(node).text("predicate")?;
    let empty = empty_batch(&input.schema);
    let condition = sql_condition(
        &predicate,
        &empty,
        &input.schema,
        input_name(inputs),
        "predicate",
    )?;
    Ok(operator_stage(input.schema.clone(), move || {
        Ok(Box::new(Filter::from_expr(condition.clone())))
    }))
}

fn map(node: &Node, inputs: &StreamInputs) -> Result<Planned, NodeError> {
    let input = inputs.stream()?;
    let params = Params::of(node);
    let mut columns = Vec::new();
    for entry in params.records("columns")? {
        let name = entry.text("name")?;
        let text = entry.text("expression")?;
        let expr = sql_expression(&text, &input.schema, input_name(inputs), "columns")?;
        columns.push(expr.alias(name.as_str()));
    }
    if columns.is_empty() {
        return Err(NodeError::param("columns", "add at least one column"));
    }
    let schema = events_schema(empty_batch(&input.schema).with_columns(columns.clone()))
        .map_err(|e| e.with_param("columns"))?;
    Ok(operator_stage(schema, move || {
        Ok(Box::new(Map::from_exprs(columns.clone())))
    }))
}

fn window(node: &Node, inputs: &StreamInputs) -> Result<Planned, NodeError> {
    let input = inputs.stream()?;
    let params = Params::of(node);
    let time_column = params.text("time_column")?;
    require(
        &input.schema,
        &time_column,
        input_name(inputs),
        "time_column",
    )?;
    match input.schema.get(&time_column) {
        Some(DataType::Datetime(..) | DataType::Date) => {}
        Some(dtype) if dtype.is_integer() => {}
        Some(other) => {
            return Err(NodeError::param(
                "time_column",
                format!(
                    "`{time_column}` holds {}; event times are whole microseconds or datetimes",
                    crate::engine::types::type_name(other)
                ),
            ));
        }
        None => {}
    }
    let size = duration(&params, "size")?;
    let slide = match params.optional_text("slide")? {
        Some(_) => duration(&params, "slide")?,
        None => size,
    };
    if size.is_zero() {
        return Err(NodeError::param(
            "size",
            "a window's size must be more than 0",
        ));
    }
    if slide.is_zero() || slide > size {
        return Err(NodeError::param(
            "slide",
            "the slide must be more than 0 and at most the window's size",
        ));
    }
    let keys = params.texts("group_by")?;
    require_all(&input.schema, &keys, input_name(inputs), "group_by")?;
    let aggregates = crate::engine::transforms::aggregate::aggregations(
        &params,
        &input.schema,
        input_name(inputs),
        &keys,
    )?;
    let key_exprs: Vec<Expr> = keys.iter().map(|k| col(k.as_str())).collect();
    let schema = events_schema(
        DataFrame::empty_with_schema(&input.schema)
            .lazy()
            .group_by_stable(key_exprs)
            .agg(aggregates.clone())
            .with_columns([lit(0i64).alias(WINDOW_START), lit(0i64).alias(WINDOW_END)]),
    )
    .map_err(|e| e.with_param("aggregations"))?;
    let settings = WindowSettings {
        time_column,
        size_micros: micros(size),
        slide_micros: micros(slide),
        out_of_order_micros: micros(duration(&params, "out_of_order")?),
        allowed_lateness_micros: micros(duration(&params, "allowed_lateness")?),
        keys,
        aggregates,
    };
    Ok(operator_stage(schema, move || {
        Ok(Box::new(EventTimeWindow::new(settings.clone())?))
    }))
}

fn lookup(node: &Node, inputs: &StreamInputs) -> Result<Planned, NodeError> {
    let input = inputs.stream()?;
    let params = Params::of(node);
    let Some(table) = inputs.table("table").cloned() else {
        return Err(NodeError::new(
            Code::UnconnectedInput,
            format!("input `table` of `{}` is not connected", inputs.node),
        ));
    };
    let keys = params.texts("on")?;
    if keys.is_empty() {
        return Err(NodeError::param("on", "name at least one key column"));
    }
    require_all(&input.schema, &keys, input_name(inputs), "on")?;
    require_all(
        &table.schema,
        &keys,
        InputName {
            node: &inputs.node,
            port: Some("table"),
        },
        "on",
    )?;
    let inner = params.text("how")? == "inner";
    let key_exprs: Vec<Expr> = keys.iter().map(|k| col(k.as_str())).collect();
    let schema = events_schema(empty_batch(&input.schema).join(
        DataFrame::empty_with_schema(&table.schema).lazy(),
        key_exprs.clone(),
        key_exprs,
        JoinArgs::new(JoinType::Left),
    ))
    .map_err(|e| e.with_param("on"))?;
    let Table { frame, .. } = table;
    let loaded: Arc<Mutex<Option<DataFrame>>> = Arc::new(Mutex::new(None));
    Ok(operator_stage(schema, move || {
        // The table is read once, on the first stage made, and shared after.
        let mut slot = loaded.lock().map_err(|_| "the lookup table was lost")?;
        let data = match slot.as_ref() {
            Some(data) => data.clone(),
            None => {
                let data = frame.clone().collect().map_err(|e| e.to_string())?;
                *slot = Some(data.clone());
                data
            }
        };
        Ok(Box::new(LookupJoin::new(data, &keys, inner)?))
    }))
}

fn recommend(node: &Node, inputs: &StreamInputs) -> Result<Planned, NodeError> {
    let input = inputs.stream()?;
    let params = Params::of(node);
    let column = |name: &'static str| -> Result<String, NodeError> {
        let column = params.text(name)?;
        require(&input.schema, &column, input_name(inputs), name)?;
        Ok(column)
    };
    let session_column = column("session_column")?;
    let product_column = column("product_column")?;
    let action_column = column("action_column")?;
    let Some(model) = inputs.model.clone() else {
        return Err(NodeError::new(
            Code::UnconnectedInput,
            format!(
                "input `model` of `{}` is not connected; wire a trained recommender into it",
                inputs.node
            ),
        ));
    };
    let serving = serving_settings(&params)?;
    let settings = RecommendSettings {
        session_column,
        product_column,
        action_column,
        k: serving.k,
        deadline: serving.deadline,
        recent_kept: serving.recent_kept,
        ..RecommendSettings::default()
    };
    let mut schema = input.schema.as_ref().clone();
    schema.extend([
        Field::new("recommended".into(), DataType::String),
        Field::new("top_score".into(), DataType::Float64),
        Field::new("fallback".into(), DataType::Boolean),
        Field::new("fallback_reason".into(), DataType::String),
    ]);
    let schema = Arc::new(schema);
    // The fallback list, apart from the model when a table of popular products is wired in.
    let popular_table = match inputs.table("popular") {
        Some(table) => Some((
            table.frame.clone(),
            popular_column(&params, &table.schema, &inputs.node)?,
        )),
        None => None,
    };
    let make = move |options: StageOptions| -> Result<MadeStage, String> {
        let mut settings = settings.clone();
        let (slot, mut popular) = match model.get() {
            Ok(trained) => {
                let popular = trained.popular.clone();
                (ModelSlot::new(Some(trained)), popular)
            }
            Err(reason) => {
                let slot = ModelSlot::new(None);
                slot.fail(&reason);
                (slot, Vec::new())
            }
        };
        if let Some((frame, column)) = &popular_table {
            popular = super::ranked_products(frame, column)?;
        }
        // A failing or slow model is the model's fault: the stage falls back; a drop is the
        // runtime's.
        let runtime_fault = match options.fault {
            Some(Fault::Fail { after_events }) => {
                settings.fail_after_events = Some(after_events);
                None
            }
            Some(Fault::Slow(delay)) => {
                settings.model_delay = delay;
                // A request waits for the model until its deadline, then the fallback serves.
                Some(Fault::Slow(delay.min(settings.deadline)))
            }
            other => other,
        };
        Ok(MadeStage {
            kind: StageKind::Operator(Box::new(RecommendStage::new(slot, popular, settings))),
            collected: None,
            runtime_fault,
        })
    };
    Ok(Planned::of(schema, make))
}

/// How a recommend node answers one request: how many products, within what deadline, from
/// how many of the session's recent products.
pub(super) struct Serving {
    pub k: usize,
    pub deadline: Duration,
    pub recent_kept: usize,
}

pub(super) fn serving_settings(params: &Params) -> Result<Serving, NodeError> {
    Ok(Serving {
        k: usize::try_from(params.int("k")?).unwrap_or(1),
        deadline: duration(params, "deadline")?,
        recent_kept: usize::try_from(params.int("recent")?).unwrap_or(1),
    })
}

/// The popular table's product column: `popular_column`, checked against the table, or its
/// first column.
pub(super) fn popular_column(
    params: &Params,
    schema: &Schema,
    node: &str,
) -> Result<String, NodeError> {
    match params.optional_text("popular_column")? {
        Some(column) => {
            require(
                schema,
                &column,
                InputName {
                    node,
                    port: Some("popular"),
                },
                "popular_column",
            )?;
            Ok(column)
        }
        None => schema
            .iter_names()
            .next()
            .map(|n| n.to_string())
            .ok_or_else(|| NodeError::param("popular_column", "the popular table has no columns")),
    }
}

fn serve(
    node: &Node,
    inputs: &StreamInputs,
    base_dir: &std::path::Path,
) -> Result<Planned, NodeError> {
    let input = inputs.stream()?;
    let params = Params::of(node);
    let key = params.text("key_column")?;
    require(&input.schema, &key, input_name(inputs), "key_column")?;
    let log = params
        .optional_text("log_path")?
        .map(|path| crate::engine::paths::resolve(base_dir, &path));
    let make = move |options: StageOptions| -> Result<MadeStage, String> {
        let log = if options.sample { None } else { log.clone() };
        let serve = Serve::new(&key, log)?;
        Ok(MadeStage::plain(StageKind::Sink(Box::new(serve)), options))
    };
    Ok(Planned::of(input.schema.clone(), make))
}

fn to_table(inputs: &StreamInputs) -> Result<Planned, NodeError> {
    let input = inputs.stream()?;
    let make = move |options: StageOptions| -> Result<MadeStage, String> {
        let collected: Collected = Arc::default();
        Ok(MadeStage {
            kind: StageKind::Sink(Box::new(Collect::new(Arc::clone(&collected)))),
            collected: Some(collected),
            runtime_fault: options.fault,
        })
    };
    Ok(Planned::of(input.schema.clone(), make))
}

fn delivery(
    node: &Node,
    inputs: &StreamInputs,
    base_dir: &std::path::Path,
) -> Result<Planned, NodeError> {
    let input = inputs.stream()?;
    let params = Params::of(node);
    let time_column = params.text("time_column")?;
    require(
        &input.schema,
        &time_column,
        input_name(inputs),
        "time_column",
    )?;
    let settings = DeliverySettings {
        folder: crate::engine::paths::resolve(base_dir, &params.text("path")?),
        format: match params.text("format")?.as_str() {
            "ndjson" => DeliveryFormat::NdJson,
            _ => DeliveryFormat::Parquet,
        },
        time_column,
        buffer_bytes: (params.float("buffer_size_mib")? * 1024.0 * 1024.0) as usize,
        buffer_interval: duration(&params, "buffer_interval")?,
    };
    if settings.buffer_interval.is_zero() {
        return Err(NodeError::param(
            "buffer_interval",
            "the buffer interval must be more than 0",
        ));
    }
    let make = move |options: StageOptions| -> Result<MadeStage, String> {
        Ok(MadeStage::plain(
            StageKind::Sink(Box::new(Delivery::new(settings.clone()))),
            options,
        ))
    };
    Ok(Planned::of(input.schema.clone(), make))
}

fn kinesis_source(node: &Node, base_dir: &std::path::Path) -> Result<Planned, NodeError> {
    let params = Params::of(node);
    let stream_name = params.text("stream_name")?;
    let mut fields = Vec::new();
    for entry in params.records("columns")? {
        let name = entry.text("name")?;
        let type_name = entry.text("type")?;
        let dtype = crate::engine::types::data_type(&type_name).ok_or_else(|| {
            NodeError::param("columns", format!("`{type_name}` is not a type this reads"))
        })?;
        fields.push(Field::new(name.as_str().into(), dtype));
    }
    if fields.is_empty() {
        return Err(NodeError::param("columns", "declare at least one column"));
    }
    let checkpoint = params
        .optional_text("checkpoint_path")?
        .map(|path| crate::engine::paths::resolve(base_dir, &path));
    let start = match params.text("start")?.as_str() {
        "latest" => StartAt::Latest,
        "at_sequence_number" => {
            StartAt::AtSequence(params.optional_text("sequence_number")?.ok_or_else(|| {
                NodeError::param(
                    "sequence_number",
                    "start = at_sequence_number needs the sequence_number",
                )
            })?)
        }
        "checkpoint" => {
            if checkpoint.is_none() {
                return Err(NodeError::param(
                    "checkpoint_path",
                    "start = checkpoint needs a checkpoint_path to resume from",
                ));
            }
            StartAt::Checkpoint
        }
        _ => StartAt::TrimHorizon,
    };
    let schema: SchemaRef = Arc::new(Schema::from_iter(fields));
    let bound = bounded_events(&params)?;
    let settings = KinesisSourceSettings {
        stream_name,
        start,
        schema: Arc::clone(&schema),
        checkpoint,
    };
    Ok(Planned::of(schema, move |options: StageOptions| {
        // A preview reads nothing from the stream: its sample is empty.
        if options.sample {
            return Ok(MadeStage::plain(
                StageKind::Source(Box::new(ReplaySource::new(
                    DataFrame::empty_with_schema(&settings.schema),
                    Pace::Fast,
                )?)),
                options,
            ));
        }
        let source = KinesisSource::new(settings.clone());
        let kind: Box<dyn crate::stream::operator::Source> = match bound {
            Some(bound) => Box::new(Bounded::new(source, bound)),
            None => Box::new(source),
        };
        Ok(MadeStage::plain(StageKind::Source(kind), options))
    }))
}

fn kinesis_sink(node: &Node, inputs: &StreamInputs) -> Result<Planned, NodeError> {
    let input = inputs.stream()?;
    let params = Params::of(node);
    let stream_name = params.text("stream_name")?;
    let key = params.text("partition_key")?;
    require(&input.schema, &key, input_name(inputs), "partition_key")?;
    Ok(Planned::of(
        input.schema.clone(),
        move |options: StageOptions| {
            Ok(MadeStage::plain(
                StageKind::Sink(Box::new(KinesisSink::new(&stream_name, &key))),
                options,
            ))
        },
    ))
}
