//! The Deploy dialog's side of the session: asked to open, it plans in the background; Apply
//! carries the plan out with a line per resource as it goes; with no settings yet, it asks for
//! them and writes them. The last plan gives deployed nodes their standing for the canvas' badges.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Session;
use crate::app::deploy_task::{
    AppliedLine, DeployEvent, DeployInput, DeployJob, DeployView, start_deploy, start_save_settings,
};
use crate::model::deploy_settings::DeploySettings;

/// What the Deploy dialog is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeployIntent {
    /// Open the dialog and plan.
    Open,
    /// Plan again (what the account holds may have changed).
    Plan,
    /// Whether the files the deployed sources read are uploaded too; plans again.
    WithData(bool),
    /// Carry the plan out; `accept_unmet` lets requirements the deployed form cannot meet
    /// through (the plan records it).
    Apply {
        accept_unmet: bool,
    },
    /// Write the first settings, then plan.
    SaveSettings {
        bucket: String,
        role_arn: String,
        region: String,
        endpoint_url: String,
    },
    Close,
}

/// The Deploy dialog's state.
#[derive(Default)]
pub struct DeployDialog {
    pub open: bool,
    /// What the background is doing: "Planning…", "Applying…".
    pub busy: Option<&'static str>,
    /// No settings yet: where they will be written.
    pub needs_settings: Option<PathBuf>,
    pub plan: Option<Result<DeployView, String>>,
    /// Each resource as it was carried out, in order.
    pub progress: Vec<AppliedLine>,
    /// The outcome of the last Apply.
    pub applied: Option<Result<Vec<AppliedLine>, String>>,
    /// A problem with the settings typed in.
    pub settings_problem: Option<String>,
    /// The files the deployed sources read are uploaded too.
    pub with_data: bool,
    job: Option<DeployJob>,
}

impl DeployDialog {
    /// Each deployed node's standing from the last plan: "in AWS", "to create", "to update".
    pub fn node_standings(&self) -> Option<&BTreeMap<String, String>> {
        self.plan
            .as_ref()
            .and_then(|plan| plan.as_ref().ok())
            .map(|view| &view.nodes)
    }
}

impl Session {
    /// The Deploy dialog's state.
    pub fn deploy(&self) -> &DeployDialog {
        &self.deploy
    }

    fn deploy_input(&self, accept_unmet: bool) -> Option<DeployInput> {
        let file = self.state.file()?.to_path_buf();
        Some(DeployInput {
            pipeline: self.state.document().clone(),
            file,
            site: self.state.plan_site(),
            with_data: self.deploy.with_data,
            accept_unmet,
        })
    }

    pub(super) fn act_on_deploy(&mut self, intent: DeployIntent) {
        match intent {
            DeployIntent::Open | DeployIntent::Plan => {
                self.deploy.open = true;
                self.start_deploy(false, false);
            }
            DeployIntent::WithData(with_data) => {
                self.deploy.with_data = with_data;
                self.start_deploy(false, false);
            }
            DeployIntent::Apply { accept_unmet } => self.start_deploy(true, accept_unmet),
            DeployIntent::SaveSettings {
                bucket,
                role_arn,
                region,
                endpoint_url,
            } => {
                let Some(path) = self.deploy.needs_settings.clone() else {
                    return;
                };
                let id = self
                    .state
                    .file()
                    .map(crate::deploy::pipeline_id)
                    .unwrap_or_default();
                let mut settings =
                    DeploySettings::with_defaults(&id, bucket.trim(), role_arn.trim());
                settings.region = Some(region.trim().to_string()).filter(|r| !r.is_empty());
                settings.endpoint_url =
                    Some(endpoint_url.trim().to_string()).filter(|e| !e.is_empty());
                self.deploy.busy = Some("Writing the settings…");
                self.deploy.settings_problem = None;
                self.deploy.job = Some(start_save_settings(path, settings, self.notify.clone()));
            }
            DeployIntent::Close => self.deploy.open = false,
        }
    }

    fn start_deploy(&mut self, apply: bool, accept_unmet: bool) {
        if self.deploy.busy.is_some() {
            return;
        }
        let Some(input) = self.deploy_input(accept_unmet) else {
            self.deploy.plan = Some(Err(
                "Save the pipeline first: its deploy settings live beside its file".to_string(),
            ));
            return;
        };
        self.deploy.busy = Some(if apply { "Applying…" } else { "Planning…" });
        if apply {
            self.deploy.progress.clear();
            self.deploy.applied = None;
        }
        self.deploy.job = Some(start_deploy(input, apply, self.notify.clone()));
    }

    /// Takes in what the deploy thread sent.
    pub(super) fn exchange_with_deploy(&mut self) {
        let Some(job) = &self.deploy.job else {
            return;
        };
        let mut replan = false;
        for event in job.poll() {
            match event {
                DeployEvent::NeedsSettings(path) => {
                    self.deploy.needs_settings = Some(path);
                    self.deploy.busy = None;
                }
                DeployEvent::Planned(plan) => {
                    self.deploy.needs_settings = None;
                    self.deploy.plan = Some(plan);
                    if !matches!(self.deploy.busy, Some("Applying…")) {
                        self.deploy.busy = None;
                    }
                }
                DeployEvent::Progress(line) => self.deploy.progress.push(line),
                DeployEvent::Applied(result) => {
                    // The plan made next gives the nodes their new standing.
                    self.deploy.applied = Some(result);
                    self.deploy.busy = None;
                    replan = true;
                }
                DeployEvent::SettingsSaved(result) => {
                    self.deploy.busy = None;
                    match result {
                        Ok(_) => {
                            self.deploy.needs_settings = None;
                            replan = true;
                        }
                        Err(problem) => self.deploy.settings_problem = Some(problem),
                    }
                }
            }
        }
        if replan {
            self.deploy.job = None;
            self.start_deploy(false, false);
        }
    }
}
