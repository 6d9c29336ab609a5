//! The Catalog panel: each crawler's database, its tables (new and changed ones marked), their
//! columns and partitions, and the files not classified. Drag a table onto the canvas to add a
//! catalog source wired to its crawler; double-click does the same beside the crawler.

use egui::{Color32, RichText, Ui};

use super::canvas::CatalogTableDrag;
use super::palette::drop_point;
use super::view::ViewContext;
use crate::app::catalog_summary::{CatalogSummary, TableSummary};
use crate::app::{Command, Intent};

const NEW: Color32 = Color32::from_rgb(0x60, 0xc8, 0x70);
const CHANGED: Color32 = Color32::from_rgb(0xf0, 0xb0, 0x40);
const DEPRECATED: Color32 = Color32::from_rgb(0x9a, 0x9a, 0x9a);

pub fn show(context: &mut ViewContext<'_>, ui: &mut Ui) {
    let Some(plan) = context.session.plan() else {
        ui.label("Working out the catalog…");
        return;
    };
    let mut catalogs: Vec<&CatalogSummary> = plan.catalogs.values().collect();
    catalogs.sort_by(|a, b| a.crawler.cmp(&b.crawler));
    if catalogs.is_empty() {
        ui.label("No crawler yet. Add a Crawler from the palette and give it a folder to crawl.");
        return;
    }
    let mut add: Option<(String, String)> = None;
    let mut record: Option<String> = None;
    egui::ScrollArea::vertical()
        .id_salt("catalog-scroll")
        .show(ui, |ui| {
            for catalog in catalogs {
                let heading = format!("🗄 {} (crawler {})", catalog.database, catalog.crawler);
                egui::CollapsingHeader::new(heading)
                    .id_salt(("catalog", catalog.crawler.as_str()))
                    .default_open(true)
                    .show(ui, |ui| {
                        let when = match (&catalog.last_crawl, catalog.pending) {
                            (_, true) => {
                                "Changes not recorded yet: run to record the crawl".to_string()
                            }
                            (Some(time), false) => format!("Recorded {time}"),
                            (None, false) => "Not recorded yet".to_string(),
                        };
                        ui.small(when);
                        let button = ui.small_button("Record crawl").on_hover_text(
                            "Crawl now and write the catalog file beside the pipeline",
                        );
                        if button.clicked() {
                            record = Some(catalog.crawler.clone());
                        }
                        for table in &catalog.tables {
                            if let Some(picked) = table_ui(ui, catalog, table) {
                                add = Some(picked);
                            }
                        }
                        if !catalog.unclassified.is_empty() {
                            egui::CollapsingHeader::new(format!(
                                "Not classified ({})",
                                catalog.unclassified.len()
                            ))
                            .id_salt(("unclassified", catalog.crawler.as_str()))
                            .show(ui, |ui| {
                                for (location, classification, reason) in &catalog.unclassified {
                                    let name = location.rsplit('/').next().unwrap_or(location);
                                    ui.label(format!("{classification} {name}"))
                                        .on_hover_text(format!("{location}\n{reason}"));
                                }
                            });
                        }
                    });
            }
        });
    if let Some(crawler) = record {
        context.ask(Intent::RecordCrawl(crawler));
    }
    if let Some((crawler, table)) = add {
        let at = drop_point(&context.view.canvas, context.session.document());
        context.ask(Intent::Edit(Command::AddCatalogSource {
            crawler,
            table,
            at,
        }));
    }
}

/// One table: a header that can be dragged onto the canvas, its columns and partitions inside.
fn table_ui(
    ui: &mut Ui,
    catalog: &CatalogSummary,
    table: &TableSummary,
) -> Option<(String, String)> {
    let (mark, colour) = if table.table.deprecated {
        (" deprecated", DEPRECATED)
    } else if table.is_new {
        (" new", NEW)
    } else if table.schema_changed {
        (" changed", CHANGED)
    } else if !table.changes.is_empty() {
        (" partitions changed", CHANGED)
    } else {
        ("", ui.visuals().text_color())
    };
    let mut picked = None;
    ui.horizontal(|ui| {
        let response = ui
            .add(
                egui::Label::new(RichText::new(format!("📋 {}", table.name)).strong())
                    .selectable(false)
                    .sense(egui::Sense::click_and_drag()),
            )
            .on_hover_cursor(egui::CursorIcon::Grab);
        if response.drag_started() {
            egui::DragAndDrop::set_payload(
                ui.ctx(),
                CatalogTableDrag {
                    crawler: catalog.crawler.clone(),
                    table: table.name.clone(),
                },
            );
        }
        let response = response.on_hover_text(format!(
            "{} at {}\nabout {} rows in {} files\nDrag onto the canvas, or double-click, to read it",
            table.table.classification,
            table.table.location,
            table.table.row_estimate,
            table.table.file_count
        ));
        if response.double_clicked() {
            picked = Some((catalog.crawler.clone(), table.name.clone()));
        }
        if !mark.is_empty() {
            ui.colored_label(colour, mark.trim());
        }
    });
    egui::CollapsingHeader::new(format!(
        "{} columns, {} partitions",
        table.table.columns.len(),
        table.table.partitions.len()
    ))
    .id_salt(("table", catalog.crawler.as_str(), table.name.as_str()))
    .show(ui, |ui| {
        for column in &table.table.columns {
            let changed = table
                .changes
                .iter()
                .any(|c| c.contains(&format!("`{}`", column.name)));
            let text = format!("{}  {}", column.name, column.glue_type);
            let label = if changed {
                ui.colored_label(CHANGED, text)
            } else {
                ui.label(text)
            };
            if let Some(sluice) = &column.sluice_type {
                label.on_hover_text(format!(
                    "Glue records {}; Sluice's own reader sees {sluice}",
                    column.glue_type
                ));
            }
        }
        for key in &table.table.partition_keys {
            ui.label(
                RichText::new(format!("{}  {} (partition key)", key.name, key.glue_type)).italics(),
            );
        }
        for partition in table.table.partitions.iter().take(20) {
            ui.small(partition.values.join(" / "));
        }
        if table.table.partitions.len() > 20 {
            ui.small(format!("… and {} more", table.table.partitions.len() - 20));
        }
        for change in &table.changes {
            ui.colored_label(CHANGED, change);
        }
    });
    picked
}
