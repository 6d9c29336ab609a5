//! The designer window (egui): views that read the `app` session and push requests, applied
//! once per frame. Nothing here changes a pipeline except through the session.

pub mod canvas;
pub mod canvas_view;
pub mod command_palette;
pub mod designer;
pub mod dialogs;
pub mod export_image;
pub mod inspector;
pub mod layout;
pub mod outline;
pub mod palette;
pub mod preview_panel;
pub mod problems;
pub mod quick_add;
pub mod run_log;
pub mod screenshot;
pub mod search_list;
pub mod shortcuts;
pub mod style;
pub mod view;

use std::path::{Path, PathBuf};

pub use designer::{Designer, Startup};
pub use view::{BottomTab, Request, ViewState};

use crate::app::AppState;
use crate::model::file_format::{load_pipeline, parse_pipeline};
use crate::samples::bundled;

/// When the process started (as near as the program can tell: the first line of `main`).
static PROCESS_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Notes the process start; call first thing in `main`.
pub fn mark_process_start() {
    let _ = PROCESS_START.set(std::time::Instant::now());
}

/// With `SLUICE_REPORT_FIRST_FRAME` set, prints how long the first frame took to appear.
pub fn report_first_frame() {
    if std::env::var_os("SLUICE_REPORT_FIRST_FRAME").is_some()
        && let Some(start) = PROCESS_START.get()
    {
        eprintln!(
            "sluice: first frame {} ms after start",
            start.elapsed().as_millis()
        );
    }
}

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
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
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

/// `sluice export-image`: draws the pipeline's canvas into a PNG without a window. Nodes the
/// file gives no position are placed by the auto-layout, as the window places them.
pub fn export_image_file(pipeline: &Path, out: &Path, dark: bool) -> Result<(), String> {
    let (mut document, _) = load_pipeline(pipeline).map_err(|e| e.to_string())?;
    crate::model::auto_layout::place_unplaced(&mut document);
    export_image::export_png(&document, out, dark)
}
