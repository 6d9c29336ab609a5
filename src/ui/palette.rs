//! The palette: every node kind by category, with a search box. Drag a kind onto the canvas, or
//! double-click it to add it in the middle of the view.

use egui::{RichText, Ui};

use super::canvas::{Canvas, PaletteKind};
use super::style::{category_colour, category_icon};
use super::view::ViewContext;
use crate::app::{Command, Intent};
use crate::model::{Category, KindSpec, Pipeline, Position, catalogue};

/// Whether `kind` matches the search words (title, name, summary or AWS counterpart).
pub fn matches(kind: &KindSpec, search: &str) -> bool {
    let search = search.trim().to_lowercase();
    if search.is_empty() {
        return true;
    }
    let haystack = format!(
        "{} {} {} {} {}",
        kind.title,
        kind.name,
        kind.summary,
        kind.aws_counterpart,
        kind.category.heading()
    )
    .to_lowercase();
    search
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// Where a node added without a drop point goes: the middle of the view, nudged so repeated
/// adds do not stack.
pub fn drop_point(canvas: &Canvas, document: &Pipeline) -> Position {
    let centre = canvas.visible_centre();
    let nudge = (document.nodes.len() % 5) as f32 * 24.0;
    Position {
        x: (centre.x - 90.0 + nudge).round(),
        y: (centre.y - 40.0 + nudge).round(),
    }
}

/// Where pasted nodes go: under the pointer when it is over the canvas, else the view's middle.
pub fn paste_point(canvas: &Canvas, document: &Pipeline, pointer: Option<egui::Pos2>) -> Position {
    match pointer {
        Some(pointer) if canvas.screen_rect.contains(pointer) => canvas.to_canvas(pointer),
        _ => drop_point(canvas, document),
    }
}

pub fn show(context: &mut ViewContext<'_>, ui: &mut Ui) {
    ui.add(
        egui::TextEdit::singleline(&mut context.view.palette_search)
            .hint_text("Search nodes…")
            .desired_width(f32::INFINITY),
    );
    ui.add_space(4.0);
    let search = context.view.palette_search.clone();
    let mut add = None;
    let mut help = None;
    egui::ScrollArea::vertical()
        .id_salt("palette-scroll")
        .show(ui, |ui| {
            for category in Category::ALL {
                let kinds: Vec<&KindSpec> = catalogue()
                    .iter()
                    .copied()
                    .filter(|k| k.category == category && matches(k, &search))
                    .collect();
                let heading = RichText::new(format!(
                    "{} {}",
                    category_icon(category),
                    category.heading()
                ))
                .color(category_colour(category))
                .strong();
                if kinds.is_empty() {
                    if search.is_empty() {
                        ui.label(heading);
                        ui.weak("  coming soon");
                    }
                    continue;
                }
                egui::CollapsingHeader::new(heading)
                    .id_salt(category.heading())
                    .default_open(true)
                    .open(if search.is_empty() { None } else { Some(true) })
                    .show(ui, |ui| {
                        for kind in kinds {
                            let response = ui
                                .add(
                                    egui::Label::new(kind.title)
                                        .selectable(false)
                                        .sense(egui::Sense::click_and_drag()),
                                )
                                .on_hover_cursor(egui::CursorIcon::Grab);
                            if response.drag_started() {
                                egui::DragAndDrop::set_payload(ui.ctx(), PaletteKind(kind.name));
                            }
                            let response = response.on_hover_text(format!(
                                "{}\nAWS Glue: {}\nDrag onto the canvas, or double-click to add; right-click for its help card",
                                kind.summary, kind.aws_counterpart
                            ));
                            if response.double_clicked() {
                                add = Some(kind.name);
                            }
                            response.context_menu(|ui| {
                                if ui.button("Help card").clicked() {
                                    help = Some(kind.name);
                                    ui.close();
                                }
                                if ui.button("Add to the canvas").clicked() {
                                    add = Some(kind.name);
                                    ui.close();
                                }
                            });
                        }
                    });
            }
        });
    show_drag_preview(ui);
    if let Some(kind) = help {
        context.view.help = Some(super::help_window::HelpView::on(kind));
    }
    if let Some(kind) = add {
        let at = drop_point(&context.view.canvas, context.session.document());
        context.ask(Intent::Edit(Command::AddNode {
            kind: kind.to_string(),
            at,
            after: None,
        }));
    }
}

/// While a kind is dragged out of the palette, its title follows the pointer.
fn show_drag_preview(ui: &Ui) {
    let Some(kind) = egui::DragAndDrop::payload::<PaletteKind>(ui.ctx()) else {
        return;
    };
    let Some(pointer) = ui.ctx().pointer_interact_pos() else {
        return;
    };
    let title = crate::model::kind_spec(kind.0).map_or(kind.0, |k| k.title);
    egui::Area::new(egui::Id::new("palette-drag"))
        .fixed_pos(pointer + egui::vec2(12.0, 8.0))
        .order(egui::Order::Tooltip)
        .interactable(false)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(format!("+ {title}"));
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_matches_titles_aws_names_and_words_in_any_order() {
        let join = crate::model::kind_spec("join").unwrap();
        assert!(matches(join, "join"));
        assert!(matches(join, "tables combine"));
        assert!(!matches(join, "parquet"));
        let mapping = crate::model::kind_spec("change_schema").unwrap();
        assert!(matches(mapping, "applymapping"));
    }
}
