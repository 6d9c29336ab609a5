//! Edits to a pipeline that keep its invariants: unique ids, typed and acyclic wiring, valid
//! parameters. The file loader and the window both go through these checks.

use super::document::{Node, Pipeline, Position};
use super::graph;
use super::ident::Ident;
use super::kinds::KindSpec;
use super::param::{ParamType, ParamValue, PathAccess};
use super::port::{InputPorts, OutputPort, OutputRef, PortType};
use super::requirement::RequirementKeyType;
use super::suggest::{did_you_mean, list_or_none};

/// What joins an output of type `given` to an input of type `wanted`.
fn bridge(given: PortType, wanted: PortType) -> String {
    match (given, wanted) {
        (PortType::Catalog, PortType::Table) => {
            "read one of its tables with a Catalog source wired to it".into()
        }
        (_, PortType::Catalog) => "a catalog comes only from a Crawler".into(),
        _ => format!("put a node that turns a {given} into a {wanted} between them"),
    }
}

/// Why a wire cannot be made. Each message says what to do instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConnectError {
    #[error("there is no node `{node}`{hint}")]
    UnknownNode { node: String, hint: String },
    #[error("`{node}` ({kind}) has no output `{port}`; its outputs are: {known}")]
    UnknownOutput {
        node: String,
        kind: &'static str,
        port: String,
        known: String,
    },
    #[error("`{node}` ({kind}) has no output: nothing can be wired from it")]
    NoOutput { node: String, kind: &'static str },
    #[error("`{node}` has several outputs named by its parameters; name one: {known}")]
    OutputNotNamed { node: String, known: String },
    #[error("`{node}` ({kind}) has no input `{port}`; its inputs are: {known}")]
    UnknownInput {
        node: String,
        kind: &'static str,
        port: String,
        known: String,
    },
    #[error(
        "`{from}` gives a {given}, but input `{port}` of `{target}` takes a {wanted}; {}",
        bridge(*.given, *.wanted)
    )]
    TypeMismatch {
        from: String,
        given: PortType,
        target: String,
        port: String,
        wanted: PortType,
    },
    #[error(
        "connecting `{from}` to `{target}` would make a cycle: `{target}` already feeds `{from}`"
    )]
    Cycle { from: String, target: String },
    #[error("`{node}` cannot read its own output")]
    SelfLoop { node: String },
    #[error("input `{port}` of `{target}` takes one wire and already reads `{existing}`")]
    PortTaken {
        target: String,
        port: String,
        existing: String,
    },
    #[error("input `{port}` of `{target}` already reads `{from}`")]
    Duplicate {
        target: String,
        port: String,
        from: String,
    },
}

impl ConnectError {
    /// The diagnostic code of the refusal, for a file that asks for this wire.
    pub fn code(&self) -> super::code::Code {
        use super::code::Code;
        match self {
            Self::UnknownNode { .. } => Code::UnknownNode,
            Self::UnknownOutput { .. } | Self::NoOutput { .. } | Self::OutputNotNamed { .. } => {
                Code::UnknownOutput
            }
            Self::UnknownInput { .. } => Code::UnknownPort,
            Self::TypeMismatch { .. } => Code::PortTypeMismatch,
            Self::Cycle { .. } | Self::SelfLoop { .. } => Code::Cycle,
            Self::PortTaken { .. } => Code::TooManyInputs,
            Self::Duplicate { .. } => Code::DuplicateWire,
        }
    }
}

/// Why a node or parameter edit was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("there is no node `{0}`")]
    UnknownNode(String),
    #[error("a node `{0}` already exists")]
    DuplicateId(String),
    #[error(transparent)]
    BadId(#[from] super::ident::IdentError),
    #[error("`{kind}` has no parameter `{param}`{hint}")]
    UnknownParam {
        kind: &'static str,
        param: String,
        hint: String,
    },
    #[error("parameter `{param}` of `{node}`: {reason}")]
    BadValue {
        node: String,
        param: String,
        reason: String,
    },
    #[error("{0}")]
    BadTiming(String),
}

/// The `UnknownOutput` error for `port` of `node`.
fn unknown_output(node: &Node, port: &str) -> ConnectError {
    if node.kind.outputs.is_empty() {
        return ConnectError::NoOutput {
            node: node.id.to_string(),
            kind: node.kind.name,
        };
    }
    ConnectError::UnknownOutput {
        node: node.id.to_string(),
        kind: node.kind.name,
        port: port.to_string(),
        known: output_list(node),
    }
}

/// A node's outputs as `node.port` references, for messages.
fn output_list(node: &Node) -> String {
    let ports: Vec<String> = node
        .output_ports()
        .iter()
        .map(|p| format!("{}.{}", node.id, p.name))
        .collect();
    list_or_none(ports.iter().map(String::as_str))
}

impl Pipeline {
    /// An unused id for a new node, from `base`: `filter`, `filter_2`, `filter_3`, …
    pub fn fresh_id(&self, base: &str) -> Ident {
        let base = Ident::sanitized(base);
        if self.node(base.as_str()).is_none() {
            return base;
        }
        (2..)
            .map(|n| Ident::sanitized(&format!("{base}_{n}")))
            .find(|id| self.node(id.as_str()).is_none())
            .unwrap_or(base)
    }

    /// Adds a node of `kind` with an unused id derived from `base`, and returns the id.
    pub fn add_node(&mut self, kind: &'static KindSpec, base: &str, at: Position) -> Ident {
        let id = self.fresh_id(base);
        self.nodes.push(Node::new(id.clone(), kind));
        self.layout.insert(id.clone(), at);
        id
    }

    /// Makes the relative file paths of `nodes` (every node when `None`) absolute against
    /// `base`, only the paths read with `reads_only`; URIs (`s3://…`) are left alone. True when
    /// a path changed.
    pub fn make_paths_absolute(
        &mut self,
        base: &std::path::Path,
        nodes: Option<&[String]>,
        reads_only: bool,
    ) -> bool {
        let mut changed = false;
        for node in &mut self.nodes {
            if nodes.is_some_and(|only| !only.iter().any(|id| id == node.id.as_str())) {
                continue;
            }
            let kind = node.kind;
            for (name, value) in &mut node.params {
                let param_type = kind.param(name).map(|p| p.param_type);
                let wanted = |access: PathAccess| !reads_only || access == PathAccess::Read;
                let texts: Vec<&mut String> = match (param_type, value) {
                    (Some(ParamType::Path(access)), ParamValue::Str(text)) if wanted(access) => {
                        vec![text]
                    }
                    (Some(ParamType::Paths(access)), ParamValue::List(items)) if wanted(access) => {
                        items
                            .iter_mut()
                            .filter_map(|item| match item {
                                ParamValue::Str(text) => Some(text),
                                _ => None,
                            })
                            .collect()
                    }
                    _ => Vec::new(),
                };
                for text in texts {
                    let is_uri = text.contains("://");
                    if !is_uri && std::path::Path::new(text.as_str()).is_relative() {
                        *text = base.join(text.as_str()).display().to_string();
                        changed = true;
                    }
                }
            }
        }
        changed
    }

    /// Removes a node, every wire that reads it, and its place in the layout.
    pub fn remove_node(&mut self, id: &str) -> Result<Node, EditError> {
        let index = self
            .node_index(id)
            .ok_or_else(|| EditError::UnknownNode(id.to_string()))?;
        let removed = self.nodes.remove(index);
        for node in &mut self.nodes {
            for sources in node.inputs.values_mut() {
                sources.retain(|source| source.node.as_str() != id);
            }
            node.inputs.retain(|_, sources| !sources.is_empty());
        }
        self.layout.remove(id);
        for requirement in &mut self.requirements {
            requirement.applies_to.retain(|n| n.as_str() != id);
        }
        Ok(removed)
    }

    /// Gives a node a new id and updates every reference to it.
    pub fn rename_node(&mut self, old: &str, new: &str) -> Result<(), EditError> {
        let new_id = Ident::new(new)?;
        if old == new {
            return Ok(());
        }
        if self.node(new).is_some() {
            return Err(EditError::DuplicateId(new.to_string()));
        }
        let node = self
            .node_mut(old)
            .ok_or_else(|| EditError::UnknownNode(old.to_string()))?;
        node.id = new_id.clone();
        for node in &mut self.nodes {
            for source in node.inputs.values_mut().flatten() {
                if source.node.as_str() == old {
                    source.node = new_id.clone();
                }
            }
        }
        if let Some(position) = self.layout.remove(old) {
            self.layout.insert(new_id.clone(), position);
        }
        for requirement in &mut self.requirements {
            for target in &mut requirement.applies_to {
                if target.as_str() == old {
                    *target = new_id.clone();
                }
            }
            let node_keys: Vec<&str> = requirement
                .kind_spec()
                .map(|spec| {
                    spec.keys
                        .iter()
                        .filter(|k| k.key_type == RequirementKeyType::Node)
                        .map(|k| k.name)
                        .collect()
                })
                .unwrap_or_default();
            for key in node_keys {
                if let Some(value) = requirement.params.get_mut(key)
                    && value.as_str() == Some(old)
                {
                    *value = ParamValue::Str(new.to_string());
                }
            }
        }
        Ok(())
    }

    /// Sets one timing attribute of a node (`schedule`, `expected_duration`, …), or clears it.
    pub fn set_timing(&mut self, id: &str, key: &str, text: Option<&str>) -> Result<(), EditError> {
        let node = self
            .node_mut(id)
            .ok_or_else(|| EditError::UnknownNode(id.to_string()))?;
        node.timing.set(key, text).map_err(EditError::BadTiming)
    }

    /// Resolves `node` or `node.port` to an output reference, checking both exist.
    pub fn resolve_output(&self, reference: &str) -> Result<OutputRef, ConnectError> {
        let (node_text, port_text) = match reference.split_once('.') {
            Some((node, port)) => (node, Some(port)),
            None => (reference, None),
        };
        let node = self
            .node(node_text)
            .ok_or_else(|| self.unknown_node(node_text))?;
        let port = match port_text {
            Some(port) => node.output_port(port),
            None => node.default_output(),
        };
        match (port, port_text) {
            (Some(port), _) => Ok(OutputRef::new(node.id.clone(), port.name)),
            (None, Some(port)) => Err(unknown_output(node, port)),
            (None, None) if node.kind.outputs.is_empty() => Err(ConnectError::NoOutput {
                node: node.id.to_string(),
                kind: node.kind.name,
            }),
            (None, None) => Err(ConnectError::OutputNotNamed {
                node: node.id.to_string(),
                known: output_list(node),
            }),
        }
    }

    fn unknown_node(&self, name: &str) -> ConnectError {
        ConnectError::UnknownNode {
            node: name.to_string(),
            hint: did_you_mean(name, self.nodes.iter().map(|n| n.id.as_str())),
        }
    }

    /// Checks that `source` may be wired into input `port` of `target`, without changing anything.
    pub fn check_connection(
        &self,
        source: &OutputRef,
        target: &str,
        port: &str,
    ) -> Result<(), ConnectError> {
        let source_node = self
            .node(source.node.as_str())
            .ok_or_else(|| self.unknown_node(source.node.as_str()))?;
        let target_node = self.node(target).ok_or_else(|| self.unknown_node(target))?;
        let given = source_node
            .output_port(source.port.as_str())
            .ok_or_else(|| unknown_output(source_node, source.port.as_str()))?
            .port_type;
        let wanted = target_node.kind.inputs.port_type(port).ok_or_else(|| {
            let known = match target_node.kind.inputs {
                InputPorts::Fixed(ports) => list_or_none(ports.iter().map(|p| p.name)),
                InputPorts::Named { .. } => "any name made of letters, digits and _".to_string(),
            };
            ConnectError::UnknownInput {
                node: target.to_string(),
                kind: target_node.kind.name,
                port: port.to_string(),
                known,
            }
        })?;
        if given != wanted {
            return Err(ConnectError::TypeMismatch {
                from: source.node.to_string(),
                given,
                target: target.to_string(),
                port: port.to_string(),
                wanted,
            });
        }
        if source.node.as_str() == target {
            return Err(ConnectError::SelfLoop {
                node: target.to_string(),
            });
        }
        if graph::reaches(self, target, source.node.as_str()) {
            return Err(ConnectError::Cycle {
                from: source.node.to_string(),
                target: target.to_string(),
            });
        }
        let existing = target_node.inputs_of(port);
        if existing.contains(source) {
            return Err(ConnectError::Duplicate {
                target: target.to_string(),
                port: port.to_string(),
                from: source.node.to_string(),
            });
        }
        if let Some(first) = existing.first()
            && !target_node.kind.inputs.accepts_many(port)
        {
            return Err(ConnectError::PortTaken {
                target: target.to_string(),
                port: port.to_string(),
                existing: first.node.to_string(),
            });
        }
        Ok(())
    }

    /// Wires `source` into input `port` of `target` after checking it may be.
    pub fn connect(
        &mut self,
        source: OutputRef,
        target: &str,
        port: &str,
    ) -> Result<(), ConnectError> {
        self.check_connection(&source, target, port)?;
        let port_id = Ident::new(port).map_err(|_| ConnectError::UnknownInput {
            node: target.to_string(),
            kind: "",
            port: port.to_string(),
            known: String::new(),
        })?;
        if let Some(node) = self.node_mut(target) {
            node.inputs.entry(port_id).or_default().push(source);
        }
        Ok(())
    }

    /// Wires `source` into `port` of `target`, first removing the wire already in a port that takes
    /// only one (what dropping a wire on a taken input means). Every other check still refuses.
    pub fn connect_replacing(
        &mut self,
        source: OutputRef,
        target: &str,
        port: &str,
    ) -> Result<(), ConnectError> {
        match self.check_connection(&source, target, port) {
            Ok(()) => {}
            Err(ConnectError::PortTaken { .. }) => {
                let taken: Vec<OutputRef> = self
                    .node(target)
                    .map(|n| n.inputs_of(port).to_vec())
                    .unwrap_or_default();
                for old in &taken {
                    self.disconnect(old, target, port);
                }
            }
            Err(refused) => return Err(refused),
        }
        self.connect(source, target, port)
    }

    /// Removes the wire from `source` into input `port` of `target`; true when there was one.
    pub fn disconnect(&mut self, source: &OutputRef, target: &str, port: &str) -> bool {
        let Some(node) = self.node_mut(target) else {
            return false;
        };
        let Some(sources) = node.inputs.get_mut(port) else {
            return false;
        };
        let before = sources.len();
        sources.retain(|s| s != source);
        let removed = sources.len() != before;
        if sources.is_empty() {
            node.inputs.remove(port);
        }
        removed
    }

    /// Sets a parameter after checking the kind has it and the value fits its type.
    pub fn set_param(
        &mut self,
        node_id: &str,
        name: &str,
        value: ParamValue,
    ) -> Result<(), EditError> {
        let node = self
            .node_mut(node_id)
            .ok_or_else(|| EditError::UnknownNode(node_id.to_string()))?;
        let spec = node
            .kind
            .param(name)
            .ok_or_else(|| EditError::UnknownParam {
                kind: node.kind.name,
                param: name.to_string(),
                hint: did_you_mean(name, node.kind.params.iter().map(|p| p.name)),
            })?;
        value
            .check(&spec.param_type)
            .map_err(|reason| EditError::BadValue {
                node: node_id.to_string(),
                param: name.to_string(),
                reason,
            })?;
        let ports_before = node.output_ports();
        node.params.insert(name.to_string(), value);
        let ports_after = node.output_ports();
        if ports_before != ports_after {
            self.follow_renamed_outputs(node_id, &ports_before, &ports_after);
        }
        Ok(())
    }

    /// After a node's outputs changed (a router's route renamed or removed): a wire from a port
    /// that was renamed in place follows the new name; a wire from a port that is gone is removed.
    fn follow_renamed_outputs(
        &mut self,
        node_id: &str,
        before: &[OutputPort],
        after: &[OutputPort],
    ) {
        let renamed = |old: &Ident| -> Option<Ident> {
            let index = before.iter().position(|p| &p.name == old)?;
            let candidate = after.get(index)?;
            let is_new = !before.iter().any(|p| p.name == candidate.name);
            is_new.then(|| candidate.name.clone())
        };
        for node in &mut self.nodes {
            for sources in node.inputs.values_mut() {
                sources.retain_mut(|source| {
                    if source.node.as_str() != node_id
                        || after.iter().any(|p| p.name == source.port)
                    {
                        return true;
                    }
                    match renamed(&source.port) {
                        Some(name) => {
                            source.port = name;
                            true
                        }
                        None => false,
                    }
                });
            }
            node.inputs.retain(|_, sources| !sources.is_empty());
        }
    }

    /// Clears a parameter back to the kind's default.
    pub fn unset_param(
        &mut self,
        node_id: &str,
        name: &str,
    ) -> Result<Option<ParamValue>, EditError> {
        let node = self
            .node_mut(node_id)
            .ok_or_else(|| EditError::UnknownNode(node_id.to_string()))?;
        Ok(node.params.remove(name))
    }

    /// Moves a node on the canvas.
    pub fn set_position(&mut self, node_id: &str, at: Position) -> Result<(), EditError> {
        let node = self
            .node(node_id)
            .ok_or_else(|| EditError::UnknownNode(node_id.to_string()))?;
        let id = node.id.clone();
        self.layout.insert(id, at);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kind_spec;

    fn kind(name: &str) -> &'static KindSpec {
        kind_spec(name).unwrap_or_else(|| panic!("kind {name}"))
    }

    fn chain() -> Pipeline {
        let mut pipeline = Pipeline::default();
        let source = pipeline.add_node(kind("csv_source"), "orders", Position::default());
        let filter = pipeline.add_node(kind("filter"), "filter", Position::default());
        let out = pipeline.resolve_output(source.as_str()).unwrap();
        pipeline.connect(out, filter.as_str(), "in").unwrap();
        pipeline
    }

    #[test]
    fn refuses_cycles_self_loops_and_taken_ports_with_reasons() {
        let mut pipeline = chain();
        let filter_2 = pipeline.add_node(kind("filter"), "filter", Position::default());
        assert_eq!(filter_2.as_str(), "filter_2");
        let from_filter = pipeline.resolve_output("filter").unwrap();
        pipeline
            .connect(from_filter.clone(), "filter_2", "in")
            .unwrap();
        let from_filter_2 = pipeline.resolve_output("filter_2").unwrap();
        // `filter`'s input is taken too: the cycle is the reason given, as it is the one that
        // no replacement of the wire would cure.
        let cycle = pipeline.connect(from_filter_2, "filter", "in").unwrap_err();
        assert_eq!(
            cycle,
            ConnectError::Cycle {
                from: "filter_2".into(),
                target: "filter".into()
            }
        );
        assert_eq!(
            pipeline.connect(from_filter.clone(), "filter", "in"),
            Err(ConnectError::SelfLoop {
                node: "filter".into()
            })
        );
        let err = pipeline.connect(from_filter, "orders", "in").unwrap_err();
        assert!(err.to_string().contains("has no input `in`"), "{err}");
    }

    #[test]
    fn a_renamed_route_keeps_its_wires_and_a_removed_one_drops_them() {
        let mut pipeline = chain();
        let router = pipeline.add_node(kind("conditional_router"), "route", Position::default());
        let route = |name: &str| {
            ParamValue::Record(
                [
                    ("name".to_string(), ParamValue::Str(name.into())),
                    ("condition".to_string(), ParamValue::Str("a > 1".into())),
                ]
                .into(),
            )
        };
        let routes = |names: &[&str]| ParamValue::List(names.iter().map(|n| route(n)).collect());
        pipeline
            .set_param(router.as_str(), "routes", routes(&["big", "small"]))
            .unwrap();
        let sink = pipeline.add_node(kind("csv_sink"), "out", Position::default());
        let small = pipeline.resolve_output("route.small").unwrap();
        pipeline.connect(small, sink.as_str(), "in").unwrap();
        let default = pipeline.resolve_output("route.default").unwrap();
        let other = pipeline.add_node(kind("csv_sink"), "rest", Position::default());
        pipeline.connect(default, other.as_str(), "in").unwrap();

        pipeline
            .set_param(router.as_str(), "routes", routes(&["big", "tiny"]))
            .unwrap();
        assert_eq!(
            pipeline.node("out").unwrap().inputs_of("in")[0].to_string(),
            "route.tiny"
        );
        assert_eq!(
            pipeline.node("rest").unwrap().inputs_of("in")[0].to_string(),
            "route.default"
        );
        pipeline
            .set_param(router.as_str(), "routes", routes(&["big"]))
            .unwrap();
        assert!(pipeline.node("out").unwrap().inputs.is_empty());
        assert_eq!(pipeline.node("rest").unwrap().inputs_of("in").len(), 1);
        assert!(matches!(
            pipeline.resolve_output("route"),
            Err(ConnectError::OutputNotNamed { .. })
        ));
    }

    #[test]
    fn rename_and_remove_keep_references_whole() {
        let mut pipeline = chain();
        pipeline.rename_node("orders", "raw_orders").unwrap();
        assert_eq!(
            pipeline.node("filter").unwrap().inputs_of("in")[0]
                .node
                .as_str(),
            "raw_orders"
        );
        assert!(pipeline.layout.contains_key("raw_orders"));
        pipeline.remove_node("raw_orders").unwrap();
        assert!(pipeline.node("filter").unwrap().inputs.is_empty());
        assert!(
            pipeline
                .rename_node("filter", "9x")
                .unwrap_err()
                .to_string()
                .contains("not a valid id")
        );
    }

    /// A stand-in kind with a stream output: only its ports matter to the model's wiring checks
    /// (the engine never sees it).
    static STREAM_SOURCE: KindSpec = KindSpec {
        id: crate::model::KindId::CsvSource,
        name: "test_stream_source",
        title: "Test stream",
        category: crate::model::Category::Stream,
        summary: "Events for the test",
        help: "",
        aws_counterpart: "",
        inputs: InputPorts::Fixed(&[]),
        outputs: crate::model::port::OutputPorts::Fixed(&[crate::model::port::OutputPortSpec {
            name: "events",
            port_type: PortType::Stream,
        }]),
        params: &[],
    };

    #[test]
    fn refuses_a_stream_into_a_table_port_and_says_why() {
        let mut pipeline = chain();
        pipeline.add_node(&STREAM_SOURCE, "clicks", Position::default());
        let clicks = pipeline.resolve_output("clicks").unwrap();
        pipeline.disconnect(&pipeline.resolve_output("orders").unwrap(), "filter", "in");
        let err = pipeline.connect(clicks, "filter", "in").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`clicks` gives a stream, but input `in` of `filter` takes a table; put a node that turns a stream into a table between them"
        );
    }

    #[test]
    fn set_param_checks_name_and_type() {
        let mut pipeline = chain();
        let err = pipeline
            .set_param("filter", "predicat", ParamValue::Str("a > 1".into()))
            .unwrap_err();
        assert!(
            err.to_string().contains("did you mean `predicate`"),
            "{err}"
        );
        assert!(
            pipeline
                .set_param("filter", "predicate", ParamValue::Int(3))
                .is_err()
        );
        pipeline
            .set_param("filter", "predicate", ParamValue::Str("a > 1".into()))
            .unwrap();
    }
}
