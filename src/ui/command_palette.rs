//! The command palette (Ctrl+Shift+P): every named command with its shortcut, searchable.

use super::search_list::{ListKey, keys, search_box};
use super::state::CommandPalette;
use super::view::ViewContext;
use crate::app::{CommandInfo, NAMED_COMMANDS};

/// The named commands the palette lists for what was typed.
pub fn matches(palette: &CommandPalette) -> Vec<&'static CommandInfo> {
    let search = palette.search.to_lowercase();
    NAMED_COMMANDS
        .iter()
        .filter(|c| {
            let text = format!("{} {}", c.menu, c.name).to_lowercase();
            search.split_whitespace().all(|w| text.contains(w))
        })
        .collect()
}

pub fn show(context: &mut ViewContext<'_>, ctx: &egui::Context) {
    let Some(mut palette) = context.view.command_palette.take() else {
        return;
    };
    let mut chosen = None;
    let mut keep_open = true;
    egui::Window::new("Command palette")
        .id(egui::Id::new("command-palette"))
        .collapsible(false)
        .resizable(false)
        .title_bar(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        .fixed_size([420.0, 360.0])
        .show(ctx, |ui| {
            search_box(
                ui,
                "command-palette-search",
                "Type a command…",
                &mut palette.search,
                &mut palette.highlighted,
            );
            let matches = matches(&palette);
            match keys(ui, &mut palette.highlighted, matches.len()) {
                ListKey::Pick(index) => chosen = matches.get(index).map(|c| c.action),
                ListKey::Close => keep_open = false,
                ListKey::None => {}
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (index, command) in matches.iter().enumerate() {
                    ui.horizontal(|ui| {
                        let line = ui.selectable_label(
                            index == palette.highlighted,
                            format!("{}: {}", command.menu, command.name),
                        );
                        if line.clicked() {
                            chosen = Some(command.action);
                        }
                        if let Some(shortcut) = command.shortcut {
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    ui.weak(shortcut);
                                },
                            );
                        }
                    });
                }
            });
        });
    if let Some(action) = chosen {
        context.perform(action);
        return;
    }
    if keep_open {
        context.view.command_palette = Some(palette);
    }
}
