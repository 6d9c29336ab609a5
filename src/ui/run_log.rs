//! The run log tab: what a run from the window did, node by node, with rows and times.

use egui_extras::{Column, TableBuilder};

use super::style::grouped;
use super::view::ViewContext;
use crate::app::Action;

fn rows_text(rows: Option<u64>) -> String {
    rows.map_or_else(|| "—".to_string(), grouped)
}

/// The run log tab.
pub fn show(context: &mut ViewContext<'_>, ui: &mut egui::Ui) {
    let session = context.session;
    let log = session.run_log();
    ui.horizontal(|ui| {
        let running = session.is_running();
        if ui
            .add_enabled(!running, egui::Button::new("▶ Run"))
            .on_hover_text("Run the pipeline locally (F5)")
            .clicked()
        {
            context.perform(Action::Run);
        }
        if ui
            .add_enabled(running, egui::Button::new("⏹ Cancel"))
            .on_hover_text("Stop after the node that is running (Shift+F5)")
            .clicked()
        {
            context.perform(Action::CancelRun);
        }
        if running {
            ui.add(
                egui::ProgressBar::new(log.progress())
                    .desired_width(200.0)
                    .text(format!("{} of {} steps", log.lines().len(), log.steps())),
            );
            if let Some(elapsed) = log.elapsed() {
                ui.label(format!("{:.1} s", elapsed.as_secs_f32()));
            }
        } else if let Some(outcome) = log.outcome() {
            ui.label(outcome);
        } else {
            ui.weak("No run yet: press F5 to run the pipeline on this machine");
        }
    });
    ui.separator();
    let lines = log.lines();
    TableBuilder::new(ui)
        .id_salt("run-log")
        .striped(true)
        .column(Column::auto().at_least(120.0))
        .column(Column::auto().at_least(100.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::remainder())
        .header(20.0, |mut header| {
            for title in ["node", "kind", "rows in", "rows out", "time", "note"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(18.0, lines.len(), |mut row| {
                let Some(line) = lines.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    ui.label(&line.node);
                });
                row.col(|ui| {
                    ui.label(&line.kind);
                });
                row.col(|ui| {
                    ui.label(rows_text(line.rows_in));
                });
                row.col(|ui| {
                    ui.label(rows_text(line.rows_out));
                });
                row.col(|ui| {
                    ui.label(
                        line.elapsed
                            .map_or_else(String::new, |d| format!("{} ms", d.as_millis())),
                    );
                });
                row.col(|ui| {
                    ui.weak(&line.note);
                });
            });
        });
}
