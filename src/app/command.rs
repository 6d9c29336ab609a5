//! Every action on a pipeline, as data. Menus, shortcuts, the command palette and the canvas all
//! produce these; the app applies them in one place, so undo and validation see every edit.

use std::path::PathBuf;

use crate::model::{OutputRef, ParamValue, Position};

/// One user action.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Adds a node of `kind` at `at`; with `after`, wires the new node's first input to it.
    AddNode {
        kind: String,
        at: Position,
        after: Option<String>,
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
    Undo,
    Redo,
    Select(Vec<String>),
    NewPipeline,
    Open(PathBuf),
    Save,
    SaveAs(PathBuf),
}

/// A command's name and shortcut, for menus and the command palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandInfo {
    pub name: &'static str,
    pub shortcut: Option<&'static str>,
    pub menu: &'static str,
}

/// The commands a person can invoke by name (the palette's list), in menu order.
pub const NAMED_COMMANDS: &[CommandInfo] = &[
    CommandInfo {
        name: "New pipeline",
        shortcut: Some("Ctrl+N"),
        menu: "File",
    },
    CommandInfo {
        name: "Open…",
        shortcut: Some("Ctrl+O"),
        menu: "File",
    },
    CommandInfo {
        name: "Save",
        shortcut: Some("Ctrl+S"),
        menu: "File",
    },
    CommandInfo {
        name: "Save as…",
        shortcut: Some("Ctrl+Shift+S"),
        menu: "File",
    },
    CommandInfo {
        name: "Undo",
        shortcut: Some("Ctrl+Z"),
        menu: "Edit",
    },
    CommandInfo {
        name: "Redo",
        shortcut: Some("Ctrl+Shift+Z"),
        menu: "Edit",
    },
    CommandInfo {
        name: "Copy",
        shortcut: Some("Ctrl+C"),
        menu: "Edit",
    },
    CommandInfo {
        name: "Paste",
        shortcut: Some("Ctrl+V"),
        menu: "Edit",
    },
    CommandInfo {
        name: "Duplicate",
        shortcut: Some("Ctrl+D"),
        menu: "Edit",
    },
    CommandInfo {
        name: "Delete",
        shortcut: Some("Delete"),
        menu: "Edit",
    },
    CommandInfo {
        name: "Select all",
        shortcut: Some("Ctrl+A"),
        menu: "Edit",
    },
    CommandInfo {
        name: "Quick add node",
        shortcut: Some("Ctrl+K"),
        menu: "Pipeline",
    },
    CommandInfo {
        name: "Auto-layout",
        shortcut: Some("Ctrl+L"),
        menu: "View",
    },
    CommandInfo {
        name: "Fit to view",
        shortcut: Some("F"),
        menu: "View",
    },
    CommandInfo {
        name: "Run",
        shortcut: Some("F5"),
        menu: "Pipeline",
    },
    CommandInfo {
        name: "Command palette",
        shortcut: Some("Ctrl+Shift+P"),
        menu: "Help",
    },
];
