//! Finding one's way in large graphs: the outline (every node, filterable, click to go there)
//! and the minimap in the canvas corner (click or drag to move the view).

use egui::{Color32, Rect, Sense, Stroke, StrokeKind, Ui, Vec2};

use super::canvas::{ViewRequest, badge};
use super::style::{Badge, category_colour, category_icon};
use super::view::ViewContext;
use crate::model::Position;

pub fn show_outline(context: &mut ViewContext<'_>, ui: &mut Ui) {
    ui.add(
        egui::TextEdit::singleline(&mut context.view.outline_filter)
            .hint_text("Find a node…")
            .desired_width(f32::INFINITY),
    );
    let filter = context.view.outline_filter.to_lowercase();
    let mut reveal = None;
    let session = context.session;
    let marks = session.marks();
    let rows: Vec<(String, &'static str, Color32, Badge)> = session
        .document()
        .nodes
        .iter()
        .filter(|n| {
            filter.is_empty()
                || n.id.as_str().to_lowercase().contains(&filter)
                || n.kind.title.to_lowercase().contains(&filter)
        })
        .map(|n| {
            let id = n.id.as_str();
            (
                id.to_string(),
                category_icon(n.kind.category),
                category_colour(n.kind.category),
                badge(&marks, id).0,
            )
        })
        .collect();
    egui::ScrollArea::vertical()
        .id_salt("outline-scroll")
        .show_rows(ui, 18.0, rows.len(), |ui, range| {
            for (id, icon, colour, badge) in rows.get(range).unwrap_or_default() {
                ui.horizontal(|ui| {
                    ui.colored_label(*colour, *icon);
                    let selected = marks.selection.contains(id);
                    if ui.selectable_label(selected, id).clicked() {
                        reveal = Some(id.clone());
                    }
                    ui.colored_label(badge.colour(), badge.glyph());
                });
            }
        });
    if let Some(id) = reveal {
        context.reveal(&id);
    }
}

/// The minimap's size on screen.
const MINIMAP_SIZE: Vec2 = Vec2::new(180.0, 110.0);

/// Draws the minimap over the canvas' bottom-right corner.
pub fn show_minimap(context: &mut ViewContext<'_>, ui: &mut Ui, canvas_rect: Rect) {
    let document = context.session.document();
    let canvas = &mut context.view.canvas;
    if document.nodes.len() < 2 || !canvas_rect.is_positive() {
        return;
    }
    let mut bounds = Rect::NOTHING;
    let rects: Vec<(Rect, Color32)> = document
        .nodes
        .iter()
        .filter_map(|n| {
            let rect = canvas.node_rect(document, n.id.as_str())?;
            bounds = bounds.union(rect);
            Some((rect, category_colour(n.kind.category)))
        })
        .collect();
    let view = canvas.visible_canvas_rect();
    if view.contains_rect(bounds) {
        // Everything is in view: the minimap would only cover nodes.
        return;
    }
    let world = bounds.union(view).expand(20.0);
    if !world.is_positive() {
        return;
    }
    let map_rect = Rect::from_min_size(
        canvas_rect.max - MINIMAP_SIZE - Vec2::splat(10.0),
        MINIMAP_SIZE,
    );
    let scale = (map_rect.width() / world.width()).min(map_rect.height() / world.height());
    let to_map = |p: egui::Pos2| map_rect.min + (p - world.min) * scale;
    let response = ui.interact(map_rect, egui::Id::new("minimap"), Sense::click_and_drag());
    let painter = ui.painter_at(map_rect);
    let visuals = ui.visuals();
    painter.rect_filled(map_rect, 4.0, visuals.extreme_bg_color.gamma_multiply(0.9));
    painter.rect_stroke(
        map_rect,
        4.0,
        visuals.widgets.noninteractive.bg_stroke,
        StrokeKind::Inside,
    );
    for (rect, colour) in rects {
        painter.rect_filled(
            Rect::from_min_max(to_map(rect.min), to_map(rect.max)),
            1.0,
            colour,
        );
    }
    painter.rect_stroke(
        Rect::from_min_max(to_map(view.min), to_map(view.max)),
        1.0,
        Stroke::new(1.5, visuals.strong_text_color()),
        StrokeKind::Inside,
    );
    if (response.clicked() || response.dragged())
        && let Some(pointer) = response.interact_pointer_pos()
    {
        let at = world.min + (pointer - map_rect.min) / scale;
        canvas.view_request = Some(ViewRequest::Centre(Position { x: at.x, y: at.y }));
    }
    response.on_hover_text("Minimap: click or drag to move the view");
}
