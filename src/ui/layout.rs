//! The window's layout: menu bar and toolbar on top, palette and outline on the left, the
//! inspector on the right, the tabs (preview, schema, problems, run log, text) at the bottom,
//! the canvas in the middle, and a status line.

use egui::{Color32, RichText, Ui};

use super::designer::{BottomTab, Discarding};
use super::file_tasks::AfterSave;
use super::shortcuts::perform;
use super::{
    Designer, command_palette, inspector, outline, palette, preview_panel, problems, quick_add,
    run_log,
};
use crate::app::{Action, MENUS, NAMED_COMMANDS};
use crate::model::file_format::to_canonical_text;

/// Which list the left panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum LeftTab {
    #[default]
    Palette,
    Outline,
}

pub fn show(designer: &mut Designer, ui: &mut Ui) {
    let ctx = ui.ctx().clone();
    egui::Panel::top("menu-bar").show(ui, |ui| menu_bar(designer, ui));
    egui::Panel::bottom("status-bar")
        .resizable(false)
        .show(ui, |ui| status_bar(designer, ui));
    egui::Panel::left("left-panel")
        .default_size(200.0)
        .max_size(320.0)
        .resizable(true)
        .show(ui, |ui| left_panel(designer, ui));
    egui::Panel::right("inspector")
        .default_size(320.0)
        .max_size(400.0)
        .resizable(true)
        .show(ui, |ui| {
            ui.heading("Inspector");
            inspector::show(designer, ui);
        });
    egui::Panel::bottom("bottom-tabs")
        .default_size(260.0)
        .resizable(true)
        .show(ui, |ui| bottom_tabs(designer, ui));
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| {
            let rect = ui.available_rect_before_wrap();
            designer.canvas_ui(ui);
            outline::show_minimap(designer, ui, rect);
            zoom_controls(designer, ui, rect);
            if designer.state.document.nodes.is_empty() {
                ui.put(
                    egui::Rect::from_center_size(rect.center(), egui::vec2(420.0, 60.0)),
                    egui::Label::new(
                        RichText::new(
                            "Drag a node from the palette, double-click one, or press Ctrl+K",
                        )
                        .weak(),
                    ),
                );
            }
        });
    quick_add::show(designer, &ctx);
    command_palette::show(designer, &ctx);
    super::path_prompt::show(designer, &ctx);
    dialogs(designer, &ctx);
}

/// Zoom buttons in the canvas' bottom-left corner, with the zoom in percent.
fn zoom_controls(designer: &mut Designer, ui: &mut Ui, canvas_rect: egui::Rect) {
    let percent = format!("{} %", (designer.canvas.to_global.scaling * 100.0).round());
    let buttons = [
        ("−".to_string(), Action::ZoomOut),
        (percent, Action::ActualSize),
        ("+".to_string(), Action::ZoomIn),
        ("Fit".to_string(), Action::FitToView),
    ];
    let mut chosen = None;
    egui::Area::new(egui::Id::new("zoom-controls"))
        .fixed_pos(canvas_rect.left_bottom() + egui::vec2(8.0, -34.0))
        .order(egui::Order::Middle)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style())
                .inner_margin(egui::Margin::same(2))
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        for (label, action) in buttons {
                            let hint = crate::app::command_info(action)
                                .map_or_else(String::new, |c| {
                                    format!("{} ({})", c.name, c.shortcut.unwrap_or(""))
                                });
                            if ui.small_button(label).on_hover_text(hint).clicked() {
                                chosen = Some(action);
                            }
                        }
                    });
                });
        });
    if let Some(action) = chosen {
        perform(designer, ui.ctx(), action);
    }
}

fn menu_bar(designer: &mut Designer, ui: &mut Ui) {
    let mut chosen = None;
    let mut open_recent = None;
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in MENUS {
            ui.menu_button(*menu, |ui| {
                for command in NAMED_COMMANDS.iter().filter(|c| c.menu == *menu) {
                    let label = match command.action {
                        Action::Undo => designer
                            .state
                            .history
                            .undo_label()
                            .map_or_else(|| "Undo".to_string(), |l| format!("Undo {l}")),
                        Action::Redo => designer
                            .state
                            .history
                            .redo_label()
                            .map_or_else(|| "Redo".to_string(), |l| format!("Redo {l}")),
                        _ => command.name.to_string(),
                    };
                    let mut button = egui::Button::new(label);
                    if let Some(shortcut) = command.shortcut {
                        button = button.shortcut_text(shortcut);
                    }
                    if ui.add(button).clicked() {
                        chosen = Some(command.action);
                        ui.close();
                    }
                    if command.action == Action::Open {
                        ui.menu_button("Open recent", |ui| {
                            if designer.recent.is_empty() {
                                ui.weak("No recent files");
                            }
                            for path in &designer.recent {
                                if ui.button(path.display().to_string()).clicked() {
                                    open_recent = Some(path.clone());
                                    ui.close();
                                }
                            }
                        });
                    }
                }
            });
        }
        ui.separator();
        let running = designer.run.is_some();
        if ui
            .add_enabled(!running, egui::Button::new("▶ Run"))
            .on_hover_text("Run the pipeline on this machine (F5)")
            .clicked()
        {
            chosen = Some(Action::Run);
        }
        if running && ui.button("⏹ Cancel").clicked() {
            chosen = Some(Action::CancelRun);
        }
        if ui
            .button("Commands…")
            .on_hover_text("Every command, searchable (Ctrl+Shift+P)")
            .clicked()
        {
            chosen = Some(Action::CommandPalette);
        }
    });
    if let Some(action) = chosen {
        perform(designer, ui.ctx(), action);
    }
    if let Some(path) = open_recent {
        super::shortcuts::unless_unsaved(designer, ui.ctx(), Discarding::Open(Some(path)));
    }
}

fn status_bar(designer: &mut Designer, ui: &mut Ui) {
    ui.horizontal(|ui| {
        let nodes = designer.state.document.nodes.len();
        ui.weak(format!("{nodes} nodes"));
        if let Some(plan) = &designer.plan {
            let count = |severity| {
                plan.diagnostics
                    .iter()
                    .filter(|d| d.severity == severity)
                    .count()
            };
            let errors = count(crate::model::Severity::Error);
            let warnings = count(crate::model::Severity::Warning);
            ui.separator();
            if errors == 0 && warnings == 0 {
                ui.colored_label(Color32::from_rgb(0x4c, 0xc0, 0x6a), "✔ no problems");
            } else {
                ui.weak(format!(
                    "{errors} {}, {warnings} {}",
                    if errors == 1 { "error" } else { "errors" },
                    if warnings == 1 { "warning" } else { "warnings" }
                ));
            }
        }
        if let Some(elapsed) = designer.planning_for() {
            ui.separator();
            ui.spinner();
            ui.weak(format!("checking… {:.1} s", elapsed.as_secs_f32()));
        }
        if let Some(notice) = &designer.notice {
            ui.separator();
            let text = RichText::new(&notice.text);
            let text = if notice.is_error {
                text.color(Color32::from_rgb(0xe8, 0x60, 0x60))
            } else {
                text
            };
            ui.label(text);
        }
    });
}

fn left_panel(designer: &mut Designer, ui: &mut Ui) {
    let tab_id = egui::Id::new("left-tab");
    let mut tab: LeftTab = ui.data(|d| d.get_temp(tab_id)).unwrap_or_default();
    ui.horizontal(|ui| {
        ui.selectable_value(&mut tab, LeftTab::Palette, "Palette");
        ui.selectable_value(&mut tab, LeftTab::Outline, "Outline");
    });
    ui.data_mut(|d| d.insert_temp(tab_id, tab));
    ui.separator();
    match tab {
        LeftTab::Palette => palette::show(designer, ui),
        LeftTab::Outline => outline::show_outline(designer, ui),
    }
}

fn bottom_tabs(designer: &mut Designer, ui: &mut Ui) {
    ui.horizontal(|ui| {
        let problems = problems::count(designer);
        let tabs = [
            (BottomTab::Preview, "Preview".to_string()),
            (BottomTab::Schema, "Schema".to_string()),
            (BottomTab::Problems, format!("Problems ({problems})")),
            (BottomTab::RunLog, "Run log".to_string()),
            (BottomTab::Text, "Pipeline text".to_string()),
        ];
        for (tab, title) in tabs {
            ui.selectable_value(&mut designer.bottom_tab, tab, title);
        }
    });
    ui.separator();
    match designer.bottom_tab {
        BottomTab::Preview => preview_panel::show(designer, ui),
        BottomTab::Schema => schema_tab(designer, ui),
        BottomTab::Problems => problems::show(designer, ui),
        BottomTab::RunLog => run_log::show(designer, ui),
        BottomTab::Text => text_tab(designer, ui),
    }
}

fn schema_tab(designer: &Designer, ui: &mut Ui) {
    let Some(node) = designer.focused_node() else {
        ui.weak("Select a node to see its output columns");
        return;
    };
    let Some(columns) = designer.plan.as_ref().and_then(|p| p.schemas.get(&node)) else {
        ui.weak(format!("{node} has no schema yet (see Problems)"));
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("schema-scroll")
        .show(ui, |ui| {
            egui::Grid::new("schema-grid").striped(true).show(ui, |ui| {
                ui.strong("column");
                ui.strong("type");
                ui.end_row();
                for (name, type_name) in columns {
                    ui.label(name);
                    ui.weak(type_name);
                    ui.end_row();
                }
            });
        });
}

fn text_tab(designer: &Designer, ui: &mut Ui) {
    let selection: Vec<String> = designer.state.selection.iter().cloned().collect();
    let text = if selection.is_empty() {
        to_canonical_text(&designer.state.document)
    } else {
        designer.state.copy_text(&selection)
    };
    ui.weak(if selection.is_empty() {
        "The whole pipeline file, exactly as it is saved"
    } else {
        "The selected nodes as pipeline text: what Copy puts on the clipboard"
    });
    egui::ScrollArea::both()
        .id_salt("text-scroll")
        .show(ui, |ui| {
            let mut shown = text.as_str();
            ui.add(
                egui::TextEdit::multiline(&mut shown)
                    .code_editor()
                    .desired_width(f32::INFINITY),
            );
        });
}

fn dialogs(designer: &mut Designer, ctx: &egui::Context) {
    if let Some(discarding) = designer.discard_prompt.clone() {
        let mut choice = None;
        egui::Modal::new(egui::Id::new("discard-prompt")).show(ctx, |ui| {
            ui.heading(match discarding {
                Discarding::Close => "Save changes before closing?",
                Discarding::New | Discarding::Open(_) => "Save changes first?",
            });
            ui.label("The pipeline has changes that are not saved.");
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some(1);
                }
                if ui.button("Don't save").clicked() {
                    choice = Some(2);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(3);
                }
            });
        });
        match choice {
            Some(1) => {
                designer.discard_prompt = None;
                let after = if discarding == Discarding::Close {
                    AfterSave::Close
                } else {
                    AfterSave::Nothing
                };
                designer.save(after);
            }
            Some(2) => {
                designer.discard_prompt = None;
                super::shortcuts::discard_and(designer, ctx, discarding);
            }
            Some(_) => designer.discard_prompt = None,
            None => {}
        }
    }
    if let Some(recovery) = designer.recovery_offer.clone() {
        let mut choice = None;
        egui::Modal::new(egui::Id::new("recovery-offer")).show(ctx, |ui| {
            ui.heading("Recover unsaved work?");
            let name = recovery.info.original.as_ref().map_or_else(
                || "an untitled pipeline".to_string(),
                |p| p.display().to_string(),
            );
            ui.label(format!(
                "Sluice closed without saving changes to {name}. A copy was kept."
            ));
            ui.horizontal(|ui| {
                if ui.button("Recover").clicked() {
                    choice = Some(true);
                }
                if ui.button("Discard").clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => {
                designer.recovery_offer = None;
                super::file_tasks::restore(designer, &recovery);
            }
            Some(false) => {
                designer.recovery_offer = None;
                designer.tasks.discard_recovery(recovery);
            }
            None => {}
        }
    }
}
