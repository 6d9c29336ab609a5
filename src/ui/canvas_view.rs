//! The canvas panel: draws the document on the canvas and turns what the person did there into
//! requests (edits, a new selection, the end of a drag).

use super::state::BottomTab;
use super::view::ViewContext;
use crate::app::Intent;

pub fn show(context: &mut ViewContext<'_>, ui: &mut egui::Ui) {
    let session = context.session;
    let outcome = context
        .view
        .canvas
        .show(ui, session.document(), &session.marks());
    if let Some(ids) = outcome.selection {
        context.ask(Intent::Select(ids));
    }
    for command in outcome.commands {
        context.ask(Intent::Edit(command));
    }
    if outcome.drag_ended {
        context.ask(Intent::CloseMerge);
    }
    if outcome.preview.is_some() {
        context.view.bottom_tab = BottomTab::Preview;
    }
}
