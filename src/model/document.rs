//! The pipeline document: named nodes with parameters and wired inputs, requirements and layout.

use std::collections::BTreeMap;
use std::fmt;

use super::ident::Ident;
use super::kinds::KindSpec;
use super::param::{ParamSpec, ParamValue};
use super::port::{OutputPort, OutputPorts, OutputRef};
use super::timing::Timing;

/// The file format version this build writes, and the newest it reads.
pub const FORMAT_VERSION: i64 = 1;

/// A whole pipeline, as saved in a `*.sluice.toml` file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pipeline {
    pub name: Option<String>,
    pub description: Option<String>,
    /// Nodes in document order: the order of the file, new nodes at the end.
    pub nodes: Vec<Node>,
    pub requirements: Vec<Requirement>,
    /// Where each node sits on the canvas. Kept apart from the graph's meaning, so moving a node
    /// changes only these lines of the file.
    pub layout: BTreeMap<Ident, Position>,
}

/// A node: an instance of a kind, with its parameters and the outputs that feed its inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: Ident,
    pub kind: KindRef,
    pub description: Option<String>,
    /// Input port name -> the outputs wired into it, in order.
    pub inputs: BTreeMap<Ident, Vec<OutputRef>>,
    /// Parameters set explicitly; the kind's defaults apply to the others.
    pub params: BTreeMap<String, ParamValue>,
    /// Where it runs, its schedule, durations and buffers: what the requirement checks add up.
    pub timing: Timing,
}

/// A node's kind: compared and printed by name.
#[derive(Clone, Copy)]
pub struct KindRef(pub &'static KindSpec);

impl PartialEq for KindRef {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl fmt::Debug for KindRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

impl std::ops::Deref for KindRef {
    type Target = KindSpec;
    fn deref(&self) -> &KindSpec {
        self.0
    }
}

impl Node {
    /// A node of `kind` with no parameters set and nothing connected.
    pub fn new(id: Ident, kind: &'static KindSpec) -> Self {
        Self {
            id,
            kind: KindRef(kind),
            description: None,
            inputs: BTreeMap::new(),
            params: BTreeMap::new(),
            timing: Timing::default(),
        }
    }

    /// The parameter's value: the one set, else the kind's default.
    pub fn param(&self, name: &str) -> Option<ParamValue> {
        self.params
            .get(name)
            .cloned()
            .or_else(|| self.kind.param(name).and_then(ParamSpec::default_value))
    }

    /// Every output wired into this node, with the input port it feeds.
    pub fn input_refs(&self) -> impl Iterator<Item = (&Ident, &OutputRef)> {
        self.inputs
            .iter()
            .flat_map(|(port, sources)| sources.iter().map(move |source| (port, source)))
    }

    /// The node's output ports, in order: its kind's, named from its parameters where the kind
    /// says so (one per route of a router). Records without a valid, unused name give no port.
    pub fn output_ports(&self) -> Vec<OutputPort> {
        let fixed = |specs: &[super::port::OutputPortSpec]| -> Vec<OutputPort> {
            specs
                .iter()
                .filter_map(|spec| {
                    Ident::new(spec.name).ok().map(|name| OutputPort {
                        name,
                        port_type: spec.port_type,
                    })
                })
                .collect()
        };
        match self.kind.outputs {
            OutputPorts::Fixed(specs) => fixed(specs),
            OutputPorts::PerRecord {
                param,
                name_field,
                port_type,
                then,
            } => {
                let trailing = fixed(then);
                let mut ports: Vec<OutputPort> = Vec::new();
                let records = self.params.get(param).and_then(ParamValue::as_list);
                for record in records.unwrap_or_default() {
                    let ParamValue::Record(fields) = record else {
                        continue;
                    };
                    let Some(Ok(name)) = fields
                        .get(name_field)
                        .and_then(ParamValue::as_str)
                        .map(Ident::new)
                    else {
                        continue;
                    };
                    let taken = ports.iter().chain(&trailing).any(|p| p.name == name);
                    if !taken {
                        ports.push(OutputPort { name, port_type });
                    }
                }
                ports.extend(trailing);
                ports
            }
        }
    }

    /// The output port `name`, if the node has it.
    pub fn output_port(&self, name: &str) -> Option<OutputPort> {
        self.output_ports()
            .into_iter()
            .find(|p| p.name.as_str() == name)
    }

    /// The output a bare reference to the node (`orders`) means: the first of a kind with fixed
    /// outputs; none where the outputs are named by parameters, whose order may change.
    pub fn default_output(&self) -> Option<OutputPort> {
        match self.kind.outputs {
            OutputPorts::Fixed(_) => self.output_ports().into_iter().next(),
            OutputPorts::PerRecord { .. } => None,
        }
    }

    /// The outputs wired into `port`, in order.
    pub fn inputs_of(&self, port: &str) -> &[OutputRef] {
        self.inputs.get(port).map(Vec::as_slice).unwrap_or_default()
    }
}

/// A requirement the pipeline must meet (freshness, latency, throughput, fallback, quality), as
/// the file writes it; [`Requirement::typed`] reads it into its checked form.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub id: Ident,
    /// What is required: one of [`super::requirement::REQUIREMENT_KINDS`].
    pub kind: Ident,
    /// Who asked for it: "Marketing", "Data scientists".
    pub stakeholder: Option<String>,
    /// The requirement in the stakeholder's words.
    pub note: Option<String>,
    /// The nodes the requirement is about.
    pub applies_to: Vec<Ident>,
    /// The kind's keys (`max_age`, `budget`, `from`, …).
    pub params: BTreeMap<String, ParamValue>,
}

/// A node's position on the canvas, in canvas units.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Position {
    pub x: f32,
    pub y: f32,
}

impl Pipeline {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id.as_str() == id)
    }

    pub fn node_mut(&mut self, id: &str) -> Option<&mut Node> {
        self.nodes.iter_mut().find(|n| n.id.as_str() == id)
    }

    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id.as_str() == id)
    }

    /// The nodes whose inputs read an output of `id`.
    pub fn consumers_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes
            .iter()
            .filter(move |n| n.input_refs().any(|(_, source)| source.node.as_str() == id))
    }
}
