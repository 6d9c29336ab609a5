//! The Deploy dialog: where the pipeline deploys (the settings, or a form for the first ones),
//! the plan as a table (action, resource, reason, cost), what blocks it, what stays local or
//! script-only, Apply with a line per resource as it is done, then the results with their ARNs.
//! Everything it asks of AWS runs on the session's deploy thread; the window never waits.

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::view::ViewContext;
use crate::app::{DeployIntent, Intent};
use crate::deploy::plan::Action as PlanAction;

fn action_colour(action: PlanAction) -> Color32 {
    match action {
        PlanAction::Create => Color32::from_rgb(0x4c, 0xb0, 0x50),
        PlanAction::Update => Color32::from_rgb(0xe0, 0xa0, 0x20),
        PlanAction::Delete | PlanAction::Conflict => Color32::from_rgb(0xe0, 0x50, 0x50),
        PlanAction::Unchanged | PlanAction::Keep => Color32::GRAY,
    }
}

/// The dialog, while it is open.
pub fn show(context: &mut ViewContext<'_>, ctx: &egui::Context) {
    let dialog = context.session.deploy();
    if !dialog.open {
        return;
    }
    let mut open = true;
    let mut asked = None;
    egui::Window::new("Deploy to AWS")
        .id(egui::Id::new("deploy-dialog"))
        .open(&mut open)
        .default_size([900.0, 520.0])
        .resizable(true)
        .show(ctx, |ui| {
            asked = contents(context, ui);
        });
    if let Some(intent) = asked {
        context.ask(Intent::Deploy(intent));
    }
    if !open {
        context.ask(Intent::Deploy(DeployIntent::Close));
    }
}

fn contents(context: &mut ViewContext<'_>, ui: &mut Ui) -> Option<DeployIntent> {
    let dialog = context.session.deploy();
    let mut asked = None;
    if let Some(busy) = dialog.busy {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(busy);
        });
    }
    if let Some(path) = &dialog.needs_settings {
        ui.label(format!(
            "There are no deploy settings yet. They are written to {} (keep it out of \
             hand-outs: it names your bucket and role). Credentials come from the AWS SDK's \
             default chain and are never written.",
            path.display()
        ));
        let form = &mut context.view.deploy;
        egui::Grid::new("deploy-settings")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("S3 bucket");
                ui.text_edit_singleline(&mut form.bucket);
                ui.end_row();
                ui.label("IAM role ARN");
                ui.text_edit_singleline(&mut form.role_arn);
                ui.end_row();
                ui.label("Region");
                ui.add(egui::TextEdit::singleline(&mut form.region).hint_text("AWS_REGION"));
                ui.end_row();
                ui.label("Endpoint (emulator)");
                ui.add(
                    egui::TextEdit::singleline(&mut form.endpoint_url)
                        .hint_text("AWS itself; http://127.0.0.1:5000 for moto"),
                );
                ui.end_row();
            });
        if let Some(problem) = &dialog.settings_problem {
            ui.colored_label(Color32::from_rgb(0xe0, 0x50, 0x50), problem);
        }
        if ui.button("Save settings and plan").clicked() {
            asked = Some(DeployIntent::SaveSettings {
                bucket: form.bucket.clone(),
                role_arn: form.role_arn.clone(),
                region: form.region.clone(),
                endpoint_url: form.endpoint_url.clone(),
            });
        }
        return asked;
    }
    let plan = match &dialog.plan {
        None => return asked,
        Some(Err(why)) => {
            ui.colored_label(Color32::from_rgb(0xe0, 0x50, 0x50), why);
            if ui.button("Plan again").clicked() {
                asked = Some(DeployIntent::Plan);
            }
            return asked;
        }
        Some(Ok(plan)) => plan,
    };
    ui.label(RichText::new(&plan.destination).strong())
        .on_hover_text(format!("settings: {}", plan.settings_file.display()));
    ui.label(format!("Plan: {}", plan.summary));
    for (blocker, overridable) in &plan.blockers {
        let accepted = *overridable && context.view.deploy.accept_unmet;
        let colour = if accepted {
            Color32::from_rgb(0xe0, 0xa0, 0x20)
        } else {
            Color32::from_rgb(0xe0, 0x50, 0x50)
        };
        ui.colored_label(colour, format!("Blocked: {blocker}"));
    }
    if plan.blockers.iter().any(|(_, overridable)| *overridable) {
        ui.checkbox(
            &mut context.view.deploy.accept_unmet,
            "Deploy even though a requirement cannot be met (recorded in the report)",
        );
    }
    ui.separator();
    let applied = dialog.applied.as_ref().and_then(|a| a.as_ref().ok());
    let progress = &dialog.progress;
    let height = (ui.available_height() - 110.0).max(120.0);
    TableBuilder::new(ui)
        .id_salt("deploy-plan")
        .striped(true)
        .max_scroll_height(height)
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(170.0))
        .column(Column::auto().at_least(260.0).clip(true))
        .column(Column::remainder().at_least(200.0).clip(true))
        .column(Column::auto().at_least(80.0))
        .header(20.0, |mut header| {
            for title in ["action", "resource", "name", "reason", "cost a day"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|mut body| {
            for line in &plan.lines {
                let done = progress
                    .iter()
                    .chain(applied.into_iter().flatten())
                    .find(|a| a.name == line.name && a.resource == line.resource);
                body.row(20.0, |mut row| {
                    row.col(|ui| {
                        ui.colored_label(action_colour(line.action), line.action.word());
                    });
                    row.col(|ui| {
                        ui.label(line.resource);
                    });
                    row.col(|ui| {
                        ui.label(&line.name);
                    });
                    row.col(|ui| match done {
                        Some(done) if done.outcome != "unchanged" => {
                            let text = match &done.detail {
                                Some(detail) => format!("{}: {detail}", done.outcome),
                                None => format!("{} · {}", done.outcome, done.arn),
                            };
                            ui.label(RichText::new(text).strong())
                                .on_hover_text(&done.arn);
                        }
                        _ => {
                            ui.label(&line.reason).on_hover_text(&line.reason);
                        }
                    });
                    row.col(|ui| {
                        if let Some(usd) = line.usd_per_day {
                            ui.label(format!("${usd:.2}"));
                        }
                    });
                });
            }
        });
    ui.separator();
    ui.label(format!(
        "Estimated ${:.2} a day (about ${:.2} a month) at public on-demand prices as of {}; \
         an estimate: storage, requests and data transfer are not counted.",
        plan.usd_per_day,
        plan.usd_per_day * 30.0,
        plan.prices_as_of
    ));
    if !plan.local_only.is_empty() {
        ui.collapsing(
            format!("{} nodes stay local", plan.local_only.len()),
            |ui| {
                for (node, reason) in &plan.local_only {
                    ui.label(format!("{node}: {reason}"));
                }
            },
        );
    }
    if !plan.script_only.is_empty() {
        ui.collapsing("Script only in Glue Studio", |ui| {
            for (job, node, reason) in &plan.script_only {
                ui.label(format!("{job}: {node}: {reason}"));
            }
        });
    }
    if let Some(Err(why)) = &dialog.applied {
        ui.colored_label(Color32::from_rgb(0xe0, 0x50, 0x50), why);
    } else if let Some(lines) = applied {
        let failed = lines.iter().filter(|l| l.outcome == "failed").count();
        if failed > 0 {
            ui.colored_label(
                Color32::from_rgb(0xe0, 0x50, 0x50),
                "Not everything was done: Apply again to finish (what was done stays done).",
            );
        } else {
            ui.label("Applied: the account holds what the pipeline says.");
        }
    }
    let mut with_data = dialog.with_data;
    if ui
        .add_enabled(
            dialog.busy.is_none(),
            egui::Checkbox::new(
                &mut with_data,
                "Upload the files the deployed sources and crawlers read",
            ),
        )
        .changed()
    {
        asked = Some(DeployIntent::WithData(with_data));
    }
    ui.horizontal(|ui| {
        let idle = dialog.busy.is_none();
        let may_apply = plan.can_apply(context.view.deploy.accept_unmet);
        if ui
            .add_enabled(idle && may_apply, egui::Button::new("Apply"))
            .on_hover_text("Create, update and delete as the plan says")
            .clicked()
        {
            asked = Some(DeployIntent::Apply {
                accept_unmet: context.view.deploy.accept_unmet,
            });
        }
        if ui
            .add_enabled(idle, egui::Button::new("Plan again"))
            .clicked()
        {
            asked = Some(DeployIntent::Plan);
        }
    });
    asked
}
