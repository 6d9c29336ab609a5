//! The `[layout]` table: where each node sits on the canvas.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::DeValue;

use super::Loader;
use crate::model::code::Code;
use crate::model::document::{Pipeline, Position};
use crate::model::ident::Ident;
use crate::model::suggest::did_you_mean;

impl<'t> Loader<'t> {
    pub(super) fn layout(
        &mut self,
        value: &Spanned<DeValue>,
        pipeline: &Pipeline,
    ) -> BTreeMap<Ident, Position> {
        let mut layout = BTreeMap::new();
        let DeValue::Table(table) = value.get_ref() else {
            self.problem(
                Code::WrongType,
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
                    Code::UnknownNode,
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
                    Code::WrongType,
                    &position.span(),
                    Some(name),
                    format!("the position of `{name}` must be written {{ x = 120, y = 80 }}"),
                ),
            }
        }
        layout
    }
}
