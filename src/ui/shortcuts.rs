//! The keyboard shortcuts of the named actions, and the clipboard events, read once per frame.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::canvas::Canvas;
use super::view::Request;
use crate::app::{Action, Intent};
use crate::model::Pipeline;

/// The key that triggers `action`, if it has one.
pub fn shortcut(action: Action) -> Option<KeyboardShortcut> {
    let ctrl = Modifiers::COMMAND;
    let ctrl_shift = Modifiers::COMMAND | Modifiers::SHIFT;
    let none = Modifiers::NONE;
    let (modifiers, key) = match action {
        Action::NewPipeline => (ctrl, Key::N),
        Action::Open => (ctrl, Key::O),
        Action::Save => (ctrl, Key::S),
        Action::SaveAs => (ctrl_shift, Key::S),
        Action::ExportImage => (ctrl, Key::E),
        Action::Quit => (ctrl, Key::Q),
        Action::Undo => (ctrl, Key::Z),
        Action::Redo => (ctrl_shift, Key::Z),
        Action::Duplicate => (ctrl, Key::D),
        Action::Delete => (none, Key::Delete),
        Action::SelectAll => (ctrl, Key::A),
        Action::QuickAdd => (ctrl, Key::K),
        Action::Run => (none, Key::F5),
        Action::CancelRun => (Modifiers::SHIFT, Key::F5),
        Action::StopStream => (none, Key::F7),
        Action::CheckRequirements => (none, Key::F6),
        Action::AutoLayout => (ctrl, Key::L),
        Action::FitToView => (none, Key::F),
        Action::ZoomIn => (ctrl, Key::Plus),
        Action::ZoomOut => (ctrl, Key::Minus),
        Action::ActualSize => (ctrl, Key::Num0),
        Action::PresenterMode => (none, Key::F11),
        Action::CommandPalette => (ctrl_shift, Key::P),
        Action::NodeHelp => (none, Key::F1),
        // Copy, cut and paste arrive as clipboard events.
        Action::Copy | Action::Cut | Action::Paste | Action::ToggleTheme | Action::Deploy => {
            return None;
        }
    };
    Some(KeyboardShortcut::new(modifiers, key))
}

/// Actions whose keys would also type into a text field, so they wait while one has focus.
fn is_canvas_only(action: Action) -> bool {
    matches!(
        action,
        Action::Delete | Action::SelectAll | Action::FitToView | Action::Duplicate
    )
}

/// Reads the keyboard and the clipboard events once per frame, as requests.
pub fn collect(
    ctx: &egui::Context,
    canvas: &Canvas,
    document: &Pipeline,
    requests: &mut Vec<Request>,
) {
    let typing = ctx.egui_wants_keyboard_input();
    let mut pasted = None;
    ctx.input_mut(|input| {
        // Combinations with Shift first, so Ctrl+Shift+Z is not taken for Ctrl+Z.
        for with_shift in [true, false] {
            for command in crate::app::NAMED_COMMANDS {
                let action = command.action;
                let Some(shortcut) = shortcut(action).filter(|s| s.modifiers.shift == with_shift)
                else {
                    continue;
                };
                let waits_for_typing =
                    is_canvas_only(action) || matches!(action, Action::Undo | Action::Redo);
                if !(typing && waits_for_typing) && input.consume_shortcut(&shortcut) {
                    requests.push(Request::Action(action));
                }
            }
        }
        // Ctrl+= is Ctrl++ without Shift on most layouts.
        if input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals)) {
            requests.push(Request::Action(Action::ZoomIn));
        }
        if !typing {
            for event in &input.events {
                match event {
                    egui::Event::Copy => requests.push(Request::Action(Action::Copy)),
                    egui::Event::Cut => requests.push(Request::Action(Action::Cut)),
                    egui::Event::Paste(text) => pasted = Some(text.clone()),
                    _ => {}
                }
            }
            if input.key_pressed(Key::Backspace) && input.modifiers.is_none() {
                requests.push(Request::Action(Action::Delete));
            }
        }
    });
    if let Some(text) = pasted {
        let pointer = ctx.input(|i| i.pointer.hover_pos());
        let at = super::palette::paste_point(canvas, document, pointer);
        requests.push(Request::App(Intent::Paste { text, at }));
    }
}
