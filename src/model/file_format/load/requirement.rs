//! Requirement tables: their kind known, their keys those of the kind, their nodes existing.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Loader;
use super::value::to_param_value;
use crate::model::code::Code;
use crate::model::document::{Pipeline, Requirement};
use crate::model::ident::Ident;
use crate::model::param::ParamType;
use crate::model::requirement::{REQUIREMENT_KINDS, RequirementKeyType, requirement_kind};
use crate::model::suggest::{did_you_mean, list_or_none};

/// Keys every requirement may have; `description` is read as the note.
const REQUIREMENT_KEYS: &[&str] = &[
    "id",
    "kind",
    "stakeholder",
    "note",
    "description",
    "applies_to",
];

impl<'t> Loader<'t> {
    pub(super) fn requirement(
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
                    Code::MissingKey,
                    &span,
                    None,
                    format!("a requirement has no `{key}`"),
                );
                return None;
            };
            let text = loader.optional_string(Some(value), key, None)?;
            Ident::new(&text)
                .map_err(|e| loader.problem(Code::BadId, &value.span(), None, e.to_string()))
                .ok()
        };
        let id = ident_field(self, "id")?;
        let kind = ident_field(self, "kind")?;
        let Some(kind_spec) = requirement_kind(kind.as_str()) else {
            let hint = did_you_mean(kind.as_str(), REQUIREMENT_KINDS.iter().map(|k| k.name));
            let known: Vec<&str> = REQUIREMENT_KINDS.iter().map(|k| k.name).collect();
            let message = format!(
                "requirement `{id}` has unknown kind `{kind}` (kinds: {}){hint}",
                known.join(", ")
            );
            let span = entries.get("kind").map_or(span.clone(), |v| v.span());
            self.problem(Code::UnknownKind, &span, None, message);
            return None;
        };
        let stakeholder =
            self.optional_string(entries.get("stakeholder").copied(), "stakeholder", None);
        let note = self
            .optional_string(entries.get("note").copied(), "note", None)
            .or_else(|| {
                self.optional_string(entries.get("description").copied(), "description", None)
            });
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
                                self.problem(Code::UnknownNode, &item.span(), None, message);
                            }
                        }
                    }
                }
                _ => self.problem(
                    Code::WrongType,
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
            let Some(key_spec) = kind_spec.keys.iter().find(|k| k.name == key) else {
                let names = kind_spec.keys.iter().map(|k| k.name);
                let hint = did_you_mean(key, names.clone());
                let known = list_or_none(names);
                let message = format!(
                    "a {} requirement has no key `{key}` (its keys: {known}){hint}",
                    kind_spec.name
                );
                self.problem(Code::UnknownParameter, &value.span(), None, message);
                continue;
            };
            let is_number = key_spec.key_type == RequirementKeyType::Number;
            let type_ok = match value.get_ref() {
                DeValue::String(_) => !is_number,
                DeValue::Integer(_) | DeValue::Float(_) => is_number,
                _ => false,
            };
            if !type_ok {
                let wanted = if is_number {
                    "a number"
                } else {
                    "text in quotes"
                };
                self.problem(
                    Code::WrongType,
                    &value.span(),
                    None,
                    format!(
                        "requirement `{id}`, `{key}` must be {wanted} ({})",
                        key_spec.help
                    ),
                );
                continue;
            }
            match to_param_value(value, &ParamType::Text) {
                Ok(param) => {
                    params.insert(key.clone(), param);
                }
                Err((span, reason)) => self.problem(
                    Code::BadParameter,
                    &span,
                    None,
                    format!("requirement `{id}`, `{key}`: {reason}"),
                ),
            }
        }
        Some(Requirement {
            id,
            kind,
            stakeholder,
            note,
            applies_to,
            params,
        })
    }
}
