//! The questions the session waits on, as modal windows: save changes first, recover unsaved
//! work, write outside the pipeline's folder, and a path where the desktop has no file dialog.

use std::path::PathBuf;

use super::view::ViewContext;
use crate::app::{DiscardChoice, Discarding, Intent, PathPurpose};

pub fn show(context: &mut ViewContext<'_>, ctx: &egui::Context) {
    discard_prompt(context, ctx);
    recovery_offer(context, ctx);
    outside_prompt(context, ctx);
    path_prompt(context, ctx);
}

fn discard_prompt(context: &mut ViewContext<'_>, ctx: &egui::Context) {
    let Some(discarding) = context.session.discard_prompt() else {
        return;
    };
    let mut choice = None;
    egui::Modal::new(egui::Id::new("discard-prompt")).show(ctx, |ui| {
        ui.heading(match discarding {
            Discarding::Close => "Save changes before closing?",
            Discarding::New | Discarding::Open(_) => "Save changes first?",
            Discarding::Lesson(_) => "Save changes before starting the lesson?",
        });
        ui.label("The pipeline has changes that are not saved.");
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(DiscardChoice::Save);
            }
            if ui.button("Don't save").clicked() {
                choice = Some(DiscardChoice::DontSave);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(DiscardChoice::Cancel);
            }
        });
    });
    if let Some(choice) = choice {
        context.ask(Intent::Discard(choice));
    }
}

fn recovery_offer(context: &mut ViewContext<'_>, ctx: &egui::Context) {
    let Some(recovery) = context.session.recovery_offer() else {
        return;
    };
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
    if let Some(recover) = choice {
        context.ask(Intent::Recover(recover));
    }
}

fn outside_prompt(context: &mut ViewContext<'_>, ctx: &egui::Context) {
    let Some(paths) = context.session.outside_prompt() else {
        return;
    };
    let mut choice = None;
    egui::Modal::new(egui::Id::new("outside-prompt")).show(ctx, |ui| {
        ui.heading("Write outside the pipeline's folder?");
        ui.label(
            "This pipeline writes files outside the folder it is in. A pipeline from someone \
             else may try to overwrite your files; check the paths first:",
        );
        for path in paths {
            ui.monospace(path.display().to_string());
        }
        ui.horizontal(|ui| {
            if ui.button("Write them and run").clicked() {
                choice = Some(true);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(false);
            }
        });
    });
    if let Some(allow) = choice {
        context.ask(Intent::AllowOutside(allow));
    }
}

/// Where the desktop offers no file dialog (no desktop portal on the session bus: a bare X
/// server, a container, a remote session), Open…, Save as… and Export ask for a path here.
fn path_prompt(context: &mut ViewContext<'_>, ctx: &egui::Context) {
    let Some(prompt) = context.session.path_prompt() else {
        context.view.path_text = None;
        return;
    };
    let text = context
        .view
        .path_text
        .get_or_insert_with(|| prompt.suggested.display().to_string());
    let mut done = None;
    egui::Modal::new(egui::Id::new("path-prompt")).show(ctx, |ui| {
        ui.heading(match prompt.purpose {
            PathPurpose::Open => "Open pipeline",
            PathPurpose::SaveAs(_) => "Save pipeline as",
            PathPurpose::Export => "Export canvas as PNG or SVG",
            PathPurpose::Handout => "Save the lesson's handout (HTML)",
        });
        ui.label("File path");
        let response = ui.add(
            egui::TextEdit::singleline(text)
                .id(egui::Id::new("path-prompt-text"))
                .desired_width(480.0),
        );
        response.request_focus();
        let entered = ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.button("OK").clicked() || entered {
                done = Some(true);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                done = Some(false);
            }
        });
    });
    match done {
        Some(true) => {
            let path = PathBuf::from(text.trim());
            context.ask(Intent::PathChosen(Some(path)));
        }
        Some(false) => context.ask(Intent::PathChosen(None)),
        None => {}
    }
}
