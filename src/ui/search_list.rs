//! The search box over a list that quick add and the command palette share: typing filters,
//! arrows move the highlight, Enter picks, Escape closes.

use egui::{Key, Ui};

/// What the keyboard asked of the list this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKey {
    None,
    Pick(usize),
    Close,
}

/// Draws the focused search box; resets the highlight when the text changes.
pub fn search_box(ui: &mut Ui, id: &str, hint: &str, text: &mut String, highlighted: &mut usize) {
    let response = ui.add(
        egui::TextEdit::singleline(text)
            .id(egui::Id::new(id))
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    );
    response.request_focus();
    if response.changed() {
        *highlighted = 0;
    }
}

/// Moves the highlight over `count` entries and reports Enter or Escape.
pub fn keys(ui: &Ui, highlighted: &mut usize, count: usize) -> ListKey {
    ui.input(|i| {
        if i.key_pressed(Key::ArrowDown) {
            *highlighted = (*highlighted + 1).min(count.saturating_sub(1));
        }
        if i.key_pressed(Key::ArrowUp) {
            *highlighted = highlighted.saturating_sub(1);
        }
        if i.key_pressed(Key::Escape) {
            ListKey::Close
        } else if i.key_pressed(Key::Enter) && *highlighted < count {
            ListKey::Pick(*highlighted)
        } else {
            ListKey::None
        }
    })
}
