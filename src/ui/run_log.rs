//! The run log: what a run from the window did, node by node, with rows and times; and its panel.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use egui_extras::{Column, TableBuilder};

use super::style::grouped;
use crate::engine::{RunError, RunEvent, RunReport};

/// One line of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct RunLogLine {
    pub node: String,
    pub kind: String,
    pub rows_in: Option<u64>,
    pub rows_out: Option<u64>,
    pub elapsed: Option<Duration>,
    pub note: String,
}

/// The log of the newest run.
#[derive(Debug, Default)]
pub struct RunLog {
    pub lines: Vec<RunLogLine>,
    pub steps: usize,
    pub started: Option<Instant>,
    /// The closing sentence: "Run finished in 45 ms" or why it failed.
    pub outcome: Option<String>,
}

impl RunLog {
    pub fn start(&mut self) {
        *self = Self {
            started: Some(Instant::now()),
            ..Self::default()
        };
    }

    /// Takes in one progress event; marks running nodes and known row counts.
    pub fn record(
        &mut self,
        event: &RunEvent,
        running: &mut HashSet<String>,
        row_counts: &mut HashMap<String, u64>,
    ) {
        match event {
            RunEvent::Started { steps } => self.steps = *steps,
            RunEvent::NodeStarted { node } => {
                running.insert(node.clone());
            }
            RunEvent::NodeFinished(stats) => {
                running.remove(&stats.node);
                if let Some(rows) = stats.rows_out {
                    row_counts.insert(stats.node.clone(), rows);
                }
                self.lines.push(RunLogLine {
                    node: stats.node.clone(),
                    kind: stats.kind.to_string(),
                    rows_in: stats.rows_in,
                    rows_out: stats.rows_out,
                    elapsed: Some(stats.elapsed),
                    note: stats.note.clone().unwrap_or_default(),
                });
            }
        }
    }

    /// Closes the log with the run's outcome and returns the sentence for the status bar.
    pub fn finish(&mut self, outcome: &Result<RunReport, RunError>) -> String {
        let sentence = match outcome {
            Ok(report) => format!(
                "Run finished in {} ms ({} nodes)",
                report.elapsed.as_millis(),
                report.nodes.len()
            ),
            Err(RunError::Invalid(errors)) => {
                let first = errors.first().map(ToString::to_string).unwrap_or_default();
                format!(
                    "Nothing was run: the pipeline has {} error(s); first: {first}",
                    errors.len()
                )
            }
            Err(error) => format!("Run stopped: {error}"),
        };
        self.outcome = Some(sentence.clone());
        sentence
    }

    /// Progress from 0 to 1.
    pub fn progress(&self) -> f32 {
        if self.steps == 0 {
            0.0
        } else {
            (self.lines.len() as f32 / self.steps as f32).min(1.0)
        }
    }
}

fn rows_text(rows: Option<u64>) -> String {
    rows.map_or_else(|| "—".to_string(), grouped)
}

/// The run log tab.
pub fn show(designer: &mut super::Designer, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let running = designer.run.is_some();
        if ui
            .add_enabled(!running, egui::Button::new("▶ Run"))
            .on_hover_text("Run the pipeline locally (F5)")
            .clicked()
        {
            designer.start_run(ui.ctx());
        }
        if ui
            .add_enabled(running, egui::Button::new("⏹ Cancel"))
            .on_hover_text("Stop after the node that is running (Shift+F5)")
            .clicked()
            && let Some(run) = &designer.run
        {
            run.cancel();
        }
        if running {
            let log = &designer.run_log;
            ui.add(
                egui::ProgressBar::new(log.progress())
                    .desired_width(200.0)
                    .text(format!("{} of {} steps", log.lines.len(), log.steps)),
            );
            if let Some(started) = log.started {
                ui.label(format!("{:.1} s", started.elapsed().as_secs_f32()));
            }
        } else if let Some(outcome) = &designer.run_log.outcome {
            ui.label(outcome);
        } else {
            ui.weak("No run yet: press F5 to run the pipeline on this machine");
        }
    });
    ui.separator();
    let lines = &designer.run_log.lines;
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
