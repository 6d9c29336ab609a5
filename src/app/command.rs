//! Every action on a pipeline, as data. Menus, shortcuts, the command palette and the canvas all
//! produce these; the app applies them in one place, so undo and validation see every edit.

use std::path::PathBuf;

use crate::model::{OutputRef, ParamValue, Pipeline, Position};

/// One user action.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Adds a node of `kind` at `at`; with `after`, wires the new node's first input to it.
    AddNode {
        kind: String,
        at: Position,
        after: Option<String>,
    },
    /// Adds a catalog source reading `table` of crawler `crawler`'s catalog, wired to it: what
    /// dragging a table out of the Catalog panel does (one undo step).
    AddCatalogSource {
        crawler: String,
        table: String,
        at: Position,
    },
    RemoveNodes(Vec<String>),
    /// Copies nodes (and the wires among them) next to the originals.
    DuplicateNodes(Vec<String>),
    Connect {
        from: OutputRef,
        to_node: String,
        to_port: String,
    },
    Disconnect {
        from: OutputRef,
        to_node: String,
        to_port: String,
    },
    /// Connects, first removing the wire already in a port that takes only one (what dropping a
    /// wire on a taken input means on the canvas).
    ConnectReplacing {
        from: OutputRef,
        to_node: String,
        to_port: String,
    },
    SetParam {
        node: String,
        name: String,
        value: ParamValue,
    },
    UnsetParam {
        node: String,
        name: String,
    },
    SetDescription {
        node: String,
        text: Option<String>,
    },
    /// Sets one timing attribute of a node (`schedule`, `expected_duration`, …), or clears it.
    SetTiming {
        node: String,
        key: String,
        value: Option<String>,
    },
    RenameNode {
        from: String,
        to: String,
    },
    /// Moves nodes; successive moves of the same nodes merge into one undo step (a drag).
    MoveNodes(Vec<(String, Position)>),
    /// Inserts the nodes of pipeline text (from the clipboard), offset to `at`.
    Paste {
        text: String,
        at: Position,
    },
    AutoLayout,
    /// A lesson's "show me": the step's nodes and requirements brought in from the finished
    /// pipeline (one undo step).
    TakeStep {
        finished: Box<Pipeline>,
        step: Box<crate::model::lesson::Step>,
        /// The folder the finished pipeline's relative paths are relative to, absolute.
        lesson_folder: PathBuf,
    },
    Undo,
    Redo,
    Select(Vec<String>),
    NewPipeline,
    Open(PathBuf),
    Save,
    SaveAs(PathBuf),
}

/// The actions a person can invoke by name: menus, shortcuts and the command palette share them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    NewPipeline,
    Open,
    Save,
    SaveAs,
    ExportImage,
    Quit,
    Undo,
    Redo,
    Copy,
    Cut,
    Paste,
    Duplicate,
    Delete,
    SelectAll,
    QuickAdd,
    Run,
    CancelRun,
    StopStream,
    CheckRequirements,
    Deploy,
    AutoLayout,
    FitToView,
    ZoomIn,
    ZoomOut,
    ActualSize,
    ToggleTheme,
    PresenterMode,
    CommandPalette,
    NodeHelp,
}

/// An action's name, shortcut and menu, for menus and the command palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandInfo {
    pub action: Action,
    pub name: &'static str,
    pub shortcut: Option<&'static str>,
    pub menu: &'static str,
}

const fn info(
    action: Action,
    name: &'static str,
    shortcut: Option<&'static str>,
    menu: &'static str,
) -> CommandInfo {
    CommandInfo {
        action,
        name,
        shortcut,
        menu,
    }
}

/// Every named action, in menu order.
pub const NAMED_COMMANDS: &[CommandInfo] = &[
    info(Action::NewPipeline, "New pipeline", Some("Ctrl+N"), "File"),
    info(Action::Open, "Open…", Some("Ctrl+O"), "File"),
    info(Action::Save, "Save", Some("Ctrl+S"), "File"),
    info(Action::SaveAs, "Save as…", Some("Ctrl+Shift+S"), "File"),
    info(
        Action::ExportImage,
        "Export as PNG or SVG…",
        Some("Ctrl+E"),
        "File",
    ),
    info(Action::Quit, "Quit", Some("Ctrl+Q"), "File"),
    info(Action::Undo, "Undo", Some("Ctrl+Z"), "Edit"),
    info(Action::Redo, "Redo", Some("Ctrl+Shift+Z"), "Edit"),
    info(Action::Cut, "Cut", Some("Ctrl+X"), "Edit"),
    info(Action::Copy, "Copy", Some("Ctrl+C"), "Edit"),
    info(Action::Paste, "Paste", Some("Ctrl+V"), "Edit"),
    info(Action::Duplicate, "Duplicate", Some("Ctrl+D"), "Edit"),
    info(Action::Delete, "Delete", Some("Delete"), "Edit"),
    info(Action::SelectAll, "Select all", Some("Ctrl+A"), "Edit"),
    info(Action::FitToView, "Fit to view", Some("F"), "View"),
    info(Action::ZoomIn, "Zoom in", Some("Ctrl++"), "View"),
    info(Action::ZoomOut, "Zoom out", Some("Ctrl+-"), "View"),
    info(Action::ActualSize, "Actual size", Some("Ctrl+0"), "View"),
    info(Action::AutoLayout, "Auto-layout", Some("Ctrl+L"), "View"),
    info(Action::ToggleTheme, "Light or dark theme", None, "View"),
    info(Action::PresenterMode, "Presenter mode", Some("F11"), "View"),
    info(
        Action::QuickAdd,
        "Quick add node",
        Some("Ctrl+K"),
        "Pipeline",
    ),
    info(Action::Run, "Run", Some("F5"), "Pipeline"),
    info(
        Action::CancelRun,
        "Cancel run",
        Some("Shift+F5"),
        "Pipeline",
    ),
    info(
        Action::StopStream,
        "Stop the stream (flush and finish)",
        Some("F7"),
        "Pipeline",
    ),
    info(
        Action::CheckRequirements,
        "Check requirements against data",
        Some("F6"),
        "Pipeline",
    ),
    info(Action::Deploy, "Deploy to AWS…", None, "Pipeline"),
    info(
        Action::CommandPalette,
        "Command palette",
        Some("Ctrl+Shift+P"),
        "Help",
    ),
    info(
        Action::NodeHelp,
        "Help cards (the selected node's kind first)",
        Some("F1"),
        "Help",
    ),
];

/// The menus, in menu-bar order.
pub const MENUS: &[&str] = &["File", "Edit", "View", "Pipeline", "Help"];

/// The name and shortcut of `action`.
pub fn command_info(action: Action) -> Option<&'static CommandInfo> {
    NAMED_COMMANDS.iter().find(|c| c.action == action)
}
