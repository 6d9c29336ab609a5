//! Reading a pipeline file: every problem is reported with its line and column, and a file that
//! cannot be understood is refused whole rather than half-loaded.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::RESERVED_NODE_KEYS;
use super::source_map::SourceMap;
use crate::model::diagnostic::{Diagnostic, TextLocation};
use crate::model::document::{FORMAT_VERSION, KindRef, Node, Pipeline, Position, Requirement};
use crate::model::graph;
use crate::model::ident::Ident;
use crate::model::kinds::{catalogue, kind_spec};
use crate::model::param::{ParamType, ParamValue};
use crate::model::port::OutputRef;
use crate::model::suggest::{did_you_mean, list_or_none};

const TOP_LEVEL_KEYS: &[&str] = &[
    "format_version",
    "name",
    "description",
    "node",
    "requirement",
    "layout",
];
const REQUIREMENT_KEYS: &[&str] = &["id", "kind", "description", "applies_to"];

/// A pipeline file that could not be loaded, with every problem found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The file, when the text came from one.
    pub file: Option<PathBuf>,
    pub problems: Vec<Diagnostic>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.as_ref().map(|p| p.display().to_string());
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            if let Some(file) = &file {
                write!(f, "{file}:")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Reads and parses the pipeline file at `path`.
pub fn load_pipeline(path: &Path) -> Result<(Pipeline, SourceMap), LoadError> {
    let refuse = |message: String| LoadError {
        file: Some(path.to_path_buf()),
        problems: vec![Diagnostic::error("unreadable-file", message)],
    };
    let bytes = std::fs::read(path).map_err(|e| refuse(format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        refuse(format!(
            "the file is not valid UTF-8 (byte {at}); pipeline files are UTF-8 text"
        ))
    })?;
    parse_pipeline(&text).map_err(|mut error| {
        error.file = Some(path.to_path_buf());
        error
    })
}

/// Parses pipeline text. Every problem is collected; any problem refuses the whole file.
pub fn parse_pipeline(text: &str) -> Result<(Pipeline, SourceMap), LoadError> {
    let mut loader = Loader {
        text,
        problems: Vec::new(),
        source_map: SourceMap::default(),
    };
    let pipeline = loader.load();
    let mut problems = loader.problems;
    if problems.is_empty() {
        Ok((pipeline, loader.source_map))
    } else {
        problems.sort_by_key(|p| p.location);
        Err(LoadError {
            file: None,
            problems,
        })
    }
}

/// A node's raw inputs, kept until every node is known.
struct PendingInputs {
    node: Ident,
    ports: Vec<(Spanned<String>, Vec<Spanned<String>>)>,
    span: Range<usize>,
}

struct Loader<'t> {
    text: &'t str,
    problems: Vec<Diagnostic>,
    source_map: SourceMap,
}

impl<'t> Loader<'t> {
    fn at(&self, span: &Range<usize>) -> TextLocation {
        TextLocation::of_offset(self.text, span.start)
    }

    fn problem(
        &mut self,
        code: &'static str,
        span: &Range<usize>,
        node: Option<&str>,
        message: String,
    ) {
        let mut diagnostic = Diagnostic::error(code, message).at_location(self.at(span));
        if let Some(node) = node {
            diagnostic = diagnostic.at_node(node);
        }
        self.problems.push(diagnostic);
    }

    fn load(&mut self) -> Pipeline {
        let mut pipeline = Pipeline::default();
        let root = match DeTable::parse(self.text) {
            Ok(root) => root.into_inner(),
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let message = format!("this is not valid TOML: {}", error.message().trim());
                self.problem("syntax", &span, None, message);
                return pipeline;
            }
        };
        let entries: BTreeMap<String, Spanned<DeValue>> = root
            .into_iter()
            .map(|(k, v)| (k.into_inner().into_owned(), v))
            .collect();
        for (key, value) in &entries {
            if !TOP_LEVEL_KEYS.contains(&key.as_str()) {
                let hint = did_you_mean(key, TOP_LEVEL_KEYS.iter().copied());
                self.problem(
                    "unknown-key",
                    &value.span(),
                    None,
                    format!("unknown key `{key}`{hint}"),
                );
            }
        }
        if !self.check_version(entries.get("format_version")) {
            return pipeline;
        }
        pipeline.name = self.optional_string(entries.get("name"), "name", None);
        pipeline.description =
            self.optional_string(entries.get("description"), "description", None);
        let mut pending = Vec::new();
        let mut id_spans: HashMap<String, Range<usize>> = HashMap::new();
        for table in self.array_of_tables(entries.get("node"), "node") {
            if let Some((node, inputs)) = self.node(table, &mut id_spans) {
                pipeline.nodes.push(node);
                pending.push(inputs);
            }
        }
        for inputs in pending {
            self.resolve_inputs(&mut pipeline, inputs);
        }
        if let Err(on_cycle) = graph::topological_order(&pipeline) {
            let names: Vec<&str> = on_cycle.iter().map(Ident::as_str).collect();
            let first = names.first().copied().unwrap_or_default();
            let span = id_spans.get(first).cloned().unwrap_or(0..0);
            let message = format!(
                "these nodes feed each other in a cycle: {}; a pipeline must flow one way",
                names.join(", ")
            );
            self.problem("cycle", &span, Some(first), message);
        }
        for table in self.array_of_tables(entries.get("requirement"), "requirement") {
            let span = table.1.clone();
            if let Some(requirement) = self.requirement(table, &pipeline) {
                if pipeline.requirements.iter().any(|r| r.id == requirement.id) {
                    let message = format!(
                        "two requirements are named `{}`; ids must be unique",
                        requirement.id
                    );
                    self.problem("duplicate-id", &span, None, message);
                }
                pipeline.requirements.push(requirement);
            }
        }
        if let Some(layout) = entries.get("layout") {
            pipeline.layout = self.layout(layout, &pipeline);
        }
        pipeline
    }

    /// Checks `format_version`; false when the rest of the file must not be read.
    fn check_version(&mut self, value: Option<&Spanned<DeValue>>) -> bool {
        let Some(value) = value else {
            self.problem(
                "missing-version",
                &(0..0),
                None,
                format!("the file has no `format_version`; add `format_version = {FORMAT_VERSION}` at the top"),
            );
            return false;
        };
        let version = match value.get_ref() {
            DeValue::Integer(integer) => {
                i64::from_str_radix(integer.as_str(), integer.radix()).ok()
            }
            _ => None,
        };
        match version {
            Some(v) if v > FORMAT_VERSION => {
                let message = format!(
                    "this file has format version {v}, written by a newer Sluice; this build reads versions up to {FORMAT_VERSION}. Update Sluice to open it"
                );
                self.problem("newer-version", &value.span(), None, message);
                false
            }
            Some(v) if v >= 1 => true,
            _ => {
                let message =
                    format!("`format_version` must be a whole number from 1 to {FORMAT_VERSION}");
                self.problem("bad-version", &value.span(), None, message);
                false
            }
        }
    }

    fn optional_string(
        &mut self,
        value: Option<&Spanned<DeValue>>,
        key: &str,
        node: Option<&str>,
    ) -> Option<String> {
        let value = value?;
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            other => {
                let message = format!("`{key}` must be a string, found {}", describe(other));
                self.problem("wrong-type", &value.span(), node, message);
                None
            }
        }
    }

    fn array_of_tables<'v>(
        &mut self,
        value: Option<&'v Spanned<DeValue<'t>>>,
        key: &str,
    ) -> Vec<(&'v DeTable<'t>, Range<usize>)> {
        let Some(value) = value else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            self.problem(
                "wrong-type",
                &value.span(),
                None,
                format!("`{key}` must be written as [[{key}]] tables"),
            );
            return Vec::new();
        };
        let mut tables = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(table) => tables.push((table, item.span())),
                other => {
                    let message =
                        format!("each `{key}` must be a table, found {}", describe(other));
                    self.problem("wrong-type", &item.span(), None, message);
                }
            }
        }
        tables
    }

    fn node(
        &mut self,
        (table, span): (&DeTable<'t>, Range<usize>),
        id_spans: &mut HashMap<String, Range<usize>>,
    ) -> Option<(Node, PendingInputs)> {
        let entries: BTreeMap<String, &Spanned<DeValue>> = table
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), v))
            .collect();
        let key_spans: BTreeMap<String, Range<usize>> = table
            .iter()
            .map(|(k, _)| (k.get_ref().to_string(), k.span()))
            .collect();
        let Some(id_value) = entries.get("id") else {
            self.problem(
                "missing-id",
                &span,
                None,
                "a node has no `id`; add a line such as `id = \"orders\"`".into(),
            );
            return None;
        };
        let id_text = self.optional_string(Some(id_value), "id", None)?;
        let id = match Ident::new(&id_text) {
            Ok(id) => id,
            Err(error) => {
                self.problem("bad-id", &id_value.span(), None, error.to_string());
                return None;
            }
        };
        if let Some(first) = id_spans.get(id.as_str()) {
            let first_line = self.at(first).line;
            let message = format!(
                "duplicate node id `{id}`: it is already used on line {first_line}; ids must be unique"
            );
            self.problem("duplicate-id", &id_value.span(), Some(id.as_str()), message);
            return None;
        }
        id_spans.insert(id.to_string(), id_value.span());
        self.source_map
            .record_node(id.as_str(), self.at(&id_value.span()));

        let Some(kind_value) = entries.get("kind") else {
            self.problem(
                "missing-kind",
                &id_value.span(),
                Some(id.as_str()),
                format!("node `{id}` has no `kind`"),
            );
            return None;
        };
        let kind_text = self.optional_string(Some(kind_value), "kind", Some(id.as_str()))?;
        let Some(kind) = kind_spec(&kind_text) else {
            let hint = did_you_mean(&kind_text, catalogue().iter().map(|k| k.name));
            let message = format!("node `{id}` has unknown kind `{kind_text}`{hint}");
            self.problem(
                "unknown-kind",
                &kind_value.span(),
                Some(id.as_str()),
                message,
            );
            return None;
        };
        let mut node = Node::new(id.clone(), kind);
        node.kind = KindRef(kind);
        node.description = self.optional_string(
            entries.get("description").copied(),
            "description",
            Some(id.as_str()),
        );

        for (key, value) in &entries {
            if RESERVED_NODE_KEYS.contains(&key.as_str()) {
                continue;
            }
            let Some(spec) = kind.param(key) else {
                let hint = did_you_mean(key, kind.params.iter().map(|p| p.name));
                let known = list_or_none(kind.params.iter().map(|p| p.name));
                let message = format!(
                    "`{}` has no parameter `{key}`{hint} (its parameters: {known})",
                    kind.name
                );
                let span = key_spans.get(key).cloned().unwrap_or_else(|| value.span());
                self.problem("unknown-parameter", &span, Some(id.as_str()), message);
                continue;
            };
            self.source_map
                .record_param(id.as_str(), key, self.at(&value.span()));
            match to_param_value(value, &spec.param_type) {
                Ok(param) => match param.check(&spec.param_type) {
                    Ok(()) => {
                        node.params.insert(key.clone(), param);
                    }
                    Err(reason) => {
                        let message = format!("parameter `{key}` of `{id}`: {reason}");
                        self.problem("bad-parameter", &value.span(), Some(id.as_str()), message);
                    }
                },
                Err((span, reason)) => {
                    let message = format!("parameter `{key}` of `{id}`: {reason}");
                    self.problem("bad-parameter", &span, Some(id.as_str()), message);
                }
            }
        }
        let inputs = self.raw_inputs(&id, entries.get("inputs").copied());
        Some((
            node,
            PendingInputs {
                node: id,
                ports: inputs,
                span,
            },
        ))
    }

    fn raw_inputs(
        &mut self,
        id: &Ident,
        value: Option<&Spanned<DeValue>>,
    ) -> Vec<(Spanned<String>, Vec<Spanned<String>>)> {
        let Some(value) = value else {
            return Vec::new();
        };
        let DeValue::Table(table) = value.get_ref() else {
            let message = "`inputs` must be a table such as { in = \"orders\" }".to_string();
            self.problem("wrong-type", &value.span(), Some(id.as_str()), message);
            return Vec::new();
        };
        let mut ports = Vec::new();
        for (port, sources) in table.iter() {
            let port = Spanned::new(port.span(), port.get_ref().to_string());
            let mut refs = Vec::new();
            match sources.get_ref() {
                DeValue::String(text) => refs.push(Spanned::new(sources.span(), text.to_string())),
                DeValue::Array(items) => {
                    for item in items.iter() {
                        if let DeValue::String(text) = item.get_ref() {
                            refs.push(Spanned::new(item.span(), text.to_string()));
                        } else {
                            let message =
                                format!("input `{}` must name nodes as strings", port.get_ref());
                            self.problem("wrong-type", &item.span(), Some(id.as_str()), message);
                        }
                    }
                }
                _ => {
                    let message = format!(
                        "input `{}` must be a node name such as \"orders\" or a list of them",
                        port.get_ref()
                    );
                    self.problem("wrong-type", &sources.span(), Some(id.as_str()), message);
                }
            }
            ports.push((port, refs));
        }
        ports
    }

    fn resolve_inputs(&mut self, pipeline: &mut Pipeline, pending: PendingInputs) {
        let Some(kind) = pipeline.node(pending.node.as_str()).map(|n| n.kind) else {
            return;
        };
        let mut resolved: BTreeMap<Ident, Vec<OutputRef>> = BTreeMap::new();
        for (port, sources) in pending.ports {
            let port_name = port.get_ref().as_str();
            let Some(wanted) = kind.inputs.port_type(port_name) else {
                let known = kind.inputs.fixed_names();
                let hint = did_you_mean(port_name, known.iter().copied());
                let known = list_or_none(known);
                let message = format!(
                    "`{}` ({}) has no input `{port_name}`{hint}; its inputs are: {known}",
                    pending.node, kind.name
                );
                self.problem(
                    "unknown-port",
                    &port.span(),
                    Some(pending.node.as_str()),
                    message,
                );
                continue;
            };
            if sources.len() > 1 && !kind.inputs.accepts_many(port_name) {
                let message = format!(
                    "input `{port_name}` of `{}` takes one node, but {} are listed",
                    pending.node,
                    sources.len()
                );
                self.problem(
                    "too-many-inputs",
                    &port.span(),
                    Some(pending.node.as_str()),
                    message,
                );
                continue;
            }
            let Ok(port_id) = Ident::new(port_name) else {
                let message =
                    format!("`{port_name}` is not a valid input name: use letters, digits and `_`");
                self.problem(
                    "unknown-port",
                    &port.span(),
                    Some(pending.node.as_str()),
                    message,
                );
                continue;
            };
            for source in sources {
                match pipeline.resolve_output(source.get_ref()) {
                    Ok(output) => {
                        let given = pipeline
                            .node(output.node.as_str())
                            .and_then(|n| n.kind.output(output.port.as_str()))
                            .map(|p| p.port_type);
                        if output.node == pending.node {
                            let message = format!("`{}` reads its own output", pending.node);
                            self.problem(
                                "cycle",
                                &source.span(),
                                Some(pending.node.as_str()),
                                message,
                            );
                        } else if given.is_some_and(|given| given != wanted) {
                            let given = given.map(|g| g.noun()).unwrap_or_default();
                            let message = format!(
                                "`{}` gives a {given}, but input `{port_name}` of `{}` takes a {wanted}",
                                output.node, pending.node
                            );
                            self.problem(
                                "port-type-mismatch",
                                &source.span(),
                                Some(pending.node.as_str()),
                                message,
                            );
                        } else {
                            resolved.entry(port_id.clone()).or_default().push(output);
                        }
                    }
                    Err(error) => {
                        let message = format!("input `{port_name}` of `{}`: {error}", pending.node);
                        self.problem(
                            "unknown-input-node",
                            &source.span(),
                            Some(pending.node.as_str()),
                            message,
                        );
                    }
                }
            }
        }
        let _ = pending.span;
        if let Some(node) = pipeline.node_mut(pending.node.as_str()) {
            node.inputs = resolved;
        }
    }

    fn requirement(
        &mut self,
        (table, span): (&DeTable<'t>, Range<usize>),
        pipeline: &Pipeline,
    ) -> Option<Requirement> {
        let entries: BTreeMap<String, &Spanned<DeValue>> = table
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), v))
            .collect();
        let ident_field = |loader: &mut Self, key: &str| -> Option<Ident> {
            let Some(value) = entries.get(key) else {
                loader.problem(
                    "missing-key",
                    &span,
                    None,
                    format!("a requirement has no `{key}`"),
                );
                return None;
            };
            let text = loader.optional_string(Some(value), key, None)?;
            Ident::new(&text)
                .map_err(|e| loader.problem("bad-id", &value.span(), None, e.to_string()))
                .ok()
        };
        let id = ident_field(self, "id")?;
        let kind = ident_field(self, "kind")?;
        let description =
            self.optional_string(entries.get("description").copied(), "description", None);
        let mut applies_to = Vec::new();
        if let Some(value) = entries.get("applies_to") {
            match value.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        let name = item.get_ref().as_str().unwrap_or_default();
                        match pipeline.node(name) {
                            Some(node) => applies_to.push(node.id.clone()),
                            None => {
                                let hint = did_you_mean(
                                    name,
                                    pipeline.nodes.iter().map(|n| n.id.as_str()),
                                );
                                let message = format!(
                                    "requirement `{id}` applies to `{name}`, which is not a node{hint}"
                                );
                                self.problem("unknown-node", &item.span(), None, message);
                            }
                        }
                    }
                }
                _ => self.problem(
                    "wrong-type",
                    &value.span(),
                    None,
                    "`applies_to` must be a list of node ids".into(),
                ),
            }
        }
        let mut params = BTreeMap::new();
        for (key, value) in &entries {
            if REQUIREMENT_KEYS.contains(&key.as_str()) {
                continue;
            }
            if Ident::new(key).is_err() {
                self.problem(
                    "bad-id",
                    &value.span(),
                    None,
                    format!("`{key}` is not a valid parameter name"),
                );
                continue;
            }
            match to_param_value(value, &ParamType::Text) {
                Ok(param) => {
                    params.insert(key.clone(), param);
                }
                Err((span, reason)) => self.problem(
                    "bad-parameter",
                    &span,
                    None,
                    format!("requirement `{id}`, `{key}`: {reason}"),
                ),
            }
        }
        Some(Requirement {
            id,
            kind,
            description,
            applies_to,
            params,
        })
    }

    fn layout(
        &mut self,
        value: &Spanned<DeValue>,
        pipeline: &Pipeline,
    ) -> BTreeMap<Ident, Position> {
        let mut layout = BTreeMap::new();
        let DeValue::Table(table) = value.get_ref() else {
            self.problem(
                "wrong-type",
                &value.span(),
                None,
                "`layout` must be a table of node positions".into(),
            );
            return layout;
        };
        for (key, position) in table.iter() {
            let name = key.get_ref().as_ref();
            let Some(node) = pipeline.node(name) else {
                let hint = did_you_mean(name, pipeline.nodes.iter().map(|n| n.id.as_str()));
                self.problem(
                    "unknown-node",
                    &key.span(),
                    None,
                    format!("the layout places `{name}`, which is not a node{hint}"),
                );
                continue;
            };
            let coordinate = |axis: &str| -> Option<f32> {
                match position.get_ref().get(axis).map(Spanned::get_ref) {
                    Some(DeValue::Integer(i)) => i64::from_str_radix(i.as_str(), i.radix())
                        .ok()
                        .map(|v| v as f32),
                    Some(DeValue::Float(f)) => {
                        f.as_str().parse::<f32>().ok().filter(|v| v.is_finite())
                    }
                    _ => None,
                }
            };
            match (coordinate("x"), coordinate("y")) {
                (Some(x), Some(y)) => {
                    layout.insert(node.id.clone(), Position { x, y });
                }
                _ => self.problem(
                    "wrong-type",
                    &position.span(),
                    Some(name),
                    format!("the position of `{name}` must be written {{ x = 120, y = 80 }}"),
                ),
            }
        }
        layout
    }
}

/// Converts a TOML value to a parameter value. Whole numbers become floats where a float is
/// expected, so `fraction = 1` reads as 1.0.
fn to_param_value(
    value: &Spanned<DeValue>,
    expected: &ParamType,
) -> Result<ParamValue, (Range<usize>, String)> {
    let fail = |reason: String| Err((value.span(), reason));
    match value.get_ref() {
        DeValue::String(text) => Ok(ParamValue::Str(text.to_string())),
        DeValue::Integer(integer) => match i64::from_str_radix(integer.as_str(), integer.radix()) {
            Ok(number) if matches!(expected, ParamType::Float { .. }) => {
                Ok(ParamValue::Float(number as f64))
            }
            Ok(number) => Ok(ParamValue::Int(number)),
            Err(_) => fail(format!(
                "{} does not fit in a 64-bit whole number",
                integer.as_str()
            )),
        },
        DeValue::Float(float) => match float.as_str().parse::<f64>() {
            Ok(number) if number.is_finite() => Ok(ParamValue::Float(number)),
            _ => fail("numbers must be finite".into()),
        },
        DeValue::Boolean(flag) => Ok(ParamValue::Bool(*flag)),
        DeValue::Datetime(_) => {
            fail("dates and times are written as strings here, in quotes".into())
        }
        DeValue::Array(items) => {
            let item_type = match expected {
                ParamType::Records(_) => ParamType::Text,
                other => *other,
            };
            let items = items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::Table(table) => record(table, expected),
                    _ => to_param_value(item, &item_type),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ParamValue::List(items))
        }
        DeValue::Table(table) => record(table, expected),
    }
}

fn record(table: &DeTable, expected: &ParamType) -> Result<ParamValue, (Range<usize>, String)> {
    let fields = match expected {
        ParamType::Records(fields) => *fields,
        _ => &[],
    };
    let mut record = BTreeMap::new();
    for (key, value) in table.iter() {
        let field_type = fields
            .iter()
            .find(|f| f.name == key.get_ref().as_ref())
            .map_or(ParamType::Text, |f| f.field_type);
        if let DeValue::Table(_) | DeValue::Array(_) = value.get_ref() {
            return Err((
                value.span(),
                "record fields must be plain values, not tables or lists".into(),
            ));
        }
        record.insert(
            key.get_ref().to_string(),
            to_param_value(value, &field_type)?,
        );
    }
    Ok(ParamValue::Record(record))
}

fn describe(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// Reads one parameter value written as in a pipeline file (`20`, `["a", "b"]`, `true`), for
/// the command line. Text that is not a TOML value is taken as a string when a string is
/// expected, so `status = 'paid'` needs no extra quotes.
pub fn parse_param_value(text: &str, expected: &ParamType) -> Result<ParamValue, String> {
    let document = format!("value = {text}");
    let parsed = DeTable::parse(&document).ok().and_then(|root| {
        root.into_inner()
            .into_iter()
            .find(|(k, _)| k.get_ref() == "value")
            .map(|(_, v)| v)
    });
    let stringy = expected.is_text();
    match parsed {
        Some(value) => match to_param_value(&value, expected) {
            Ok(ParamValue::Str(parsed)) => Ok(ParamValue::Str(parsed)),
            Ok(_) if stringy => Ok(ParamValue::Str(text.to_string())),
            Ok(value) => Ok(value),
            Err((_, reason)) => Err(reason),
        },
        None if stringy => Ok(ParamValue::Str(text.to_string())),
        None => Err(format!(
            "`{text}` is not a value; expected {}",
            expected.expectation()
        )),
    }
}
