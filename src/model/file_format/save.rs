//! Writing a pipeline as canonical text: the same document always gives the same bytes, in a
//! stable order that reads well and diffs well (one node per table, one record per line, layout
//! last).

use std::fmt::Write;

use crate::model::document::{FORMAT_VERSION, Node, Pipeline, Requirement};
use crate::model::kinds::KindSpec;
use crate::model::param::{ParamType, ParamValue};
use crate::model::port::{InputPorts, OutputRef};

/// Lists longer than this many characters are written one item per line.
const INLINE_LIST_MAX_CHARS: usize = 88;

/// The canonical text of `pipeline`.
pub fn to_canonical_text(pipeline: &Pipeline) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "format_version = {FORMAT_VERSION}");
    if let Some(name) = &pipeline.name {
        let _ = writeln!(out, "name = {}", string(name));
    }
    if let Some(description) = &pipeline.description {
        let _ = writeln!(out, "description = {}", string(description));
    }
    for node in &pipeline.nodes {
        out.push('\n');
        write_node(&mut out, pipeline, node);
    }
    for requirement in &pipeline.requirements {
        out.push('\n');
        write_requirement(&mut out, requirement);
    }
    if !pipeline.layout.is_empty() {
        out.push_str("\n[layout]\n");
        for (id, position) in &pipeline.layout {
            let _ = writeln!(out, "{id} = {{ x = {}, y = {} }}", position.x, position.y);
        }
    }
    out
}

fn write_node(out: &mut String, pipeline: &Pipeline, node: &Node) {
    let kind: &KindSpec = &node.kind;
    out.push_str("[[node]]\n");
    let _ = writeln!(out, "id = {}", string(node.id.as_str()));
    let _ = writeln!(out, "kind = {}", string(kind.name));
    if let Some(description) = &node.description {
        let _ = writeln!(out, "description = {}", string(description));
    }
    if !node.inputs.is_empty() {
        let mut ports: Vec<&str> = node.inputs.keys().map(|p| p.as_str()).collect();
        if let InputPorts::Fixed(specs) = kind.inputs {
            ports.sort_by_key(|p| {
                specs
                    .iter()
                    .position(|s| s.name == *p)
                    .unwrap_or(usize::MAX)
            });
        }
        let entries: Vec<String> = ports
            .iter()
            .map(|port| {
                let sources: Vec<String> = node
                    .inputs_of(port)
                    .iter()
                    .map(|s| string(&output_ref_text(pipeline, s)))
                    .collect();
                if kind.inputs.accepts_many(port) {
                    format!("{port} = [{}]", sources.join(", "))
                } else {
                    format!("{port} = {}", sources.join(", "))
                }
            })
            .collect();
        let _ = writeln!(out, "inputs = {{ {} }}", entries.join(", "));
    }
    // Parameters in the kind's declared order, which is the order of its form.
    for spec in kind.params {
        if let Some(value) = node.params.get(spec.name) {
            let _ = writeln!(
                out,
                "{} = {}",
                spec.name,
                value_text(value, &spec.param_type)
            );
        }
    }
    let timing = node.timing.entries();
    if !timing.is_empty() {
        let entries: Vec<String> = timing
            .iter()
            .map(|(key, text)| format!("{key} = {}", string(text)))
            .collect();
        let _ = writeln!(out, "timing = {{ {} }}", entries.join(", "));
    }
}

fn write_requirement(out: &mut String, requirement: &Requirement) {
    out.push_str("[[requirement]]\n");
    let _ = writeln!(out, "id = {}", string(requirement.id.as_str()));
    let _ = writeln!(out, "kind = {}", string(requirement.kind.as_str()));
    if let Some(stakeholder) = &requirement.stakeholder {
        let _ = writeln!(out, "stakeholder = {}", string(stakeholder));
    }
    if let Some(note) = &requirement.note {
        let _ = writeln!(out, "note = {}", string(note));
    }
    if !requirement.applies_to.is_empty() {
        let ids: Vec<String> = requirement
            .applies_to
            .iter()
            .map(|id| string(id.as_str()))
            .collect();
        let _ = writeln!(out, "applies_to = [{}]", ids.join(", "));
    }
    // Keys in the kind's declared order.
    let declared: Vec<&str> = requirement
        .kind_spec()
        .map(|spec| spec.keys.iter().map(|k| k.name).collect())
        .unwrap_or_default();
    let mut entries: Vec<(&String, &ParamValue)> = requirement.params.iter().collect();
    entries.sort_by_key(|(k, _)| declared.iter().position(|d| d == k).unwrap_or(usize::MAX));
    for (key, value) in entries {
        let _ = writeln!(out, "{key} = {}", value_text(value, &ParamType::Text));
    }
}

/// `orders` when the reference is to the node's default output, else `node.port`.
fn output_ref_text(pipeline: &Pipeline, source: &OutputRef) -> String {
    let is_default = pipeline
        .node(source.node.as_str())
        .and_then(|n| n.default_output())
        .is_some_and(|p| p.name == source.port);
    if is_default {
        source.node.to_string()
    } else {
        source.to_string()
    }
}

/// A parameter's value as the file writes it.
pub fn value_text(value: &ParamValue, param_type: &ParamType) -> String {
    match value {
        ParamValue::Str(text) => string(text),
        ParamValue::Int(number) => number.to_string(),
        ParamValue::Float(number) => format!("{number:?}"),
        ParamValue::Bool(flag) => flag.to_string(),
        ParamValue::Record(fields) => record_text(fields, param_type),
        ParamValue::List(items) => {
            let item_type = match param_type {
                ParamType::Records(_) => *param_type,
                _ => ParamType::Text,
            };
            let texts: Vec<String> = items
                .iter()
                .map(|item| value_text(item, &item_type))
                .collect();
            let inline = format!("[{}]", texts.join(", "));
            let has_records = items
                .iter()
                .any(|item| matches!(item, ParamValue::Record(_)));
            if !has_records && inline.chars().count() <= INLINE_LIST_MAX_CHARS {
                inline
            } else {
                let mut block = String::from("[\n");
                for text in texts {
                    let _ = writeln!(block, "    {text},");
                }
                block.push(']');
                block
            }
        }
    }
}

/// A record as an inline table, fields in the declared order, unknown ones after in name order.
fn record_text(
    fields: &std::collections::BTreeMap<String, ParamValue>,
    param_type: &ParamType,
) -> String {
    let declared: &[crate::model::param::FieldSpec] = match param_type {
        ParamType::Records(specs) => specs,
        _ => &[],
    };
    let mut names: Vec<&String> = fields.keys().collect();
    names.sort_by_key(|name| {
        declared
            .iter()
            .position(|f| f.name == name.as_str())
            .unwrap_or(usize::MAX)
    });
    let parts: Vec<String> = names
        .into_iter()
        .map(|name| {
            let field_type = declared
                .iter()
                .find(|f| f.name == name.as_str())
                .map_or(ParamType::Text, |f| f.field_type);
            format!("{name} = {}", value_text(&fields[name], &field_type))
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// A TOML string literal for `text`, escaped as needed.
fn string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
