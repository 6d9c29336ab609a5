//! Actions by name: what each menu entry, shortcut and command-palette line does, and the
//! keyboard shortcuts that trigger them.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::Designer;
use super::canvas::ViewRequest;
use super::designer::Discarding;
use super::file_tasks::AfterSave;
use crate::app::{Action, Command};

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
        Action::AutoLayout => (ctrl, Key::L),
        Action::FitToView => (none, Key::F),
        Action::ZoomIn => (ctrl, Key::Plus),
        Action::ZoomOut => (ctrl, Key::Minus),
        Action::ActualSize => (ctrl, Key::Num0),
        Action::PresenterMode => (none, Key::F11),
        Action::CommandPalette => (ctrl_shift, Key::P),
        Action::NodeHelp => (none, Key::F1),
        // Copy, cut and paste arrive as clipboard events.
        Action::Copy | Action::Cut | Action::Paste | Action::ToggleTheme => return None,
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

/// Checks the keyboard and the clipboard events once per frame.
pub fn handle(designer: &mut Designer, ctx: &egui::Context) {
    let typing = ctx.egui_wants_keyboard_input();
    let mut triggered = Vec::new();
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
                    triggered.push(action);
                }
            }
        }
        // Ctrl+= is Ctrl++ without Shift on most layouts.
        if input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals)) {
            triggered.push(Action::ZoomIn);
        }
        if !typing {
            for event in &input.events {
                match event {
                    egui::Event::Copy => triggered.push(Action::Copy),
                    egui::Event::Cut => triggered.push(Action::Cut),
                    egui::Event::Paste(text) => designer.clipboard_in = Some(text.clone()),
                    _ => {}
                }
            }
            if input.key_pressed(Key::Backspace) && input.modifiers.is_none() {
                triggered.push(Action::Delete);
            }
        }
    });
    for action in triggered {
        perform(designer, ctx, action);
    }
    if let Some(text) = designer.clipboard_in.take() {
        let at = designer.paste_point(ctx);
        designer.apply(Command::Paste { text, at });
    }
}

impl Designer {
    /// Where pasted nodes go: under the pointer when it is over the canvas, else the view's middle.
    pub fn paste_point(&self, ctx: &egui::Context) -> crate::model::Position {
        match ctx.input(|i| i.pointer.hover_pos()) {
            Some(pointer) if self.canvas.screen_rect.contains(pointer) => {
                self.canvas.to_canvas(pointer)
            }
            _ => super::palette::drop_point(self),
        }
    }
}

/// Replaces the work (New, Open, Close) at once when it is saved; otherwise asks first.
pub fn unless_unsaved(designer: &mut Designer, ctx: &egui::Context, discarding: Discarding) {
    if designer.is_dirty() {
        designer.discard_prompt = Some(discarding);
    } else {
        discard_and(designer, ctx, discarding);
    }
}

/// Does what replaces the current work.
pub fn discard_and(designer: &mut Designer, ctx: &egui::Context, discarding: Discarding) {
    if designer.replaying {
        return;
    }
    match discarding {
        Discarding::Close => {
            designer.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        Discarding::New => {
            designer.replace_state(crate::app::AppState::new(Default::default()));
        }
        Discarding::Open(Some(path)) => designer.open_path(path),
        Discarding::Open(None) => {
            let folder = designer.dialog_folder();
            designer.ask_path(super::path_prompt::PathPurpose::Open, folder, String::new());
        }
    }
}

/// Does what `action` names.
pub fn perform(designer: &mut Designer, ctx: &egui::Context, action: Action) {
    if designer.replaying {
        return;
    }
    let selection: Vec<String> = designer.state.selection.iter().cloned().collect();
    match action {
        Action::NewPipeline => unless_unsaved(designer, ctx, Discarding::New),
        Action::Open => unless_unsaved(designer, ctx, Discarding::Open(None)),
        Action::Save => designer.save(AfterSave::Nothing),
        Action::SaveAs => designer.save_as(AfterSave::Nothing),
        Action::ExportImage => {
            let name = designer.file_name_or("pipeline");
            let name = format!(
                "{}.png",
                name.trim_end_matches(".toml").trim_end_matches(".sluice")
            );
            let folder = designer.dialog_folder();
            designer.ask_path(super::path_prompt::PathPurpose::Export, folder, name);
        }
        Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        Action::Undo => {
            designer.apply(Command::Undo);
        }
        Action::Redo => {
            designer.apply(Command::Redo);
        }
        Action::Copy | Action::Cut => {
            if selection.is_empty() {
                return;
            }
            ctx.copy_text(designer.state.copy_text(&selection));
            if action == Action::Cut {
                designer.apply(Command::RemoveNodes(selection));
            }
        }
        // The platform answers with a paste event, handled like Ctrl+V.
        Action::Paste => ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste),
        Action::Duplicate => {
            if !selection.is_empty() {
                designer.apply(Command::DuplicateNodes(selection));
            }
        }
        Action::Delete => {
            if !selection.is_empty() {
                designer.apply(Command::RemoveNodes(selection));
            }
        }
        Action::SelectAll => {
            let all = designer
                .state
                .document
                .nodes
                .iter()
                .map(|n| n.id.to_string())
                .collect();
            let _ = designer.try_apply(Command::Select(all));
        }
        Action::QuickAdd => {
            let at = designer.paste_point(ctx);
            let screen = ctx
                .input(|i| i.pointer.hover_pos())
                .unwrap_or_else(|| designer.canvas.screen_rect.center());
            designer.quick_add = Some(super::quick_add::QuickAdd::new(at, screen));
        }
        Action::Run => designer.start_run(ctx),
        Action::CancelRun => {
            if let Some(run) = &designer.run {
                run.cancel();
                designer.tell("Cancelling after the node that is running…", false);
            }
        }
        Action::AutoLayout => {
            designer.apply(Command::AutoLayout);
            designer.canvas.view_request = Some(ViewRequest::FitAll);
        }
        Action::FitToView => designer.canvas.view_request = Some(ViewRequest::FitAll),
        Action::ZoomIn => designer.canvas.view_request = Some(ViewRequest::Zoom(1.25)),
        Action::ZoomOut => designer.canvas.view_request = Some(ViewRequest::Zoom(0.8)),
        Action::ActualSize => {
            let centre = designer.canvas.visible_centre();
            designer.canvas.view_request = Some(ViewRequest::ActualSize(centre));
        }
        Action::ToggleTheme => designer.dark = !designer.dark,
        Action::PresenterMode => designer.presenter = !designer.presenter,
        Action::CommandPalette => {
            designer.command_palette = Some(super::command_palette::CommandPalette::default());
        }
        Action::NodeHelp => designer.show_help = !designer.show_help,
    }
}
