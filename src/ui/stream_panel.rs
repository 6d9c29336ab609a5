//! The Stream tab: a stream run followed live: Start and Stop, each stream node's events in and
//! out, drops, queue fill, events a second, watermark and latency, the sources' throughput over
//! time and the latency histogram of the node chosen (egui_plot), updated while it runs.

use egui::{Color32, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints};

use super::style::grouped;
use super::view::ViewContext;
use crate::app::Action;
use crate::app::stream_monitor::StreamMonitor;
use crate::engine::run::micros_text;
use crate::stream::live::LiveStage;

/// The colour of a queue by how full it is: calm, filling, full (the bottleneck is after it).
pub fn queue_colour(fill: f32) -> Option<Color32> {
    if fill >= 0.75 {
        Some(Color32::from_rgb(0xe0, 0x40, 0x30))
    } else if fill >= 0.25 {
        Some(Color32::from_rgb(0xe0, 0xa0, 0x20))
    } else {
        None
    }
}

/// A watermark as the time of day it stands at (UTC).
pub fn watermark_text(micros: i64) -> String {
    chrono::DateTime::from_timestamp_micros(micros)
        .map(|t| t.format("%H:%M:%S%.3f").to_string())
        .unwrap_or_else(|| micros.to_string())
}

/// The Stream tab.
pub fn show(context: &mut ViewContext<'_>, ui: &mut Ui) {
    let session = context.session;
    let streaming = session.is_streaming();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!session.is_running(), egui::Button::new("▶ Start"))
            .on_hover_text("Run the pipeline: its streams until their sources end or you stop them (F5)")
            .clicked()
        {
            context.perform(Action::Run);
        }
        if ui
            .add_enabled(streaming, egui::Button::new("⏹ Stop"))
            .on_hover_text(
                "Stop the sources; every node flushes what it holds, then the batch nodes after the streams run (F7)",
            )
            .clicked()
        {
            context.perform(Action::StopStream);
        }
        match session.stream_monitor() {
            Some(monitor) if monitor.is_running() => {
                ui.label(format!(
                    "streaming for {:.1} s",
                    monitor.elapsed().as_secs_f32()
                ));
            }
            Some(_) => {
                ui.label("The stream has ended; these are its last counters");
            }
            None => {
                ui.weak("No stream has run yet: press Start (F5)");
            }
        }
    });
    ui.separator();
    let Some(monitor) = session.stream_monitor() else {
        return;
    };
    let selected = context
        .focused_node()
        .filter(|id| monitor.stage(id).is_some());
    let chosen = selected.or_else(|| monitor.live().stage_ids.last().cloned());
    // The table of nodes at its own width, the plots in what is left to its right.
    let height = ui.available_height();
    ui.horizontal_top(|ui| {
        let top_down = egui::Layout::top_down(egui::Align::Min);
        ui.allocate_ui_with_layout(egui::vec2(0.0, height), top_down, |ui| {
            node_table(ui, monitor);
        });
        ui.separator();
        let width = ui.available_width().max(200.0);
        ui.allocate_ui_with_layout(egui::vec2(width, height), top_down, |ui| {
            ui.set_width(width);
            plots(ui, monitor, chosen.as_deref());
        });
    });
}

fn node_table(ui: &mut Ui, monitor: &StreamMonitor) {
    let live = monitor.live();
    // Headers and cells stay on one line; the table scrolls sideways if it must.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    TableBuilder::new(ui)
        .id_salt("stream-nodes")
        .striped(true)
        .column(Column::auto().at_least(90.0))
        .columns(Column::auto().at_least(44.0), 6)
        .column(Column::remainder().at_least(80.0))
        .header(20.0, |mut header| {
            for title in [
                "node",
                "in",
                "out",
                "dropped",
                "events/s",
                "queue",
                "p99",
                "watermark",
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|mut body| {
            for (id, stage) in live.stage_ids.iter().zip(&live.stages) {
                body.row(18.0, |mut row| {
                    let cells = stage_cells(monitor, id, stage);
                    for (index, cell) in cells.into_iter().enumerate() {
                        row.col(|ui| {
                            let fill = stage.queue_fill();
                            match (index, queue_colour(fill)) {
                                (5, Some(colour)) => {
                                    ui.colored_label(colour, cell);
                                }
                                _ => {
                                    ui.label(cell);
                                }
                            }
                        });
                    }
                });
            }
        });
}

fn stage_cells(monitor: &StreamMonitor, id: &str, stage: &LiveStage) -> Vec<String> {
    use std::sync::atomic::Ordering;
    let latency = stage.latency();
    vec![
        id.to_string(),
        grouped(stage.events_in.load(Ordering::Relaxed)),
        grouped(stage.events_out.load(Ordering::Relaxed)),
        grouped(stage.dropped.load(Ordering::Relaxed)),
        monitor
            .rate(id)
            .map(|rate| grouped(rate.round() as u64))
            .unwrap_or_default(),
        if stage.queue_capacity.load(Ordering::Relaxed) == 0 {
            "—".to_string()
        } else {
            format!("{:.0}%", stage.queue_fill() * 100.0)
        },
        if latency.count > 0 {
            micros_text(latency.p99_micros)
        } else {
            "—".to_string()
        },
        stage.watermark().map(watermark_text).unwrap_or_default(),
    ]
}

fn plots(ui: &mut Ui, monitor: &StreamMonitor, chosen: Option<&str>) {
    ui.label("Events a second out of the sources");
    let points: Vec<[f64; 2]> = monitor.throughput().map(|(t, r)| [t, r]).collect();
    Plot::new("stream-throughput")
        .height(90.0)
        .width(ui.available_width())
        .allow_scroll(false)
        .include_y(0.0)
        .x_axis_label("s")
        .show(ui, |plot| {
            plot.line(Line::new("events/s", PlotPoints::from(points)));
        });
    let Some(id) = chosen else {
        return;
    };
    let Some(stage) = monitor.stage(id) else {
        return;
    };
    let summary = stage.latency();
    ui.label(if summary.count > 0 {
        format!(
            "Latency from ingestion to `{id}`: p50 {} · p95 {} · p99 {} · max {} ({} events)",
            micros_text(summary.p50_micros),
            micros_text(summary.p95_micros),
            micros_text(summary.p99_micros),
            micros_text(summary.max_micros),
            grouped(summary.count)
        )
    } else {
        format!("Latency from ingestion to `{id}`: no event yet (select a stream node)")
    });
    // Buckets on a log scale of milliseconds, so microseconds and seconds both show.
    let bars: Vec<Bar> = stage
        .latency_buckets()
        .into_iter()
        .map(|(micros, events)| {
            let millis = (micros.max(1) as f64) / 1_000.0;
            Bar::new(millis.log10(), events as f64)
                .width(0.05)
                .stroke(egui::Stroke::NONE)
        })
        .collect();
    Plot::new("stream-latency")
        .height(90.0)
        .width(ui.available_width())
        .allow_scroll(false)
        .x_axis_label("log10 ms")
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("latency", bars));
        });
}
