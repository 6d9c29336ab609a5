//! Node tables: id, kind, description and parameters, each checked against the kind's declarations.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Loader;
use super::value::to_param_value;
use super::wiring::PendingInputs;
use crate::model::code::Code;
use crate::model::document::{KindRef, Node};
use crate::model::file_format::RESERVED_NODE_KEYS;
use crate::model::ident::Ident;
use crate::model::kinds::{catalogue, kind_spec};
use crate::model::suggest::{did_you_mean, list_or_none};
use crate::model::timing::{TIMING_KEYS, Timing};

impl<'t> Loader<'t> {
    pub(super) fn node(
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
                Code::MissingId,
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
                self.problem(Code::BadId, &id_value.span(), None, error.to_string());
                return None;
            }
        };
        if let Some(first) = id_spans.get(id.as_str()) {
            let first_line = self.at(first).line;
            let message = format!(
                "duplicate node id `{id}`: it is already used on line {first_line}; ids must be unique"
            );
            self.problem(
                Code::DuplicateId,
                &id_value.span(),
                Some(id.as_str()),
                message,
            );
            return None;
        }
        id_spans.insert(id.to_string(), id_value.span());
        self.source_map
            .record_node(id.as_str(), self.at(&id_value.span()));

        let Some(kind_value) = entries.get("kind") else {
            self.unloaded
                .insert(id.to_string(), "it has no `kind`".to_string());
            self.problem(
                Code::MissingKind,
                &id_value.span(),
                Some(id.as_str()),
                format!("node `{id}` has no `kind`"),
            );
            return None;
        };
        let kind_text = self.optional_string(Some(kind_value), "kind", Some(id.as_str()))?;
        let Some(kind) = kind_spec(&kind_text) else {
            self.unloaded
                .insert(id.to_string(), format!("its kind `{kind_text}` is unknown"));
            let hint = did_you_mean(&kind_text, catalogue().iter().map(|k| k.name));
            let message = format!("node `{id}` has unknown kind `{kind_text}`{hint}");
            self.problem(
                Code::UnknownKind,
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
                self.problem(Code::UnknownParameter, &span, Some(id.as_str()), message);
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
                        self.problem(
                            Code::BadParameter,
                            &value.span(),
                            Some(id.as_str()),
                            message,
                        );
                    }
                },
                Err((span, reason)) => {
                    let message = format!("parameter `{key}` of `{id}`: {reason}");
                    self.problem(Code::BadParameter, &span, Some(id.as_str()), message);
                }
            }
        }
        if let Some(value) = entries.get("timing") {
            node.timing = self.timing(&id, value);
        }
        let inputs = self.raw_inputs(&id, entries.get("inputs").copied());
        Some((
            node,
            PendingInputs {
                node: id,
                ports: inputs,
            },
        ))
    }

    /// `timing = { schedule = "…", expected_duration = "12 min" }`: each key known and its value
    /// readable, else a located problem.
    fn timing(&mut self, id: &Ident, value: &Spanned<DeValue>) -> Timing {
        let mut timing = Timing::default();
        let DeValue::Table(table) = value.get_ref() else {
            let message =
                "`timing` must be a table such as { schedule = \"rate(1 hour)\" }".to_string();
            self.problem(Code::WrongType, &value.span(), Some(id.as_str()), message);
            return timing;
        };
        for (key, item) in table.iter() {
            let text = match item.get_ref() {
                DeValue::String(text) => text.to_string(),
                DeValue::Integer(number) => number.as_str().to_string(),
                _ => {
                    let message = format!(
                        "timing `{}` of `{id}` must be text such as \"12 min\"",
                        key.get_ref()
                    );
                    self.problem(Code::WrongType, &item.span(), Some(id.as_str()), message);
                    continue;
                }
            };
            if let Err(reason) = timing.set(key.get_ref(), Some(&text)) {
                let message = format!("timing of `{id}`: {reason}");
                let code = if TIMING_KEYS.iter().any(|k| k.name == key.get_ref().as_ref()) {
                    Code::BadParameter
                } else {
                    Code::UnknownParameter
                };
                self.problem(code, &item.span(), Some(id.as_str()), message);
            }
        }
        timing
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
            self.problem(Code::WrongType, &value.span(), Some(id.as_str()), message);
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
                            self.problem(Code::WrongType, &item.span(), Some(id.as_str()), message);
                        }
                    }
                }
                _ => {
                    let message = format!(
                        "input `{}` must be a node name such as \"orders\" or a list of them",
                        port.get_ref()
                    );
                    self.problem(Code::WrongType, &sources.span(), Some(id.as_str()), message);
                }
            }
            ports.push((port, refs));
        }
        ports
    }
}
