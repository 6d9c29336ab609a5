//! A pipeline turned into lazy frames, node by node, with each output's schema or the reason it
//! has none. Errors belong to the node that caused them; nodes downstream are "blocked by" it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::error::NodeError;
use super::kinds::{Build, Role, keeps_leading_rows, role};
use super::paths::Discovered;
use super::source_cache::SourceCache;
use super::sources::{self, SourceFormat};
use super::transforms::{Input, Inputs};
use super::value::{NodeOutputs, PortValue, Table};
use crate::model::graph::{topological_order, upstream_of};
use crate::model::port::InputPorts;
use crate::model::{Code, Node, Pipeline, Severity};

/// Where a pipeline is planned: the folder its relative paths are resolved against, and its
/// catalog file (`<name>.catalog.toml` beside it; none for an untitled pipeline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSite {
    pub base_dir: PathBuf,
    pub catalog_file: Option<PathBuf>,
    /// `<name>.history.toml`: what earlier runs measured (dynamic quality rules read it).
    pub history_file: Option<PathBuf>,
}

impl PlanSite {
    /// The site of the pipeline saved at `pipeline_file`.
    pub fn of_file(pipeline_file: &Path) -> Self {
        let base_dir = pipeline_file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Self {
            base_dir,
            catalog_file: Some(crate::model::catalog::catalog_path_for(pipeline_file)),
            history_file: Some(crate::model::history::history_path_for(pipeline_file)),
        }
    }

    /// A folder with no catalog file.
    pub fn folder(base_dir: &Path) -> Self {
        Self {
            base_dir: base_dir.to_path_buf(),
            catalog_file: None,
            history_file: None,
        }
    }
}

impl From<&Path> for PlanSite {
    fn from(base_dir: &Path) -> Self {
        Self::folder(base_dir)
    }
}

impl From<&PathBuf> for PlanSite {
    fn from(base_dir: &PathBuf) -> Self {
        Self::folder(base_dir)
    }
}

impl From<&PlanSite> for PlanSite {
    fn from(site: &PlanSite) -> Self {
        site.clone()
    }
}

/// A finding about a node that is not an error: a schema change a crawl made, a file it could
/// not classify.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub param: Option<&'static str>,
}

impl Notice {
    pub fn warning(code: Code, message: impl Into<String>, param: Option<&'static str>) -> Self {
        Self {
            severity: Severity::Warning,
            code,
            message: message.into(),
            param,
        }
    }

    pub fn info(code: Code, message: impl Into<String>, param: Option<&'static str>) -> Self {
        Self {
            severity: Severity::Info,
            code,
            message: message.into(),
            param,
        }
    }
}

/// What is known about one node's outputs.
#[derive(Clone)]
pub enum NodeOutcome {
    /// The outputs can be computed; their schemas are known.
    Ready(NodeOutputs),
    /// The node itself is wrong.
    Failed(NodeError),
    /// An upstream node is wrong; these are the nodes at fault.
    Blocked { by: BTreeSet<String> },
}

impl NodeOutcome {
    pub fn outputs(&self) -> Option<&NodeOutputs> {
        match self {
            Self::Ready(outputs) => Some(outputs),
            _ => None,
        }
    }

    /// The table on output `port`, or on the first output when `port` is `None`.
    pub fn table(&self, port: Option<&str>) -> Option<&Table> {
        let outputs = self.outputs()?;
        outputs.table(port.or_else(|| outputs.first_port())?)
    }
}

/// The files a planned source reads, kept to find which one a data error came from.
#[derive(Clone)]
struct SourceRead {
    format: SourceFormat,
    node: Node,
    files: Vec<PathBuf>,
}

/// Every planned node's outcome, for one version of a pipeline.
pub struct PipelinePlan {
    /// Planned node ids in evaluation order (inputs before the nodes that read them).
    pub order: Vec<String>,
    pub outcomes: HashMap<String, NodeOutcome>,
    /// The folder relative paths are resolved against.
    pub base_dir: PathBuf,
    /// The catalog file crawlers compare with and runs record crawls in.
    pub catalog_file: Option<PathBuf>,
    /// The run history dynamic quality rules compare with, and runs record in.
    pub history_file: Option<PathBuf>,
    /// Findings about nodes that are not errors, by node.
    pub notices: HashMap<String, Vec<Notice>>,
    /// The data-quality nodes evaluated so far under this plan (when their outputs were
    /// computed), by node.
    pub quality_reports: super::quality::node::QualityReports,
    /// The stream nodes planned, by node: how to make their stages for a run.
    pub streams: HashMap<String, super::streams::StreamNode>,
    sources: HashMap<String, SourceRead>,
    /// For each planned node, the source nodes at or upstream of it.
    sources_upstream: HashMap<String, BTreeSet<String>>,
    /// The nodes whose first rows come from the first rows of their sources, all the way up.
    leading_rows: HashSet<String>,
}

impl PipelinePlan {
    /// A plan with no outcomes yet.
    pub fn empty(site: impl Into<PlanSite>) -> Self {
        let site = site.into();
        Self {
            order: Vec::new(),
            outcomes: HashMap::new(),
            base_dir: site.base_dir,
            catalog_file: site.catalog_file,
            history_file: site.history_file,
            notices: HashMap::new(),
            quality_reports: Default::default(),
            streams: HashMap::new(),
            sources: HashMap::new(),
            sources_upstream: HashMap::new(),
            leading_rows: HashSet::new(),
        }
    }

    /// Whether node `id`'s first rows are read from its sources' first rows alone, so that the
    /// in-memory engine can take them without starting the streaming engine.
    pub fn keeps_leading_rows(&self, id: &str) -> bool {
        self.leading_rows.contains(id)
    }

    pub fn outcome(&self, id: &str) -> Option<&NodeOutcome> {
        self.outcomes.get(id)
    }

    /// Replaces a planned node's outputs (with materialised ones, in a run).
    pub fn set_outputs(&mut self, id: &str, outputs: NodeOutputs) {
        self.outcomes
            .insert(id.to_string(), NodeOutcome::Ready(outputs));
    }

    /// The table on output `port` of node `id` (its first output when `port` is `None`), or why
    /// there is none.
    pub fn table(&self, id: &str, port: Option<&str>) -> Result<&Table, NodeError> {
        match self.outcomes.get(id) {
            Some(NodeOutcome::Ready(outputs)) => {
                let port = port.or_else(|| outputs.first_port()).unwrap_or_default();
                match outputs.get(port) {
                    Some(value) => value.as_table().ok_or_else(|| {
                        NodeError::new(
                            Code::UnknownOutput,
                            format!(
                                "output `{port}` of `{id}` carries a {}, not a table",
                                value.noun()
                            ),
                        )
                    }),
                    None => Err(NodeError::new(
                        Code::UnknownOutput,
                        format!(
                            "`{id}` has no output `{port}`; its outputs are: {}",
                            outputs
                                .iter()
                                .map(|(p, _)| p)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )),
                }
            }
            Some(NodeOutcome::Failed(error)) => Err(error.clone()),
            Some(NodeOutcome::Blocked { by }) => {
                let names: Vec<String> = by.iter().map(|b| format!("`{b}`")).collect();
                Err(NodeError::new(
                    Code::Blocked,
                    format!("blocked by {}: fix that node first", names.join(", ")),
                ))
            }
            None => Err(NodeError::new(
                Code::UnknownNode,
                format!("there is no node `{id}`"),
            )),
        }
    }

    /// Every file the sources at or upstream of node `id` read.
    pub fn files_read_upstream(&self, id: &str) -> Vec<PathBuf> {
        self.sources_upstream
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|source| self.sources.get(source))
            .flat_map(|read| read.files.iter().cloned())
            .collect()
    }

    /// The source file a data error at node `id` came from: the first upstream file that fails
    /// when read alone. `None` when no file is to blame (the error is in a computation or in
    /// writing).
    pub fn file_at_fault(&self, id: &str) -> Option<PathBuf> {
        let reads: Vec<(&SourceRead, &PathBuf)> = self
            .sources_upstream
            .get(id)?
            .iter()
            .filter_map(|source| self.sources.get(source))
            .flat_map(|read| read.files.iter().map(move |file| (read, file)))
            .collect();
        // Only a file that fails when read alone is blamed, even when it is the only one: the
        // error may lie in a computation or in writing.
        let found = reads
            .iter()
            .find(|(read, file)| !reads_cleanly(read, file))
            .map(|(_, file)| (*file).clone());
        // Named as the pipeline names it: relative to its folder when inside it.
        found.map(|file| match file.strip_prefix(&self.base_dir) {
            Ok(relative) => relative.to_path_buf(),
            Err(_) => file,
        })
    }
}

/// Whether `file`, read alone as its source reads it, parses to the end.
fn reads_cleanly(read: &SourceRead, file: &Path) -> bool {
    let alone = Discovered {
        files: vec![file.to_path_buf()],
        partition_keys: Vec::new(),
        partition_values: Vec::new(),
    };
    sources::scan(read.format, &read.node, &alone)
        .and_then(|frame| {
            frame
                .select([all().as_expr().null_count()])
                .collect_with_engine(Engine::Streaming)
                .map_err(|e| NodeError::polars("reading", &e))
        })
        .is_ok()
}

/// Builds every node's lazy frames and schemas. Reads only what schemas need: file headers,
/// Parquet footers, the first rows of CSV for type inference.
pub fn plan_pipeline(pipeline: &Pipeline, site: impl Into<PlanSite>) -> PipelinePlan {
    plan_with(pipeline, site, None, &mut SourceCache::default())
}

/// Plans `targets` and what is upstream of them, nothing else: what a preview needs.
pub fn plan_upstream(
    pipeline: &Pipeline,
    site: impl Into<PlanSite>,
    targets: &[&str],
) -> PipelinePlan {
    plan_with(pipeline, site, Some(targets), &mut SourceCache::default())
}

/// Plans `targets` and their upstream (every node when `None`), reusing the sources in `cache`
/// whose parameters and files have not changed.
pub fn plan_with(
    pipeline: &Pipeline,
    site: impl Into<PlanSite>,
    targets: Option<&[&str]>,
    cache: &mut SourceCache,
) -> PipelinePlan {
    let mut plan = PipelinePlan::empty(site);
    let order = match topological_order(pipeline) {
        Ok(order) => order,
        Err(on_cycle) => {
            let names: Vec<&str> = on_cycle.iter().map(|i| i.as_str()).collect();
            for node in &pipeline.nodes {
                plan.order.push(node.id.to_string());
                let error = NodeError::new(
                    Code::Cycle,
                    format!(
                        "this node is on a cycle ({}); a pipeline must flow one way",
                        names.join(", ")
                    ),
                );
                plan.outcomes
                    .insert(node.id.to_string(), NodeOutcome::Failed(error));
            }
            return plan;
        }
    };
    let wanted: Option<HashSet<String>> = targets.map(|targets| {
        let mut wanted = HashSet::new();
        for target in targets {
            wanted.insert((*target).to_string());
            wanted.extend(upstream_of(pipeline, target));
        }
        wanted
    });
    cache.start_plan();
    for index in order {
        let node = &pipeline.nodes[index];
        if wanted
            .as_ref()
            .is_some_and(|w| !w.contains(node.id.as_str()))
        {
            continue;
        }
        let outcome = plan_node_cached(node, &mut plan, Some(cache));
        plan.order.push(node.id.to_string());
        plan.outcomes.insert(node.id.to_string(), outcome);
    }
    if targets.is_none() {
        // Scans of sources no longer in the pipeline (or changed) are let go.
        cache.end_plan();
    }
    plan
}

/// Plans one node from the outcomes of its inputs already in `plan`.
pub(crate) fn plan_node(node: &Node, plan: &mut PipelinePlan) -> NodeOutcome {
    plan_node_cached(node, plan, None)
}

fn plan_node_cached(
    node: &Node,
    plan: &mut PipelinePlan,
    cache: Option<&mut SourceCache>,
) -> NodeOutcome {
    let id = node.id.to_string();
    let mut upstream_sources: BTreeSet<String> = node
        .input_refs()
        .filter_map(|(_, source)| plan.sources_upstream.get(source.node.as_str()))
        .flatten()
        .cloned()
        .collect();
    let role = role(node.kind.id);
    if let Role::Source(_) = role {
        upstream_sources.insert(id.clone());
    }
    let leading = keeps_leading_rows(node.kind.id)
        && node
            .input_refs()
            .all(|(_, source)| plan.leading_rows.contains(source.node.as_str()));
    if leading {
        plan.leading_rows.insert(id.clone());
    }
    plan.sources_upstream.insert(id.clone(), upstream_sources);
    if let Err(error) = check_complete(node) {
        return NodeOutcome::Failed(error);
    }
    match role {
        Role::Crawler => {
            let catalog_file = plan.catalog_file.clone();
            return match super::crawl::plan_crawler(node, &plan.base_dir, catalog_file.as_deref()) {
                Ok((outputs, notices)) => {
                    plan.notices.insert(id, notices);
                    NodeOutcome::Ready(outputs)
                }
                Err(error) => NodeOutcome::Failed(error),
            };
        }
        Role::CatalogSource => {
            let catalog = match catalog_input(node, plan) {
                Ok(catalog) => catalog,
                Err(outcome) => return outcome,
            };
            return match super::catalog_read::plan_catalog_source(node, &catalog, &plan.base_dir) {
                Ok((frame, notices)) => {
                    plan.notices.insert(id.clone(), notices);
                    let port = node.default_output().map(|p| p.name.to_string());
                    match with_schemas(vec![(port.unwrap_or_default(), frame)]) {
                        Ok(outputs) => NodeOutcome::Ready(outputs),
                        Err(error) => NodeOutcome::Failed(error),
                    }
                }
                Err(error) => NodeOutcome::Failed(error),
            };
        }
        Role::Stream(kind) => return super::streams::plan_stream(node, kind, plan),
        Role::Source(_) | Role::Transform(_) | Role::Sink(_) | Role::Quality | Role::Train => {}
    }
    let inputs = match gather_inputs(node, plan) {
        Ok(inputs) => inputs,
        Err(blocked) => return blocked,
    };
    let built = match role {
        // Planned above.
        Role::Crawler | Role::CatalogSource | Role::Stream(_) => {
            return NodeOutcome::Blocked {
                by: BTreeSet::new(),
            };
        }
        Role::Source(format) => {
            return match plan_source(node, format, plan, cache) {
                Ok(outputs) => NodeOutcome::Ready(outputs),
                Err(error) => NodeOutcome::Failed(error),
            };
        }
        Role::Transform(Build::One(build)) => build(node, &inputs).map(|frame| {
            let port = node.default_output().map(|p| p.name.to_string());
            vec![(port.unwrap_or_default(), frame)]
        }),
        Role::Transform(Build::Ports(build)) => build(node, &inputs),
        Role::Train => {
            return match super::recommender_train::plan_train(node, &inputs) {
                Ok((model, tables)) => match with_schemas(tables) {
                    Ok(outputs) => NodeOutcome::Ready(
                        outputs.with_first("model".to_string(), PortValue::Model(model)),
                    ),
                    Err(error) => NodeOutcome::Failed(error),
                },
                Err(error) => NodeOutcome::Failed(error),
            };
        }
        Role::Quality => super::quality::node::plan_quality(
            node,
            &inputs,
            plan.history_file.as_deref(),
            &plan.quality_reports,
        ),
        // What a sink will write is kept under its input's name, for previews and runs.
        Role::Sink(format) => sink_input(node, &inputs).and_then(|built| {
            if let Some(input) = inputs.ports.values().flatten().next() {
                super::sinks::check_columns(format, &input.schema)?;
            }
            Ok(built)
        }),
    };
    match built.and_then(with_schemas) {
        Ok(outputs) => NodeOutcome::Ready(outputs),
        Err(error) => NodeOutcome::Failed(error),
    }
}

/// The outputs of a source: from the cache when its parameters and files are unchanged.
fn plan_source(
    node: &Node,
    format: SourceFormat,
    plan: &mut PipelinePlan,
    cache: Option<&mut SourceCache>,
) -> Result<NodeOutputs, NodeError> {
    let found = sources::discover_files(format, node, &plan.base_dir)?;
    plan.sources.insert(
        node.id.to_string(),
        SourceRead {
            format,
            node: node.clone(),
            files: found.files.clone(),
        },
    );
    let key = cache
        .as_ref()
        .map(|_| SourceCache::key(node, &plan.base_dir, &found));
    let mut cache = cache;
    if let (Some(cache), Some(key)) = (cache.as_deref_mut(), &key)
        && let Some(outputs) = cache.get(key).cloned()
    {
        cache.mark_used(key);
        return Ok(outputs);
    }
    let frame = sources::scan(format, node, &found)?;
    let port = node
        .default_output()
        .map(|p| p.name.to_string())
        .unwrap_or_default();
    let outputs = with_schemas(vec![(port, frame)])?;
    if let (Some(cache), Some(key)) = (cache, key) {
        cache.put(key, outputs.clone());
    }
    Ok(outputs)
}

/// The schema of each built frame, which also checks that the frame can be computed.
fn with_schemas(built: Vec<(String, LazyFrame)>) -> Result<NodeOutputs, NodeError> {
    let mut ports = Vec::with_capacity(built.len());
    for (port, mut frame) in built {
        let schema = frame.collect_schema().map_err(|error| {
            let message = super::error::polars_message(&error);
            NodeError::new(
                Code::EngineError,
                format!(
                    "the output schema cannot be worked out: {message}{}",
                    super::columns::struct_field_hint(&message)
                ),
            )
        })?;
        ports.push((port, PortValue::Table(Table { frame, schema })));
    }
    Ok(NodeOutputs::new(ports))
}

/// The frame a sink writes, named by its one table input, whatever that port is called.
fn sink_input(node: &Node, inputs: &Inputs) -> Result<Vec<(String, LazyFrame)>, NodeError> {
    let port = node
        .kind
        .inputs
        .fixed_names()
        .first()
        .copied()
        .unwrap_or("in");
    inputs
        .single(port)
        .map(|input| vec![(port.to_string(), input.frame.clone())])
}

/// The catalog wired into a catalog source, or the outcome of a node whose input is not ready.
fn catalog_input(
    node: &Node,
    plan: &PipelinePlan,
) -> Result<super::value::CatalogValue, NodeOutcome> {
    let Some((port, source)) = node.input_refs().next() else {
        return Err(NodeOutcome::Failed(NodeError::new(
            Code::UnconnectedInput,
            format!(
                "input `catalog` of `{}` is not connected; wire a crawler's catalog into it",
                node.id
            ),
        )));
    };
    match plan.outcomes.get(source.node.as_str()) {
        Some(NodeOutcome::Ready(outputs)) => outputs
            .get(source.port.as_str())
            .and_then(super::value::PortValue::as_catalog)
            .cloned()
            .ok_or_else(|| {
                NodeOutcome::Failed(NodeError::new(
                    Code::UnknownOutput,
                    format!("input `{port}` reads `{source}`, which gives no catalog"),
                ))
            }),
        Some(NodeOutcome::Blocked { by }) => Err(NodeOutcome::Blocked { by: by.clone() }),
        Some(NodeOutcome::Failed(_)) | None => Err(NodeOutcome::Blocked {
            by: [source.node.to_string()].into(),
        }),
    }
}

/// The node's inputs by port, or the outcome of a node whose inputs are not ready.
fn gather_inputs(node: &Node, plan: &PipelinePlan) -> Result<Inputs, NodeOutcome> {
    let mut blockers = BTreeSet::new();
    let mut inputs = Inputs {
        node: node.id.to_string(),
        ports: Default::default(),
    };
    for (port, source) in node.input_refs() {
        match plan.outcomes.get(source.node.as_str()) {
            Some(NodeOutcome::Ready(outputs)) => match outputs.table(source.port.as_str()) {
                Some(table) => inputs
                    .ports
                    .entry(port.to_string())
                    .or_default()
                    .push(Input {
                        frame: table.frame.clone(),
                        schema: table.schema.clone(),
                        from: source.clone(),
                    }),
                None => {
                    return Err(NodeOutcome::Failed(NodeError::new(
                        Code::UnknownOutput,
                        format!("input `{port}` reads `{source}`, which gives no table"),
                    )));
                }
            },
            Some(NodeOutcome::Blocked { by }) => blockers.extend(by.iter().cloned()),
            Some(NodeOutcome::Failed(_)) | None => {
                blockers.insert(source.node.to_string());
            }
        }
    }
    if blockers.is_empty() {
        Ok(inputs)
    } else {
        Err(NodeOutcome::Blocked { by: blockers })
    }
}

/// Required parameters set and required inputs connected.
fn check_complete(node: &Node) -> Result<(), NodeError> {
    for spec in node.kind.params {
        if spec.is_required() && !node.params.contains_key(spec.name) {
            return Err(NodeError::new(
                Code::MissingParameter,
                format!(
                    "`{}` ({}) needs parameter `{}`: {}",
                    node.id,
                    node.kind.title,
                    spec.name,
                    spec.help.to_lowercase()
                ),
            ));
        }
    }
    match node.kind.inputs {
        InputPorts::Fixed(ports) => {
            for port in ports.iter().filter(|p| p.required) {
                if node.inputs_of(port.name).is_empty() {
                    return Err(NodeError::new(
                        Code::UnconnectedInput,
                        format!(
                            "input `{}` of `{}` is not connected; wire a {} into it",
                            port.name, node.id, port.port_type
                        ),
                    ));
                }
            }
        }
        InputPorts::Named { min, port_type } => {
            if node.inputs.len() < min {
                return Err(NodeError::new(
                    Code::UnconnectedInput,
                    format!(
                        "`{}` needs at least {min} {port_type} input(s), named as the query refers to them",
                        node.id
                    ),
                ));
            }
        }
    }
    Ok(())
}
