//! The preview tab: the selected node's sample as a table, each column headed by its name, type
//! and statistics (nulls, distinct values, min and max), with how the rows were taken.

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::style::grouped;
use super::view::ViewContext;
use crate::app::{Intent, QualityLines};
use crate::engine::quality::RuleStatus;

pub fn show(context: &mut ViewContext<'_>, ui: &mut Ui) {
    let session = context.session;
    let Some(node) = context.focused_node() else {
        ui.weak("Select a node to preview its data");
        return;
    };
    // While a stream runs, its nodes show the events going through them.
    if let Some(events) = session
        .stream_monitor()
        .filter(|m| m.is_running())
        .and_then(|m| m.last_events(&node))
    {
        live_events(ui, &node, events);
        return;
    }
    let is_recommend = session
        .document()
        .node(&node)
        .is_some_and(|n| n.kind.id == crate::model::KindId::Recommend);
    if is_recommend {
        ask_shopper(context, ui, &node);
        ui.separator();
    }
    let session = context.session;
    let preview = session.preview();
    ui.horizontal(|ui| {
        ui.strong(&node);
        let ports = session.plan().map(|p| p.ports(&node)).unwrap_or_default();
        if ports.len() > 1 {
            let chosen = preview.port_for(&node).unwrap_or(ports[0]).to_string();
            egui::ComboBox::from_id_salt("preview-port")
                .selected_text(format!("output {chosen}"))
                .show_ui(ui, |ui| {
                    for port in &ports {
                        if ui.selectable_label(*port == chosen, *port).clicked() {
                            context.ask(Intent::PreviewPort(Some(port.to_string())));
                        }
                    }
                });
        }
        ui.separator();
        let mut random = preview.is_random();
        let mut seed = preview.seed();
        ui.selectable_value(&mut random, false, "First rows")
            .on_hover_text("The first 100 rows: reads little more than it shows");
        ui.selectable_value(&mut random, true, "Random rows")
            .on_hover_text("100 rows drawn uniformly from the whole output (reads all of it)");
        if random {
            ui.label("seed");
            ui.add(egui::DragValue::new(&mut seed));
        }
        if random != preview.is_random() || seed != preview.seed() {
            context.ask(Intent::PreviewRows { random, seed });
        }
        ui.separator();
        let waiting_plan = session.planning_for();
        if let Some(elapsed) = preview.waiting_for().or(waiting_plan) {
            ui.spinner();
            ui.label(format!("Reading… {:.1} s", elapsed.as_secs_f32()));
        } else if let Some((shown, Ok(table))) = preview.shown()
            && shown == node
        {
            let total = table
                .preview
                .total_rows
                .map(|t| format!(" · {} rows in all", grouped(t)))
                .unwrap_or_default();
            ui.label(format!(
                "{}{total} · {} ms",
                table.preview.describe(),
                table.elapsed.as_millis()
            ));
        }
    });
    ui.separator();
    let Some((shown, result)) = preview.shown() else {
        return;
    };
    if shown != node {
        return;
    }
    let table = match result {
        Ok(table) => table,
        Err(error) => {
            ui.label(
                RichText::new(format!("✖ {}", error.message))
                    .color(Color32::from_rgb(0xe8, 0x60, 0x60)),
            );
            return;
        }
    };
    if let Some(quality) = &table.quality {
        quality_lines(ui, &node, quality);
        ui.separator();
    }
    let columns = &table.columns;
    if columns.is_empty() {
        if table.quality.is_none() {
            ui.weak("The output has no columns");
        }
        return;
    }
    egui::ScrollArea::horizontal()
        .id_salt("preview-scroll")
        .show(ui, |ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt(("preview", &node))
                .striped(true)
                .resizable(true)
                .column(Column::exact(44.0));
            for _ in columns {
                builder = builder.column(Column::initial(130.0).at_least(60.0).clip(true));
            }
            builder
                .header(74.0, |mut header| {
                    header.col(|ui| {
                        ui.weak("#");
                    });
                    for column in columns {
                        header.col(|ui| {
                            ui.vertical(|ui| {
                                ui.strong(&column.name);
                                ui.label(RichText::new(&column.type_name).small().weak());
                                ui.label(
                                    RichText::new(format!(
                                        "nulls {} · distinct {}",
                                        column.null_count, column.distinct_count
                                    ))
                                    .small(),
                                );
                                let range = match (&column.min, &column.max) {
                                    (Some(min), Some(max)) => format!("{min} … {max}"),
                                    _ => String::new(),
                                };
                                ui.label(RichText::new(range).small().weak());
                            });
                        })
                        .1
                        .on_hover_text(format!(
                            "{} ({})\nnulls: {}\ndistinct: {}\nmin: {}\nmax: {}\n(over the rows shown)",
                            column.name,
                            column.type_name,
                            column.null_count,
                            column.distinct_count,
                            column.min.as_deref().unwrap_or("—"),
                            column.max.as_deref().unwrap_or("—"),
                        ));
                    }
                })
                .body(|body| {
                    body.rows(18.0, table.cells.len(), |mut row| {
                        let index = row.index();
                        row.col(|ui| {
                            ui.weak((index + 1).to_string());
                        });
                        if let Some(cells) = table.cells.get(index) {
                            for cell in cells {
                                row.col(|ui| {
                                    if cell == "null" {
                                        ui.weak("null");
                                    } else {
                                        ui.label(cell);
                                    }
                                });
                            }
                        }
                    });
                });
        });
}

/// A recommend node asked by hand: type a customer or product codes, see its answer with scores.
fn ask_shopper(context: &mut ViewContext<'_>, ui: &mut Ui, node: &str) {
    let mut asked = false;
    ui.horizontal(|ui| {
        let label = ui.label("Try a shopper:");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut context.view.shopper)
                    .hint_text("customer id, or product codes")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui
            .add_enabled(!context.view.shopper.trim().is_empty(), egui::Button::new("Ask"))
            .on_hover_text("What this node answers: similar products with scores, or the most popular ones and why")
            .clicked()
            || entered
        {
            asked = true;
        }
    });
    if asked {
        context.ask(Intent::AskRecommender {
            node: node.to_string(),
            query: context.view.shopper.trim().to_string(),
        });
    }
    let Some(answer) = context.session.answer().filter(|a| a.node == node) else {
        return;
    };
    match &answer.result {
        Ok(answer_of) => {
            let who = match &answer_of.customer {
                Some(customer) => format!(
                    "customer {customer} (their best rated, best first: {})",
                    answer_of
                        .recent
                        .iter()
                        .rev()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => format!("a shopper who looked at {}", answer_of.recent.join(", ")),
            };
            ui.label(format!("For {who}:"));
            if let Some(reason) = &answer_of.fallback {
                ui.colored_label(
                    Color32::from_rgb(0xe0, 0xa0, 0x20),
                    format!("the most popular products ({reason})"),
                );
            }
            ui.horizontal_wrapped(|ui| {
                for (rank, (product, score)) in answer_of.items.iter().enumerate() {
                    ui.label(
                        RichText::new(format!("{}. {product} ({score:.3})", rank + 1)).monospace(),
                    );
                }
            });
        }
        Err(error) => {
            ui.colored_label(Color32::from_rgb(0xe8, 0x60, 0x60), format!("✖ {error}"));
        }
    }
}

/// The newest events through a stream node while it runs.
fn live_events(ui: &mut Ui, node: &str, events: &crate::app::stream_monitor::LiveEvents) {
    ui.horizontal(|ui| {
        ui.strong(node);
        ui.separator();
        ui.label(format!(
            "▶ live: the last {} events through it",
            events.rows.len()
        ));
    });
    ui.separator();
    egui::ScrollArea::horizontal()
        .id_salt("live-scroll")
        .show(ui, |ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt(("live", node))
                .striped(true)
                .stick_to_bottom(true)
                .column(Column::exact(44.0));
            for _ in &events.columns {
                builder = builder.column(Column::initial(130.0).at_least(60.0).clip(true));
            }
            builder
                .header(36.0, |mut header| {
                    header.col(|ui| {
                        ui.weak("#");
                    });
                    for (name, type_name) in &events.columns {
                        header.col(|ui| {
                            ui.vertical(|ui| {
                                ui.strong(name);
                                ui.label(RichText::new(type_name).small().weak());
                            });
                        });
                    }
                })
                .body(|body| {
                    body.rows(18.0, events.rows.len(), |mut row| {
                        let index = row.index();
                        row.col(|ui| {
                            ui.weak((index + 1).to_string());
                        });
                        if let Some(cells) = events.rows.get(index) {
                            for cell in cells {
                                row.col(|ui| {
                                    ui.label(cell);
                                });
                            }
                        }
                    });
                });
        });
}

/// A data-quality node's rules: each with its result, and the rows that fail it.
fn quality_lines(ui: &mut Ui, node: &str, quality: &QualityLines) {
    let rules = match &quality.rules {
        Ok(rules) => rules,
        Err(error) => {
            ui.label(
                RichText::new(format!("✖ The rules could not be evaluated: {error}")).color(FAILED),
            );
            return;
        }
    };
    egui::ScrollArea::vertical()
        .id_salt(("quality-rules", node))
        .max_height(220.0)
        .show(ui, |ui| {
            for rule in rules {
                let (glyph, colour) = match rule.status {
                    RuleStatus::Passed => ("✔", PASSED),
                    RuleStatus::Failed if rule.is_warning => ("⚠", WARNED),
                    RuleStatus::Failed => ("✖", FAILED),
                    RuleStatus::Skipped => ("…", Color32::GRAY),
                };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(glyph).color(colour).strong());
                    ui.label(RichText::new(&rule.text).monospace());
                    ui.weak(format!("{} ({})", rule.message, rule.status.as_str()));
                });
                if let Some((names, rows)) = &rule.failing_rows {
                    ui.indent(("failing", node, rule.index), |ui| {
                        ui.weak(format!("failing rows ({} shown)", rows.len()));
                        egui::Grid::new(("failing-rows", node, rule.index))
                            .striped(true)
                            .show(ui, |ui| {
                                for name in names {
                                    ui.strong(name);
                                }
                                ui.end_row();
                                for row in rows {
                                    for cell in row {
                                        ui.label(cell);
                                    }
                                    ui.end_row();
                                }
                            });
                    });
                }
            }
        });
    if let Some(error) = &quality.output_error {
        ui.label(RichText::new(format!("✖ {error}")).color(FAILED));
    }
}

const PASSED: Color32 = Color32::from_rgb(0x5c, 0xc0, 0x70);
const WARNED: Color32 = Color32::from_rgb(0xe8, 0xb8, 0x30);
const FAILED: Color32 = Color32::from_rgb(0xe8, 0x60, 0x60);
