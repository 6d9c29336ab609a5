//! Requirement tables: what the pipeline must meet, kept as data for the requirement rules.

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
use crate::model::suggest::did_you_mean;

const REQUIREMENT_KEYS: &[&str] = &["id", "kind", "description", "applies_to"];

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
            if Ident::new(key).is_err() {
                self.problem(
                    Code::BadId,
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
            description,
            applies_to,
            params,
        })
    }
}
