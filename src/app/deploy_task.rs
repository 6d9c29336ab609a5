//! Deploys from the window, each on a thread of its own with its own tokio runtime, so the
//! window never waits on AWS: the settings read, the plan worked out against what the account
//! holds, the plan carried out with an event per resource, and new settings written. Results come
//! back as plain data through a channel that `Session::tick` reads.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::file_tasks::Notify;
use crate::deploy::apply::{Applied, Outcome, apply_changes};
use crate::deploy::cost::{PRICES, total_per_day};
use crate::deploy::plan::{self, Action, Change, plan_changes};
use crate::deploy::resources::{Desired, ResourceKind, arn_of};
use crate::deploy::{Placement, Prepared, aws, prepare};
use crate::engine::PlanSite;
use crate::model::Pipeline;
use crate::model::deploy_settings::{
    DeploySettings, deploy_settings_path_for, load_deploy_settings, save_deploy_settings,
};
use crate::model::history::load_history;

/// One line of the plan as the dialog shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanLine {
    pub action: Action,
    pub resource: &'static str,
    pub name: String,
    pub reason: String,
    /// The estimate a day, for resources that cost something.
    pub usd_per_day: Option<f64>,
}

/// A plan, worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployView {
    pub settings_file: PathBuf,
    /// Where it deploys: "s3://bucket/prefix/ in http://127.0.0.1:5000 (us-east-1)".
    pub destination: String,
    pub lines: Vec<PlanLine>,
    pub summary: String,
    /// What stops the deploy; the flag says whether accepting unmet requirements lets it go.
    pub blockers: Vec<(String, bool)>,
    pub local_only: Vec<(String, String)>,
    pub script_only: Vec<(String, String, String)>,
    pub usd_per_day: f64,
    pub prices_as_of: &'static str,
    /// Each deployed node's standing: "in AWS", "to create", "to update".
    pub nodes: BTreeMap<String, String>,
}

impl DeployView {
    /// Whether Apply has anything to do and may do it.
    pub fn can_apply(&self, accept_unmet: bool) -> bool {
        let blocked = self
            .blockers
            .iter()
            .any(|(_, overridable)| !(accept_unmet && *overridable))
            || self.lines.iter().any(|l| l.action == Action::Conflict);
        !blocked && self.lines.iter().any(|l| l.action.changes())
    }
}

/// One resource carried out.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedLine {
    pub resource: &'static str,
    pub name: String,
    pub action: Action,
    pub outcome: String,
    pub detail: Option<String>,
    pub arn: String,
}

/// What a deploy thread sends back.
#[derive(Debug, Clone, PartialEq)]
pub enum DeployEvent {
    /// There are no settings yet: they are asked for, and written here.
    NeedsSettings(PathBuf),
    Planned(Result<DeployView, String>),
    Progress(AppliedLine),
    Applied(Result<Vec<AppliedLine>, String>),
    SettingsSaved(Result<PathBuf, String>),
}

/// What a deploy works on: the document as it is, where it is, and how.
#[derive(Clone)]
pub struct DeployInput {
    pub pipeline: Pipeline,
    pub file: PathBuf,
    pub site: PlanSite,
    pub with_data: bool,
    pub accept_unmet: bool,
}

/// A deploy thread's events.
pub struct DeployJob {
    events: Receiver<DeployEvent>,
}

impl DeployJob {
    /// Every event that has arrived, without waiting.
    pub fn poll(&self) -> Vec<DeployEvent> {
        self.events.try_iter().collect()
    }
}

fn spawn(
    notify: Notify,
    work: impl FnOnce(&(dyn Fn(DeployEvent) + Sync)) + Send + 'static,
) -> DeployJob {
    let (sender, events) = channel::<DeployEvent>();
    let sent = move |sender: &Sender<DeployEvent>, event: DeployEvent| {
        let _ = sender.send(event);
        notify();
    };
    let _ = std::thread::Builder::new()
        .name("sluice-deploy".into())
        .spawn(move || work(&|event| sent(&sender, event)));
    DeployJob { events }
}

/// Plans `input`; with `apply`, carries the plan out too.
pub fn start_deploy(input: DeployInput, apply: bool, notify: Notify) -> DeployJob {
    spawn(notify, move |send| {
        let settings_file = deploy_settings_path_for(&input.file);
        if !settings_file.exists() {
            send(DeployEvent::NeedsSettings(settings_file));
            return;
        }
        let settings = match load_deploy_settings(&settings_file) {
            Ok(settings) => settings,
            Err(error) => {
                send(DeployEvent::Planned(Err(error.to_string())));
                return;
            }
        };
        let history = input
            .site
            .history_file
            .as_deref()
            .and_then(|path| load_history(path).ok())
            .unwrap_or_default();
        let prepared = prepare(
            &input.pipeline,
            &input.file,
            input.site.clone(),
            &history,
            &settings,
            input.with_data,
        );
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(error) => {
                send(DeployEvent::Planned(Err(error.to_string())));
                return;
            }
        };
        runtime.block_on(async {
            let clients = match aws::clients(&settings).await {
                Ok(clients) => clients,
                Err(error) => {
                    send(DeployEvent::Planned(Err(error.message)));
                    return;
                }
            };
            let observed = match aws::observe(&clients, &prepared.desired).await {
                Ok(observed) => observed,
                Err(error) => {
                    send(DeployEvent::Planned(Err(error.message)));
                    return;
                }
            };
            let changes = plan_changes(&prepared.desired, &observed);
            let destination = format!(
                "s3://{}/{} in {} ({})",
                settings.bucket, settings.prefix, clients.endpoint, clients.region
            );
            let view = view_of(&prepared, &changes, settings_file.clone(), destination);
            let may_apply = view.can_apply(input.accept_unmet);
            send(DeployEvent::Planned(Ok(view)));
            if !apply {
                return;
            }
            if !may_apply {
                send(DeployEvent::Applied(Err(
                    "the plan is blocked or has nothing to do".to_string(),
                )));
                return;
            }
            let desired = &prepared.desired;
            let mut progress = |done: &Applied| {
                if done.change.action.changes() {
                    send(DeployEvent::Progress(applied_line(desired, done)));
                }
            };
            let applied =
                apply_changes(&clients, desired, &observed, &changes, &mut progress).await;
            send(DeployEvent::Applied(Ok(applied
                .iter()
                .map(|a| applied_line(desired, a))
                .collect())));
        });
    })
}

/// Writes the first settings of `file`'s pipeline.
pub fn start_save_settings(path: PathBuf, settings: DeploySettings, notify: Notify) -> DeployJob {
    spawn(notify, move |send| {
        let problems = settings.problems();
        let result = if problems.is_empty() {
            save_deploy_settings(&path, &settings)
                .map(|()| path.clone())
                .map_err(|e| e.to_string())
        } else {
            Err(problems.join("; "))
        };
        send(DeployEvent::SettingsSaved(result));
    })
}

fn applied_line(desired: &Desired, applied: &Applied) -> AppliedLine {
    let (outcome, detail) = match &applied.outcome {
        Outcome::Done => ("done", None),
        Outcome::Skipped => ("unchanged", None),
        Outcome::Kept(why) => ("kept", Some(why.clone())),
        Outcome::Failed(why) => ("failed", Some(why.clone())),
        Outcome::NotAttempted => ("not attempted", None),
    };
    AppliedLine {
        resource: applied.change.kind.noun(),
        name: applied.change.name.clone(),
        action: applied.change.action,
        outcome: outcome.to_string(),
        detail,
        arn: arn_of(desired, applied.change.kind, &applied.change.name),
    }
}

fn view_of(
    prepared: &Prepared,
    changes: &[Change],
    settings_file: PathBuf,
    destination: String,
) -> DeployView {
    let desired = &prepared.desired;
    let cost_of = |kind: ResourceKind, name: &str| {
        prepared
            .costs
            .iter()
            .find(|c| c.kind == kind && c.name == name)
            .map(|c| c.usd_per_day)
    };
    let lines = changes
        .iter()
        .map(|c| PlanLine {
            action: c.action,
            resource: c.kind.noun(),
            name: c.name.clone(),
            reason: c.reason.clone(),
            usd_per_day: cost_of(c.kind, &c.name),
        })
        .collect();
    let mut nodes = BTreeMap::new();
    for change in changes {
        let standing = match change.action {
            Action::Unchanged | Action::Keep => "in AWS",
            Action::Create => "to create",
            Action::Update => "to update",
            Action::Delete | Action::Conflict => continue,
        };
        let Some(node) = &change.node else { continue };
        let covered: Vec<String> = match change.kind {
            ResourceKind::Job => prepared
                .layout
                .job(node)
                .map(|j| j.nodes.clone())
                .unwrap_or_default(),
            _ => vec![node.clone()],
        };
        for id in covered {
            // A node is as far as its least deployed resource.
            let worse = nodes
                .get(&id)
                .is_some_and(|s: &String| s != "in AWS" && standing == "in AWS");
            if !worse {
                nodes.insert(id, standing.to_string());
            }
        }
    }
    for (id, placement) in &prepared.layout.placements {
        if matches!(placement, Placement::LocalOnly(_)) {
            nodes.remove(id);
        }
    }
    DeployView {
        settings_file,
        destination,
        lines,
        summary: plan::summary(changes),
        blockers: desired
            .blockers
            .iter()
            .map(|b| (format!("{}: {}", b.subject, b.reason), b.overridable))
            .collect(),
        local_only: desired.local_only.clone(),
        script_only: desired
            .script_only
            .iter()
            .map(|(job, only)| (job.clone(), only.node.clone(), only.reason.clone()))
            .collect(),
        usd_per_day: total_per_day(&prepared.costs),
        prices_as_of: PRICES.as_of,
        nodes,
    }
}
