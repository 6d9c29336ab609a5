//! The Help window (F1, or a kind's "Help" in the palette): every help card, searchable and
//! grouped (node kinds, data-quality rules, requirement kinds, architecture choices), and the
//! chosen card with what it does, an example, its AWS counterpart and when to choose it.

use std::sync::OnceLock;

use egui::{RichText, Ui};

use super::view::ViewContext;
use crate::model::help::HelpCard;

/// What the Help window shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpView {
    /// The key of the card shown; the first card when `None`.
    pub key: Option<String>,
    pub search: String,
}

impl HelpView {
    /// The window opened on the card `key`.
    pub fn on(key: impl Into<String>) -> Self {
        Self {
            key: Some(key.into()),
            search: String::new(),
        }
    }
}

/// Every card, made once: they are the program's own text.
fn cards() -> &'static [HelpCard] {
    static CARDS: OnceLock<Vec<HelpCard>> = OnceLock::new();
    CARDS.get_or_init(crate::engine::help::every_card)
}

/// The group a card is listed under.
fn group(card: &HelpCard) -> &'static str {
    match card.key.split_once(':') {
        Some(("rule", _)) => "Data-quality rules",
        Some(("requirement", _)) => "Requirements",
        Some(("topic", _)) => "Architecture choices",
        _ => "Node kinds",
    }
}

const GROUPS: [&str; 4] = [
    "Architecture choices",
    "Node kinds",
    "Data-quality rules",
    "Requirements",
];

fn matches(card: &HelpCard, search: &str) -> bool {
    let haystack = format!("{} {} {} {}", card.title, card.key, card.aws, card.what).to_lowercase();
    search
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

pub fn show(context: &mut ViewContext<'_>, ctx: &egui::Context) {
    let Some(help) = context.view.help.as_mut() else {
        return;
    };
    let mut open = true;
    egui::Window::new("Help")
        .open(&mut open)
        .default_size([720.0, 480.0])
        .collapsible(false)
        .show(ctx, |ui| {
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(230.0);
                    ui.add(
                        egui::TextEdit::singleline(&mut help.search)
                            .hint_text("Search help…")
                            .desired_width(220.0),
                    );
                    egui::ScrollArea::vertical()
                        .id_salt("help-list")
                        .max_height(420.0)
                        .show(ui, |ui| list(ui, help));
                });
                ui.separator();
                ui.vertical(|ui| {
                    let shown = help
                        .key
                        .as_deref()
                        .and_then(|key| cards().iter().find(|c| c.key == key))
                        .or_else(|| cards().first());
                    if let Some(card) = shown {
                        egui::ScrollArea::vertical()
                            .id_salt("help-card")
                            .max_height(440.0)
                            .show(ui, |ui| card_view(ui, card));
                    }
                });
            });
        });
    if !open {
        context.view.help = None;
    }
}

fn list(ui: &mut Ui, help: &mut HelpView) {
    for heading in GROUPS {
        let listed: Vec<&HelpCard> = cards()
            .iter()
            .filter(|card| group(card) == heading && matches(card, &help.search))
            .collect();
        if listed.is_empty() {
            continue;
        }
        ui.label(RichText::new(heading).strong());
        for card in listed {
            let chosen = help.key.as_deref() == Some(card.key.as_str());
            if ui.selectable_label(chosen, &card.title).clicked() {
                help.key = Some(card.key.clone());
            }
        }
        ui.add_space(4.0);
    }
}

/// One card: its title, what it does, an example, AWS, when to choose it.
pub fn card_view(ui: &mut Ui, card: &HelpCard) {
    ui.heading(&card.title);
    ui.add_space(4.0);
    ui.label(&card.what);
    ui.add_space(6.0);
    ui.label(RichText::new("Example").strong());
    ui.label(RichText::new(&card.example).monospace());
    ui.add_space(6.0);
    ui.label(RichText::new("In AWS").strong());
    ui.label(&card.aws);
    ui.add_space(6.0);
    ui.label(RichText::new("When to choose it").strong());
    ui.label(&card.choose);
}
