//! Where the desktop offers no file dialog (no desktop portal on the session bus: a bare X
//! server, a container, a remote session), Open…, Save as… and Export ask for a path in the
//! window instead.

use std::path::PathBuf;

use super::Designer;
use super::file_tasks::{AfterSave, TaskOutcome};

/// What the path is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPurpose {
    Open,
    SaveAs(AfterSave),
    Export,
}

/// The path prompt while it is open.
#[derive(Debug, Clone)]
pub struct PathPrompt {
    pub purpose: PathPurpose,
    pub text: String,
}

/// Whether the desktop can show file dialogs (rfd talks to the desktop portal over D-Bus).
pub fn dialogs_available() -> bool {
    !cfg!(target_os = "linux")
        || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty())
}

impl Designer {
    /// Asks for a path: with the desktop's dialog when there is one, else in the window.
    pub fn ask_path(&mut self, purpose: PathPurpose, folder: PathBuf, name: String) {
        if self.native_dialogs {
            match purpose {
                PathPurpose::Open => self.tasks.pick_open(folder),
                PathPurpose::SaveAs(after) => self.tasks.pick_save_as(folder, name, after),
                PathPurpose::Export => self.tasks.pick_export(folder, name),
            }
        } else {
            self.path_prompt = Some(PathPrompt {
                purpose,
                text: folder.join(name).display().to_string(),
            });
        }
    }
}

pub fn show(designer: &mut Designer, ctx: &egui::Context) {
    let Some(mut prompt) = designer.path_prompt.take() else {
        return;
    };
    let mut done = None;
    egui::Modal::new(egui::Id::new("path-prompt")).show(ctx, |ui| {
        ui.heading(match prompt.purpose {
            PathPurpose::Open => "Open pipeline",
            PathPurpose::SaveAs(_) => "Save pipeline as",
            PathPurpose::Export => "Export canvas as PNG",
        });
        ui.label("File path");
        let response = ui.add(
            egui::TextEdit::singleline(&mut prompt.text)
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
            let path = Some(PathBuf::from(prompt.text.trim()));
            let outcome = match prompt.purpose {
                PathPurpose::Open => TaskOutcome::PickedOpen(path),
                PathPurpose::SaveAs(after) => TaskOutcome::PickedSaveAs(path, after),
                PathPurpose::Export => TaskOutcome::PickedExport(path),
            };
            super::file_tasks::settle(designer, outcome);
        }
        Some(false) => {}
        None => designer.path_prompt = Some(prompt),
    }
}
