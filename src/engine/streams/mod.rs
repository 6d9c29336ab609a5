//! Stream nodes planned: each node's event schema worked out without running anything, a
//! factory that makes its runtime stage, and a sample of the events through it (its preview,
//! computed when first asked for from a short bounded run of its sources). `run` assembles the
//! stages of a pipeline's stream nodes into one graph on the stream runtime.

pub mod ask;
pub mod run;
mod stages;

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use polars::prelude::*;

use super::error::NodeError;
use super::plan::{NodeOutcome, PipelinePlan};
use super::recommender_train::ModelValue;
use super::value::{NodeOutputs, PortValue, Table};
use crate::model::{Code, Node, PortType};
use crate::stream::INGESTED_COLUMN;
use crate::stream::collect::Collected;
use crate::stream::fault::Fault;
use crate::stream::runtime::StageKind;

/// Events a preview's sample takes from each source.
pub const SAMPLE_EVENTS: usize = 500;

/// The stream kinds, each planned by its own arm in `stages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamKind {
    Clickstream,
    Replay,
    KinesisSource,
    KinesisSink,
    Filter,
    Map,
    Window,
    Lookup,
    Recommend,
    Serve,
    ToTable,
    Delivery,
}

/// How a stage is wanted: for a run (with its fault) or for a preview's sample.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageOptions {
    pub fault: Option<Fault>,
    /// A sample: sources bounded and unpaced, sinks writing nothing.
    pub sample: bool,
}

/// A stage made for a run, with what the runtime keeps of it.
pub struct MadeStage {
    pub kind: StageKind,
    /// Where a collecting sink (a stream to table) leaves what it kept.
    pub collected: Option<Collected>,
    /// The fault the runtime applies around the stage (a recommend node takes some itself).
    pub runtime_fault: Option<Fault>,
}

impl MadeStage {
    fn plain(kind: StageKind, options: StageOptions) -> Self {
        Self {
            kind,
            collected: None,
            runtime_fault: options.fault,
        }
    }
}

/// Makes a fresh stage of a node.
pub type StageFactory = Arc<dyn Fn(StageOptions) -> Result<MadeStage, String> + Send + Sync>;

/// The products of `column` of a table, in the table's order, ranked for a fallback list (the
/// first ranks highest).
pub(crate) fn ranked_products(
    frame: &LazyFrame,
    column: &str,
) -> Result<Vec<(String, usize)>, String> {
    let products = stages::texts_of(frame, column)?;
    let count = products.len();
    Ok(products
        .into_iter()
        .enumerate()
        .map(|(rank, product)| (product, count - rank))
        .collect())
}

/// The stream flowing out of a port.
#[derive(Clone)]
pub struct StreamValue {
    /// The events' columns (the ingestion time every event also carries is left out).
    pub schema: SchemaRef,
    /// The node whose stage makes this stream.
    pub node: String,
    sample: Arc<Sample>,
}

struct Sample {
    computed: OnceLock<Result<DataFrame, String>>,
    compute: Box<dyn Fn() -> Result<DataFrame, String> + Send + Sync>,
}

impl StreamValue {
    /// Events through this port from a short bounded run of its sources (computed once).
    pub fn sample(&self) -> Result<DataFrame, String> {
        self.sample
            .computed
            .get_or_init(|| (self.sample.compute)())
            .clone()
    }

    /// The sample with the ingestion column put back, as a stage receives events.
    fn stamped_sample(&self) -> Result<DataFrame, String> {
        let mut sample = self.sample()?;
        let rows = sample.height();
        sample
            .with_column(Column::new(INGESTED_COLUMN.into(), vec![0i64; rows]))
            .map_err(|e| e.to_string())?;
        Ok(sample)
    }
}

/// A planned stream node, as the run assembles it.
#[derive(Clone)]
pub struct StreamNode {
    /// The stream nodes it reads, in port order.
    pub inputs: Vec<String>,
    pub make: StageFactory,
}

/// What a node's inputs carry, by port.
pub(crate) struct StreamInputs {
    pub node: String,
    pub streams: Vec<(String, StreamValue)>,
    pub tables: Vec<(String, Table)>,
    pub model: Option<ModelValue>,
}

impl StreamInputs {
    fn stream(&self) -> Result<&StreamValue, NodeError> {
        self.streams.first().map(|(_, s)| s).ok_or_else(|| {
            NodeError::new(
                Code::UnconnectedInput,
                format!("`{}` has no stream wired in", self.node),
            )
        })
    }

    fn table(&self, port: &str) -> Option<&Table> {
        self.tables.iter().find(|(p, _)| p == port).map(|(_, t)| t)
    }
}

/// What a kind's planner gives: the events' schema, the factory, and its outputs' shape.
pub(crate) struct Planned {
    pub schema: SchemaRef,
    pub make: StageFactory,
}

impl Planned {
    /// A node whose stage is made by `make`.
    fn of(
        schema: SchemaRef,
        make: impl Fn(StageOptions) -> Result<MadeStage, String> + Send + Sync + 'static,
    ) -> Self {
        Self {
            schema,
            make: Arc::new(make),
        }
    }
}

/// Plans stream node `node` of kind `kind` from its inputs' outcomes in `plan`.
pub(crate) fn plan_stream(node: &Node, kind: StreamKind, plan: &mut PipelinePlan) -> NodeOutcome {
    let inputs = match gather(node, plan) {
        Ok(inputs) => inputs,
        Err(outcome) => return outcome,
    };
    let planned = match stages::plan(node, kind, &inputs, &plan.base_dir) {
        Ok(planned) => planned,
        Err(error) => return NodeOutcome::Failed(error),
    };
    let id = node.id.to_string();
    plan.streams.insert(
        id.clone(),
        StreamNode {
            inputs: inputs.streams.iter().map(|(_, s)| s.node.clone()).collect(),
            make: Arc::clone(&planned.make),
        },
    );
    let upstream: Vec<StreamValue> = inputs.streams.iter().map(|(_, s)| s.clone()).collect();
    let make = Arc::clone(&planned.make);
    let schema = planned.schema.clone();
    let sample = Arc::new(Sample {
        computed: OnceLock::new(),
        compute: Box::new(move || sample_through(&make, &upstream, &schema)),
    });
    let value = StreamValue {
        schema: planned.schema.clone(),
        node: id,
        sample,
    };
    let outputs = match node.default_output() {
        // A stream to table: before a run, its table is the sample of events reaching it.
        Some(port) if port.port_type == PortType::Table => {
            let value = value.clone();
            let schema = planned.schema.clone();
            let frame = DataFrame::empty_with_schema(&planned.schema).lazy().map(
                move |_| {
                    value
                        .sample()
                        .map_err(|e| PolarsError::ComputeError(e.into()))
                },
                OptFlags::empty(),
                Some(Arc::new(move |_: &Schema| Ok(Arc::clone(&schema)))),
                Some("stream_sample"),
            );
            NodeOutputs::new(vec![(
                port.name.to_string(),
                PortValue::Table(Table {
                    frame,
                    schema: planned.schema.clone(),
                }),
            )])
        }
        Some(port) => NodeOutputs::new(vec![(port.name.to_string(), PortValue::Stream(value))]),
        // A sink keeps what it takes under its input's name, for its preview.
        None => NodeOutputs::new(vec![("events".to_string(), PortValue::Stream(value))]),
    };
    NodeOutcome::Ready(outputs)
}

/// The sample of events out of a fresh stage fed its inputs' samples.
fn sample_through(
    make: &StageFactory,
    upstream: &[StreamValue],
    schema: &Schema,
) -> Result<DataFrame, String> {
    let options = StageOptions {
        fault: None,
        sample: true,
    };
    let made = make(options)?;
    let batches = match made.kind {
        StageKind::Source(mut source) => {
            let mut batches = Vec::new();
            let mut taken = 0;
            while taken < SAMPLE_EVENTS {
                match source.next_batch(SAMPLE_EVENTS - taken)? {
                    Some(batch) if batch.height() > 0 => {
                        taken += batch.height();
                        batches.push(batch);
                    }
                    _ => break,
                }
            }
            batches
        }
        StageKind::Operator(mut operator) => {
            let input = stacked(upstream)?;
            let mut output = operator.process(input)?;
            output.batches.extend(operator.finish()?.batches);
            output.batches
        }
        StageKind::Sink(_) => vec![stacked(upstream)?],
    };
    let lazy: Vec<LazyFrame> = batches.into_iter().map(IntoLazy::lazy).collect();
    if lazy.is_empty() {
        return Ok(DataFrame::empty_with_schema(schema));
    }
    let all = concat(lazy, UnionArgs::default())
        .and_then(LazyFrame::collect)
        .map_err(|e| e.to_string())?;
    Ok(all.drop_many([INGESTED_COLUMN]))
}

/// The inputs' samples, one after the other, stamped as a stage receives them.
fn stacked(upstream: &[StreamValue]) -> Result<DataFrame, String> {
    let frames = upstream
        .iter()
        .map(|s| s.stamped_sample().map(IntoLazy::lazy))
        .collect::<Result<Vec<_>, _>>()?;
    concat(frames, UnionArgs::default())
        .and_then(LazyFrame::collect)
        .map_err(|e| e.to_string())
}

/// The node's inputs, or the outcome of a node whose inputs are not ready.
fn gather(node: &Node, plan: &PipelinePlan) -> Result<StreamInputs, NodeOutcome> {
    let mut blockers = BTreeSet::new();
    let mut inputs = StreamInputs {
        node: node.id.to_string(),
        streams: Vec::new(),
        tables: Vec::new(),
        model: None,
    };
    for (port, source) in node.input_refs() {
        let outputs = match plan.outcomes.get(source.node.as_str()) {
            Some(NodeOutcome::Ready(outputs)) => outputs,
            Some(NodeOutcome::Blocked { by }) => {
                blockers.extend(by.iter().cloned());
                continue;
            }
            Some(NodeOutcome::Failed(_)) | None => {
                blockers.insert(source.node.to_string());
                continue;
            }
        };
        let port = port.to_string();
        match outputs.get(source.port.as_str()) {
            Some(PortValue::Stream(stream)) => inputs.streams.push((port, stream.clone())),
            Some(PortValue::Table(table)) => inputs.tables.push((port, table.clone())),
            Some(PortValue::Model(model)) => inputs.model = Some(model.clone()),
            Some(PortValue::Catalog(_)) | None => {
                return Err(NodeOutcome::Failed(NodeError::new(
                    Code::UnknownOutput,
                    format!("input `{port}` reads `{source}`, which gives nothing it can take"),
                )));
            }
        }
    }
    if blockers.is_empty() {
        Ok(inputs)
    } else {
        Err(NodeOutcome::Blocked { by: blockers })
    }
}
