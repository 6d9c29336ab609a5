//! The Script tab: read-only, the Glue script of the job the selected node deploys in, made by
//! the engine worker on the current plan, with the node's lines marked and scrolled to; or why
//! the node has none (it runs locally only, or deploys as a crawler or a stream).

use egui::{Color32, RichText, Ui};

use super::view::ViewContext;
use crate::app::Intent;

/// The Script tab.
pub fn show(context: &mut ViewContext<'_>, ui: &mut Ui) {
    let Some(node) = context.focused_node() else {
        ui.weak("Select a node to see the script of the Glue job it deploys in");
        return;
    };
    if !context.session.script_is_current(&node) {
        context.ask(Intent::ShowScript(node.clone()));
    }
    let shown = context.session.script().filter(|s| s.node == node);
    let Some(shown) = shown else {
        ui.weak("Writing the script…");
        return;
    };
    let script = match &shown.result {
        Ok(script) => script,
        Err(why) => {
            ui.label(why);
            return;
        }
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Glue job {}", script.glue_job)).strong());
        ui.weak(format!(
            "{} · read-only · runs unchanged in AWS Glue 5 and local Spark (sluice deploy script)",
            script.script.file_name()
        ));
    });
    for note in script.script.notes.iter().filter(|n| n.node == node) {
        ui.label(RichText::new(format!("Note: {}", note.text)).italics());
    }
    ui.separator();
    let lines: Vec<&str> = script.script.text.lines().collect();
    let marked = script.lines;
    let dark = ui.visuals().dark_mode;
    let highlight = if dark {
        Color32::from_rgba_unmultiplied(0x3a, 0x6e, 0xa5, 0x70)
    } else {
        Color32::from_rgba_unmultiplied(0xc8, 0xdc, 0xf5, 0xff)
    };
    let row_height = ui.text_style_height(&egui::TextStyle::Monospace);
    let mut area = egui::ScrollArea::both()
        .id_salt(("script", &script.glue_job))
        .auto_shrink([false, false]);
    // Scrolls to the node's lines when the node (or its script) is new.
    let scroll_key = egui::Id::new(("script-scrolled", &node, shown.generation));
    let scrolled = ui.data(|d| d.get_temp::<bool>(scroll_key)).unwrap_or(false);
    if let (Some((first, _)), false) = (marked, scrolled) {
        let spacing = ui.spacing().item_spacing.y;
        area =
            area.vertical_scroll_offset((first.saturating_sub(3) as f32) * (row_height + spacing));
        ui.data_mut(|d| d.insert_temp(scroll_key, true));
    }
    area.show_rows(ui, row_height, lines.len(), |ui, rows| {
        for index in rows {
            let number = index + 1;
            let inside = marked.is_some_and(|(first, last)| (first..=last).contains(&number));
            let text = format!("{number:>4}  {}", lines[index]);
            let mut label = RichText::new(text).monospace();
            if inside {
                label = label.background_color(highlight);
            }
            ui.add(egui::Label::new(label).extend());
        }
    });
}
