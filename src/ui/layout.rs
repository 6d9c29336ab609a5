//! The window's layout: menu bar and toolbar on top, palette and outline on the left, the
//! inspector on the right, the tabs (preview, schema, problems, run log, text) at the bottom,
//! the canvas in the middle, a status line, and the questions the session is waiting on.

use egui::{Color32, RichText, Ui};

use super::state::{BottomTab, LeftTab};
use super::view::ViewContext;
use super::{
    catalog_panel, command_palette, deploy_dialog, dialogs, help_window, inspector, lesson_panel,
    outline, palette, preview_panel, problems, quick_add, requirements_panel, run_log,
    script_panel, stream_panel,
};
use crate::app::{Action, Intent, LessonIntent, MENUS, NAMED_COMMANDS};
use crate::model::file_format::to_canonical_text;

pub fn show(context: &mut ViewContext<'_>, ui: &mut Ui) {
    let ctx = ui.ctx().clone();
    egui::Panel::top("menu-bar").show(ui, |ui| menu_bar(context, ui));
    egui::Panel::bottom("status-bar")
        .resizable(false)
        .show(ui, |ui| status_bar(context, ui));
    egui::Panel::left("left-panel")
        .default_size(200.0)
        .max_size(320.0)
        .resizable(true)
        .show(ui, |ui| left_panel(context, ui));
    if context.session.lesson().is_some() {
        egui::Panel::right("lesson")
            .default_size(lesson_panel::PANEL_WIDTH)
            .max_size(480.0)
            .resizable(true)
            .show(ui, |ui| lesson_panel::show(context, ui));
    }
    egui::Panel::right("inspector")
        .default_size(320.0)
        .max_size(400.0)
        .resizable(true)
        .show(ui, |ui| {
            ui.heading("Inspector");
            inspector::show(context, ui);
        });
    egui::Panel::bottom("bottom-tabs")
        .default_size(260.0)
        .resizable(true)
        .show(ui, |ui| bottom_tabs(context, ui));
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| {
            let rect = ui.available_rect_before_wrap();
            super::canvas_view::show(context, ui);
            outline::show_minimap(context, ui, rect);
            zoom_controls(context, ui, rect);
            if context.session.document().nodes.is_empty() {
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
    quick_add::show(context, &ctx);
    command_palette::show(context, &ctx);
    dialogs::show(context, &ctx);
    deploy_dialog::show(context, &ctx);
    help_window::show(context, &ctx);
}

/// Zoom buttons in the canvas' bottom-left corner, with the zoom in percent.
fn zoom_controls(context: &mut ViewContext<'_>, ui: &mut Ui, canvas_rect: egui::Rect) {
    let percent = format!(
        "{} %",
        (context.view.canvas.to_global.scaling * 100.0).round()
    );
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
        context.perform(action);
    }
}

fn menu_bar(context: &mut ViewContext<'_>, ui: &mut Ui) {
    let mut chosen = None;
    let mut open_recent = None;
    let mut open_lesson = None;
    let session = context.session;
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in MENUS {
            ui.menu_button(*menu, |ui| {
                for command in NAMED_COMMANDS.iter().filter(|c| c.menu == *menu) {
                    let history = session.state().history();
                    let label = match command.action {
                        Action::Undo => history
                            .undo_label()
                            .map_or_else(|| "Undo".to_string(), |l| format!("Undo {l}")),
                        Action::Redo => history
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
                            if session.recent_files().is_empty() {
                                ui.weak("No recent files");
                            }
                            for path in session.recent_files() {
                                if ui.button(path.display().to_string()).clicked() {
                                    open_recent = Some(path.clone());
                                    ui.close();
                                }
                            }
                        });
                        ui.menu_button("Lessons", |ui| {
                            if session.bundled_lessons().is_empty() {
                                ui.weak("No bundled lessons found");
                            }
                            for entry in session.bundled_lessons() {
                                if ui
                                    .button(&entry.title)
                                    .on_hover_text(entry.path.display().to_string())
                                    .clicked()
                                {
                                    open_lesson = Some(entry.path.clone());
                                    ui.close();
                                }
                            }
                        });
                    }
                }
            });
        }
        ui.separator();
        let running = session.is_running();
        if ui
            .add_enabled(!running, egui::Button::new("▶ Run"))
            .on_hover_text("Run the pipeline on this machine (F5)")
            .clicked()
        {
            chosen = Some(Action::Run);
        }
        if session.is_streaming()
            && ui
                .button("⏹ Stop stream")
                .on_hover_text("Stop the sources; every node flushes what it holds (F7)")
                .clicked()
        {
            chosen = Some(Action::StopStream);
        }
        if running && ui.button("⏹ Cancel").clicked() {
            chosen = Some(Action::CancelRun);
        }
        if ui
            .button("Deploy…")
            .on_hover_text(
                "Plan, then apply, the pipeline's resources in AWS (or a local emulator)",
            )
            .clicked()
        {
            chosen = Some(Action::Deploy);
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
        context.perform(action);
    }
    if let Some(path) = open_recent {
        context.ask(Intent::OpenRecent(path));
    }
    if let Some(path) = open_lesson {
        context.ask(Intent::Lesson(LessonIntent::Open(path)));
    }
}

fn status_bar(context: &mut ViewContext<'_>, ui: &mut Ui) {
    let session = context.session;
    ui.horizontal(|ui| {
        let nodes = session.document().nodes.len();
        ui.weak(format!("{nodes} nodes"));
        if let Some(plan) = session.plan() {
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
        if let Some(elapsed) = session.planning_for() {
            ui.separator();
            ui.spinner();
            ui.weak(format!("checking… {:.1} s", elapsed.as_secs_f32()));
        }
        if let Some(notice) = session.notice() {
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

fn left_panel(context: &mut ViewContext<'_>, ui: &mut Ui) {
    ui.horizontal(|ui| {
        ui.selectable_value(&mut context.view.left_tab, LeftTab::Palette, "Palette");
        ui.selectable_value(&mut context.view.left_tab, LeftTab::Outline, "Outline");
        ui.selectable_value(&mut context.view.left_tab, LeftTab::Catalog, "Catalog");
    });
    ui.separator();
    match context.view.left_tab {
        LeftTab::Palette => palette::show(context, ui),
        LeftTab::Outline => outline::show_outline(context, ui),
        LeftTab::Catalog => catalog_panel::show(context, ui),
    }
}

fn bottom_tabs(context: &mut ViewContext<'_>, ui: &mut Ui) {
    ui.horizontal(|ui| {
        let problems = problems::count(context.session);
        let tabs = [
            (BottomTab::Preview, "Preview".to_string()),
            (BottomTab::Schema, "Schema".to_string()),
            (BottomTab::Problems, format!("Problems ({problems})")),
            (
                BottomTab::Requirements,
                requirements_panel::title(context.session),
            ),
            (BottomTab::RunLog, "Run log".to_string()),
            (BottomTab::Stream, stream_title(context.session)),
            (BottomTab::Script, "Script".to_string()),
            (BottomTab::Text, "Pipeline text".to_string()),
        ];
        for (tab, title) in tabs {
            ui.selectable_value(&mut context.view.bottom_tab, tab, title);
        }
    });
    ui.separator();
    match context.view.bottom_tab {
        BottomTab::Preview => preview_panel::show(context, ui),
        BottomTab::Schema => schema_tab(context, ui),
        BottomTab::Problems => problems::show(context, ui),
        BottomTab::Requirements => requirements_panel::show(context, ui),
        BottomTab::RunLog => run_log::show(context, ui),
        BottomTab::Stream => stream_panel::show(context, ui),
        BottomTab::Script => script_panel::show(context, ui),
        BottomTab::Text => text_tab(context, ui),
    }
}

/// The Stream tab's title: its events a second while a stream runs.
fn stream_title(session: &crate::app::Session) -> String {
    match session.stream_monitor() {
        Some(monitor) if monitor.is_running() => format!(
            "Stream ▶ {}",
            crate::app::stream_monitor::rate_text(monitor.sources_rate())
        ),
        _ => "Stream".to_string(),
    }
}

fn schema_tab(context: &ViewContext<'_>, ui: &mut Ui) {
    let Some(node) = context.focused_node() else {
        ui.weak("Select a node to see its output columns");
        return;
    };
    let Some(ports) = context.session.plan().and_then(|p| p.schemas.get(&node)) else {
        ui.weak(format!("{node} has no schema yet (see Problems)"));
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("schema-scroll")
        .show(ui, |ui| {
            for (port, columns) in ports {
                if ports.len() > 1 {
                    ui.strong(format!("output {port}"));
                }
                egui::Grid::new(("schema-grid", port.as_str()))
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong("column");
                        ui.strong("type");
                        ui.end_row();
                        for (name, type_name) in columns {
                            ui.label(name);
                            ui.weak(type_name);
                            ui.end_row();
                        }
                    });
            }
        });
}

fn text_tab(context: &ViewContext<'_>, ui: &mut Ui) {
    let state = context.session.state();
    let selection: Vec<String> = state.selection().iter().cloned().collect();
    let text = if selection.is_empty() {
        to_canonical_text(state.document())
    } else {
        state.copy_text(&selection)
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
