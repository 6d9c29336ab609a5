//! Quick add (Ctrl+K): a search box at the pointer. Enter adds the highlighted kind there and,
//! when one node is selected, wires the new node after it.

use egui::RichText;

use super::search_list::{ListKey, keys, search_box};
use super::state::QuickAdd;
use super::style::{category_colour, category_icon};
use super::view::ViewContext;
use crate::app::{Command, Intent};
use crate::model::{KindSpec, Position, catalogue};

/// How many matches the box lists.
const LISTED: usize = 10;

/// The kinds the quick-add box lists for what was typed.
pub fn matches(quick: &QuickAdd) -> Vec<&'static KindSpec> {
    catalogue()
        .iter()
        .copied()
        .filter(|k| super::palette::matches(k, &quick.search))
        .take(LISTED)
        .collect()
}

pub fn show(context: &mut ViewContext<'_>, ctx: &egui::Context) {
    let Some(mut quick) = context.view.quick_add.take() else {
        return;
    };
    let after = context.focused_node();
    let mut chosen = None;
    let mut keep_open = true;
    egui::Area::new(egui::Id::new("quick-add"))
        .fixed_pos(quick.screen)
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(280.0);
                ui.weak(match &after {
                    Some(id) => format!("Add a node after {id}"),
                    None => "Add a node".to_string(),
                });
                search_box(
                    ui,
                    "quick-add-search",
                    "Type to search nodes…",
                    &mut quick.search,
                    &mut quick.highlighted,
                );
                let matches = matches(&quick);
                match keys(ui, &mut quick.highlighted, matches.len()) {
                    ListKey::Pick(index) => chosen = matches.get(index).copied(),
                    ListKey::Close => keep_open = false,
                    ListKey::None => {}
                }
                if matches.is_empty() {
                    ui.weak("No node kind matches");
                }
                for (index, kind) in matches.iter().enumerate() {
                    let text =
                        RichText::new(format!("{} {}  ", category_icon(kind.category), kind.title))
                            .color(category_colour(kind.category));
                    let line = ui
                        .selectable_label(index == quick.highlighted, text)
                        .on_hover_text(kind.summary);
                    if line.clicked() {
                        chosen = Some(*kind);
                    }
                }
            });
        });
    if let Some(kind) = chosen {
        let at = match after
            .as_deref()
            .and_then(|id| context.session.document().layout.get(id))
        {
            Some(previous) => Position {
                x: previous.x + 240.0,
                y: previous.y,
            },
            None => quick.at,
        };
        context.ask(Intent::Edit(Command::AddNode {
            kind: kind.name.to_string(),
            at,
            after,
        }));
        return;
    }
    if keep_open {
        context.view.quick_add = Some(quick);
    }
}
