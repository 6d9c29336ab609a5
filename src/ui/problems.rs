//! The problems tab: every diagnostic of the pipeline; clicking one selects and frames its node.

use egui::{Color32, RichText, Ui};

use super::view::ViewContext;
use crate::app::Session;
use crate::model::Severity;

/// How many problems there are: for the tab's title.
pub fn count(session: &Session) -> usize {
    session.plan().map_or(0, |p| p.diagnostics.len())
}

pub fn show(context: &mut ViewContext<'_>, ui: &mut Ui) {
    let Some(plan) = context.session.plan() else {
        ui.weak("Checking the pipeline…");
        return;
    };
    if plan.diagnostics.is_empty() {
        ui.label("✔ No problems");
        return;
    }
    let mut reveal = None;
    egui::ScrollArea::vertical()
        .id_salt("problems-scroll")
        .show(ui, |ui| {
            let mut diagnostics: Vec<_> = plan.diagnostics.iter().collect();
            diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
            for diagnostic in diagnostics {
                let (glyph, colour) = match diagnostic.severity {
                    Severity::Error => ("✖", Color32::from_rgb(0xe8, 0x60, 0x60)),
                    Severity::Warning => ("⚠", Color32::from_rgb(0xe8, 0xb8, 0x30)),
                    Severity::Info => ("ℹ", Color32::from_rgb(0x70, 0xa0, 0xe0)),
                };
                let node = diagnostic.node.clone().unwrap_or_default();
                let text = if node.is_empty() {
                    diagnostic.message.clone()
                } else {
                    format!("{node}: {}", diagnostic.message)
                };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(glyph).color(colour));
                    let response = ui
                        .add(egui::Button::new(text).frame(false))
                        .on_hover_text(format!("{} — click to show the node", diagnostic.code));
                    if response.clicked() && !node.is_empty() {
                        reveal = Some(node.clone());
                    }
                });
            }
        });
    if let Some(node) = reveal {
        context.reveal(&node);
    }
}
