//! What a view borrows for one frame: the session to read, the window's own view state to
//! change, and the list its requests go into. The designer applies the list once, after the
//! first layout pass of the frame.

use super::canvas::Canvas;
use super::command_palette::CommandPalette;
use super::inspector::InspectorState;
use super::quick_add::QuickAdd;
use crate::app::{Action, Intent, Session};

/// The bottom panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BottomTab {
    Preview,
    Schema,
    Problems,
    RunLog,
    Text,
}

/// Which list the left panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeftTab {
    #[default]
    Palette,
    Outline,
}

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

/// The window's own state: how things are shown, not what the pipeline is.
pub struct ViewState {
    pub canvas: Canvas,
    pub bottom_tab: BottomTab,
    pub left_tab: LeftTab,
    pub palette_search: String,
    pub outline_filter: String,
    pub quick_add: Option<QuickAdd>,
    pub command_palette: Option<CommandPalette>,
    pub inspector: InspectorState,
    /// The help card is open (F1).
    pub show_help: bool,
    pub dark: bool,
    pub presenter: bool,
    /// The text of the window's path prompt while it is open.
    pub path_text: Option<String>,
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            canvas: Canvas::default(),
            bottom_tab: BottomTab::Preview,
            left_tab: LeftTab::default(),
            palette_search: String::new(),
            outline_filter: String::new(),
            quick_add: None,
            command_palette: None,
            inspector: InspectorState::default(),
            show_help: false,
            dark: true,
            presenter: false,
            path_text: None,
        }
    }
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
