//! The Requirements tab: stakeholder -> requirement -> status, with the arithmetic or the reason,
//! and the platform limits met; clicking a requirement highlights its path on the canvas.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use super::canvas::ViewRequest;
use super::style::requirement_colour;
use super::view::ViewContext;
use crate::app::Session;
use crate::engine::requirements::{RequirementCheck, RequirementStatus};

/// The tab's title: "Requirements ✔3 ✖1".
pub fn title(session: &Session) -> String {
    if session.plan().is_none() {
        return "Requirements".into();
    }
    let checks = session.requirements();
    let count = |status| checks.iter().filter(|c| c.status == status).count();
    let mut title = "Requirements".to_string();
    for status in [
        RequirementStatus::Pass,
        RequirementStatus::Warn,
        RequirementStatus::Fail,
    ] {
        let n = count(status);
        if n > 0 {
            title.push_str(&format!(" {}{n}", status.symbol()));
        }
    }
    title
}

pub fn show(context: &mut ViewContext<'_>, ui: &mut Ui) {
    if context.session.plan().is_none() {
        ui.weak("Checking the pipeline…");
        return;
    }
    let requirements = context.session.requirements();
    if requirements.is_empty() {
        ui.weak(
            "No requirements yet. A [[requirement]] table in the pipeline file states one: freshness, latency, throughput, fallback or quality",
        );
        return;
    }
    let mut by_stakeholder: BTreeMap<&str, Vec<&RequirementCheck>> = BTreeMap::new();
    for check in requirements {
        by_stakeholder
            .entry(
                check
                    .stakeholder
                    .as_deref()
                    .unwrap_or("No stakeholder named"),
            )
            .or_default()
            .push(check);
    }
    let mut chosen: Option<&RequirementCheck> = None;
    ui.horizontal(|ui| {
        if ui
            .button("Check against data (F6)")
            .on_hover_text(
                "Evaluate the data-quality rules and measure freshness, as `sluice check` does",
            )
            .clicked()
        {
            context.perform(crate::app::Action::CheckRequirements);
        }
        if let Some(waited) = context.session.checking_for() {
            ui.spinner();
            ui.label(format!("Checking… {:.1} s", waited.as_secs_f32()));
        } else if context.session.requirements_measured() {
            ui.weak("Measured against the data");
        } else {
            ui.weak("Estimated from the nodes' timing");
        }
        if let Some(error) = context.session.check_error() {
            ui.label(RichText::new(error).color(requirement_colour(RequirementStatus::Fail)));
        }
        if context.view.highlighted_requirement.is_some() && ui.button("Clear highlight").clicked()
        {
            context.view.highlighted_requirement = None;
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("requirements-scroll")
        .show(ui, |ui| {
            for (stakeholder, checks) in by_stakeholder {
                ui.label(RichText::new(stakeholder).strong());
                for check in checks {
                    let highlighted =
                        context.view.highlighted_requirement.as_deref() == Some(check.id.as_str());
                    ui.horizontal(|ui| {
                        ui.add_space(12.0);
                        ui.label(
                            RichText::new(check.status.symbol())
                                .color(requirement_colour(check.status))
                                .strong(),
                        );
                        let mut heading = format!("{} ({})", check.id, check.kind);
                        if let Some(budget) = &check.budget {
                            heading.push_str(&format!(" · budget {budget}"));
                        }
                        if let Some(estimate) = &check.estimate {
                            heading.push_str(&format!(" · estimate {estimate}"));
                        }
                        heading.push_str(&format!(" · {}", check.status));
                        let response = ui
                            .selectable_label(highlighted, heading)
                            .on_hover_text("Click to highlight its path on the canvas");
                        if response.clicked() {
                            chosen = Some(check);
                        }
                    });
                    ui.indent(("requirement", &check.id), |ui| {
                        if let Some(note) = &check.note {
                            ui.label(RichText::new(note).italics());
                        }
                        for sentence in &check.explanation {
                            ui.label(sentence);
                        }
                        for limit in &check.limits {
                            ui.label(
                                RichText::new(format!("Platform limit: {}", limit.message))
                                    .color(requirement_colour(RequirementStatus::Fail)),
                            );
                        }
                    });
                }
                ui.add_space(4.0);
            }
        });
    if let Some(check) = chosen {
        context.view.highlighted_requirement = Some(check.id.clone());
        context.view.canvas.view_request = Some(ViewRequest::Frame(check.nodes.clone()));
    }
}
