//! The window's look: category colours and icons, status badges, light/dark and presenter themes.

use egui::Color32;

use crate::app::NodeStatus;
use crate::model::{Category, PortType};

/// The colour of a category's node header and palette entries.
pub fn category_colour(category: Category) -> Color32 {
    match category {
        Category::Source => Color32::from_rgb(0x2f, 0x6f, 0xc0),
        Category::Crawler => Color32::from_rgb(0x1f, 0x8a, 0x8a),
        Category::Transform => Color32::from_rgb(0x6d, 0x4f, 0xb8),
        Category::Quality => Color32::from_rgb(0x2e, 0x8b, 0x3e),
        Category::Stream => Color32::from_rgb(0xc0, 0x6a, 0x1a),
        Category::Recommender => Color32::from_rgb(0xb0, 0x3a, 0x7a),
        Category::Sink => Color32::from_rgb(0x5a, 0x64, 0x70),
    }
}

/// The icon shown before a node's id and in the palette.
pub fn category_icon(category: Category) -> &'static str {
    match category {
        Category::Source => "📄",
        Category::Crawler => "🔍",
        Category::Transform => "⚙",
        Category::Quality => "✔",
        Category::Stream => "📡",
        Category::Recommender => "⭐",
        Category::Sink => "💾",
    }
}

/// The colour of a port (and of wires leaving it) by what it carries.
pub fn port_colour(port_type: PortType) -> Color32 {
    match port_type {
        PortType::Table => Color32::from_rgb(0x5b, 0xa8, 0xf0),
        PortType::Stream => Color32::from_rgb(0xf0, 0xa0, 0x40),
        PortType::Model => Color32::from_rgb(0xe0, 0x70, 0xc0),
        PortType::Catalog => Color32::from_rgb(0x70, 0xc8, 0x90),
    }
}

/// A node's badge on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Badge {
    Ok,
    Warning,
    Error,
    Blocked,
    Running,
    /// Not planned yet.
    Pending,
}

impl Badge {
    pub fn of(status: Option<&NodeStatus>, has_warning: bool, running: bool) -> Self {
        if running {
            return Self::Running;
        }
        match status {
            None => Self::Pending,
            Some(NodeStatus::Error(_)) => Self::Error,
            Some(NodeStatus::Blocked(_)) => Self::Blocked,
            Some(NodeStatus::Ok) if has_warning => Self::Warning,
            Some(NodeStatus::Ok) => Self::Ok,
        }
    }

    pub fn glyph(self) -> &'static str {
        match self {
            Self::Ok => "✔",
            Self::Warning => "⚠",
            Self::Error => "✖",
            Self::Blocked => "⏸",
            Self::Running => "⟳",
            Self::Pending => "…",
        }
    }

    pub fn colour(self) -> Color32 {
        match self {
            Self::Ok => Color32::from_rgb(0x4c, 0xc0, 0x6a),
            Self::Warning => Color32::from_rgb(0xe8, 0xb8, 0x30),
            Self::Error => Color32::from_rgb(0xe8, 0x50, 0x50),
            Self::Blocked => Color32::from_rgb(0x90, 0x90, 0x98),
            Self::Running => Color32::from_rgb(0x50, 0xa8, 0xf0),
            Self::Pending => Color32::from_rgb(0x90, 0x90, 0x98),
        }
    }

    /// The word for tooltips and tests: "ok", "error"…
    pub fn word(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warning => "warning",
            Self::Error => "error",
            Self::Blocked => "blocked",
            Self::Running => "running",
            Self::Pending => "checking",
        }
    }
}

/// The colour that marks selected nodes.
pub const SELECTION_COLOUR: Color32 = Color32::from_rgb(0xff, 0xc8, 0x3d);

/// The colour that outlines the nodes on a highlighted requirement's path.
pub const PATH_COLOUR: Color32 = Color32::from_rgb(0x3d, 0xc8, 0xe8);

/// The colour of a requirement's status.
pub fn requirement_colour(status: crate::engine::requirements::RequirementStatus) -> Color32 {
    use crate::engine::requirements::RequirementStatus;
    match status {
        RequirementStatus::Pass => Color32::from_rgb(0x5c, 0xc0, 0x70),
        RequirementStatus::Unmeasured => Color32::from_rgb(0x90, 0x98, 0xa8),
        RequirementStatus::Warn => Color32::from_rgb(0xe8, 0xb8, 0x30),
        RequirementStatus::Fail => Color32::from_rgb(0xe8, 0x60, 0x60),
    }
}

/// The colour of a lesson check: done, not done, not known yet.
pub fn check_colour(status: &crate::engine::lesson::CheckStatus) -> Color32 {
    use crate::engine::lesson::CheckStatus;
    match status {
        CheckStatus::Passed => Color32::from_rgb(0x5c, 0xc0, 0x70),
        CheckStatus::Failed(_) => Color32::from_rgb(0xe8, 0x60, 0x60),
        CheckStatus::Waiting(_) => Color32::from_rgb(0x90, 0x98, 0xa8),
    }
}

/// Applies the theme: dark or light, and presenter mode (bigger text, stronger contrast).
pub fn apply_theme(ctx: &egui::Context, dark: bool, presenter: bool) {
    let theme = if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    };
    ctx.set_theme(theme);
    ctx.set_zoom_factor(if presenter { 1.35 } else { 1.0 });
    // Ctrl +, Ctrl - and Ctrl 0 zoom the canvas, not the whole window (presenter mode does that).
    ctx.options_mut(|options| options.zoom_with_keyboard = false);
    ctx.all_styles_mut(|style| {
        style.visuals.window_corner_radius = egui::CornerRadius::same(6);
        if presenter {
            style.visuals.override_text_color =
                Some(if dark { Color32::WHITE } else { Color32::BLACK });
        } else {
            style.visuals.override_text_color = None;
        }
    });
}

/// Thousands separators for row counts: 1,234,567.
pub fn grouped(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
