//! The canvas panel: draws the document on the canvas and turns what the person did there into
//! requests (edits, a new selection, the end of a drag).

use super::state::BottomTab;
use super::view::ViewContext;
use crate::app::Intent;

pub fn show(context: &mut ViewContext<'_>, ui: &mut egui::Ui) {
    let session = context.session;
    let mut marks = session.marks();
    marks.highlighted = context
        .view
        .highlighted_requirement
        .as_deref()
        .and_then(|id| marks.requirements.iter().find(|r| r.id == id));
    let outcome = context.view.canvas.show(ui, session.document(), &marks);
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
