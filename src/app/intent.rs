//! What the window's views ask of the session, and what the session asks of the window back.
//! Views push intents while they draw; the window hands them to the session once per frame, so
//! a repeated layout pass never acts twice.

use std::path::PathBuf;

use super::command::{Action, Command};
use crate::model::Position;

/// Something a person did that the session acts on.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// An edit; a refusal shows in the status line.
    Edit(Command),
    /// An edit typed into a form field; a refusal comes back as [`Effect::FieldRefused`].
    EditField {
        command: Command,
        node: String,
        param: String,
    },
    /// A new selection.
    Select(Vec<String>),
    /// The current run of merged edits ends (a drag released, a field left).
    CloseMerge,
    /// A named action from a menu, a shortcut or the command palette.
    Action(Action),
    /// Pipeline text arrived from the clipboard, to paste at `at`.
    Paste {
        text: String,
        at: Position,
    },
    OpenRecent(PathBuf),
    /// The answer to "save changes first?".
    Discard(DiscardChoice),
    /// The answer to "recover unsaved work?".
    Recover(bool),
    /// A path typed into the window's path prompt (`None`: cancelled).
    PathChosen(Option<PathBuf>),
    /// The answer to "write outside the pipeline's folder?".
    AllowOutside(bool),
    /// How the preview takes its rows.
    PreviewRows {
        random: bool,
        seed: u64,
    },
    /// Which output of the focused node the preview shows (`None`: the first).
    PreviewPort(Option<String>),
    /// Put a fault into a stream node for the next runs, or take it out (`None`).
    SetFault {
        node: String,
        fault: Option<crate::stream::fault::Fault>,
    },
    /// Ask a recommend node what it answers this shopper (a customer id or product codes).
    AskRecommender {
        node: String,
        query: String,
    },
    /// The Deploy dialog: open, plan, apply, write settings, close.
    Deploy(super::session::DeployIntent),
    /// Show the Glue script of the job this node deploys in (the Script tab).
    ShowScript(String),
    /// The lesson panel: open a lesson, change step, hint, "show me", close.
    Lesson(super::session::LessonIntent),
    /// Crawl with this crawler node and record its catalog (the Catalog panel's button).
    RecordCrawl(String),
    /// The window was asked to close.
    CloseRequested,
}

/// The answers to "save changes first?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscardChoice {
    Save,
    DontSave,
    Cancel,
}

/// What the window does in answer to the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The document was replaced (New, Open, a recovered copy): views drop what they kept.
    Replaced,
    /// Close the window: nothing is left unsaved, or the person chose so.
    Close,
    /// Keep the window open: the close asked a question first.
    CancelClose,
    /// A run started: show its log.
    RunStarted,
    /// Draw the canvas into this PNG file (only the window can draw).
    Export(PathBuf),
    /// Write the followed lesson's handout here (the window draws its canvas).
    Handout(PathBuf),
    /// A form field's edit was refused; the text stays in the field with the reason.
    FieldRefused {
        node: String,
        param: String,
        reason: String,
    },
    /// A form field's edit was taken.
    FieldTaken { node: String, param: String },
    /// The layout changed as a whole: bring every node into view.
    FitAll,
}
