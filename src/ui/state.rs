//! The window's own state: which tab is open, what is typed into search boxes and form fields,
//! the canvas' view, the popups. How things are shown, not what the pipeline is.

use std::collections::HashMap;

use egui::Pos2;

use super::canvas::Canvas;
use crate::model::Position;

/// The bottom panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BottomTab {
    Preview,
    Schema,
    Problems,
    Requirements,
    RunLog,
    Stream,
    Script,
    Text,
}

/// Which list the left panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeftTab {
    #[default]
    Palette,
    Outline,
    Catalog,
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
    /// The Help window, while it is open (F1).
    pub help: Option<super::help_window::HelpView>,
    pub dark: bool,
    pub presenter: bool,
    /// The text of the window's path prompt while it is open.
    pub path_text: Option<String>,
    /// The requirement whose path the canvas highlights.
    pub highlighted_requirement: Option<String>,
    /// The shopper typed in a recommend node's preview: a customer id or product codes.
    pub shopper: String,
    /// What is typed into the Deploy dialog.
    pub deploy: DeployForm,
}

/// The Deploy dialog's fields: the first settings, and whether unmet requirements are accepted.
#[derive(Debug, Default, Clone)]
pub struct DeployForm {
    pub bucket: String,
    pub role_arn: String,
    pub region: String,
    pub endpoint_url: String,
    pub accept_unmet: bool,
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
            help: None,
            shopper: String::new(),
            deploy: DeployForm::default(),
            dark: true,
            presenter: false,
            path_text: None,
            highlighted_requirement: None,
        }
    }
}

/// Texts typed into fields that are not (yet) values, with the reason.
#[derive(Debug, Default)]
pub struct InspectorState {
    /// (node, parameter) -> (the text typed, why it was refused; empty while not refused).
    pub(super) drafts: HashMap<(String, String), (String, String)>,
    pub(super) rename: Option<(String, String)>,
}

impl InspectorState {
    /// The session refused what was typed into a field: the text stays, with the reason.
    pub fn refused(&mut self, node: String, param: String, reason: String) {
        let typed = self
            .drafts
            .get(&(node.clone(), param.clone()))
            .map(|(text, _)| text.clone())
            .unwrap_or_default();
        self.drafts.insert((node, param), (typed, reason));
    }

    /// The session took what was typed into a field: the field shows the value again.
    pub fn taken(&mut self, node: &str, param: &str) {
        self.drafts.remove(&(node.to_string(), param.to_string()));
    }

    pub(super) fn typed(&mut self, key: (String, String), text: String) {
        self.drafts.insert(key, (text, String::new()));
    }
}

/// The quick-add box while it is open.
#[derive(Debug, Clone)]
pub struct QuickAdd {
    /// Where the node goes, in canvas units.
    pub at: Position,
    /// Where the box shows, on screen.
    pub screen: Pos2,
    pub search: String,
    pub highlighted: usize,
}

impl QuickAdd {
    pub fn new(at: Position, screen: Pos2) -> Self {
        Self {
            at,
            screen,
            search: String::new(),
            highlighted: 0,
        }
    }
}

/// The command palette while it is open.
#[derive(Debug, Clone, Default)]
pub struct CommandPalette {
    pub search: String,
    pub highlighted: usize,
}
