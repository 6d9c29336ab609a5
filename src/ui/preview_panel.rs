//! The preview tab: the selected node's sample as a table, each column headed by its name, type
//! and statistics (nulls, distinct values, min and max), with how the rows were taken.

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::Designer;
use super::style::grouped;

pub fn show(designer: &mut Designer, ui: &mut Ui) {
    let Some(node) = designer.focused_node() else {
        ui.weak("Select a node to preview its data");
        return;
    };
    ui.horizontal(|ui| {
        ui.strong(&node);
        ui.separator();
        let mut random = designer.preview.random;
        ui.selectable_value(&mut random, false, "First rows")
            .on_hover_text("The first 100 rows: reads little more than it shows");
        ui.selectable_value(&mut random, true, "Random rows")
            .on_hover_text("100 rows drawn uniformly from the whole output (reads all of it)");
        if random != designer.preview.random {
            designer.preview.random = random;
        }
        if designer.preview.random {
            ui.label("seed");
            ui.add(egui::DragValue::new(&mut designer.preview.seed));
        }
        ui.separator();
        let waiting_plan = designer.planning_for();
        let waiting_preview = designer.preview.requested_at.map(|t| t.elapsed());
        if let Some(elapsed) = waiting_preview.or(waiting_plan) {
            ui.spinner();
            ui.label(format!("Reading… {:.1} s", elapsed.as_secs_f32()));
        } else if let Some((shown, Ok(table))) = &designer.preview.shown
            && *shown == node
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
    let Some((shown, result)) = &designer.preview.shown else {
        return;
    };
    if *shown != node {
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
    let columns = &table.preview.columns;
    if columns.is_empty() {
        ui.weak("The output has no columns");
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
