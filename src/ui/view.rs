//! What a view borrows for one frame: the session to read, the window's own view state to
//! change, and the list its requests go into. The designer applies the list once, after the
//! first layout pass of the frame.

use super::state::ViewState;
use crate::app::{Action, Intent, Session};

/// What a view asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Something for the session: an edit, a selection, an answer to a question.
    App(Intent),
    /// A named action: the window's own (zoom, themes, popups) or the session's.
    Action(Action),
    /// Select a node and bring it into view.
    Reveal(String),
}

/// What a view borrows for one frame.
pub struct ViewContext<'a> {
    pub session: &'a Session,
    pub view: &'a mut ViewState,
    requests: &'a mut Vec<Request>,
}

impl<'a> ViewContext<'a> {
    pub fn new(
        session: &'a Session,
        view: &'a mut ViewState,
        requests: &'a mut Vec<Request>,
    ) -> Self {
        Self {
            session,
            view,
            requests,
        }
    }

    /// Asks the session for something, at the end of the frame.
    pub fn ask(&mut self, intent: Intent) {
        self.requests.push(Request::App(intent));
    }

    /// Asks for a named action, at the end of the frame.
    pub fn perform(&mut self, action: Action) {
        self.requests.push(Request::Action(action));
    }

    /// Asks to select node `id` and bring it into view, at the end of the frame.
    pub fn reveal(&mut self, id: &str) {
        self.requests.push(Request::Reveal(id.to_string()));
    }

    /// The one node whose preview and inspector are shown.
    pub fn focused_node(&self) -> Option<String> {
        self.session.focused_node().map(str::to_string)
    }
}
