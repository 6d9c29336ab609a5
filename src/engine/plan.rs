//! A pipeline turned into lazy frames, node by node, with each node's schema or the reason it
//! has none. Errors belong to the node that caused them; nodes downstream are "blocked by" it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::error::NodeError;
use super::sources;
use super::transforms::{self, Input, Inputs};
use crate::model::file_format::SourceMap;
use crate::model::graph::topological_order;
use crate::model::kinds::Category;
use crate::model::port::InputPorts;
use crate::model::{Diagnostic, Node, Pipeline, Severity};

/// What is known about one node's output.
// One outcome is kept per node, so the size of the ready variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub enum NodeOutcome {
    /// The output can be computed; its schema is known.
    Ready { frame: LazyFrame, schema: SchemaRef },
    /// The node itself is wrong.
    Failed(NodeError),
    /// An upstream node is wrong; these are the nodes at fault.
    Blocked { by: BTreeSet<String> },
}

impl NodeOutcome {
    pub fn schema(&self) -> Option<&SchemaRef> {
        match self {
            Self::Ready { schema, .. } => Some(schema),
            _ => None,
        }
    }
}

/// Every node's outcome, for one version of a pipeline.
pub struct PipelinePlan {
    /// Node ids in evaluation order (inputs before the nodes that read them).
    pub order: Vec<String>,
    pub outcomes: HashMap<String, NodeOutcome>,
    /// The folder relative paths are resolved against.
    pub base_dir: PathBuf,
    /// For each node, the paths of the source files its data comes from (for error messages).
    pub sources_of: HashMap<String, Vec<String>>,
}

impl PipelinePlan {
    /// A plan with no outcomes yet, knowing each node's source files.
    pub fn empty(pipeline: &Pipeline, base_dir: &Path) -> Self {
        let sources_of = pipeline
            .nodes
            .iter()
            .map(|node| {
                (
                    node.id.to_string(),
                    source_paths_upstream(pipeline, node.id.as_str()),
                )
            })
            .collect();
        Self {
            order: Vec::new(),
            outcomes: HashMap::new(),
            base_dir: base_dir.to_path_buf(),
            sources_of,
        }
    }

    /// The source files node `id` reads from, directly or upstream.
    pub fn reading(&self, id: &str) -> &[String] {
        self.sources_of
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn outcome(&self, id: &str) -> Option<&NodeOutcome> {
        self.outcomes.get(id)
    }

    /// The diagnostics of the whole pipeline: node errors, blocked nodes, unused outputs.
    pub fn diagnostics(
        &self,
        pipeline: &Pipeline,
        source_map: Option<&SourceMap>,
    ) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for id in &self.order {
            let located = |diagnostic: Diagnostic, param: Option<&str>| {
                let location = source_map.and_then(|map| match param {
                    Some(param) => map.param(id, param),
                    None => map.node(id),
                });
                match location {
                    Some(location) => diagnostic.at_location(location),
                    None => diagnostic,
                }
            };
            match self.outcomes.get(id) {
                Some(NodeOutcome::Failed(error)) => {
                    let diagnostic =
                        Diagnostic::error(error.code, error.message.clone()).at_node(id.clone());
                    found.push(located(diagnostic, error.param));
                }
                Some(NodeOutcome::Blocked { by }) => {
                    let names: Vec<String> = by.iter().map(|b| format!("`{b}`")).collect();
                    let message = format!("blocked by {}: fix that node first", names.join(", "));
                    let diagnostic = Diagnostic {
                        severity: Severity::Info,
                        ..Diagnostic::error("blocked", message)
                    }
                    .at_node(id.clone());
                    found.push(located(diagnostic, None));
                }
                _ => {}
            }
        }
        for node in &pipeline.nodes {
            let produces = !node.kind.outputs.is_empty();
            if produces && pipeline.consumers_of(node.id.as_str()).next().is_none() {
                let message = format!(
                    "the output of `{}` is not used; connect it to a transform or a sink",
                    node.id
                );
                let diagnostic =
                    Diagnostic::warning("unused-output", message).at_node(node.id.to_string());
                let location = source_map.and_then(|m| m.node(node.id.as_str()));
                found.push(match location {
                    Some(location) => diagnostic.at_location(location),
                    None => diagnostic,
                });
            }
        }
        if !pipeline.nodes.is_empty() && !pipeline.nodes.iter().any(|n| n.kind.is_sink()) {
            found.push(Diagnostic {
                severity: Severity::Info,
                ..Diagnostic::error(
                    "no-sink",
                    "the pipeline has no sink, so a run writes nothing; add a CSV or Parquet sink",
                )
            });
        }
        found
    }
}

/// The `path` of every source node at or upstream of `id`, in document order.
fn source_paths_upstream(pipeline: &Pipeline, id: &str) -> Vec<String> {
    let upstream = crate::model::graph::upstream_of(pipeline, id);
    pipeline
        .nodes
        .iter()
        .filter(|n| {
            n.kind.category == Category::Source
                && (n.id.as_str() == id || upstream.contains(n.id.as_str()))
        })
        .filter_map(|n| n.param("path").and_then(|p| p.as_str().map(str::to_string)))
        .collect()
}

/// Builds every node's lazy frame and schema. Reads only what schemas need: file headers,
/// Parquet footers, the first rows of CSV for type inference.
pub fn plan_pipeline(pipeline: &Pipeline, base_dir: &Path) -> PipelinePlan {
    let mut plan = PipelinePlan::empty(pipeline, base_dir);
    let order = match topological_order(pipeline) {
        Ok(order) => order,
        Err(on_cycle) => {
            for node in &pipeline.nodes {
                plan.order.push(node.id.to_string());
                let error = NodeError::new(
                    "cycle",
                    format!(
                        "this node is on a cycle ({}); a pipeline must flow one way",
                        on_cycle
                            .iter()
                            .map(|i| i.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                plan.outcomes
                    .insert(node.id.to_string(), NodeOutcome::Failed(error));
            }
            return plan;
        }
    };
    for index in order {
        let node = &pipeline.nodes[index];
        let outcome = plan_node(node, &plan, base_dir);
        plan.order.push(node.id.to_string());
        plan.outcomes.insert(node.id.to_string(), outcome);
    }
    plan
}

pub(crate) fn plan_node(node: &Node, plan: &PipelinePlan, base_dir: &Path) -> NodeOutcome {
    if let Err(error) = check_complete(node) {
        return NodeOutcome::Failed(error);
    }
    let mut blockers = BTreeSet::new();
    let mut inputs = Inputs {
        node: node.id.to_string(),
        ports: BTreeMap::new(),
    };
    for (port, source) in node.input_refs() {
        match plan.outcomes.get(source.node.as_str()) {
            Some(NodeOutcome::Ready { frame, schema }) => {
                inputs
                    .ports
                    .entry(port.to_string())
                    .or_default()
                    .push(Input {
                        frame: frame.clone(),
                        schema: schema.clone(),
                        from_node: source.node.to_string(),
                    });
            }
            Some(NodeOutcome::Blocked { by }) => blockers.extend(by.iter().cloned()),
            Some(NodeOutcome::Failed(_)) | None => {
                blockers.insert(source.node.to_string());
            }
        }
    }
    if !blockers.is_empty() {
        return NodeOutcome::Blocked { by: blockers };
    }
    let built = match node.kind.name {
        "csv_source" => sources::csv_source(node, base_dir),
        "parquet_source" => sources::parquet_source(node, base_dir),
        "json_source" => sources::json_source(node, base_dir),
        _ if node.kind.category == Category::Sink => {
            inputs.single("in").map(|input| input.frame.clone())
        }
        _ => transforms::build(node, &inputs).unwrap_or_else(|| {
            Err(NodeError::new(
                "not-runnable",
                format!("`{}` nodes cannot run locally yet", node.kind.name),
            ))
        }),
    };
    match built {
        Ok(mut frame) => match frame.collect_schema() {
            Ok(schema) => NodeOutcome::Ready { frame, schema },
            Err(error) => NodeOutcome::Failed(NodeError::polars(
                "the output schema cannot be worked out",
                &error,
            )),
        },
        Err(error) => NodeOutcome::Failed(error),
    }
}

/// Required parameters set and required inputs connected.
fn check_complete(node: &Node) -> Result<(), NodeError> {
    for spec in node.kind.params {
        if spec.is_required() && !node.params.contains_key(spec.name) {
            return Err(NodeError::new(
                "missing-parameter",
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
            for port in ports {
                if node.inputs_of(port.name).is_empty() {
                    return Err(NodeError::new(
                        "unconnected-input",
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
                    "unconnected-input",
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
