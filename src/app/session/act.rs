//! What the session does with each intent and each named action.

use super::{Discarding, Session};
use crate::app::command::{Action, Command};
use crate::app::file_tasks::AfterSave;
use crate::app::intent::{Effect, Intent};

impl Session {
    pub(super) fn act(&mut self, intent: Intent) -> Vec<Effect> {
        match intent {
            Intent::Edit(command) => {
                self.edit(command);
                Vec::new()
            }
            Intent::EditField {
                command,
                node,
                param,
            } => match self.state.apply(command) {
                Ok(()) => vec![Effect::FieldTaken { node, param }],
                Err(reason) => vec![Effect::FieldRefused {
                    node,
                    param,
                    reason: reason.to_string(),
                }],
            },
            Intent::Select(ids) => {
                let _ = self.state.apply(Command::Select(ids));
                Vec::new()
            }
            Intent::CloseMerge => {
                self.state.close_merge();
                Vec::new()
            }
            Intent::Action(action) => self.perform(action),
            Intent::Paste { text, at } => {
                self.edit(Command::Paste { text, at });
                Vec::new()
            }
            Intent::OpenRecent(path) => self.unless_unsaved(Discarding::Open(Some(path))),
            Intent::Discard(choice) => self.answer_discard(choice),
            Intent::Recover(recover) => self.answer_recovery(recover),
            Intent::PathChosen(path) => self.path_chosen(path),
            Intent::AllowOutside(allow) => self.answer_outside(allow),
            Intent::SetFault { node, fault } => {
                match fault {
                    Some(fault) => {
                        self.tell(format!("The next run breaks `{node}`: {fault}"), false);
                        self.faults.insert(node, fault);
                    }
                    None => {
                        self.faults.remove(&node);
                    }
                }
                Vec::new()
            }
            Intent::AskRecommender { node, query } => {
                self.ask_recommender(node, query);
                Vec::new()
            }
            Intent::Deploy(intent) => {
                self.act_on_deploy(intent);
                Vec::new()
            }
            Intent::ShowScript(node) => {
                self.request_script(node);
                Vec::new()
            }
            Intent::PreviewRows { random, seed } => {
                self.preview.random = random;
                self.preview.seed = seed;
                Vec::new()
            }
            Intent::PreviewPort(port) => {
                self.preview.chosen_port = match (self.state.focused_node(), port) {
                    (Some(node), Some(port)) => Some((node.to_string(), port)),
                    _ => None,
                };
                Vec::new()
            }
            Intent::CloseRequested => self.close_requested(),
            Intent::RecordCrawl(crawler) => self.start_run_of(Some(crawler)),
            Intent::Lesson(intent) => self.act_on_lesson(intent),
        }
    }

    /// Applies an edit; a refusal is shown in the status line.
    fn edit(&mut self, command: Command) {
        let verb = match &command {
            Command::Connect { .. } | Command::ConnectReplacing { .. } => Some("Cannot connect"),
            Command::Paste { .. } => Some("Cannot paste"),
            Command::RenameNode { .. } => Some("Cannot rename"),
            Command::Undo | Command::Redo => None,
            _ => Some("Cannot do that"),
        };
        if let Err(reason) = self.state.apply(command) {
            match verb {
                Some(verb) => self.tell(format!("{verb}: {reason}"), true),
                None => self.tell(reason.to_string(), false),
            }
        }
    }

    /// Does what `action` names. Actions on the view alone (zoom, themes, popups) are the
    /// window's, and do nothing here.
    fn perform(&mut self, action: Action) -> Vec<Effect> {
        let selection: Vec<String> = self.state.selection().iter().cloned().collect();
        match action {
            Action::NewPipeline => return self.unless_unsaved(Discarding::New),
            Action::Open => return self.unless_unsaved(Discarding::Open(None)),
            Action::Save => self.save(AfterSave::Nothing),
            Action::SaveAs => self.save_as(AfterSave::Nothing),
            Action::ExportImage => self.ask_export_path(),
            Action::Quit => return self.close_requested_or_close(),
            Action::Undo => self.edit(Command::Undo),
            Action::Redo => self.edit(Command::Redo),
            Action::Cut | Action::Delete => {
                if !selection.is_empty() {
                    self.edit(Command::RemoveNodes(selection));
                }
            }
            Action::Duplicate => {
                if !selection.is_empty() {
                    self.edit(Command::DuplicateNodes(selection));
                }
            }
            Action::SelectAll => {
                let all = self
                    .state
                    .document()
                    .nodes
                    .iter()
                    .map(|n| n.id.to_string())
                    .collect();
                let _ = self.state.apply(Command::Select(all));
            }
            Action::Run => return self.start_run(),
            Action::CancelRun => self.cancel_run(),
            Action::StopStream => self.stop_stream(),
            Action::Deploy => self.act_on_deploy(super::DeployIntent::Open),
            Action::CheckRequirements => self.request_check(),
            Action::AutoLayout => {
                self.edit(Command::AutoLayout);
                return vec![Effect::FitAll];
            }
            Action::Copy
            | Action::Paste
            | Action::QuickAdd
            | Action::FitToView
            | Action::ZoomIn
            | Action::ZoomOut
            | Action::ActualSize
            | Action::ToggleTheme
            | Action::PresenterMode
            | Action::CommandPalette
            | Action::NodeHelp => {}
        }
        Vec::new()
    }

    /// Quit: closes at once when nothing is unsaved, else asks first.
    fn close_requested_or_close(&mut self) -> Vec<Effect> {
        if self.may_close() {
            vec![Effect::Close]
        } else {
            self.discard_prompt = Some(Discarding::Close);
            Vec::new()
        }
    }
}
