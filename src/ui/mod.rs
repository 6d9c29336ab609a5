//! The designer window (egui): views that read the `app` session and push requests, applied
//! once per frame. Nothing here changes a pipeline except through the session.

pub mod canvas;
pub mod canvas_view;
pub mod catalog_panel;
pub mod command_palette;
pub mod deploy_dialog;
pub mod designer;
pub mod dialogs;
pub mod error;
pub mod export_image;
pub mod export_svg;
pub mod first_frame;
pub mod handout;
pub mod help_window;
pub mod inspector;
pub mod layout;
pub mod lesson_panel;
pub mod outline;
pub mod palette;
pub mod preview_panel;
pub mod problems;
pub mod quick_add;
pub mod requirements_panel;
pub mod run_log;
pub mod screenshot;
pub mod script_panel;
pub mod search_list;
pub mod shortcuts;
pub mod state;
pub mod stream_panel;
pub mod style;
pub mod view;

use std::path::{Path, PathBuf};

pub use designer::{Designer, Startup};
pub use error::PictureError;
pub use state::{BottomTab, ViewState};
pub use view::Request;

use crate::app::AppState;
use crate::model::file_format::{load_pipeline, parse_pipeline};
use crate::samples::bundled;

/// What the window opens on.
pub enum Opening {
    /// An untitled copy of the recommender sample.
    Sample,
    File(PathBuf),
}

/// The state the window starts with, and a problem to show if the file could not be opened.
pub fn initial_state(opening: &Opening) -> (AppState, Option<String>) {
    match opening {
        Opening::Sample => match parse_pipeline(bundled::RECOMMENDER_PIPELINE) {
            Ok((document, _)) => (
                AppState::untitled_in(document, bundled::recommender_folder()),
                None,
            ),
            Err(error) => (
                AppState::new(Default::default()),
                Some(format!("The bundled sample cannot be read: {error}")),
            ),
        },
        Opening::File(path) => match load_pipeline(path) {
            Ok((document, _)) => (AppState::opened(document, path.clone()), None),
            Err(error) => (
                AppState::new(Default::default()),
                Some(format!("Cannot open {}: {error}", path.display())),
            ),
        },
    }
}

/// The application's icon, drawn from `assets/sluice.svg` (see `scripts/render-icons.sh`).
const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/sluice-256.png");

/// The window's icon.
pub fn window_icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(ICON_PNG).ok()
}

/// Opens the designer window and returns when it closes.
pub fn run_window(opening: Opening, screenshot: Option<PathBuf>) -> Result<(), String> {
    let no_display = ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
        .iter()
        .all(|name| std::env::var_os(name).is_none_or(|v| v.is_empty()));
    if cfg!(target_os = "linux") && no_display {
        return Err(
            "there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY \
                    are not set); run it from a desktop session, or use the command line \
                    (`sluice --help`), which needs none"
                .into(),
        );
    }
    let (state, notice) = initial_state(&opening);
    let startup = Startup {
        state,
        notice,
        config_dir: crate::app::files::config_dir(),
        screenshot,
    };
    let mut viewport = egui::ViewportBuilder::default();
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_inner_size([1400.0, 860.0])
            .with_min_inner_size([800.0, 500.0])
            .with_title("Sluice")
            .with_app_id("sluice"),
        ..Default::default()
    };
    eframe::run_native(
        "Sluice",
        options,
        Box::new(move |cc| Ok(Box::new(Designer::new(&cc.egui_ctx, startup)))),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}

/// `sluice export-image`: draws the pipeline's canvas into a PNG, or an SVG when `out` ends in
/// `.svg`, without a window. Nodes the file gives no position are placed by the auto-layout, as
/// the window places them.
pub fn export_image_file(pipeline: &Path, out: &Path, dark: bool) -> Result<(), PictureError> {
    let (mut document, _) = load_pipeline(pipeline)?;
    crate::model::auto_layout::place_unplaced(&mut document);
    export_picture(&document, out, dark)
}

/// Draws `document`'s canvas into `out`: SVG when its name ends in `.svg`, else PNG.
pub fn export_picture(
    document: &crate::model::Pipeline,
    out: &Path,
    dark: bool,
) -> Result<(), PictureError> {
    let svg = out
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("svg"));
    if svg {
        export_svg::export_svg(document, out, dark)
    } else {
        export_image::export_png(document, out, dark)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_icon_is_a_square_picture_and_the_desktop_entry_names_it() {
        let icon = super::window_icon().expect("the icon decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
        let entry = include_str!("../../assets/sluice.desktop");
        for line in [
            "Icon=sluice",
            "Exec=sluice open %f",
            "StartupWMClass=sluice",
        ] {
            assert!(entry.lines().any(|l| l == line), "{line}");
        }
    }
}
